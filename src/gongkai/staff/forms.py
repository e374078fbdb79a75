"""Forms of the staff pages.  They parse and type the input; the rules live in the actions.

Every step form is keyed by the name of its step in the declared state machine
(`casework.workflow`): the case page offers the forms of the steps the workflow allows, and
the one view that takes a step calls the step's action with ``form.action_kwargs()``.  Every
form that changes a case carries the case ``version`` it was built from (a concurrent edit is
refused) and a one-time ``form_key`` (a re-post does nothing).  Text fields are bounded and
refuse control characters before anything is saved (`gongkai.web.textfields`).
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from gongkai.agencies.actions import SETTINGS_FIELDS
from gongkai.agencies.models import Role
from gongkai.casework.actions.attachments import MAX_ATTACHMENT_BYTES
from gongkai.casework.choices import (
    UNCORRECTED_OUTCOME,
    ApplicantKind,
    AttachmentKind,
    Channel,
    DeliveryRoute,
    FeeMethod,
    Form,
    IdDocument,
    Party,
    Status,
    outcome_choices,
)
from gongkai.casework.models import LONG_NOTE_MAX, NAME_MAX, NOTE_MAX, REQUEST_MAX
from gongkai.web.textfields import BoundedCharField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class DateField(forms.DateField):
    default_error_messages = {"invalid": "请输入有效日期，格式如 2026-03-05", "required": "请填写日期"}

    def __init__(self, label="日期", **kw):
        if kw.get("required", True):
            kw.setdefault("initial", _today)
        kw.setdefault("widget", DATE)
        super().__init__(label=label, **kw)


class ChineseErrorsMixin:
    """Django's built-in 'This field is required.' → Chinese, for every field."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写“{field.label}”" if field.label else "此项必须填写"
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = "请从列表中选择有效的选项"
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = "请输入整数"
            if isinstance(field, forms.FileField):
                field.error_messages.update(empty="上传的文件是空的", invalid="请选择文件", missing="请选择文件")


class IntakeForm(ChineseErrorsMixin, forms.Form):
    """登记申请: walk-in, post, phone (oral, filled in by staff), online, fax."""

    intake_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    channel = forms.ChoiceField(label="申请渠道", choices=Channel.choices,
                                help_text="决定“收到申请之日”（《条例》第三十一条）")
    received_on = DateField(label="收到申请之日", required=False, initial=_today,
                            help_text="当面提交为提交之日；邮寄为签收之日；平信、网上、传真为双方确认之日")
    submitted_on = DateField(label="提交（到达）日期", required=False,
                             help_text="邮寄、平信、网上、传真申请到达的日期；只填此项时，网上、传真申请按规则确定收到之日"
                                       "（非工作日提交的，以其后第一个工作日为收到之日）")
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices,
                                       help_text="法人或其他组织按表三的五类之一登记")
    applicant_name = BoundedCharField(label="申请人姓名/名称", max_length=NAME_MAX)
    id_document = forms.ChoiceField(label="身份证件", choices=IdDocument.choices, required=False,
                                    help_text="没有居民身份证的自然人（外国人、港澳台居民）可凭护照或其他有效证件申请，号码照录")
    identifier = BoundedCharField(label="证件号码", max_length=32,
                                  help_text="自然人填写18位居民身份证号码；法人或其他组织填写18位统一社会信用代码；"
                                            "护照等其他证件照录号码")
    contact_phone = BoundedCharField(label="联系电话", max_length=32, required=False)
    contact_email = forms.EmailField(label="电子邮箱", max_length=100, required=False,
                                     error_messages={"invalid": "请输入有效的电子邮箱地址"})
    contact_address = BoundedCharField(label="通信地址", max_length=200, required=False)
    information_requested = BoundedCharField(
        label="所需政府信息", max_length=REQUEST_MAX, multiline=True,
        help_text="政府信息的名称、文号或者便于查询的其他特征性描述（《条例》第二十九条）")
    form = forms.ChoiceField(label="获取信息的形式", choices=Form.choices)
    delivery_route = forms.ChoiceField(label="获取信息的途径", choices=DeliveryRoute.choices)
    acknowledge = forms.BooleanField(label="出具受理回执", required=False, initial=True)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        if not self.is_bound:
            self.initial.setdefault("intake_key", uuid.uuid4().hex)
        self.fields["information_requested"].widget.attrs["rows"] = 4
        self.fields["identifier"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["contact_phone"].widget.input_type = "tel"


# ------------------------------------------------------------------ step forms
class StepForm(ChineseErrorsMixin, forms.Form):
    """A form for one step of the workflow (`step`), bound to the case it acts on."""

    step = ""
    version = forms.IntegerField(widget=forms.HiddenInput)
    form_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *a, app=None, **kw):
        kw.setdefault("prefix", self.step)
        super().__init__(*a, **kw)
        self.app = app
        if not self.is_bound:
            self.initial.setdefault("form_key", uuid.uuid4().hex)
            if app is not None:
                self.initial.setdefault("version", app.version)

    def action_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "form_key")}


class CorrectionRequestForm(StepForm):
    step = "request_correction"
    on = DateField(label="告知日期")
    items = BoundedCharField(label="需要补正的事项", max_length=LONG_NOTE_MAX, multiline=True,
                             help_text="一次性告知全部需要补正的事项（《条例》第三十条），每行一项，系统自动编号")
    until = DateField(label="补正期限（日期）", required=False, help_text="写明具体日期的，按该日期；不填则按下一项")
    days = forms.IntegerField(label="或：自申请人收到告知书之日起的工作日数", required=False, initial=15,
                              min_value=1, max_value=60,
                              error_messages={"min_value": "至少1个工作日", "max_value": "最多60个工作日"})
    override_reason = BoundedCharField(label="逾期发出的理由", required=False, max_length=NOTE_MAX,
                                       help_text="超过收到申请后7个工作日才发出时必须填写")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.fields["items"].widget.attrs["rows"] = 3

    def action_kwargs(self) -> dict:
        kw = super().action_kwargs()
        if kw.get("until") or not kw.get("days"):
            kw.pop("days", None)
        return kw


class ReceiptForm(StepForm):
    step = "record_receipt"
    event = forms.TypedChoiceField(label="文书", coerce=int)
    received_on = DateField(label="对方收到日期", help_text="以送达回证、邮件签收记录等为准；期限自该日起算")

    def __init__(self, *a, **kw):
        from gongkai.casework.actions.receipts import RECEIVER, receipt_targets

        super().__init__(*a, **kw)
        targets = receipt_targets(self.app) if self.app is not None else []
        self.fields["event"].choices = [(e.pk, f"{RECEIVER[e.kind]}（{e.on:%Y-%m-%d} 发出）") for e in targets]

    @property
    def has_targets(self) -> bool:
        return bool(self.fields["event"].choices)


class CorrectionReceivedForm(StepForm):
    step = "receive_correction"
    on = DateField(label="收到补正材料日期")


class ConsultationStartForm(StepForm):
    step = "start_consultation"
    on = DateField(label="发出征求意见日期")
    party = forms.ChoiceField(label="征求意见对象", choices=[(p.value, f"{p.label}（{p.article}）") for p in Party])
    recipient = BoundedCharField(label="第三方或机关名称", max_length=NAME_MAX)
    party_received_on = DateField(label="对方收到日期（已知时填写）", required=False,
                                  help_text="对方的15个工作日自收到征求意见函之日起算；可在收到回执后再登记")


class ConsultationEndForm(StepForm):
    step = "end_consultation"
    on = DateField(label="征求意见结束日期", help_text="收到对方意见之日，或对方逾期未提出意见后决定恢复计算之日")
    party_received_on = DateField(label="对方收到征求意见函的日期（尚未登记时填写）", required=False)
    note = BoundedCharField(label="意见情况", required=False, max_length=NOTE_MAX)


class ExtensionForm(StepForm):
    step = "approve_extension"
    on = DateField(label="批准日期")
    days = forms.IntegerField(label="延长工作日数", initial=20, min_value=1, max_value=20,
                              error_messages={"min_value": "至少延长1个工作日", "max_value": "延长期限最长不得超过20个工作日"})
    reason = BoundedCharField(label="延期理由", max_length=NOTE_MAX)


class LaterDateForm(StepForm):
    step = "set_later_date"
    on = DateField(label="确定日期")
    later_date = DateField(label="合理的答复期限", help_text="须晚于法定答复期限，且为工作日（《条例》第三十五条）")
    reason = BoundedCharField(label="理由", max_length=NOTE_MAX)


class FeeNoticeForm(StepForm):
    step = "send_fee_notice"
    on = DateField(label="通知日期")
    method = forms.ChoiceField(label="计收方式", choices=FeeMethod.choices,
                               help_text="按件：本月同一申请人第11件起收费；按量：超过30页的部分收费。只能选一种")
    pages = forms.IntegerField(label="页数（按量计收时填写）", required=False, min_value=1, max_value=1_000_000,
                               error_messages={"min_value": "页数至少为1", "max_value": "页数过大"})
    payment_method = BoundedCharField(label="缴费方式", max_length=200, initial="通过非税收入统一缴款平台缴纳")
    notice_received_on = DateField(label="申请人收到通知的日期（已知时填写）", required=False,
                                   help_text="缴费期限自申请人收到通知次日起算20个工作日")

    def clean(self):
        data = super().clean()
        if data.get("method") == FeeMethod.PER_PAGE and not data.get("pages"):
            self.add_error("pages", "按量计收须填写页数")
        return data


class PaymentForm(StepForm):
    step = "record_payment"
    on = DateField(label="缴费日期")


class UnpaidForm(StepForm):
    step = "conclude_unpaid"
    on = DateField(label="登记日期", help_text="缴费期限届满后登记：视为放弃申请，计入表三（六）2，出具告知书")


class DecisionForm(StepForm):
    step = "decide"
    on = DateField(label="答复日期")
    outcome = forms.ChoiceField(label="办理结果（表三）")
    legal_basis = BoundedCharField(label="法律依据", max_length=300, required=False,
                                   help_text="留空则按办理结果自动填写《条例》相应条款")
    reason = BoundedCharField(label="理由说明（写入答复书）", required=False, max_length=2000, multiline=True)
    delivery = BoundedCharField(label="提供方式（写入答复书）", required=False, max_length=NOTE_MAX,
                                help_text="如：随本答复书附送纸质件；通过电子邮件发送")
    published_at = BoundedCharField(label="已主动公开的位置", required=False, max_length=200,
                                    help_text="予以公开且已主动公开时填写，如：本机关门户网站“政府信息公开”专栏")
    responsible_agency = BoundedCharField(label="负责公开的机关", required=False, max_length=NAME_MAX,
                                          help_text="信息由其他机关负责公开时填写（第三十六条第（五）项）")

    def __init__(self, *a, correction_lapsed: bool = False, **kw):
        super().__init__(*a, **kw)
        year = _today().year
        self.fields["outcome"].choices = [("", "— 请选择 —"), *outcome_choices(year)]
        self.fields["reason"].widget.attrs["rows"] = 2
        if correction_lapsed and not self.is_bound:
            self.initial["outcome"] = UNCORRECTED_OUTCOME
        self.correction_lapsed = correction_lapsed


class DeliveryForm(StepForm):
    step = "deliver"
    on = DateField(label="送达日期")
    method = forms.ChoiceField(label="送达方式", choices=DeliveryRoute.choices)
    note = BoundedCharField(label="送达凭证/备注", required=False, max_length=200, help_text="如：EMS 单号、签收人")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        if self.app is not None and not self.is_bound:
            self.initial.setdefault("method", self.app.delivery_route)


class ReopenForm(StepForm):
    step = "reopen"
    on = DateField(label="收到复议决定或判决之日")
    source = BoundedCharField(label="决定书或判决书", required=False, max_length=NAME_MAX,
                              help_text="如：某府复决字〔2026〕12号行政复议决定书")
    reason = BoundedCharField(label="纠正内容", max_length=NOTE_MAX, help_text="如：责令在法定期限内重新答复")
    until = DateField(label="决定或判决确定的答复期限（有则填写）", required=False,
                      help_text="不填则自收到之日起重新计算20个工作日")


class RegistrationForm(StepForm):
    """更正登记信息: only the fields changed are passed on, with the reason."""

    step = "correct_registration"
    applicant_name = BoundedCharField(label="申请人姓名/名称", max_length=NAME_MAX)
    applicant_kind = forms.ChoiceField(label="申请人类型（表三列）", choices=ApplicantKind.choices)
    id_document = forms.ChoiceField(label="身份证件", choices=IdDocument.choices, required=False)
    identifier = BoundedCharField(label="证件号码", max_length=32)
    contact_phone = BoundedCharField(label="联系电话", max_length=32, required=False)
    contact_email = forms.EmailField(label="电子邮箱", max_length=100, required=False,
                                     error_messages={"invalid": "请输入有效的电子邮箱地址"})
    contact_address = BoundedCharField(label="通信地址", max_length=200, required=False)
    channel = forms.ChoiceField(label="申请渠道", choices=Channel.choices)
    submitted_on = DateField(label="提交（到达）日期", required=False)
    received_on = DateField(label="收到申请之日")
    information_requested = BoundedCharField(label="所需政府信息", max_length=REQUEST_MAX, multiline=True)
    form = forms.ChoiceField(label="获取信息的形式", choices=Form.choices)
    delivery_route = forms.ChoiceField(label="获取信息的途径", choices=DeliveryRoute.choices)
    reason = BoundedCharField(label="更正理由", max_length=NOTE_MAX, help_text="如：登记时误将律师事务所登记为商业企业")

    CORRECTABLE = ("applicant_name", "applicant_kind", "id_document", "identifier", "contact_phone", "contact_email",
                   "contact_address", "channel", "submitted_on", "received_on", "information_requested", "form",
                   "delivery_route")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        if self.app is not None and not self.is_bound:
            for name in self.CORRECTABLE:
                self.initial[name] = getattr(self.app, name)
        self.fields["information_requested"].widget.attrs["rows"] = 3

    def action_kwargs(self) -> dict:
        changed = {k: self.cleaned_data[k] for k in self.CORRECTABLE
                   if self.app is None or self.cleaned_data.get(k) != getattr(self.app, k)}
        if "submitted_on" in changed and changed["submitted_on"] is None:
            changed.pop("submitted_on")
        return {**changed, "reason": self.cleaned_data["reason"]}


class AttachmentForm(StepForm):
    step = "attach_file"
    kind = forms.ChoiceField(label="材料类型", choices=AttachmentKind.choices)
    file = forms.FileField(label="文件", help_text=f"PDF、图片（PNG/JPEG/TIFF）、Word（.docx）或 OFD，"
                                                  f"不超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    note = BoundedCharField(label="说明", required=False, max_length=NOTE_MAX)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,.docx,.ofd"

    def action_kwargs(self) -> dict:
        return {"kind": self.cleaned_data["kind"], "upload": self.cleaned_data["file"],
                "note": self.cleaned_data["note"]}


class AssignForm(StepForm):
    step = "assign"
    assignee = forms.TypedChoiceField(label="承办人", coerce=int)

    def __init__(self, *a, handlers=(), **kw):
        super().__init__(*a, **kw)
        self.users = {u.pk: u for u in handlers}
        self.fields["assignee"].choices = [("", "— 请选择 —")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in handlers]
        if self.app is not None and not self.is_bound:
            self.initial.setdefault("assignee", self.app.assignee_id)

    def action_kwargs(self) -> dict:
        return {"assignee": self.users[self.cleaned_data["assignee"]]}


class HandOverForm(StepForm):
    step = "hand_over"
    to_user = forms.TypedChoiceField(label="移交给", coerce=int)
    note = BoundedCharField(label="移交说明", required=False, max_length=NOTE_MAX)

    def __init__(self, *a, staff=(), **kw):
        super().__init__(*a, **kw)
        self.users = {u.pk: u for u in staff}
        self.fields["to_user"].choices = [("", "— 请选择 —")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in staff]

    def action_kwargs(self) -> dict:
        return {"to_user": self.users[self.cleaned_data["to_user"]], "note": self.cleaned_data["note"]}


class IssueLetterForm(StepForm):
    """出具待出具的文书: one button per pending letter (document) or missing letter (event)."""

    step = "issue_letter"
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)
    event = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def action_kwargs(self) -> dict:
        if self.cleaned_data.get("document"):
            return {"document": self.cleaned_data["document"]}
        return {"event": self.cleaned_data.get("event")}


STEP_FORMS: dict[str, type[StepForm]] = {cls.step: cls for cls in (
    CorrectionRequestForm, ReceiptForm, CorrectionReceivedForm, ConsultationStartForm, ConsultationEndForm,
    ExtensionForm, LaterDateForm, FeeNoticeForm, PaymentForm, UnpaidForm, DecisionForm, DeliveryForm, ReopenForm,
    RegistrationForm, AttachmentForm, AssignForm, HandOverForm, IssueLetterForm)}


# ------------------------------------------------------------------ lists and settings
class CaseFilterForm(forms.Form):
    q = BoundedCharField(label="搜索", required=False, max_length=100,
                         widget=forms.TextInput(attrs={"type": "search",
                                                       "placeholder": "申请人、证件号码、电话、编号、文号或申请内容"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[
        ("open", "未办结"), ("overdue", "已逾期"), ("due_soon", "即将到期"), ("closed", "已答复/办结"),
        ("all", "全部"), *Status.choices])
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部"), *Channel.choices])
    applicant_kind = forms.ChoiceField(label="申请人类型", required=False,
                                       choices=[("", "全部"), *ApplicantKind.choices])
    assignee = forms.ChoiceField(label="承办人", required=False)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    order = forms.ChoiceField(label="排序", required=False,
                              choices=[("due", "答复期限（临近在前）"), ("new", "登记时间（最新在前）")])

    def __init__(self, *a, handlers=(), years=(), **kw):
        super().__init__(*a, **kw)
        self.fields["assignee"].choices = [("", "全部"), ("me", "我承办的"), ("none", "未分配")] + [
            (str(u.pk), u.get_full_name() or u.get_username()) for u in handlers
        ]
        self.fields["year"].choices = [("", "全部")] + [(str(y), f"{y}年") for y in years]


class Table3Form(forms.Form):
    agency = forms.TypedChoiceField(label="机关", coerce=int)
    year = forms.TypedChoiceField(label="年度", coerce=int)
    subordinates = forms.BooleanField(label="含下级机关（汇总）", required=False)

    def __init__(self, *a, agencies=(), years=(), **kw):
        super().__init__(*a, **kw)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        self.fields["year"].choices = [(y, f"{y}年") for y in years]


class UnlockForm(ChineseErrorsMixin, forms.Form):
    reason = BoundedCharField(label="解除锁定的理由", max_length=NOTE_MAX, help_text="记入操作记录，如：年报更正")


class AgencySettingsForm(ChineseErrorsMixin, forms.Form):
    """The office's public particulars and remedies (printed in letters and the guide)."""

    def __init__(self, *a, agency=None, **kw):
        super().__init__(*a, **kw)
        for name, (label, limit) in SETTINGS_FIELDS.items():
            self.fields[name] = BoundedCharField(label=label, max_length=limit, required=False)
            if agency is not None and not self.is_bound:
                self.initial[name] = getattr(agency, name)
        self.fields["reconsideration_body"].help_text = "答复书告知复议权利时写明，如“海宁市人民政府”"
        self.fields["court"].help_text = "答复书告知诉讼权利时写明；实行行政案件集中管辖的，填写集中管辖法院"


class GrantRoleForm(ChineseErrorsMixin, forms.Form):
    username = BoundedCharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
