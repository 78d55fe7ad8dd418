"""What the market room's services hand to the client and the command line."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class MerchantInput:
    stall_number: str
    name: str
    business_type: str = ""
    credit_code: str = ""
    operator_name: str = ""
    operator_phone: str = ""
    contacts: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class MerchantView:
    id: uuid.UUID
    stall_number: str
    name: str
    business_type: str
    credit_code: str
    operator_name: str
    operator_phone: str
    contacts: str
    note: str
    active: bool
    left_on: dt.date | None
    disputes: int  # disputes on record (accepted or later, not voided)
    repeat: bool  # at or over the committee's repeat-disputant threshold


@dataclass(frozen=True)
class MerchantPageKey:
    stall_key: str
    id: str


@dataclass(frozen=True, kw_only=True)
class MerchantPage:
    rows: tuple[MerchantView, ...]
    total: int  # every merchant matching the search
    next_key: MerchantPageKey | None  # None on the last page


@dataclass(frozen=True, kw_only=True)
class MerchantCase:
    case_id: uuid.UUID
    number: str
    title: str
    status: str
    registered_on: dt.date
    party: str  # the linked party on that case
    role: str


@dataclass(frozen=True, kw_only=True)
class MerchantRecordView:
    """A merchant with its dispute history, its linked parties and the repeat warning."""

    merchant: MerchantView
    cases: tuple[MerchantCase, ...]
    parties: tuple[str, ...]
    warning: str | None  # "Repeat disputant: …" when at or over the threshold
    threshold: int


@dataclass(frozen=True, kw_only=True)
class ClockRuleView:
    subtype_code: str
    subtype_label: str
    days: int
    unit: str  # ClockUnit
    label: str
    description: str  # "within 10 working days"


@dataclass(frozen=True, kw_only=True)
class CalendarDayView:
    day: dt.date
    kind: str  # DayKind: off / work
    name: str
    source: str  # "shipped" | "edited"


@dataclass(frozen=True, kw_only=True)
class BusinessTypeRow:
    business_type: str
    disputes: int
    merchants: int


@dataclass(frozen=True, kw_only=True)
class ClockRow:
    subtype_label: str
    kept: int  # a result on or before the market deadline
    missed: int  # a result after it
    open_in_time: int
    open_overdue: int


@dataclass(frozen=True, kw_only=True)
class MarketStats:
    start: dt.date
    end: dt.date
    threshold: int
    merchants_with_disputes: int
    repeat_merchants: int  # merchants with at least ``threshold`` disputes accepted in the period
    by_business_type: tuple[BusinessTypeRow, ...]
    clock: tuple[ClockRow, ...]
    fund_paid_fen: int = 0  # advance compensation paid out in the period
    fund_recovered_fen: int = 0  # recovered from merchants in the period
    fund_outstanding_fen: int = 0  # still to be recovered at the period's end
