"""The application-wide change broadcast: one ``data_changed(Changes)`` signal.

Every mutating service call returns a ``Changes`` value; whoever made the call emits it here, and
each view decides from its typed kinds (``ChangeKind``) whether it needs to refresh (Anki's
``OpChanges`` pattern). A view that is not on screen only notes that it is stale and reloads when
it is shown again (:class:`RefreshWhenShown`), so a change does not reload every hidden tab.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from mediation_app.services.changes import CASE_DATA, ChangeKind, Changes

__all__ = ["CASE_DATA", "AppEvents", "ChangeKind", "Changes", "RefreshWhenShown"]


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

    def changed(self, changes: Changes | None) -> None:
        """Broadcast ``changes`` unless the call changed nothing (``None``)."""
        if changes is not None:
            self.data_changed.emit(changes)


def concerns(changes: Any, kinds: frozenset[ChangeKind]) -> bool:
    """Does ``changes`` touch any of ``kinds``? A change without kinds may have touched anything."""
    touched = getattr(changes, "kinds", None)
    return not touched or bool(set(touched) & kinds)


class RefreshWhenShown:
    """Mixin for a view (before ``QWidget`` in the bases) that reloads on ``data_changed``.

    The view names the kinds it shows in ``watched`` and calls ``watch(events)``. A change of those
    kinds reloads it (``refresh()``) at once while it is on screen; while it is hidden (another tab
    is in front, or its window is not shown) it is only marked stale, and reloads when shown.
    """

    watched: frozenset[ChangeKind] = frozenset()
    stale = False

    def watch(self, events: AppEvents) -> None:
        events.data_changed.connect(self._on_watched_change)

    def wants(self, changes: Any) -> bool:
        """Whether ``changes`` concerns this view; views may narrow it (to their case, say)."""
        return concerns(changes, self.watched)

    def _on_watched_change(self, changes: Any) -> None:
        if not self.wants(changes):
            return
        if QWidget.isVisible(self):  # type: ignore[arg-type]
            self._reload()
        else:
            self.stale = True

    def _reload(self) -> None:
        self.stale = False
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        QWidget.showEvent(self, event)  # type: ignore[arg-type]
        if self.stale:
            self._reload()
