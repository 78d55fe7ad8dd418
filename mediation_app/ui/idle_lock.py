"""Idle lock: after some minutes without keyboard or mouse the client locks itself.

Every open window stays open with what was typed in it; each is covered by an opaque shade, so no
personal data stays on the screen, and input reaches nothing but the shade. The main window's shade
asks for the signed-in user's password (checked and audited by the accounts service); the right
password lifts every shade and work goes on where it stopped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mediation_app.i18n import _
from mediation_app.services.errors import ServiceError
from mediation_app.ui.widgets.common import FieldMessage, role_label, set_primary

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel, QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut,
    QEvent.Type.TouchBegin, QEvent.Type.ContextMenu,
})
ACTIVITY_EVENTS = INPUT_EVENTS | {QEvent.Type.MouseMove}


class Shade(QFrame):
    """An opaque cover over one window while the client is locked."""

    def __init__(self, window: QWidget, lock: IdleLock, with_password: bool) -> None:
        super().__init__(window)
        self._lock = lock
        self.setObjectName("idleLockShade")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.title = role_label("", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = role_label("", "muted")
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        self.password: QLineEdit | None = None
        self.unlock_button: QPushButton | None = None
        self.message = FieldMessage()
        if with_password:
            self.password = QLineEdit()
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            self.password.setMaximumWidth(360)
            self.password.returnPressed.connect(self._on_unlock)
            self.unlock_button = set_primary(QPushButton())
            self.unlock_button.clicked.connect(self._on_unlock)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.password)
            row.addWidget(self.unlock_button)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate()
        self.setGeometry(window.rect())
        window.installEventFilter(self)

    def retranslate(self) -> None:
        self.title.setText(_("Locked"))
        self.intro.setText(_("Mediation Desk locked itself after {n} minutes without use. Your open work is kept; "
                             "{name} can go on after entering the password.").format(
                                 n=self._lock.minutes, name=self._lock.actor.display_name))
        if self.unlock_button is not None:
            self.unlock_button.setText(_("&Unlock"))
        if self.password is not None:
            self.password.setPlaceholderText(_("Password"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def _on_unlock(self) -> None:
        assert self.password is not None
        try:
            if self._lock.try_unlock(self.password.text()):
                return
            refusal = _("Wrong password.")
        except ServiceError as exc:  # the account was locked or deactivated meanwhile
            refusal = exc.message
        self.password.clear()
        self.password.setFocus()
        self.message.show_issues([refusal])


class IdleLock(QObject):
    """Watches the application's input; locks after ``minutes`` of none."""

    def __init__(self, app: QApplication, services: Any, actor: Any, main_window: QWidget, minutes: int = 15) -> None:
        super().__init__(main_window)
        self._app, self._svc, self.actor, self._main = app, services, actor, main_window
        self.minutes = max(1, int(minutes))
        self.shades: list[Shade] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return bool(self.shades)

    def stop(self) -> None:
        self.timer.stop()
        self._app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind not in ACTIVITY_EVENTS:
            return False
        if not self.shades:
            self.timer.start()  # any use restarts the count
            return False
        if kind in INPUT_EVENTS and not self._inside_shade(watched):
            return True  # while locked, input reaches the shades only
        return False

    def _inside_shade(self, obj: QObject) -> bool:
        node: QObject | None = obj
        while node is not None:
            if isinstance(node, Shade):
                return True
            node = node.parent()
        return False

    def lock(self) -> None:
        if self.shades:
            return
        self.timer.stop()
        windows = [w for w in self._app.topLevelWidgets() if w.isVisible() and w.isWindow()]
        if self._main not in windows:
            windows.insert(0, self._main)
        for window in windows:
            shade = Shade(window, self, with_password=window is self._main)
            shade.show()
            shade.raise_()
            self.shades.append(shade)
        main_shade = self.shades[0]
        if main_shade.password is not None:
            self._main.activateWindow()
            main_shade.password.setFocus()

    def try_unlock(self, password: str) -> bool:
        if not password or not self._svc.accounts.verify_password(self.actor, password):
            return False
        for shade in self.shades:
            shade.parentWidget().removeEventFilter(shade)
            shade.hide()
            shade.deleteLater()
        self.shades = []
        self.timer.start()
        return True

    def retranslate(self) -> None:
        for shade in self.shades:
            shade.retranslate()

