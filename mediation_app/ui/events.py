"""The application-wide change broadcast: one ``data_changed(Changes)`` signal.

Every mutating service call returns a ``Changes`` value; whoever made the call emits it here, and
each view decides from its typed kinds (``ChangeKind``) whether it needs to refresh (Anki's
``OpChanges`` pattern). A view that is not on screen only notes that it is stale and reloads when
it is shown again (:class:`RefreshWhenShown`), so a change does not reload every hidden tab.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from mediation_app.i18n import current_language
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
    """Mixin for a view whose content comes from the services (put it first in the bases).

    The view names the change kinds it shows in ``watched`` and calls ``watch(events)``. A change of
    those kinds, or a switch of the language (the services word their read models in the language
    of the moment: due-date lines, the reasons an action is refused), reloads it (``refresh()``) at
    once while it is on screen; while it is hidden behind another tab it is only marked stale, and
    reloads when shown. A view whose window is not shown at all (a window still being built) reloads
    at once, as it always did.
    """

    watched: frozenset[ChangeKind] = frozenset()
    reload_on_language = True  # False where every word is made in the view (from codes) at display
    stale = False
    _language = ""

    def watch(self, events: AppEvents) -> None:
        self._language = current_language()
        if self.watched:
            events.data_changed.connect(self._on_watched_change)

    def wants(self, changes: Any) -> bool:
        """Whether ``changes`` concerns this view; views may narrow it (to their case, say)."""
        return concerns(changes, self.watched)

    def _on_watched_change(self, changes: Any) -> None:
        if self.wants(changes):
            self._reload_or_mark()

    def _reload_or_mark(self) -> None:
        widget: QWidget = self  # type: ignore[assignment]
        if widget.isVisible() or not widget.window().isVisible():
            self._reload()
        else:
            self.stale = True

    def _reload(self) -> None:
        self.stale = False
        self._language = current_language()
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)  # type: ignore[misc]  # the widget's own texts first (Retranslating)
        if (event.type() == QEvent.Type.LanguageChange and self.reload_on_language and self._language
                and self._language != current_language()):
            self._language = current_language()  # every widget hears the switch; reload once
            self._reload_or_mark()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[misc]
        if self.stale:
            self._reload()
