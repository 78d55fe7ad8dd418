"""The "today" view: meetings today, deadlines this week and overdue, cases waiting for assignment.

Each box title gives the exact number of items over every case; the lists come a page at a time,
with a button for the next page, so nothing is silently left out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from mediation_app.domain.enums import CaseStatus, MeetingMode, enum_label
from mediation_app.i18n import _, ngettext
from mediation_app.ui.calendar import today as calendar_today
from mediation_app.ui.events import CASE_DATA, AppEvents, RefreshWhenShown
from mediation_app.ui.formatting import date_text, long_date_text, time_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.case_table import CaseIdRole
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.slips_overview import SlipTodayLine
from mediation_app.ui.tasks import EarlyRead, TaskRunner
from mediation_app.ui.widgets.common import role_label

SECTIONS = ("meetings", "overdue", "due", "unassigned")
PAGED = ("overdue", "due", "unassigned")
PAGE_SIZE = 100  # items per page of each list (app.TODAY_PAGE: the first read, started early)


class TodayView(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    case_activated(object): open this case.
    show_overdue(): show every overdue case in the case list.
    """

    case_activated = Signal(object)
    show_overdue = Signal()
    watched = CASE_DATA  # meetings, deadlines and waiting cases all come from the cases

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None,
                 early: EarlyRead | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self._early = early  # the first overview, when its read was started before this view was built
        self.heading = role_label("", "title", wrap=False)
        self.status = role_label("", "muted")
        self.boxes: dict[str, QGroupBox] = {}
        self.models: dict[str, ItemListModel] = {}
        self.lists: dict[str, QListView] = {}
        self.empty: dict[str, QLabel] = {}
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
            empty = role_label("", "muted")  # said in words when the list is empty
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.hide()
            lay = QVBoxLayout(box)
            lay.addWidget(empty)
            lay.addWidget(view)
            self.empty[key] = empty
            self.boxes[key], self.models[key], self.lists[key] = box, model, view
            grid.addWidget(box, i // 2, i % 2)
        self.more: dict[str, QPushButton] = {}
        for key in PAGED:
            button = QPushButton()
            button.clicked.connect(lambda _c=False, key=key: self._more(key))
            button.hide()
            self.boxes[key].layout().addWidget(button)
            self.more[key] = button
        self.page_size = PAGE_SIZE
        self.totals: dict[str, int] = {}
        self.next_keys: dict[str, Any] = {}
        self.all_overdue = QPushButton()
        self.all_overdue.clicked.connect(self.show_overdue.emit)
        self.boxes["overdue"].layout().addWidget(self.all_overdue)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        self.handover_line = role_label("", "muted")  # the recovery point and the hand-over reminder
        self.handover_line.hide()
        layout.addWidget(self.handover_line)
        self.slip_line = SlipTodayLine(services, actor, runner, events, self)  # overdue 四联单 returns
        self.slip_line.case_activated.connect(self.case_activated.emit)
        layout.addWidget(self.slip_line)
        layout.addLayout(grid, 1)
        from mediation_app.ui.ladder_watch import LadderWatch

        self.ladder_watch = LadderWatch(services, actor, runner, events, self)  # to escalate, slips to press
        self.ladder_watch.case_activated.connect(self.case_activated.emit)
        layout.addWidget(self.ladder_watch)
        from mediation_app.ui.warnings import TodayWarnings

        self.warnings_box = TodayWarnings(services, actor, runner, self)  # risk early warnings to review
        self.warnings_box.case_activated.connect(self.case_activated.emit)
        self.warnings_box.hide()
        layout.addWidget(self.warnings_box)
        self.watch(events)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        early, self._early = self._early, None
        if early is not None and self.page_size == PAGE_SIZE:
            early.then(self._show, self._on_error)
        else:
            self._runner.run(lambda: self._svc.overview.today(self._actor, page=self.page_size), self._show,
                             self._on_error)
        if hasattr(self, "warnings_box"):
            self.warnings_box.refresh()
        if hasattr(self._svc, "handover"):
            self._runner.run(self._svc.handover.status, self._show_handover, lambda _exc: self.handover_line.hide())

    def _show_handover(self, st: Any) -> None:
        from mediation_app.ui.handover import status_text

        self._handover = st
        text = status_text(st)
        self.handover_line.setText(text)
        self.handover_line.setProperty("role", "warning" if st.reminder_due or st.open_conflicts else "muted")
        self.handover_line.style().unpolish(self.handover_line)
        self.handover_line.style().polish(self.handover_line)
        self.handover_line.setVisible(bool(text))

    def _on_error(self, exc: BaseException) -> None:
        self._failed = True
        self.status.setText(getattr(exc, "message", None) or str(exc))

    @staticmethod
    def _due_items(items: Any) -> list[Item]:
        return [Item(d.case_id, f"{d.case_number}  {d.title}",
                     d.message if d.overdue else f"{date_text(d.due_on)} · {d.message}", urgent=d.overdue)
                for d in items]

    @staticmethod
    def _case_items(rows: Any) -> list[Item]:
        return [Item(c.id, f"{c.number}  {c.parties}", enum_label(c.status, CaseStatus)) for c in rows]

    def _show(self, overview: Any) -> None:
        self._overview, self._failed = overview, False
        self.status.setText("")
        self.slip_line.show_count(getattr(overview, "slips_overdue", 0))
        self.models["meetings"].set_items([
            Item(m.case_id, f"{time_text(m.at)}  {m.case_number}",
                 " · ".join(x for x in (m.title, m.place, enum_label(m.mode, MeetingMode)) if x))
            for m in overview.meetings
        ])
        self.totals = {"meetings": len(overview.meetings), "overdue": overview.overdue.total,
                       "due": overview.upcoming.total, "unassigned": overview.unassigned_total}
        self.next_keys = {"overdue": overview.overdue.next_key, "due": overview.upcoming.next_key,
                          "unassigned": overview.unassigned_next}
        self.models["overdue"].set_items(self._due_items(overview.overdue.items))
        self.models["due"].set_items(self._due_items(overview.upcoming.items))
        self.models["unassigned"].set_items(self._case_items(overview.unassigned))
        self._retitle()

    def _more(self, key: str) -> None:
        """Load the next page of one list and append it."""
        after = self.next_keys.get(key)
        if after is None:
            return
        self.more[key].setEnabled(False)
        svc, actor = self._svc.overview, self._actor
        if key == "unassigned":
            work = lambda: svc.unassigned_page(actor, after, limit=self.page_size)  # noqa: E731
        else:
            total = self.totals.get(key)
            work = lambda: svc.due_page(actor, key == "overdue", after, limit=self.page_size, total=total)  # noqa: E731
        self._runner.run(work, lambda page: self._append(key, page), self._on_error)

    def _append(self, key: str, page: Any) -> None:
        model = self.models[key]
        current = [model.item(i) for i in range(model.rowCount())]
        if key == "unassigned":
            new, self.next_keys[key] = self._case_items(page.rows), page.next_key
        else:
            new, self.next_keys[key] = self._due_items(page.items), page.next_key
        model.set_items(current + new)
        self.more[key].setEnabled(True)
        self._retitle()

    def _on_activated(self, index) -> None:  # type: ignore[no-untyped-def]
        case_id = index.data(CaseIdRole)
        if case_id is not None:
            self.case_activated.emit(case_id)

    def _retitle(self) -> None:
        counts = {k: self.totals.get(k, self.models[k].rowCount()) for k in SECTIONS}
        titles = {
            "meetings": ngettext("Meetings today ({n})", "Meetings today ({n})", counts["meetings"]),
            "overdue": ngettext("Overdue ({n})", "Overdue ({n})", counts["overdue"]),
            "due": ngettext("Due within a week ({n})", "Due within a week ({n})", counts["due"]),
            "unassigned": ngettext("Waiting for a mediator ({n})", "Waiting for a mediator ({n})", counts["unassigned"]),
        }
        loaded = getattr(self, "_overview", None) is not None
        if not loaded:  # no count before the first read has come back: "Overdue (0)" would be untrue
            titles = {"meetings": _("Meetings today"), "overdue": _("Overdue"), "due": _("Due within a week"),
                      "unassigned": _("Waiting for a mediator")}
        for key, title in titles.items():
            self.boxes[key].setTitle(title.format(n=counts[key]))
        empty_texts = {
            "meetings": _("No mediation session is scheduled for today."),
            "overdue": _("Nothing is overdue."),
            "due": _("Nothing falls due within the next week."),
            "unassigned": _("No case is waiting for a mediator."),
        }
        for key, text in empty_texts.items():
            empty = loaded and self.models[key].rowCount() == 0
            self.empty[key].setText(text)
            self.empty[key].setVisible(empty)
            self.lists[key].setVisible(not empty)
        for key in PAGED:
            shown, total = self.models[key].rowCount(), counts[key]
            self.more[key].setVisible(self.next_keys.get(key) is not None)
            self.more[key].setText(_("Show more (showing {shown} of {total})").format(shown=shown, total=total))

    def retranslate(self) -> None:

        self.heading.setText(_("Today, {date}").format(date=long_date_text(calendar_today())))
        if getattr(self, "_overview", None) is None and not getattr(self, "_failed", False):
            self.status.setText(_("Reading today's sessions and due items…"))
        self.all_overdue.setText(_("Show all overdue cases in the list"))
        if hasattr(self, "warnings_box"):
            self.warnings_box.retranslate()
        self._retitle()
        if getattr(self, "_overview", None) is not None:
            self._show(self._overview)
        if getattr(self, "_handover", None) is not None:
            self._show_handover(self._handover)
