"""Ending a mediation (terminate / withdraw), extending the deadline, closing and archiving."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.enums import (
    CaseStatus,
    ConsentKind,
    EvidenceKind,
    PartyKind,
    PerformanceStatus,
    TerminationKind,
)
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import _
from mediation_app.services.base import SUPERVISORS, ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import ValidationFailed
from mediation_app.storage import queries as q
from mediation_app.storage.models import CaseRecord, TerminationRecord


def record_termination(
    svc: ServiceBase, s: Any, actor: Actor, case: CaseRecord, kind: str, reason: str, routes: tuple[str, ...],
    on: dt.date, reported_to: str | None, reported_on: dt.date | None,
) -> TerminationRecord:
    """Fact 21: a reason and the routes the parties were told of (arbitration, administrative,
    judicial); the case moves to terminated or withdrawn."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason the mediation ended.")
    known = {item.code for item in q.lookups(s, "route")}
    if not routes:
        errors["routes"] = _("Record which routes the parties were told of (lawsuit, arbitration, department …).")
    elif not set(routes) <= known:
        errors["routes"] = _("Unknown route.")
    if bool(reported_to) != bool(reported_on):
        errors["reported_to"] = _("A report to the police needs both the recipient and the date.")
    if errors:
        raise ValidationFailed(errors)
    rec = TerminationRecord(case_id=case.id, kind=kind, reason=reason.strip(), routes="\n".join(routes),
                            routes_told_on=on, reported_to=(reported_to or "").strip() or None,
                            reported_on=reported_on, on=on)
    s.add(rec)
    s.flush()
    target = CaseStatus.WITHDRAWN if kind == TerminationKind.WITHDRAWN else CaseStatus.TERMINATED
    svc.move(s, actor, case, target, reason.strip())
    svc.audit(s, actor, "case.terminate", "termination", rec.id, case.id, {"kind": kind, "routes": list(routes)})
    return rec


def archive_missing(s: Any, case: CaseRecord) -> tuple[str, ...]:
    """Fact 25: what the case file still lacks before it can be archived."""
    missing: list[str] = []
    events = q.consent_events(s, case.id)
    for link in case.links:
        if not any(e.kind == ConsentKind.NOTICE_GIVEN for e in events.get(link.id, [])):
            missing.append(_("rights notice for {name}").format(name=link.party.name))
    evidence = q.evidence(s, case.id)
    has_id_copies = any(e.kind == EvidenceKind.IDENTITY for e in evidence)
    if not has_id_copies:
        for link in case.links:
            p = link.party
            if not (p.id_number if p.kind == PartyKind.NATURAL else p.credit_code):
                missing.append(_("identity document of {name}").format(name=p.name))
    status_path = {h.to_status for h in q.status_history(s, case.id)}
    if CaseStatus.REFUSED not in status_path and not case.quick_entry and q.held_meeting_count(s, case.id) == 0:
        missing.append(_("a session record"))
    agreements = q.agreements(s, case.id)
    reached = status_path & {CaseStatus.AGREEMENT_EFFECTIVE, CaseStatus.ORAL_AGREEMENT}
    if reached and not agreements:
        missing.append(_("the agreement"))
    for a in agreements:
        if a.form == "written" and not a.effective_on:
            missing.append(_("signatures on agreement {number}").format(number=a.number))
    if reached and not q.follow_ups(s, case.id) and not case.quick_entry:
        missing.append(_("a follow-up visit record"))
    if not case.retention_period:
        missing.append(_("the retention period on the cover"))
    if not case.file_compiler:
        missing.append(_("the compiler of the file"))
    missing += _proofs_and_signers(s, case, agreements, evidence)
    return tuple(missing)


def _proofs_and_signers(s: Any, case: CaseRecord, agreements: list[Any], evidence: list[Any]) -> list[str]:
    """A proof for every payment, the receipt an agreement says is issued, the recorder of every
    session and agreement, the checker of the file."""
    from mediation_app.documents.completeness import RECEIPT_WORDS

    missing: list[str] = []
    receipts = sum(1 for e in evidence if e.kind == EvidenceKind.RECEIPT)
    payments = sum(1 for e in q.performance_events(s, case.id)
                   if e.kind in (PerformanceStatus.PERFORMED, PerformanceStatus.PARTLY) and e.amount_fen)
    texts = [t for a in agreements for t in (a.performance_method or "", *(x.text for x in a.terms),
                                              *((o.method or "") for o in a.obligations))]
    if receipts < payments:
        missing.append(_("proof of every payment ({have} receipts for {need} payments)").format(
            have=receipts, need=payments))
    elif receipts == 0 and any(w in t for t in texts for w in RECEIPT_WORDS):
        missing.append(_("the receipt the agreement says is issued"))
    if any(m.status == "held" and not (m.recorder_name or "").strip() for m in q.meetings(s, case.id)):
        missing.append(_("the recorder of every session record"))
    if any(a.form == "written" and not (a.recorder_name or "").strip() for a in agreements):
        missing.append(_("the recorder of the agreement"))
    if not (case.file_checker or "").strip():
        missing.append(_("the checker of the file"))
    return missing


class OutcomeService(ServiceBase):
    def terminate(
        self, actor: Actor, case_id: uuid.UUID, reason: str, routes: tuple[str, ...],
        kind: TerminationKind = TerminationKind.FAILED, on: dt.date | None = None,
        reported_to: str | None = None, reported_on: dt.date | None = None,
    ) -> Changes:
        self.require_role(actor)
        texts = self.cleaned_texts(reason=reason, reported_to=reported_to)
        reason, reported_to = texts["reason"], texts["reported_to"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            action = Action.WITHDRAW if kind is TerminationKind.WITHDRAWN else Action.TERMINATE
            self.guard(action, self.facts(s, case))
            rec = record_termination(self, s, actor, case, kind, reason, routes, on or self.clock.today(),
                                     reported_to, reported_on)
            return self.changes(s, ChangeKind.CASE, case.id, created_id=rec.id)

    def extend_deadline(self, actor: Actor, case_id: uuid.UUID, until: dt.date, reason: str) -> Changes:
        """Fact 8: an extension needs every party's recorded consent (ConsentKind.EXTENSION_CONSENT)."""
        self.require_role(actor)
        reason = self.cleaned_texts(reason=reason)["reason"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.EXTEND_DEADLINE, self.facts(s, case))
            current = case.extended_until or case.deadline_on
            if current and until <= current:
                raise ValidationFailed({"until": _("The new deadline must be after {date}.").format(
                    date=current.isoformat())})
            if not reason.strip():
                raise ValidationFailed({"reason": _("Say why more time is needed.")})
            # The extension is the deadline in force; the consents recorded for it are used up, so
            # a further extension needs fresh consents from every party (fact 8).
            case.extended_until = case.deadline_on = until
            case.extension_count = (case.extension_count or 0) + 1
            self.audit(s, actor, "case.extend", "case", case.id, case.id,
                       {"until": until, "reason": reason, "extension": case.extension_count})
            return self.changes(s, ChangeKind.CASE, case.id)

    def close(self, actor: Actor, case_id: uuid.UUID, on: dt.date | None = None, note: str = "") -> Changes:
        self.require_role(actor)
        note = self.cleaned_texts(note=note)["note"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.CLOSE, self.facts(s, case))
            on = on or self.clock.today()
            start = case.accepted_on or case.registered_on  # the statistics count a case by this date
            if on > self.clock.today():
                raise ValidationFailed({"on": _("The closing date {date} is in the future.").format(date=on)})
            if start is not None and on < start:
                raise ValidationFailed({"on": _("The closing date {date} is before the case was accepted or "
                                                "registered ({start}).").format(date=on, start=start)})
            case.closed_on = on
            self.move(s, actor, case, CaseStatus.CLOSED, note.strip() or None)
            return self.changes(s, ChangeKind.CASE, case.id)

    def set_file_details(
        self, actor: Actor, case_id: uuid.UUID, retention_period: str, compiler: str, note: str | None = None,
        compiled_on: dt.date | None = None, checker: str | None = None, title: str | None = None,
    ) -> Changes:
        """Cover data (fact 28: the retention period is the user's choice, never a default). ``title``: the
        卷名; blank names the dispute as the forms do ("X与Y……纠纷")."""
        self.require_role(actor)
        texts = self.cleaned_texts(compiler=compiler, note=note, checker=checker)
        compiler, note, checker = texts["compiler"], texts["note"], texts["checker"]
        if not retention_period.strip():
            raise ValidationFailed({"retention_period": _("Choose a retention period for the file.")})
        if not compiler.strip():
            raise ValidationFailed({"compiler": _("Who compiled the file?")})
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            case.retention_period, case.file_compiler = retention_period.strip(), compiler.strip()
            case.explanatory_note = (note or "").strip() or case.explanatory_note
            case.file_compiled_on = compiled_on or case.file_compiled_on or self.clock.today()
            case.file_checker = (checker or "").strip() or case.file_checker
            if title is not None:
                from mediation_app.services.intake import generated_title

                case.title = " ".join(title.split())[:300] or generated_title(s, case)
                self.reindex(s, case)
            self.audit(s, actor, "case.file_details", "case", case.id, case.id)
            return self.changes(s, ChangeKind.CASE, case.id)

    def archive_check(self, actor: Actor, case_id: uuid.UUID) -> tuple[str, ...]:
        with self.db.read() as s:
            return archive_missing(s, self.load_case(s, actor, case_id))

    def archive(self, actor: Actor, case_id: uuid.UUID, on: dt.date | None = None) -> Changes:
        self.require_role(actor, SUPERVISORS)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            facts = self.facts(s, case, archive_missing(s, case))
            self.guard(Action.ARCHIVE, facts)
            case.archived_on = on or self.clock.today()
            self.move(s, actor, case, CaseStatus.ARCHIVED)
            return self.changes(s, ChangeKind.CASE, case.id)

