"""Today read ahead while the password is checked: a wrong password shows nothing and opens no
main window; the right one opens the window with the Today the read ahead gave, the same as the
window's own read would."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mediation_app.app import TODAY_PAGE, DesktopApp
from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import build_services
from mediation_app.services.overview import OverviewService
from mediation_app.ui.sign_in import SignInDialog
from tests.ui.conftest import register_case

PASSWORD = "Tiaojie-desk-2026"


def words(box: QWidget) -> str:
    text = box.text() if isinstance(box, QMessageBox) else ""
    return f"{type(box).__name__} {box.windowTitle()!r}: {text}"


def test_a_wrong_password_shows_nothing_and_the_right_one_takes_the_read_ahead(qtbot, qapp, tmp_path, monkeypatch):
    left_open = [words(w) for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()]
    assert left_open == []  # nothing an earlier test left open stands in this start's way
    db = tmp_path / "m.db"
    svc = build_services(f"sqlite:///{db}", tmp_path)
    admin = svc.setup.initialise("新华街人民调解委员会", "新华", CommitteeKind.TOWNSHIP, "admin", PASSWORD, "王主任")
    register_case(svc, admin, accept=False)  # waiting for a mediator: in Today's list
    svc.close()
    given: list = []
    mine: list = []
    original_today = OverviewService.today

    def today(self, actor, warn_days=7, page=100, prepared=None):
        if self.db in mine:  # this start's reads only (not a window another test left open)
            given.append(prepared)
        return original_today(self, actor, warn_days, page, prepared)

    monkeypatch.setattr(OverviewService, "today", today)
    desk = DesktopApp(db, "en", settings_path=tmp_path / "s.ini", base_dir=tmp_path)
    mine.append(desk.services.db)
    seen: dict = {}

    made: list[SignInDialog] = []
    original_init = SignInDialog.__init__

    def init(self, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(SignInDialog, "__init__", init)

    def dialog() -> SignInDialog | None:  # the sign-in window of this start (not one left by another test)
        return made[-1] if made and made[-1].isVisible() else None

    def after(ms: int, ready, then) -> None:  # poll inside the dialog's own event loop
        def tick(left: int = 400) -> None:
            if ready():
                then()
            elif left == 0:  # never came: end the sign-in, and the test fails instead of waiting
                made[-1].reject()
            else:
                QTimer.singleShot(ms, lambda: tick(left - 1))
        QTimer.singleShot(ms, tick)

    def wrong() -> None:
        d = dialog()
        d.username.setText("admin")
        d.password.setText("not-the-password-1")
        d.buttons.accepted.emit()
        after(10, lambda: d.buttons.isEnabled() and desk.prepared_today is not None, lambda: right(d))

    def right(d: SignInDialog) -> None:
        seen["wrong"] = (d.isVisible(), d.actor, desk.window, d.message.text(), list(given))
        d.password.setText(PASSWORD)
        d.buttons.accepted.emit()

    unexpected: list[str] = []

    def watchdog() -> None:  # a box this start did not open: noted with its words, then closed so the test fails
        modal = QApplication.activeModalWidget()
        if modal is not None and modal not in made:
            unexpected.append(words(modal))
            modal.reject()

    watch = QTimer()
    watch.timeout.connect(watchdog)

    try:
        after(10, lambda: dialog() is not None and dialog()._workplace_asked, wrong)
        watch.start(100)
        signed_in = desk.sign_in()
        assert unexpected == [] and signed_in, (unexpected, seen)
        visible, actor, window, message, today_calls = seen["wrong"]
        assert visible and actor is None and window is None and today_calls == []
        assert "Wrong user name or password." in message
        window = desk.show_main_window()
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: bool(window.today.totals), timeout=20000)
        assert len(given) == 1 and given[0] is not None  # the part read ahead, handed over
        own = desk.services.overview.today(desk.actor, page=TODAY_PAGE)
        assert given[-1] is None  # the test's own read: a read of its own, for comparison
        assert window.today.totals == {"meetings": len(own.meetings), "overdue": own.overdue.total,
                                       "due": own.upcoming.total, "unassigned": own.unassigned_total}
        assert own.unassigned_total == 1
        assert window.today.models["unassigned"].rowCount() == 1
        assert unexpected == []
    finally:
        watch.stop()
        desk.runner.wait()
        if desk.preparing is not None:
            desk.preparing.join(10)
        if desk.window is not None:
            desk.window.close()
        desk.services.close()


def test_today_is_read_ahead_once_and_again_when_the_read_has_aged(monkeypatch):
    from types import SimpleNamespace

    from mediation_app.ui import prepare

    calls: list[int] = []
    services = SimpleNamespace(overview=SimpleNamespace(prepare_today=lambda page: calls.append(page) or "part"))
    now = [100.0]
    monkeypatch.setattr(prepare.time, "monotonic", lambda: now[0])
    ahead = prepare.TodayAhead(services, 7)
    ahead.start()  # the sign-in window painted
    now[0] += prepare.TodayAhead.FRESH - 1
    ahead.start()  # Enter soon after: the read under way serves
    first = ahead.take()
    assert prepare.prepared_part(first) == "part" and calls == [7]
    assert ahead.take() is None  # handed over once
    ahead.start()
    now[0] += prepare.TodayAhead.FRESH + 1
    ahead.start()  # Enter after a long pause: read again
    assert prepare.prepared_part(ahead.take()) == "part" and calls == [7, 7, 7]


def test_closing_waits_for_every_read_ahead_still_running():
    """The client closes its services only after the reads it started ahead have ended, so a close
    at the sign-in window never cuts a read off (DesktopApp.run waits with TodayAhead.wait)."""
    import threading
    from types import SimpleNamespace

    from mediation_app.ui import prepare

    release, ended = threading.Event(), []

    def slow(page):
        release.wait(5)
        ended.append(page)
        return "part"

    ahead = prepare.TodayAhead(SimpleNamespace(overview=SimpleNamespace(prepare_today=slow)), 7)
    ahead.start()
    ahead.wait(0.2)
    assert ended == []  # still reading: the wait gave up at its timeout
    threading.Timer(0.3, release.set).start()
    ahead.wait(5)
    assert ended == [7]
