"""Query codes: random, shown once, kept as an HMAC.

A code has 12 characters from a 32-letter alphabet without look-alikes (60 bits): guessing is
hopeless within the rate limits, so a keyed SHA-256 is enough — a slow password hash (PBKDF2)
would protect a low-entropy secret and would cost ~0.3 s per application and per lookup."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()[:64]


def grouped(code: str) -> str:
    """`ABCD-EFGH-JKLM`, easier to copy down."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def digest(number: str, code: str) -> str:
    key = f"gongkai.portal.query-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{number}\n{normalise(code)}".encode(), hashlib.sha256).hexdigest()


def matches(number: str, code: str, stored: str) -> bool:
    return hmac.compare_digest(digest(number, code), stored)
