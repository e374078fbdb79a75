"""Finding a case: by the applicant's name anywhere in it, ID or credit code, phone, case number,
letter number or words of the request — on SQLite (FTS5) and PostgreSQL (full text) alike.

Chinese has no spaces between words, so the text is cut the way CJK search engines cut it:
every run of Han characters becomes its overlapping pairs (王建国 → 王建 建国; a single
character stays as it is), every run of letters or digits one lower-case token
(HN-SW-2026-00003 → hn sw 2026 00003).  A query is cut the same way and matched as a phrase
(the pairs in a row), the last token as a prefix; so 建国 finds 王建国, 2026-00003 finds
HN-SW-2026-00003, 1380000 finds the phones starting with it.  Identifiers and phones are also
indexed by their last four and six characters (the part people read out).

The tokens are stored in `SearchEntry.document`; SQLite indexes them in an FTS5 table kept in
step by triggers, PostgreSQL in a stored generated column ``tsv = to_tsvector('simple',
document)`` with a GIN index (its 'simple' configuration neither stems nor drops words, so the
tokens stay as cut here; storing the vector spares recomputing it when a phrase is checked).
On PostgreSQL the matching ids are found first (``OFFSET 0`` keeps the planner from folding the
search into a walk of the whole table in list order, which it chose for common words: 1 s → 50 ms
at 200,000 cases).
The actions write the entry (`actions.base.index`) in the same transaction as the change.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .models import Application, Document

FTS_TABLE = "casework_search_fts"
MAX_QUERY = 100  # characters of a query that are used
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_HAN}]+|[0-9a-z]+")


def tokens(text: str) -> list[str]:
    """The search tokens of `text`, in order (Han runs as overlapping pairs, alphanumerics whole)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    out: list[str] = []
    for run in _RUNS.findall(text):
        if run[0].isascii() or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def _tails(value: str) -> list[str]:
    v = re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", value or "").lower())
    return [v[-n:] for n in (4, 6) if len(v) > n]


def document_of(app: Application, letter_numbers: list[str] | None = None) -> str:
    """The token text a case is found by."""
    if letter_numbers is None:
        letter_numbers = list(Document.objects.filter(application_id=app.pk).exclude(number="")
                              .values_list("number", flat=True)) if app.pk else []
    parts = [app.number, app.applicant_name, app.identifier, app.contact_phone, app.contact_email,
             *letter_numbers, app.information_requested]
    toks: list[str] = []
    for p in parts:
        toks.extend(tokens(p))
    toks += _tails(app.identifier) + _tails(app.contact_phone)
    return " ".join(toks)


def _phrases(query: str) -> list[list[str]]:
    """The query as phrases of tokens (words the user separated by spaces are separate phrases)."""
    query = (query or "")[:MAX_QUERY]
    return [t for t in (tokens(w) for w in query.split()) if t]


def _fts5(phrases: list[list[str]]) -> str:
    # every token is [0-9a-z]+ or Han characters: safe inside double quotes
    return " AND ".join(f'"{" ".join(p)}"*' for p in phrases)


def _tsquery(phrases: list[list[str]]) -> str:
    def phrase(p: list[str]) -> str:
        parts = [f"'{t}'" for t in p]
        parts[-1] += ":*"
        return "(" + " <-> ".join(parts) + ")"

    return " & ".join(phrase(p) for p in phrases)


MANY = 2000  # hits above which a list of them is walked in id order (see selectors.case_list)


def has_many_hits(query: str, many: int = MANY) -> bool:
    """Whether `query`, a single word, matches more than `many` cases (counts at most many + 1).

    Only a one-token query is counted: its hits come straight from the index.  A phrase (several
    tokens) is checked position by position on every candidate, which costs as much as the
    search itself — counting would double it — and phrases are specific: reported as few."""
    phrases = _phrases(query)
    if not phrases:
        return True
    if len(phrases) > 1 or len(phrases[0]) > 1:
        return False
    if connection.vendor == "postgresql":
        sql = ("SELECT count(*) FROM (SELECT 1 FROM casework_searchentry "
               "WHERE tsv @@ to_tsquery('simple', %s) LIMIT %s) AS hits")
        params = [_tsquery(phrases), many + 1]
    elif connection.vendor == "sqlite":
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)"
        params = [_fts5(phrases), many + 1]
    else:
        return True
    with connection.cursor() as c:
        c.execute(sql, params)
        return c.fetchone()[0] > many


def matching(qs: QuerySet[Application], query: str) -> QuerySet[Application]:
    """`qs` narrowed to the cases whose search entry matches `query` (unchanged when it has no words)."""
    phrases = _phrases(query)
    if not phrases:
        return qs
    if connection.vendor == "postgresql":
        sql = ("SELECT application_id FROM (SELECT application_id FROM casework_searchentry "
               "WHERE tsv @@ to_tsquery('simple', %s) OFFSET 0) AS found")
        return qs.filter(pk__in=RawSQL(sql, [_tsquery(phrases)]))
    if connection.vendor == "sqlite":
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return qs.filter(pk__in=RawSQL(sql, [_fts5(phrases)]))
    needle = " ".join(" ".join(p) for p in phrases)  # other databases: a plain scan of the tokens
    return qs.filter(search_entry__document__contains=needle)


# --- the database side (migration 0007 and the bulk loader call these) --------------------------
SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(document, content='casework_searchentry', "
    "content_rowid='application_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    f"CREATE TRIGGER IF NOT EXISTS casework_search_ai AFTER INSERT ON casework_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, document) VALUES (new.application_id, new.document); END",
    f"CREATE TRIGGER IF NOT EXISTS casework_search_ad AFTER DELETE ON casework_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, document) VALUES ('delete', old.application_id, old.document); END",
    f"CREATE TRIGGER IF NOT EXISTS casework_search_au AFTER UPDATE ON casework_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, document) VALUES ('delete', old.application_id, old.document); "
    f"INSERT INTO {FTS_TABLE}(rowid, document) VALUES (new.application_id, new.document); END",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS casework_search_ai", "DROP TRIGGER IF EXISTS casework_search_ad",
    "DROP TRIGGER IF EXISTS casework_search_au", f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_SETUP = [
    "ALTER TABLE casework_searchentry ADD COLUMN IF NOT EXISTS tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', document)) STORED",
    "CREATE INDEX IF NOT EXISTS casework_search_tsv ON casework_searchentry USING gin (tsv)",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS casework_search_tsv",
                     "ALTER TABLE casework_searchentry DROP COLUMN IF EXISTS tsv"]


def setup_database(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_SETUP if vendor == "sqlite" else POSTGRES_SETUP if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def teardown_database(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_TEARDOWN if vendor == "sqlite" else POSTGRES_TEARDOWN if vendor == "postgresql" else []:
        schema_editor.execute(sql)
