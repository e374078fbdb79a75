# The case list's ordering key, never null, with a partial index over open cases.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0002_letter_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="sort_on",
            field=models.DateField(null=True, verbose_name="排序日期"),
        ),
        migrations.RunSQL(
            "UPDATE casework_application SET sort_on = COALESCE(due_on, waiting_until, received_on)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="application",
            name="sort_on",
            field=models.DateField(verbose_name="排序日期"),
        ),
        migrations.RemoveIndex(model_name="application", name="app_agency_status_due"),
        migrations.RemoveIndex(model_name="application", name="app_assignee_status_due"),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["agency", "status", "sort_on"], name="app_agency_status_sort"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status__in", ("received", "correction", "consultation", "fee_pending"))),
                fields=["sort_on", "agency"],
                name="app_open_sort",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["assignee", "status", "sort_on"], name="app_assignee_status_sort"),
        ),
    ]
