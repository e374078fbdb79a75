"""Fixtures for the staff pages: two sibling agencies under a government, one user per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from casework_files import private_files_in
from gongkai.agencies.models import Agency, AgencyKind, Role, Staff
from gongkai.casework import actions
from gongkai.casework.demo import synthetic_credit_code, synthetic_id

PASSWORD = "pw-for-tests-only"


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def agencies(db):
    gov = Agency.objects.create(code="T", name="测试市人民政府", short_name="测政公开", kind=AgencyKind.GOVERNMENT)
    dep = Agency.objects.create(code="T-A", name="测试市商务局", short_name="测商公开", parent=gov)
    other = Agency.objects.create(code="T-B", name="测试市交通运输局", short_name="测交公开", parent=gov)
    return {"gov": gov, "dep": dep, "other": other}


@pytest.fixture
def users(agencies):
    User = get_user_model()
    spec = {
        "clerk": ("dep", Role.REGISTRAR), "handler": ("dep", Role.HANDLER), "head": ("dep", Role.HEAD),
        "supervisor": ("gov", Role.SUPERVISOR), "outsider": ("other", Role.HEAD),
    }
    out = {}
    for name, (agency, role) in spec.items():
        u = User.objects.create_user(username=name, password=PASSWORD, first_name=f"{name}名")
        Staff.objects.create(user=u, agency=agencies[agency], role=role)
        out[name] = u
    return out


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def case(users, agencies, today):
    """An open application received a working day ago in the department."""
    return actions.do_receive_application(
        users["clerk"], agencies["dep"], applicant_kind="natural", applicant_name="王建国",
        identifier=synthetic_id(1), information_requested="2025年度某路改造工程立项批复",
        channel="in_person", received_on=today - dt.timedelta(days=1), contact_phone="13800000000",
    )


@pytest.fixture
def valid_id():
    return synthetic_id(7)


@pytest.fixture
def valid_credit_code():
    return synthetic_credit_code(42)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    yield from private_files_in(settings, tmp_path, "queue")
