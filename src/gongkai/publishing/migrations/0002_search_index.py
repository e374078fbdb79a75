"""Full-text search over Item.search_text, kept by triggers so every writer (actions, bulk
imports, benchmarks) keeps it: on SQLite an external-content FTS5 table, on PostgreSQL a side
table of tsvectors with a GIN index.  Both are queried the same way (`selectors.matching`):
item ids IN (the ids that match), so the list's own index still gives the order.  The side table
on PostgreSQL keeps the tsvector computed once, not per row scanned, and out of the item rows."""

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
POSTGRES_UP = [
    "CREATE TABLE publishing_item_tsv (item_id bigint PRIMARY KEY, tsv tsvector NOT NULL)",
    "CREATE INDEX publishing_item_tsv_gin ON publishing_item_tsv USING gin (tsv)",
    "CREATE FUNCTION publishing_item_tsv_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'DELETE' THEN DELETE FROM publishing_item_tsv WHERE item_id = OLD.id; RETURN NULL; END IF; "
    "INSERT INTO publishing_item_tsv (item_id, tsv) VALUES (NEW.id, to_tsvector('simple'::regconfig, NEW.search_text)) "
    "ON CONFLICT (item_id) DO UPDATE SET tsv = EXCLUDED.tsv; RETURN NULL; END $$",
    "CREATE FUNCTION publishing_item_tsv_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "TRUNCATE publishing_item_tsv; RETURN NULL; END $$",
    "CREATE TRIGGER publishing_item_tsv_ins AFTER INSERT ON publishing_item "
    "FOR EACH ROW EXECUTE FUNCTION publishing_item_tsv_sync()",
    "CREATE TRIGGER publishing_item_tsv_upd AFTER UPDATE OF search_text ON publishing_item "
    "FOR EACH ROW EXECUTE FUNCTION publishing_item_tsv_sync()",
    "CREATE TRIGGER publishing_item_tsv_del AFTER DELETE ON publishing_item "
    "FOR EACH ROW EXECUTE FUNCTION publishing_item_tsv_sync()",
    "CREATE TRIGGER publishing_item_tsv_trunc AFTER TRUNCATE ON publishing_item "
    "FOR EACH STATEMENT EXECUTE FUNCTION publishing_item_tsv_truncate()",
    "INSERT INTO publishing_item_tsv (item_id, tsv) "
    "SELECT id, to_tsvector('simple'::regconfig, search_text) FROM publishing_item",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS publishing_item_tsv_trunc ON publishing_item",
    "DROP TRIGGER IF EXISTS publishing_item_tsv_del ON publishing_item",
    "DROP TRIGGER IF EXISTS publishing_item_tsv_upd ON publishing_item",
    "DROP TRIGGER IF EXISTS publishing_item_tsv_ins ON publishing_item",
    "DROP FUNCTION IF EXISTS publishing_item_tsv_truncate()",
    "DROP FUNCTION IF EXISTS publishing_item_tsv_sync()",
    "DROP TABLE IF EXISTS publishing_item_tsv",
]


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
