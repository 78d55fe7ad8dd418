"""The merchant registry tab, the merchant dialog, the market clock and holidays dialog, the note
under a party at intake and the merchant record on the case's Parties tab, driven with qtbot on
real services and the in-line task runner; each fits 1280×800."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel

from mediation_app.domain.enums import DisputeType, IdType, PartyRole
from mediation_app.services.intake import CaseInput
from mediation_app.services.market.read_models import MerchantInput
from mediation_app.services.parties import PartyInput

FRUIT = MerchantInput(stall_number="B-117", name="建国果业", business_type="水果批发", operator_name="李建国")


def stall_case(services, admin, buyer="张伟"):
    data = CaseInput(
        parties=(PartyInput(name=buyer, role=PartyRole.APPLICANT, phone="13800138000", id_type=IdType.NONE),
                 PartyInput(name="李建国", role=PartyRole.RESPONDENT, phone="13900139000", id_type=IdType.NONE,
                            stall_number="B117")),
        dispute_type=DisputeType.CONTRACT, facts="苹果运输途中损坏，双方对货款有争议。", requests="核减货款。", title="货款纠纷")
    return services.intake.register(admin, data, accept=True).created_id


def fits(widget) -> None:
    hint = widget.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800, hint


def test_registry_adds_searches_and_marks_left(qtbot, qtmodeltester, services, admin, runner, events):
    from mediation_app.ui.merchant_dialog import MerchantDialog
    from mediation_app.ui.merchants import MerchantRegistryView

    view = MerchantRegistryView(services, admin, runner, events)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    fits(view)
    assert view.model.rowCount() == 0 and "0" in view.count.text()
    dialog = MerchantDialog(services, admin, runner, events, parent=view)
    qtbot.addWidget(dialog)
    for key, value in (("stall_number", "B-117"), ("name", "建国果业"), ("business_type", "水果批发"),
                       ("credit_code", "91630105MA752XGY01")):
        dialog.fields[key].setText(value)
    dialog.save()  # the check character is wrong: a warning to confirm
    assert not dialog.confirm.isHidden() and "校验" in dialog.message.text()
    dialog.confirm.setChecked(True)
    dialog.save()
    assert view.model.rowCount() == 1
    qtmodeltester.check(view.model, force_py=True)
    assert view.model.row_at(0).name == "建国果业"
    services.merchants.add(admin, MerchantInput(stall_number="A-3", name="高原干货行"))
    view.refresh()
    view.search.setText("干货")
    view.refresh()
    assert [view.model.row_at(i).name for i in range(view.model.rowCount())] == ["高原干货行"]
    view.view.selectRow(0)
    view.left.click()
    assert view.model.rowCount() == 0  # left the market: not among the active ones
    view.include_left.setChecked(True)
    assert view.model.rowCount() == 1 and not view.model.row_at(0).active


def test_registry_shows_a_merchants_history_and_opens_its_case(qtbot, services, admin, runner, events):
    from mediation_app.ui.merchants import MerchantRegistryView

    services.merchants.add(admin, FRUIT)
    first = stall_case(services, admin)
    stall_case(services, admin, buyer="马福海")
    view = MerchantRegistryView(services, admin, runner, events)
    qtbot.addWidget(view)
    view.view.selectRow(0)
    assert view.history.rowCount() == 2
    assert "重复" in view.summary.text() and "李建国" in view.summary.text()
    opened = []
    view.case_activated.connect(opened.append)
    view.history_view.selectRow(1)
    view.open_case.click()
    assert opened == [first]


def test_import_opens_on_the_market_list(qtbot, services, admin, runner, events):
    from mediation_app.domain.ledger_fields import LedgerKind
    from mediation_app.ui.merchants import MerchantRegistryView

    view = MerchantRegistryView(services, admin, runner, events)
    qtbot.addWidget(view)
    view.import_list.click()
    assert view.import_dialog.kind is LedgerKind.MERCHANTS
    view.import_dialog.close()


def test_market_clock_and_holidays_dialog(qtbot, services, admin, runner, events):
    from mediation_app.ui.market_settings import MarketSettingsDialog

    dialog = MarketSettingsDialog(services, admin, runner, events)
    qtbot.addWidget(dialog)
    fits(dialog)
    dialog.subtype.set_key("short_weight")
    dialog.days.setValue(10)
    dialog.unit.set_key("working")
    dialog.clock_label.setText("消费投诉时限")
    dialog.set_clock.click()
    assert dialog.clocks.rowCount() == 1 and "10" in dialog.clocks.row_at(0).description
    dialog.year.setValue(2027)
    assert not dialog.provisional.isHidden()
    dialog.year.setValue(2026)
    assert dialog.provisional.isHidden()
    from PySide6.QtCore import QDate

    dialog.day.setDate(QDate(2026, 12, 31))
    dialog.day_kind.set_key("off")
    dialog.day_name.setText("市场盘点")
    dialog.save_day.click()
    rows = [dialog.days_model.row_at(i) for i in range(dialog.days_model.rowCount())]
    assert any(r.day == dt.date(2026, 12, 31) and r.source == "edited" for r in rows)
    dialog.threshold.setValue(3)
    dialog.save_threshold.click()
    assert services.merchants.threshold(admin) == 3


def test_intake_party_note_names_the_merchant_and_warns(qtbot, services, admin, runner):
    from mediation_app.ui.widgets.party_editor import PartyEditor

    services.merchants.add(admin, FRUIT)
    stall_case(services, admin)
    stall_case(services, admin, buyer="马福海")
    editor = PartyEditor(services, admin, runner, 1)
    qtbot.addWidget(editor)
    editor.stall.setText("b-117")
    editor.stall.editingFinished.emit()
    note = editor.findChild(QLabel, "merchant_note")
    assert not note.isHidden()
    assert "建国果业" in note.text() and "重复" in note.text()


def test_case_parties_tab_shows_the_merchant_record(qtbot, services, admin, runner, events, drafts):
    from mediation_app.ui.workspace.case_workspace import CaseWorkspace

    services.merchants.add(admin, FRUIT)
    case_id = stall_case(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    ws.show_tab("parties")  # a part is built when first shown
    label = ws.findChild(QLabel, "merchant_record")
    assert not label.isHidden() and "建国果业" in label.text() and "李建国" in label.text()


def test_main_window_opens_the_registry(qtbot, services, admin, runner, events, settings, drafts):
    from mediation_app.ui.main_window import MainWindow
    from mediation_app.ui.merchants import MerchantRegistryView

    window = MainWindow(services, admin, runner, events, settings, drafts)
    qtbot.addWidget(window)
    window.actions_by_key["merchants"].trigger()
    assert isinstance(window.tabs.currentWidget(), MerchantRegistryView)


def test_market_statistics_dialog_counts_a_period(qtbot, services, admin, runner, events):
    from mediation_app.ui.merchants import MerchantRegistryView

    services.merchants.add(admin, FRUIT)
    stall_case(services, admin)
    view = MerchantRegistryView(services, admin, runner, events)
    qtbot.addWidget(view)
    view.stats.click()
    dialog = view.stats_dialog
    fits(dialog)
    dialog.period.setText(str(services.clock.today().year))
    dialog.count()
    assert "水果批发\t1\t1" in dialog.text.toPlainText().splitlines()
    dialog.period.setText("2026-13")
    dialog.count()
    assert dialog.message.text()


def test_parties_tab_links_a_party_to_a_merchant(qtbot, services, admin, runner, events, drafts):
    from mediation_app.ui.workspace.case_workspace import CaseWorkspace
    from mediation_app.ui.workspace.parties_tab import PartiesTab
    from tests.ui.conftest import register_case

    services.merchants.add(admin, FRUIT)
    case_id = register_case(services, admin, respondent="李建国")
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    ws.show_tab("parties")  # a part is built when first shown
    tab = ws.findChild(PartiesTab)
    label = ws.findChild(QLabel, "merchant_record")
    assert label.isHidden()
    tab.party_view.selectRow(1)
    tab.link_selected("Z-9")
    assert "Z-9" in tab.message.text()
    tab.link_selected("b117")
    assert not label.isHidden() and "建国果业" in label.text()
