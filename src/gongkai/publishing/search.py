"""Full-text search for Chinese without a word list: overlapping character bigrams.

Chinese is written without spaces, and a search box gets two-character words as often as
longer ones.  Each run of CJK characters is indexed as its overlapping bigrams plus its last
character (``财政预算`` → ``财政 政预 预算 算``); runs of letters and digits are indexed as
lower-cased words.  A query is turned the same way into a phrase of bigrams per run, so a
match is a substring match inside a run; several words in the box must all match.  One
character alone matches as a prefix (``预*``: every bigram starting with it, or the run's last
character).  The same text feeds SQLite FTS5 (unicode61 tokenizer) and PostgreSQL full text
(``to_tsvector('simple', …)``), so both find the same items.

Pure Python: ``index_text(*fields)`` for storage, ``fts5_query(q)`` / ``tsquery(q)`` for the
database's own syntax (``None`` when the query has nothing searchable).
"""

from __future__ import annotations

import re
import unicodedata

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
MAX_QUERY = 100  # characters of a query that are looked at
MAX_INDEXED = 200_000  # characters of an item's text that are indexed


def _runs(text: str) -> list[str]:
    return _RUN.findall(unicodedata.normalize("NFKC", text or "").lower())


def _is_cjk(run: str) -> bool:
    return run[0] >= "\u3400"


def index_text(*fields: str) -> str:
    """The text to store for an item: every field's tokens, space separated.  Fields are joined by
    a line break, so no run (and no bigram) crosses from one field into the next."""
    out: list[str] = []
    for run in _runs("\n".join(f for f in fields if f)[:MAX_INDEXED]):
        if len(run) > 1 and _is_cjk(run):
            out.extend(map(str.__add__, run, run[1:]))  # the overlapping bigrams
        out.append(run[-1] if _is_cjk(run) else run)
    return " ".join(out)


def query_terms(q: str) -> list[tuple[str, ...]]:
    """The query as terms; each term a tuple of tokens that must follow each other (a phrase),
    or a 1-tuple ending in ``*`` for a prefix."""
    terms = []
    for run in _runs((q or "")[:MAX_QUERY]):
        if _is_cjk(run) and len(run) == 1:
            terms.append((run + "*",))
        elif _is_cjk(run):
            terms.append(tuple(run[i:i + 2] for i in range(len(run) - 1)))
        else:
            terms.append((run,))
    return terms[:10]


def _render(q: str, phrase, prefix, join: str) -> str | None:
    parts = [prefix(term[0][:-1]) if term[0].endswith("*") else phrase(term) for term in query_terms(q)]
    return join.join(parts) or None


def fts5_query(q: str) -> str | None:
    """SQLite FTS5 MATCH syntax: phrases in double quotes (never operators), ANDed."""
    return _render(q, lambda t: '"' + " ".join(t) + '"', lambda p: f'"{p}"*', " AND ")


def tsquery(q: str) -> str | None:
    """PostgreSQL to_tsquery('simple', …) syntax: ``<->`` phrases, ``:*`` prefixes, ``&``."""
    return _render(q, lambda t: "(" + " <-> ".join(t) + ")", lambda p: f"{p}:*", " & ")
