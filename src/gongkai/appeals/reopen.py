"""The one place that reopens a case after a reconsideration or court corrects its decision.

Casework owns reopening (`gongkai.casework.actions.do_reopen`: a declared transition with its
own clock, audited, refused where it would change a locked 表三).  It is imported here, at call
time, so that appeals work (and are tested, with this function patched) before casework has it.
"""

from __future__ import annotations

import datetime as dt

from gongkai.casework.errors import CaseworkError


class ReopenUnavailable(CaseworkError):
    """This installation's casework cannot reopen a case yet."""


def reopen_case(actor, application, *, on: dt.date, reason: str, source: str = ""):
    try:
        from gongkai.casework.actions import do_reopen
    except ImportError:
        raise ReopenUnavailable(
            "本平台的办件模块尚不能重新办理已办结的申请（缺少“重新办理”功能）。"
            "如结果纠正不要求重新答复，请取消勾选“重新办理所涉申请”后再登记") from None
    return do_reopen(actor, application, on=on, reason=reason, source=source)
