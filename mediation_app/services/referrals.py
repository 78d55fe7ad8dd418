"""Referral and assignment slips (转办交办单, "中心吹哨、部门报到"; domain §4.3, fact 37): issued to
a department with a number and deadline, tracked through its statuses with a supervision log."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.enums import ReferralStatus
from mediation_app.domain.lifecycle import Action
from mediation_app.domain.numbering import format_case_number
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.read_models import ReferralView
from mediation_app.storage import queries_followup as qf
from mediation_app.storage.models import CommitteeRecord, ReferralLogRecord, ReferralRecord
from mediation_app.storage.numbers import next_serial

REFERRAL_WORD = "交办字"
REMINDER = "reminder"  # log code of a 督办 entry (not a status)
ORDER = (
    ReferralStatus.ASSIGNED,
    ReferralStatus.RECEIVED,
    ReferralStatus.IN_PROGRESS,
    ReferralStatus.FEEDBACK,
    ReferralStatus.CLOSED,
)


def log_label(code: str) -> str:
    """Display text of a log entry's code: a status, or a supervision reminder."""
    if code == REMINDER:
        return _("Reminder to the department (督办)")
    if code == "sign_in":
        return _("The department signed in (报到)")
    try:
        return ReferralStatus(code).label()
    except ValueError:
        return code


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


class ReferralService(ServiceBase):
    def _load(self, s: Any, actor: Actor, referral_id: uuid.UUID) -> ReferralRecord:
        rec: ReferralRecord | None = s.get(ReferralRecord, referral_id)
        if rec is None:
            raise NotFound(_("No such referral slip."))
        if not actor.sees(rec.committee_id):
            raise PermissionDenied(_("This referral slip belongs to another committee."))
        return rec

    def _log(self, s: Any, actor: Actor, rec: ReferralRecord, code: str, note: str | None) -> None:
        s.add(
            ReferralLogRecord(
                referral_id=rec.id, status=code, note=note, on=self.clock.today(), by_user_id=actor.user_id
            )
        )

    # -- actions ------------------------------------------------------------------------------
    def issue(
        self,
        actor: Actor,
        case_id: uuid.UUID | None,
        to_department: str,
        reason: str,
        deadline: dt.date | None = None,
        instructions: str | None = None,
        from_unit: str | None = None,
    ) -> Changes:
        """Issue a numbered slip (客商交办字〔2026〕第001号) to a department, for a case or for a
        dispute not (yet) registered as one."""
        self.require_role(actor)
        texts = self.cleaned_texts(to_department=to_department, reason=reason, instructions=instructions, from_unit=from_unit)
        to_department, reason, instructions, from_unit = texts["to_department"], texts["reason"], texts["instructions"], texts["from_unit"]
        today = self.clock.today()
        errors: dict[str, str] = {}
        if not (to_department or "").strip():
            errors["to_department"] = _("Name the department the slip is sent to.")
        if not (reason or "").strip():
            errors["reason"] = _("Say why the dispute is referred to this department.")
        if deadline is not None and deadline < today:
            errors["deadline"] = _("The deadline {date} has already passed.").format(
                date=deadline.isoformat()
            )
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = None
            if case_id is not None:
                case = self.load_case(s, actor, case_id)
                self.guard(Action.ISSUE_REFERRAL, self.facts(s, case))
            rec = self.issue_in(s, actor, case, to_department, reason, deadline, instructions, from_unit)
            return self.changes(s, ChangeKind.REFERRAL, rec.case_id, created_id=rec.id, number=rec.number)

    def issue_in(self, s: Any, actor: Actor, case: Any, to_department: str, reason: str, deadline: dt.date | None,
                 instructions: str | None, from_unit: str | None) -> ReferralRecord:
        """The slip, numbered and logged, inside the caller's transaction (input already checked)."""
        today = self.clock.today()
        # a case's slip is issued (and numbered) by the case's own committee
        committee = s.get(CommitteeRecord, case.committee_id if case else actor.committee_id)
        if committee is None:
            raise NotFound(_("The committee of this account no longer exists."))
        serial = next_serial(s, committee.id, today.year, "referral")
        number = format_case_number(
            committee.number_pattern, committee.short_name, REFERRAL_WORD, today.year, serial
        )
        rec = ReferralRecord(
            committee_id=committee.id,
            case_id=case.id if case else None,
            number=number,
            from_unit=_clean(from_unit) or committee.name,
            to_department=to_department.strip(),
            reason=reason.strip(),
            instructions=_clean(instructions),
            issued_on=today,
            deadline=deadline,
            status=ReferralStatus.ASSIGNED,
        )
        s.add(rec)
        s.flush()
        from mediation_app.services.ladder.supervision import note_issue

        note_issue(s, rec.id, self.clock.now())  # the department's sign-in hours count from here
        self._log(s, actor, rec, ReferralStatus.ASSIGNED, _clean(instructions))
        self.audit(
            s,
            actor,
            "referral.issue",
            "referral",
            rec.id,
            rec.case_id,
            {"number": number, "to": rec.to_department, "deadline": deadline},
        )
        return rec

    def update_status(
        self, actor: Actor, referral_id: uuid.UUID, status: ReferralStatus, note: str | None = None
    ) -> Changes:
        """Move a slip forward: assigned → received → in progress → feedback → closed. Feedback
        needs the department's reply; a slip is closed only after its feedback is recorded."""
        self.require_role(actor)
        note = self.cleaned_texts(note=note)["note"]
        with self.db.write() as s:
            rec = self._load(s, actor, referral_id)
            current = ReferralStatus(rec.status)
            if ORDER.index(status) <= ORDER.index(current):
                raise ValidationFailed(
                    {
                        "status": _(
                            "A slip that is “{current}” cannot go back or stay at “{target}”; statuses only move forward."
                        ).format(current=current.label(), target=status.label())
                    }
                )
            text = _clean(note)
            if status is ReferralStatus.FEEDBACK:
                if text is None:
                    raise ValidationFailed({"note": _("Record what the department reported back.")})
                rec.feedback, rec.feedback_on = text, self.clock.today()
            if status is ReferralStatus.CLOSED and not rec.feedback:
                raise ValidationFailed(
                    {
                        "status": _("Record the department's feedback before closing slip {number}.").format(
                            number=rec.number
                        )
                    }
                )
            rec.status = status
            self._log(s, actor, rec, status, text)
            self.audit(
                s,
                actor,
                "referral.status",
                "referral",
                rec.id,
                rec.case_id,
                {"number": rec.number, "from": current, "to": status},
            )
            return self.changes(s, ChangeKind.REFERRAL, rec.case_id)

    def remind(self, actor: Actor, referral_id: uuid.UUID, note: str) -> Changes:
        """督办: a reminder to the department, kept in the slip's supervision log."""
        self.require_role(actor)
        note = self.cleaned_texts(note=note)["note"]
        if not (note or "").strip():
            raise ValidationFailed(
                {"note": _("Write down how the department was reminded and what it said.")}
            )
        with self.db.write() as s:
            rec = self._load(s, actor, referral_id)
            if rec.status == ReferralStatus.CLOSED:
                raise ValidationFailed(
                    message=_("Slip {number} is closed; it needs no reminder.").format(number=rec.number)
                )
            self._log(s, actor, rec, REMINDER, note.strip())
            self.audit(s, actor, "referral.remind", "referral", rec.id, rec.case_id, {"number": rec.number})
            return self.changes(s, ChangeKind.REFERRAL, rec.case_id)

    # -- reading ------------------------------------------------------------------------------
    def _views(self, s: Any, records: builtins.list[ReferralRecord]) -> builtins.list[ReferralView]:
        logs = qf.referral_logs(s, [r.id for r in records])
        return [
            ReferralView(
                id=r.id,
                number=r.number,
                case_id=r.case_id,
                from_unit=r.from_unit,
                to_department=r.to_department,
                reason=r.reason,
                instructions=r.instructions,
                issued_on=r.issued_on,
                deadline=r.deadline,
                status=r.status,
                feedback=r.feedback,
                feedback_on=r.feedback_on,
                log=tuple((entry.on, entry.status, entry.note) for entry in logs.get(r.id, [])),
            )
            for r in records
        ]

    @staticmethod
    def _scope(actor: Actor) -> frozenset[uuid.UUID] | None:
        return actor.visible_committees()  # the slips of the committees the desk works in (all: the centre's head)

    def get(self, actor: Actor, referral_id: uuid.UUID) -> ReferralView:
        self.require_role(actor)
        with self.db.read() as s:
            return self._views(s, [self._load(s, actor, referral_id)])[0]

    def overdue(self, actor: Actor, on: dt.date | None = None) -> builtins.list[ReferralView]:
        """Open slips past their deadline with no feedback yet."""
        self.require_role(actor)
        with self.db.read() as s:
            return self._views(s, qf.overdue_referrals(s, self._scope(actor), on or self.clock.today()))

    def list(self, actor: Actor, open_only: bool = False) -> builtins.list[ReferralView]:
        self.require_role(actor)
        with self.db.read() as s:
            return self._views(s, qf.referrals(s, self._scope(actor), open_only))
