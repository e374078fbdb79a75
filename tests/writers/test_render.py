"""render(): every kind, the interchange kinds, and refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from gongkai import interchange
from gongkai.writers import KINDS, MEDIA_TYPES, RenderError, kind_for, render
from strategies import reports

MAGIC = {"html": b"<!DOCTYPE html>", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "pdf": b"%PDF-", "json": b"{",
         "csv": b"table,row,column,value"}


def test_every_kind_renders_the_seed_report(corpus_dir):
    report = interchange.read(corpus_dir / "haining-commerce-2019.truth.json")
    assert set(KINDS) == set(MAGIC) == set(MEDIA_TYPES)
    for kind in KINDS:
        data = render(report, kind)
        assert isinstance(data, bytes) and data.startswith(MAGIC[kind]), kind


@settings(max_examples=30, deadline=None)
@given(reports(consistent=False))
def test_json_and_csv_are_the_interchange_files(report):
    back = interchange.loads(render(report, "json").decode())
    assert back.same_cells(report) and back.agency == report.agency and back.sections == report.sections
    csv_back = interchange.from_csv(render(report, "csv").decode(), report.agency, report.year)
    assert csv_back.same_cells(report)


def test_unknown_kind_is_refused_in_chinese():
    report = interchange.from_dict({"year": 2021, "cells": {}})
    with pytest.raises(RenderError, match="不支持的输出格式 'odt'"):
        render(report, "odt")


@pytest.mark.parametrize(("name", "kind"), [("a.docx", "docx"), ("x/报告.PDF", "pdf"), ("r.htm", "html"),
                                            ("r.csv", "csv"), ("r.txt", None), ("noext", None)])
def test_kind_for_file_names(name, kind):
    assert kind_for(name) == kind
