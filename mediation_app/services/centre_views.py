"""Read models of the one-stop centre: committees, and a dispute's routing from the window."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class CommitteeRow:
    """One committee of the centre, as the administrator's list shows it."""

    id: uuid.UUID
    name: str
    short_name: str
    kind: str
    number_pattern: str
    deadline_rule: str
    case_word: str
    agreement_word: str
    address: str | None
    phone: str | None
    supervising_unit: str | None
    active: bool
    case_count: int
    next_number: str  # the case number it would issue next


@dataclass(frozen=True, kw_only=True)
class RoutingView:
    """How a dispute registered at the centre's window was routed (or that it still waits)."""

    window_number: str
    window_committee: str
    status: str  # waiting / committee / department
    registered_by: str
    registered_on: dt.date
    to_committee: str | None = None
    to_department: str | None = None
    referral_number: str | None = None
    referral_status: str | None = None
    referral_deadline: dt.date | None = None
    reason: str | None = None
    routed_by: str | None = None
    routed_at: dt.datetime | None = None


@dataclass(frozen=True, kw_only=True)
class WaitingRow:
    """A window registration waiting to be routed."""

    case_id: uuid.UUID
    window_number: str
    title: str
    parties: str
    dispute_type: str
    risk_level: str
    registered_on: dt.date


@dataclass(frozen=True, kw_only=True)
class WaitingPage:
    rows: tuple[WaitingRow, ...]
    total: int
    next_key: tuple[str, uuid.UUID] | None  # pass back as ``after`` for the next page
