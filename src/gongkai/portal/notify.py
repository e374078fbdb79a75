"""Messages at each legal step, sent once the casework step has committed (the
`casework.signals.step_committed` signal is sent from ``transaction.on_commit``).

For applications made on the portal (their applicant has a query code to follow the case
online; one registered by staff from a letter is answered by letter), the applicant gets an
e-mail (Django's e-mail backend: console by default) and an SMS (the pluggable `portal.sms`
backend) when they gave an address or a mobile number; the agency's registrars and heads get an
e-mail for every new online application.  Messages carry the
application number and a link to the tracking page, never the query code or the ID number.
A failing mail server is logged, never raised: the step has already committed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver

from gongkai.casework.choices import Source
from gongkai.casework.signals import step_committed

from . import plain, sms

logger = logging.getLogger(__name__)


def _site() -> str:
    return getattr(settings, "PORTAL_SITE_URL", "").rstrip("/")


def _send_mail(subject: str, body: str, to: list[str]) -> bool:
    to = [a for a in to if a and "@" in a]
    if not to:
        return False
    try:
        send_mail(subject, body, None, to, fail_silently=False)
    except Exception:
        logger.exception("notification e-mail failed")
        return False
    return True


def applicant_message(app, step: str) -> str | None:
    words = plain.STEP_MESSAGES.get(step)
    if words is None:
        return None
    due = f"{app.due_on:%Y年%m月%d日}" if app.due_on else "（见查询页面）"
    return words.format(number=app.number, due=due)


def notify_applicant(app, step: str) -> None:
    text = applicant_message(app, step)
    if text is None:
        return
    link = f"{_site()}/public/track/"
    body = (f"{app.applicant_name}：\n\n{text}\n\n查询办理进度：{link}（凭申请编号和查询码）\n\n"
            f"{app.agency.office_name or app.agency.name}\n（本邮件由系统自动发送，请勿直接回复。）")
    _send_mail(f"【{app.agency.name}】政府信息公开申请 {app.number}", body, [app.contact_email])
    sms.send_sms(app.contact_phone, f"【{app.agency.name}】{text}")


def staff_addresses(agency_id: int) -> list[str]:
    from gongkai.agencies.models import Role, Staff

    rows = Staff.objects.filter(agency_id=agency_id, role__in=(Role.REGISTRAR, Role.HEAD), user__is_active=True)
    return sorted({e for e in rows.values_list("user__email", flat=True) if e})


def notify_staff_new(app) -> None:
    body = (f"门户收到一件网上申请：{app.number}（{app.received_on:%Y年%m月%d日}收到）。\n"
            f"请登录工作平台查看并办理：{_site()}/cases/{app.pk}/\n（申请人身份信息请在平台内查看，本邮件不含个人信息。）")
    _send_mail(f"【网上申请】{app.number}", body, staff_addresses(app.agency_id))


def notify_staff_submission(app, step: str) -> None:
    what = "补正材料" if step == "reply_correction_online" else "缴费确认"
    body = f"申请人通过门户提交了{what}：{app.number}。请登录工作平台查看：{_site()}/cases/{app.pk}/"
    _send_mail(f"【网上{what}】{app.number}", body, staff_addresses(app.agency_id))


@receiver(step_committed, dispatch_uid="portal.notify")
def on_step(sender, application, step, documents=(), **kwargs):
    try:
        app = type(application).objects.select_related("agency").get(pk=application.pk)
    except type(application).DoesNotExist:
        return
    if app.source != Source.PORTAL:  # only online applicants have a query code and the tracking page
        return
    try:
        notify_applicant(app, step)
        if step == "receive_application":
            notify_staff_new(app)
        elif step in ("reply_correction_online", "confirm_payment_online"):
            notify_staff_submission(app, step)
    except Exception:  # a notification never undoes or breaks a committed step
        logger.exception("notification for %s failed", step)
