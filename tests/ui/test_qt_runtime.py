"""The Qt runtime the app depends on: refcount guard, bundled font, translators, task runner."""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex, QStringListModel, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from mediation_app.i18n import _
from mediation_app.ui.language import LanguageSwitcher
from mediation_app.ui.theme import apply_theme, register_fonts


def test_none_refcount_is_not_corrupted_by_qt(qapp):
    """PySide6 6.12.0 on Python 3.11 decrements None's refcount on invalid-QVariant conversions."""
    model = QStringListModel(["a"])
    r0 = sys.getrefcount(None)
    for _i in range(200):
        QModelIndex().data()
        model.data(QModelIndex())
        model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
    assert sys.getrefcount(None) >= r0


def test_bundled_font_is_registered_and_covers_chinese(qapp):
    family = register_fonts()
    assert family == "Noto Sans SC"
    assert family in QFontDatabase.families()
    metrics = QFontMetrics(QFont(family, 12))
    for ch in "人民调解委员会單曾":
        assert metrics.inFontUcs4(ord(ch)), ch


def test_theme_uses_the_bundled_font_and_scales(qapp):
    font = apply_theme(qapp, scale=1.3, high_contrast=True)
    assert "Noto Sans SC" in font.families()
    assert font.pointSizeF() > 15
    apply_theme(qapp)


def test_qtbase_translator_and_runtime_switch(qapp, qtbot):
    switcher = LanguageSwitcher(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    label = QLabel()
    qtbot.addWidget(label)

    switcher.apply("zh_CN")
    assert switcher.qt_translator_loaded
    assert "取消" in box.button(QDialogButtonBox.StandardButton.Cancel).text()
    assert _("Mediating") == "调解中"
    switcher.apply("zh_TW")
    assert _("Mediating") == "調解中"
    switcher.apply("en")
    assert not switcher.qt_translator_loaded
    assert _("Mediating") == "Mediating"
    assert "Cancel" in box.button(QDialogButtonBox.StandardButton.Cancel).text()
    switcher.apply("zh_CN")


def test_task_runner_returns_results_on_the_gui_thread(qapp, qtbot):
    import threading

    from mediation_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 41 + 1

    def done(value):
        seen["value"] = value
        seen["gui"] = threading.get_ident()

    runner.run(work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["gui"] == threading.get_ident()
    assert seen["worker"] != seen["gui"]

    errors = []
    runner.run(lambda: 1 / 0, None, errors.append, write=True)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    assert not runner.busy


def test_upkeep_never_holds_up_a_write_or_a_read(qapp, qtbot):
    """A start-of-day backup of a large file takes minutes: saves and reads started meanwhile finish
    while it still runs, and the runner waits for it at shutdown."""
    import threading

    from mediation_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    release, started = threading.Event(), threading.Event()
    seen: list[str] = []

    def backup():
        started.set()
        release.wait(10)
        return "backup"

    runner.run(backup, seen.append, upkeep=True)
    assert started.wait(5)
    runner.run(lambda: "save", seen.append, write=True)
    runner.run(lambda: "read", seen.append)
    qtbot.waitUntil(lambda: {"save", "read"} <= set(seen), timeout=5000)
    assert "backup" not in seen and runner.busy
    release.set()
    assert runner.wait(5000)
    qtbot.waitUntil(lambda: "backup" in seen, timeout=5000)
    assert not runner.busy


def test_a_task_that_outlives_its_runner_ends_quietly(qapp, monkeypatch):
    """The client closed while a backup still ran: the runner and its relay are gone when the backup
    ends. The end is logged; nothing is raised in the worker thread (an uncaught error there once
    reached the error window from that thread and hung the process)."""
    import threading

    from shiboken6 import delete

    from mediation_app.ui.tasks import TaskRunner

    raised: list[object] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: raised.append(args[1]))
    runner = TaskRunner()
    release, started, ended = threading.Event(), threading.Event(), threading.Event()

    def backup():
        started.set()
        release.wait(10)
        ended.set()
        return "backup"

    runner.run(backup, lambda _r: raised.append("delivered"), upkeep=True)
    runner.run(lambda: (started.wait(5), release.wait(10), 1 / 0), None, lambda e: raised.append(e))
    assert started.wait(5)
    relay = runner._relay
    delete(relay)  # what deleting the runner does first (its first child)
    release.set()
    assert ended.wait(5) and runner.wait_upkeep(5000) and runner.wait(5000)
    qapp.processEvents()
    assert raised == []


def test_inline_runner_is_synchronous(runner):
    out = []
    runner.run(lambda: "x", out.append)
    assert out == ["x"]


def test_settings_round_trip(tmp_path, qapp):
    from mediation_app.ui.settings import AppSettings

    s = AppSettings(tmp_path / "s.ini")
    assert s.language == "zh_CN" and s.font_scale == 1.0 and not s.high_contrast
    s.language, s.font_scale, s.high_contrast, s.last_user = "en", 1.3, True, "admin"
    s.sync()
    t = AppSettings(tmp_path / "s.ini")
    assert (t.language, t.font_scale, t.high_contrast, t.last_user) == ("en", 1.3, True, "admin")
