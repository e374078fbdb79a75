"""Login hardening: lockout after wrong passwords, password rules, session expiry, TOTP."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.web import sessions, twofactor

PASSWORD = "Zhengwu-Gongkai-2026"


def _staff(code: str, agency_name: str, username: str, role: str):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, AgencyKind, Staff

    agency = Agency.objects.create(code=code, name=agency_name, kind=AgencyKind.GOVERNMENT)
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Staff.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def head(db):
    return _staff("G", "测试市人民政府", "head", "head")


@pytest.fixture
def admin_user(db):
    return _staff("A", "甲市人民政府", "root", "admin")


def _post_login(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


# ------------------------------------------------------------------ throttling (django-axes)
@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_lockout_after_five_wrong_passwords_then_right_one_refused(client, head, admin_user, url_name):
    url = reverse(url_name)
    user = admin_user if url_name == "admin:login" else head
    for _ in range(4):
        r = _post_login(client, url, user.username, "wrong-password")
        assert r.status_code == 200  # the form again, with its error
    r = _post_login(client, url, user.username, "wrong-password")  # the fifth
    assert r.status_code == 429
    r = _post_login(client, url, user.username, PASSWORD)  # the right one, too late
    assert r.status_code == 429
    page = r.content.decode()
    assert "登录已暂停" in page and "连续输错 5 次" in page and "约 15 分钟" in page
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client, head, admin_user):
    for _ in range(5):
        _post_login(client, reverse("login"), "head", "wrong-password")
    # another account from the same address still logs in
    r = _post_login(client, reverse("login"), "root", PASSWORD)
    assert r.status_code == 302
    # the same account from another address too
    other = type(client)(REMOTE_ADDR="10.9.8.7")
    assert _post_login(other, reverse("login"), "head", PASSWORD).status_code == 302


def test_success_resets_the_count(client, head):
    for _ in range(4):
        _post_login(client, reverse("login"), "head", "wrong-password")
    assert _post_login(client, reverse("login"), "head", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _post_login(client, reverse("login"), "head", "wrong-password")
    assert _post_login(client, reverse("login"), "head", PASSWORD).status_code == 302


@override_settings(PROXY_COUNT=1)
def test_behind_the_proxy_the_forwarded_address_counts(client, head):
    for _ in range(5):
        client.post(reverse("login"), {"username": "head", "password": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = client.post(reverse("login"), {"username": "head", "password": PASSWORD},
                         HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    # the proxy itself (REMOTE_ADDR 127.0.0.1) is not what got locked
    ok = client.post(reverse("login"), {"username": "head", "password": PASSWORD},
                     HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert ok.status_code == 302


# ------------------------------------------------------------------ password rules
@pytest.mark.parametrize("weak", ["12345678901234", "password123", "gongkai-demo", "GONGKAI-DEMO", "short1!"])
def test_weak_passwords_are_refused_in_chinese(weak):
    with pytest.raises(ValidationError) as e:
        validate_password(weak)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in " ".join(e.value.messages))


def test_the_demo_password_is_accepted_in_the_demo_only():
    with override_settings(DEMO=True):
        validate_password("gongkai-demo")
    with pytest.raises(ValidationError, match="演示密码"):
        validate_password("gongkai-demo")
    validate_password(PASSWORD)


# ------------------------------------------------------------------ sessions
def test_session_ends_after_idle_time(client, head):
    client.force_login(head)
    assert client.get(reverse("staff:home")).status_code == 200
    s = client.session
    s[sessions.SEEN_AT] = time.time() - 31 * 60
    s.save()
    r = client.get(reverse("staff:home"))
    assert r.status_code == 302 and r.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(r.url).content.decode()
    assert "长时间未操作" in page


def test_session_ends_after_the_absolute_limit_even_when_active(client, head):
    client.force_login(head)
    s = client.session
    s[sessions.LOGIN_AT] = time.time() - 11 * 3600
    s.save()
    r = client.get(reverse("staff:home"))
    assert r.status_code == 302 and "_auth_user_id" not in client.session


def test_reading_pages_does_not_write_the_session_every_time(client, head, django_assert_num_queries):
    client.force_login(head)
    client.get(reverse("staff:home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        client.get(reverse("staff:home"))
    assert not [x for x in q.captured_queries if x["sql"].startswith("UPDATE") and "django_session" in x["sql"]]


def test_session_cookie_settings(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_IDLE_SECONDS <= 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True


# ------------------------------------------------------------------ second factor (TOTP)
def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_enrol_with_qr_code_then_verified(client, head):
    client.force_login(head)
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "启用两步验证" in html
    device = TOTPDevice.objects.get(user=head, confirmed=False)
    assert client.post(reverse("otp_setup"), {"otp_token": "000000" if _code(device) != "000000" else "111111"}
                       ).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    r = client.post(reverse("otp_setup"), {"otp_token": _code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    from gongkai.casework.models import AuditEvent

    assert AuditEvent.objects.filter(action="auth.otp_enrol", object_id=str(head.pk)).exists()
    assert client.get(reverse("staff:home")).status_code == 200


def test_enrolled_user_must_enter_the_code_after_the_password(client, head):
    device = TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    r = client.post(reverse("login"), {"username": "head", "password": PASSWORD})
    assert r.status_code == 302
    home = client.get(reverse("staff:home"))
    assert home.status_code == 302 and home.url.startswith(reverse("otp_verify"))
    assert client.get(reverse("admin:index")).url.startswith(reverse("otp_verify"))
    wrong = client.post(reverse("otp_verify"), {"otp_token": "12345", "next": "/"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(reverse("otp_verify"), {"otp_token": _code(device), "next": reverse("staff:case_list")})
    assert ok.status_code == 302 and ok.url == reverse("staff:case_list")
    assert client.get(reverse("staff:home")).status_code == 200


def test_wrong_codes_are_throttled(client, head):
    device = TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    client.force_login(head)
    client.post(reverse("otp_verify"), {"otp_token": "000001"})
    # right after a failure even the right code waits (django-otp's exponential back-off)
    r = client.post(reverse("otp_verify"), {"otp_token": _code(device)})
    assert r.status_code == 400 and "过多" in r.content.decode()


def test_users_without_a_device_are_not_asked(client, head):
    client.force_login(head)
    assert client.get(reverse("staff:home")).status_code == 200


@override_settings(OTP_REQUIRED_ROLES=("admin", "head"))
def test_required_for_heads_and_admins_when_configured(client, head, db):
    from django.contrib.auth import get_user_model

    client.force_login(head)
    r = client.get(reverse("staff:home"))
    assert r.status_code == 302 and r.url.startswith(reverse("otp_setup"))
    assert "要求" in client.get(r.url).content.decode()
    clerk = get_user_model().objects.create_user("clerk", password=PASSWORD)
    other = type(client)()
    other.force_login(clerk)
    assert not twofactor.required_for(clerk)
    assert other.get(reverse("staff:home")).status_code in (200, 403)  # not sent to enrol


# ------------------------------------------------------------------ the probe
@override_settings(ALLOWED_HOSTS=["gongkai.example.gov.cn"], SECURE_SSL_REDIRECT=True)
def test_healthz_answers_whatever_the_host_and_scheme(client, db):
    r = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert r.status_code == 200 and r.content == b"ok"
    assert client.get("/accounts/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400  # pages still checked


# ------------------------------------------------------------------ error pages (DEBUG off)
def test_error_pages_are_chinese_without_debug(client, rf, db):
    from django.views import defaults

    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    request = rf.get("/")
    for view, status, text in ((defaults.server_error, 500, "系统出错"), (defaults.bad_request, 400, "请求有误"),
                               (defaults.permission_denied, 403, "无权访问")):
        kw = {} if view is defaults.server_error else {"exception": Exception("您没有登记申请的权限")}
        page = view(request, **kw)
        assert page.status_code == status and text in page.content.decode()
        assert "Traceback" not in page.content.decode()
