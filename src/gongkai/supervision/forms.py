"""Forms of the office's pages: bounded text, Chinese messages (the actions check the rules)."""

from __future__ import annotations

from django import forms

from gongkai.web.textfields import BoundedCharField

from .actions import NOTE_MAX, REASON_MAX
from .models import FindingStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; each is judged by the upload action (per file, so one bad file never refuses the rest)."""

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class UploadForm(forms.Form):
    files = MultipleFileField(label="年报文件（可多选，或一个 ZIP 压缩包）", required=False,
                            widget=MultipleFileInput(attrs={"multiple": True,
                                                            "accept": ".txt,.md,.html,.htm,.docx,.pdf,.doc,.zip"}))
    agency = forms.ModelChoiceField(label="所属机关", queryset=None, required=False,
                                    empty_label="按文档署名自动识别",
                                    help_text="批量上传时可不选：按文档中的机关名称归属到本区域的机关。")
    received_on = forms.DateField(label="报送日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text="机关实际报送的日期（用于判断是否逾期），默认为今天。")

    def __init__(self, *args, agencies=None, fixed_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.agencies.models import Agency

        if fixed_agency is not None:
            self.fields["agency"].queryset = Agency.objects.filter(pk=fixed_agency.pk)
            self.fields["agency"].initial = fixed_agency.pk
            self.fields["agency"].empty_label = None
            self.fields["agency"].help_text = ""
        else:
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies or []]).order_by("code")


class CorrectionForm(forms.Form):
    value = BoundedCharField(label="更正后的值", max_length=40, required=False,
                             help_text="按原文填写；原文为空白的请留空。")
    note = BoundedCharField(label="更正依据", max_length=NOTE_MAX, multiline=True,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="如“原文第 2 页表三第 3 行为 12”。")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=FindingStatus.choices)
    reason = BoundedCharField(label="说明或理由", max_length=REASON_MAX, required=False, multiline=True)


class YearFilterForm(forms.Form):
    from .selectors import FILTERS, SORTS

    show = forms.ChoiceField(label="显示", required=False, choices=[(k, v[0]) for k, v in FILTERS.items()])
    order = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])
    q = BoundedCharField(label="机关", max_length=50, required=False)
