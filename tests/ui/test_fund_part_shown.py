"""The Fund part is listed only in the cases of a committee that keeps a fund: a township committee's
case has none (not listed, not reached by the keys), until the head records the committee's first
top-up in the fund window, when the open case lists it."""

from __future__ import annotations

from mediation_app.ui.workspace.case_nav import part_order
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.ui.conftest import register_case


def test_the_fund_part_comes_with_the_committees_first_top_up(qtbot, services, admin, runner, events, drafts):
    from mediation_app.ui.merchants import MerchantRegistryView

    ws = CaseWorkspace(services, admin, register_case(services, admin), runner, events, drafts)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    nav = ws.nav
    assert not nav.offered("fund") and nav.isRowHidden(nav._rows["fund"])
    assert all(nav.offered(key) for key in part_order() if key != "fund")
    nav.choose("fund")
    assert nav.current_key() == "overview" and "fund" not in ws._pages
    visited = []
    for _ in part_order():  # Ctrl+PgDown through every part and round again
        nav.step(1)
        visited.append(nav.current_key())
    assert "fund" not in visited and set(visited) == set(part_order()) - {"fund"}
    narrow = nav.width()

    registry = MerchantRegistryView(services, admin, runner, events)
    qtbot.addWidget(registry)
    registry.fund.click()  # the head opens the committee's fund and records its first top-up
    overview = registry.fund_dialog
    overview.top_amount.setText("5,000")
    overview.top_source.setText("商户保证金")
    overview.top_button.click()
    assert "¥5,000.00" in overview.balance.text()

    assert nav.offered("fund")  # the open case was read again: the committee keeps a fund now
    ws.nav.choose("fund")
    assert nav.current_key() == "fund" and ws.pages.currentWidget() is ws._pages["fund"]
    assert ws.tab("fund").pay_box.isEnabled()
    assert nav.width() >= narrow and nav.viewport().rect().contains(nav.part_rect("fund"))
