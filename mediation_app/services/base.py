"""What every use-case service shares: the database, the clock, permission checks, loading a
case with its guard facts, status moves with history, and the audit entry of each change."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from mediation_app.domain.enums import CaseStatus, ConfirmationOutcome, ConsentKind, RecusalDecision, Role
from mediation_app.domain.lifecycle import Action, CaseFacts, PartyState, blockers, transition_blocker
from mediation_app.domain.permissions import CASE_BOUND, Perm, allowed, denial
from mediation_app.domain.text_input import clean_fields, clean_named
from mediation_app.i18n import _
from mediation_app.services.changes import CASE_DATA, ChangeKind, Changes
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.services.errors import GuardRefused, NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.live_account import account_problem
from mediation_app.storage import queries as q
from mediation_app.storage.audit import append_audit
from mediation_app.storage.case_rows import changed_case_rows
from mediation_app.storage.db import Database
from mediation_app.storage.models import CaseRecord, StatusChangeRecord
from mediation_app.storage.search import reindex_or_defer
from mediation_app.storage.warning_pending import mark as mark_for_warnings

T = TypeVar("T")
# What the two common checks mean in the role × action matrix (domain/permissions.py).
CASE_WORKERS = Perm.READ_CASE  # work with the committee's cases (a change also needs the case: load_case)
SUPERVISORS = Perm.SUPERVISE  # a committee head's decisions on a case


class ServiceBase:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # -- permissions -------------------------------------------------------------------------
    def require_role(self, actor: Actor, what: Perm | tuple[Role, ...] = CASE_WORKERS) -> None:
        """Refuse unless the actor's roles allow ``what`` (a matrix action; a tuple of roles is
        read as "any of these roles"). Case-bound actions are checked again on the case itself
        by ``load_case``/``authorize``."""
        self._require_current_password(actor)
        if isinstance(what, Perm):
            if not allowed(actor.roles, what, assigned=True if what in CASE_BOUND else False):
                raise PermissionDenied(denial(actor.roles, what))
            return
        if not actor.roles & set(what):
            raise PermissionDenied(
                _("Your role ({role}) may not do this; ask: {allowed}.").format(
                    role=actor.roles_label(), allowed="、".join(r.label() for r in what)
                )
            )

    def _require_current_password(self, actor: Actor) -> None:
        """Every check starts here: the account must not owe a password change, and must still be
        active and hold the roles it signed in with (live_account: read at most once a second)."""
        if actor.must_change_password:
            raise PermissionDenied(_("An administrator has reset your password; change it before you go on."))
        problem = account_problem(self.db, actor)
        if problem:
            raise PermissionDenied(problem)

    @staticmethod
    def _check_committee(actor: Actor, case: CaseRecord) -> None:
        """A case is out of reach unless the account works in its committee (or heads the centre)."""
        if actor.membership(case.committee_id) is None and not actor.centre_head:
            raise PermissionDenied(_("This case belongs to another committee."))

    @staticmethod
    def committee_reach(actor: Actor, committee_id: uuid.UUID, refusal: str, *, write: bool) -> None:
        """The rule for a committee's own records that are not cases (ledger items, merchants,
        complaint hand-overs): reading them needs the committee in the account's reach (``sees``: the
        centre's head reads every committee's); changing them a case role in that committee itself
        (``works_in``), as changing a case does (``authorize``). ``refusal`` says whose record it is."""
        if not (actor.works_in(committee_id) if write else actor.sees(committee_id)):
            raise PermissionDenied(refusal)

    @staticmethod
    def is_assigned(session: Any, actor: Actor, case: CaseRecord) -> bool:
        """Is the actor's mediator (in the case's committee) its presiding or an assisting
        (current) mediator?"""
        mediator_id = actor.mediator_in(case.committee_id)
        if mediator_id is None:
            return False
        if case.presiding_mediator_id == mediator_id:
            return True
        return any(a.mediator_id == mediator_id and a.ended_at is None for a in q.assignments(session, case.id))

    @staticmethod
    def _centre_reads(actor: Actor, action: Perm, case: CaseRecord) -> bool:
        """The centre's head reads a case of a committee it holds no role in (and does nothing else)."""
        return action is Perm.READ_CASE and actor.centre_head and not actor.works_in(case.committee_id)

    def authorize(self, session: Any, actor: Actor, action: Perm, case: CaseRecord | None = None) -> None:
        """The one enforcement point of the matrix: raise ``PermissionDenied`` with the reason.
        On a case, the roles that count are those the account holds in the case's committee."""
        self._require_current_password(actor)
        roles = actor.roles
        if case is not None:
            self._check_committee(actor, case)
            if self._centre_reads(actor, action, case):
                return
            if actor.membership(case.committee_id) is None:
                raise PermissionDenied(_("This case belongs to another committee; the centre's head reads it only."))
            roles = actor.roles_in(case.committee_id)
        assigned = case is not None and action in CASE_BOUND and self.is_assigned(session, actor, case)
        if not allowed(roles, action, assigned):
            raise PermissionDenied(denial(roles, action, assigned))

    def case_denial(self, session: Any, actor: Actor, case: CaseRecord, action: Perm = Perm.EDIT_CASE) -> str:
        """Why the actor may not do ``action`` on this case ('' when they may)."""
        if actor.membership(case.committee_id) is None and not actor.centre_head:
            return _("This case belongs to another committee.")
        if self._centre_reads(actor, action, case):
            return ""
        if actor.membership(case.committee_id) is None:
            return _("This case belongs to another committee; the centre's head reads it only.")
        assigned = action in CASE_BOUND and self.is_assigned(session, actor, case)
        return denial(actor.roles_in(case.committee_id), action, assigned)

    @staticmethod
    def _is_write(session: Any) -> bool:
        try:
            return bool(session.get_bind().get_execution_options().get("mediation_write", False))
        except Exception:  # noqa: BLE001 - an unusual bind is treated as a read
            return False

    def read_only_reason(self) -> str:
        """Why nothing can be changed: the read-only sentence the writes are refused with ('' when the
        database can be written). Read models carry it so that the screens disable what would fail."""
        if not getattr(self.db, "read_only", False):
            return ""
        from mediation_app.services.errors import from_storage
        from mediation_app.storage.errors import ReadOnly

        pre = getattr(self.db, "preflight", None)
        folder = bool(pre and pre.read_only_folder)
        path = self.db.sqlite_path
        return from_storage(ReadOnly(path.parent if folder and path else path, folder=folder)).message

    # -- loading -----------------------------------------------------------------------------
    def load_case(self, session: Any, actor: Actor, case_id: uuid.UUID, for_write: bool | None = None) -> CaseRecord:
        """The case, after the permission check: reading needs ``READ_CASE``; inside a write
        transaction (or with ``for_write=True``) the actor must be allowed to change this case
        (``EDIT_CASE``: a head, or a mediator assigned to it). Pass ``for_write=False`` for a
        write transaction that only reads the case (e.g. to record that it was viewed)."""
        case: CaseRecord | None = session.get(CaseRecord, case_id)
        if case is None:
            raise NotFound(_("No such case."))
        write = self._is_write(session) if for_write is None else for_write
        self.authorize(session, actor, Perm.READ_CASE, case)
        if write:
            self.authorize(session, actor, Perm.EDIT_CASE, case)
        return case

    def facts(self, session: Any, case: CaseRecord, archive_missing: tuple[str, ...] = ()) -> CaseFacts:
        events = q.consent_events(session, case.id)
        parties = []
        for link in case.links:
            kinds = {e.kind for e in events.get(link.id, [])}
            last_decision = next(
                (
                    e.kind
                    for e in reversed(events.get(link.id, []))
                    if e.kind in (ConsentKind.CONSENT, ConsentKind.REFUSAL, ConsentKind.WITHDRAWAL)
                ),
                None,
            )
            parties.append(
                PartyState(
                    key=link.id,
                    name=link.party.name,
                    notice_given=ConsentKind.NOTICE_GIVEN in kinds,
                    consented=last_decision == ConsentKind.CONSENT,
                    refused=last_decision == ConsentKind.REFUSAL,
                    withdrew=last_decision == ConsentKind.WITHDRAWAL,
                    # each extension needs its own consents: one more than the extensions granted
                    extension_consented=sum(e.kind == ConsentKind.EXTENSION_CONSENT for e in events.get(link.id, []))
                    > (case.extension_count or 0),
                    ready_on=_ready_on(events.get(link.id, [])),
                )
            )
        recused = frozenset(
            r.mediator_id for r in q.recusals(session, case.id) if r.decision == RecusalDecision.GRANTED
        )
        agreements = q.agreements(session, case.id)
        in_force = {a.id for a in agreements if a.form == "written" and a.effective_on}
        return CaseFacts(
            status=CaseStatus(case.status),
            parties=tuple(parties),
            presiding_mediator_id=case.presiding_mediator_id,
            recused_mediator_ids=recused,
            held_meetings=q.held_meeting_count(session, case.id),
            written_agreement_effective=any(a.form == "written" and a.effective_on for a in agreements),
            written_agreement_drafted=any(a.form == "written" and not a.effective_on for a in agreements),
            oral_agreement=any(a.form == "oral" for a in agreements),
            agreement_invalid=any(c.outcome == ConfirmationOutcome.INVALID and c.agreement_id in in_force
                                  for c in q.confirmations(session, case.id)) if in_force else False,
            archive_missing=archive_missing,
            registered_on=case.registered_on,
            accepted_on=case.accepted_on,
        )

    @staticmethod
    def guard(action: Action, facts: CaseFacts) -> None:
        reasons = blockers(action, facts)
        if reasons:
            raise GuardRefused(reasons)

    # -- changes -----------------------------------------------------------------------------
    def move(self, session: Any, actor: Actor, case: CaseRecord, target: CaseStatus, reason: str | None = None) -> None:
        current = CaseStatus(case.status)
        if current is target:
            return
        problem = transition_blocker(current, target)
        if problem:
            raise GuardRefused([problem])
        case.status = target
        session.add(
            StatusChangeRecord(
                case_id=case.id,
                from_status=current,
                to_status=target,
                at=self.clock.now(),
                by_user_id=actor.user_id,
                reason=reason,
            )
        )
        self.audit(session, actor, "case.status", "case", case.id, case.id, {"from": current, "to": target})

    def changes(
        self, session: Any, kind: ChangeKind, case_id: uuid.UUID | None = None, *,
        created_id: uuid.UUID | None = None, number: str | None = None,
    ) -> Changes:
        """What this write transaction changed: ``kind`` (the action's own), with ``CASE_ROW`` added,
        and the cases concerned, whenever it changed a field the case lists show — the one place
        that decides it, so no action can leave a list stale."""
        rows = changed_case_rows(session)
        kinds = {kind, ChangeKind.CASE_ROW} if rows else {kind}
        ids = set(rows) | ({case_id} if case_id else set())
        if ids and kind in CASE_DATA:  # their risk warnings are computed after the save (services/warnings)
            mark_for_warnings(session, ids, self.clock.now())
        return Changes(kinds=frozenset(kinds), case_ids=frozenset(ids), created_id=created_id, number=number)

    def audit(
        self,
        session: Any,
        actor: Actor | None,
        action: str,
        object_type: str,
        object_id: Any = None,
        case_id: uuid.UUID | None = None,
        details: dict[str, Any] | None = None,
        success: bool = True,
    ) -> None:
        append_audit(
            session,
            user_id=actor.user_id if actor else None,
            username=actor.username if actor else "-",
            action=action,
            object_type=object_type,
            object_id=object_id,
            case_id=case_id,
            success=success,
            details=details,
        )

    # -- input text ---------------------------------------------------------------------------
    @staticmethod
    def cleaned(data: T, prefix: str = "") -> T:
        """Every text field of an input dataclass cleaned (domain/text_input.py), or refused with
        the field and the reason."""
        value, errors = clean_fields(data, prefix)
        if errors:
            raise ValidationFailed(errors)
        return value  # type: ignore[no-any-return]

    @staticmethod
    def cleaned_texts(**texts: Any) -> dict[str, Any]:
        """The same for the plain text arguments of a service method, by their names."""
        values, errors = clean_named(**texts)
        if errors:
            raise ValidationFailed(errors)
        return values

    @staticmethod
    def reindex(session: Any, case: CaseRecord) -> None:
        reindex_or_defer(session, case)


def _ready_on(events: list[Any]) -> Any:
    """The day since which the party had the rights notice and the consent now in force."""
    notice = next((e.on for e in events if e.kind == ConsentKind.NOTICE_GIVEN), None)
    consent = next((e for e in reversed(events)
                    if e.kind in (ConsentKind.CONSENT, ConsentKind.REFUSAL, ConsentKind.WITHDRAWAL)), None)
    if notice is None or consent is None or consent.kind != ConsentKind.CONSENT:
        return None
    return max(notice, consent.on)
