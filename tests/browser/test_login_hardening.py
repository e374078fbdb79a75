"""In a browser (issue 11, production room): the lockout page after wrong passwords, enrolling and using a TOTP authenticator.

Desktop and phone (390×844, no sideways scrolling). With GONGKAI_SCREENSHOTS=1 the desktop
pages are saved to docs/img/ (as tests/browser/test_screenshots.py does).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.agencies.models import Agency, Role, Staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SCREENSHOTS = os.environ.get("GONGKAI_SCREENSHOTS") == "1"
PASSWORD = "Zhengwu-Gongkai-2026"


@pytest.fixture
def head(transactional_db):
    agency = Agency.objects.create(code="BR", name="浏览器市人民政府", short_name="浏政公开")
    user = get_user_model().objects.create_user("br-head", password=PASSWORD, first_name="负责人")
    Staff.objects.create(user=user, agency=agency, role=Role.HEAD)
    return user


def _login(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_lockout_page(page, live_server, head, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for _ in range(5):
        _login(page, live_server.url, "br-head", "not-the-password")
    _login(page, live_server.url, "br-head", PASSWORD)
    assert page.locator("h1").inner_text() == "登录已暂停"
    assert "连续输错 5 次" in page.locator("[role=alert]").inner_text()
    _no_sideways_scroll(page)
    if SCREENSHOTS and size[0] == 1366:
        page.screenshot(path=str(IMG / "login-locked.png"))


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_enrol_then_code_at_next_login(page, live_server, head, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    _login(page, live_server.url, "br-head", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    if size[0] <= 900:  # on a phone the menu opens first
        page.click("summary[aria-label='打开菜单']")
    page.click("nav a[href='/accounts/otp/setup/']:visible")
    assert page.locator(".otp-qr svg").is_visible()
    _no_sideways_scroll(page)
    if SCREENSHOTS and size[0] == 1366:
        page.screenshot(path=str(IMG / "otp-setup.png"))
    device = TOTPDevice.objects.get(user=head, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"
    page.fill("#id_otp_token", code)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed

    if size[0] <= 900:
        page.click("summary[aria-label='打开菜单']")
    page.click("header form button[type=submit]:visible")  # 退出
    _login(page, live_server.url, "br-head", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
    assert page.locator("h1").inner_text() == "两步验证"
    _no_sideways_scroll(page)
    # the previous code was used once: the next time step's code (or the current one after it rolls) is needed
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    page.fill("#id_otp_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "工作台"
