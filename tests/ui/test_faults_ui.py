"""The client facing a file or desk fault: a read-only banner with editing disabled, a visible
"saving…" while another desk has the write turn, one window per data folder, no first-run set-up
over an empty file, and uncaught errors as one sentence, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from mediation_app.app import DesktopApp, run_gui
from tests.storage.faults import immutable, seeded
from tests.ui.conftest import register_case


def test_a_read_only_file_opens_with_a_banner_and_editing_disabled(qtbot, qapp, tmp_path, monkeypatch):
    from mediation_app.i18n import set_language
    from mediation_app.services.accounts import actor_of
    from mediation_app.storage import queries as q

    db, _ = seeded(tmp_path)
    with immutable(db):
        desk = DesktopApp(db, "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
        set_language("en")
        try:
            assert desk.services.read_only
            with desk.services.db.read() as s:
                desk.actor = actor_of(next(u for u in q.users(s) if u.username == "admin"))
            window = desk.show_main_window()
            qtbot.addWidget(window)
            assert window.banner is not None and window.banner.text() == (
                f"The database {db} is read-only, so it can only be read: changes are disabled. To work in it, "
                "allow writing to the file.")
            for key in ("new_case", "quick_entry", "save", "admin_users"):
                assert not window.actions_by_key[key].isEnabled()
            assert window.actions_by_key["find"].isEnabled()
        finally:
            desk.runner.wait()
            desk.services.close()


def test_a_save_waiting_for_another_desk_shows_saving(qtbot, services, admin, runner, events, settings, drafts):
    from mediation_app.i18n import set_language
    from mediation_app.ui.main_window import MainWindow

    set_language("en")
    window = MainWindow(services, admin, runner, events, settings, drafts)
    qtbot.addWidget(window)
    window.show()
    services.db.on_wait("clerk@front-desk (pid 4242)")
    assert window.saving_label.isVisible()
    assert window.saving_label.text() == "Saving… waiting for clerk@front-desk (pid 4242) to finish"
    services.db.on_wait(None)
    assert not window.saving_label.isVisible()


FIRST_CLIENT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from mediation_app.ui.single_instance import SingleInstance
app = QApplication([])
guard = SingleInstance(Path(sys.argv[1]))
print(guard.claim(), flush=True)
guard.activated.connect(lambda: (print("activated", flush=True), app.quit()))
QTimer.singleShot(20000, app.quit)
app.exec()
"""


def test_a_second_start_brings_the_first_window_forward(qapp, tmp_path):
    from mediation_app.ui.single_instance import FORWARDED, PRIMARY, SingleInstance

    first = subprocess.Popen([sys.executable, "-c", FIRST_CLIENT, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                             env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == PRIMARY
        second = SingleInstance(tmp_path)
        assert second.claim() == FORWARDED
        assert first.stdout.readline().strip() == "activated"
    finally:
        first.kill()
        first.wait()
    other = SingleInstance(tmp_path / "elsewhere")  # another data folder is another instance
    try:
        assert other.claim() == PRIMARY
    finally:
        other.release()


def test_an_empty_file_is_explained_and_not_set_up_afresh(tmp_path, monkeypatch):
    from mediation_app.ui.damaged_start import DamagedStartDialog

    shown: list[tuple[str, str]] = []

    def quit_(dialog: DamagedStartDialog) -> int:
        shown.append((dialog.windowTitle(), dialog.message.text()))
        dialog.quit_button.click()
        return dialog.result()

    monkeypatch.setattr(DamagedStartDialog, "exec", quit_)
    empty = tmp_path / "mediation.db"
    empty.write_bytes(b"")
    assert run_gui(str(empty), "en") == 2
    assert shown and shown[0][1].startswith(f"{empty} is empty (0 bytes): it may be a database that lost its "
                                            "contents, so no new database is set up over it; nothing was changed.")
    assert empty.stat().st_size == 0


def test_an_uncaught_error_is_one_sentence_and_goes_to_the_log(qapp, tmp_path, monkeypatch):
    from mediation_app.i18n import set_language

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    desk = DesktopApp(tmp_path / "m.db", "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
    set_language("en")
    try:
        try:
            raise KeyError("party 11010519491231002X")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        desk.services.close()
    log = tmp_path / "logs" / "mediation.log"
    assert shown == ["Something went wrong; what you were doing was not saved, and what you entered is still "
                     f"there. The details are in {log}."]
    text = log.read_text(encoding="utf-8")
    assert "KeyError" in text and "**************002X" in text and "11010519491231002X" not in text


def test_an_error_in_another_thread_goes_to_the_log_and_never_opens_a_window(qapp, tmp_path, monkeypatch):
    """A window made outside the GUI thread hangs the process (seen when a backup outlived the
    client): an uncaught error there is logged only."""
    import threading

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    desk = DesktopApp(tmp_path / "m.db", "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)

    def fail() -> None:
        try:
            raise KeyError("in a worker")
        except KeyError:
            sys.excepthook(*sys.exc_info())

    try:
        worker = threading.Thread(target=fail)
        worker.start()
        worker.join(10)
        assert shown == []
        fail()  # the same in the GUI thread is said
        assert len(shown) == 1
    finally:
        desk.services.close()
    assert (tmp_path / "logs" / "mediation.log").read_text(encoding="utf-8").count("KeyError: 'in a worker'") == 2


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt
def test_a_close_during_a_backup_says_so_until_the_backup_and_the_exit_backup_are_done(qapp, tmp_path, monkeypatch):
    """Closing while the start-of-day backup still copies (a large file takes a minute): the client
    waits for it, then makes the exit backup, with a window saying not to switch the computer off;
    the window goes once both are done, and a second start brings that window forward."""
    import threading

    from PySide6.QtCore import QTimer

    from mediation_app.i18n import set_language
    from tests.services.conftest import initialise

    desk = DesktopApp(tmp_path / "m.db", "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
    set_language("en")
    admin = initialise(desk.services)
    register_case(desk.services, admin)
    release, seen = threading.Event(), {}
    made: list[str] = []
    original = desk.services.maintenance.auto_backup
    monkeypatch.setattr(desk.services.maintenance, "auto_backup",
                        lambda reason="start": made.append(reason) or original(reason))
    desk.runner.run(lambda: release.wait(20), upkeep=True)  # the start-of-day backup, still copying

    def look() -> None:
        notice = desk.closing_notice
        seen["text"] = notice.labelText() if notice is not None else None
        seen["visible"] = notice is not None and notice.isVisible()
        desk.bring_forward()  # a second start while the client closes
        seen["forward"] = notice is not None and notice.isVisible()
        seen["made_before"] = list(made)
        release.set()

    QTimer.singleShot(1500, look)
    try:
        desk.finish_backups(exit_backup=True)
    finally:
        release.set()
        desk.services.close()
    assert seen["text"] == "Finishing the backup before closing. Please do not switch off the computer."
    assert seen["visible"] and seen["forward"]
    assert seen["made_before"] == []  # the exit backup waited for the one under way
    assert made == ["exit"] and desk.closing_notice is None
    assert len(list((tmp_path / "backups").glob("auto-*.db"))) == 1


@pytest.fixture(autouse=True)
def _english_back():
    yield
    from mediation_app.i18n import set_language

    set_language("zh_CN")
