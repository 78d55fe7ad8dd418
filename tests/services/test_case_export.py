"""The case register out: content read back from .xlsx (openpyxl) and CSV, every page of a long
list, formula-looking cells neutralised, the redacted export, the permission and the audit entry."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mediation_app.domain.enums import PartyRole, Role
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied
from mediation_app.services.exports import ExportOptions
from mediation_app.services.maintenance import AuditFilter
from mediation_app.services.parties import PartyInput
from mediation_app.services.read_models import CaseFilter
from tests.factories import BUYER, STALLHOLDER, market_case_input

FORMULA_NAME = "=1+2李四"


def _register(services: Services, admin: Actor) -> None:
    services.intake.register(admin, market_case_input())
    odd = PartyInput(name=FORMULA_NAME, role=PartyRole.APPLICANT, phone="13997005678")
    services.intake.register(admin, market_case_input(parties=(odd, STALLHOLDER), amount=""))


def _auditor(services: Services, admin: Actor) -> Actor:
    services.accounts.create_user(admin, "auditor1", "审计2026-secret!", "审计员", Role.AUDITOR, None)
    return services.accounts.authenticate("auditor1", "审计2026-secret!")


def test_xlsx_holds_the_register_with_numbers_dates_and_a_frozen_header(services: Services, admin: Actor,
                                                                          tmp_path: Path) -> None:
    _register(services, admin)
    out = tmp_path / "cases.xlsx"
    result = services.exports.export_cases(admin, CaseFilter(), out, ExportOptions(format="xlsx", contacts=True))
    assert result.rows == 2
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Case number", "Parties", "Dispute type"] and header[-3:] == ["ID numbers", "Phones",
                                                                                       "Addresses"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    first = next(r for r in rows.values() if r[9] is not None)
    assert first[9] == 24000 and isinstance(first[9], (int, float))  # amount in yuan, a number
    assert isinstance(first[8], dt.datetime)  # registered on, a date
    assert first[1] == "马福海 — 李建国"
    assert "马福海：620102198507153314" in first[10] and "李建国：0971-6123456" in first[11]
    assert sheet.column_dimensions["B"].width >= 14  # two Chinese characters take two columns each
    odd = next(r for r in rows.values() if r[9] is None)
    assert odd[1] == FORMULA_NAME + " — 李建国"  # text, never a formula
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_csv_neutralises_formula_cells_and_pages_through_everything(services: Services, admin: Actor,
                                                                    tmp_path: Path) -> None:
    _register(services, admin)
    out = tmp_path / "cases.csv"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("mediation_app.services.exports.service.PAGE_MAX", 1)  # one case per page
        result = services.exports.export_cases(admin, CaseFilter(), out, ExportOptions(format="csv"))
    assert result.rows == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "Case number" and len(rows) == 3
    parties = {r[1] for r in rows[1:]}
    assert "'" + FORMULA_NAME + " — 李建国" in parties and "马福海 — 李建国" in parties


def test_redacted_export_masks_names_ids_phones_and_addresses(services: Services, admin: Actor,
                                                              tmp_path: Path) -> None:
    services.intake.register(admin, market_case_input())
    out = tmp_path / "training.csv"
    services.exports.export_cases(admin, CaseFilter(), out, ExportOptions(format="csv", redacted=True,
                                                                         contacts=True))
    text = out.read_text(encoding="utf-8-sig")
    row = list(csv.reader(text.splitlines()))[1]
    assert row[1] == "马** — 李**"
    assert "620102198507153314" not in text and "**************3314" in row[10]
    assert "13893126688" not in text and "138****6688" in row[11]
    assert BUYER.address not in text and "甘肃省兰州市" in row[12]
    assert STALLHOLDER.name not in text


def test_full_personal_data_needs_the_permission_and_every_export_is_audited(services: Services, admin: Actor,
                                                                            tmp_path: Path) -> None:
    services.intake.register(admin, market_case_input())
    services.accounts.create_user(admin, "med1", "调解2026-secret!", "韩调解员", Role.MEDIATOR, None)
    mediator = services.accounts.authenticate("med1", "调解2026-secret!")
    with pytest.raises(PermissionDenied, match="redacted"):
        services.exports.export_cases(mediator, CaseFilter(), tmp_path / "x.csv",
                                      ExportOptions(format="csv", contacts=True))
    assert not (tmp_path / "x.csv").exists()
    services.exports.export_cases(mediator, CaseFilter(), tmp_path / "y.csv",
                                  ExportOptions(format="csv", contacts=True, redacted=True))
    services.exports.export_cases(admin, CaseFilter(statuses=("registered",)), tmp_path / "z.xlsx",
                                  ExportOptions(contacts=True))
    entries = services.audit_log.entries(_auditor(services, admin), AuditFilter(action="export.cases")).rows
    assert [e.username for e in entries] == ["admin", "med1"]
    assert '"redacted":false' in entries[0].details and '"statuses":["registered"]' in entries[0].details
    assert '"file":"y.csv"' in entries[1].details and '"rows":1' in entries[1].details
