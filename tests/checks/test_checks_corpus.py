"""`check` on the hand-checked corpus reports exactly the documents' recorded source errors."""

import re

import pytest

from corpus import corpus_truths, load_truth
from gongkai import checks, interchange

# "T3-3 col 自然人: …", "T3-2 row 三、本年度办理结果/（一）予以公开: …", "T4-1 行政复议: …"
RECORDED = re.compile(r"^(T\d-\d|D-\d)\s+(?:(col|row)\s+)?([^:]+):")


def recorded_errors(truth: dict) -> set[tuple[str, str]]:
    out = set()
    for line in truth.get("source_errors", []):
        m = RECORDED.match(line)
        if m:  # other lines are explanations of the listed ones
            rule, axis, member = m.groups()
            out.add((rule, member if axis != "col" else member.strip()))
    return out


def found_errors(findings) -> set[tuple[str, str]]:
    out = set()
    for f in checks.errors(findings):
        member = f.member
        if f.rule in ("T3-1", "T3-3"):  # column identities: the truth names the column's last label
            member = member.split("/")[-1]
        out.add((f.rule, member))
    return out


@pytest.mark.parametrize("path", corpus_truths(), ids=lambda p: p.name)
def test_exactly_the_recorded_source_errors(path):
    truth = load_truth(path)
    findings = checks.check(interchange.read(path))
    assert found_errors(findings) == recorded_errors(truth)
    assert len(checks.errors(findings)) == len(recorded_errors(truth))


def test_the_corpus_has_errors_to_find():
    # Guards the test above against a corpus whose truths all list nothing.
    assert sum(len(recorded_errors(load_truth(p))) for p in corpus_truths()) >= 16


def test_messages_say_what_and_by_how_much():
    path = next(p for p in corpus_truths() if p.name.startswith("pingtan"))
    f = next(f for f in checks.check(interchange.read(path)) if f.rule == "T3-3")
    assert f.left == 20 and f.right == 26 and f.difference == -6
    assert "自然人" in f.message and "相差 6" in f.message and "（七）总计 20" in f.message
    assert interchange.read(path).format.short_label("表三", f.member) == "自然人"
