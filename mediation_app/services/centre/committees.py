"""Committees of the centre: add, edit, retire and list (an administrator's work)."""

from __future__ import annotations

import builtins
import uuid
from dataclasses import dataclass
from typing import Any

from mediation_app.domain.enums import CommitteeKind, DeadlineRule
from mediation_app.domain.numbering import CASE_WORD, DEFAULT_PATTERN, centre_pattern_problem, format_case_number
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.centre_views import CommitteeRow
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, ValidationFailed
from mediation_app.storage import queries as q
from mediation_app.storage import queries_centre as qc
from mediation_app.storage.models import CommitteeRecord

SHORT_MAX = 12


@dataclass(frozen=True, kw_only=True)
class CommitteeInput:
    name: str
    short_name: str
    kind: CommitteeKind
    number_pattern: str = DEFAULT_PATTERN
    deadline_rule: DeadlineRule = DeadlineRule.CALENDAR_MONTH
    address: str | None = None
    phone: str | None = None
    supervising_unit: str | None = None


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


class CommitteeService(ServiceBase):
    def _row(self, s: Any, c: CommitteeRecord, counts: dict[uuid.UUID, int]) -> CommitteeRow:
        year = self.clock.today().year
        last = next((n.last_serial for n in q.counters(s, c.id) if n.year == year and n.series == "case"), 0)
        return CommitteeRow(
            id=c.id, name=c.name, short_name=c.short_name, kind=c.kind, number_pattern=c.number_pattern,
            deadline_rule=c.deadline_rule, case_word=c.case_word, agreement_word=c.agreement_word,
            address=c.address, phone=c.phone, supervising_unit=c.supervising_unit, active=bool(c.active),
            case_count=counts.get(c.id, 0),
            next_number=format_case_number(c.number_pattern, c.short_name, c.case_word or CASE_WORD, year, last + 1),
        )

    def list(self, actor: Actor, include_retired: bool = True) -> builtins.list[CommitteeRow]:
        """Every committee of the centre (names and numbering only: no case content). Any signed-in
        account may read it: the window routes to these, and the sign-in offers them."""
        self._require_current_password(actor)
        with self.db.read() as s:
            counts = qc.case_counts_by_committee(s)
            return [self._row(s, c, counts) for c in q.committees(s) if include_retired or c.active]

    def get(self, actor: Actor, committee_id: uuid.UUID) -> CommitteeRow:
        self._require_current_password(actor)
        with self.db.read() as s:
            c = s.get(CommitteeRecord, committee_id)
            if c is None:
                raise NotFound(_("No such committee."))
            return self._row(s, c, qc.case_counts_by_committee(s))

    def by_short_name(self, actor: Actor, short_name: str) -> CommitteeRow:
        self._require_current_password(actor)
        with self.db.read() as s:
            c = qc.committee_by_short_name(s, short_name.strip())
            if c is None:
                raise NotFound(_("No committee has the short name {short}.").format(short=short_name.strip()))
            return self._row(s, c, qc.case_counts_by_committee(s))

    # -- changes ------------------------------------------------------------------------------
    def _checked(self, s: Any, data: CommitteeInput, committee_id: uuid.UUID | None) -> CommitteeInput:
        data = self.cleaned(data)
        errors: dict[str, str] = {}
        short = data.short_name.strip()
        if not data.name.strip():
            errors["name"] = _("The committee's name is required.")
        if not short:
            errors["short_name"] = _("A short name for case numbers is required, e.g. 客商.")
        elif len(short) > SHORT_MAX:
            errors["short_name"] = _("The short name should be at most 12 characters.")
        else:
            other = qc.committee_by_short_name(s, short)
            if other is not None and other.id != committee_id:
                errors["short_name"] = _("The short name {short} is already used by {name}; two committees with "
                                         "one short name would issue the same case numbers.").format(
                    short=short, name=other.name)
        problem = centre_pattern_problem(data.number_pattern)
        if problem:
            errors["number_pattern"] = problem
        if errors:
            raise ValidationFailed(errors)
        return data

    def add(self, actor: Actor, data: CommitteeInput) -> Changes:
        """A new committee of the centre, with its own name, short name, pattern and serials."""
        self.require_role(actor, Perm.MANAGE_COMMITTEES)
        with self.db.write() as s:
            data = self._checked(s, data, None)
            c = CommitteeRecord(
                name=data.name.strip(), short_name=data.short_name.strip(), kind=CommitteeKind(data.kind),
                number_pattern=data.number_pattern.strip(), deadline_rule=DeadlineRule(data.deadline_rule),
                address=_text(data.address), phone=_text(data.phone), supervising_unit=_text(data.supervising_unit),
                active=True,
            )
            s.add(c)
            s.flush()
            self.audit(s, actor, "committee.add", "committee", c.id, details={"name": c.name, "short": c.short_name})
            return Changes.of(ChangeKind.COMMITTEE, created_id=c.id)

    def edit(self, actor: Actor, committee_id: uuid.UUID, data: CommitteeInput) -> Changes:
        """Change a committee. Numbers already issued never change; serials continue."""
        self.require_role(actor, Perm.MANAGE_COMMITTEES)
        with self.db.write() as s:
            c = s.get(CommitteeRecord, committee_id)
            if c is None:
                raise NotFound(_("No such committee."))
            data = self._checked(s, data, committee_id)
            before = {"name": c.name, "short": c.short_name, "pattern": c.number_pattern, "kind": c.kind}
            c.name, c.short_name, c.kind = data.name.strip(), data.short_name.strip(), CommitteeKind(data.kind)
            c.number_pattern, c.deadline_rule = data.number_pattern.strip(), DeadlineRule(data.deadline_rule)
            c.address, c.phone, c.supervising_unit = _text(data.address), _text(data.phone), _text(data.supervising_unit)
            self.audit(s, actor, "committee.edit", "committee", c.id, details={"before": before})
            return Changes.of(ChangeKind.COMMITTEE)

    def set_active(self, actor: Actor, committee_id: uuid.UUID, active: bool) -> Changes:
        """Retire a committee (it keeps its cases and numbers, takes no new cases and no routing;
        it is never deleted) or bring it back. The last active committee stays."""
        self.require_role(actor, Perm.MANAGE_COMMITTEES)
        with self.db.write() as s:
            c = s.get(CommitteeRecord, committee_id)
            if c is None:
                raise NotFound(_("No such committee."))
            if not active and c.active and sum(1 for x in q.committees(s) if x.active) <= 1:
                raise ValidationFailed(message=_("The centre needs at least one active committee."))
            c.active = active
            self.audit(s, actor, "committee.retire" if not active else "committee.reinstate", "committee", c.id,
                       details={"short": c.short_name})
            return Changes.of(ChangeKind.COMMITTEE)

    def retire(self, actor: Actor, committee_id: uuid.UUID) -> Changes:
        return self.set_active(actor, committee_id, False)
