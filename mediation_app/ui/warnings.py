"""Risk early warnings in the client: their columns, the Review… dialog, the list on the case's risk
part, the box in Today, and the administrator's word-list editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import RiskLevel
from mediation_app.domain.warnings import ReviewDecision, WarningSettings
from mediation_app.i18n import N_, _, ngettext
from mediation_app.ui.calendar import today_q
from mediation_app.ui.formatting import date_text, datetime_text
from mediation_app.ui.models.case_table import CaseIdRole
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, KeyedComboBox, error_text, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.base import table_view


def _state(w: Any) -> str:
    if not w.reviewed:
        return _("To review")
    police = _("; police told: {unit}").format(unit=w.police_unit) if w.police else ""
    return f"{w.decision_label} ({date_text(w.reviewed_at.date())}, {w.reviewed_by}){police}"


WARNING_COLUMNS = (
    Column(N_("Raised"), lambda w: datetime_text(w.raised_at)),
    Column(N_("Case"), lambda w: w.case_number),
    Column(N_("Rule"), lambda w: w.rule_label),
    Column(N_("Reason"), lambda w: w.reason),
    Column(N_("Review"), _state, urgent=lambda w: not w.reviewed),
)
CASE_COLUMNS = tuple(c for c in WARNING_COLUMNS if c.header != "Case")


class ReviewDialog(QDialog):
    """Review one warning: raise the level (through the risk grading) or keep it, with containment
    measures, and whether the police were told. The warning never changes the level by itself."""

    def __init__(self, services: Any, actor: Any, warning: Any, current_level: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._svc, self._actor, self.warning = services, actor, warning
        self.setWindowTitle(_("Review the warning"))
        self.what = role_label(f"<b>{warning.rule_label}</b><br>{warning.reason}", "")
        self.what.setTextFormat(Qt.TextFormat.RichText)
        self.what.setWordWrap(True)
        self.current = RiskLevel(current_level)
        self.decision = KeyedComboBox()
        for d in ReviewDecision:
            self.decision.add(d, d.label())
        self.level = KeyedComboBox()
        for lv in RiskLevel:
            if lv.rank > self.current.rank:
                self.level.add(lv, lv.label())
        self.note = QPlainTextEdit()
        self.containment = QPlainTextEdit()
        line = self.fontMetrics().lineSpacing()
        for e in (self.note, self.containment):
            e.setTabChangesFocus(True)
            e.setFixedHeight(line * 3 + 16)
        self.escalated_to = QLineEdit()
        self.police = QCheckBox(_("Escalated to the police"))
        self.police_unit = QLineEdit()
        self.reported_on = QDateEdit(today_q())
        self.reported_on.setCalendarPopup(True)
        self.reported_on.setDisplayFormat("yyyy-MM-dd")
        self.message = FieldMessage()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Decision"), self.decision)
        form.addRow(_("New risk level"), self.level)
        form.addRow(_("What the review found") + " *", self.note)
        form.addRow(_("Containment measures (稳控措施)"), self.containment)
        form.addRow(_("Escalated to"), self.escalated_to)
        form.addRow("", self.police)
        form.addRow(_("Police station told"), self.police_unit)
        form.addRow(_("Reported on"), self.reported_on)
        self.form = form
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(role_label(_("A warning never changes the risk level by itself; your review is recorded."),
                                    "muted"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.decision.currentIndexChanged.connect(self._sync)
        self.police.toggled.connect(self._sync)
        if self.level.count() == 0:  # red already: nothing to raise to
            self.decision.setCurrentIndex(self.decision.index_of(ReviewDecision.KEEP))
            self.decision.setEnabled(False)
        self._sync()
        fit_to_screen(self, 640, 600)

    def _sync(self, *_a: object) -> None:
        raising = self.decision.key() is ReviewDecision.RAISE
        for w, show in ((self.level, raising), (self.escalated_to, raising), (self.police_unit, self.police.isChecked()),
                        (self.reported_on, self.police.isChecked())):
            w.setVisible(show)
            label = self.form.labelForField(w)
            if label is not None:
                label.setVisible(show)

    def save(self) -> None:
        decision = self.decision.key()
        police = self.police.isChecked()
        try:
            self._svc.warnings.review(
                self._actor, self.warning.id, decision, self.note.toPlainText(),
                containment=self.containment.toPlainText(), police=police,
                police_unit=self.police_unit.text() if police else None,
                level=self.level.key() if decision is ReviewDecision.RAISE else None,
                escalated_to=self.escalated_to.text() or None,
                reported_on=self.reported_on.date().toPython() if police else None)
        except Exception as exc:  # noqa: BLE001 - a service error is shown as its one sentence
            fields = getattr(exc, "field_errors", {}) or {}
            self.message.show_issues(list(fields.values()) or [error_text(exc)])
            return
        self.accept()


class CaseWarnings(QGroupBox):
    """The warnings of one case, on its risk part, with Review… for an open one."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.level = "blue"
        self.model = RecordTableModel(CASE_COLUMNS, self)
        self.view = table_view(self.model, stretch=2)
        self.view.setMinimumHeight(110)
        self.view.doubleClicked.connect(lambda _i: self.review())
        self.review_button = QPushButton()
        self.review_button.clicked.connect(self.review)
        self.empty = role_label("", "muted")
        self.message = FieldMessage()
        row = QHBoxLayout()
        row.addWidget(self.empty, 1)
        row.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.retranslate()

    def reload(self, level: str | None = None) -> None:
        self.level = level or self.level
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.warnings.for_case(ctx.actor, ctx.case_id), self._show,
                       lambda e: self.message.show_issues([error_text(e)]))

    def _show(self, items: list[Any]) -> None:
        self.model.set_rows(items)
        open_n = sum(1 for w in items if not w.reviewed)
        self.empty.setText(ngettext("{n} warning to review", "{n} warnings to review", open_n).format(n=open_n)
                           if items else _("No warning: nothing in the records calls for a review."))
        self.view.setVisible(bool(items))
        self.review_button.setEnabled(open_n > 0 and not getattr(self.ctx.services, "read_only", False))
        if open_n and not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        items = [self.model.row_at(r.row()) for r in rows]
        open_items = [w for w in items if not w.reviewed]
        if open_items:
            return open_items[0]
        return next((self.model.row_at(i) for i in range(self.model.rowCount()) if not self.model.row_at(i).reviewed),
                    None)

    def review(self) -> None:
        warning = self.selected()
        if warning is None:
            return
        dialog = ReviewDialog(self.ctx.services, self.ctx.actor, warning, self.level, self)
        self.last_dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                from mediation_app.services.changes import ChangeKind, Changes

                self.ctx.events.changed(Changes(kinds=frozenset({ChangeKind.WARNING, ChangeKind.RISK}),
                                                case_ids=frozenset({self.ctx.case_id})))

        dialog.finished.connect(finished)
        dialog.open()

    def retranslate(self) -> None:
        self.setTitle(_("Early warnings (命案风险预警)"))
        self.review_button.setText(_("Re&view…"))
        self.model.retranslate()


class TodayWarnings(QGroupBox):
    """Today's box of open warnings: the exact total in the title, a page at a time."""

    case_activated = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.model = ItemListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.more = QPushButton()
        self.more.clicked.connect(self._more)
        self.more.hide()
        self.total = 0
        self.next_key: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.more)
        self.retranslate()

    def refresh(self) -> None:
        self._runner.run(lambda: self._svc.warnings.open_page(self._actor, limit=50), self._show,
                         lambda _e: self.hide())

    @staticmethod
    def _items(page: Any) -> list[Item]:
        return [Item(w.case_id, f"{w.case_number}  {w.rule_label}", w.reason, urgent=True) for w in page.items]

    def _show(self, page: Any) -> None:
        self.total, self.next_key = page.total, page.next_key
        self.model.set_items(self._items(page))
        self.setVisible(page.total > 0)
        self.retranslate()

    def _more(self) -> None:
        after = self.next_key
        if after is None:
            return

        def append(page: Any) -> None:
            current = [self.model.item(i) for i in range(self.model.rowCount())]
            self.model.set_items(current + self._items(page))
            self.next_key = page.next_key
            self.retranslate()

        self._runner.run(lambda: self._svc.warnings.open_page(self._actor, after=after, limit=50), append,
                         lambda _e: None)

    def _open(self, index: Any) -> None:
        case_id = index.data(CaseIdRole)
        if case_id is not None:
            self.case_activated.emit(case_id)

    def retranslate(self) -> None:
        self.setTitle(ngettext("Risk warnings to review ({n})", "Risk warnings to review ({n})", self.total)
                      .format(n=self.total))
        self.more.setVisible(self.next_key is not None)
        self.more.setText(_("Show more (showing {shown} of {total})").format(shown=self.model.rowCount(),
                                                                             total=self.total))


class WordListDialog(QDialog):
    """The administrator's editor of the word list (threats, weapons, self-harm, exclusion phrases)
    and of the months and weeks the rules look back."""

    LABELS = {"repeat_months": N_("Same parties again within (months)"),
              "recurring_months": N_("Family or neighbour dispute again within (months)"),
              "rise_weeks": N_("Risk level raised within (weeks)"),
              "no_route_days": N_("Days after a termination before “no route taken”")}

    def __init__(self, services: Any, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor = services, actor
        self.setWindowTitle(_("Early-warning words and rules"))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.status = role_label("", "muted")
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for key, label in self.LABELS.items():
            spin = QSpinBox()
            spin.setRange(*WarningSettings.LIMITS[key])
            self.spins[key] = spin
            form.addRow(_(label), spin)
        self.message = FieldMessage()
        self.reset_button = QPushButton(_("Back to the shipped list"))
        self.reset_button.clicked.connect(self.reset)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(_("One word or phrase a line under [威胁] threats, [凶器] weapons, [自伤] self-harm; "
                                      "[排除] lists harmless phrases that contain a word (刀削面)."), "muted"))
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load()
        fit_to_screen(self, 640, 640)

    def load(self) -> None:
        words = self._svc.warnings.words(self._actor)
        self.text.setPlainText(words.text)
        self.status.setText(_("The list shipped with the application") if words.shipped
                            else _("The list as edited here"))
        for key, value in self._svc.warnings.settings(self._actor).items():
            self.spins[key].setValue(value)

    def save(self) -> None:
        try:
            self._svc.warnings.set_words(self._actor, self.text.toPlainText())
            self._svc.warnings.set_settings(self._actor, **{k: s.value() for k, s in self.spins.items()})
        except Exception as exc:  # noqa: BLE001 - a service error is shown as its one sentence
            fields = getattr(exc, "field_errors", {}) or {}
            self.message.show_issues(list(fields.values()) or [error_text(exc)])
            return
        self.accept()

    def reset(self) -> None:
        try:
            self._svc.warnings.reset_words(self._actor)
        except Exception as exc:  # noqa: BLE001
            self.message.show_issues([error_text(exc)])
            return
        self.load()


def stats_text(st: Any) -> str:
    return _("Early warnings: {raised} raised, {reviewed} reviewed, {police} escalated to the police, "
             "{prevented} prevented (a prevention recorded on the case after the warning).").format(
        raised=st.raised, reviewed=st.reviewed, police=st.police, prevented=st.prevented)


class WarningStatsLine(QLabel):
    """The statistics' line on early warnings for the chosen period and committees."""

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.setWordWrap(True)
        self.setProperty("role", "muted")

    def refresh(self, period: Any, committee_ids: Any = None) -> None:
        self._runner.run(lambda: self._svc.warnings.stats(self._actor, period, committee_ids),
                         lambda st: self.setText(stats_text(st)), lambda e: self.setText(error_text(e)))
