"""Full ID numbers in the case workspace: masked by default; "显示完整号码" reveals them only to a
role that may see them on the case, and each reveal writes one ``pi.reveal`` audit entry."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from mediation_app.domain.enums import Role
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.factories import BUYER, make_case

ID_COLUMN, PHONE_COLUMN = 4, 5


def shown(tab, column):
    model = tab.parties
    return [model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


def reveals(tmp_path):
    con = sqlite3.connect(f"{(tmp_path / 'cases.sqlite').as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("select username, case_id, details from audit_event where action = 'pi.reveal'").fetchall()
    finally:
        con.close()


def test_a_head_reveals_full_numbers_and_the_reveal_is_audited(qtbot, tmp_path, services, admin, runner, events,
                                                                drafts):
    case_id = make_case(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("parties")
    assert "620102198507153314" not in shown(tab, ID_COLUMN)
    assert "**************3314" in shown(tab, ID_COLUMN) and "138****6688" in shown(tab, PHONE_COLUMN)
    assert not tab.reveal_button.isHidden() and tab.reveal_button.text() == "显示完整号码"
    assert reveals(tmp_path) == []  # opening the case shows no full number and records no reveal
    tab.reveal_button.click()
    assert BUYER.id_number in shown(tab, ID_COLUMN) and "13893126688" in shown(tab, PHONE_COLUMN)
    entries = reveals(tmp_path)
    assert len(entries) == 1
    username, audited_case, details = entries[0]
    assert username == admin.username and audited_case.replace("-", "") == case_id.hex
    assert BUYER.id_number not in details and "**************3314" in json.loads(details)["parties"]
    tab.reveal_button.click()  # hide again
    assert BUYER.id_number not in shown(tab, ID_COLUMN) and tab.reveal_button.text() == "显示完整号码"
    ws.refresh()  # a refresh keeps them masked
    assert BUYER.id_number not in shown(tab, ID_COLUMN)
    assert len(reveals(tmp_path)) == 1


def test_an_account_that_may_not_see_full_numbers_has_no_reveal_action(qtbot, tmp_path, services, admin, runner,
                                                                      events, drafts):
    case_id = make_case(services, admin)
    services.accounts.create_user(admin, "hanxd", "Tiaojie-desk-7", "韩晓东", Role.MEDIATOR)
    mediator = services.accounts.authenticate("hanxd", "Tiaojie-desk-7")  # not assigned to the case
    ws = CaseWorkspace(services, mediator, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("parties")
    assert ws.detail is not None and "**************3314" in shown(tab, ID_COLUMN)
    assert tab.reveal_button.isHidden()
    assert reveals(tmp_path) == []


def test_a_party_is_corrected_without_revealing_or_losing_the_numbers(qtbot, tmp_path, services, admin, runner,
                                                                      events, drafts):
    from PySide6.QtWidgets import QDialogButtonBox

    case_id = make_case(services, admin)
    before = services.cases.detail(admin, case_id).parties[0]
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("parties")
    tab.party_view.selectRow(0)
    assert tab.edit_button.isEnabled()
    dialog = tab.edit_party()
    qtbot.addWidget(dialog)
    editor = dialog.editor
    assert editor.name.text() == "马福海" and editor.id_number.text() == "" and editor.phone.text() == ""
    assert editor.id_number.placeholderText() == "已登记：**************3314"
    assert editor.phone.placeholderText() == "已登记：138****6688"
    editor.address.setText("甘肃省兰州市城关区东岗西路99号")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.saved, dialog.message.text()
    after = services.cases.detail(admin, case_id).parties[0]
    assert after.address == "甘肃省兰州市城关区东岗西路99号"
    assert (after.id_number, after.id_type, after.phone) == (BUYER.id_number, before.id_type, "13893126688")
    assert (after.sex, after.ethnicity, after.birth_date) == (before.sex, before.ethnicity, before.birth_date)
    assert reveals(tmp_path) == []  # correcting needed no reveal
    assert tab.parties.row_at(0).address == "甘肃省兰州市城关区东岗西路99号"  # the list was refreshed


def test_a_minors_agent_is_named_the_legal_representative_in_the_party_editor(qtbot, services, admin, runner,
                                                                               events, drafts):
    from PySide6.QtWidgets import QDialogButtonBox

    from mediation_app.domain.enums import AgentKind

    case_id = make_case(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("parties")
    tab.party_view.selectRow(0)
    dialog = tab.edit_party()
    qtbot.addWidget(dialog)
    editor = dialog.editor
    assert editor.agent_kind.currentData() == AgentKind.AUTHORISED.value
    editor.agent_name.setText("马桂兰")
    editor.agent_kind.setCurrentIndex(editor.agent_kind.findData(AgentKind.STATUTORY.value))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.saved, dialog.message.text()
    party = services.cases.detail(admin, case_id).parties[0]
    assert (party.agent_name, party.agent_kind) == ("马桂兰", AgentKind.STATUTORY.value)
    again = tab.edit_party()  # opened again, the editor shows who the agent is
    qtbot.addWidget(again)
    assert again.editor.agent_kind.currentData() == AgentKind.STATUTORY.value
    assert again.editor.agent_name.text() == "马桂兰"
