"""Two short lists for the Today view and the centre's board: the cases whose days at their level ran
out without a result (to escalate), and the referral slips to press (督办): not signed in within the
centre's hours, or past their deadline without feedback. Every item is listed (no page cut)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import _, ngettext
from mediation_app.ui.events import CASE_DATA, AppEvents, ChangeKind, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.case_table import CaseIdRole
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label


def flagged_item(f: Any) -> Item:
    detail = ngettext("Days at “{level}” ran out on {due} ({n} day ago)",
                      "Days at “{level}” ran out on {due} ({n} days ago)", f.days_over).format(
        level=f.level, due=date_text(f.due_on), n=f.days_over)
    if f.next_level:
        detail += " · " + _("next: {level}").format(level=f.next_level)
    return Item(f.case_id, f"{f.case_number}  {f.level}", detail, urgent=True)


def supervision_item(i: Any) -> Item:
    why = []
    if i.not_signed_in:
        why.append(_("the department has not signed in (报到)"))
    if i.past_deadline:
        why.append(_("past the deadline {date} without feedback").format(date=date_text(i.deadline)))
    detail = "; ".join(why)
    if i.reminders:
        detail += " · " + ngettext("reminded {n} time, last on {date}", "reminded {n} times, last on {date}",
                                   i.reminders).format(n=i.reminders, date=date_text(i.last_reminded_on))
    return Item(i.case_id, f"{i.number}  {i.to_department}", detail, urgent=True)


class LadderWatch(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    case_activated(object): open this case.
    """

    case_activated = Signal(object)
    watched = CASE_DATA | {ChangeKind.SETTINGS}

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.boxes: dict[str, QGroupBox] = {}
        self.models: dict[str, ItemListModel] = {}
        self.lists: dict[str, QListView] = {}
        self.empty: dict[str, QLabel] = {}
        self.flagged: list[Any] = []
        self.pressing: list[Any] = []
        self._loaded = False  # before the first read: no count, no "nothing to do"
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for key in ("escalate", "press"):
            box, model, view = QGroupBox(), ItemListModel(self), QListView()
            view.setModel(model)
            view.setWordWrap(True)
            view.setAlternatingRowColors(True)
            view.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
            view.activated.connect(self._on_activated)
            view.doubleClicked.connect(self._on_activated)
            empty = role_label("", "muted")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay = QVBoxLayout(box)
            lay.addWidget(empty)
            lay.addWidget(view)
            self.boxes[key], self.models[key], self.lists[key], self.empty[key] = box, model, view, empty
            row.addWidget(box, 1)
        self.remind_button = QPushButton()
        self.remind_button.clicked.connect(self.remind)
        self.sign_in_button = QPushButton()
        self.sign_in_button.clicked.connect(self.sign_in)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remind_button)
        buttons.addWidget(self.sign_in_button)
        buttons.addStretch(1)
        self.message = FieldMessage()
        press = self.boxes["press"].layout()
        press.addLayout(buttons)  # type: ignore[attr-defined]
        press.addWidget(self.message)
        self.last_input: QInputDialog | None = None
        self.watch(events)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        svc, actor = self._svc, self._actor
        self._runner.run(lambda: (svc.ladder.flagged(actor), svc.supervision.to_supervise(actor)), self._show,
                         lambda exc: self.message.show_issues([error_text(exc)]))

    def _show(self, result: Any) -> None:
        self.flagged, self.pressing, self._loaded = list(result[0]), list(result[1]), True
        self.models["escalate"].set_items([flagged_item(f) for f in self.flagged])
        self.models["press"].set_items([supervision_item(i) for i in self.pressing])
        self._retitle()

    def _retitle(self) -> None:
        n, m = len(self.flagged), len(self.pressing)
        loaded = self._loaded
        if loaded:
            self.boxes["escalate"].setTitle(ngettext("To escalate ({n})", "To escalate ({n})", n).format(n=n))
            self.boxes["press"].setTitle(ngettext("Referral slips to press (督办) ({n})",
                                                  "Referral slips to press (督办) ({n})", m).format(n=m))
        else:
            self.boxes["escalate"].setTitle(_("To escalate"))
            self.boxes["press"].setTitle(_("Referral slips to press (督办)"))
        for key, empty_text, count in (("escalate", _("No case has run out of days at its level."), n),
                                       ("press", _("Every department has signed in and replied in time."), m)):
            self.empty[key].setText(empty_text)
            self.empty[key].setVisible(loaded and count == 0)
            self.lists[key].setVisible(count > 0)
        self.remind_button.setEnabled(m > 0)
        self.sign_in_button.setEnabled(m > 0)

    def _on_activated(self, index) -> None:  # type: ignore[no-untyped-def]
        case_id = index.data(CaseIdRole)
        if case_id is not None:
            self.case_activated.emit(case_id)

    def selected_slip(self) -> Any:
        index = self.lists["press"].currentIndex()
        if index.isValid() and index.row() < len(self.pressing):
            return self.pressing[index.row()]
        return self.pressing[0] if len(self.pressing) == 1 else None

    def _ask(self, title: str, label: str, then: Any) -> None:
        slip = self.selected_slip()
        if slip is None:
            self.message.show_issues([_("Select a slip in the list first.")])
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label.format(number=slip.number))
        dialog.textValueSelected.connect(lambda text: then(slip, text))
        self.last_input = dialog
        dialog.open()

    def _write(self, fn: Any) -> None:
        self.message.show_issues()
        self._runner.run(fn, self._events.changed, lambda exc: self.message.show_issues([error_text(exc)]), write=True)

    def remind(self) -> None:
        svc, actor = self._svc, self._actor
        self._ask(_("Remind the department (督办)"), _("Slip {number}: how was the department reminded, what did it say?"),
                  lambda slip, text: self._write(lambda: svc.referrals.remind(actor, slip.referral_id, text)))

    def sign_in(self) -> None:
        svc, actor = self._svc, self._actor
        self._ask(_("The department signed in (报到)"), _("Slip {number}: who reported for the department?"),
                  lambda slip, text: self._write(lambda: svc.supervision.record_sign_in(actor, slip.referral_id, text)))

    def retranslate(self) -> None:
        self.remind_button.setText(_("Remind (督办)…"))
        self.sign_in_button.setText(_("Signed in (报到)…"))
        self._retitle()
        if self.flagged or self.pressing:
            self._show((self.flagged, self.pressing))
