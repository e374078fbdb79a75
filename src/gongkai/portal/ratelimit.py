"""CAPTCHA-free abuse guard: fixed-window counters in Django's cache, shared by every worker
(the cache is file-based outside tests, `web/settings.py`).  A limit is (count, seconds);
limits come from settings (PORTAL_RATE_LIMITS) so a load test or a busy office can raise them."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches

DEFAULTS = {
    "apply_ip": (20, 3600),  # application form posts (accepted or refused) from one address per hour
    "apply_identity": (10, 86400),  # applications for one identity number per day
    "track_ip": (30, 600),  # tracking look-ups (right or wrong) from one address per 10 minutes
    "track_number": (10, 3600),  # wrong codes for one tracking number per hour
    "submit_ip": (20, 3600),  # 补正 replies and payment confirmations from one address per hour
}


def limit(name: str) -> tuple[int, int]:
    return {**DEFAULTS, **getattr(settings, "PORTAL_RATE_LIMITS", {})}[name]


def _key(name: str, who: str, window: int) -> str:
    # the identity (an ID number) is personal data: only its hash reaches the cache's files
    h = hashlib.sha256(f"{name}:{who}".encode()).hexdigest()[:32]
    return f"portal:rl:{name}:{h}:{int(time.time() // window)}"


def exceeded(name: str, who: str | None) -> bool:
    """True when `who` has used up `name`'s allowance in the current window (does not count)."""
    if not who:
        return False
    count, window = limit(name)
    return (caches["default"].get(_key(name, who, window)) or 0) >= count


def hit(name: str, who: str | None) -> bool:
    """Count one use; True when this use is over the limit."""
    if not who:
        return False
    count, window = limit(name)
    cache, key = caches["default"], _key(name, who, window)
    if cache.add(key, 1, window + 5):
        return count < 1
    try:
        return cache.incr(key) > count
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return False


def wait_words(name: str) -> str:
    _, window = limit(name)
    return f"{window // 3600} 小时" if window >= 3600 else f"{max(1, window // 60)} 分钟"
