"""The review workflow as one declared state machine: which step is legal from which status,
who may take it, what it asks for and where it leads.  Actions check against it; forms and
pages ask it which buttons to show.  Nothing else decides.

    drafted ──submit──▶ submitted ──approve (保密审查员)──▶ reviewed ──publish──▶ published ──abolish──▶ abolished
       ▲  ◀──withdraw──┘   └──reject (保密审查员, reason)──▶ rejected        │
       └────────────────────────reopen───────────────────────────────────┘
    drafted / rejected ──edit (content, attachments)──▶ same status;  ──discard──▶ discarded
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.agencies.models import Role

from .choices import Status

# The disclosure office's staff who keep the catalogue (everyone but the supervisor and the reviewer).
CLERKS = (Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)
REVIEWERS = (Role.REVIEWER,)


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # the button
    done: str  # the history line, past tense
    sources: tuple[Status, ...]
    roles: tuple[str, ...]
    target: Status | None  # None: the status stays (edit)
    note: str = ""  # label of the text the step asks for ("" = none)
    note_required: bool = False
    note_initial: str = ""
    needs_date: bool = False  # publish and abolish are dated
    superuser_may: bool = True  # a Django superuser may take the step without holding the role
    help: str = ""

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


STEPS: dict[str, Step] = {s.name: s for s in (
    Step("edit", "修改", "修改了内容", (Status.DRAFTED, Status.REJECTED), CLERKS, None,
         help="草稿和被退回的条目可以修改；提交审查后内容锁定。"),
    Step("submit", "提交保密审查", "提交保密审查", (Status.DRAFTED, Status.REJECTED), CLERKS, Status.SUBMITTED,
         note="提交说明", help="提交后由保密审查员审查；审查通过前不会公开。"),
    Step("withdraw", "撤回", "撤回了审查申请", (Status.SUBMITTED,), CLERKS, Status.DRAFTED,
         help="撤回后可以继续修改。"),
    Step("approve", "审查通过", "保密审查通过", (Status.SUBMITTED,), REVIEWERS, Status.REVIEWED,
         note="审查意见", note_required=True,
         note_initial="经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。",
         superuser_may=False, help="只有保密审查员可以审查；不能审查自己提交的条目。"),
    Step("reject", "退回", "保密审查退回", (Status.SUBMITTED,), REVIEWERS, Status.REJECTED,
         note="退回理由", note_required=True, superuser_may=False,
         help="写明需要删改的内容和理由，经办人修改后可再次提交。"),
    Step("reopen", "退回修改", "撤销审查结论，重新修改", (Status.REVIEWED,), CLERKS, Status.DRAFTED,
         note="修改原因", note_required=True, help="审查通过后要改内容，须重新审查。"),
    Step("publish", "发布", "发布", (Status.REVIEWED,), CLERKS, Status.PUBLISHED, needs_date=True,
         help="发布时分配索引号；发布日期不能早于成文日期和审查日期。"),
    Step("abolish", "废止", "废止", (Status.PUBLISHED,), CLERKS, Status.ABOLISHED, needs_date=True,
         note="废止说明", help="废止日期不能早于成文日期；可注明替代它的文件。"),
    Step("discard", "作废", "作废", (Status.DRAFTED, Status.REJECTED), CLERKS, Status.DISCARDED,
         note="作废原因", note_required=True, help="作废的草稿不进入目录，也不计入表二。"),
)}


def step(name: str) -> Step:
    try:
        return STEPS[name]
    except KeyError:
        raise KeyError(f"no catalogue step {name!r}") from None


def steps_from(status: str) -> list[Step]:
    """Every step the machine allows from `status`, in declaration order."""
    return [s for s in STEPS.values() if s.allowed_from(status)]


def status_label(status: str) -> str:
    return Status(status).label
