"""What an action refuses, and why, in words a clerk understands."""

from __future__ import annotations

from gongkai import workdays


class CaseworkError(Exception):
    """An action refused its input; `message` is Chinese and says what and where."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs to, when there is one

    def __str__(self) -> str:
        return self.message


class InvalidInput(CaseworkError):
    """A value that cannot be right (invalid ID number, a future date, a missing field)."""


class NotAllowed(CaseworkError):
    """The user lacks the role, or the agency, for this action."""


class OutOfOrder(CaseworkError):
    """The event does not fit the case's history (a decision before receipt, a second extension …)."""


class StaleVersion(CaseworkError):
    """Someone else changed the case since it was loaded (concurrent edit)."""


class DuplicateSubmission(CaseworkError):
    """The same form was submitted twice; nothing was done the second time.

    `application` is the case the first submission made or changed."""

    def __init__(self, message: str, application):
        super().__init__(message)
        self.application = application


class YearLocked(CaseworkError):
    """The change would alter a year's table 三 that has already been reported."""


class CalendarMissing(CaseworkError, workdays.CalendarMissing):
    """The clock needs a year with no calendar data: `workdays.CalendarMissing` as a refusal.

    One concept, one family: ``except workdays.CalendarMissing`` catches it as well."""

    def __init__(self, year: int, detail: str = "", field: str | None = None):
        workdays.CalendarMissing.__init__(self, year, detail)
        self.message = str(self.args[0])
        self.field = field

    @classmethod
    def of(cls, error: workdays.CalendarMissing) -> CalendarMissing:
        made = cls(error.year)
        made.message = str(error)
        made.args = (made.message,)
        return made
