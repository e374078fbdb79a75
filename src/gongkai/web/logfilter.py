"""A logging filter that masks applicants' personal data before anything is written.

Resident ID numbers (18 characters), unified social credit codes (18 characters) and
mainland mobile numbers are replaced by a masked form wherever they appear in a record's
message or arguments.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = (
    re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])"),  # 居民身份证号码
    re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"),  # 统一社会信用代码
    re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),  # 手机号码
)


def mask(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 4) + m.group(0)[-2:], text)
    return text


def dict_config(handlers: dict, **rest) -> dict:
    """A ``logging.config.dictConfig`` where every handler masks personal data (Django's LOGGING,
    gunicorn's ``logconfig_dict``): one plain format, the filter on each handler."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"mask_personal": {"()": "gongkai.web.logfilter.MaskPersonalData"}},
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {name: {"class": "logging.StreamHandler", "filters": ["mask_personal"], "formatter": "plain",
                            **extra} for name, extra in handlers.items()},
        **rest,
    }


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, just unformatted
            return True
        record.msg, record.args = mask(message), None
        return True
