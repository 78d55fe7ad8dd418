"""Composition root and runtime language switching without losing open work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from mediation_app.app import DesktopApp
from mediation_app.config import resolve_database
from mediation_app.ui.intake import IntakeWizard
from mediation_app.ui.language import LanguageSwitcher
from mediation_app.ui.main_window import MainWindow
from tests.ui.conftest import register_case


def test_database_url(tmp_path, monkeypatch):
    monkeypatch.delenv("MEDIATION_DB_URL", raising=False)
    monkeypatch.setattr("mediation_app.config.default_data_dir", lambda: tmp_path)
    assert resolve_database(None) == (f"sqlite+pysqlite:///{tmp_path / 'mediation.db'}", tmp_path)
    assert resolve_database("postgresql+psycopg://u@h/db") == ("postgresql+psycopg://u@h/db", tmp_path)
    db = tmp_path / "desk" / "x.sqlite"
    assert resolve_database(str(db)) == (f"sqlite+pysqlite:///{db.resolve()}", db.parent.resolve())
    monkeypatch.setenv("MEDIATION_DB_URL", "postgresql+psycopg://u@h/centre")
    assert resolve_database(None)[0] == "postgresql+psycopg://u@h/centre"


def test_desktop_app_shows_the_main_window_for_a_signed_in_user(qtbot, qapp, tmp_path):
    desk = DesktopApp(tmp_path / "db.sqlite", "zh_CN", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
    try:
        assert not desk.services.setup.is_initialised()
        from mediation_app.domain.enums import CommitteeKind

        desk.actor = desk.services.setup.initialise(
            committee_name="新华街人民调解委员会", short_name="新华", kind=CommitteeKind.TOWNSHIP,
            admin_username="admin", admin_password="mishu-desk-123", admin_display_name="王主任")
        window = desk.show_main_window()
        qtbot.addWidget(window)
        assert "新华街人民调解委员会" in window.windowTitle()
        desk.set_language("en")
        assert window.tabs.tabText(1) == "Case list"
        assert desk.settings.language == "en"
        desk.set_look(1.3, True)
        assert qapp.font().pointSizeF() > 15
    finally:
        desk.set_language("zh_CN")
        desk.set_look(1.0, False)
        desk.runner.wait()
        desk.services.close()


def test_switching_language_keeps_what_was_typed(qtbot, qapp, services, admin, runner, events, settings, drafts):
    register_case(services, admin)
    switcher = LanguageSwitcher(qapp)
    switcher.apply("zh_CN")
    window = MainWindow(services, admin, runner, events, settings, drafts)
    qtbot.addWidget(window)
    wizard = IntakeWizard(services, admin, runner, events, drafts, parent=window, offer_draft=False)
    wizard.parties_page.editors[0].name.setText("张伟")
    window.case_list.search.setText("zw")
    assert window.tabs.tabText(1) == "案件列表"
    try:
        switcher.apply("en")
        assert window.tabs.tabText(1) == "Case list"
        assert window.case_list.model.headerData(0, Qt.Orientation.Horizontal) == "Case number"
        assert wizard.parties_page.editors[0].labels["name"].text() == "Name"
        assert wizard.parties_page.editors[0].name.text() == "张伟"
        assert window.case_list.search.text() == "zw"
        switcher.apply("zh_TW")
        assert window.tabs.tabText(1) == "案件列表"
        assert window.menuBar().actions()[0].text() == "案件(&C)"
    finally:
        switcher.apply("zh_CN")
    assert Path(drafts.directory).name == "drafts"


def test_a_damaged_database_is_explained_in_a_window(tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from mediation_app.app import run_gui
    from mediation_app.ui.damaged_start import DamagedStartDialog

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))

    def quit_(dialog: DamagedStartDialog) -> int:
        shown.append((dialog.windowTitle(), dialog.message.text()))
        dialog.quit_button.click()
        return dialog.result()

    monkeypatch.setattr(DamagedStartDialog, "exec", quit_)
    damaged = tmp_path / "mediation.db"
    damaged.write_bytes(b"this is not a database" * 500)
    before = damaged.read_bytes()
    assert run_gui(str(damaged), "en") == 2
    assert len(shown) == 1 and "is not a Mediation Desk database" in shown[0][1]
    assert damaged.read_bytes() == before  # nothing written to the damaged file
