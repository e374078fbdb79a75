"""Forms of the catalogue pages.  They parse and type the input; the rules live in the actions
(`publishing.rules`, `publishing.workflow`), so a form and an import refuse the same things."""

from __future__ import annotations

from django import forms

from gongkai.staff.forms import ChineseErrorsMixin, DateField
from gongkai.web.textfields import BoundedCharField

from .choices import LOCAL_TOPICS, SUBJECTS, ArticleItem, DocKind, Status
from .rules import MAX_LENGTH
from .workflow import Step


def _years(first: int, last: int) -> list[tuple[str, str]]:
    return [("", "全部年度")] + [(str(y), f"{y}年") for y in range(last, first - 1, -1)]


class ItemForm(ChineseErrorsMixin, forms.Form):
    agency = forms.ChoiceField(label="机关", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = BoundedCharField(label="标题", max_length=MAX_LENGTH["title"])
    document_number = BoundedCharField(label="文号", max_length=MAX_LENGTH["document_number"], required=False,
                                       help_text="如 海政发〔2026〕3号；本机关内不能重复")
    issuer = BoundedCharField(label="发布机构", max_length=MAX_LENGTH["issuer"], required=False,
                              help_text="留空为本机关")
    written_on = DateField(label="成文日期", help_text="信息形成之日；第二十六条的 20 个工作日自次日起算")
    changed_on = DateField(label="变更日期", required=False, initial=None,
                           help_text="信息有变更的填写；期限自变更之日重新计算")
    article_item = forms.ChoiceField(label="公开事项", choices=ArticleItem.choices)
    local_topic = BoundedCharField(label="第二十一条事项", max_length=MAX_LENGTH["local_topic"], required=False,
                                   help_text="仅第二十一条：如 " + "、".join(LOCAL_TOPICS))
    doc_kind = forms.ChoiceField(label="文件类别", choices=DocKind.choices, initial=DocKind.OTHER,
                                 help_text="规章和行政规范性文件计入年报表二")
    subject = BoundedCharField(label="主题分类", max_length=MAX_LENGTH["subject"], required=False)
    summary = BoundedCharField(label="内容概述", max_length=MAX_LENGTH["summary"], required=False, multiline=True)
    body = BoundedCharField(label="正文", max_length=MAX_LENGTH["body"], required=False, multiline=True)

    def __init__(self, *a, agencies=(), **kw):
        super().__init__(*a, **kw)
        self.fields["agency"].choices = [(str(x.pk), x.name) for x in agencies]
        if len(agencies) <= 1:
            self.fields["agency"].widget = forms.HiddenInput()
        self.fields["subject"].widget.attrs["list"] = "subjects"
        self.fields["summary"].widget.attrs["rows"] = 3
        self.fields["body"].widget.attrs["rows"] = 12

    subjects = SUBJECTS


class StepForm(ChineseErrorsMixin, forms.Form):
    """One workflow step: its note and date as `workflow.Step` declares them."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, step: Step, *a, replacements=(), **kw):
        super().__init__(*a, prefix=step.name, **kw)
        self.step = step
        if step.needs_date:
            label = "废止日期" if step.name == "abolish" else "发布日期"
            self.fields["on"] = DateField(label=label)
        if step.name == "abolish":
            self.fields["replaced_by"] = forms.ChoiceField(
                label="替代文件", required=False,
                choices=[("", "（无）")] + [(str(i.pk), f"{i.index_number} {i.title}"[:80]) for i in replacements])
        if step.note:
            self.fields["note"] = BoundedCharField(label=step.note, max_length=1000, required=step.note_required,
                                                   multiline=True, initial=step.note_initial)
            self.fields["note"].widget.attrs["rows"] = 3
        for f in self.fields.values():  # fields added after ChineseErrorsMixin ran
            f.error_messages["required"] = f"请填写“{f.label}”" if f.label else "此项必须填写"


class StaffFilterForm(ChineseErrorsMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "标题、文号、索引号、正文"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[
        ("", "全部（不含作废）"), ("open", "未公开（草稿至待发布）"), ("public", "已公开（含废止）"), *Status.choices])
    article_item = forms.ChoiceField(label="公开事项", required=False,
                                     choices=[("", "全部")] + [(i.value, i.citation) for i in ArticleItem])
    doc_kind = forms.ChoiceField(label="文件类别", required=False, choices=[("", "全部"), *DocKind.choices])
    year = forms.TypedChoiceField(label="成文年度", required=False, coerce=int, empty_value=None)
    agency = forms.TypedChoiceField(label="机关", required=False, coerce=int, empty_value=None)

    def __init__(self, *a, agencies=(), years=(2019, 2026), **kw):
        super().__init__(*a, **kw)
        self.fields["year"].choices = _years(*years)
        self.fields["agency"].choices = [("", "全部")] + [(str(x.pk), x.name) for x in agencies]
        if len(agencies) <= 1:
            del self.fields["agency"]


class PublicFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "标题、文号、正文"}))
    item = forms.ChoiceField(label="公开事项", required=False,
                             choices=[("", "全部事项")] + [(i.value, i.citation) for i in ArticleItem])
    year = forms.TypedChoiceField(label="发布年度", required=False, coerce=int, empty_value=None)
    validity = forms.ChoiceField(label="有效性", required=False,
                                 choices=[("", "全部"), ("valid", "有效"), ("abolished", "废止")])

    def __init__(self, *a, years=(), **kw):
        super().__init__(*a, **kw)
        self.fields["year"].choices = [("", "全部年度")] + [(str(y), f"{y}年") for y in years]


class SettingsForm(ChineseErrorsMixin, forms.Form):
    index_template = BoundedCharField(label="索引号格式", max_length=100,
                                      help_text="可用 {agency}、{category}、{year}、{serial}；必须含 {agency} 和 {serial}")
    index_agency_code = BoundedCharField(label="索引号中的机关标识", max_length=32, required=False,
                                         help_text="如组织机构代码；留空则用机关代码")
    serial_width = forms.IntegerField(label="流水号位数", min_value=1, max_value=10)
    counts_from_year = forms.IntegerField(label="目录完整起始年度", required=False, min_value=2008, max_value=2100,
                                          help_text="自该年度起本机关的规章、规范性文件全部在目录中，年报表二按目录计算；"
                                                    "留空则表二不从目录计算")


class GuideProfileForm(ChineseErrorsMixin, forms.Form):
    publication_places = BoundedCharField(label="主动公开的途径", max_length=2000, required=False, multiline=True,
                                          help_text="每行一处")
    online_application = BoundedCharField(label="网上申请地址", max_length=200, required=False)
    extra_notes = BoundedCharField(label="其他说明", max_length=5000, required=False, multiline=True)


class ImportForm(forms.Form):
    agency = forms.ChoiceField(label="机关", required=False)
    file = forms.FileField(label="目录文件（CSV 或 Excel .xlsx）",
                           error_messages={"required": "请选择要导入的文件", "empty": "文件是空的"})

    def __init__(self, *a, agencies=(), **kw):
        super().__init__(*a, **kw)
        self.fields["agency"].choices = [(str(x.pk), x.name) for x in agencies]
        if len(agencies) <= 1:
            self.fields["agency"].widget = forms.HiddenInput()
