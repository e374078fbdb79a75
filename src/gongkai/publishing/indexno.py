"""Index numbers (索引号): an agency's scheme, rendered and parsed.

A scheme is a template such as ``{agency}/{category}/{year}/{serial}`` (the common pattern:
agency code / category / year / serial).  Placeholders:

  ``{agency}``    the agency's identifier in index numbers (e.g. its 组织机构代码)
  ``{category}``  the item's catalogue category: the Article 20 item (``01``–``15``) or ``21``
  ``{year}``      the year of publication (numbers are given at publication)
  ``{serial}``    the serial, zero-padded to the scheme's width

A serial counts within a *scope*: the agency, plus the category when the template has
``{category}``, plus the year when it has ``{year}``.  Pure Python; the platform keeps the
counters (see ``actions.numbering``).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

PLACEHOLDERS = ("agency", "category", "year", "serial")
REQUIRED = ("agency", "serial")
MAX_LENGTH = 64  # Item.index_number
_LITERAL_OK = re.compile(r"^[A-Za-z0-9\-_/.·（）()\u4e00-\u9fff]*$")


class SchemeError(ValueError):
    """A template that cannot make unique, readable index numbers; the message is Chinese."""


@dataclass(frozen=True)
class Scheme:
    template: str
    agency_code: str
    serial_width: int = 5

    def __post_init__(self):
        validate_template(self.template)
        if not self.agency_code or not _LITERAL_OK.match(self.agency_code):
            raise SchemeError(f"索引号中的机关标识“{self.agency_code}”只能由字母、数字、汉字和 - _ / . 组成")
        if not 1 <= self.serial_width <= 10:
            raise SchemeError(f"流水号位数应在 1 到 10 之间，收到 {self.serial_width}")

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for _, f, _, _ in string.Formatter().parse(self.template) if f)

    def scope(self, category: str, year: int) -> tuple[str, int]:
        """(series, year) the serial counts in: what the template does not print is not a scope."""
        series = f"idx:{category}" if "category" in self.fields else "idx"
        return series, (year if "year" in self.fields else 0)

    def render(self, category: str, year: int, serial: int) -> str:
        if serial < 1:
            raise SchemeError("流水号从 1 开始")
        number = self.template.format(agency=self.agency_code, category=category, year=f"{year:04d}",
                                      serial=f"{serial:0{self.serial_width}d}")
        if len(number) > MAX_LENGTH:
            raise SchemeError(f"索引号“{number}”超过 {MAX_LENGTH} 个字符")
        return number

    def parse(self, number: str) -> dict[str, str] | None:
        """The parts of a number made by this scheme (for imported numbers); None if it is not one."""
        m = self._regex().fullmatch(number)
        return m.groupdict() if m else None

    def _regex(self) -> re.Pattern:
        out = []
        for literal, name, _, _ in string.Formatter().parse(self.template):
            out.append(re.escape(literal))
            if name == "agency":
                out.append(f"(?P<agency>{re.escape(self.agency_code)})")
            elif name == "category":
                out.append(r"(?P<category>\d{2})")
            elif name == "year":
                out.append(r"(?P<year>\d{4})")
            elif name == "serial":
                out.append(r"(?P<serial>\d+)")
        return re.compile("".join(out))


def validate_template(template: str) -> None:
    if not template or len(template) > 100:
        raise SchemeError("索引号格式不能为空，也不能超过 100 个字符")
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        raise SchemeError(f"索引号格式“{template}”的花括号不成对") from None
    seen = []
    for literal, name, spec, conv in parts:
        if not _LITERAL_OK.match(literal):
            raise SchemeError(f"索引号格式“{template}”含有不能用于索引号的字符（只能用字母、数字、汉字和 - _ / .）")
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conv:
            raise SchemeError(f"索引号格式中的“{{{name}}}”无法识别；可用 {{agency}}、{{category}}、{{year}}、{{serial}}")
        if name in seen:
            raise SchemeError(f"索引号格式中“{{{name}}}”出现了两次")
        seen.append(name)
    missing = [f"{{{n}}}" for n in REQUIRED if n not in seen]
    if missing:
        raise SchemeError(f"索引号格式必须含有 {'、'.join(missing)}，否则索引号无法保证唯一")
    # two placeholders side by side cannot be told apart when a number is read back
    for (_lit, name, _, _), (nxt_lit, nxt, _, _) in zip(parts, parts[1:], strict=False):
        if name and nxt and not nxt_lit:
            raise SchemeError(f"索引号格式中“{{{name}}}”和“{{{nxt}}}”之间需要分隔符，如 / 或 -")
