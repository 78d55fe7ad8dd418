"""The screening ledger (矛盾纠纷排查化解台账, domain §4.4): disputes spotted in screening before
any case exists. An item is turned into a case, or marked prevented or resolved."""

from __future__ import annotations

import builtins
import datetime as dt
import re
import uuid
from dataclasses import dataclass, replace
from typing import Any

from mediation_app.domain.enums import DisputeType, LedgerStatus, NoticeForm, RiskLevel
from mediation_app.domain.phone import check_phone
from mediation_app.domain.screening import CATEGORY_OF_TYPE, ScreeningCategory
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, ValidationFailed
from mediation_app.services.intake import CaseInput, IntakeService, Refusal
from mediation_app.storage import queries_followup as qf
from mediation_app.storage.db import Database
from mediation_app.storage.models import LedgerItemRecord, RiskAssessmentRecord

_PHONE_SPLIT = re.compile(r"[,，、;；/\s]+")
_FINAL = frozenset({LedgerStatus.PREVENTED, LedgerStatus.RESOLVED})


@dataclass(frozen=True)
class LedgerItemView:
    id: uuid.UUID
    screened_on: dt.date
    area: str
    screeners: str
    facts: str
    parties_text: str
    phones: str | None
    dispute_type: str
    cause: str | None
    persons_involved: int | None
    risk_level: str
    responsible: str | None
    deadline: dt.date | None
    measures: str | None
    status: str
    result: str | None
    case_id: uuid.UUID | None
    case_number: str | None
    overdue: bool  # still open after its deadline
    screening_category: str = ""  # 综治 category of the screening report (its own, or its type's)
    major: bool = False  # 重大矛盾纠纷
    handled_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ItemInput:
    """One dispute found in screening, as the form or an imported ledger row gives it."""

    screened_on: dt.date
    area: str
    screeners: str
    facts: str
    parties_text: str
    dispute_type: DisputeType
    phones: str | None = None
    cause: str | None = None
    persons_involved: int | None = None
    risk_level: RiskLevel = RiskLevel.BLUE
    responsible: str | None = None
    deadline: dt.date | None = None
    measures: str | None = None
    major: bool = False  # 重大矛盾纠纷
    screening_category: ScreeningCategory | None = None  # its row on the screening report, when the type does not say


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def item_view(i: LedgerItemRecord, numbers: dict[uuid.UUID, str], today: dt.date) -> LedgerItemView:
    return LedgerItemView(
        id=i.id,
        screened_on=i.screened_on,
        area=i.area,
        screeners=i.screeners,
        facts=i.facts,
        parties_text=i.parties_text,
        phones=i.phones,
        dispute_type=i.dispute_type,
        cause=i.cause,
        persons_involved=i.persons_involved,
        risk_level=i.risk_level,
        responsible=i.responsible,
        deadline=i.deadline,
        measures=i.measures,
        status=i.status,
        result=i.result,
        case_id=i.case_id,
        case_number=numbers.get(i.case_id) if i.case_id else None,
        overdue=bool(i.status == LedgerStatus.OPEN and i.deadline and i.deadline < today),
        screening_category=i.screening_category or CATEGORY_OF_TYPE[DisputeType(i.dispute_type)],
        major=bool(i.major),
        handled_on=i.handled_on,
    )


class LedgerService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, intake: IntakeService) -> None:
        super().__init__(db, clock)
        self.intake = intake

    def _load(self, s: Any, actor: Actor, item_id: uuid.UUID) -> LedgerItemRecord:
        item: LedgerItemRecord | None = s.get(LedgerItemRecord, item_id)
        if item is None:
            raise NotFound(_("No such screening ledger item."))
        self.committee_reach(actor, item.committee_id, _("This ledger item belongs to another committee."), write=True)
        return item

    # -- actions ------------------------------------------------------------------------------
    def add_item(
        self,
        actor: Actor,
        screened_on: dt.date,
        area: str,
        screeners: str,
        facts: str,
        parties_text: str,
        dispute_type: DisputeType,
        phones: str | None = None,
        cause: str | None = None,
        persons_involved: int | None = None,
        risk_level: RiskLevel = RiskLevel.BLUE,
        responsible: str | None = None,
        deadline: dt.date | None = None,
        measures: str | None = None,
        major: bool = False,
        screening_category: ScreeningCategory | None = None,
    ) -> Changes:
        """Enter a dispute found in screening (排查) in the ledger. ``screening_category`` is its row
        on the screening report when its dispute type does not say it; ``major``: 重大矛盾纠纷."""
        self.require_role(actor)
        with self.db.write() as s:
            item = self.add_in(s, actor, ItemInput(
                screened_on=screened_on, area=area, screeners=screeners, facts=facts, parties_text=parties_text,
                dispute_type=dispute_type, phones=phones, cause=cause, persons_involved=persons_involved,
                risk_level=risk_level, responsible=responsible, deadline=deadline, measures=measures,
                major=major, screening_category=screening_category))
            return self.changes(s, ChangeKind.LEDGER, created_id=item.id)

    def check_item(self, data: ItemInput) -> ItemInput:
        """The item cleaned, or ``ValidationFailed`` with every field's problem."""
        texts = self.cleaned_texts(area=data.area, screeners=data.screeners, facts=data.facts,
                                   parties_text=data.parties_text, cause=data.cause, responsible=data.responsible,
                                   measures=data.measures)
        data = replace(data, **texts)
        errors: dict[str, str] = {}
        if data.screened_on > self.clock.today():
            errors["screened_on"] = _("The screening date cannot be in the future.")
        if not (data.area or "").strip():
            errors["area"] = _("Record the area or unit screened, e.g. 集散中心B区.")
        if not (data.screeners or "").strip():
            errors["screeners"] = _("Record who did the screening.")
        if not (data.facts or "").strip():
            errors["facts"] = _("Describe the dispute found in screening.")
        if not (data.parties_text or "").strip():
            errors["parties_text"] = _("Name the sides of the dispute.")
        for part in _PHONE_SPLIT.split(data.phones or ""):
            if part:
                bad = [i.message for i in check_phone(part).issues if i.severity == "error"]
                if bad:
                    errors["phones"] = _("{phone}: {problem}").format(phone=part, problem=bad[0])
                    break
        if data.persons_involved is not None and data.persons_involved < 1:
            errors["persons_involved"] = _("The number of persons involved must be at least 1.")
        if data.deadline is not None and data.deadline < data.screened_on:
            errors["deadline"] = _("The deadline cannot be before the screening date.")
        if data.risk_level.needs_escalation:
            if not _clean(data.responsible):
                errors["responsible"] = _(
                    "A dispute graded {level} needs a responsible unit or person."
                ).format(level=data.risk_level.label())
            if not _clean(data.measures):
                errors["measures"] = _(
                    "A dispute graded {level} needs containment measures (稳控措施)."
                ).format(level=data.risk_level.label())
        if errors:
            raise ValidationFailed(errors)
        return data

    def add_in(self, s: Any, actor: Actor, data: ItemInput, details: dict[str, Any] | None = None) -> LedgerItemRecord:
        """Check and enter one item inside the caller's transaction (the form and the ledger import)."""
        data = self.check_item(data)
        risk_level = data.risk_level
        item = LedgerItemRecord(
            committee_id=actor.committee_id,
            screened_on=data.screened_on,
            area=data.area.strip(),
            screeners=data.screeners.strip(),
            facts=data.facts.strip(),
            parties_text=data.parties_text.strip()[:300],
            phones=_clean(data.phones),
            dispute_type=data.dispute_type,
            cause=_clean(data.cause),
            persons_involved=data.persons_involved,
            risk_level=risk_level,
            responsible=_clean(data.responsible),
            deadline=data.deadline,
            measures=_clean(data.measures),
            status=LedgerStatus.OPEN,
            major=bool(data.major),
            screening_category=ScreeningCategory(data.screening_category) if data.screening_category else None,
        )
        s.add(item)
        s.flush()
        if risk_level is not RiskLevel.BLUE:
            s.add(
                RiskAssessmentRecord(
                    ledger_item_id=item.id,
                    level=risk_level,
                    reason=_("Graded at screening"),
                    containment=item.measures,
                    escalated_to=item.responsible,
                    at=self.clock.now(),
                    by_user_id=actor.user_id,
                )
            )
        self.audit(
            s,
            actor,
            "ledger.add",
            "ledger_item",
            item.id,
            None,
            {"area": item.area, "risk_level": risk_level, **(details or {})},
        )
        return item

    def update_status(self, actor: Actor, item_id: uuid.UUID, status: LedgerStatus, result: str) -> Changes:
        """Mark an item prevented or resolved (with what was done), or open it again."""
        self.require_role(actor)
        result = self.cleaned_texts(result=result)["result"]
        text = _clean(result)
        if status is LedgerStatus.CONVERTED:
            raise ValidationFailed({"status": _("Use “Turn into a case” to open a case from this item.")})
        if status is LedgerStatus.PREVENTED and text is None:
            raise ValidationFailed(
                {"result": _("Say how the dispute was kept from escalating: what was done and by whom.")}
            )
        if status is LedgerStatus.RESOLVED and text is None:
            raise ValidationFailed(
                {"result": _("Say how the dispute was resolved: what was agreed and by whom.")}
            )
        with self.db.write() as s:
            item = self._load(s, actor, item_id)
            current = LedgerStatus(item.status)
            if current is LedgerStatus.CONVERTED:
                raise ValidationFailed(
                    message=_("This item was turned into a case; follow it up in the case.")
                )
            if current is status:
                raise ValidationFailed(
                    {"status": _("The item is already “{status}”.").format(status=status.label())}
                )
            item.status = status
            item.result = text if status in _FINAL else (text or item.result)
            item.handled_on = self.clock.today() if status in _FINAL else None
            self.audit(
                s, actor, "ledger.status", "ledger_item", item.id, None, {"from": current, "to": status}
            )
            return self.changes(s, ChangeKind.LEDGER)

    def convert_to_case(
        self, actor: Actor, item_id: uuid.UUID, case_input: CaseInput, accept: bool = False,
        consents: NoticeForm | None = None, refusal: Refusal | None = None,
    ) -> Changes:
        """Register a case from the item (through the intake rules) and mark the item converted,
        in one transaction: either both happen or neither. The intake form's acceptance and
        consents go into the same transaction."""
        self.require_role(actor)
        case_input = self.cleaned(case_input)
        with self.db.write() as s:
            item = self._load(s, actor, item_id)
            if item.status != LedgerStatus.OPEN:
                raise ValidationFailed(
                    message=_("Only an open item can be turned into a case; this one is “{status}”.").format(
                        status=LedgerStatus(item.status).label()
                    )
                )
            data = self._with_item_defaults(case_input, item)
            # any refusal rolls the whole transaction back: the item stays open, no number is used
            case = self.intake.create_in(s, actor, data, details={"ledger_item": str(item.id)})
            self.intake.intake_steps_in(s, actor, case, accept, consents, refusal)
            item.case_id = case.id
            item.status = LedgerStatus.CONVERTED
            item.handled_on = self.clock.today()
            self.audit(s, actor, "ledger.convert", "ledger_item", item.id, case.id, {"number": case.number})
            made = self.changes(s, ChangeKind.CASE, case.id, created_id=case.id, number=case.number)
            return replace(made, kinds=made.kinds | {ChangeKind.LEDGER})

    @staticmethod
    def _with_item_defaults(data: CaseInput, item: LedgerItemRecord) -> CaseInput:
        """What the ledger already knows fills what the case form left empty."""
        changes: dict[str, Any] = {}
        if not data.facts.strip():
            changes["facts"] = item.facts
        if data.dispute_type is None and not data.subtype_code:
            changes["dispute_type"] = DisputeType(item.dispute_type)
        if data.persons_involved is None and item.persons_involved is not None:
            changes["persons_involved"] = item.persons_involved
        if not (data.place or "").strip():
            changes["place"] = item.area
        item_level = RiskLevel(item.risk_level)
        if item_level.rank > data.risk_level.rank:
            changes["risk_level"] = item_level
        return replace(data, **changes) if changes else data

    # -- reading ------------------------------------------------------------------------------
    def list(self, actor: Actor, status: LedgerStatus | None = None) -> builtins.list[LedgerItemView]:
        self.require_role(actor)
        today = self.clock.today()
        with self.db.read() as s:
            items = qf.ledger_items(s, actor.visible_committees(), status)
            numbers = qf.case_numbers(s, {i.case_id for i in items if i.case_id})
            return [item_view(i, numbers, today) for i in items]
