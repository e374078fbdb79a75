"""What the catalogue's actions refuse, in words a clerk understands.

Subclasses of `gongkai.casework.errors.CaseworkError` (a Chinese ``message`` and the ``field``
it belongs to), so every page and command that shows an action's refusal shows these too.
"""

from __future__ import annotations

from gongkai.casework.errors import CaseworkError


class PublishingError(CaseworkError):
    """A catalogue action refused its input."""


class InvalidItem(PublishingError):
    """One or more fields are wrong; ``problems`` lists (field, message), all of them."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("；".join(m for _, m in problems), field=problems[0][0] if len(problems) == 1 else None)


class NotAllowed(PublishingError):
    """The user lacks the role (or the agency) for the step."""


class WrongStatus(PublishingError):
    """The state machine does not allow the step from the item's status."""


class StaleVersion(PublishingError):
    """Someone else changed the item since the form was built."""


class Duplicate(PublishingError):
    """Another item already holds this 文号 or index number."""


class SchemeInvalid(PublishingError):
    """An index-number scheme that cannot work."""


class ImportRefused(PublishingError):
    """A whole import file refused before any row was read (size, type, encoding, header)."""
