"""What the warning views show: plain frozen values, every code already a word."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class WarningView:
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    parties: str
    rule: str  # domain.warnings.WarningRule code
    rule_label: str
    reason: str  # which records, words and dates, in words
    evidence_on: dt.date | None
    raised_at: dt.datetime
    reviewed_at: dt.datetime | None = None
    reviewed_by: str = ""
    decision: str | None = None  # ReviewDecision code
    decision_label: str = ""
    note: str = ""
    containment: str = ""
    police: bool = False
    police_unit: str = ""

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None


@dataclass(frozen=True, kw_only=True)
class WarningPage:
    items: tuple[WarningView, ...]
    total: int  # every open warning the user sees, not only this page
    next_key: tuple[dt.datetime, uuid.UUID] | None  # where the next page starts (None: this was the last)


@dataclass(frozen=True, kw_only=True)
class ScanResult:
    cases_scanned: int | None  # None: every case
    raised: int  # new warnings
    by_rule: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class WarningStats:
    period: str
    raised: int
    reviewed: int
    police: int  # reviewed and escalated to the police
    prevented: int  # reviewed, and a prevention event recorded on the case since the warning


@dataclass(frozen=True, kw_only=True)
class WarningWords:
    text: str  # the list as the administrator edits it
    shipped: bool  # the list shipped with the application (never edited here)
    counts: dict[str, int]  # words per kind code
