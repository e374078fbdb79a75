"""What the checker says about a report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the report breaks a rule that must hold
    WARNING = "warning"  # probably wrong, or a deviation from the format worth fixing
    INFO = "info"  # worth knowing; nothing to fix necessarily


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True)
class Finding:
    rule: str  # stable id: T3-1, T4-1, B-1 …
    severity: Severity
    message: str  # Chinese, for a clerk
    table: str | None = None
    member: str | None = None  # the column / row / block the rule instance is about
    cells: tuple[str, ...] = ()  # addresses involved
    left: int | Decimal | None = None  # both sides' values, when the rule compares two
    right: int | Decimal | None = None
    blank_cells: tuple[str, ...] = field(default=())  # involved cells that were blank (read as 0)

    @property
    def difference(self):
        if self.left is None or self.right is None:
            return None
        return self.left - self.right

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = str(self.severity)
        for k in ("left", "right"):
            if isinstance(d[k], Decimal):
                d[k] = float(d[k])
        d["cells"] = list(self.cells)
        d["blank_cells"] = list(self.blank_cells)
        return d
