"""The portal's forms.  They only shape input; the rules (ID check digits, lengths, control
characters, the receipt date) are casework's actions', whose Chinese messages are shown next
to the field they name."""

from __future__ import annotations

import uuid

from django import forms

from gongkai.casework.choices import ApplicantKind, DeliveryRoute, Form, IdDocument
from gongkai.casework.models import NAME_MAX, REQUEST_MAX
from gongkai.web.textfields import BoundedCharField

# what an online applicant may choose (viewing/pick-up need a visit and stay available)
DELIVERY_CHOICES = [(v, DeliveryRoute(v).label) for v in (DeliveryRoute.ONLINE, DeliveryRoute.EMAIL,
                                                           DeliveryRoute.POST, DeliveryRoute.PICKUP)]
ID_CHOICES = [("", "居民身份证（自然人）/ 统一社会信用代码（法人或其他组织）"),
              (IdDocument.PASSPORT, "护照（无居民身份证的申请人）"),
              (IdDocument.OTHER, "其他有效身份证件（如港澳居民来往内地通行证）")]


class ApplyForm(forms.Form):
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices, initial=ApplicantKind.NATURAL)
    applicant_name = BoundedCharField(label="姓名或名称", max_length=NAME_MAX)
    id_document = forms.ChoiceField(label="身份证件", choices=ID_CHOICES, required=False)
    identifier = BoundedCharField(label="证件号码", max_length=32,
                                  help_text="居民身份证号码或统一社会信用代码，将按校验码核对")
    contact_phone = BoundedCharField(label="联系电话", max_length=32, required=False)
    contact_email = forms.EmailField(label="电子邮箱", max_length=100, required=False,
                                     error_messages={"invalid": "请填写有效的电子邮箱地址"})
    contact_address = BoundedCharField(label="通信地址", max_length=200, required=False)
    information_requested = BoundedCharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述", max_length=REQUEST_MAX, multiline=True)
    form = forms.ChoiceField(label="获取信息的方式（形式）", choices=Form.choices, initial=Form.ELECTRONIC)
    delivery_route = forms.ChoiceField(label="获取信息的途径", choices=DELIVERY_CHOICES, initial=DeliveryRoute.ONLINE)
    id_copy = forms.FileField(label="身份证明材料", required=False,
                              help_text="身份证、营业执照等的照片或扫描件：PDF、PNG、JPEG，不超过 20 MB")
    intake_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # the honeypot: hidden from people (CSS and aria-hidden), filled by form-filling robots
    website = forms.CharField(label="网址（请勿填写）", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["intake_key"] = uuid.uuid4().hex
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["information_requested"].widget.attrs.update({"rows": 6})
        self.fields["contact_phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["applicant_name"].widget.attrs.update({"autocomplete": "name"})

    def clean(self):
        data = super().clean()
        if data.get("identifier") and data.get("applicant_kind"):  # casework's rule, shown with the other errors
            from gongkai.casework.actions import validate_identifier
            from gongkai.casework.errors import InvalidInput

            try:
                validate_identifier(data["applicant_kind"], data["identifier"], data.get("id_document") or "")
            except InvalidInput as e:
                self.add_error("identifier", e.message)
        if not (data.get("contact_phone") or data.get("contact_email") or data.get("contact_address")):
            self.add_error("contact_phone", "请至少填写一种联系方式（电话、电子邮箱或通信地址），以便送达答复")
        if data.get("delivery_route") == DeliveryRoute.EMAIL and not data.get("contact_email"):
            self.add_error("contact_email", "选择电子邮件获取信息时，请填写电子邮箱")
        if data.get("delivery_route") == DeliveryRoute.POST and not data.get("contact_address"):
            self.add_error("contact_address", "选择邮寄获取信息时，请填写通信地址")
        return data


class TrackForm(forms.Form):
    number = BoundedCharField(label="申请编号", max_length=48)
    code = BoundedCharField(label="查询码", max_length=32, widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["code"].widget.attrs.update({"autocomplete": "off"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class CorrectionForm(forms.Form):
    text = BoundedCharField(label="补正内容", max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label="补正材料（可多选，PDF、PNG、JPEG、DOCX，每个不超过 20 MB，最多 5 个）", required=False)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="缴费日期", widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "请填写有效的日期，如 2026-03-05"})
    text = BoundedCharField(label="说明（如缴款凭证号）", max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="缴款凭证（可选，PDF、PNG、JPEG）", required=False)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


def new_key() -> str:
    return uuid.uuid4().hex
