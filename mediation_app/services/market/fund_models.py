"""What the advance compensation fund hands to the client and the command line."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class FundEntryView:
    id: uuid.UUID
    kind: str  # payment / recovery / topup / reversal
    kind_label: str
    number: str
    amount_fen: int
    entry_on: dt.date
    case_id: uuid.UUID | None
    case_number: str
    merchant_id: uuid.UUID | None
    merchant: str  # "A区-012 老王水果" ('' when none)
    payee: str  # the party paid (payment)
    payment_number: str  # the payment a recovery is against
    reverses_number: str  # the entry a reversal cancels
    reversed_by: str  # the number of the reversal that cancelled this entry ('' while live)
    approver: str
    receipt: str
    source: str
    note: str
    recorded_by: str
    outstanding_fen: int  # a live payment: what is still to be recovered (0 otherwise)

    @property
    def live(self) -> bool:
        return not self.reversed_by and self.kind != "reversal"


@dataclass(frozen=True, kw_only=True)
class FundEntryPage:
    rows: tuple[FundEntryView, ...]
    total: int
    offset: int


@dataclass(frozen=True, kw_only=True)
class FundBalance:
    topups_fen: int
    paid_fen: int
    recovered_fen: int
    balance_fen: int
    outstanding_fen: int  # paid out and not yet recovered


@dataclass(frozen=True, kw_only=True)
class OutstandingRow:
    payment_id: uuid.UUID
    number: str
    case_number: str
    merchant_id: uuid.UUID | None
    merchant: str
    paid_on: dt.date
    paid_fen: int
    recovered_fen: int
    outstanding_fen: int
    payee: str


@dataclass(frozen=True, kw_only=True)
class OutstandingPage:
    rows: tuple[OutstandingRow, ...]
    total: int  # every payment with something outstanding
    offset: int


@dataclass(frozen=True, kw_only=True)
class FundChoice:
    id: uuid.UUID
    label: str


@dataclass(frozen=True, kw_only=True)
class CaseFund:
    """The fund's entries on one case and what the forms offer to choose from."""

    entries: tuple[FundEntryView, ...]
    paid_fen: int
    recovered_fen: int
    outstanding_fen: int
    parties: tuple[FundChoice, ...]  # who may be paid
    merchants: tuple[FundChoice, ...]  # merchants linked to the case's parties
    may_approve: bool  # the actor may pay out and reverse
    may_record: bool  # the actor may record recoveries


@dataclass(frozen=True, kw_only=True)
class FundFigures:
    """The fund in a period, for the market statistics."""

    paid_fen: int  # paid out in the period
    recovered_fen: int  # recovered in the period
    outstanding_fen: int  # still to be recovered at the period's end
