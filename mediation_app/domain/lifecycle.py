"""The case state machine and the guards of domain.md §8.

``blockers(action, facts)`` answers, for any user action, the reasons it is not allowed now
(an empty list means allowed). Services refuse with these reasons; the UI shows them beside the
disabled action instead of hiding it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from mediation_app.domain.enums import CaseStatus as S
from mediation_app.i18n import _

TRANSITIONS: dict[S, frozenset[S]] = {
    S.REGISTERED: frozenset({S.ACCEPTED, S.REFUSED, S.VOIDED}),
    S.ACCEPTED: frozenset({S.MEDIATING, S.TERMINATED, S.WITHDRAWN, S.VOIDED}),
    S.MEDIATING: frozenset({S.AGREEMENT_DRAFTED, S.ORAL_AGREEMENT, S.TERMINATED, S.WITHDRAWN}),
    S.AGREEMENT_DRAFTED: frozenset({S.AGREEMENT_EFFECTIVE, S.MEDIATING, S.TERMINATED, S.WITHDRAWN}),
    # back to mediation only after a court confirmed the agreement invalid (law Art. 33; Action.MEDIATE_AGAIN)
    S.AGREEMENT_EFFECTIVE: frozenset({S.PERFORMING, S.CLOSED, S.MEDIATING}),
    S.ORAL_AGREEMENT: frozenset({S.PERFORMING, S.CLOSED}),
    S.PERFORMING: frozenset({S.CLOSED, S.MEDIATING}),
    S.TERMINATED: frozenset({S.CLOSED}),
    S.WITHDRAWN: frozenset({S.CLOSED}),
    S.REFUSED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset(),
    S.VOIDED: frozenset(),
}

OPEN_FOR_MEDIATION = frozenset({S.ACCEPTED, S.MEDIATING, S.AGREEMENT_DRAFTED})
AGREEMENT_REACHED = frozenset({S.AGREEMENT_EFFECTIVE, S.ORAL_AGREEMENT, S.PERFORMING})
FINISHED = frozenset({S.CLOSED, S.ARCHIVED, S.VOIDED, S.REFUSED})


class Action(StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    EDIT_PARTIES = "edit_parties"
    RECORD_CONSENT = "record_consent"
    ASSIGN = "assign"
    REQUEST_RECUSAL = "request_recusal"
    SCHEDULE_MEETING = "schedule_meeting"
    RECORD_MEETING = "record_meeting"
    RECORD_INVESTIGATION = "record_investigation"
    ADD_EVIDENCE = "add_evidence"
    DRAFT_AGREEMENT = "draft_agreement"
    EXECUTE_AGREEMENT = "execute_agreement"
    ORAL_AGREEMENT = "oral_agreement"
    TERMINATE = "terminate"
    WITHDRAW = "withdraw"
    EXTEND_DEADLINE = "extend_deadline"
    RECORD_PERFORMANCE = "record_performance"
    RECORD_FOLLOW_UP = "record_follow_up"
    APPLY_CONFIRMATION = "apply_confirmation"
    MEDIATE_AGAIN = "mediate_again"  # after a court confirmed the agreement invalid (law Art. 33)
    ISSUE_REFERRAL = "issue_referral"
    SET_RISK = "set_risk"
    CLOSE = "close"
    ARCHIVE = "archive"
    VOID = "void"


@dataclass(frozen=True)
class PartyState:
    """What the guards need to know about one party of the case."""

    key: uuid.UUID
    name: str
    notice_given: bool
    consented: bool
    refused: bool
    withdrew: bool
    extension_consented: bool = False
    ready_on: date | None = None  # since when the notice was given and the consent in force recorded


@dataclass(frozen=True)
class CaseFacts:
    status: S
    parties: tuple[PartyState, ...]
    presiding_mediator_id: uuid.UUID | None = None
    recused_mediator_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    held_meetings: int = 0
    written_agreement_effective: bool = False
    written_agreement_drafted: bool = False
    oral_agreement: bool = False
    confirmation_applied: bool = False
    agreement_invalid: bool = False  # a court confirmed the written agreement in force invalid
    archive_missing: tuple[str, ...] = ()  # from the case-file completeness check
    registered_on: date | None = None
    accepted_on: date | None = None


def can_transition(current: S, target: S) -> bool:
    return target in TRANSITIONS[current]


def transition_blocker(current: S, target: S) -> str | None:
    if can_transition(current, target):
        return None
    return _("A case that is “{current}” cannot become “{target}”.").format(
        current=current.label(), target=target.label()
    )


def _consent_blockers(facts: CaseFacts) -> list[str]:
    """Facts 2 and 4: every party consented and was given the rights notice; no one refused."""
    reasons: list[str] = []
    if not facts.parties:
        reasons.append(_("The case has no parties yet."))
    for p in facts.parties:
        if p.refused:
            reasons.append(
                _("{name} has refused mediation; the case can only be refused or terminated.").format(
                    name=p.name
                )
            )
        elif p.withdrew:
            reasons.append(_("{name} has asked to end the mediation.").format(name=p.name))
        else:
            if not p.notice_given:
                reasons.append(_("The rights notice has not been recorded for {name}.").format(name=p.name))
            if not p.consented:
                reasons.append(_("{name} has not consented to mediation yet.").format(name=p.name))
    return reasons


def _presiding_blockers(facts: CaseFacts) -> list[str]:
    if facts.presiding_mediator_id is None:
        return [_("No presiding mediator has been assigned.")]
    if facts.presiding_mediator_id in facts.recused_mediator_ids:
        return [_("The presiding mediator has been recused; assign a replacement.")]
    return []


def _status_blocker(facts: CaseFacts, allowed: frozenset[S], what: str) -> list[str]:
    if facts.status in allowed:
        return []
    return [
        _("{action} is not possible while the case is “{status}”.").format(
            action=what, status=facts.status.label()
        )
    ]


def blockers(action: Action, facts: CaseFacts) -> list[str]:
    """Every reason ``action`` is refused now; empty when it is allowed."""
    if action is Action.ACCEPT:
        reasons = _status_blocker(facts, frozenset({S.REGISTERED}), _("Accepting"))
        return reasons + [  # fact 2: a refusal leaves only non-acceptance
            _("{name} has refused mediation; the case can only be refused (not accepted).").format(name=p.name)
            for p in facts.parties if p.refused
        ]
    if action is Action.REFUSE:
        return _status_blocker(facts, frozenset({S.REGISTERED}), _("Refusing"))
    if action is Action.VOID:
        return _status_blocker(facts, frozenset({S.REGISTERED, S.ACCEPTED}), _("Voiding"))
    if action in (Action.EDIT_PARTIES, Action.RECORD_CONSENT):
        return _status_blocker(facts, frozenset({S.REGISTERED}) | OPEN_FOR_MEDIATION, _("Changing parties"))
    if action in (Action.ASSIGN, Action.REQUEST_RECUSAL):
        return _status_blocker(facts, frozenset({S.REGISTERED}) | OPEN_FOR_MEDIATION, _("Assigning"))
    if action in (Action.SCHEDULE_MEETING, Action.RECORD_MEETING, Action.RECORD_INVESTIGATION):
        reasons = _status_blocker(facts, OPEN_FOR_MEDIATION, _("Mediation work"))
        return reasons or _consent_blockers(facts) + _presiding_blockers(facts)
    if action is Action.ADD_EVIDENCE:
        return _status_blocker(facts, frozenset(S) - FINISHED - {S.ARCHIVED}, _("Adding material"))
    if action in (Action.DRAFT_AGREEMENT, Action.ORAL_AGREEMENT):
        allowed = (
            frozenset({S.MEDIATING, S.AGREEMENT_DRAFTED})
            if action is Action.DRAFT_AGREEMENT
            else frozenset({S.MEDIATING})
        )
        reasons = _status_blocker(facts, allowed, _("Recording an agreement"))
        if reasons:
            return reasons
        return _consent_blockers(facts) + _presiding_blockers(facts)
    if action is Action.EXECUTE_AGREEMENT:
        reasons = _status_blocker(facts, frozenset({S.AGREEMENT_DRAFTED}), _("Executing the agreement"))
        return reasons or _consent_blockers(facts)
    if action in (Action.TERMINATE, Action.WITHDRAW):
        return _status_blocker(facts, OPEN_FOR_MEDIATION, _("Ending the mediation"))
    if action is Action.EXTEND_DEADLINE:
        reasons = _status_blocker(facts, OPEN_FOR_MEDIATION, _("Extending the deadline"))
        missing = [p.name for p in facts.parties if not p.extension_consented]
        if missing:
            reasons.append(
                _("Each extension needs every party's consent recorded for it; missing: {names}.").format(
                    names="、".join(missing)
                )
            )
        return reasons
    if action in (Action.RECORD_PERFORMANCE, Action.RECORD_FOLLOW_UP):
        return _status_blocker(facts, AGREEMENT_REACHED | {S.CLOSED}, _("Recording performance"))
    if action is Action.APPLY_CONFIRMATION:
        reasons = _status_blocker(
            facts, frozenset({S.AGREEMENT_EFFECTIVE, S.PERFORMING}), _("Judicial confirmation")
        )
        if not reasons and not facts.written_agreement_effective:
            reasons.append(_("Judicial confirmation needs a written agreement that is in effect."))
        if not reasons and facts.agreement_invalid:
            reasons.append(_("The court confirmed this agreement invalid: the parties may mediate again to change it "
                             "or reach a new one, or go to court (law Art. 33)."))
        return reasons
    if action is Action.MEDIATE_AGAIN:
        reasons = _status_blocker(facts, frozenset({S.AGREEMENT_EFFECTIVE, S.PERFORMING}), _("Mediating again"))
        if not reasons and not facts.agreement_invalid:
            reasons.append(_("Mediation starts again on an agreement in effect only after a court has confirmed "
                             "it invalid (law Art. 33)."))
        return reasons
    if action is Action.ISSUE_REFERRAL or action is Action.SET_RISK:
        return _status_blocker(facts, frozenset(S) - {S.ARCHIVED, S.VOIDED}, _("This action"))
    if action is Action.CLOSE:
        allowed = frozenset(
            {S.AGREEMENT_EFFECTIVE, S.ORAL_AGREEMENT, S.PERFORMING, S.TERMINATED, S.WITHDRAWN, S.REFUSED}
        )
        return _status_blocker(facts, allowed, _("Closing"))
    if action is Action.ARCHIVE:
        reasons = _status_blocker(facts, frozenset({S.CLOSED}), _("Archiving"))
        return reasons + [
            _("The case file is incomplete: {item}.").format(item=item) for item in facts.archive_missing
        ]
    raise ValueError(f"unknown action {action}")  # pragma: no cover


def status_after(action: Action, current: S) -> S | None:
    """The status an allowed action moves the case to (None when it does not change status)."""
    moves = {
        Action.ACCEPT: S.ACCEPTED,
        Action.REFUSE: S.REFUSED,
        Action.VOID: S.VOIDED,
        Action.EXECUTE_AGREEMENT: None,  # effective only once every execution is in (service decides)
        Action.ORAL_AGREEMENT: S.ORAL_AGREEMENT,
        Action.DRAFT_AGREEMENT: S.AGREEMENT_DRAFTED,
        Action.TERMINATE: S.TERMINATED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.CLOSE: S.CLOSED,
        Action.MEDIATE_AGAIN: S.MEDIATING,
        Action.ARCHIVE: S.ARCHIVED,
    }
    if action in (Action.SCHEDULE_MEETING, Action.RECORD_MEETING, Action.RECORD_INVESTIGATION):
        return S.MEDIATING if current is S.ACCEPTED else None
    if action in (Action.RECORD_PERFORMANCE, Action.RECORD_FOLLOW_UP):
        return S.PERFORMING if current in (S.AGREEMENT_EFFECTIVE, S.ORAL_AGREEMENT) else None
    target = moves.get(action)
    return None if target is None or target is current else target


def registration_date_blockers(registered_on: date, today: date) -> list[str]:
    """A case is registered on a day that has come (a future date would also take next year's number)."""
    if registered_on > today:
        return [_("The registration date {date} is in the future; register the case on the day it is received.").format(
            date=registered_on.isoformat())]
    return []


def acceptance_date_blockers(facts: CaseFacts, on: date, today: date) -> list[str]:
    """A case is accepted on or after the day it was registered, and not in the future."""
    reasons = []
    if on > today:
        reasons.append(_("The acceptance date {date} is in the future.").format(date=on.isoformat()))
    if facts.registered_on is not None and on < facts.registered_on:
        reasons.append(_("The acceptance date {date} is before the case was registered ({registered}).").format(
            date=on.isoformat(), registered=facts.registered_on.isoformat()))
    return reasons


def mediation_date_blockers(facts: CaseFacts, on: date, today: date, what: str) -> list[str]:
    """A session (or an agreement) is dated on a day that has come, after acceptance and after every
    party was given the rights notice and consented (facts 2 and 4)."""
    reasons = []
    if on > today:
        reasons.append(_("{what} is dated {date}, which is in the future.").format(what=what, date=on.isoformat()))
    if facts.accepted_on is not None and on < facts.accepted_on:
        reasons.append(_("{what} is dated {date}, before the case was accepted ({accepted}).").format(
            what=what, date=on.isoformat(), accepted=facts.accepted_on.isoformat()))
    for p in facts.parties:
        if p.ready_on is not None and on < p.ready_on:
            reasons.append(_("{what} is dated {date}, before {name} was given the rights notice and consented "
                             "({ready}).").format(what=what, date=on.isoformat(), name=p.name,
                                                  ready=p.ready_on.isoformat()))
    return reasons


def recused_present_blockers(facts: CaseFacts, present: dict[uuid.UUID, str]) -> list[str]:
    """Fact 5: a recused mediator takes no further part in the case's sessions."""
    return [
        _("{name} has been recused from this case and cannot conduct its sessions.").format(name=name)
        for mediator_id, name in present.items() if mediator_id in facts.recused_mediator_ids
    ]
