"""Forms of the appeals pages: typing only; the rules are the actions'."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.web.textfields import BoundedCharField

from .choices import RESULT_HELP, AppealKind, AppealResult

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateField(forms.DateField):
    default_error_messages = {"invalid": "请输入有效日期，格式如 2026-03-05", "required": "请填写日期"}

    def __init__(self, label, **kw):
        kw.setdefault("widget", DATE)
        super().__init__(label=label, **kw)


class RecordForm(forms.Form):
    agency = forms.ChoiceField(label="被申请人/被告（本机关）")
    kind = forms.ChoiceField(label="类别", choices=AppealKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "请选择类别"})
    application_number = BoundedCharField(label="所涉申请编号", max_length=32, required=False,
                                          help_text="平台办理的申请：填写申请编号（如 2025-00012）；平台外作出的答复留空，填写下面两项")
    applicant_name = BoundedCharField(label="申请人/原告", max_length=100, required=False)
    decision_ref = BoundedCharField(label="被复议/起诉的答复（文号或说明）", max_length=200, required=False)
    reconsideration = forms.ChoiceField(label="此前的行政复议（复议后起诉时选择）", required=False)
    body = BoundedCharField(label="复议机关/人民法院", max_length=100,
                            help_text="复议机关作为共同被告的复议后起诉，只由原行为机关登记（国办公开办函〔2016〕201号）")
    case_number = BoundedCharField(label="案号", max_length=100, required=False)
    filed_on = DateField("立案（受理）日期")

    def __init__(self, *args, agencies, reconsiderations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]
        self.fields["reconsideration"].choices = [("", "—")] + [
            (str(r.pk), f"{r.agency.name} {r.case_number or '（无案号）'} {r.filed_on:%Y-%m-%d}") for r in reconsiderations]
        self.fields["filed_on"].initial = timezone.localdate
        for f in self.fields.values():
            f.error_messages["required"] = f"请填写“{f.label}”"


class ConcludeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    concluded_on = DateField("审结日期")
    result = forms.ChoiceField(label="结果", widget=forms.RadioSelect, error_messages={"required": "请选择结果"},
                               choices=[(r.value, f"{r.label}（{RESULT_HELP[r]}）") for r in AppealResult])
    note = BoundedCharField(label="结果说明（决定或判决内容）", max_length=300, required=False)
    reopen_case = forms.BooleanField(label="结果纠正且责令重新答复：重新办理所涉申请（新的答复期限自审结日期起算）",
                                     required=False, initial=True)


class AmendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    body = BoundedCharField(label="复议机关/人民法院", max_length=100)
    case_number = BoundedCharField(label="案号", max_length=100, required=False)
    filed_on = DateField("立案（受理）日期")
    reason = BoundedCharField(label="更正原因", max_length=300, error_messages={"required": "请写明更正原因"})
