"""China's working-day calendar: weekends, statutory holidays and 调休 make-up working days.

Pure Python (no Django). The Regulation counts its deadlines in working days (工作日), and a
working day in China is not simply Monday–Friday: every year the State Council's notice
(国务院办公厅关于XXXX年部分节假日安排的通知) declares holidays and moves some weekend days
to be working days (调休). This module holds that data per year and counts with it.

Building blocks
---------------
* :class:`YearTable` — one year's declared holidays and make-up working days, with the
  ``source`` it came from and a ``version`` number the platform increments on every change.
  Built from the chinese-calendar package (:meth:`YearTable.from_chinese_calendar`), from the
  text of the State Council's notice (:func:`parse_state_council_notice`), or from stored data
  (:meth:`YearTable.from_dict`).
* :class:`Calendar` — immutable set of year tables; answers ``is_workday``, ``add_workdays``,
  ``workdays_between``; ``diff`` tells which days changed between two calendars so that the
  platform can recompute open cases' due dates and log why.

A date in a year with no table is never guessed: :class:`CalendarMissing` is raised, carrying
a Chinese message that can be shown to people as is.

Counting rule (see docs/deadlines.md): ``add_workdays(start, n)`` returns the n-th working
day *after* ``start``; the start day itself is never counted (《民法典》第二百零一条: a period
counted in days starts on the following day).

Caveat: the notice for year Y may also move days at the very end of year Y-1 (the 元旦
break, e.g. 2018-12-29 and 2018-12-31 were set by the 2019 notice). Those dates are kept in
the table of the notice that declared them and merged into the calendar; a calendar that
lacks the Y notice may therefore be wrong for the last days of December of Y-1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

__all__ = [
    "WEEKDAY_NAMES",
    "Calendar",
    "CalendarDataError",
    "CalendarDiff",
    "CalendarMissing",
    "DayChange",
    "NoticeParseError",
    "YearTable",
    "chinese_calendar_years",
    "format_date",
    "from_chinese_calendar",
    "parse_state_council_notice",
]

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def format_date(d: dt.date) -> str:
    """``2026年2月14日（周六）`` — the way dates are written in notices and letters."""
    return f"{d.year}年{d.month}月{d.day}日（{WEEKDAY_NAMES[d.weekday()]}）"


class CalendarMissing(LookupError):
    """No working-day data for a year: the deadline cannot be computed, and is not guessed.

    ``str(error)`` is a Chinese message for people; ``error.year`` is the missing year.
    """

    def __init__(self, year: int, detail: str = ""):
        self.year = year
        msg = (
            f"缺少{year}年的工作日历（法定节假日和调休上班日），无法按工作日计算期限。"
            f"请导入国务院办公厅关于{year}年部分节假日安排的通知后重试。"
        )
        if detail:
            msg += f"（{detail}）"
        super().__init__(msg)


class CalendarDataError(ValueError):
    """A year table is self-contradictory (e.g. a day both holiday and make-up working day)."""


class NoticeParseError(ValueError):
    """The text of a State Council holiday notice could not be read; the message says where."""


@dataclass(frozen=True)
class YearTable:
    """One year's declared non-working weekdays and working weekend days.

    ``holidays``: days declared off (放假), weekend days inside a declared break included.
    ``makeup_workdays``: weekend days declared working days (调休上班).
    ``year``: the year whose notice this is; it may contain a few dates of the previous
    December (the 元旦 break). ``version``: incremented by the platform on each change;
    ``source``: where the data came from (package version, notice number, who imported it).
    ``names``: festival name per date, only for explanations (not compared).
    """

    year: int
    holidays: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]
    source: str = ""
    version: int = 1
    names: Mapping[dt.date, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))
        both = self.holidays & self.makeup_workdays
        if both:
            days = "、".join(format_date(d) for d in sorted(both))
            raise CalendarDataError(f"{self.year}年工作日历有误：{days}既是放假日又是调休上班日。")
        for d in self.makeup_workdays:
            if d.weekday() < 5:
                raise CalendarDataError(
                    f"{self.year}年工作日历有误：调休上班日{format_date(d)}不是周末，无需调休。"
                )
        for d in self.holidays | self.makeup_workdays:
            if d.year not in (self.year, self.year - 1):
                raise CalendarDataError(f"{self.year}年工作日历有误：{format_date(d)}不属于该年度的安排。")
        if self.version < 1:
            raise CalendarDataError(f"{self.year}年工作日历版本号应为正整数，收到 {self.version}。")

    @classmethod
    def from_chinese_calendar(cls, year: int, version: int = 1) -> YearTable:
        """The year's data from the chinese-calendar package; :class:`CalendarMissing` if it has none."""
        from chinese_calendar import constants

        covered = chinese_calendar_years()
        if year not in covered:
            raise CalendarMissing(
                year, f"chinese-calendar {_cc_version()} 只包含{min(covered)}–{max(covered)}年的数据"
            )
        hol = {d: n for d, n in constants.holidays.items() if d.year == year}
        work = {d: n for d, n in constants.workdays.items() if d.year == year}
        names = {d: _CC_NAMES.get(n, n) for d, n in {**hol, **work}.items()}
        return cls(
            year=year,
            holidays=frozenset(hol),
            makeup_workdays=frozenset(work),
            source=f"chinese-calendar {_cc_version()}",
            version=version,
            names=names,
        )

    def to_dict(self) -> dict:
        """JSON-ready form (ISO dates), for storing in the platform's database."""
        return {
            "year": self.year,
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "makeup_workdays": sorted(d.isoformat() for d in self.makeup_workdays),
            "source": self.source,
            "version": self.version,
            "names": {d.isoformat(): n for d, n in sorted(self.names.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> YearTable:
        """Inverse of :meth:`to_dict`; a bad date raises :class:`CalendarDataError` naming it."""

        def day(s: str) -> dt.date:
            try:
                return dt.date.fromisoformat(s)
            except (TypeError, ValueError):
                raise CalendarDataError(f"工作日历数据中的日期无法识别：{s!r}") from None

        try:
            year = int(data["year"])
        except (KeyError, TypeError, ValueError):
            raise CalendarDataError("工作日历数据缺少有效的年份（year）。") from None
        return cls(
            year=year,
            holidays=frozenset(day(s) for s in data.get("holidays", ())),
            makeup_workdays=frozenset(day(s) for s in data.get("makeup_workdays", ())),
            source=str(data.get("source", "")),
            version=int(data.get("version", 1)),
            names={day(k): str(v) for k, v in (data.get("names") or {}).items()},
        )


_CC_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _cc_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chinese_calendar")
    except PackageNotFoundError:  # pragma: no cover - installed as a dependency
        return "?"


def chinese_calendar_years() -> range:
    """The years the installed chinese-calendar package has data for (its own check)."""
    from chinese_calendar import constants

    return range(min(constants.holidays).year, max(constants.holidays).year + 1)


@dataclass(frozen=True)
class DayChange:
    """A day whose working status differs between two calendars (``None`` = year missing)."""

    day: dt.date
    before: bool | None
    after: bool | None

    def describe(self) -> str:
        def word(v: bool | None) -> str:
            return "无数据" if v is None else ("工作日" if v else "休息日")

        return f"{format_date(self.day)}：{word(self.before)} → {word(self.after)}"


@dataclass(frozen=True)
class CalendarDiff:
    """What changed from one calendar to another; the platform logs it and recomputes.

    ``changed_days`` lists days whose working status changed (in years both calendars hold);
    ``added_years`` / ``removed_years`` are years only one of them holds.
    """

    before_version: str
    after_version: str
    changed_days: tuple[DayChange, ...]
    added_years: tuple[int, ...]
    removed_years: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.changed_days or self.added_years or self.removed_years)

    def affects(self, start: dt.date, end: dt.date | None = None) -> bool:
        """Whether a clock running from ``start`` (to ``end``, or open-ended) may be affected."""
        years = set(self.added_years) | set(self.removed_years)
        last = end or dt.date.max
        if any(start.year <= y <= last.year for y in years):
            return True
        return any(start <= c.day <= last for c in self.changed_days)

    def summary(self) -> str:
        """A Chinese sentence for the audit log."""
        if not self:
            return f"工作日历由版本 {self.before_version} 更新为 {self.after_version}，工作日无变化。"
        parts = [f"工作日历由版本 {self.before_version} 更新为 {self.after_version}"]
        if self.added_years:
            parts.append("新增" + "、".join(f"{y}年" for y in self.added_years))
        if self.removed_years:
            parts.append("删除" + "、".join(f"{y}年" for y in self.removed_years))
        if self.changed_days:
            parts.append(
                f"{len(self.changed_days)}天的工作日状态改变："
                + "；".join(c.describe() for c in self.changed_days)
            )
        return "，".join(parts) + "。"


class Calendar:
    """An immutable working-day calendar made of :class:`YearTable` s, one per year.

    >>> cal = from_chinese_calendar([2026])
    >>> cal.is_workday(dt.date(2026, 2, 14))   # Saturday, 调休上班
    True
    >>> cal.add_workdays(dt.date(2026, 2, 13), 1)   # day 1 after Friday 13 Feb is Sat 14 Feb
    datetime.date(2026, 2, 14)
    """

    __slots__ = ("_tables", "_off", "_on", "_names")

    def __init__(self, tables: Iterable[YearTable] = ()):
        by_year: dict[int, YearTable] = {}
        for t in tables:
            if t.year in by_year:
                raise CalendarDataError(
                    f"{t.year}年的工作日历重复提供（版本 {by_year[t.year].version} 与 {t.version}）。"
                )
            by_year[t.year] = t
        self._tables = dict(sorted(by_year.items()))
        self._off: frozenset[dt.date] = frozenset().union(*(t.holidays for t in self._tables.values()))
        self._on: frozenset[dt.date] = frozenset().union(*(t.makeup_workdays for t in self._tables.values()))
        names: dict[dt.date, str] = {}
        for t in self._tables.values():
            names.update(t.names)
        self._names = names

    # --- what the calendar holds -------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self._tables)

    @property
    def tables(self) -> tuple[YearTable, ...]:
        return tuple(self._tables.values())

    @property
    def version(self) -> str:
        """e.g. ``"2025v1+2026v2"`` — changes whenever any year's table changes."""
        return "+".join(f"{y}v{t.version}" for y, t in self._tables.items()) or "empty"

    def table(self, year: int) -> YearTable:
        try:
            return self._tables[year]
        except KeyError:
            raise CalendarMissing(year) from None

    def covers(self, d: dt.date) -> bool:
        return d.year in self._tables

    def with_table(self, table: YearTable) -> Calendar:
        """A new calendar with ``table`` added or replacing the same year's table."""
        others = [t for y, t in self._tables.items() if y != table.year]
        return Calendar([*others, table])

    def __repr__(self) -> str:
        return f"Calendar({self.version})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Calendar) and self.tables == other.tables

    def __hash__(self) -> int:
        return hash(self.tables)

    # --- single days --------------------------------------------------------------------
    def is_workday(self, d: dt.date) -> bool:
        """True on a working day; :class:`CalendarMissing` if ``d``'s year has no table."""
        if d.year not in self._tables:
            raise CalendarMissing(d.year)
        if type(d) is not dt.date:  # a datetime would never match the stored dates
            d = d.date() if isinstance(d, dt.datetime) else d
        if d in self._on:
            return True
        if d in self._off:
            return False
        return d.weekday() < 5

    def day_kind(self, d: dt.date) -> str:
        """``工作日`` / ``周末`` / ``法定节假日（春节）`` / ``调休上班（春节）``."""
        work = self.is_workday(d)
        name = self._names.get(d)
        suffix = f"（{name}）" if name else ""
        if d in self._on:
            return "调休上班" + suffix
        if d in self._off:
            return "节假日放假" + suffix
        return "工作日" if work else "周末"

    def explain_day(self, d: dt.date) -> str:
        """``2026年2月14日（周六）：调休上班（春节）``."""
        return f"{format_date(d)}：{self.day_kind(d)}"

    # --- counting -------------------------------------------------------------------------
    def next_workday(self, d: dt.date) -> dt.date:
        """The first working day strictly after ``d``."""
        return self.add_workdays(d, 1)

    def iter_workdays_after(self, start: dt.date) -> Iterator[dt.date]:
        """Working days after ``start``, in order (raises :class:`CalendarMissing` when data ends)."""
        d = start
        one = dt.timedelta(days=1)
        while True:
            d += one
            if self.is_workday(d):
                yield d

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (day 1 = first working day after ``start``).

        ``n == 0`` returns ``start`` itself. ``n`` must not be negative.
        """
        if isinstance(start, dt.datetime):
            start = start.date()
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        if n == 0:
            return start
        for i, d in enumerate(self.iter_workdays_after(start), start=1):
            if i == n:
                return d
        raise AssertionError("unreachable")  # pragma: no cover

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Number of working days ``d`` with ``a < d <= b`` (negative if ``b < a``).

        Inverse of :meth:`add_workdays`: ``workdays_between(s, add_workdays(s, n)) == n``.
        """
        a = a.date() if isinstance(a, dt.datetime) else a
        b = b.date() if isinstance(b, dt.datetime) else b
        if b < a:
            return -self.workdays_between(b, a)
        count = 0
        d = a
        one = dt.timedelta(days=1)
        while d < b:
            d += one
            if self.is_workday(d):
                count += 1
        return count

    # --- comparing ----------------------------------------------------------------------
    def diff(self, other: Calendar) -> CalendarDiff:
        """Days whose status differs from ``self`` (before) to ``other`` (after)."""
        mine, theirs = set(self._tables), set(other._tables)
        common = mine & theirs
        changed = []
        candidates = (self._off ^ other._off) | (self._on ^ other._on)
        for d in sorted(candidates):
            if d.year in common:
                before, after = self.is_workday(d), other.is_workday(d)
                if before != after:
                    changed.append(DayChange(d, before, after))
        return CalendarDiff(
            before_version=self.version,
            after_version=other.version,
            changed_days=tuple(changed),
            added_years=tuple(sorted(theirs - mine)),
            removed_years=tuple(sorted(mine - theirs)),
        )


def from_chinese_calendar(years: Iterable[int] | None = None) -> Calendar:
    """A calendar from the chinese-calendar package for ``years`` (default: all it covers).

    A requested year the package lacks raises :class:`CalendarMissing` naming it — the
    calendar never falls back to weekends only.
    """
    ys = chinese_calendar_years() if years is None else sorted(set(years))
    return Calendar(YearTable.from_chinese_calendar(y) for y in ys)


# --- the State Council's notice ---------------------------------------------------------

_ITEM = re.compile(r"(?:^|\n|。|\s)\s*([一二三四五六七八九十]+)、\s*([^：:\n]{1,20})[：:]")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日\s*(?:[（(]([^）)]*)[）)])?")
_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
_RANGE_SEP = re.compile(r"^\s*(?:至|到|—|－|-|~|～)\s*$")
_WD_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


# 《全国年节及纪念日放假办法》: every yearly notice arranges these seven (中秋、国庆 sometimes in one item).
STATUTORY_FESTIVALS = ("元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆")


def parse_state_council_notice(
    text: str, year: int, source: str = "", version: int = 1, *, complete: bool = True
) -> YearTable:
    """Read a 国务院办公厅关于{year}年部分节假日安排的通知 into a :class:`YearTable`.

    Each numbered item (``一、元旦：…``) is split into sentences; a sentence with 放假 (or
    与周末连休) gives
    holidays (a single day or ``A至B``, possibly crossing a month or the year), a sentence with
    上班 gives make-up working days (a list joined by 、). Other sentences (e.g. encouraging
    staff to rest on 除夕) are ignored. A month may be omitted after the first date of a
    sentence (``2月15日至23日``). In the 元旦 item, a December date without a year is taken to
    be in ``year - 1``. A weekday written in brackets is checked against the date, which
    catches a notice pasted under the wrong year. Any day a sentence names that is not a
    date raises :class:`NoticeParseError` quoting the sentence.  With ``complete`` (the
    default) a notice must arrange all seven statutory festivals, so a partial paste is
    refused instead of leaving the missing festivals as working days.
    """
    if not text or not text.strip():
        raise NoticeParseError("通知正文为空。")
    text = text.replace("\u3000", " ").replace("\r", "")
    items = list(_ITEM.finditer(text))
    if not items:
        raise NoticeParseError("未找到“一、元旦：……”形式的编号条目，请粘贴通知正文。")
    holidays: dict[dt.date, str] = {}
    makeups: dict[dt.date, str] = {}
    for i, m in enumerate(items):
        name = m.group(2).strip()
        body = text[m.end() : items[i + 1].start() if i + 1 < len(items) else len(text)]
        is_new_year = "元旦" in name
        festival = name
        for sentence in re.split(r"[。；;\n]", body):
            s = sentence.strip()
            if not s:
                continue
            if "放假" in s or "连休" in s:
                for d in _sentence_days(s, year, is_new_year, ranges=True):
                    holidays[d] = festival
            elif "上班" in s:
                for d in _sentence_days(s, year, is_new_year, ranges=False):
                    makeups[d] = festival
    if not holidays:
        raise NoticeParseError(f"未从通知中读出任何放假日期（年份 {year}）。")
    # A partial paste would silently turn the missing festivals into working days.
    named = "".join(m.group(2) for m in items)
    missing = [f for f in STATUTORY_FESTIVALS if f not in named]
    if complete and missing:
        raise NoticeParseError(
            f"通知中没有{'、'.join(missing)}的安排；法定节假日共七项（元旦、春节、清明节、劳动节、端午节、"
            "中秋节、国庆节），请粘贴通知的全部条目。"
        )
    both = set(holidays) & set(makeups)
    if both:
        raise NoticeParseError(
            "通知中以下日期既放假又上班，无法解读：" + "、".join(format_date(d) for d in sorted(both))
        )
    try:
        return YearTable(
            year=year,
            holidays=frozenset(holidays),
            makeup_workdays=frozenset(makeups),
            source=source or f"国务院办公厅关于{year}年部分节假日安排的通知",
            version=version,
            names={**holidays, **makeups},
        )
    except CalendarDataError as e:
        raise NoticeParseError(str(e)) from None


def _sentence_days(s: str, year: int, is_new_year: bool, ranges: bool) -> list[dt.date]:
    """Dates in one sentence; ``A至B`` expands to every day from A to B when ``ranges``."""
    out: list[dt.date] = []
    matches = list(_DATE.finditer(s))
    if not matches:
        return out  # e.g. the closing paragraph about 放假期间 duty rosters
    # The part of the sentence that names days ends at 放假/上班; "共8天" etc. come later.
    month: int | None = None
    prev: tuple[dt.date, re.Match] | None = None
    for m in matches:
        if re.search(r"(放假|连休|上班|共)", s[: m.start()]):
            break
        y_txt, mo_txt, d_txt = m.group(1), m.group(2), m.group(3)
        if mo_txt:
            month = int(mo_txt)
        if month is None:
            raise NoticeParseError(f"日期缺少月份：“{s}”")
        explicit_year = int(y_txt) if y_txt else None
        d = _make_date(explicit_year, month, int(d_txt), year, is_new_year, s)
        if prev is not None and ranges and _RANGE_SEP.match(s[prev[1].end() : m.start()]):
            start = prev[0]
            if not 0 < (d - start).days <= 40:
                raise NoticeParseError(f"放假区间的起止日期有误：“{s}”")
            cur = start + dt.timedelta(days=1)
            while cur <= d:
                out.append(cur)
                cur += dt.timedelta(days=1)
        else:
            out.append(d)
        _check_weekday(d, m, s)
        prev = (d, m)
    return out


def _make_date(explicit: int | None, month: int, day: int, year: int, is_new_year: bool, s: str) -> dt.date:
    y = explicit if explicit is not None else (year - 1 if is_new_year and month == 12 else year)
    try:
        return dt.date(y, month, day)
    except ValueError:
        raise NoticeParseError(f"日期无效：{y}年{month}月{day}日（“{s}”）") from None


def _check_weekday(d: dt.date, m: re.Match, s: str) -> None:
    found = _WEEKDAY.search(m.group(4) or "")
    wd = found.group(1) if found else None
    if wd and _WD_INDEX[wd] != d.weekday():
        raise NoticeParseError(
            f"通知写明的星期与日期不符：{d.month}月{d.day}日在{d.year}年是{WEEKDAY_NAMES[d.weekday()]}，"
            f"通知写作“{m.group(0)}”（“{s}”）。请确认年份是否正确。"
        )
