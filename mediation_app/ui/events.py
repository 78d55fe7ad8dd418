"""The application-wide change broadcast: one ``data_changed(Changes)`` signal.

Every mutating service call returns a ``Changes`` value; whoever made the call emits it here, and
each view decides from it whether it needs to refresh (Anki's ``OpChanges`` pattern).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """Signals shared by all windows of one running application.

    Signals:
        data_changed(object): a ``Changes`` value after a successful mutating service call.
        language_changed(str): the UI language code after a switch.
        case_opened(object): the id of a case the user asked to open.
    """

    data_changed = Signal(object)
    language_changed = Signal(str)
    case_opened = Signal(object)

    def changed(self, changes: object) -> None:
        """Broadcast ``changes`` unless the call changed nothing (``None``)."""
        if changes is not None:
            self.data_changed.emit(changes)
