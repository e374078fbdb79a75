"""Login hardening: django-axes' backend wired for gongkai, the client address, password rules.

- ``AxesBackend`` is django-axes' backend, except that a call without a request (the test
  client's ``login()``, a script calling ``authenticate()``) goes on to the password check
  instead of failing: every login over HTTP — the staff login page and the admin — passes
  its request and is throttled.
- ``client_ip`` is the address axes counts failures by: ``REMOTE_ADDR``, or, behind
  ``GONGKAI_PROXY_COUNT`` reverse proxies, the address the outermost of them saw.
- ``MinimumLengthValidator`` is Django's, with its message in Chinese (Django 5.2's own
  translation of the reworded message is missing).
- ``DemoPasswordValidator`` refuses the demo's published password outside the demo.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

DEMO_PASSWORD = "gongkai-demo"  # noqa: S105 - published in the README on purpose: the demo's accounts


class AxesBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address; with N proxies each appending to X-Forwarded-For, the N-th from the right."""
    count = getattr(settings, "PROXY_COUNT", 0)
    if count > 0:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= count:
            return chain[-count]
    return request.META.get("REMOTE_ADDR")


class DemoPasswordValidator:
    """The demo accounts' password is printed in the README: never acceptable on a real instance."""

    def validate(self, password, user=None):
        if not getattr(settings, "DEMO", False) and password.strip().lower() == DEMO_PASSWORD:
            raise ValidationError("这是公开的演示密码，不能在正式环境中使用。", code="password_demo")

    def get_help_text(self):
        return "不能使用公开的演示密码。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"
