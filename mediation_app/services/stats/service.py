"""The statistics service: the report for a period and committees, the cases behind a cell, and
the administrator's settings (the dispute-type list and the date that puts a case into a period)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from mediation_app.domain.permissions import Perm
from mediation_app.domain.statistics import Definitions, Period, PeriodAnchor
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.stats import engine
from mediation_app.services.stats.columns import FORM_LANGUAGE, build_groups
from mediation_app.services.stats.model import (
    CaseRef,
    CellItems,
    CellPage,
    CodeVersion,
    CommitteeStock,
    OrganisationStock,
    StatsReport,
)
from mediation_app.storage import stats_queries as sq
from mediation_app.storage.models import CommitteeRecord, StatsSettingRecord

DEFAULT_VERSION = "C2020"


class StatsService(ServiceBase):
    # -- settings ---------------------------------------------------------------------------------
    @staticmethod
    def _setting(s: Any, key: str) -> str | None:
        rec = s.get(StatsSettingRecord, key)
        return rec.value if rec is not None else None

    def _may_see_settings(self, actor: Actor) -> None:
        self._require_current_password(actor)
        if not (actor.may(Perm.READ_CASE) or actor.may(Perm.MANAGE_SETTINGS)):
            self.require_role(actor, Perm.READ_CASE)  # raises with the reason

    def settings(self, actor: Actor) -> tuple[CodeVersion, Definitions]:
        """The list and definitions a new report uses."""
        self._may_see_settings(actor)
        with self.db.read() as s:
            return self._version(s, None), self._definitions(s)

    def versions(self, actor: Actor) -> tuple[CodeVersion, ...]:
        self._may_see_settings(actor)
        with self.db.read() as s:
            return tuple(CodeVersion(code=v.code, name=v.name, note=v.note or "") for v in sq.code_versions(s))

    def _version(self, s: Any, code: str | None) -> CodeVersion:
        code = code or self._setting(s, "version") or DEFAULT_VERSION
        for v in sq.code_versions(s):
            if v.code == code:
                return CodeVersion(code=v.code, name=v.name, note=v.note or "")
        raise NotFound(_("No such dispute-type list: {code}.").format(code=code))

    def _definitions(self, s: Any) -> Definitions:
        anchor = self._setting(s, "anchor")
        return Definitions(anchor=PeriodAnchor(anchor) if anchor else PeriodAnchor.ACCEPTED)

    def choose(self, actor: Actor, version: str | None = None, anchor: PeriodAnchor | None = None) -> Changes:
        """The administrator chooses the list the county asks for and the period date."""
        self.require_role(actor, Perm.MANAGE_SETTINGS)
        with self.db.write() as s:
            if version is not None:
                self._version(s, version)
                self._put(s, "version", version)
            if anchor is not None:
                self._put(s, "anchor", PeriodAnchor(anchor).value)
            self.audit(s, actor, "stats.settings", "stats_setting", None, None,
                       {"version": version, "anchor": anchor})
        return Changes.of(ChangeKind.SETTINGS)

    def mapping(self, actor: Actor, version: str | None = None) -> tuple[tuple[str, str, str, str], ...]:
        """Every dispute type and sub-type with the code it counts under in ``version``:
        (kind, key, our label msgid or sub-type label, code)."""
        from mediation_app.domain.enums import DisputeType

        self.require_role(actor, Perm.READ_CASE)
        with self.db.read() as s:
            v = self._version(s, version)
            rec = next(x for x in sq.code_versions(s) if x.code == v.code)
            mapping = sq.type_mapping(s, rec)
            rows = [("type", t.value, t.label(), mapping.code_for(t.value, None, False)) for t in DisputeType]
            rows += [("subtype", code, _(label), mapping.code_for(core, code, False)) for code, label, core in sq.subtypes(s)]
            return tuple(rows)

    def map_subtype(self, actor: Actor, version: str, subtype_code: str, code: str | None) -> Changes:
        """Count a sub-type under another code of a list (None: under its type's code again)."""
        self.require_role(actor, Perm.MANAGE_LISTS)
        with self.db.write() as s:
            v = self._version(s, version)
            if subtype_code not in {c for c, _l, _t in sq.subtypes(s)}:
                raise ValidationFailed({"subtype": _("Unknown dispute sub-type.")})
            if code is not None and code not in {c.code for c in sq.codes(s, v.code)}:
                raise ValidationFailed({"code": _("No such code in this list: {code}.").format(code=code)})
            sq.set_mapping(s, v.code, "subtype", subtype_code, code)
            self.audit(s, actor, "stats.map_subtype", "dispute_code_map", None, None,
                       {"version": v.code, "subtype": subtype_code, "code": code})
        return Changes.of(ChangeKind.SETTINGS)

    @staticmethod
    def _put(s: Any, key: str, value: str) -> None:
        rec = s.get(StatsSettingRecord, key)
        if rec is None:
            s.add(StatsSettingRecord(key=key, value=value))
        else:
            rec.value = value

    def committee_ids(self, actor: Actor, short_names: Sequence[str]) -> list[uuid.UUID]:
        """Committees named by their short names (the CLI's --committee)."""
        self.require_role(actor, Perm.READ_CASE)
        with self.db.read() as s:
            known = {c.short_name: c.id for c in sq.committees(s)}
        missing = [n for n in short_names if n not in known]
        if missing:
            raise NotFound(_("No committee with the short name {name}.").format(name=missing[0]))
        return [known[n] for n in short_names]

    # -- scope ----------------------------------------------------------------------------------
    def _committees(self, s: Any, actor: Actor, committees: Sequence[uuid.UUID] | None) -> list[CommitteeRecord]:
        """The actor's committee first, then the others asked for (a head's view of the centre)."""
        ids = list(dict.fromkeys([actor.committee_id, *(committees or ())]))
        if committees is not None and list(committees) and actor.committee_id not in committees:
            ids = list(dict.fromkeys(committees))
        out = []
        for i in ids:
            rec = s.get(CommitteeRecord, i)
            if rec is None:
                raise NotFound(_("No such committee."))
            out.append(rec)
        if any(not actor.sees(i) for i in ids):
            raise PermissionDenied(_("You may report only on the committees whose cases you see."))
        return out

    def _scope(self, s: Any, actor: Actor, period: Period, committees: Sequence[uuid.UUID] | None,
               version: str | None, definitions: Definitions | None) -> engine.Scope:
        self.require_role(actor, Perm.READ_CASE)
        chosen = self._version(s, version)
        return engine.load_scope(s, period, self._committees(s, actor, committees), chosen.code,
                                 definitions or self._definitions(s))

    # -- the report -----------------------------------------------------------------------------
    def compute(self, actor: Actor, period: Period, committees: Sequence[uuid.UUID] | None = None,
                version: str | None = None, definitions: Definitions | None = None,
                lang: str | None = FORM_LANGUAGE) -> StatsReport:
        with self.db.read() as s:
            scope = self._scope(s, actor, period, committees, version, definitions)
            return engine.compute(s, scope, lang, self.clock.now())

    def cell_cases(self, actor: Actor, period: Period, row: str, column: str,
                   committees: Sequence[uuid.UUID] | None = None, version: str | None = None,
                   definitions: Definitions | None = None) -> CellItems:
        """Exactly the cases (and screening or prevention records) a cell counts."""
        with self.db.read() as s:
            scope = self._scope(s, actor, period, committees, version, definitions)
            report_rows = {r.key: r for r in engine.rows_of(scope, FORM_LANGUAGE)}
            groups = {c.key: c for g in build_groups(scope.codes, scope.wage_attribute) for c in g.columns}
            r, c = self._cell(report_rows, groups, row, column, scope)
            return engine.cell_items(s, scope, r, c, value=-1)

    def cell_case_refs(self, actor: Actor, period: Period, row: str, column: str,
                       committees: Sequence[uuid.UUID] | None = None, version: str | None = None,
                       definitions: Definitions | None = None) -> tuple[CaseRef, ...]:
        with self.db.read() as s:
            scope = self._scope(s, actor, period, committees, version, definitions)
            report_rows = {r.key: r for r in engine.rows_of(scope, FORM_LANGUAGE)}
            groups = {c.key: c for g in build_groups(scope.codes, scope.wage_attribute) for c in g.columns}
            r, c = self._cell(report_rows, groups, row, column, scope)
            if c.basis.value != "cases":
                items = engine.cell_items(s, scope, r, c, value=-1)
                wanted = set(items.case_ids)
                return tuple(x for x in engine.case_refs(s, scope, r, groups["total"]) if x.id in wanted)
            return engine.case_refs(s, scope, r, c)

    PAGE = 200

    def cell_page(self, actor: Actor, period: Period, row: str, column: str,
                  committees: Sequence[uuid.UUID] | None = None, version: str | None = None,
                  definitions: Definitions | None = None, after: tuple[Any, ...] | None = None,
                  limit: int = PAGE) -> CellPage:
        """One page of a cell's cases, newest case number first (``after``: the previous page's key),
        with the cell's exact count. The time grows with the page, not with the cell."""
        if limit < 1:
            raise ValidationFailed({"limit": _("A page holds at least one case.")})
        with self.db.read() as s:
            scope = self._scope(s, actor, period, committees, version, definitions)
            report_rows = {r.key: r for r in engine.rows_of(scope, FORM_LANGUAGE)}
            groups = {c.key: c for g in build_groups(scope.codes, scope.wage_attribute) for c in g.columns}
            r, c = self._cell(report_rows, groups, row, column, scope)
            if c.basis.value == "cases":
                total, refs, key = engine.case_page(s, scope, r, c, after, limit)
                return CellPage(row=r.key, column=c.key, total=total, refs=refs, after=key)
        # screening and prevention records are few: whole, with the cases they name
        items = self.cell_cases(actor, period, row, column, committees, version, definitions)
        refs_all = self.cell_case_refs(actor, period, row, column, committees, version, definitions)
        return CellPage(row=items.row, column=items.column, total=len(refs_all), refs=refs_all, after=None,
                        records=items.records if after is None else ())

    def organisation(self, actor: Actor, committees: Sequence[uuid.UUID] | None = None) -> OrganisationStock:
        """The organisation stock: active committees by the form's type, and each committee's
        active mediators full-time and part-time (counted in SQL)."""
        from mediation_app.domain.statistics import DEFAULT_BODY, FormBody

        self.require_role(actor, Perm.READ_CASE)
        with self.db.read() as s:
            ids = [c.id for c in self._committees(s, actor, committees)]
            rows = sq.organisation(s, ids)
        stock = tuple(CommitteeStock(id=cid, name=name, body=body or DEFAULT_BODY.get(kind, DEFAULT_BODY["centre"]).value,
                                     active=active, full_time=full, part_time=part)
                      for cid, name, kind, body, active, full, part in rows)
        by_body = tuple((b.value, sum(1 for c in stock if c.active and c.body == b.value)) for b in FormBody)
        return OrganisationStock(committees=stock, by_body=by_body, full_time=sum(c.full_time for c in stock if c.active),
                                 part_time=sum(c.part_time for c in stock if c.active))

    @staticmethod
    def _cell(rows: dict[str, Any], columns: dict[str, Any], row: str, column: str, scope: engine.Scope) -> Any:
        """Rows may be named by key, committee short name or 'total'/'subtotal'."""
        aliases = {"total": "level_total", "subtotal": "subordinate_total"}
        aliases.update({c.short_name: c.id.hex for c in scope.committees})
        r = rows.get(aliases.get(row, row))
        if r is None:
            raise ValidationFailed({"row": _("No such row in the report: {row}.").format(row=row)})
        c = columns.get(column) or next((x for x in columns.values() if x.export_code == column), None)
        if c is None:
            raise ValidationFailed({"column": _("No such column in the report: {column}.").format(column=column)})
        return r, c
