"""A read-only database in the client: every editing control of an open case, the screening ledger
and the administration pages is off with the banner's sentence, stays off when a view enables it
again, and the services refuse a change with that same sentence."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)

from mediation_app.app import DesktopApp
from mediation_app.domain.enums import ParticipantRole
from mediation_app.domain.lifecycle import Action
from mediation_app.services.errors import ReadOnlyDatabase
from tests.services.conftest import PASSWORD, initialise
from tests.storage.faults import immutable, open_svc
from tests.ui.conftest import register_case


@pytest.fixture(autouse=True)
def _chinese_back():
    yield
    from mediation_app.i18n import set_language

    set_language("zh_CN")


def controls(root, kinds):
    from PySide6.QtWidgets import QWidget

    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds) and not w.isWindow()
            and not isinstance(w.parentWidget(), (QTabBar, QComboBox, QAbstractSpinBox))]


def test_a_read_only_database_disables_every_editing_control(qtbot, qapp, tmp_path):
    from mediation_app.i18n import set_language
    from mediation_app.ui.workspace.case_nav import part_order

    svc = open_svc(tmp_path)
    admin = initialise(svc)
    case_id = register_case(svc, admin)
    # the committee keeps a fund (its first top-up): the case lists its Fund part too
    svc.fund.topup(admin, amount="5,000", paid_in_on=svc.clock.today(), source="商户保证金")
    svc.close()
    db = tmp_path / "m.db"
    with immutable(db):
        desk = DesktopApp(db, "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
        set_language("en")
        try:
            desk.actor = desk.services.accounts.authenticate("admin", PASSWORD)
            window = desk.show_main_window()
            qtbot.addWidget(window)
            reason = window.banner.text()
            assert reason == (f"The database {db} is read-only, so it can only be read: changes are disabled. To "
                              "work in it, allow writing to the file.")
            window.open_case(case_id)
            ws = window._workspaces[case_id]
            qtbot.waitUntil(lambda: ws.detail is not None, timeout=10000)
            assert ws.detail.blocked[Action.RECORD_MEETING.value] == (reason,)  # the service says why
            for key in part_order():  # each part is built when first shown, and locked as it is built
                ws.show_tab(key)
            documents, evidence = ws.tab("documents"), ws.tab("evidence")
            reading = {documents.preview_button, documents.item, documents.draft, evidence.open_button}
            buttons = [b for b in controls(ws, (QAbstractButton, QComboBox, QAbstractSpinBox)) if b not in reading]
            assert len(buttons) > 60  # every tab's buttons and choices, the case-actions menu among them
            assert [b.objectName() or b.text() for b in buttons if b.isEnabled()] == []
            assert all(b.toolTip() == reason for b in buttons)
            assert documents.preview_button.isEnabled() and documents.draft.isEnabled()  # reading stays usable
            assert evidence.open_button.toolTip() != reason  # off only until a file is chosen
            texts = controls(ws, (QLineEdit, QTextEdit, QPlainTextEdit))
            assert texts and [w for w in texts if not w.isReadOnly()] == []
            # a view that enables a control again (after a refresh, a selection) does not get through
            meetings = ws.tab("meetings")
            meetings.schedule_button.setEnabled(True)
            meetings.record_text.setReadOnly(False)
            ws.refresh()
            qtbot.wait(50)
            desk.runner.wait()
            assert not meetings.schedule_button.isEnabled() and meetings.record_text.isReadOnly()
            assert not ws.actions_button.isEnabled()

            window.open_ledger()
            ledger = window._extra_tabs["ledger"]
            assert not ledger.convert.isEnabled() and ledger.open_case.isEnabled() and ledger.status.isEnabled()

            with pytest.raises(ReadOnlyDatabase) as refused:
                desk.services.parties.add_participant(desk.actor, case_id, ParticipantRole.WITNESS, "王芳")
            assert refused.value.message == reason
        finally:
            desk.runner.wait()
            desk.services.close()


def test_administration_opened_on_a_read_only_database_changes_nothing(qtbot, qapp, tmp_path):
    from mediation_app.ui.administration import AdministrationDialog

    svc = open_svc(tmp_path)
    initialise(svc)
    svc.close()
    db = tmp_path / "m.db"
    with immutable(db):
        desk = DesktopApp(db, "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
        try:
            desk.actor = desk.services.accounts.authenticate("admin", PASSWORD)
            window = desk.show_main_window()
            qtbot.addWidget(window)
            window.open_administration("backups")
            dialog = next(w for w in window.findChildren(AdministrationDialog))
            backups = dialog.show_page("backups")
            assert not backups.backup_button.isEnabled() and not backups.restore_button.isEnabled()
            assert backups.verify_button.isEnabled()
            mediators = dialog.show_page("mediators")
            assert mediators.show_inactive.isEnabled()
            assert [b.text() for b in controls(mediators, QAbstractButton)
                    if b.isEnabled() and b is not mediators.show_inactive] == []
            close = dialog.buttons.buttons()[0]
            assert close.isEnabled()
            dialog.close()
        finally:
            desk.runner.wait()
            desk.services.close()
