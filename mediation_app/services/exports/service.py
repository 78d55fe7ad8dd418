"""The case register out: the filtered list with the columns the case list shows, every matching
case (paged through, never capped), as .xlsx or CSV, written atomically. A redacted export masks
the names of persons, ID numbers, phones and addresses (for training or for sending outside the
centre); an export that shows them in full needs the permission to see them. Every export is
audited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mediation_app.domain.enums import CaseStatus, DisputeType, PartyKind, PartyRole, RiskLevel, enum_label
from mediation_app.domain.masking import mask_address, mask_id, mask_name, mask_phone
from mediation_app.domain.permissions import Perm, allowed, denial
from mediation_app.i18n import N_, _
from mediation_app.services import read_models as rm
from mediation_app.services.base import ServiceBase
from mediation_app.services.cases import PAGE_MAX, CaseQueryService
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.exports.writers import Cell, write_csv, write_xlsx
from mediation_app.storage import queries as q
from mediation_app.storage.db import Database
from mediation_app.storage.exports import PartyLine, case_extras

FORMATS = ("xlsx", "csv")
COLUMNS = (N_("Case number"), N_("Parties"), N_("Dispute type"), N_("Status"), N_("Presiding mediator"),
           N_("Accepted on"), N_("Deadline"), N_("Risk"), N_("Registered on"), N_("Amount involved (yuan)"))
CONTACT_COLUMNS = (N_("ID numbers"), N_("Phones"), N_("Addresses"))
Progress = Callable[[int], None]


@dataclass(frozen=True, kw_only=True)
class ExportOptions:
    format: str = "xlsx"  # xlsx | csv
    redacted: bool = False  # names of persons, ID numbers, phones and addresses masked
    contacts: bool = False  # add the parties' ID numbers, phones and addresses


@dataclass(frozen=True, kw_only=True)
class ExportResult:
    path: Path
    rows: int
    redacted: bool
    still_indexing: int = 0  # with a search: imported cases not yet in the search index (may be missing)


class CaseExportService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, cases: CaseQueryService) -> None:
        super().__init__(db, clock)
        self.cases = cases

    def may_export_unredacted(self, actor: Actor, contacts: bool, flt: rm.CaseFilter | None = None) -> str:
        """Why the actor may not export personal data in full ('' when they may): the right to see
        them is needed in every committee whose cases the list covers (the filter's committee, or
        every committee the account sees), as on a case's own page."""
        if not contacts:
            return ""
        scope = self._scope(actor, flt)
        for committee_id, name in scope:
            roles = actor.roles_in(committee_id)
            if not allowed(roles, Perm.REVEAL_ID, assigned=False):
                if len(scope) == 1:
                    return denial(roles, Perm.REVEAL_ID, False)
                return _("the list covers the cases of {committee}, whose ID numbers and phones you may not "
                         "see; narrow it to your committee.").format(committee=name)
        return ""

    def _scope(self, actor: Actor, flt: rm.CaseFilter | None) -> list[tuple[Any, str]]:
        """The committees (id, short name) whose cases the filtered list may hold."""
        visible = actor.visible_committees()
        wanted = flt.committee_id if flt is not None else None
        with self.db.read() as s:
            return [(c.id, c.short_name or c.name) for c in q.committees(s)
                    if (visible is None or c.id in visible) and (wanted is None or c.id == wanted)]

    def export_cases(self, actor: Actor, flt: rm.CaseFilter, path: Path, options: ExportOptions,
                     progress: Progress | None = None) -> ExportResult:
        self.require_role(actor)
        if options.format not in FORMATS:
            raise ValidationFailed({"format": _("Export as xlsx or csv.")})
        if not options.redacted:
            refused = self.may_export_unredacted(actor, options.contacts, flt)
            if refused:
                raise PermissionDenied(_("Exporting ID numbers, phones and addresses in full is refused: {why} "
                                         "Export a redacted list instead.").format(why=refused))
        header = [_(c) for c in COLUMNS] + ([_(c) for c in CONTACT_COLUMNS] if options.contacts else [])
        counted, waiting = [0], [0]

        def rows() -> Iterator[list[Cell]]:
            for row in self._rows(actor, flt, options, waiting):
                counted[0] += 1
                if progress is not None and counted[0] % 500 == 0:
                    progress(counted[0])
                yield row

        path = Path(path)
        if options.format == "xlsx":
            total = write_xlsx(path, _("Case register"), header, rows())
        else:
            total = write_csv(path, header, rows())
        with self.db.write() as s:
            self.audit(s, actor, "export.cases", "case_list", None, None, {
                "file": path.name, "format": options.format, "rows": total, "redacted": options.redacted,
                "contacts": options.contacts, "filter": _filter_details(flt)})
        return ExportResult(path=path, rows=total, redacted=options.redacted, still_indexing=waiting[0])

    def _rows(self, actor: Actor, flt: rm.CaseFilter, options: ExportOptions,
              waiting: list[int]) -> Iterator[list[Cell]]:
        """The rows, page by page; ``waiting[0]``: the most imported cases a page's search found still
        waiting for their index (they may be missing from the file, and the user is told)."""
        after = None
        while True:
            page = self.cases.list_cases(actor, flt, after, limit=PAGE_MAX)
            waiting[0] = max(waiting[0], page.still_indexing)
            with self.db.read() as s:
                parties, amounts = case_extras(s, [r.id for r in page.rows])
            for r in page.rows:
                yield self._row(r, parties.get(r.id, []), amounts.get(r.id), options)
            if page.next_key is None:
                return
            after = page.next_key

    @staticmethod
    def _row(r: rm.CaseRow, parties: list[PartyLine], amount_fen: int | None, options: ExportOptions) -> list[Cell]:
        if options.redacted:
            parties = [replace(p, name=mask_name(p.name) if p.kind == PartyKind.NATURAL else p.name,
                               id_number=mask_id(p.id_number) if p.id_number else None,
                               phone=mask_phone(p.phone) if p.phone else None,
                               address=mask_address(p.address) if p.address else None) for p in parties]
        names = _parties_text(parties) if parties else r.parties
        row: list[Cell] = [
            r.number, names, enum_label(r.dispute_type, DisputeType), enum_label(r.status, CaseStatus),
            r.presiding_mediator or "", r.accepted_on, r.deadline_on, enum_label(r.risk_level, RiskLevel),
            r.registered_on, amount_fen / 100 if amount_fen is not None else None,
        ]
        if options.contacts:
            for attr in ("id_number", "phone", "address"):
                row.append("\n".join(f"{p.name}：{getattr(p, attr)}" for p in parties if getattr(p, attr)))
        return row


def _parties_text(parties: list[PartyLine]) -> str:
    """As the case list writes it: "张三、李四 — 王五" (applicants, then the other side)."""
    applicants = [p.name for p in parties if p.role == PartyRole.APPLICANT]
    others = [p.name for p in parties if p.role != PartyRole.APPLICANT]
    text = "、".join(applicants)
    if others:
        text = f"{text} — {'、'.join(others)}" if text else "、".join(others)
    return text


def _filter_details(flt: rm.CaseFilter) -> dict[str, Any]:
    """The filter as the audit entry records it (dates and ids as text)."""
    return {key: value for key, value in vars(flt).items() if value not in (None, "", (), False)}
