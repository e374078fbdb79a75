"""Forms of the annual-report pages.  They type the input; the rules live in the actions."""

from __future__ import annotations

from django import forms

from gongkai.web.textfields import BoundedCharField

from . import drafting, locks, publication


class SectionsForm(forms.Form):
    """The six sections; fields are named ``section_1`` … ``section_6`` with the format's titles."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, fmt, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, 7):
            required = "（必填；确无内容的写“无”）" if n in (1, 5, 6) else "（可选：表格前的说明文字）"
            self.fields[f"section_{n}"] = BoundedCharField(
                label=fmt.section_title(n), max_length=drafting.MAX_SECTION, multiline=True, required=False,
                help_text=required)
            self.fields[f"section_{n}"].widget.attrs.update(rows=10 if n in (1, 5, 6) else 3)

    def sections(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"section_{n}") or "" for n in range(1, 7)}


class LockForm(forms.Form):
    reason = BoundedCharField(label="带错误锁定的理由", max_length=locks.MAX_REASON, multiline=True, required=False,
                              help_text="报告没有错误时不必填写；有错误仍须锁定的，理由将随锁定记录保存")
    reason.widget.attrs.update(rows=2)


class PublishForm(forms.Form):
    reason = BoundedCharField(label="更正原因", max_length=publication.MAX_REASON, multiline=True, required=False,
                              help_text="第 2 版起必填，与新版本一同公开")
    reason.widget.attrs.update(rows=2)


class CorrectionForm(forms.Form):
    reason = BoundedCharField(label="更正原因", max_length=publication.MAX_REASON, multiline=True,
                              help_text="写明更正什么、为什么；更正后的版本发布时一同公开，原版本保留并标明已被更正")
    reason.widget.attrs.update(rows=2)


class UploadForm(forms.Form):
    file = forms.FileField(label="上年年报文件", help_text="PDF、Word、网页或文本格式的上年年报原文，或 cells.md JSON；20 MB 以内",
                           error_messages={"required": "请选择文件"})


class Table2ImportForm(forms.Form):
    file = forms.FileField(label="CSV 或 Excel 文件", error_messages={"required": "请选择文件"},
                           help_text="列：table,row,column,value,source（与 gongkai 的 CSV 交换格式相同，可加 source 列）；2 MB、1000 行以内")
    source = BoundedCharField(label="默认来源", max_length=drafting.MAX_SOURCE, required=False,
                              help_text="文件中没有 source 列或某行来源为空时使用")
