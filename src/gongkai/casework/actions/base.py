"""What every action does the same way: open its step, check input, record, audit, commit.

An action reads like the procedure::

    with begin(actor, application, "request_correction", expected_version=v, key=k) as s:
        event = s.event(EventKind.CORRECTION_REQUESTED, on, ...)   # the clock accepts it or refuses
        s.letter(LetterKind.CORRECTION_REQUEST, event, {...})       # numbered now, drawn after commit
        s.finish("发出补正告知：…")                                   # status, clock, version, index, audit
    return s.app

`begin` takes the step's rules from `casework.workflow` (the statuses it may start from, the
authority it needs), locks the case, checks the form's version (a concurrent edit is
`StaleVersion`) and its one-time key (a re-post is `DuplicateSubmission`), all inside one
short transaction.  Letters are drawn after the transaction has committed, outside any lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can_approve, can_work_case
from gongkai.web.textfields import refuse_control_characters

from .. import audit, clock, search, signals, workflow
from ..choices import Source
from ..errors import DuplicateSubmission, InvalidInput, NotAllowed, OutOfOrder, StaleVersion, YearLocked
from ..models import Application, AuditEvent, ClockEvent, Document, SearchEntry, Sequence


def today_or(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def check_date(value, what: str, today: dt.date, *, field: str = "on") -> dt.date:
    """A real date, not in the future."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInput(f"{what}必须是日期，收到 {value!r}", field=field)
    if value > today:
        raise InvalidInput(f"{what}（{value:%Y年%m月%d日}）晚于今天（{today:%Y年%m月%d日}），不能登记将来的日期",
                           field=field)
    return value


def clean_text(value, what: str, max_length: int, *, field: str, required: bool = False,
               multiline: bool = False) -> str:
    """Text a person typed: trimmed, control characters refused, length bounded, before any write."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{what}应为文字，收到 {type(value).__name__}", field=field)
    try:  # before any trimming: a control character is refused, never silently dropped
        refuse_control_characters(value, what)
    except ValidationError as e:
        raise InvalidInput(e.messages[0], field=field) from None
    text = value.strip()
    if not multiline:
        text = " ".join(text.split())
    if len(text) > max_length:
        raise InvalidInput(f"“{what}”不能超过 {max_length} 个字（现为 {len(text)} 个字）", field=field)
    if required and not text:
        raise InvalidInput(f"请填写“{what}”", field=field)
    return text


def next_number(agency: Agency | int, year: int, series: str) -> int:
    """Allocate the next number of a series; call inside the action's transaction."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    seq, _ = Sequence.objects.select_for_update().get_or_create(agency_id=agency_id, year=year, series=series)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def index(app: Application) -> None:
    """Write the case's search entry (`casework.search`), inside the action's transaction."""
    SearchEntry.objects.update_or_create(application_id=app.pk, defaults={"document": search.document_of(app)})


def locked_years(agency_id: int, years: Iterable[int]) -> list[int]:
    from gongkai.annual.models import ReportLock  # annual depends on casework, not the reverse at import

    return sorted(ReportLock.objects.filter(agency_id=agency_id, year__in=set(years)).values_list("year", flat=True))


def check_unlocked(agency_id: int, years: Iterable[int], what: str) -> None:
    locked = locked_years(agency_id, years)
    if locked:
        which = "、".join(f"{y}年度" for y in locked)
        raise YearLocked(f"{which}的年报已锁定（已报送），{what}会改变该年度表三，操作未执行。"
                         f"如确需更正，请先由管理员解除锁定（须写明理由，记入操作记录）")


def duplicate(key: str | None) -> DuplicateSubmission | None:
    """The refusal for a form posted a second time, or None when the key is new."""
    if not key:
        return None
    seen = AuditEvent.objects.filter(key=key).select_related("application").first()
    if seen is None:
        return None
    return DuplicateSubmission(f"该表单已经提交过（{audit.action_label(seen.action)}已于"
                               f"{timezone.localtime(seen.at):%H:%M}办理），未重复办理", seen.application)


def lock(application: Application | int) -> Application:
    pk = application.pk if isinstance(application, Application) else application
    try:
        return Application.objects.select_for_update().select_related("agency").get(pk=pk)
    except Application.DoesNotExist:
        raise InvalidInput(f"申请（编号 {pk}）不存在") from None


def check_authority(actor, app: Application, t: workflow.Transition) -> None:
    if t.authority is workflow.Authority.APPLICANT:  # the portal, having checked the query code
        if actor is not None:
            raise NotAllowed(f"“{t.title}”只能由申请人在网上办理；工作人员请使用相应的登记步骤")
        return
    if t.authority is workflow.Authority.APPROVE:
        if not can_approve(actor, app):
            raise NotAllowed(f"“{t.title}”须由本机关政府信息公开工作机构负责人办理")
    elif not can_work_case(actor, app):
        raise NotAllowed("您无权办理此申请（只能办理本机关的申请，监督人员只能查看）")


@dataclass
class Step:
    """One step being taken on one locked case, inside its transaction."""

    actor: object
    app: Application
    transition: workflow.Transition
    before: dict
    today: dt.date
    key: str | None
    via: str
    documents: list[Document] = field(default_factory=list)
    finished: bool = False

    def event(self, kind: str, on: dt.date, *, strict: bool = True, **fields) -> ClockEvent:
        """Append a clock event once the clock has accepted it (`gongkai.deadlines`)."""
        ev = ClockEvent(application=self.app, kind=kind, on=on, actor=self.actor if _real(self.actor) else None,
                        **fields)
        clock.check(self.app, ev, self.today, strict=strict)
        ev.save()
        return ev

    def letter(self, kind: str, event: ClockEvent | None, extra: dict | None = None) -> Document:
        """The step's letter: numbered and fixed now (or pending, with the reason), drawn after commit."""
        from .letters import prepare

        doc = prepare(self, kind, event, extra or {})
        self.documents.append(doc)
        return doc

    def finish(self, summary: str, *, recompute: bool = True, target=None) -> Application:
        app = self.app
        new_status = target or self.transition.target
        if new_status is not None:
            app.status = new_status
        if recompute:
            clock.recompute(app, self.today)
        app.version += 1
        app.save()
        index(app)
        try:
            with transaction.atomic():
                audit.record(self.actor, self.transition.audit, app, self.before, audit.snapshot(app), summary,
                             key=self.key, via=self.via)
        except IntegrityError:
            raise duplicate(self.key) or DuplicateSubmission("该表单已经提交过，未重复办理", app) from None
        self.finished = True
        # notifications (gongkai.portal.notify) and other listeners run once the step is committed
        step, documents = self.transition.step, list(self.documents)
        transaction.on_commit(lambda: signals.step_committed.send(
            sender=Application, application=app, step=step, documents=documents))
        return app


def _real(actor) -> bool:
    return getattr(actor, "pk", None) is not None


@contextmanager
def begin(actor, application, step: str, *, expected_version: int | None = None, key: str | None = None,
          today: dt.date | None = None, via: str | None = None) -> Iterator[Step]:
    """Open `step` on the case: one transaction, the case locked, the step's rules checked.

    The body records what the step records and calls ``finish``; letters made in it are drawn
    once the transaction has committed."""
    t = workflow.STEPS[step]
    today = today_or(today)
    seen = duplicate(key)
    if seen is not None:
        raise seen
    with transaction.atomic():
        app = lock(application)
        if expected_version is not None and app.version != expected_version:
            raise StaleVersion(f"申请 {app.number} 已被他人修改（当前版本 {app.version}，您看到的是版本 "
                               f"{expected_version}）。请刷新页面，核对最新内容后再操作；您填写的内容未保存")
        check_authority(actor, app, t)
        if t.sources and app.status not in t.sources:
            raise OutOfOrder(f"申请 {app.number} 当前状态为“{app.get_status_display()}”，不能{t.title}")
        s = Step(actor=actor, app=app, transition=t, before=audit.snapshot(app), today=today, key=key,
                 via=via or (Source.STAFF if _real(actor) else Source.SYSTEM))
        yield s
        if not s.finished:
            raise RuntimeError(f"step {step} did not finish")  # a programming error, never input
    if isinstance(application, Application):  # the caller's object shows what was committed
        application.__dict__.update({k: v for k, v in s.app.__dict__.items() if not k.startswith("_")})
    from .letters import draw_after_commit

    draw_after_commit(s.documents)


def last_event_date(app: Application) -> dt.date:
    last = app.events.order_by("-on", "-id").first()
    return last.on if last else app.received_on


def not_before_history(app: Application, on: dt.date, what: str) -> None:
    last = last_event_date(app)
    if on < last:
        raise OutOfOrder(f"{what}日期（{on:%Y年%m月%d日}）早于本案上一事件的日期（{last:%Y年%m月%d日}），"
                         f"事件必须按时间顺序登记", field="on")
