"""A registrar/handler works a case with the keyboard only: log in, register, list, open, act."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, Role, Staff
from gongkai.casework.demo import synthetic_id
from gongkai.casework.models import Application

from .conftest import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handler(transactional_db):
    agency = Agency.objects.create(code="KB", name="键盘市人民政府", short_name="键政公开")
    user = get_user_model().objects.create_user(username="kb-handler", password="kb-pass-123", first_name="键盘承办")
    Staff.objects.create(user=user, agency=agency, role=Role.HANDLER)
    return user


def test_keyboard_only_intake_to_next_step(page, live_server, handler):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    # the username field has focus on load (autofocus)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type("kb-handler")
    page.keyboard.press("Tab")
    page.keyboard.type("kb-pass-123")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "工作台"

    # skip link is the first stop and moves focus to the main content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"

    tab_to(page, "nav a[href='/cases/new/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/new/")

    tab_to(page, "#id_channel")
    page.keyboard.press("ArrowDown")  # 当面提交 → 邮寄（需签收）
    tab_to(page, "#id_applicant_name")
    page.keyboard.type("键盘用户")
    page.keyboard.press("Tab")  # the document kind (居民身份证 by default), then its number
    assert page.evaluate("document.activeElement.id") == "id_id_document"
    page.keyboard.press("Tab")
    page.keyboard.type(synthetic_id(3))
    tab_to(page, "#id_information_requested")
    page.keyboard.type("2025年度道路养护资金使用情况")
    tab_to(page, "button.btn[name=save]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))

    app = Application.objects.get(applicant_name="键盘用户")
    assert app.channel == "signed_post"
    assert "申请已登记" in page.locator(".messages").inner_text()

    # the list shows it; open it from there
    tab_to(page, "nav a[href='/cases/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/")
    assert app.number in page.locator("table.list").inner_text()
    tab_to(page, f"table.list a:text-is('{app.number}')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cases/{app.pk}/")

    # the next legal step: 补正告知
    assert "下一步办理" in page.content()
    tab_to(page, "#id_request_correction-items")
    page.keyboard.type("请写明所需资金的年度和项目名称")
    tab_to(page, "form[action$='/request_correction/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cases/{app.pk}/#timeline")
    timeline = page.locator("ol.timeline").first.inner_text()
    assert "发出补正告知" in timeline and "请写明所需资金的年度和项目名称" in timeline
    app.refresh_from_db()
    assert app.status == "correction"
    # and the step after that is offered
    assert page.locator("h3:text-is('登记收到补正材料')").count() == 1


def test_focus_is_visible(page, live_server, handler):
    page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.press("Tab")  # from the username field to the password field
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
