"""Full-text search over Item.search_text: an FTS5 table kept by triggers on SQLite, a GIN
expression index on PostgreSQL (the expression `selectors.matching` queries with)."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE publishing_item_fts USING fts5("
    "search_text, content='publishing_item', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER publishing_item_fts_ai AFTER INSERT ON publishing_item BEGIN "
    "INSERT INTO publishing_item_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER publishing_item_fts_ad AFTER DELETE ON publishing_item BEGIN "
    "INSERT INTO publishing_item_fts(publishing_item_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER publishing_item_fts_au AFTER UPDATE OF search_text ON publishing_item BEGIN "
    "INSERT INTO publishing_item_fts(publishing_item_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO publishing_item_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO publishing_item_fts(publishing_item_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS publishing_item_fts_au",
    "DROP TRIGGER IF EXISTS publishing_item_fts_ad",
    "DROP TRIGGER IF EXISTS publishing_item_fts_ai",
    "DROP TABLE IF EXISTS publishing_item_fts",
]
POSTGRES_UP = ["CREATE INDEX publishing_item_search_gin ON publishing_item "
               "USING gin (to_tsvector('simple'::regconfig, search_text))"]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS publishing_item_search_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
                             _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})),
    ]
