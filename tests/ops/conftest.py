"""The ops tests reuse the browser tests' Chromium fixtures (test_auth_browser.py)."""

from browser.conftest import browser, page  # noqa: F401
