"""The centre in the client: the committees page (add, edit, retire, a duplicate short name said in
words), the window's list and route dialog, and the routing shown on the case."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from mediation_app.domain.enums import CommitteeKind, Role
from mediation_app.i18n import _
from mediation_app.services.centre import CommitteeInput
from mediation_app.ui.administration import AdministrationDialog
from mediation_app.ui.window_desk import RouteDialog, WindowDeskView
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.factories import family_case_input, market_case_input

SHOTS = os.environ.get("CENTRE_SHOTS", "")  # a folder to save 1280×800 screenshots into, when set
CLERK_PASSWORD = "Window-desk-2026"


def _shot(widget, name: str) -> None:
    if not SHOTS:
        return
    from mediation_app.ui.theme import apply_theme

    apply_theme(QApplication.instance())
    widget.resize(1280, 800) if name != "route_dialog" else widget.adjustSize()
    widget.show()
    QApplication.processEvents()
    widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def _centre(services, admin):
    centre_id = services.committees.add(admin, CommitteeInput(
        name="城北区矛盾纠纷多元化解中心人民调解委员会", short_name="中心", kind=CommitteeKind.CENTRE)).created_id
    services.accounts.create_user(admin, "clerk", CLERK_PASSWORD, "韩梅", Role.WINDOW, committee_id=centre_id)
    return centre_id, services.accounts.authenticate("clerk", CLERK_PASSWORD)


def test_committees_page_adds_edits_and_retires(qtbot, qtmodeltester, services, admin, runner, events) -> None:
    dialog = AdministrationDialog(services, admin, runner, events, page="committees")
    qtbot.addWidget(dialog)
    page = dialog.pages["committees"]
    qtmodeltester.check(page.model)
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == ["新华"]
    page.name.setText("青藏高原农副产品集散中心人民调解委员会")
    page.short_name.setText("新华")  # taken: said in words, the field marked, nothing saved
    page.kind.setCurrentIndex(page.kind.findData(CommitteeKind.INDUSTRY_MARKET.value))
    page.save_button.click()
    assert "新华" in page.message.text() and page.short_name.property("invalid") in (True, "true")
    assert page.model.rowCount() == 1
    page.short_name.setText("客商")
    page.save_button.click()
    rows = {page.model.index(r, 0).data(): r for r in range(page.model.rowCount())}
    assert set(rows) == {"新华", "客商"}
    assert page.model.index(rows["客商"], 4).data().startswith("客商人调字〔")
    assert page.model.index(rows["客商"], 4).data().endswith("〕第001号")
    page.table.selectRow(rows["客商"])
    assert page.form_box.title().endswith("青藏高原农副产品集散中心人民调解委员会")
    _shot(dialog, "admin_committees")
    page.active_button.click()  # retire
    row = next(r for r in range(page.model.rowCount()) if page.model.index(r, 0).data() == "客商")
    assert page.model.index(row, 6).data() == _("Retired")
    assert not next(c for c in services.committees.list(admin) if c.short_name == "客商").active


def test_committees_page_is_read_only_for_a_head(qtbot, services, admin, runner, events) -> None:
    services.accounts.create_user(admin, "lizr", "Zhuren-desk-2026", "李主任", Role.HEAD)
    head = services.accounts.authenticate("lizr", "Zhuren-desk-2026")
    dialog = AdministrationDialog(services, head, runner, events, page="committees")
    qtbot.addWidget(dialog)
    page = dialog.pages["committees"]
    assert not page.save_button.isEnabled() and not page.new_button.isEnabled()
    assert page.banner.text() == _("Only an administrator may add, change or retire committees; "
                                   "you are signed in as {role}.").format(role=head.roles_label())


def test_window_lists_routes_and_the_case_shows_it(qtbot, qtmodeltester, services, admin, runner, events,
                                                  drafts) -> None:
    centre_id, clerk = _centre(services, admin)
    first = services.routing.register(clerk, market_case_input()).created_id
    services.routing.register(clerk, family_case_input())
    view = WindowDeskView(services, clerk, runner, events, drafts)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 2 and view.title.text() == _("Waiting to be routed: {n}").format(n=2)
    assert view.model.index(0, 0).data() == "中心窗受字〔2026〕第001号"
    _shot(view, "window_desk")
    view.view.selectRow(0)
    dialog = RouteDialog(services, clerk, runner, events, view.model.row_at(0), parent=view)
    qtbot.addWidget(dialog)
    assert dialog.committee.count() == 2
    dialog.to_department.setChecked(True)
    dialog.submit()  # no department, no reason: said in words, nothing routed
    assert dialog.message.text() and services.routing.waiting(clerk).total == 2
    dialog.to_committee.setChecked(True)
    dialog.committee.setCurrentIndex(dialog.committee.findData(str(admin.committee_id)))
    dialog.reason.setPlainText("摊位买卖纠纷，由新华街调委会办理")
    _shot(dialog, "route_dialog")
    dialog.submit()
    assert dialog.message.text() == "", dialog.message.text()
    assert services.routing.waiting(clerk).total == 1 and view.model.rowCount() == 1
    ws = CaseWorkspace(services, admin, first, runner, events, drafts)
    qtbot.addWidget(ws)
    assert ws.number.text() == "新华人调字〔2026〕第001号"
    line = ws.routing_line.text()
    assert "中心窗受字〔2026〕第001号" in line and "新华街人民调解委员会" in line and "摊位买卖纠纷" in line


def test_window_desk_says_why_a_mediator_cannot_route(qtbot, services, admin, runner, events, drafts) -> None:
    view = WindowDeskView(services, admin.__class__(**{**admin.__dict__, "roles": frozenset({Role.MEDIATOR}),
                                                       "role": Role.MEDIATOR, "memberships": ()}),
                          runner, events, drafts)
    qtbot.addWidget(view)
    assert not view.register.isEnabled() and view.register.toolTip()
