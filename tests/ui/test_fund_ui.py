"""The case's fund part and the fund overview window, driven with qtbot on real services and the
in-line task runner: a top-up, a payment to the buyer, a recovery against it, the receipt in the
print preview, a reversal; each fits 1280×800."""

from __future__ import annotations

from mediation_app.ui.print_preview import PrintPreviewDialog
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.ui.test_market_ui import FRUIT, fits, stall_case


def test_fund_part_pays_recovers_prints_and_reverses(qtbot, qtmodeltester, services, admin, runner, events, drafts):
    from mediation_app.ui.fund import FundOverviewDialog
    from mediation_app.ui.merchants import MerchantRegistryView

    services.merchants.add(admin, FRUIT)
    case_id = stall_case(services, admin, buyer="张伟")
    registry = MerchantRegistryView(services, admin, runner, events)
    qtbot.addWidget(registry)
    registry.fund.click()  # the overview is reached from the merchant registry
    overview = registry.fund_dialog
    assert isinstance(overview, FundOverviewDialog)
    fits(overview)
    assert overview.size().width() <= 1280 and overview.size().height() <= 800
    overview.top_amount.setText("5,000")
    overview.top_source.setText("商户保证金")
    overview.top_button.click()
    assert "¥5,000.00" in overview.balance.text()

    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    tab = ws.show_tab("fund")
    fits(ws)
    assert tab.pay_box.isEnabled() and tab.party.currentText() == "张伟"
    assert tab.merchant.currentText() == "B-117 建国果业"
    tab.pay_amount.setText("1,200.50")
    tab.pay_button.click()
    assert tab.model.rowCount() == 1 and tab.model.row_at(0).amount_fen == 120050, tab.pay_message.text()
    qtmodeltester.check(tab.model, force_py=True)
    assert "1,200.50" in tab.totals.text()
    tab.view.selectRow(0)
    assert tab.rec_box.isEnabled()
    tab.rec_amount.setText("2,000")  # more than is outstanding: refused with the amount that is
    tab.rec_button.click()
    assert "1,200.50" in tab.rec_message.text() and tab.model.rowCount() == 1
    tab.rec_amount.setText("200.50")
    tab.rec_receipt.setText("WX-1")
    tab.rec_button.click()
    assert tab.model.rowCount() == 2 and tab.model.row_at(1).kind == "recovery"
    assert overview.model.rowCount() == 1 and overview.model.row_at(0).outstanding_fen == 100000
    assert "¥4,000.00" in overview.balance.text()  # 5,000 in, 1,200.50 out, 200.50 back
    qtmodeltester.check(overview.model, force_py=True)

    tab.view.selectRow(1)
    tab.receipt_button.click()
    previews = tab.findChildren(PrintPreviewDialog)
    assert len(previews) == 1 and previews[0].doc.title == "追偿收据" and tab.property("receipt_pages") == 1
    previews[0].close()

    tab.reason.setText("转账被退回")
    tab.reverse_button.click()
    kinds = [(tab.model.row_at(i).kind, bool(tab.model.row_at(i).reversed_by)) for i in range(tab.model.rowCount())]
    assert kinds == [("payment", False), ("recovery", True), ("reversal", False)]
    assert overview.model.row_at(0).outstanding_fen == 120050
