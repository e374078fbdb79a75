"""Fixtures for the supervising office: a region (a government, three departments, a township), an
office supervisor, each department's own staff, an outsider; documents made from the corpus truths
re-labelled to the region's agencies; background tasks run immediately."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from corpus import CORPUS
from gongkai import interchange

YEAR = 2024
# 2021-format truths with all three tables filled, re-labelled per agency
TRUTHS = {"G-A": "sanming-2022", "G-B": "shuyang-county-2025", "G-C": "hongze-district-2023",
          "G": "shuyang-county-2025", "G-T": "sanming-2022"}


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    """django-tasks' immediate backend (a task runs when enqueued); uploads kept under tmp."""
    from gongkai.web.uploads import private_storage

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.GONGKAI_HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    private_storage.cache_clear()
    yield
    private_storage.cache_clear()


@pytest.fixture
def region(db):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, AgencyKind, Role, Staff

    User = get_user_model()
    gov = Agency.objects.create(code="G", name="测试市人民政府", kind=AgencyKind.GOVERNMENT)
    a = Agency.objects.create(code="G-A", name="测试市商务局", parent=gov)
    b = Agency.objects.create(code="G-B", name="测试市教育局", parent=gov)
    c = Agency.objects.create(code="G-C", name="测试市民政局", parent=gov)
    t = Agency.objects.create(code="G-T", name="测试市某某镇人民政府", kind=AgencyKind.TOWNSHIP, parent=gov)
    other = Agency.objects.create(code="X", name="别市人民政府", kind=AgencyKind.GOVERNMENT)
    x_dept = Agency.objects.create(code="X-A", name="别市商务局", parent=other)

    def user(name, *memberships):
        u = User.objects.create_user(name, password="pw", first_name=name)
        for agency, role in memberships:
            Staff.objects.create(user=u, agency=agency, role=role)
        return u

    w = type("Region", (), {})()
    w.gov, w.a, w.b, w.c, w.t, w.other, w.x_dept = gov, a, b, c, t, other, x_dept
    w.office = user("office", (gov, Role.SUPERVISOR))
    w.a_head = user("a_head", (a, Role.HEAD))
    w.b_clerk = user("b_clerk", (b, Role.REGISTRAR))
    w.outsider = user("outsider", (other, Role.SUPERVISOR))
    w.x_head = user("x_head", (x_dept, Role.HEAD))
    return w


def report_for(agency, year: int = YEAR, truth: str | None = None, sections: dict | None = None):
    r = interchange.read(CORPUS / f"{truth or TRUTHS.get(agency.code, 'sanming-2022')}.truth.json")
    r.agency, r.year = agency.name, year
    new = r.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/总计"]
    r.sections = sections or {
        1: (f"{year}年，{agency.name}坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
            f"围绕中心工作推进决策、执行、管理、服务、结果公开，全年共收到政府信息公开申请{new}件，均在法定期限内答复。"),
        2: "", 3: "", 4: "",
        5: ("一是主动公开的及时性有待提高，个别栏目更新不够及时；二是政策解读形式较为单一，图解、视频解读偏少。"
            "下一步将完善信息发布审核流程，建立栏目定期检查制度，丰富政策解读形式，提升公开实效。"),
        6: "本机关全年未收取信息处理费。",
    }
    return r


def document(agency, kind: str = "html", year: int = YEAR, truth: str | None = None, edit=None, **kw) -> bytes:
    """A report of `agency` rendered by gongkai's writers as `kind` (html, docx, pdf)."""
    from gongkai.writers import render

    r = report_for(agency, year, truth, **kw)
    if edit:
        edit(r)
    return render(r, kind)


def upload_file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def zip_of(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()
