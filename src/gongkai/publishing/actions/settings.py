"""An agency's catalogue settings: the index-number scheme and the year 表二 may count from."""

from __future__ import annotations

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.casework import audit

from .. import indexno
from ..errors import NotAllowed, SchemeInvalid
from ..models import CatalogueSettings
from ..permissions import may_configure

FIELDS = ("index_template", "index_agency_code", "serial_width", "counts_from_year")


def do_configure_catalogue(actor, agency: Agency, **fields) -> CatalogueSettings:
    """Change the scheme (numbers already given stay as they are) or the 表二 start year."""
    if not may_configure(actor, agency):
        raise NotAllowed("目录设置须由本机关公开工作机构负责人或管理员修改")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise SchemeInvalid(f"未知的设置项：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        settings, _ = CatalogueSettings.objects.select_for_update().get_or_create(agency=agency)
        before = audit.snapshot(settings, list(FIELDS))
        for f, v in fields.items():
            setattr(settings, f, v.strip() if isinstance(v, str) else v)
        year = settings.counts_from_year
        if year is not None and not 2008 <= year <= 2100:
            raise SchemeInvalid(f"目录完整起始年度 {year} 不合理（《条例》2008 年起施行）", field="counts_from_year")
        try:
            indexno.Scheme(settings.index_template, settings.agency_code, settings.serial_width)
        except indexno.SchemeError as e:
            raise SchemeInvalid(str(e), field="index_template") from None
        settings.save()
        audit.record(actor, "publishing.configure", settings, before, audit.snapshot(settings, list(FIELDS)),
                     f"修改{agency.name}目录设置")
    return settings
