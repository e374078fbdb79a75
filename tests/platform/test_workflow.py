"""The declared state machine against the actions: every transition has its action, every action
refuses the statuses it is not declared for, lands where it is declared to, records the declared
clock event and letter, and writes an audit event; nothing writes case rows but the actions."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from gongkai.casework import actions, workflow
from gongkai.casework.audit import AuditAction
from gongkai.casework.choices import Status
from gongkai.casework.errors import OutOfOrder
from gongkai.casework.models import Application, AuditEvent, ClockEvent, Document

from .conftest import TODAY, receive

SRC = Path(actions.__file__).resolve().parents[2]  # src/gongkai
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_every_transition_names_an_action_with_an_audit_label():
    for t in workflow.TRANSITIONS:
        fn = getattr(actions, t.action, None)
        assert callable(fn), t.action
        assert t.audit in AuditAction, t.step
        assert t.sources or t.step == "receive_application"
        assert t.target is None or t.target in Status


def test_every_do_action_is_a_transition_or_a_declared_non_case_action():
    non_case = {"do_import_calendar_year", "do_record_download", "do_record_export"}
    declared = {t.action for t in workflow.TRANSITIONS}
    found = {name for name in dir(actions) if name.startswith("do_")}
    assert found == declared | non_case


def test_forms_offer_exactly_the_steps_of_the_table():
    from gongkai.staff.forms import STEP_FORMS

    assert set(STEP_FORMS) <= set(workflow.STEPS)
    portal = {t.step for t in workflow.TRANSITIONS if t.authority is workflow.Authority.APPLICANT}
    assert portal == {"reply_correction_online", "confirm_payment_online"}  # the applicant's, on the portal
    assert set(workflow.STEPS) - set(STEP_FORMS) == {"receive_application"} | portal  # registration: own page
    for name, form in STEP_FORMS.items():
        assert form.step == name


# One way to take each step from a case in a status it is declared for; the world is `w`.
def _call(step, w, app, day):
    later = day + dt.timedelta(days=1)
    return {
        "request_correction": lambda: actions.do_request_correction(w.handler, app, on=day, items="请写明文号"),
        "record_receipt": lambda: actions.do_record_receipt(
            w.handler, app, event=app.events.filter(kind__in=["correction_requested", "consultation_started",
                                                              "fee_notice_sent"]).latest("id"), received_on=day),
        "receive_correction": lambda: actions.do_receive_correction(w.handler, app, on=later),
        "start_consultation": lambda: actions.do_start_consultation(w.handler, app, on=day, party="third_party",
                                                                    recipient="某公司"),
        "end_consultation": lambda: actions.do_end_consultation(w.handler, app, on=later),
        "approve_extension": lambda: actions.do_approve_extension(w.head, app, on=day, days=5, reason="复杂"),
        "set_later_date": lambda: actions.do_set_later_date(w.head, app, on=day, later_date=dt.date(2026, 9, 30),
                                                            reason="数量明显超过合理范围，理由合理"),
        "send_fee_notice": lambda: actions.do_send_fee_notice(w.handler, app, on=day, method="per_page", pages=120),
        "record_payment": lambda: actions.do_record_payment(w.handler, app, on=later),
        "conclude_unpaid": lambda: actions.do_conclude_unpaid(w.handler, app, on=dt.date(2026, 7, 2)),
        "decide": lambda: actions.do_decide(w.head, app, on=later, outcome="not_processed.repeat"),
        "deliver": lambda: actions.do_deliver(w.handler, app, on=later, method="post"),
        "reopen": lambda: actions.do_reopen(w.handler, app, on=later, reason="责令重新答复", source="复议决定书"),
        "correct_registration": lambda: actions.do_correct_registration(w.clerk, app, reason="登记错误",
                                                                        applicant_name="王某某"),
        "assign": lambda: actions.do_assign(w.head, app, assignee=w.handler),
        "hand_over": lambda: actions.do_hand_over(w.clerk, app, to_user=w.handler),
        "issue_letter": lambda: actions.do_issue_letter(w.clerk, app, event=app.events.get(kind="received")),
        "attach_file": lambda: actions.do_attach_file(w.clerk, app, kind="envelope",
                                                      upload=ContentFile(PDF, name="信封.pdf")),
        "reply_correction_online": lambda: actions.do_reply_correction_online(
            app, text="补充文号", files=[ContentFile(PDF, name="补正.pdf")]),
        "confirm_payment_online": lambda: actions.do_confirm_payment_online(app, paid_on=later, text="凭证 123"),
    }[step]


def _case_in(w, status: str) -> tuple[Application, dt.date]:
    """A case brought (through the actions) into `status`, and a day for the next step."""
    day = dt.date(2026, 6, 2)
    app = receive(w, on=dt.date(2026, 6, 1), acknowledge=False)
    if status == Status.CORRECTION:
        app = actions.do_request_correction(w.handler, app, on=day, items="请写明文号")
    elif status == Status.CONSULTATION:
        app = actions.do_start_consultation(w.handler, app, on=day, party="third_party", recipient="某公司")
    elif status == Status.FEE_PENDING:
        app = actions.do_send_fee_notice(w.handler, app, on=day, method="per_page", pages=120)
    elif status in (Status.DECIDED, Status.CLOSED):
        app = actions.do_decide(w.head, app, on=day, outcome="not_processed.repeat")
        if status == Status.CLOSED:
            app = actions.do_deliver(w.handler, app, on=day, method="post")
    return app, dt.date(2026, 6, 3)


@pytest.mark.parametrize("t", [t for t in workflow.TRANSITIONS if t.step != "receive_application"],
                         ids=lambda t: t.step)
def test_each_action_follows_its_transition(world, t, monkeypatch):
    """From a declared source status: lands on the declared target, records the declared event and
    letter, bumps the version, writes one audit event named as declared.  From an undeclared one:
    refused, nothing written."""
    from gongkai.casework.actions import base

    monkeypatch.setattr(base, "today_or", lambda today: today or TODAY)
    source = sorted(t.sources)[0] if t.step != "record_receipt" else Status.CORRECTION
    if t.step == "conclude_unpaid":
        monkeypatch.setattr(base, "today_or", lambda today: today or dt.date(2026, 8, 1))
    app, day = _case_in(world, source)
    if t.step == "issue_letter":
        Document.objects.filter(application=app).delete()
    before = (app.version, AuditEvent.objects.filter(application=app).count(),
              set(ClockEvent.objects.filter(application=app).values_list("pk", flat=True)))
    result = _call(t.step, world, app, day)()
    app.refresh_from_db()
    assert app.version == before[0] + 1
    audits = AuditEvent.objects.filter(application=app).exclude(pk__in=[]).order_by("-id")
    assert audits.count() == before[1] + 1 and audits.first().action == t.audit
    if t.step != "reopen":
        assert app.status == (t.target or source)
    new_events = ClockEvent.objects.filter(application=app).exclude(pk__in=before[2])
    assert [e.kind for e in new_events] == ([t.event] if t.event else [])
    if t.letter:
        kinds = set(Document.objects.filter(application=app, event__in=new_events).values_list("kind", flat=True))
        assert len(kinds) == 1, kinds
    assert result is not None

    for other in set(Status) - set(t.sources):
        if t.step in ("record_receipt",):
            continue
        wrong, day = _case_in(world, other)
        snapshot = (wrong.version, AuditEvent.objects.filter(application=wrong).count())
        with pytest.raises(OutOfOrder, match="不能"):
            _call(t.step, world, wrong, day)()
        wrong.refresh_from_db()
        assert (wrong.version, AuditEvent.objects.filter(application=wrong).count()) == snapshot


def test_every_do_action_writes_an_audit_event(world):
    """The non-case actions too (the case ones are proven per transition above)."""
    from gongkai.casework.models import Attachment

    from .conftest import NOTICE_2027

    app = receive(world, on=dt.date(2026, 6, 1), acknowledge=False)
    n = AuditEvent.objects.count()
    actions.do_import_calendar_year(world.admin, year=2027, notice_text=NOTICE_2027, source="测试", today=TODAY)
    assert AuditEvent.objects.count() > n and AuditEvent.objects.latest("id").action in (
        "import_calendar_year", "recompute_due_date")
    att = actions.do_attach_file(world.clerk, app, kind="envelope", upload=ContentFile(PDF, name="x.pdf"))
    n = AuditEvent.objects.count()
    actions.do_record_download(world.clerk, Attachment.objects.get(pk=att.pk))
    assert AuditEvent.objects.latest("id").action == "download_attachment" and AuditEvent.objects.count() == n + 1
    actions.do_record_export(world.clerk, rows=3, fmt="csv", description="未办结的申请")
    assert AuditEvent.objects.latest("id").action == "export_ledger"


# --- nothing but the actions writes case rows -----------------------------------------------------
CASE_MODELS = {"Application", "ClockEvent", "Fee", "Document", "AuditEvent", "Attachment", "SearchEntry",
               "Sequence", "CalendarYear", "ApplicantSubmission"}
WRITES = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
ALLOWED = {  # modules that may write case rows: the actions, the audit trail they call, and these:
    "casework/actions", "casework/audit.py",
    "casework/synthetic.py",  # benchmark data, bulk SQL, never a platform database
    "casework/migrations",  # data migrations
    "casework/schedule.py",  # ScheduledRun only (not a case model)
    # the per-agency counters (Sequence) are shared: the catalogue's index numbers run in their own
    # series (idx:<category>), row-locked inside publishing's own audited actions
    "publishing/actions/numbering.py",
}


def _writes_in(path: Path) -> list[str]:
    """`Model.objects.<write>` / `<instance of a case model>.save()` calls naming a case model."""
    return _writes_in_text(path.read_text(encoding="utf-8"), path)


def _writes_in_text(text: str, path: Path) -> list[str]:
    tree = ast.parse(text)
    in_casework = path.relative_to(SRC).parts[0] == "casework"
    # a name counts as a case model only where it is casework's: inside casework, or imported from its
    # models (another app's own Document or Sequence is not a case model)
    imported = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and (node.module or "").endswith("casework.models") for a in node.names}
    models = CASE_MODELS if in_casework else CASE_MODELS & imported
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITES:
            continue
        chain, target = [], node.func.value
        while isinstance(target, ast.Attribute | ast.Call):
            target = target.value if isinstance(target, ast.Attribute) else target.func
            if isinstance(target, ast.Attribute):
                chain.append(target.attr)
        if isinstance(target, ast.Name) and target.id in models:
            found.append(f"{path.relative_to(SRC)}:{node.lineno} {target.id}…{node.func.attr}()")
    return found


def test_no_case_model_is_written_outside_the_actions():
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = str(path.relative_to(SRC))
        if any(rel.startswith(a) for a in ALLOWED):
            continue
        offenders += _writes_in(path)
    assert offenders == []


def test_the_lint_sees_a_write_of_an_imported_case_model(tmp_path):
    outside = SRC / "annual" / "_lint_sample.py"  # a path outside casework, never written to disk
    code = "from gongkai.casework.models import Application\nApplication.objects.filter(pk=1).update(status='x')\n"
    tree_path = tmp_path / "sample.py"
    tree_path.write_text(code, encoding="utf-8")
    assert _writes_in_text(code, outside)


def test_the_lint_sees_a_write():
    sample = Path(inspect.getfile(actions.intake))
    assert _writes_in(sample), "the lint found no write in the intake action: it would miss them everywhere"
