"""The rules an item's fields obey, wherever they come from (the form, an import row, a command).

``clean_fields(data, today)`` returns the cleaned values or raises ``InvalidItem`` listing
*every* problem with the field it belongs to, so a form marks each field and an import's dry
run names each reason of a refused row.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError

from gongkai.web.textfields import refuse_control_characters

from .choices import ARTICLE_ITEMS, COUNTED_KINDS, DOC_KINDS, ArticleItem, DocKind
from .errors import InvalidItem

LABELS = {
    "title": "标题", "document_number": "文号", "issuer": "发布机构", "written_on": "成文日期",
    "changed_on": "变更日期", "published_on": "发布日期", "abolished_on": "废止日期",
    "article_item": "公开事项", "local_topic": "第二十一条事项", "doc_kind": "文件类别",
    "subject": "主题分类", "summary": "内容概述", "body": "正文", "index_number": "索引号",
}
MAX_LENGTH = {
    "title": 300, "document_number": 100, "issuer": 100, "local_topic": 50, "subject": 50,
    "summary": 1000, "body": 200_000, "index_number": 64,
}
REQUIRED = ("title", "issuer", "written_on", "article_item")
MULTILINE = ("summary", "body")
TEXT_FIELDS = ("title", "document_number", "issuer", "local_topic", "subject", "summary", "body")

_OPEN, _CLOSE = "[(【〔﹝", "])】〕﹞"
_FOLD = str.maketrans({**{c: "〔" for c in _OPEN}, **{c: "〕" for c in _CLOSE}})


def doc_number_key(number: str) -> str:
    """A 文号 folded for comparison: width, spaces and bracket shapes do not make a new number."""
    s = "".join(unicodedata.normalize("NFKC", number or "").split())
    return s.translate(_FOLD)


def _text(value, field: str, problems: list) -> str:
    value = "" if value is None else str(value)
    value = value.strip() if field not in MULTILINE else value.strip("\n ")
    if field not in MULTILINE:
        value = " ".join(value.split())
    try:
        refuse_control_characters(value, LABELS[field])
    except ValidationError as e:
        problems.append((field, e.messages[0]))
        return value
    limit = MAX_LENGTH[field]
    if len(value) > limit:
        problems.append((field, f"“{LABELS[field]}”不能超过 {limit} 个字（现为 {len(value)} 个字）"))
    return value


def clean_fields(data: dict, today: dt.date) -> dict:
    """The item's own fields, cleaned; ``InvalidItem`` with every problem otherwise."""
    problems: list[tuple[str, str]] = []
    out: dict = {}
    for field in TEXT_FIELDS:
        if field in data:
            out[field] = _text(data[field], field, problems)
    for field in ("written_on", "changed_on"):
        if field in data:
            value = data[field]
            if value in (None, ""):
                out[field] = None
            elif not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                problems.append((field, f"“{LABELS[field]}”必须是日期"))
            else:
                out[field] = value
    for field in ("article_item", "doc_kind"):
        if field in data:
            out[field] = (data[field] or "").strip()
    for field in REQUIRED:
        if field in data and out.get(field) in (None, ""):
            problems.append((field, f"请填写“{LABELS[field]}”"))
    written, changed = out.get("written_on"), out.get("changed_on")
    if isinstance(written, dt.date) and written > today:
        problems.append(("written_on", f"成文日期（{written:%Y年%m月%d日}）晚于今天，不能登记尚未形成的信息"))
    if isinstance(changed, dt.date):
        if changed > today:
            problems.append(("changed_on", f"变更日期（{changed:%Y年%m月%d日}）晚于今天"))
        if isinstance(written, dt.date) and changed < written:
            problems.append(("changed_on", f"变更日期（{changed:%Y年%m月%d日}）早于成文日期（{written:%Y年%m月%d日}）"))
    item = out.get("article_item")
    if item and item not in ARTICLE_ITEMS:
        problems.append(("article_item", f"公开事项“{item}”不是第二十条第（一）至（十五）项或第二十一条"))
    kind = out.get("doc_kind")
    if "doc_kind" in data and not kind:
        out["doc_kind"] = kind = DocKind.OTHER
    if kind and kind not in DOC_KINDS:
        problems.append(("doc_kind", f"文件类别“{kind}”无法识别（规章、行政规范性文件或其他）"))
    elif kind in COUNTED_KINDS and item in ARTICLE_ITEMS and item != ArticleItem.A20_01:
        problems.append(("article_item", f"{DocKind(kind).label}属于{ArticleItem.A20_01.citation}，"
                                         f"请将公开事项选为该项"))
    if item == ArticleItem.A21 and "local_topic" in out and not out["local_topic"]:
        problems.append(("local_topic", "第二十一条事项请写明所属方面，如“市政建设”“社会救助”"))
    if item and item != ArticleItem.A21 and out.get("local_topic"):
        out["local_topic"] = ""  # only Art. 21 items name a local topic
    if "document_number" in out:
        out["document_number_key"] = doc_number_key(out["document_number"])
    if problems:
        raise InvalidItem(problems)
    return out


def check_published(written_on: dt.date, published_on: dt.date, today: dt.date, reviewed_on=None) -> None:
    if published_on > today:
        raise InvalidItem([("published_on", f"发布日期（{published_on:%Y年%m月%d日}）晚于今天")])
    if published_on < written_on:
        raise InvalidItem([("published_on", f"发布日期（{published_on:%Y年%m月%d日}）早于成文日期"
                                            f"（{written_on:%Y年%m月%d日}）：信息形成之前不能发布")])
    if reviewed_on and published_on < reviewed_on:
        raise InvalidItem([("published_on", f"发布日期（{published_on:%Y年%m月%d日}）早于保密审查日期"
                                            f"（{reviewed_on:%Y年%m月%d日}）：审查之前不能发布")])


def check_abolished(written_on: dt.date, abolished_on: dt.date, today: dt.date) -> None:
    if abolished_on > today:
        raise InvalidItem([("abolished_on", f"废止日期（{abolished_on:%Y年%m月%d日}）晚于今天：请在废止生效后登记")])
    if abolished_on < written_on:
        raise InvalidItem([("abolished_on", f"废止日期（{abolished_on:%Y年%m月%d日}）早于成文日期"
                                            f"（{written_on:%Y年%m月%d日}）")])
