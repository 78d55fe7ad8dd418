"""随手调: on-the-spot mediation recorded in under a minute — two names and phones, type, place,
three lines, outcome. Saved as an accepted case with its oral agreement or its ending."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import DisputeType, IdType, PartyRole
from mediation_app.domain.phone import check_phone
from mediation_app.i18n import _
from mediation_app.services.intake import QuickEntryInput
from mediation_app.services.parties import PartyInput
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.events import AppEvents
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, mark_invalid, role_label, set_primary
from mediation_app.ui.widgets.flow_layout import FlowLayout
from mediation_app.ui.widgets.screen_fit import columns_or_rows, fit_on_first_show

DRAFT_KEY = "quick-entry"
OUTCOMES = ("oral_agreement", "referred", "not_settled")


class QuickEntryDialog(Retranslating, QDialog):
    """Signals:
    case_created(object): id of the case that was recorded.
    """

    case_created = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, drafts: DraftStore,
                 parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events, self._drafts = services, actor, runner, events, drafts
        self.setMinimumWidth(760)
        self.intro = role_label("", "muted")
        self.names = [QLineEdit(), QLineEdit()]
        self.phones = [QLineEdit(), QLineEdit()]
        self.side_labels = [QLabel(), QLabel()]
        self.phone_msgs = [FieldMessage(), FieldMessage()]
        grid = QGridLayout()
        self.name_header, self.phone_header = QLabel(), QLabel()
        grid.addWidget(self.name_header, 0, 1)
        grid.addWidget(self.phone_header, 0, 2)
        for i in range(2):
            self.side_labels[i].setBuddy(self.names[i])
            grid.addWidget(self.side_labels[i], 1 + 2 * i, 0)
            grid.addWidget(self.names[i], 1 + 2 * i, 1)
            grid.addWidget(self.phones[i], 1 + 2 * i, 2)
            grid.addWidget(self.phone_msgs[i], 2 + 2 * i, 2)
            self.phones[i].editingFinished.connect(lambda i=i: self._check_phone(i))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.dispute_type = QComboBox()
        for t in DisputeType:
            self.dispute_type.addItem(t.label(), t.value)
        self.place = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons = {key: QRadioButton() for key in OUTCOMES}
        row = QHBoxLayout()
        for b in self.outcome_buttons.values():
            self.outcome_group.addButton(b)
            row.addWidget(b)
            b.toggled.connect(self._sync)
        row.addStretch(1)
        self.outcome_row = QWidget()
        self.outcome_row.setLayout(row)
        self.outcome_buttons["oral_agreement"].setChecked(True)
        self.terms = QPlainTextEdit()
        self.terms.setTabChangesFocus(True)
        self.terms.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.referred_to = QLineEdit()
        # Fact 16: asked, never assumed: was everything done on the spot? (else a written agreement)
        self.spot_group = QButtonGroup(self)
        self.spot_yes, self.spot_no = QRadioButton(), QRadioButton()
        spot_row = FlowLayout()  # the two answers wrap at large text
        for b in (self.spot_yes, self.spot_no):
            self.spot_group.addButton(b)
            spot_row.addWidget(b)
        self.spot_row = QWidget()
        self.spot_row.setLayout(spot_row)
        # Law Art. 26: the routes the parties were told of are ticked, never assumed.
        self.route_boxes: dict[str, QCheckBox] = {}
        routes_grid = QGridLayout()
        for n, item in enumerate(services.reference.lookups("route")):
            box = QCheckBox(item.label)
            self.route_boxes[item.code] = box
            routes_grid.addWidget(box, n, 0)  # one a line: the route names are long
        self.routes_row = QWidget()
        self.routes_row.setLayout(routes_grid)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a long row: its label above it
        self._rows = [("type", self.dispute_type), ("place", self.place), ("summary", self.summary),
                      ("outcome", self.outcome_row), ("terms", self.terms), ("spot", self.spot_row),
                      ("referred", self.referred_to), ("routes", self.routes_row)]
        for _k, w in self._rows:
            self.form.addRow(QLabel(), w)
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.submit)
        fields = QVBoxLayout()
        fields.addWidget(self.intro)
        fields.addLayout(grid)
        fields.addLayout(self.form)
        fields.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(columns_or_rows(fields, columns=False), 1)  # scrolls at large text; Save stays in sight
        layout.addWidget(self.buttons)
        fit_on_first_show(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(800)
        self._timer.timeout.connect(self.save_draft)
        for w in (*self.names, *self.phones, self.place, self.referred_to):
            w.textChanged.connect(lambda _t: self._timer.start())
        for w in (self.summary, self.terms):
            w.textChanged.connect(self._timer.start)
        self.retranslate()
        self._sync()
        draft = drafts.load(DRAFT_KEY)
        if draft:
            self.load_draft(draft)
        self.names[0].setFocus()

    def _sync(self, *_a: object) -> None:
        if not hasattr(self, "form"):  # an outcome is ticked while the dialog is still being built
            return
        oral = self.outcome_buttons["oral_agreement"].isChecked()
        referred = self.outcome_buttons["referred"].isChecked()
        for widget, shown in ((self.terms, oral), (self.spot_row, oral), (self.referred_to, referred),
                              (self.routes_row, not oral)):
            widget.setVisible(shown)
            self.form.labelForField(widget).setVisible(shown)

    def _check_phone(self, i: int) -> None:
        text = self.phones[i].text()
        checked = check_phone(text) if text.strip() else None
        errors = [x.message for x in checked.errors] if checked else []
        self.phone_msgs[i].show_issues(errors, [x.message for x in checked.warnings] if checked else [])
        mark_invalid(self.phones[i], bool(errors))

    def outcome(self) -> str:
        return next(k for k, b in self.outcome_buttons.items() if b.isChecked())

    def to_input(self) -> QuickEntryInput:
        roles = (PartyRole.APPLICANT, PartyRole.RESPONDENT)
        parties = tuple(
            PartyInput(name=self.names[i].text().strip(), role=roles[i], phone=self.phones[i].text().strip(),
                       id_type=IdType.NONE)
            for i in range(2) if self.names[i].text().strip()
        )
        return QuickEntryInput(
            parties=parties, dispute_type=DisputeType(self.dispute_type.currentData()), place=self.place.text(),
            summary=self.summary.toPlainText(), outcome=self.outcome(),
            agreement_terms=tuple(t for t in self.terms.toPlainText().splitlines() if t.strip()),
            referred_to=self.referred_to.text() or None,
            routes=tuple(code for code, box in self.route_boxes.items() if box.isChecked()),
            performed_on_the_spot=True if self.spot_yes.isChecked() else False if self.spot_no.isChecked() else None,
        )

    def submit(self, confirm_oral: bool = False) -> None:
        from dataclasses import replace

        data = replace(self.to_input(), confirm_oral=bool(confirm_oral))
        self.buttons.setEnabled(False)
        self._runner.run(lambda: self._svc.intake.quick_entry(self._actor, data), self._on_done, self._on_error,
                         write=True)

    def _on_done(self, changes: Any) -> None:
        self._timer.stop()
        self._drafts.discard(DRAFT_KEY)
        self.created = changes
        self._events.changed(changes)
        self.case_created.emit(changes.created_id)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        fields = getattr(exc, "field_errors", {}) or {}
        warnings = getattr(exc, "warnings", {}) or {}
        if warnings and not fields:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Please check"), "\n".join(warnings.values())
                              + "\n\n" + _("Record it as an oral agreement anyway?"),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            if box.exec() == QMessageBox.StandardButton.Yes:
                self.submit(confirm_oral=True)
            return
        for i in range(2):
            key = f"parties.{i}.phone"
            if key in fields:
                self.phone_msgs[i].show_issues([fields[key]])
                mark_invalid(self.phones[i], True)
        for key, widget in (("place", self.place), ("summary", self.summary), ("referred_to", self.referred_to),
                            ("agreement_terms", self.terms), ("performed_on_the_spot", self.spot_row),
                            ("routes", self.routes_row)):
            mark_invalid(widget, key in fields)
        self.message.show_issues([error_text(exc)])

    def draft(self) -> dict[str, Any]:
        return {"names": [n.text() for n in self.names], "phones": [p.text() for p in self.phones],
                "type": self.dispute_type.currentData(), "place": self.place.text(),
                "summary": self.summary.toPlainText(), "outcome": self.outcome(),
                "terms": self.terms.toPlainText(), "referred_to": self.referred_to.text(),
                "routes": [code for code, box in self.route_boxes.items() if box.isChecked()],
                "spot": "yes" if self.spot_yes.isChecked() else "no" if self.spot_no.isChecked() else ""}

    def save_draft(self) -> None:
        self._timer.stop()
        if any(self.draft()[k] for k in ("place", "summary")) or any(n.text() for n in self.names):
            self._drafts.save(DRAFT_KEY, self.draft())

    def load_draft(self, d: dict[str, Any]) -> None:
        for i in range(2):
            self.names[i].setText((d.get("names") or ["", ""])[i])
            self.phones[i].setText((d.get("phones") or ["", ""])[i])
        self.dispute_type.setCurrentIndex(max(self.dispute_type.findData(d.get("type")), 0))
        self.place.setText(d.get("place") or "")
        self.summary.setPlainText(d.get("summary") or "")
        if d.get("outcome") in self.outcome_buttons:
            self.outcome_buttons[d["outcome"]].setChecked(True)
        self.terms.setPlainText(d.get("terms") or "")
        self.referred_to.setText(d.get("referred_to") or "")
        for code in d.get("routes") or []:
            if code in self.route_boxes:
                self.route_boxes[code].setChecked(True)
        if d.get("spot") == "yes":
            self.spot_yes.setChecked(True)
        elif d.get("spot") == "no":
            self.spot_no.setChecked(True)

    def reject(self) -> None:
        self.save_draft()
        super().reject()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Quick entry (on-the-spot mediation)"))
        self.intro.setText(_("For disputes settled on the spot. Name and phone are enough; the case is accepted "
                             "and recorded at once. Ctrl+Enter saves."))
        self.name_header.setText(_("Name"))
        self.phone_header.setText(_("Phone"))
        self.side_labels[0].setText(_("Party &1"))
        self.side_labels[1].setText(_("Party &2"))
        labels = {"type": _("Dispute type"), "place": _("Place"), "summary": _("What happened (three lines)"),
                  "outcome": _("Outcome"), "terms": _("What was agreed"), "referred": _("Referred to"),
                  "spot": _("Carried out on the spot?"), "routes": _("Routes told")}
        for key, w in self._rows:
            self.form.labelForField(w).setText(labels[key])
        for i in range(self.dispute_type.count()):
            self.dispute_type.setItemText(i, DisputeType(self.dispute_type.itemData(i)).label())
        self.outcome_buttons["oral_agreement"].setText(_("Oral agreement"))
        self.outcome_buttons["referred"].setText(_("Referred elsewhere"))
        self.outcome_buttons["not_settled"].setText(_("Not settled"))
        for item in self._svc.reference.lookups("route"):  # the list's words in the current language
            if item.code in self.route_boxes:
                self.route_boxes[item.code].setText(item.label)
        self.spot_yes.setText(_("Yes, everything was done on the spot"))
        self.spot_no.setText(_("No, something is to be done later"))
        self.place.setPlaceholderText(_("e.g. stall 12, fruit hall"))
        self.summary.setPlaceholderText(_("Who, what happened, what each side wanted."))
        self.terms.setPlaceholderText(_("One item per line, e.g. the stallholder refunds 50 yuan on the spot"))
