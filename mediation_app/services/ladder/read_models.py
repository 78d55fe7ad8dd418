"""What the ladder and supervision services hand to the client and the command line."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class LevelInput:
    """One level as the editor gives it; ``id`` keeps an existing level (and its cases)."""

    name: str
    days: int
    unit: str = "calendar"
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class LevelView:
    id: uuid.UUID
    position: int  # 1 = the lowest level
    name: str
    days: int
    unit: str
    description: str  # "within 7 days"
    open_cases: int = 0


@dataclass(frozen=True, kw_only=True)
class LevelEventView:
    move: str
    move_label: str
    from_level: str
    to_level: str
    on: dt.date
    at: dt.datetime
    by: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class CaseLevelView:
    case_id: uuid.UUID
    level_id: uuid.UUID | None  # None: the ladder is not used for this case
    level: str
    position: int
    since: dt.date | None
    due_on: dt.date | None
    unit: str
    days_left: int | None  # in the level's unit; negative once past
    flagged: bool  # days ran out without a result: to be escalated
    has_result: bool
    next_level_id: uuid.UUID | None
    next_level: str
    history: tuple[LevelEventView, ...]
    levels: tuple[LevelView, ...]  # the ladder, for choosing
    may_change: str  # '' when the actor may move this case, else why not


@dataclass(frozen=True, kw_only=True)
class FlaggedCaseView:
    case_id: uuid.UUID
    case_number: str
    committee_id: uuid.UUID
    level: str
    since: dt.date
    due_on: dt.date
    days_over: int  # calendar days since the due day
    next_level: str  # '' at the top level


@dataclass(frozen=True, kw_only=True)
class LevelResultRow:
    level: str
    concluded: int  # cases that reached their result at this level in the period
    agreed: int  # of them with an agreement


@dataclass(frozen=True, kw_only=True)
class SupervisionItem:
    """A slip the centre should press (督办): not signed in within the hours, or past its deadline
    without feedback, with the reminders recorded so far."""

    referral_id: uuid.UUID
    number: str
    case_id: uuid.UUID | None
    committee_id: uuid.UUID
    to_department: str
    issued_on: dt.date
    deadline: dt.date | None
    not_signed_in: bool
    past_deadline: bool
    reminders: int
    last_reminded_on: dt.date | None


@dataclass(frozen=True, kw_only=True)
class SignInView:
    referral_id: uuid.UUID
    issued_at: dt.datetime | None
    signed_in_at: dt.datetime | None
    signed_in_by: str
