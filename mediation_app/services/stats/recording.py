"""What a mediator records for the statistics that a case did not hold yet: difficulty, persons
involved and migrant workers' wages on the case; prevention events (件 and 人); screening rounds;
and the committee's type on the form (主体)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from mediation_app.domain.permissions import Perm
from mediation_app.domain.statistics import WAGE_SUBTYPES, FormBody, PreventionKind
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.storage.models import CommitteeRecord, PreventionEventRecord, ScreeningRoundRecord

COMPLEXITY = ("simple", "ordinary", "difficult")


@dataclass(frozen=True, kw_only=True)
class CaseFactsInput:
    """The statistics fields of a case; None leaves a field as it is."""

    complexity: str | None = None  # simple / ordinary / difficult (疑难复杂)
    persons_involved: int | None = None
    migrant_wages: bool | None = None


@dataclass(frozen=True, kw_only=True)
class CaseFactsView:
    complexity: str | None
    persons_involved: int | None
    migrant_wages: bool
    wages_by_subtype: bool = False  # its sub-type is wages: the mark cannot be taken away
    parties: int = 0  # what the report counts as persons involved while none is recorded


@dataclass(frozen=True, kw_only=True)
class PreventionView:
    """One recorded prevented dispute, as the year's list shows it."""

    id: uuid.UUID
    kind: str
    on: dt.date
    persons: int
    note: str
    case_number: str | None


class StatsRecordingService(ServiceBase):
    def case_facts(self, actor: Actor, case_id: uuid.UUID) -> CaseFactsView:
        self.require_role(actor)
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return CaseFactsView(complexity=case.complexity, persons_involved=case.persons_involved,
                                 migrant_wages=bool(case.migrant_wages),
                                 wages_by_subtype=case.subtype_code in WAGE_SUBTYPES, parties=len(case.links))

    def set_case_facts(self, actor: Actor, case_id: uuid.UUID, data: CaseFactsInput) -> Changes:
        errors: dict[str, str] = {}
        if data.complexity is not None and data.complexity not in COMPLEXITY:
            errors["complexity"] = _("Choose simple, ordinary or difficult.")
        if data.persons_involved is not None and not 1 <= data.persons_involved <= 1_000_000:
            errors["persons_involved"] = _("The number of persons involved must be at least 1.")
        if errors:
            raise ValidationFailed(errors)
        self.require_role(actor)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            if data.migrant_wages is False and case.subtype_code in WAGE_SUBTYPES:
                raise ValidationFailed({"migrant_wages": _(
                    "The case's sub-type is unpaid migrant workers' wages, so it always counts as such; "
                    "change its sub-type if it is another dispute.")})
            before = {"complexity": case.complexity, "persons_involved": case.persons_involved,
                      "migrant_wages": case.migrant_wages}
            if data.complexity is not None:
                case.complexity = data.complexity
            if data.persons_involved is not None:
                case.persons_involved = data.persons_involved
            if data.migrant_wages is not None:
                case.migrant_wages = data.migrant_wages
            after = {"complexity": case.complexity, "persons_involved": case.persons_involved,
                     "migrant_wages": case.migrant_wages}
            self.audit(s, actor, "case.stats_facts", "case", case.id, case.id, {"from": before, "to": after})
            return self.changes(s, ChangeKind.CASE, case.id)

    @staticmethod
    def _committee(actor: Actor, committee_id: uuid.UUID | None) -> uuid.UUID:
        """The committee a prevention event belongs to: the actor's own, or another one whose cases
        it sees (the centre's head: any committee)."""
        committee_id = committee_id or actor.committee_id
        if not actor.sees(committee_id):
            raise PermissionDenied(_("You may record and see the figures of the committees whose cases you see only."))
        return committee_id

    def record_prevention(self, actor: Actor, kind: PreventionKind, persons: int, on: dt.date,
                          note: str = "", case_id: uuid.UUID | None = None,
                          committee_id: uuid.UUID | None = None) -> Changes:
        """A dispute prevented from turning into a suicide, a criminal case, a mass petition or a
        mass fight (or another prevented dispute), with the persons involved; it counts for
        ``committee_id`` (default: the actor's committee; any committee whose cases the actor sees)."""
        note = self.cleaned_texts(note=note)["note"] or ""
        errors: dict[str, str] = {}
        if persons < 0 or persons > 1_000_000:
            errors["persons"] = _("Give the number of persons involved.")
        if on > self.clock.today():
            errors["on"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationFailed(errors)
        self.require_role(actor)
        committee = self._committee(actor, committee_id)
        with self.db.write() as s:
            if case_id is not None and self.load_case(s, actor, case_id, for_write=False).committee_id != committee:
                raise ValidationFailed({"case": _("This case belongs to another committee.")})
            rec = PreventionEventRecord(committee_id=committee, case_id=case_id,
                                        kind=PreventionKind(kind).value, persons=persons, on=on, note=note.strip(),
                                        recorded_by=actor.user_id)
            s.add(rec)
            s.flush()
            self.audit(s, actor, "stats.prevention", "prevention_event", rec.id, case_id,
                       {"kind": rec.kind, "persons": persons, "on": on})
            return self.changes(s, ChangeKind.PREVENTION, case_id, created_id=rec.id)

    def prevention_events(self, actor: Actor, year: int, committee_id: uuid.UUID | None = None) -> list[PreventionView]:
        """The prevented disputes of one committee (default: the actor's; any whose cases it sees)
        recorded in one year, oldest first (all of them)."""
        from mediation_app.storage.models import CaseRecord
        from mediation_app.storage.stats_queries import prevention_records

        self.require_role(actor)
        committee = self._committee(actor, committee_id)
        with self.db.read() as s:
            recs = prevention_records(s, dt.date(year, 1, 1), dt.date(year, 12, 31), [committee], None)
            numbers = {}
            for r in recs:
                if r.case_id is not None and r.case_id not in numbers:
                    case = s.get(CaseRecord, r.case_id)
                    numbers[r.case_id] = case.number if case is not None else None
            return [PreventionView(id=r.id, kind=r.kind, on=r.on, persons=r.persons, note=r.note or "",
                                   case_number=numbers.get(r.case_id) if r.case_id else None) for r in recs]

    def record_screening(self, actor: Actor, held_on: dt.date, area: str = "", screeners: str = "",
                         found: int = 0, note: str = "", concentrated: bool = False) -> Changes:
        """One round of screening (排查纠纷, counted in 次) and the disputes it found; a concentrated
        drive (开展集中排查) when ``concentrated``."""
        texts = self.cleaned_texts(area=area, screeners=screeners, note=note)
        if held_on > self.clock.today():
            raise ValidationFailed({"held_on": _("The date cannot be in the future.")})
        if found < 0:
            raise ValidationFailed({"found": _("Give the number of disputes found.")})
        self.require_role(actor)
        with self.db.write() as s:
            rec = ScreeningRoundRecord(committee_id=actor.committee_id, held_on=held_on,
                                       area=(texts["area"] or "").strip(), screeners=(texts["screeners"] or "").strip(),
                                       found=found, note=(texts["note"] or "").strip() or None,
                                       recorded_by=actor.user_id, concentrated=bool(concentrated))
            s.add(rec)
            s.flush()
            self.audit(s, actor, "stats.screening", "screening_round", rec.id, None, {"on": held_on, "found": found})
            return self.changes(s, ChangeKind.SCREENING, created_id=rec.id)

    def set_committee_body(self, actor: Actor, committee_id: uuid.UUID, body: FormBody) -> Changes:
        """Under which 主体 column of the form a committee reports."""
        self.require_role(actor, Perm.MANAGE_SETTINGS)
        with self.db.write() as s:
            rec = s.get(CommitteeRecord, committee_id)
            if rec is None:
                raise NotFound(_("No such committee."))
            before, rec.form_body = rec.form_body, FormBody(body).value
            self.audit(s, actor, "committee.form_body", "committee", rec.id, None, {"from": before, "to": rec.form_body})
            return self.changes(s, ChangeKind.SETTINGS)
