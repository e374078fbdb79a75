"""Fixtures for the portal tests: one agency with staff, files in a temporary private storage."""

from __future__ import annotations

import datetime as dt

import pytest

from casework_files import private_files_in

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = dt.date(2026, 6, 30)  # a Tuesday


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    yield from private_files_in(settings, tmp_path, "queue")


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    from django.core.cache import cache

    settings.PORTAL_SMS_BACKEND = "gongkai.portal.sms.MemorySmsBackend"
    from gongkai.portal.sms import MemorySmsBackend

    MemorySmsBackend.outbox.clear()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, AgencyKind, Role, Staff

    User = get_user_model()
    gov = Agency.objects.create(code="G", name="测试市人民政府", short_name="测政公开", kind=AgencyKind.GOVERNMENT,
                                office_name="测试市人民政府办公室", phone="0573-1234567")
    dept = Agency.objects.create(code="G-D", name="测试市商务局", short_name="测商公开", parent=gov)
    other = Agency.objects.create(code="X", name="别市人民政府", kind=AgencyKind.GOVERNMENT)

    def user(name, email, *memberships):
        u = User.objects.create_user(name, email=email, password="pw")
        for agency, role in memberships:
            Staff.objects.create(user=u, agency=agency, role=role)
        return u

    w = type("World", (), {})()
    w.gov, w.dept, w.other = gov, dept, other
    w.clerk = user("clerk", "clerk@example.gov.cn", (dept, Role.REGISTRAR))
    w.handler = user("handler", "", (dept, Role.HANDLER))
    w.head = user("head", "head@example.gov.cn", (dept, Role.HEAD))
    w.outsider = user("outsider", "out@example.gov.cn", (other, Role.REGISTRAR))
    return w


def form_data(**over) -> dict:
    from gongkai.casework.demo import synthetic_id

    data = {
        "applicant_kind": "natural", "applicant_name": "王小明", "id_document": "", "identifier": synthetic_id(7),
        "contact_phone": "13800001234", "contact_email": "wang@example.com", "contact_address": "",
        "information_requested": "2025年度本局部门决算", "form": "electronic", "delivery_route": "online",
        "intake_key": over.pop("intake_key", None) or __import__("uuid").uuid4().hex, "website": "",
    }
    data.update(over)
    return data


def upload(data: bytes = PDF, name: str = "身份证.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")
