"""The search index: an FTS5 table kept by triggers on SQLite, a GIN full-text index on
PostgreSQL (gongkai.casework.search), filled for the cases already stored."""

from django.db import migrations


def forward(apps, schema_editor):
    from gongkai.casework import search

    search.setup_database(schema_editor)
    Application = apps.get_model("casework", "Application")
    SearchEntry = apps.get_model("casework", "SearchEntry")
    Document = apps.get_model("casework", "Document")
    numbers = {}
    for app_id, number in Document.objects.exclude(number="").values_list("application_id", "number"):
        numbers.setdefault(app_id, []).append(number)
    batch = []
    for app in Application.objects.all().iterator(chunk_size=2000):
        batch.append(SearchEntry(application_id=app.pk, document=search.document_of(app, numbers.get(app.pk, []))))
        if len(batch) >= 2000:
            SearchEntry.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    SearchEntry.objects.bulk_create(batch, ignore_conflicts=True)


def backward(apps, schema_editor):
    from gongkai.casework import search

    search.teardown_database(schema_editor)


class Migration(migrations.Migration):

    dependencies = [("casework", "0007_shared_vocabulary_agency_numbers")]

    operations = [migrations.RunPython(forward, backward)]
