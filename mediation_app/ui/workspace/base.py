"""What every workspace tab shares: the case context, service calls with error display, and
buttons that are disabled with the state machine's reasons shown beside them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from mediation_app.domain.lifecycle import Action
from mediation_app.ui.events import AppEvents
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, allow, error_text, role_label


@dataclass
class CaseContext:
    services: Any
    actor: Any
    case_id: Any
    runner: TaskRunner
    events: AppEvents


def table_view(model: RecordTableModel, *, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


class WorkspaceTab(Retranslating, QWidget):
    """Base of the tabs; subclasses build widgets, then implement ``show_detail`` and ``retranslate``."""

    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: Any = None
        self.message = FieldMessage()
        self._guarded: list[tuple[QAbstractButton, tuple[Action, ...], QLabel | None]] = []

    # -- actions ------------------------------------------------------------------------------------
    def reason_label(self) -> QLabel:
        label = role_label("", "reason")
        label.hide()
        return label

    def guard(self, button: QAbstractButton, *actions: Action, reason: QLabel | None = None) -> None:
        """Keep ``button`` enabled only while every action is allowed; show the reasons otherwise."""
        self._guarded.append((button, actions, reason))

    def blocked(self, *actions: Action) -> list[str]:
        if self.detail is None:
            return []
        reasons: list[str] = []
        for action in actions:
            for r in self.detail.blocked.get(action.value, self.detail.blocked.get(action, ())):
                if r not in reasons:
                    reasons.append(r)
        return reasons

    def apply_guards(self) -> None:
        for button, actions, reason in self._guarded:
            allow(button, self.blocked(*actions), reason)

    def call(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
             message: FieldMessage | None = None) -> None:
        """Run a mutating service call off the GUI thread; broadcast its Changes; show errors."""
        target = message or self.message
        target.show_issues()

        def done(changes: Any) -> None:
            if on_done is not None:
                on_done(changes)
            self.ctx.events.changed(changes)

        def failed(exc: BaseException) -> None:
            target.show_issues([error_text(exc)])
            self.on_error(exc)

        self.ctx.runner.run(fn, done, failed, write=True)

    def on_error(self, exc: BaseException) -> None:
        """Hook: tabs mark the fields named in ``exc.field_errors``."""

    # -- data ---------------------------------------------------------------------------------------
    def show_detail(self, detail: Any) -> None:
        self.detail = detail
        self.apply_guards()

    def has_unsaved_changes(self) -> bool:
        return False

    def save(self) -> None:
        """Ctrl+S in this tab (tabs with editors override)."""
