"""Text from forms: bounded and free of control characters before anything is saved.

Control characters (U+0000–U+001F except tab and line breaks, U+007F, and the C1 range) break
letters, PDFs and XML; they are refused with a message naming the field, never stored.
Every form field that takes text in every app uses :class:`BoundedCharField` (or calls
:func:`refuse_control_characters` on values that arrive another way, e.g. imports).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def refuse_control_characters(value: str, label: str = "") -> str:
    m = _CONTROL.search(value or "")
    if m:
        where = f"“{label}”" if label else ""
        raise ValidationError(
            f"{where}含有不可见的控制字符（U+{ord(m.group()):04X}，第 {m.start() + 1} 个字符），请删除后重新填写。",
            code="control_character")
    return value


class BoundedCharField(forms.CharField):
    """A CharField that must have a max_length and refuses control characters."""

    def __init__(self, *args, max_length: int, multiline: bool = False, **kwargs):
        if multiline:
            kwargs.setdefault("widget", forms.Textarea)
        super().__init__(*args, max_length=max_length, **kwargs)
        self.error_messages.setdefault("max_length", f"不能超过 {max_length} 个字")

    def clean(self, value):
        value = super().clean(value)
        return refuse_control_characters(value, str(self.label or ""))
