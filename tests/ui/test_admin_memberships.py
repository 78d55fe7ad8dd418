"""Administration ▸ Users ▸ Committees…: the committees of one account with its roles there,
added, changed and removed through the accounts service, errors in one sentence."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from mediation_app.domain.enums import CommitteeKind, Role
from mediation_app.i18n import _
from mediation_app.services.centre import CommitteeInput
from mediation_app.ui.administration import AdministrationDialog

SHOTS = os.environ.get("ADMIN_SHOTS", "")


def _rows(model, column=0):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_memberships_listed_added_changed_removed(qtbot, qtmodeltester, services, admin, runner, events) -> None:
    other = services.committees.add(admin, CommitteeInput(
        name="城北区矛盾纠纷多元化解中心人民调解委员会", short_name="中心", kind=CommitteeKind.CENTRE)).created_id
    services.accounts.create_user(admin, "hanxd", "tiaojie-2026", "韩晓东", Role.MEDIATOR)
    dialog = AdministrationDialog(services, admin, runner, events, page="users")
    qtbot.addWidget(dialog)
    page = dialog.pages["users"]
    assert not page.committees_button.isEnabled()
    page.table.selectRow(_rows(page.model).index("hanxd"))
    page.committees_button.click()
    members = page.memberships_dialog
    qtmodeltester.check(members.model)
    home = _rows(members.model)
    assert len(home) == 1 and home[0].startswith("新华")
    assert _rows(members.model, 1) == [Role.MEDIATOR.label()]
    assert not members.remove_button.isEnabled()  # the home committee stays

    # Add: the account now belongs to 中心 as window clerk, as the sign-in sees it.
    assert members.committee.set_key(other)
    assert not members.remove_button.isEnabled()
    members.checks.set_roles([Role.WINDOW])
    members.save_button.click()
    assert "中心" in _rows(members.model)
    actor = services.accounts.authenticate("hanxd", "tiaojie-2026")
    assert other in {m.committee_id for m in actor.memberships}

    # Change: an impossible combination is refused in one sentence, nothing saved.
    members.checks.set_roles([Role.AUDITOR, Role.HEAD])
    members.save_button.click()
    assert members.message.text() and "\n" not in members.message.text()
    assert _rows(members.model, 1)[_rows(members.model).index("中心")] == Role.WINDOW.label()
    members.checks.set_roles([Role.HEAD])
    members.save_button.click()
    assert _rows(members.model, 1)[_rows(members.model).index("中心")] == Role.HEAD.label()

    if SHOTS:
        members.show()
        QApplication.processEvents()
        members.grab().save(os.path.join(SHOTS, "admin_memberships.png"))
        members.committee.set_key(other)  # showing focuses the table's first row

    # Remove.
    assert members.remove_button.isEnabled()
    members.remove_button.click()
    assert "中心" not in _rows(members.model)
    actor = services.accounts.authenticate("hanxd", "tiaojie-2026")
    assert other not in {m.committee_id for m in actor.memberships}


def test_own_account_committees_read_only(qtbot, services, admin, runner, events) -> None:
    dialog = AdministrationDialog(services, admin, runner, events, page="users")
    qtbot.addWidget(dialog)
    page = dialog.pages["users"]
    page.table.selectRow(_rows(page.model).index("admin"))
    page.committees_button.click()
    members = page.memberships_dialog
    assert members.model.rowCount() == 1
    assert not members.save_button.isEnabled()
    assert members.message.text() == _(
        "No one may change the roles of their own account; ask another administrator.")
