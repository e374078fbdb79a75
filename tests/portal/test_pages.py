"""The public site of an agency: the region's agencies, the landing page tying guide, catalogue,
annual reports, applying and tracking together; feeds linked; the large-text mode; the page
cache and its invalidation on publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client


@pytest.fixture
def demo(db, settings):
    from gongkai.casework import demo as casework_demo
    from gongkai.publishing import demo

    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    casework_demo.load(cases=0)
    demo.load()


def test_region_and_landing_pages(client, demo):
    index = client.get("/public/").content.decode()
    assert "海宁市人民政府" in index and "/public/HN-SW/" in index
    page = client.get("/public/HN/")
    html = page.content.decode()
    assert page.status_code == 200
    for href in ("/public/HN/guide/", "/public/HN/catalogue/", "/public/annual/HN/", "/public/HN/apply/",
                 "/public/track/", "/public/HN-SW/"):
        assert f'href="{href}"' in html, href
    assert html.count('rel="alternate" type="application/atom+xml"') == 2
    assert 'href="/public/HN/catalogue/feed.atom"' in html and 'href="/public/annual/HN/feed/"' in html
    assert "最新公开" in html


def test_other_apps_public_pages_carry_the_portal_bar_and_feeds(client, demo):
    for url in ("/public/HN/catalogue/", "/public/HN/guide/"):  # annual: tests/browser/test_portal_axe.py
        html = client.get(url).content.decode()
        assert 'href="/public/HN/apply/"' in html and 'href="/public/track/"' in html, url
        assert 'href="/public/annual/HN/feed/"' in html, url


def test_large_text_mode_persists_in_a_cookie(client, demo):
    assert 'class="large"' not in client.get("/public/HN/").content.decode()
    resp = client.get("/public/text-size/", {"size": "large", "next": "/public/HN/catalogue/"})
    assert resp.status_code == 302 and resp["Location"] == "/public/HN/catalogue/"
    assert resp.cookies["portal_text"].value == "large" and resp.cookies["portal_text"]["max-age"] >= 86400 * 300
    html = client.get("/public/HN/catalogue/").content.decode()
    assert '<html lang="zh-CN" class="large">' in html and 'aria-pressed="true"' in html
    off = client.get("/public/text-size/", {"size": "normal", "next": "/public/HN/"})
    assert off.cookies["portal_text"].value == ""
    assert 'class="large"' not in client.get("/public/HN/").content.decode()
    # an outside address as "next" is not followed
    assert client.get("/public/text-size/", {"next": "https://evil.example/"})["Location"] == "/public/"


def test_public_pages_cached_and_invalidated_on_publish(demo, django_capture_on_commit_callbacks):
    from gongkai.publishing import actions
    from gongkai.publishing.models import Item

    c = Client()
    first = c.get("/public/HN/catalogue/")
    assert first["X-Portal-Cache"] == "miss"
    again = c.get("/public/HN/catalogue/")
    assert again["X-Portal-Cache"] == "hit" and again.content == first.content
    assert again["X-Frame-Options"] == "DENY"  # the headers of the first answer are kept
    large = Client()
    large.cookies["portal_text"] = "large"
    assert large.get("/public/HN/catalogue/")["X-Portal-Cache"] == "miss"  # its own copy
    item = Item.objects.filter(agency__code="HN", status="published").order_by("-published_on").first()
    clerk = item.created_by
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_abolish_item(clerk, item, on=dt.date.today(), today=dt.date.today(), note="测试废止")
    after = c.get("/public/HN/catalogue/")
    assert after["X-Portal-Cache"] == "miss"


def test_forms_and_tracking_never_cached(client, demo):
    for url in ("/public/HN/apply/", "/public/track/"):
        client.get(url)
        assert "X-Portal-Cache" not in client.get(url), url


def test_unknown_agency(client, db):
    resp = client.get("/public/NOPE/")
    assert resp.status_code == 404 and "没有代码为" in resp.content.decode()


def test_the_staff_login_page_sends_the_public_to_the_portal(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/public/"' in html and "网上申请" in html
