"""What an action refuses, and why, in words a clerk understands."""

from __future__ import annotations


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
    """The same intake form was submitted twice; `application` is the one already recorded."""

    def __init__(self, message: str, application):
        super().__init__(message)
        self.application = application


class YearLocked(CaseworkError):
    """The change would alter a year's table 三 that has already been reported."""


class CalendarMissing(CaseworkError):
    """No working-day calendar for a year the clock needs."""
