#!/usr/bin/env python3
"""Regenerate screenshots of the desktop client (offscreen, no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py OUTPUT_DIR [--lang zh_CN en zh_TW]
        [--size 1366x768] [--scale 1.5] [--high-contrast]

Builds a throw-away database with demonstration cases, then saves PNGs of the main window (case
list, today, statistics, the centre board and window, the screening ledger, the merchants), the
intake wizard, the quick entry, hand-over, ledger-import, screening-item, market-clock, fund and
administration dialogs, every part of a case workspace and the print preview, per language.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1280, 800)  # the smaller of the office laptops the client is designed for


def _case(services, actor):
    """A realistic market case with full particulars, an assigned mediator and a drafted agreement."""
    from mediation_app.domain.enums import DisputeType, IdType, MeetingOutcome, PartyKind, PartyRole, Sex
    from mediation_app.services.agreements import AgreementInput, ObligationInput
    from mediation_app.services.intake import CaseInput
    from mediation_app.services.meetings import MeetingInput
    from mediation_app.services.parties import PartyInput

    def party(name, role, phone, eth, occupation):
        return PartyInput(name=name, role=role, kind=PartyKind.NATURAL, sex=Sex.MALE, ethnicity=eth, age=46,
                          id_type=IdType.NONE, occupation=occupation, address="西宁市城东区八一路", phone=phone)

    data = CaseInput(
        parties=(party("马福海", PartyRole.APPLICANT, "13897001234", "回族", "个体商户"),
                 party("韩建国", PartyRole.RESPONDENT, "13997005678", "汉族", "蔬菜批发商")),
        dispute_type=DisputeType.CONTRACT, subtype_code="payment_arrears", title="货款纠纷",
        facts="2026年9月，申请人向被申请人供应土豆12吨，货款共计人民币36,000元。被申请人已付6,000元，余款30,000元至今未付。",
        requests="申请人请求被申请人支付剩余货款30,000元。", place="农产品批发市场B区", amount="30,000",
    )
    case_id = services.intake.register(actor, data, accept=True).created_id
    services.parties.record_all_consents(actor, case_id)
    services.assignment.assign(actor, case_id, actor.mediator_id)
    detail = services.cases.detail(actor, case_id)
    links = [p.link_id for p in detail.parties]
    services.meetings.record(actor, case_id, MeetingInput(
        place="调解室", party_links_present=tuple(links), mediator_ids_present=(actor.mediator_id,),
        record_text="双方确认欠款数额，被申请人同意分三期付清。", outcome=MeetingOutcome.AGREEMENT, recorder_name="李文"))
    first = dt.date.today() + dt.timedelta(days=30)
    services.agreements.save_draft(actor, case_id, AgreementInput(
        facts=data.facts, issues="剩余货款的数额和支付期限。",
        terms=("被申请人韩建国欠申请人马福海货款人民币30,000元，分三期付清。",
               "如被申请人任何一期未按时支付，申请人可就剩余款项一并主张。",
               "双方就本纠纷再无其他争议。"),
        performance_method="银行转账至申请人账户", performance_place="西宁市",
        obligations=tuple(ObligationInput(obligor_link_id=links[1], obligee_link_id=links[0], amount_fen=1_000_000,
                                          due_on=first + dt.timedelta(days=30 * i), description="支付货款")
                          for i in range(3)),
        recorder_name="李文"))
    return case_id


def shoot(out: Path, langs: list[str], demo_cases: int, size: tuple[int, int] = SIZE, scale: float = 1.0,
          high_contrast: bool = False) -> list[Path]:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services
    from mediation_app.ui.administration import AdministrationDialog
    from mediation_app.ui.drafts import DraftStore
    from mediation_app.ui.events import AppEvents
    from mediation_app.ui.fund import FundOverviewDialog
    from mediation_app.ui.handover import HandoverDialog
    from mediation_app.ui.intake import IntakeWizard
    from mediation_app.ui.language import LanguageSwitcher
    from mediation_app.ui.ledger_dialogs import LedgerItemDialog
    from mediation_app.ui.ledger_import import LedgerImportDialog
    from mediation_app.ui.main_window import MainWindow
    from mediation_app.ui.market_settings import MarketSettingsDialog
    from mediation_app.ui.quick_entry import QuickEntryDialog
    from mediation_app.ui.settings import AppSettings
    from mediation_app.ui.tasks import TaskRunner
    from mediation_app.ui.theme import apply_theme
    from mediation_app.ui.widgets.screen_fit import declare_available_geometry

    app = QApplication.instance() or QApplication([])
    declare_available_geometry(QRect(0, 0, size[0], size[1] - 40))  # the screen less a 40-px task bar
    apply_theme(app, scale=scale, high_contrast=high_contrast)
    switcher = LanguageSwitcher(app)
    tmp = Path(tempfile.mkdtemp(prefix="shots-"))
    services = build_services(f"sqlite:///{tmp / 'demo.sqlite'}", tmp)
    admin = services.setup.initialise(
        committee_name="客商心语人民调解委员会", short_name="客商", kind=CommitteeKind.INDUSTRY_MARKET,
        admin_username="admin", admin_password="调解室-演示-2026", admin_display_name="王主任")
    if demo_cases:
        services.demo.generate(admin, cases=demo_cases)
    case_id = _case(services, admin)
    case_ids = [_case(services, admin) for _ in range(3)]
    runner, events = TaskRunner(inline=True), AppEvents()
    settings = AppSettings(tmp / "settings.ini")
    drafts = DraftStore(tmp / "drafts")
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)

    def save(widget, name: str, lang: str) -> None:
        app.processEvents()
        path = out / f"{name}_{lang}.png"
        widget.grab().save(str(path))
        written.append(path)

    for lang in langs:
        switcher.apply(lang)
        window = MainWindow(services, admin, runner, events, settings, drafts, committee_name="客商心语人民调解委员会")
        window.show()
        window.tabs.setCurrentWidget(window.case_list)
        window.case_list.refresh()
        save(window, "main_window", lang)
        window.tabs.setCurrentWidget(window.today)
        save(window, "today", lang)
        for name, opener in (("statistics", window.open_statistics), ("board", window.open_board),
                             ("screening_ledger", window.open_ledger), ("merchants", window.open_merchants),
                             ("centre_window", window.open_window_desk)):
            opener()
            save(window, name, lang)
        for name, dialog in (
                ("handover", HandoverDialog(services, admin, runner, events, parent=window)),
                ("ledger_import", LedgerImportDialog(services, admin, runner, events, parent=window)),
                ("administration", AdministrationDialog(services, admin, runner, events, parent=window)),
                ("quick_entry", QuickEntryDialog(services, admin, runner, events, drafts, parent=window)),
                ("ledger_item", LedgerItemDialog(services, admin, runner, events, parent=window)),
                ("market_settings", MarketSettingsDialog(services, admin, runner, events, parent=window)),
                ("fund", FundOverviewDialog(services, admin, runner, events, parent=window))):
            dialog.show()
            save(dialog, name, lang)
            dialog.close()
            dialog.deleteLater()

        wizard = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
        first = wizard.parties_page.editors[0]
        first.name.setText("张伟")
        first.phone.setText("1380013800")
        first.phone.editingFinished.emit()
        first.id_number.setText("630102198001011231")
        first.id_number.editingFinished.emit()
        wizard.show()
        save(wizard, "intake", lang)
        wizard.hide()
        wizard.deleteLater()

        window.open_case(case_id)
        workspace = window.tabs.currentWidget()
        workspace.show_tab("parties")
        save(window, "case_workspace", lang)
        workspace.show_tab("agreement")
        save(window, "agreement_editor", lang)
        for key in ("overview", "assignment", "meetings", "evidence", "oral", "termination", "followup",
                    "confirmation", "referrals", "risk", "documents"):
            workspace.show_tab(key)
            save(window, f"workspace_{key}", lang)
        docs = workspace.tab("documents")
        docs.output.preview = _keep_preview(docs.output, written, save, lang)
        if docs.select_kind("agreement"):
            docs.output.confirm_warnings = lambda _w: True
            docs.preview()
        for other in case_ids:
            window.open_case(other)
        window.tabs.setCurrentWidget(window.case_list)
        save(window, "four_cases_open", lang)
        window.hide()
        window.deleteLater()
        app.processEvents()
    services.close()
    return written


def _keep_preview(output, written, save, lang):
    original = output.preview

    def preview(doc, **kw):
        dialog = original(doc, **kw)
        save(dialog, "print_preview", lang)
        dialog.close()
        return dialog

    return preview


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output", type=Path)
    ap.add_argument("--lang", nargs="+", default=["zh_CN", "en"])
    ap.add_argument("--demo-cases", type=int, default=300)
    ap.add_argument("--size", default="1280x800", help="screen size, e.g. 1366x768")
    ap.add_argument("--scale", type=float, default=1.0, help="text size, e.g. 1.5 for large text")
    ap.add_argument("--high-contrast", action="store_true")
    args = ap.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    for path in shoot(args.output, args.lang, args.demo_cases, (width, height), args.scale, args.high_contrast):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
