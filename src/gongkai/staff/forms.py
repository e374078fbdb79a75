"""Forms of the staff pages.  They parse and type the input; the rules live in the actions.

Every form that changes a case carries the case ``version`` it was built from, so a
concurrent edit is refused (``StaleVersion``) instead of silently overwriting.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from gongkai.casework.choices import (
    ApplicantKind,
    Channel,
    DeliveryRoute,
    FeeMethod,
    Form,
    Status,
    outcome_choices,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class DateField(forms.DateField):
    default_error_messages = {"invalid": "请输入有效日期，格式如 2026-03-05", "required": "请填写日期"}

    def __init__(self, label="日期", **kw):
        kw.setdefault("initial", _today)
        kw.setdefault("widget", DATE)
        super().__init__(label=label, **kw)


class ChineseErrorsMixin:
    """Django's built-in 'This field is required.' → Chinese, for every field."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        for field in self.fields.values():
            field.error_messages.setdefault("required", "此项必须填写")
            field.error_messages["required"] = f"请填写“{field.label}”" if field.label else "此项必须填写"
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = "请从列表中选择有效的选项"
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = "请输入整数"


class IntakeForm(ChineseErrorsMixin, forms.Form):
    """登记申请: walk-in, post, phone (oral, filled in by staff), online, fax."""

    intake_key = forms.CharField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label="申请渠道", choices=Channel.choices,
                                help_text="决定“收到申请之日”（《条例》第三十一条）")
    received_on = DateField(label="收到申请之日",
                            help_text="当面提交为提交之日；邮寄需签收为签收之日；平信为确认之日；网上、传真为双方确认之日")
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices,
                                       help_text="法人或其他组织按表三的五类之一登记")
    applicant_name = forms.CharField(label="申请人姓名/名称", max_length=100)
    identifier = forms.CharField(label="身份证号码/统一社会信用代码", max_length=18,
                                 help_text="自然人填写18位居民身份证号码；法人或其他组织填写18位统一社会信用代码")
    contact_phone = forms.CharField(label="联系电话", max_length=32, required=False)
    contact_email = forms.EmailField(label="电子邮箱", max_length=100, required=False,
                                     error_messages={"invalid": "请输入有效的电子邮箱地址"})
    contact_address = forms.CharField(label="通信地址", max_length=200, required=False)
    information_requested = forms.CharField(
        label="所需政府信息", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="政府信息的名称、文号或者便于查询的其他特征性描述（《条例》第二十九条）")
    form = forms.ChoiceField(label="获取信息的形式", choices=Form.choices)
    delivery_route = forms.ChoiceField(label="获取信息的途径", choices=DeliveryRoute.choices)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        if not self.is_bound:
            self.initial.setdefault("intake_key", uuid.uuid4().hex)
        self.fields["identifier"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false",
                                                       "inputmode": "text"})
        self.fields["contact_phone"].widget.input_type = "tel"


class VersionedForm(ChineseErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionRequestForm(VersionedForm):
    on = DateField(label="告知日期")
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="一次性告知全部需要补正的事项（《条例》第三十条）")
    correction_period = forms.CharField(label="补正期限", initial="15个工作日", max_length=30)
    override_reason = forms.CharField(label="逾期发出的理由", required=False, max_length=200,
                                      help_text="超过收到申请后7个工作日才发出时必须填写")


class CorrectionReceivedForm(VersionedForm):
    on = DateField(label="收到补正材料日期")


class ConsultationStartForm(VersionedForm):
    on = DateField(label="发出征求意见日期")
    party = forms.ChoiceField(label="征求意见对象", choices=[("third_party", "第三方（第三十二条）"),
                                                          ("co_producer", "共同制作机关（第三十四条）")])
    recipient = forms.CharField(label="第三方或机关名称", max_length=100)


class ConsultationEndForm(VersionedForm):
    on = DateField(label="征求意见结束日期")
    note = forms.CharField(label="意见情况", required=False, max_length=200)


class ExtensionForm(VersionedForm):
    on = DateField(label="批准日期")
    days = forms.IntegerField(label="延长工作日数", initial=20, min_value=1, max_value=20,
                              error_messages={"min_value": "至少延长1个工作日", "max_value": "延长期限最长不得超过20个工作日"})
    reason = forms.CharField(label="延期理由", max_length=200)


class FeeNoticeForm(VersionedForm):
    on = DateField(label="通知日期")
    method = forms.ChoiceField(label="计收方式", choices=FeeMethod.choices,
                               help_text="按件：本月同一申请人第11件起收费；按量：超过30页的部分收费。只能选一种")
    pages = forms.IntegerField(label="页数（按量计收时填写）", required=False, min_value=1,
                               error_messages={"min_value": "页数至少为1"})
    payment_method = forms.CharField(label="缴费方式", max_length=200, initial="通过非税收入统一缴款平台缴纳")

    def clean(self):
        data = super().clean()
        if data.get("method") == FeeMethod.PER_PAGE and not data.get("pages"):
            self.add_error("pages", "按量计收须填写页数")
        return data


class PaymentForm(VersionedForm):
    on = DateField(label="登记日期")
    paid = forms.TypedChoiceField(label="缴费情况", coerce=lambda v: v == "yes",
                                  choices=[("yes", "已按期缴纳"), ("no", "逾期未缴纳（不再处理，计入表三（六）2）")],
                                  widget=forms.RadioSelect)


class DecisionForm(VersionedForm):
    on = DateField(label="答复日期")
    outcome = forms.ChoiceField(label="办理结果（表三）")
    legal_basis = forms.CharField(label="法律依据", max_length=300, required=False,
                                  help_text="留空则按办理结果自动填写《条例》相应条款")
    reason = forms.CharField(label="理由说明（写入答复书）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    delivery = forms.CharField(label="提供方式（写入答复书）", required=False, max_length=100,
                               help_text="如：随本答复书附送纸质件；通过电子邮件发送")
    published_at = forms.CharField(label="已主动公开的位置", required=False, max_length=200,
                                   help_text="予以公开且已主动公开时填写，如：本机关门户网站“政府信息公开”专栏")
    responsible_agency = forms.CharField(label="负责公开的机关", required=False, max_length=100,
                                         help_text="无法提供、且信息由其他机关负责公开时填写（第三十六条第（五）项）")

    def __init__(self, *a, year: int, **kw):
        super().__init__(*a, **kw)
        self.fields["outcome"].choices = [("", "— 请选择 —"), *outcome_choices(year)]


class IssueReplyForm(VersionedForm):
    """Issue (or re-issue) the reply letter of a decided case."""

    reason = forms.CharField(label="理由说明（写入答复书）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    delivery = forms.CharField(label="提供方式（写入答复书）", required=False, max_length=100)
    published_at = forms.CharField(label="已主动公开的位置", required=False, max_length=200)
    responsible_agency = forms.CharField(label="负责公开的机关", required=False, max_length=100)


class DeliveryForm(VersionedForm):
    on = DateField(label="送达日期")
    method = forms.ChoiceField(label="送达方式", choices=DeliveryRoute.choices)
    note = forms.CharField(label="送达凭证/备注", required=False, max_length=200,
                           help_text="如：EMS 单号、签收人")


class AssignForm(VersionedForm):
    assignee = forms.TypedChoiceField(label="承办人", coerce=int)

    def __init__(self, *a, handlers=(), **kw):
        super().__init__(*a, **kw)
        self.fields["assignee"].choices = [("", "— 请选择 —")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in handlers
        ]


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "编号、申请人或申请内容"}))
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


# Which step form backs which action, and who may take it (checked again by the action).
STEPS: dict[str, dict] = {
    "request_correction": {"form": CorrectionRequestForm, "title": "发出补正告知", "statuses": (Status.RECEIVED,)},
    "receive_correction": {"form": CorrectionReceivedForm, "title": "登记收到补正材料",
                           "statuses": (Status.CORRECTION,)},
    "start_consultation": {"form": ConsultationStartForm, "title": "征求意见",
                           "statuses": (Status.RECEIVED,)},
    "end_consultation": {"form": ConsultationEndForm, "title": "征求意见结束", "statuses": (Status.CONSULTATION,)},
    "approve_extension": {"form": ExtensionForm, "title": "批准延期答复", "head": True,
                          "statuses": (Status.RECEIVED, Status.CONSULTATION)},
    "send_fee_notice": {"form": FeeNoticeForm, "title": "发出收费通知", "statuses": (Status.RECEIVED,)},
    "record_payment": {"form": PaymentForm, "title": "登记缴费情况", "statuses": (Status.FEE_PENDING,)},
    "decide": {"form": DecisionForm, "title": "作出答复", "head": True,
               "statuses": (Status.RECEIVED, Status.CORRECTION, Status.CONSULTATION)},
    "issue_reply": {"form": IssueReplyForm, "title": "出具答复书", "statuses": (Status.DECIDED, Status.CLOSED)},
    "deliver": {"form": DeliveryForm, "title": "登记送达", "statuses": (Status.DECIDED,)},
}
