"""A pluggable SMS interface.  ``settings.PORTAL_SMS_BACKEND`` names the class (dotted path);
the default writes the message to the log (phone number masked) — an office plugs in its
carrier's gateway by writing one class with ``send(phone, text)``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gongkai.portal.sms")
MAX_CHARS = 300  # several SMS segments; longer texts are cut with an ellipsis


class BaseSmsBackend:
    def send(self, phone: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Writes each message to the `gongkai.portal.sms` log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        masked = phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"
        logger.info("SMS to %s: %s", masked, text)


class MemorySmsBackend(BaseSmsBackend):
    """Keeps messages in ``outbox`` (tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemorySmsBackend.outbox.append((phone, text))


def backend() -> BaseSmsBackend:
    path = getattr(settings, "PORTAL_SMS_BACKEND", "gongkai.portal.sms.LoggingSmsBackend")
    return import_string(path)()


def send_sms(phone: str, text: str) -> bool:
    """Send through the configured backend; a failing gateway is logged, never raised."""
    phone = "".join(c for c in phone or "" if c.isdigit() or c == "+")
    if len(phone) < 7:
        return False
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1] + "…"
    try:
        backend().send(phone, text)
    except Exception:
        logger.exception("SMS backend failed")
        return False
    return True
