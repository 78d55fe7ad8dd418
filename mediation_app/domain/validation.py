"""The result type shared by every validator in the domain layer.

A validator never raises on bad user input: it returns a :class:`Checked` carrying the parsed
value (or ``None``), the normalised text to store or show, and the problems found. Errors block
a save; warnings ask the user to confirm (the user may insist, e.g. on an unusual phone number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from mediation_app.i18n import _

T = TypeVar("T")

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem found in an input: a stable ``code`` for programs, a translated ``message``."""

    code: str
    message: str
    severity: Severity

    @classmethod
    def error(cls, code: str, message: str) -> Issue:
        return cls(code, message, "error")

    @classmethod
    def warning(cls, code: str, message: str) -> Issue:
        return cls(code, message, "warning")


@dataclass(frozen=True)
class Checked(Generic[T]):
    """The outcome of validating one input."""

    value: T | None
    normalized: str
    issues: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of all issues, in order (handy for callers and tests)."""
        return tuple(i.code for i in self.issues)

    @classmethod
    def failed(cls, normalized: str, *issues: Issue) -> Checked[T]:
        return cls(None, normalized, tuple(issues))


# --- Length limits of free text -------------------------------------------------------------
# Every printed form flows text of these lengths across pages (the document tests render every
# form with MAX_TEXT characters in each free-text field); the services refuse longer input with
# the message of :func:`length_issue`, never by cutting it silently.
MAX_TEXT = 20_000  # one free-text field: facts, a statement, a term, a session record
MAX_LINE = 500  # a one-line field: a name, an address, a place, a method of payment
MAX_NAME = 100  # a person's or organisation's name


def length_issue(what: str, text: str, limit: int = MAX_TEXT) -> Issue | None:
    """An error when ``text`` is longer than ``limit`` characters; ``what`` is the field's label."""
    n = len(text)
    if n <= limit:
        return None
    return Issue.error(
        "too_long",
        _(
            "{what} is {n} characters long; the limit is {limit} characters. "
            "Shorten it or attach it as a file."
        ).format(what=what, n=f"{n:,}", limit=f"{limit:,}"),
    )
