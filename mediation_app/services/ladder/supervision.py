"""中心吹哨、部门报到: the department's sign-in (报到) on a referral slip, and the slips the centre
should press (督办): not signed in within the centre's hours, or past their deadline with no feedback.
Recording a reminder (``ReferralService.remind``) stamps the slip: the list shows how many reminders
were made and the last one's day."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.enums import ReferralStatus
from mediation_app.domain.ladder import DEFAULT_SIGN_IN_HOURS, sign_in_hours_problem
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.ladder import read_models as lm
from mediation_app.services.ladder.levels import LadderService
from mediation_app.storage import queries_ladder as ql
from mediation_app.storage.models import (
    ReferralLogRecord,
    ReferralRecord,
    ReferralSignInRecord,
    SupervisionSettingRecord,
)

SIGN_IN = "sign_in"  # log code of the department's sign-in (not a status)
REMINDER = "reminder"  # the 督办 code of ReferralService


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


class SupervisionService(ServiceBase):
    def _load(self, s: Any, actor: Actor, referral_id: uuid.UUID) -> ReferralRecord:
        rec: ReferralRecord | None = s.get(ReferralRecord, referral_id)
        if rec is None:
            raise NotFound(_("No such referral slip."))
        if not actor.sees(rec.committee_id):
            raise PermissionDenied(_("This referral slip belongs to another committee."))
        return rec

    # -- the setting ----------------------------------------------------------------------------------
    def sign_in_hours(self, actor: Actor) -> int:
        self._require_current_password(actor)
        with self.db.read() as s:
            rec = ql.setting(s)
            return rec.sign_in_hours if rec else DEFAULT_SIGN_IN_HOURS

    def set_sign_in_hours(self, actor: Actor, hours: int) -> Changes:
        blocked = LadderService.define_blocked(actor)
        if blocked:
            raise PermissionDenied(blocked)
        problem = sign_in_hours_problem(hours)
        if problem:
            raise ValidationFailed({"hours": problem})
        with self.db.write() as s:
            rec = ql.setting(s)
            before = rec.sign_in_hours if rec else DEFAULT_SIGN_IN_HOURS
            if rec is None:
                s.add(SupervisionSettingRecord(id=1, sign_in_hours=hours))
            else:
                rec.sign_in_hours = hours
            self.audit(s, actor, "supervision.sign_in_hours", "setting", None, None, {"from": before, "to": hours})
            return Changes(kinds=frozenset({ChangeKind.SETTINGS, ChangeKind.REFERRAL}))

    # -- sign-in -------------------------------------------------------------------------------------
    def record_sign_in(self, actor: Actor, referral_id: uuid.UUID, by_name: str,
                       at: dt.datetime | None = None) -> Changes:
        """The department reported for duty on the slip (报到): when (now unless given) and who came.
        A slip still "assigned" becomes "received"."""
        self.require_role(actor)
        by_name = self.cleaned_texts(by_name=by_name)["by_name"].strip()
        if not by_name:
            raise ValidationFailed({"by_name": _("Name who reported for the department.")})
        if len(by_name) > 100:
            raise ValidationFailed({"by_name": _("The name is longer than 100 characters.")})
        now = self.clock.now()
        at = _aware(at) if at is not None else now
        if at > now + dt.timedelta(minutes=5):
            raise ValidationFailed({"at": _("The sign-in time lies in the future.")})
        with self.db.write() as s:
            rec = self._load(s, actor, referral_id)
            if rec.status == ReferralStatus.CLOSED:
                raise ValidationFailed(message=_("Slip {number} is closed.").format(number=rec.number))
            row: ReferralSignInRecord | None = s.get(ReferralSignInRecord, referral_id)
            if row is not None and row.signed_in_at is not None:
                raise ValidationFailed(message=_("The department already signed in on slip {number}.").format(
                    number=rec.number))
            issued = _aware(row.issued_at) if row is not None and row.issued_at else _aware(rec.created_at)
            if at < issued - dt.timedelta(minutes=5):
                raise ValidationFailed({"at": _("The sign-in time is before the slip was issued.")})
            if row is None:
                row = ReferralSignInRecord(referral_id=referral_id, issued_at=None)
                s.add(row)
            row.signed_in_at, row.signed_in_by, row.recorded_by_user_id = at, by_name, actor.user_id
            s.add(ReferralLogRecord(referral_id=rec.id, status=SIGN_IN, note=by_name, on=self.clock.today(),
                                    by_user_id=actor.user_id))
            if rec.status == ReferralStatus.ASSIGNED:
                rec.status = ReferralStatus.RECEIVED
                s.add(ReferralLogRecord(referral_id=rec.id, status=ReferralStatus.RECEIVED, note=None,
                                        on=self.clock.today(), by_user_id=actor.user_id))
            self.audit(s, actor, "referral.sign_in", "referral", rec.id, rec.case_id,
                       {"number": rec.number, "by": by_name, "at": at.isoformat()})
            return self.changes(s, ChangeKind.REFERRAL, rec.case_id)

    def sign_in(self, actor: Actor, referral_id: uuid.UUID) -> lm.SignInView:
        self.require_role(actor)
        with self.db.read() as s:
            rec = self._load(s, actor, referral_id)
            row = s.get(ReferralSignInRecord, referral_id)
            return lm.SignInView(referral_id=referral_id,
                                 issued_at=_aware(row.issued_at) if row and row.issued_at else _aware(rec.created_at),
                                 signed_in_at=_aware(row.signed_in_at) if row and row.signed_in_at else None,
                                 signed_in_by=row.signed_in_by or "" if row else "")

    # -- what to press --------------------------------------------------------------------------------
    def to_supervise(self, actor: Actor, committee_id: uuid.UUID | None = None) -> builtins.list[lm.SupervisionItem]:
        """Every open slip not signed in within the centre's hours or past its deadline without feedback
        (all of them, the oldest first), with the reminders recorded so far."""
        self.require_role(actor)
        scope = actor.visible_committees()
        if committee_id is not None:
            if not actor.sees(committee_id):
                raise PermissionDenied(_("You may see your own committee's work only."))
            scope = frozenset({committee_id})
        today, now = self.clock.today(), self.clock.now()
        with self.db.read() as s:
            rec = ql.setting(s)
            hours = rec.sign_in_hours if rec else DEFAULT_SIGN_IN_HOURS
            slips = ql.to_supervise(s, scope, today)
            rows = ql.sign_ins(s, [r.id for r in slips])
            items = []
            for r in slips:
                row = rows.get(r.id)
                issued = _aware(row.issued_at) if row and row.issued_at else _aware(r.created_at)
                late_sign_in = (row is None or row.signed_in_at is None) and now - issued >= dt.timedelta(hours=hours)
                past = r.deadline is not None and r.deadline < today
                if late_sign_in or past:
                    items.append((r, late_sign_in, past))
            stamps = ql.reminders(s, [r.id for r, _a, _b in items], REMINDER)
            return [lm.SupervisionItem(
                referral_id=r.id, number=r.number, case_id=r.case_id, committee_id=r.committee_id,
                to_department=r.to_department, issued_on=r.issued_on, deadline=r.deadline,
                not_signed_in=late, past_deadline=past, reminders=stamps.get(r.id, (0, None))[0],
                last_reminded_on=stamps.get(r.id, (0, None))[1]) for r, late, past in items]


def note_issue(s: Any, referral_id: uuid.UUID, at: dt.datetime) -> None:
    """Keep the moment a slip was issued (by the service clock), from which its sign-in hours count."""
    s.add(ReferralSignInRecord(referral_id=referral_id, issued_at=at))
