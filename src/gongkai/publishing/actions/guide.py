"""The guide's own particulars, and its editions (a new one whenever its content changes)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.casework import audit
from gongkai.web.textfields import refuse_control_characters

from .. import guide as guide_text
from ..errors import InvalidItem, NotAllowed
from ..models import GuideEdition, GuideProfile
from ..permissions import may_configure
from .common import today_or

LIMITS = {"publication_places": 2000, "online_application": 200, "extra_notes": 5000}
LABELS = {"publication_places": "主动公开的途径", "online_application": "网上申请地址", "extra_notes": "其他说明"}


def do_update_guide_profile(actor, agency: Agency, *, today: dt.date | None = None, **fields) -> GuideProfile:
    if not may_configure(actor, agency):
        raise NotAllowed("公开指南须由本机关公开工作机构负责人或管理员修改")
    problems = []
    for f, v in fields.items():
        if f not in LIMITS:
            problems.append((f, f"未知的指南设置项 {f}"))
            continue
        v = (v or "").strip()
        try:
            refuse_control_characters(v, LABELS[f])
        except ValidationError as e:
            problems.append((f, e.messages[0]))
        if len(v) > LIMITS[f]:
            problems.append((f, f"“{LABELS[f]}”不能超过 {LIMITS[f]} 个字"))
        fields[f] = v
    if problems:
        raise InvalidItem(problems)
    with transaction.atomic():
        profile, _ = GuideProfile.objects.select_for_update().get_or_create(agency=agency)
        before = audit.snapshot(profile, list(LIMITS))
        for f, v in fields.items():
            setattr(profile, f, v)
        profile.save()
        audit.record(actor, "publishing.guide_profile", profile, before, audit.snapshot(profile, list(LIMITS)),
                     f"修改{agency.name}公开指南")
    do_record_guide_edition(actor, agency, today=today)
    return profile


def do_record_guide_edition(actor, agency: Agency, *, guide: guide_text.Guide | None = None,
                            today: dt.date | None = None) -> GuideEdition:
    """The guide's current edition: a new one, dated today, when its content differs from the last."""
    from ..selectors import guide_for

    today = today_or(today)
    guide = guide or guide_for(agency)
    digest = guide.digest
    latest = GuideEdition.objects.filter(agency=agency).first()
    if latest is not None and latest.digest == digest:
        return latest
    with transaction.atomic():
        # one writer at a time per agency: the profile row is the lock
        GuideProfile.objects.select_for_update().get_or_create(agency=agency)
        latest = GuideEdition.objects.filter(agency=agency).first()
        if latest is not None and latest.digest == digest:
            return latest
        edition = GuideEdition.objects.create(agency=agency, digest=digest, changed_on=today)
        audit.record(actor, "publishing.guide_edition", edition, None, {"digest": digest[:12]},
                     f"{agency.name}公开指南内容有变化，记为{today:%Y年%m月%d日}更新")
    return edition
