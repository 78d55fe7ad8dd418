"""人民调解四联单 (the four-part slip): issued for a case at intake or for a referral slip (交办单),
numbered from its own never-reused series per committee and year, printed (a reprint is the same
slip, the same serial), and its returned part (回执) recorded and audited; the slips whose returned
part is overdue are listed page by page with an exact total."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from typing import Any

from mediation_app.documents.base import RenderedDocument
from mediation_app.domain import slips as rules
from mediation_app.domain.enums import CaseStatus
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.slips.views import SlipPage, SlipView, brief, party_names
from mediation_app.storage import queries_slips as qs
from mediation_app.storage.models import (
    CaseRecord,
    CommitteeRecord,
    GeneratedDocumentRecord,
    ReferralRecord,
    SlipRecord,
    UserRecord,
)
from mediation_app.storage.numbers import next_serial

PAGE = 100
PAGE_MAX = 1000
HANDLER_CHARS = 100

__all__ = ["SlipPage", "SlipService", "SlipView"]


class SlipService(ServiceBase):
    # -- loading -------------------------------------------------------------------------------
    def _slip(self, s: Any, actor: Actor, slip_id: uuid.UUID) -> SlipRecord:
        rec: SlipRecord | None = s.get(SlipRecord, slip_id)
        if rec is None:
            raise NotFound(_("No such four-part slip."))
        # the committee that issued it keeps it (a window's slip stays the window's after routing);
        # whoever may read the case reads its slip too
        if rec.case_id is not None and not actor.sees(rec.committee_id):
            self.load_case(s, actor, rec.case_id, for_write=False)
        elif not actor.sees(rec.committee_id):
            raise PermissionDenied(_("This four-part slip belongs to another committee."))
        return rec

    def _referral(self, s: Any, actor: Actor, referral_id: uuid.UUID) -> ReferralRecord:
        rec: ReferralRecord | None = s.get(ReferralRecord, referral_id)
        if rec is None:
            raise NotFound(_("No such referral slip."))
        if rec.case_id is not None:
            self.load_case(s, actor, rec.case_id, for_write=False)
        elif not actor.sees(rec.committee_id):
            raise PermissionDenied(_("This referral slip belongs to another committee."))
        return rec

    # -- issuing -------------------------------------------------------------------------------
    def _new(self, s: Any, actor: Actor, committee_id: uuid.UUID, **fields: Any) -> SlipRecord:
        committee = s.get(CommitteeRecord, committee_id)
        if committee is None:
            raise NotFound(_("The committee of this account no longer exists."))
        today = self.clock.today()
        serial = next_serial(s, committee.id, today.year, rules.SERIES)
        number = rules.slip_number(committee.number_pattern, committee.short_name, today.year, serial)
        rec = SlipRecord(committee_id=committee.id, year=today.year, serial=serial, number=number, issued_on=today,
                         issued_by_user_id=actor.user_id, printed_times=0, **fields)
        s.add(rec)
        s.flush()
        self.audit(s, actor, "slip.issue", "four_part_slip", rec.id, rec.case_id,
                   {"number": number, "referral_id": str(rec.referral_id) if rec.referral_id else None,
                    "sent_to": rec.sent_to, "deadline": rec.deadline})
        return rec

    def issue_for_case(self, actor: Actor, case_id: uuid.UUID, *, sent_to: str | None = None,
                       instructions: str | None = None, deadline: dt.date | None = None) -> Changes:
        """The case's own slip (at intake); a case that has one keeps it: its number is returned and
        no serial is used."""
        self.require_role(actor)
        texts = self.cleaned_texts(sent_to=sent_to, instructions=instructions)
        self._check_deadline(deadline)
        with self.db.write() as s:
            case: CaseRecord = self.load_case(s, actor, case_id, for_write=False)
            existing = qs.case_slip(s, case.id)
            if existing is not None:
                return Changes.of(ChangeKind.SLIP, case.id, created_id=existing.id, number=existing.number)
            if case.status == CaseStatus.REFUSED:
                raise ValidationFailed(message=_("Case {number} was not accepted: there is nothing to hand on "
                                                 "with a four-part slip.").format(number=case.number))
            committee = s.get(CommitteeRecord, case.committee_id)
            if committee is None:
                raise NotFound(_("The committee of this account no longer exists."))
            rec = self._new(
                s, actor, case.committee_id, case_id=case.id, referral_id=None,
                parties=party_names([link.party.name for link in case.links]),
                summary=brief(case.title + ("：" + case.facts if case.facts else "")),
                sent_to=(texts["sent_to"] or "").strip() or committee.name,
                asked=(texts["instructions"] or "").strip()
                or "依照《中华人民共和国人民调解法》受理并调解本纠纷，将办理结果填入回执联退回。",
                deadline=deadline or rules.default_deadline(self.clock.today(), case.extended_until or case.deadline_on),
            )
            return Changes.of(ChangeKind.SLIP, case.id, created_id=rec.id, number=rec.number)

    def issue_for_referral(self, actor: Actor, referral_id: uuid.UUID) -> Changes:
        """The slip of a referral slip (交办单): sent to its department with its reason, instructions
        and deadline; a referral that has one keeps it."""
        self.require_role(actor)
        with self.db.write() as s:
            ref = self._referral(s, actor, referral_id)
            existing = qs.referral_slip(s, ref.id)
            if existing is not None:
                return Changes.of(ChangeKind.SLIP, ref.case_id, created_id=existing.id, number=existing.number)
            case = s.get(CaseRecord, ref.case_id) if ref.case_id else None
            asked = ref.reason + (f"（{ref.instructions}）" if ref.instructions else "")
            rec = self._new(
                s, actor, ref.committee_id, case_id=ref.case_id, referral_id=ref.id,
                parties=party_names([link.party.name for link in case.links]) if case else "",
                summary=brief(case.title + ("：" + case.facts if case.facts else "") if case else ref.reason),
                sent_to=ref.to_department, asked=brief(asked, 160),
                deadline=rules.default_deadline(self.clock.today(), ref.deadline),
            )
            return Changes.of(ChangeKind.SLIP, ref.case_id, created_id=rec.id, number=rec.number)

    def _check_deadline(self, deadline: dt.date | None) -> None:
        if deadline is not None and deadline < self.clock.today():
            raise ValidationFailed({"deadline": _("The deadline {date} has already passed.").format(
                date=deadline.isoformat())})

    # -- printing ------------------------------------------------------------------------------
    def render(self, actor: Actor, slip_id: uuid.UUID) -> RenderedDocument:
        """The four parts on one A4 page, with the slip's own number (a reprint keeps it); the print
        is counted, audited and, for a case, listed with its documents."""
        from mediation_app.documents.forms.slip import FourPartSlipDocument

        self.require_role(actor)
        with self.db.write() as s:
            rec = self._slip(s, actor, slip_id)
            doc = FourPartSlipDocument(self._document_data(s, rec)).render()
            rec.printed_times += 1
            if rec.case_id is not None:
                s.add(GeneratedDocumentRecord(case_id=rec.case_id, kind=doc.kind, template_version=doc.template_version,
                                              sha256=doc.sha256, pages=doc.pages, final=True, by_user_id=actor.user_id,
                                              generated_at=self.clock.now()))
            self.audit(s, actor, "slip.print", "four_part_slip", rec.id, rec.case_id,
                       {"number": rec.number, "times": rec.printed_times, "sha256": doc.sha256})
        return doc

    def print_for_case(self, actor: Actor, case_id: uuid.UUID) -> RenderedDocument:
        """Issue the case's slip if it has none yet, then print it."""
        changes = self.issue_for_case(actor, case_id)
        assert changes.created_id is not None
        return self.render(actor, changes.created_id)

    def print_for_referral(self, actor: Actor, referral_id: uuid.UUID) -> RenderedDocument:
        changes = self.issue_for_referral(actor, referral_id)
        assert changes.created_id is not None
        return self.render(actor, changes.created_id)

    def _document_data(self, s: Any, rec: SlipRecord) -> Any:
        from mediation_app.documents.forms.slip import SlipDocumentData

        committee = s.get(CommitteeRecord, rec.committee_id)
        user = s.get(UserRecord, rec.issued_by_user_id)
        numbers = self._numbers(s, [rec])
        return SlipDocumentData(
            number=rec.number, committee=committee.name, committee_address=committee.address or "",
            committee_phone=committee.phone or "", issued_on=rec.issued_on,
            issued_by=user.display_name if user else "", case_number=numbers[0].get(rec.case_id, ""),
            referral_number=numbers[1].get(rec.referral_id, ""), parties=rec.parties, summary=rec.summary,
            sent_to=rec.sent_to, asked=rec.asked, deadline=rec.deadline)

    # -- the returned part ---------------------------------------------------------------------
    def record_return(self, actor: Actor, slip_id: uuid.UUID, *, returned_on: dt.date, feedback: str,
                      handled_by: str) -> Changes:
        """The 回执联 came back: the day, the result written on it and who handled it."""
        self.require_role(actor)
        texts = self.cleaned_texts(feedback=feedback, handled_by=handled_by)
        result, handler = (texts["feedback"] or "").strip(), (texts["handled_by"] or "").strip()
        errors: dict[str, str] = {}
        if not result:
            errors["feedback"] = _("Write down the result stated on the returned part.")
        if not handler:
            errors["handled_by"] = _("Name who handled it (承办人), as signed on the returned part.")
        elif len(handler) > HANDLER_CHARS:
            errors["handled_by"] = _("At most {n} characters.").format(n=HANDLER_CHARS)
        if returned_on > self.clock.today():
            errors["returned_on"] = _("The returned part cannot come back after today.")
        with self.db.write() as s:
            rec = self._slip(s, actor, slip_id)
            if returned_on < rec.issued_on:
                errors["returned_on"] = _("The returned part cannot come back before the slip was issued on {date}.") \
                    .format(date=rec.issued_on.isoformat())
            if errors:
                raise ValidationFailed(errors)
            if rec.returned_on is not None:
                raise ValidationFailed(message=_("The returned part of slip {number} was already recorded on {date}.")
                                       .format(number=rec.number, date=rec.returned_on.isoformat()))
            rec.returned_on, rec.return_result, rec.returned_handler = returned_on, result, handler
            rec.return_recorded_by_user_id = actor.user_id
            self.audit(s, actor, "slip.return", "four_part_slip", rec.id, rec.case_id,
                       {"number": rec.number, "returned_on": returned_on, "handled_by": handler,
                        "late": returned_on > rec.deadline})
            return Changes.of(ChangeKind.SLIP, rec.case_id, created_id=rec.id, number=rec.number)

    # -- reading -------------------------------------------------------------------------------
    def _numbers(self, s: Any, recs: builtins.list[SlipRecord]) -> tuple[dict[Any, str], dict[Any, str]]:
        return (qs.case_numbers(s, {r.case_id for r in recs if r.case_id}),
                qs.referral_numbers(s, {r.referral_id for r in recs if r.referral_id}))

    def _views(self, s: Any, recs: builtins.list[SlipRecord]) -> builtins.list[SlipView]:
        cases, referrals = self._numbers(s, recs)
        today = self.clock.today()
        committees = {c: s.get(CommitteeRecord, c) for c in {r.committee_id for r in recs}}
        users = {u: s.get(UserRecord, u) for u in {r.issued_by_user_id for r in recs}}
        return [SlipView(
            id=r.id, number=r.number, committee_id=r.committee_id, committee=committees[r.committee_id].name,
            case_id=r.case_id, case_number=cases.get(r.case_id, ""), referral_id=r.referral_id,
            referral_number=referrals.get(r.referral_id, ""), issued_on=r.issued_on,
            issued_by=getattr(users.get(r.issued_by_user_id), "display_name", ""), parties=r.parties,
            summary=r.summary, sent_to=r.sent_to, asked=r.asked, deadline=r.deadline, printed_times=r.printed_times,
            returned_on=r.returned_on, return_result=r.return_result, returned_handler=r.returned_handler,
            overdue=rules.is_overdue(r.deadline, r.returned_on, today)) for r in recs]

    def get(self, actor: Actor, slip_id: uuid.UUID) -> SlipView:
        self.require_role(actor)
        with self.db.read() as s:
            return self._views(s, [self._slip(s, actor, slip_id)])[0]

    def by_number(self, actor: Actor, number: str) -> SlipView:
        self.require_role(actor)
        with self.db.read() as s:
            rec = qs.slip_by_number(s, number)
            if rec is None:
                raise NotFound(_("No four-part slip has the number {number}.").format(number=number.strip()))
            return self._views(s, [self._slip(s, actor, rec.id)])[0]

    def for_case(self, actor: Actor, case_id: uuid.UUID) -> builtins.list[SlipView]:
        """Every slip of a case (its own first issued), oldest first."""
        self.require_role(actor)
        with self.db.read() as s:
            self.load_case(s, actor, case_id, for_write=False)
            return self._views(s, qs.slips_of_case(s, case_id))

    def for_referral(self, actor: Actor, referral_id: uuid.UUID) -> SlipView | None:
        self.require_role(actor)
        with self.db.read() as s:
            self._referral(s, actor, referral_id)
            rec = qs.referral_slip(s, referral_id)
            return self._views(s, [rec])[0] if rec is not None else None

    def overdue_count(self, actor: Actor) -> int:
        self.require_role(actor)
        with self.db.read() as s:
            return qs.overdue_count(s, actor.visible_committees(), self.clock.today())

    def overdue(self, actor: Actor, after: tuple[dt.date, str] | None = None, limit: int = PAGE,
                total: int | None = None) -> SlipPage:
        """Slips whose returned part has not come back by the deadline, longest overdue first: one page
        after ``after`` and the exact total (as the first page gave it, when passed)."""
        self.require_role(actor)
        limit = max(1, min(limit, PAGE_MAX))
        today, scope = self.clock.today(), actor.visible_committees()
        with self.db.read() as s:
            rows = qs.overdue_page(s, scope, today, after, limit + 1)
            if total is None:
                total = qs.overdue_count(s, scope, today)
            more = len(rows) > limit
            rows = rows[:limit]
            next_key = (rows[-1].deadline, rows[-1].number) if more else None
            return SlipPage(tuple(self._views(s, rows)), total, next_key)
