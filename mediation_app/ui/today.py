"""The "today" view: meetings today, deadlines this week and overdue, cases waiting for assignment."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QListView, QPushButton, QVBoxLayout, QWidget

from mediation_app.domain.enums import CaseStatus, MeetingMode, enum_label
from mediation_app.i18n import _, ngettext
from mediation_app.ui.events import AppEvents
from mediation_app.ui.formatting import date_text, long_date_text, time_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.case_table import CaseIdRole
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import role_label

SECTIONS = ("meetings", "overdue", "due", "unassigned")


class TodayView(Retranslating, QWidget):
    """Signals:
    case_activated(object): open this case.
    show_overdue(): show every overdue case in the case list.
    """

    case_activated = Signal(object)
    show_overdue = Signal()

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.heading = role_label("", "title", wrap=False)
        self.status = role_label("", "muted")
        self.boxes: dict[str, QGroupBox] = {}
        self.models: dict[str, ItemListModel] = {}
        self.lists: dict[str, QListView] = {}
        grid = QGridLayout()
        for i, key in enumerate(SECTIONS):
            box = QGroupBox()
            model = ItemListModel(self)
            view = QListView()
            view.setModel(model)
            view.setWordWrap(True)
            view.setAlternatingRowColors(True)
            view.setSpacing(2)
            view.activated.connect(self._on_activated)
            view.doubleClicked.connect(self._on_activated)
            lay = QVBoxLayout(box)
            lay.addWidget(view)
            self.boxes[key], self.models[key], self.lists[key] = box, model, view
            grid.addWidget(box, i // 2, i % 2)
        self.all_overdue = QPushButton()
        self.all_overdue.clicked.connect(self.show_overdue.emit)
        self.boxes["overdue"].layout().addWidget(self.all_overdue)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addLayout(grid, 1)
        events.data_changed.connect(lambda _c: self.refresh())
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self._runner.run(lambda: self._svc.overview.today(self._actor), self._show, self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        self.status.setText(getattr(exc, "message", None) or str(exc))

    def _show(self, overview: Any) -> None:
        self._overview = overview
        self.status.setText("")
        self.models["meetings"].set_items([
            Item(m.case_id, f"{time_text(m.at)}  {m.case_number}",
                 " · ".join(x for x in (m.title, m.place, enum_label(m.mode, MeetingMode)) if x))
            for m in overview.meetings
        ])
        self.models["overdue"].set_items([
            Item(d.case_id, f"{d.case_number}  {d.title}", d.message, urgent=True) for d in overview.due if d.overdue
        ])
        self.models["due"].set_items([
            Item(d.case_id, f"{d.case_number}  {d.title}", f"{date_text(d.due_on)} · {d.message}")
            for d in overview.due if not d.overdue
        ])
        self.models["unassigned"].set_items([
            Item(c.id, f"{c.number}  {c.parties}", enum_label(c.status, CaseStatus)) for c in overview.unassigned
        ])
        self._retitle()

    def _on_activated(self, index) -> None:  # type: ignore[no-untyped-def]
        case_id = index.data(CaseIdRole)
        if case_id is not None:
            self.case_activated.emit(case_id)

    def _retitle(self) -> None:
        counts = {k: self.models[k].rowCount() for k in SECTIONS}
        titles = {
            "meetings": ngettext("Meetings today ({n})", "Meetings today ({n})", counts["meetings"]),
            "overdue": ngettext("Overdue ({n})", "Overdue ({n})", counts["overdue"]),
            "due": ngettext("Due within a week ({n})", "Due within a week ({n})", counts["due"]),
            "unassigned": ngettext("Waiting for a mediator ({n})", "Waiting for a mediator ({n})", counts["unassigned"]),
        }
        for key, title in titles.items():
            self.boxes[key].setTitle(title.format(n=counts[key]))

    def retranslate(self) -> None:
        import datetime as dt

        self.heading.setText(_("Today, {date}").format(date=long_date_text(dt.date.today())))
        self.all_overdue.setText(_("Show all overdue cases in the list"))
        self._retitle()
        if getattr(self, "_overview", None) is not None:
            self._show(self._overview)
