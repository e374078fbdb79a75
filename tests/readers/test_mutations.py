"""Mutations of real reports: whatever is done to a document, no wrong number is presented
as certain, and nothing with cells unread is called 通过.

Each example takes a corpus document (or a family fixture) and does one thing a converter,
a careless copy or a bad scan does to a report — deletes a table, cuts lines, wraps the
title, splits a row label, garbles one number — then reads it.  Allowed outcomes: a refusal
(ReaderError), unknown cells, cells the reader marked as uncertain inferences; every other
cell must equal what the mutated document says (the truth, or the garbled number where it
was garbled), blank-ness included, and the year must be the truth's.

The PDF of the corpus is left out: mutating a PDF is not a text edit.  CI runs a fixed sample
(``derandomize``); ``GONGKAI_MUTATIONS=2000 pytest tests/readers/test_mutations.py`` runs more.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import CORPUS
from gongkai import checks, interchange
from gongkai.cli import status
from gongkai.readers import ReaderError, read_bytes

FAMILIES = Path(__file__).parent / "fixtures" / "families"
DOCS = {  # name -> (document, truth)
    "haining": (CORPUS / "haining-commerce-2019.txt", CORPUS / "haining-commerce-2019.truth.json"),
    "pingtan": (CORPUS / "pingtan-2020.txt", CORPUS / "pingtan-2020.truth.json"),
    "sanming": (CORPUS / "sanming-2022.txt", CORPUS / "sanming-2022.truth.json"),
    "shuyang": (CORPUS / "shuyang-county-2025.txt", CORPUS / "shuyang-county-2025.truth.json"),
    "shanghai": (CORPUS / "shanghai-gov-office-2019.html", CORPUS / "shanghai-gov-office-2019.truth.json"),
    "split-labels": (FAMILIES / "split-labels-2023.txt", FAMILIES / "split-labels-2023.expected.json"),
    "converter": (FAMILIES / "converter-2024.md", FAMILIES / "converter-2024.expected.json"),
}
RUN_TOGETHER = {"pingtan"}  # digits printed together: one garbled digit has no single cell
EXAMPLES = int(os.environ.get("GONGKAI_MUTATIONS", "150"))
FIXED = "GONGKAI_MUTATIONS" not in os.environ  # CI: the same sample every run
_cache: dict = {}


def _load(name):
    if name not in _cache:
        doc, truth = DOCS[name]
        text = doc.read_bytes().decode("utf-8-sig")
        _cache[name] = (doc.name, text, interchange.read(truth), read_bytes(doc.read_bytes(), doc.name))
    return _cache[name]


def _is_html(name):
    return DOCS[name][0].suffix == ".html"


# ---------------------------------------------------------------- mutations: (text, overrides)


def delete_table(name, text, original, rnd):
    if _is_html(name):
        tables = list(re.finditer(r"<table.*?</table>", text, re.S))
        m = tables[rnd.randrange(len(tables))]
        return text[: m.start()] + text[m.end():], {}
    from gongkai.readers import meta

    spans = meta.section_spans(text)
    k = rnd.choice([k for k in (2, 3, 4) if k in spans])
    a, b = spans[k]
    return text[:a] + "\n" + text[b:], {}


def cut_lines(name, text, original, rnd):
    if _is_html(name):
        rows = list(re.finditer(r"<tr.*?</tr>", text, re.S))
        m = rows[rnd.randrange(len(rows))]
        return text[: m.start()] + text[m.end():], {}
    lines = text.split("\n")
    i = rnd.randrange(len(lines))
    del lines[i: i + rnd.randint(1, 3)]
    return "\n".join(lines), {}


def wrap_title(name, text, original, rnd):
    lines = text.split("\n")
    i = next((i for i, x in enumerate(lines[:40]) if "年度报告" in x or "年报" in x), 0)
    line = lines[i]
    cut = rnd.randrange(1, max(2, len(line)))
    lines[i] = line[:cut] + rnd.choice(["\n", " \n", "\n  ", " "]) + line[cut:]
    return "\n".join(lines), {}


_LABEL = re.compile(r"(?:（[一二三四五六七]）|\d\.\s?|[一二三四]、)[\u4e00-\u9fff“”]{4,}")


def split_label(name, text, original, rnd):
    labels = list(_LABEL.finditer(text))
    m = labels[rnd.randrange(len(labels))]
    cut = rnd.randrange(m.start() + 1, m.end())
    sep = "<br>" if _is_html(name) else "  " if name in ("shuyang", "converter") else rnd.choice(["\n", "\r\n", "\n(\n"])
    if sep == "\n(\n" and text[m.start()] != "（":
        sep = "\n"
    return text[:cut] + sep + text[cut:], {}


def garble_number(name, text, original, rnd):
    """Change one number printed as a cell of its own.  Returns the cells that may then read
    the new number (where the original read placed the cell printed there), one at most."""
    if _is_html(name):
        m = rnd.choice(list(re.finditer(r"<td[^>]*>(?:\s*<p[^>]*>)?\s*(\d+)\s*(?:</p>\s*)?</td>", text)))
        before = text[: m.start(1)]
        table = before.count("<table")
        row = before[before.rfind("<table"):].count("<tr")
        place = lambda p: (p.table, p.row) == (table, row)  # noqa: E731
    else:
        markdown = name in ("shuyang", "converter")
        pattern = r"(?<=\| )(\d+)(?= \|)" if markdown else r"(?m)^[ \t\u3000\xa0]*(\d+)[ \t\u3000\xa0]*\r?$"
        m = rnd.choice(list(re.finditer(pattern, text)))
        line = text.count("\n", 0, m.start(1)) + 1
        column = text.count("|", text.rfind("\n", 0, m.start(1)) + 1, m.start(1))
        place = lambda p: p.line == line and (not markdown or p.column == column)  # noqa: E731
    new = int(m.group(1)) + rnd.randint(1, 9)
    allowed = {addr: new for addr, p in original.provenance.items() if place(p)}
    return text[: m.start(1)] + str(new) + text[m.end(1):], allowed


MUTATIONS = [delete_table, cut_lines, wrap_title, split_label, garble_number]


@pytest.mark.parametrize("name", list(DOCS))
@settings(max_examples=max(1, EXAMPLES // len(DOCS)), deadline=None, derandomize=FIXED,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.sampled_from(MUTATIONS), st.randoms(use_true_random=False))
def test_mutated_reports_are_never_read_wrong(name, mutation, rnd):
    if mutation is garble_number and name in RUN_TOGETHER:
        return
    source, text, truth, original = _load(name)
    mutated, allowed = mutation(name, text, original, rnd)
    try:
        r = read_bytes(mutated.encode("utf-8"), source)
    except ReaderError:
        return  # a refusal is allowed: never a wrong reading
    assert r.year == truth.year and r.format.id == truth.format.id
    wrong, garbled = [], []
    for addr in truth.format.cells:
        if addr in r.unknown or addr in r.uncertain:
            continue
        got, want = r.cells[addr], truth.cells[addr]
        if (got is None) == (want is None) and got == want:
            continue
        if addr in allowed and got == allowed[addr]:
            garbled.append(addr)  # what the mutated document says there
            continue
        wrong.append(f"{addr}: {got!r} (document says {want!r})")
    assert not wrong and len(garbled) <= 1, f"{mutation.__name__}: {wrong[:5]} {garbled}"
    findings = checks.check(r)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    if r.unknown:
        assert status(r, counts) != "通过"
