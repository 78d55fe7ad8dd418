"""Starting the client on a damaged or an encrypted database, and choosing encryption at set-up.

A damaged file is offered its newest verified backup and nothing moves until the user says so; a
restore goes through the maintenance service and the start goes on to the sign-in. An encrypted
file asks its passphrase (a wrong one is said, and asked again; quitting touches nothing)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from mediation_app.app import DesktopApp, run_gui
from mediation_app.services import build_services
from mediation_app.services.errors import AuthenticationFailed
from mediation_app.storage import encryption
from mediation_app.storage.db import sqlite_url
from mediation_app.ui.damaged_start import DamagedStartDialog
from mediation_app.ui.first_run import FirstRunDialog
from mediation_app.ui.passphrase import PassphraseDialog
from tests.services.conftest import PASSWORD, initialise
from tests.storage.faults import hashes, open_svc, scramble_page, table_root_page
from tests.ui.conftest import register_case

PASSPHRASE = "青海 集散中心 调解室 2026"


@pytest.fixture(autouse=True)
def _forget_keys():
    yield
    encryption.forget_keys()
    from mediation_app.i18n import set_language

    set_language("zh_CN")


def office_with_backup(folder: Path) -> tuple[Path, Path]:
    """A database with one case, a verified backup of it made as the client makes one, and then a
    second case that only the (soon damaged) live file holds."""
    svc = open_svc(folder)
    admin = initialise(svc)
    register_case(svc, admin, applicant="张伟", respondent="李娜")
    backup = svc.maintenance.backup_now(admin).backup.path
    register_case(svc, admin, applicant="王芳", respondent="赵磊")
    svc.close()
    return folder / "m.db", backup


def damage(db: Path) -> bytes:
    page, size = table_root_page(db, "mediation_case")
    scramble_page(db, page, size)
    return db.read_bytes()


def audit_actions(db: Path) -> list[str]:
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("select action from audit_event order by seq")]
    finally:
        con.close()


def test_a_damaged_file_is_offered_its_newest_backup_and_restored_on_request(qapp, tmp_path, monkeypatch):
    db, backup = office_with_backup(tmp_path)
    damaged = damage(db)
    seen: dict[str, object] = {}

    def choose_restore(dialog: DamagedStartDialog) -> int:
        seen["offer"] = dialog.offer.text()
        seen["message"] = dialog.message.text()
        seen["buttons"] = [b.text() for b in (dialog.restore_button, dialog.choose_button, dialog.quit_button)]
        seen["untouched"] = db.read_bytes() == damaged  # nothing moved while the question is asked
        dialog.restore_button.click()
        return dialog.result()

    def signed_in(desk: DesktopApp) -> bool:  # the start went on to the sign-in: the file is sound again
        admin = desk.services.accounts.authenticate("admin", PASSWORD)
        seen["cases"] = desk.services.cases.count_cases(admin)
        return False

    monkeypatch.setattr(DamagedStartDialog, "exec", choose_restore)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: pytest.fail(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: seen.setdefault("told", text))
    monkeypatch.setattr(DesktopApp, "sign_in", signed_in)
    assert run_gui(str(db), "en") == 0
    assert seen["untouched"] is True
    assert seen["message"].startswith(f"The database {db} is damaged; nothing more is written to it.")
    assert seen["offer"].endswith(f"— 1 case ({backup.name})")
    assert seen["buttons"] == ["Restore this backup", "Choose another backup…", "Quit without changing anything"]
    assert str(seen["told"]).startswith("Restored the backup of ")
    assert seen["cases"] == 1  # the backup's content: the case entered after it is gone, as the dialog said
    kept = list((tmp_path / "backups").glob("damaged-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # the damaged file, byte for byte
    assert audit_actions(db).count("maintenance.restore") == 1


def test_quitting_at_the_damaged_file_leaves_every_file_as_it_was(qapp, tmp_path, monkeypatch):
    db, _backup = office_with_backup(tmp_path)
    damage(db)
    before = hashes(db)
    backups_before = sorted(p.name for p in (tmp_path / "backups").iterdir())

    def quit_(dialog: DamagedStartDialog) -> int:
        dialog.quit_button.click()
        return dialog.result()

    monkeypatch.setattr(DamagedStartDialog, "exec", quit_)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: pytest.fail("nothing was restored"))
    assert run_gui(str(db), "en") == 2
    assert hashes(db) == before
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == backups_before


def test_a_file_damaged_after_the_start_checked_it_closes_the_sign_in_and_is_offered_its_backup(
        qapp, tmp_path, monkeypatch):
    """A cleanly closed file lets the sign-in window paint before the database opens; when the open
    that follows finds it damaged (here: damaged between the start's check and the open), the sign-in
    window closes by itself and the start offers the newest verified backup, as an early start does."""
    from mediation_app.services import ready_to_sign_in
    from mediation_app.ui.sign_in import SignInDialog

    db, backup = office_with_backup(tmp_path)
    assert ready_to_sign_in(db)  # closed cleanly: this start paints the sign-in window first
    seen: dict[str, object] = {"sign_ins": 0, "late": []}
    original_open, original_sign_in = DesktopApp._open_services, DesktopApp.sign_in

    def damaged_on_open(desk: DesktopApp) -> None:
        if not seen.get("damaged"):
            seen["damaged"] = damage(db)
        original_open(desk)

    def sign_in(desk: DesktopApp) -> bool:
        seen["sign_ins"] = int(seen["sign_ins"]) + 1
        seen["late"].append(desk.late)
        if seen["sign_ins"] == 1:  # the real sign-in window, which opens the database after its paint
            QTimer.singleShot(30000, lambda: [w.reject() for w in qapp.topLevelWidgets() if isinstance(w, SignInDialog)])
            return original_sign_in(desk)
        seen["cases"] = desk.services.cases.count_cases(desk.services.accounts.authenticate("admin", PASSWORD))
        return False

    def choose_restore(dialog: DamagedStartDialog) -> int:
        seen["message"] = dialog.message.text()
        seen["signing_in"] = [w for w in qapp.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()]
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(DesktopApp, "_open_services", damaged_on_open)
    monkeypatch.setattr(DesktopApp, "sign_in", sign_in)
    monkeypatch.setattr(DamagedStartDialog, "exec", choose_restore)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: pytest.fail(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: pytest.fail(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: seen.setdefault("told", text))
    assert run_gui(str(db), "en") == 0
    assert seen["late"][0] is True and seen["sign_ins"] == 2
    assert seen["signing_in"] == []  # the sign-in window closed before the offer
    assert str(seen["message"]).startswith(f"The database {db} is damaged; nothing more is written to it.")
    assert str(seen["told"]).startswith("Restored the backup of ")
    assert seen["cases"] == 1  # the backup's content
    kept = list((tmp_path / "backups").glob("damaged-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == seen["damaged"]
    assert backup.exists()


def test_another_backup_can_be_chosen_and_an_unsound_one_is_refused(qapp, tmp_path, monkeypatch):
    import mediation_app.ui.damaged_start as ds

    db, backup = office_with_backup(tmp_path)
    damaged = damage(db)
    flipped = tmp_path / "backups" / "copied-from-usb.db"
    flipped.write_bytes(backup.read_bytes()[:-1] + b"\x01")
    flipped.with_name(flipped.name + ".json").write_bytes(backup.with_name(backup.name + ".json").read_bytes())
    picks = iter([flipped, backup])
    warnings: list[str] = []
    monkeypatch.setattr(ds, "_ask_file", lambda _parent, _folder: next(picks))
    monkeypatch.setattr(DamagedStartDialog, "exec", lambda d: d.choose_button.click() or d.result())
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    monkeypatch.setattr(DesktopApp, "sign_in", lambda _desk: False)
    assert run_gui(str(db), "en") == 0
    assert len(warnings) == 1 and warnings[0].startswith("copied-from-usb.db cannot be restored:")
    assert db.read_bytes() != damaged and audit_actions(db).count("maintenance.restore") == 1


def test_setup_can_create_an_encrypted_database(qtbot, qapp, tmp_path, runner):
    path = tmp_path / "new.db"
    desk = DesktopApp(path, "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
    try:
        dialog = FirstRunDialog(desk.services, runner, desk.events, "en", encrypt=desk.encrypt_new_database)
        qtbot.addWidget(dialog)
        assert not dialog.encryption.isHidden()
        for field, text in ((dialog.committee_name, "新华街人民调解委员会"), (dialog.short_name, "新华"),
                            (dialog.admin_name, "王主任"), (dialog.password, PASSWORD), (dialog.password2, PASSWORD)):
            field.setText(text)
        dialog.encryption.choice.setChecked(True)
        dialog.encryption.passphrase.setText("short")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.click()
        assert dialog.message.text() == ("The passphrase needs at least 12 characters; a few words you will not "
                                         "forget are best.")
        dialog.encryption.passphrase.setText(PASSPHRASE)
        dialog.encryption.again.setText(PASSPHRASE + "!")
        ok.click()
        assert dialog.message.text() == "The two passphrases are not the same."
        assert not encryption.is_encrypted(path) and dialog.actor is None
        dialog.encryption.again.setText(PASSPHRASE)
        ok.click()
        assert dialog.actor is not None and desk.services.setup.is_initialised()
    finally:
        desk.services.close()
    encryption.forget_keys()
    assert encryption.is_encrypted(path) and path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert not encryption.opens_with(path, "not the passphrase")
    with pytest.raises(AuthenticationFailed):
        build_services(sqlite_url(path), tmp_path, create=False)
    svc = build_services(sqlite_url(path), tmp_path, create=False, passphrase=PASSPHRASE)
    try:
        assert svc.accounts.authenticate("admin", PASSWORD).display_name == "王主任"
    finally:
        svc.close()


def test_setup_without_encryption_keeps_a_plain_file(qtbot, qapp, tmp_path, runner):
    path = tmp_path / "plain.db"
    desk = DesktopApp(path, "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
    try:
        dialog = FirstRunDialog(desk.services, runner, desk.events, "en", encrypt=desk.encrypt_new_database)
        qtbot.addWidget(dialog)
        assert dialog.encryption.passphrase.isHidden()  # shown only once encryption is chosen
        for field, text in ((dialog.committee_name, "新华街人民调解委员会"), (dialog.short_name, "新华"),
                            (dialog.admin_name, "王主任"), (dialog.password, PASSWORD), (dialog.password2, PASSWORD)):
            field.setText(text)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.actor is not None
    finally:
        desk.services.close()
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    from tests.cli.test_cli import run

    db = tmp_path / "centre.db"
    code, _out, err = run(["--db", str(db), "--lang", "en", "init", "--committee", "集散中心人民调解委员会",
                           "--short", "客商", "--admin", "admin", "--password-stdin", "--encrypt"],
                          f"{PASSWORD}\n{PASSPHRASE}\n")
    assert code == 0, err
    encryption.forget_keys()
    return db


def test_the_passphrase_is_asked_again_after_a_wrong_one_and_opens_with_the_right_one(qapp, tmp_path, encrypted,
                                                                                     monkeypatch):
    said: list[str] = []

    def type_twice(dialog: PassphraseDialog) -> int:
        dialog.field.setText("青海 集散中心 调解室 2025")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        said.append(dialog.message.text())
        assert dialog.passphrase is None and dialog.isVisible() is False and dialog.result() == 0
        dialog.field.setText(PASSPHRASE)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", type_twice)
    desk = DesktopApp(encrypted, "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
    try:
        assert said == ["That passphrase does not open this database. Check Caps Lock and the keyboard language, "
                        "then try again."]
        assert desk.services.accounts.authenticate("admin", PASSWORD).username == "admin"
    finally:
        desk.services.close()


def test_quitting_at_the_passphrase_touches_nothing(qapp, tmp_path, encrypted, monkeypatch):
    before = hashes(encrypted)
    folder_before = sorted(p.name for p in tmp_path.rglob("*") if "logs" not in p.parts)
    shown: list[str] = []
    monkeypatch.setattr(PassphraseDialog, "exec",
                        lambda d: d.buttons.button(QDialogButtonBox.StandardButton.Cancel).click() or d.result())
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert run_gui(str(encrypted), "en") == 0
    assert shown == []
    assert hashes(encrypted) == before
    assert sorted(p.name for p in tmp_path.rglob("*") if "logs" not in p.parts) == folder_before
