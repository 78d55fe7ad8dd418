"""What a mutating service call changed: typed kinds, the cases touched, the record created.

Each service method returns one ``Changes``; the client broadcasts it on its single
``data_changed`` signal and every view decides from the kinds whether it needs to reload (Anki's
``OpChanges``). The kinds are an enum, so a view cannot listen for a word no service says.

``CASE_ROW`` is never chosen by hand in a case service: ``ServiceBase.changes`` adds it whenever
the transaction changed a field the case lists show (storage/case_rows.py watches them), whatever
the action was called — recording a follow-up that closes a case, or a recusal that changes the
presiding mediator, reaches the case list like an edit of the case itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class ChangeKind(StrEnum):
    """The kinds of data a service call can change."""

    CASE_ROW = "case_row"  # a field the case lists show: status, presiding mediator, deadline, risk, parties…
    CASE = "case"  # the case's own record (registration, outcome, routing, bulk loads)
    PARTY = "party"
    CONSENT = "consent"
    PARTICIPANT = "participant"
    ASSIGNMENT = "assignment"
    RECUSAL = "recusal"
    MEETING = "meeting"
    INVESTIGATION = "investigation"
    EVIDENCE = "evidence"
    AGREEMENT = "agreement"
    CONFIRMATION = "confirmation"
    PERFORMANCE = "performance"
    FOLLOW_UP = "follow_up"
    REFERRAL = "referral"
    RISK = "risk"
    DOCUMENT = "document"
    PREVENTION = "prevention"
    LEDGER = "ledger"
    SCREENING = "screening"
    STATS_SUBMISSION = "stats_submission"
    SETTINGS = "settings"
    COMMITTEE = "committee"
    MEDIATOR = "mediator"
    USER = "user"
    REFERENCE = "reference"
    BACKUP = "backup"
    MERCHANT = "merchant"  # the market's merchant registry and the links of parties to merchants
    FUND = "fund"  # the market's advance compensation fund (先行赔付)
    LEVEL = "level"  # a case's level on the centre's ladder and its escalations
    SLIP = "slip"  # a four-part slip (四联单) issued, printed or its returned part recorded
    WARNING = "warning"  # risk early warnings raised or reviewed


# Kinds that concern the data of cases (their lists, deadlines, meetings and counts).
CASE_DATA: frozenset[ChangeKind] = frozenset({
    ChangeKind.CASE_ROW, ChangeKind.CASE, ChangeKind.PARTY, ChangeKind.CONSENT, ChangeKind.PARTICIPANT,
    ChangeKind.ASSIGNMENT, ChangeKind.RECUSAL, ChangeKind.MEETING, ChangeKind.INVESTIGATION, ChangeKind.EVIDENCE,
    ChangeKind.AGREEMENT, ChangeKind.CONFIRMATION, ChangeKind.PERFORMANCE, ChangeKind.FOLLOW_UP,
    ChangeKind.REFERRAL, ChangeKind.RISK, ChangeKind.DOCUMENT, ChangeKind.PREVENTION,
    ChangeKind.LEVEL, ChangeKind.SLIP, ChangeKind.WARNING,
})


@dataclass(frozen=True, kw_only=True)
class Changes:
    """What a mutating service call changed, for the UI's single ``data_changed`` signal.

    An empty ``kinds`` means "anything may have changed" (every view reloads)."""

    kinds: frozenset[ChangeKind] = field(default_factory=frozenset)
    case_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    created_id: uuid.UUID | None = None  # the new record's id when the action created one
    number: str | None = None  # the human number issued, when one was

    @staticmethod
    def of(kind: ChangeKind, case_id: uuid.UUID | None = None, *, created_id: uuid.UUID | None = None,
           number: str | None = None) -> Changes:
        return Changes(kinds=frozenset({ChangeKind(kind)}),
                       case_ids=frozenset({case_id}) if case_id else frozenset(),
                       created_id=created_id, number=number)

    def touches(self, kinds: frozenset[ChangeKind] | set[ChangeKind]) -> bool:
        """Does this change concern any of ``kinds`` (or is it unspecified)?"""
        return not self.kinds or bool(self.kinds & kinds)
