"""Hand-over of a consumer complaint to market supervision, 12315 or the consumer association: a
referral slip (交办单) with the fields their complaint registers use, the 12315 registration number
once known, the body's feedback recorded back on the case, and the printable slip (移送函)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from mediation_app.documents.base import RenderedDocument
from mediation_app.documents.forms.complaint_slip import ComplaintSlip, render_complaint_slip
from mediation_app.domain.complaints import ComplaintBody
from mediation_app.domain.enums import ReferralStatus
from mediation_app.domain.identity import check_credit_code, check_resident_id
from mediation_app.domain.lifecycle import Action
from mediation_app.domain.phone import check_phone
from mediation_app.domain.vocabulary import Kind, words
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.referrals import ORDER, ReferralService
from mediation_app.storage import queries_complaints as qc
from mediation_app.storage.models import (
    CaseRecord,
    CommitteeRecord,
    ComplaintReferralRecord,
    MerchantRecord,
    ReferralLogRecord,
    ReferralRecord,
)


@dataclass(frozen=True, kw_only=True)
class ComplaintInput:
    body: ComplaintBody
    department: str = ""  # the office by name (城北区市场监督管理局); empty: the body's name
    complainant_name: str
    complainant_phone: str = ""
    complainant_id_number: str = ""
    merchant_id: uuid.UUID | None = None  # from the merchant registry, when known
    merchant_name: str = ""
    stall_number: str = ""
    credit_code: str = ""
    goods: str  # goods or service
    purchased_on: dt.date | None = None
    amount_fen: int | None = None
    request: str  # 诉求
    facts: str
    evidence: tuple[str, ...] = ()
    register_number: str = ""  # the 12315 registration number, once known
    deadline: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ComplaintView:
    referral_id: uuid.UUID
    number: str
    case_id: uuid.UUID | None
    body: str
    department: str
    complainant_name: str
    complainant_phone: str
    complainant_id_number: str
    merchant_id: uuid.UUID | None
    merchant_name: str
    stall_number: str
    credit_code: str
    goods: str
    purchased_on: dt.date | None
    amount_fen: int | None
    request: str
    facts: str
    evidence: tuple[str, ...]
    register_number: str
    issued_on: dt.date
    deadline: dt.date | None
    status: str
    feedback_on: dt.date | None
    feedback_result: str
    handling_number: str


def _text(value: str | None) -> str:
    return (value or "").strip()


class ComplaintService(ServiceBase):
    # -- checks ------------------------------------------------------------------------------------
    def _problems(self, data: ComplaintInput) -> dict[str, str]:
        errors: dict[str, str] = {}
        for key, value, msg in (
            ("complainant_name", data.complainant_name, _("Name the complainant.")),
            ("goods", data.goods, _("Say which goods or service the complaint is about.")),
            ("request", data.request, _("Write what the complainant asks for.")),
            ("facts", data.facts, _("Write what happened.")),
        ):
            if not _text(value):
                errors[key] = msg
        if data.merchant_id is None and not _text(data.merchant_name):
            errors["merchant_name"] = _("Name the merchant complained about, or choose it from the registry.")
        if _text(data.complainant_phone) and (c := check_phone(data.complainant_phone)).errors:
            errors["complainant_phone"] = c.errors[0].message
        if _text(data.complainant_id_number) and (c2 := check_resident_id(data.complainant_id_number)).errors:
            errors["complainant_id_number"] = c2.errors[0].message
        if _text(data.credit_code) and (c3 := check_credit_code(data.credit_code)).errors:
            errors["credit_code"] = c3.errors[0].message
        if data.amount_fen is not None and data.amount_fen < 0:
            errors["amount"] = _("The amount cannot be negative.")
        if data.purchased_on is not None and data.purchased_on > self.clock.today():
            errors["purchased_on"] = _("The purchase date {date} is in the future.").format(
                date=data.purchased_on.isoformat())
        if data.deadline is not None and data.deadline < self.clock.today():
            errors["deadline"] = _("The deadline {date} has already passed.").format(date=data.deadline.isoformat())
        return errors

    def _merchant(self, s: Any, actor: Actor, case: CaseRecord, merchant_id: uuid.UUID) -> MerchantRecord:
        m: MerchantRecord | None = s.get(MerchantRecord, merchant_id)
        if m is None:
            raise NotFound(_("No such merchant."))
        if m.committee_id != case.committee_id and not actor.sees(m.committee_id):
            raise PermissionDenied(_("This merchant belongs to another committee."))
        return m

    # -- actions -----------------------------------------------------------------------------------
    def issue(self, actor: Actor, case_id: uuid.UUID, data: ComplaintInput) -> Changes:
        """A numbered slip to the body with the complaint's fields; the merchant's name, stall and
        credit code come from the registry when a registry merchant is chosen and they were left empty."""
        self.require_role(actor)
        data = self.cleaned(data)
        errors = self._problems(data)
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.ISSUE_REFERRAL, self.facts(s, case))
            name, stall, code = _text(data.merchant_name), _text(data.stall_number), _text(data.credit_code)
            if data.merchant_id is not None:
                m = self._merchant(s, actor, case, data.merchant_id)
                name, stall, code = name or m.name, stall or m.stall_number, code or (m.credit_code or "")
            body = ComplaintBody(data.body)
            department = _text(data.department) or words(Kind.COMPLAINT_BODY, body)
            # the slip's reason is case text, in the documents' language whatever the interface's
            reason = f"消费投诉：{_text(data.goods)}；诉求：{_text(data.request)}"
            slip = ReferralService(self.db, self.clock).issue_in(
                s, actor, case, department, reason, data.deadline, None, None)
            rec = ComplaintReferralRecord(
                referral_id=slip.id, body=body.value, complainant_name=_text(data.complainant_name),
                complainant_phone=_text(data.complainant_phone) or None,
                complainant_id_number=_text(data.complainant_id_number) or None,
                merchant_id=data.merchant_id, merchant_name=name, stall_number=stall or None,
                credit_code=code or None, goods=_text(data.goods), purchased_on=data.purchased_on,
                amount_fen=data.amount_fen, request=_text(data.request), facts=_text(data.facts),
                evidence=json.dumps([e.strip() for e in data.evidence if e.strip()], ensure_ascii=False),
                register_number=_text(data.register_number) or None)
            s.add(rec)
            s.flush()
            self.audit(s, actor, "complaint.issue", "referral", slip.id, case.id,
                       {"number": slip.number, "body": body.value, "merchant_id": data.merchant_id})
            return self.changes(s, ChangeKind.REFERRAL, case.id, created_id=slip.id, number=slip.number)

    def _load(self, s: Any, actor: Actor, referral_id: uuid.UUID,
              write: bool = True) -> tuple[ReferralRecord, ComplaintReferralRecord]:
        slip: ReferralRecord | None = s.get(ReferralRecord, referral_id)
        rec = qc.complaint_of(s, referral_id) if slip else None
        if slip is None or rec is None:
            raise NotFound(_("No such complaint hand-over."))
        self.committee_reach(actor, slip.committee_id, _("This referral slip belongs to another committee."),
                             write=write)
        return slip, rec

    def record_register_number(self, actor: Actor, referral_id: uuid.UUID, register_number: str) -> Changes:
        """The 12315 registration number, once the platform gives it."""
        self.require_role(actor)
        number = _text(self.cleaned_texts(register_number=register_number)["register_number"])
        if not number:
            raise ValidationFailed({"register_number": _("Enter the registration number given by 12315.")})
        with self.db.write() as s:
            slip, rec = self._load(s, actor, referral_id)
            old, rec.register_number = rec.register_number, number
            self.audit(s, actor, "complaint.register_number", "referral", slip.id, slip.case_id,
                       {"number": slip.number, "from": old, "to": number})
            return self.changes(s, ChangeKind.REFERRAL, slip.case_id)

    def record_feedback(self, actor: Actor, referral_id: uuid.UUID, on: dt.date, result: str,
                        handling_number: str = "") -> Changes:
        """What the body reported back (date, result, its handling number), recorded on the case:
        the slip moves to "feedback given" and its supervision log says so."""
        self.require_role(actor)
        texts = self.cleaned_texts(result=result, handling_number=handling_number)
        result, handling = _text(texts["result"]), _text(texts["handling_number"])
        errors: dict[str, str] = {}
        if not result:
            errors["result"] = _("Record what the body reported back.")
        if on > self.clock.today():
            errors["feedback_on"] = _("The feedback date {date} is in the future.").format(date=on.isoformat())
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            slip, rec = self._load(s, actor, referral_id)
            if slip.status == ReferralStatus.CLOSED:
                raise ValidationFailed(message=_("Slip {number} is closed.").format(number=slip.number))
            rec.feedback_on, rec.feedback_result, rec.handling_number = on, result, handling or None
            slip.feedback, slip.feedback_on = result, on
            if ORDER.index(ReferralStatus(slip.status)) < ORDER.index(ReferralStatus.FEEDBACK):
                slip.status = ReferralStatus.FEEDBACK
            note = f"{result}（{handling}）" if handling else result
            s.add(ReferralLogRecord(referral_id=slip.id, status=ReferralStatus.FEEDBACK, note=note,
                                    on=self.clock.today(), by_user_id=actor.user_id))
            self.audit(s, actor, "complaint.feedback", "referral", slip.id, slip.case_id,
                       {"number": slip.number, "on": on, "handling_number": handling or None})
            return self.changes(s, ChangeKind.REFERRAL, slip.case_id)

    # -- reading -----------------------------------------------------------------------------------
    @staticmethod
    def _view(slip: ReferralRecord, rec: ComplaintReferralRecord) -> ComplaintView:
        return ComplaintView(
            referral_id=slip.id, number=slip.number, case_id=slip.case_id, body=rec.body,
            department=slip.to_department, complainant_name=rec.complainant_name,
            complainant_phone=rec.complainant_phone or "", complainant_id_number=rec.complainant_id_number or "",
            merchant_id=rec.merchant_id, merchant_name=rec.merchant_name, stall_number=rec.stall_number or "",
            credit_code=rec.credit_code or "", goods=rec.goods, purchased_on=rec.purchased_on,
            amount_fen=rec.amount_fen, request=rec.request, facts=rec.facts,
            evidence=tuple(str(e) for e in json.loads(rec.evidence or "[]")),
            register_number=rec.register_number or "", issued_on=slip.issued_on, deadline=slip.deadline,
            status=slip.status, feedback_on=rec.feedback_on, feedback_result=rec.feedback_result or "",
            handling_number=rec.handling_number or "")

    def get(self, actor: Actor, referral_id: uuid.UUID) -> ComplaintView:
        self.require_role(actor)
        with self.db.read() as s:
            return self._view(*self._load(s, actor, referral_id, write=False))

    def of_case(self, actor: Actor, case_id: uuid.UUID) -> list[ComplaintView]:
        self.require_role(actor)
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return [self._view(r, c) for r, c in qc.complaints_of_case(s, case.id)]

    def slip(self, actor: Actor, referral_id: uuid.UUID) -> RenderedDocument:
        """The printable hand-over slip (消费投诉移送函), in the documents' language."""
        self.require_role(actor)
        with self.db.read() as s:
            slip, rec = self._load(s, actor, referral_id)
            committee = s.get(CommitteeRecord, slip.committee_id)
            case = s.get(CaseRecord, slip.case_id) if slip.case_id else None
            view = self._view(slip, rec)
            unit, case_number = (committee.name if committee else slip.from_unit), (case.number if case else "")
        return render_complaint_slip(ComplaintSlip(
            committee=unit, number=view.number, case_number=case_number, body=words(Kind.COMPLAINT_BODY, view.body),
            department=view.department, complainant_name=view.complainant_name,
            complainant_phone=view.complainant_phone, complainant_id_number=view.complainant_id_number,
            merchant_name=view.merchant_name, stall_number=view.stall_number, credit_code=view.credit_code,
            goods=view.goods, purchased_on=view.purchased_on, amount_fen=view.amount_fen, request=view.request,
            facts=view.facts, evidence=view.evidence, register_number=view.register_number,
            issued_on=view.issued_on, deadline=view.deadline, feedback_on=view.feedback_on,
            feedback_result=view.feedback_result, handling_number=view.handling_number))
