"""The written agreement: editor with numbered terms, instalment builder, live checklist from the
agreement checker, originals, execution per party, mediator's signature and seal, effective date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.agreement_check import AgreementDraft, PartyParticulars, check_agreement
from mediation_app.domain.enums import DisputeType, ExecutionMethod, PartyKind, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import N_, _
from mediation_app.services.agreements import AgreementInput, ObligationInput, particulars_of
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.formatting import date_text, money_issues, money_text, parse_money
from mediation_app.ui.models.agreement_models import (
    Instalment,
    InstalmentTableModel,
    TermListModel,
    build_instalments,
)
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import FieldMessage, KeyedComboBox, date_edit, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import StackWhenNarrow
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

CHECK_DELAY_MS = 400
EXECUTION_COLUMNS = (
    Column(N_("Party"), lambda e: e.party_name),
    Column(N_("How"), lambda e: enum_label(e.method, ExecutionMethod)),
    Column(N_("Signed by"), lambda e: e.signer_name),
    Column(N_("On"), lambda e: date_text(e.executed_on)),
)


class AgreementTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, drafts: DraftStore, parent=None) -> None:
        super().__init__(ctx, parent)
        self._drafts = drafts
        self._draft_key = f"agreement-{ctx.case_id}"
        self._loading = False
        self._dirty = False
        self._loaded_agreement: Any = None

        # -- editor ------------------------------------------------------------------------------
        self.facts = QPlainTextEdit()
        self.issues = QPlainTextEdit()
        self.responsibilities = QPlainTextEdit()
        line = self.fontMetrics().lineSpacing()
        for e, lines in ((self.facts, 5), (self.issues, 3), (self.responsibilities, 2)):
            e.setTabChangesFocus(True)
            e.setMinimumHeight(line * lines + 16)
        self.terms = TermListModel(self)
        self.term_view = QListView()
        self.term_view.setModel(self.terms)
        self.term_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                       | QAbstractItemView.EditTrigger.EditKeyPressed
                                       | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.term_view.setWordWrap(True)
        self.term_view.setMinimumHeight(120)
        self.term_add = QPushButton()
        self.term_remove = QPushButton()
        self.term_up = QPushButton()
        self.term_down = QPushButton()
        self.term_add.clicked.connect(self._add_term)
        self.term_remove.clicked.connect(lambda: self._edit_terms(lambda r: self.terms.remove(r)))
        self.term_up.clicked.connect(lambda: self._move_term(-1))
        self.term_down.clicked.connect(lambda: self._move_term(1))
        self.method = QLineEdit()
        self.place = QLineEdit()
        self.deadline = date_edit()
        self.use_deadline = QCheckBox()
        self.originals = QSpinBox()
        self.originals.setRange(1, 20)
        self.originals_default = role_label("", "muted", wrap=False)
        self.personal_status = QCheckBox()
        self.recorder = QLineEdit()
        self.interpreter = QLineEdit()

        # -- instalment builder ----------------------------------------------------------------------
        self.payer = KeyedComboBox()
        self.payee = KeyedComboBox()
        self.total = QLineEdit()
        self.count = QSpinBox()
        self.count.setRange(1, 120)
        self.first_due = date_edit(months=1)
        self.months_apart = QSpinBox()
        self.months_apart.setRange(0, 24)
        self.months_apart.setValue(1)
        self.build = QPushButton()
        self.build.clicked.connect(self._build_instalments)
        self.instalments = InstalmentTableModel(self)
        self.instalment_view = table_view(self.instalments, stretch=3)  # type: ignore[arg-type]
        self.instalment_view.setMinimumHeight(140)
        self.instalment_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.instalment_remove = QPushButton()
        self.instalment_remove.clicked.connect(self._remove_instalment)
        self.instalment_total = role_label("", "muted", wrap=False)
        self.builder_message = FieldMessage()

        # -- checklist, save, execution --------------------------------------------------------------
        self.checklist = ItemListModel(self)
        self.check_view = QListView()
        self.check_view.setModel(self.checklist)
        self.check_view.setWordWrap(True)
        self.check_summary = role_label("", "heading")
        self.save_button = set_primary(QPushButton())
        self.save_reason = self.reason_label()
        self.guard(self.save_button, Action.DRAFT_AGREEMENT, reason=self.save_reason)
        self.save_button.clicked.connect(self.save)
        self.draft_note = role_label("", "warning")
        self.draft_note.hide()

        self.exec_party = KeyedComboBox()
        self.exec_method = QComboBox()
        for m in ExecutionMethod:
            self.exec_method.addItem(m.label(), m.value)
        self.exec_signer = QLineEdit()
        self.exec_on = date_edit()
        self.exec_button = QPushButton()
        self.seal_button = QPushButton()
        self.exec_reason = self.reason_label()
        self.guard(self.exec_button, Action.EXECUTE_AGREEMENT, reason=self.exec_reason)
        self.guard(self.seal_button, Action.EXECUTE_AGREEMENT)
        self.exec_button.clicked.connect(self._record_execution)
        self.seal_button.clicked.connect(self._record_seal)
        self.exec_party.currentIndexChanged.connect(self._suggest_method)
        self.executions = RecordTableModel(EXECUTION_COLUMNS, self)
        self.effective = role_label("", "heading")
        self.exec_message = FieldMessage()

        self._build_layout()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._run_check)
        for e in (self.facts, self.issues, self.responsibilities):
            e.textChanged.connect(self._on_edit)
        for e in (self.method, self.place, self.recorder, self.interpreter):
            e.textChanged.connect(self._on_edit)
        for sig in (self.terms.dataChanged, self.terms.rowsInserted, self.terms.rowsRemoved, self.terms.rowsMoved,
                    self.instalments.dataChanged, self.instalments.modelReset, self.instalments.rowsRemoved):
            sig.connect(self._on_edit)
        self.deadline.dateChanged.connect(self._on_edit)
        self.use_deadline.toggled.connect(self._on_edit)
        self.use_deadline.toggled.connect(self.deadline.setEnabled)
        self.originals.valueChanged.connect(self._on_edit)
        self.personal_status.toggled.connect(self._on_edit)
        self.deadline.setEnabled(False)
        self.retranslate()

    def _build_layout(self) -> None:
        self.content_box = QGroupBox()
        cf = QFormLayout(self.content_box)
        cf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.content_form = cf
        term_buttons = QGridLayout()  # two by two: the column stays narrow enough for 1280 px at large text
        for i, b in enumerate((self.term_add, self.term_remove, self.term_up, self.term_down)):
            term_buttons.addWidget(b, i // 2, i % 2)
        terms = QVBoxLayout()
        terms.addWidget(self.term_view)
        terms.addLayout(term_buttons)
        self.terms_widget = QWidget()
        self.terms_widget.setLayout(terms)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.use_deadline)
        deadline_row.addWidget(self.deadline)
        deadline_row.addStretch(1)
        self.deadline_widget = QWidget()
        self.deadline_widget.setLayout(deadline_row)
        originals_row = QHBoxLayout()
        originals_row.addWidget(self.originals)
        originals_row.addWidget(self.originals_default)
        originals_row.addStretch(1)
        self.originals_widget = QWidget()
        self.originals_widget.setLayout(originals_row)
        self._content_rows = [
            ("facts", self.facts), ("issues", self.issues), ("responsibilities", self.responsibilities),
            ("terms", self.terms_widget), ("method", self.method), ("place", self.place),
            ("deadline", self.deadline_widget), ("originals", self.originals_widget),
            ("personal", self.personal_status), ("recorder", self.recorder), ("interpreter", self.interpreter),
        ]
        for _k, w in self._content_rows:
            cf.addRow(QLabel(), w)

        self.builder_box = QGroupBox()
        grid = QGridLayout()
        self.builder_labels = [QLabel() for _i in range(6)]
        widgets = (self.payer, self.payee, self.total, self.count, self.first_due, self.months_apart)
        for i, (label, w) in enumerate(zip(self.builder_labels, widgets, strict=True)):
            label.setBuddy(w)
            grid.addWidget(label, i // 3 * 2, i % 3)
            grid.addWidget(w, i // 3 * 2 + 1, i % 3)
        bl = QVBoxLayout(self.builder_box)
        bl.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(self.build)
        row.addWidget(self.instalment_remove)
        row.addStretch(1)
        row.addWidget(self.instalment_total)
        bl.addLayout(row)
        bl.addWidget(self.builder_message)
        bl.addWidget(self.instalment_view)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(self.content_box)
        ll.addWidget(self.builder_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)

        self.check_box = QGroupBox()
        ckl = QVBoxLayout(self.check_box)
        ckl.addWidget(self.check_summary)
        ckl.addWidget(self.check_view, 1)
        ckl.addWidget(self.draft_note)
        ckl.addWidget(self.save_button)
        ckl.addWidget(self.save_reason)
        ckl.addWidget(self.message)
        self.exec_box = QGroupBox()
        ef = QFormLayout()
        self.exec_form = ef
        for w in (self.exec_party, self.exec_method, self.exec_signer, self.exec_on):
            ef.addRow(QLabel(), w)
        el = QVBoxLayout(self.exec_box)
        el.addLayout(ef)
        el.addWidget(self.exec_button)
        el.addWidget(self.seal_button)
        el.addWidget(self.exec_reason)
        el.addWidget(self.exec_message)
        exec_table = table_view(self.executions, stretch=0)
        exec_table.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        el.addWidget(exec_table)
        el.addWidget(self.effective)
        self.check_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        right_widget = QWidget()
        right = QVBoxLayout(right_widget)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.check_box)
        right.addWidget(self.exec_box)
        right.addStretch(1)
        right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        right_scroll.setWidget(right_widget)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll, 3)
        layout.addWidget(right_scroll, 2)
        StackWhenNarrow(self, layout)  # the checklist and signing go below the text when both do not fit

    # -- editing -------------------------------------------------------------------------------------
    def _on_edit(self, *_a: object) -> None:
        if self._loading:
            return
        self._dirty = True
        self._check_timer.start()
        self._drafts.save(self._draft_key, self.to_draft())
        self._update_total()

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _add_term(self) -> None:
        index = self.terms.add("")
        self.term_view.setCurrentIndex(index)
        self.term_view.edit(index)

    def _selected_term(self) -> int:
        index = self.term_view.currentIndex()
        return index.row() if index.isValid() else -1

    def _edit_terms(self, fn) -> None:  # type: ignore[no-untyped-def]
        row = self._selected_term()
        if row >= 0:
            fn(row)

    def _move_term(self, step: int) -> None:
        row = self._selected_term()
        if row >= 0:
            self.term_view.setCurrentIndex(self.terms.index(self.terms.move(row, step)))

    def _build_instalments(self) -> None:
        issues = money_issues(self.total.text())
        total = parse_money(self.total.text())
        if issues or not total:
            self.builder_message.show_issues(issues or [_("Enter the total amount to pay.")])
            return
        payer = self.payer.key()
        payee = self.payee.key()
        if payer is None:
            self.builder_message.show_issues([_("Choose who pays.")])
            return
        if payer == payee:
            self.builder_message.show_issues([_("The payer and the recipient must be different parties.")])
            return
        self.builder_message.show_issues()
        rows = list(self.instalments.instalments()) + build_instalments(
            total, self.count.value(), self.first_due.date().toPython(), self.months_apart.value(),
            (payer, self.payer.currentText()), (payee, self.payee.currentText()) if payee else None,
            _("Payment"),
        )
        self.instalments.set_instalments(rows)
        if not self.method.text().strip():
            self.method.setText(_("Paid in {n} instalments as listed").format(n=len(rows)) if len(rows) > 1
                                else _("Paid in one sum"))

    def _remove_instalment(self) -> None:
        index = self.instalment_view.currentIndex()
        if index.isValid():
            self.instalments.remove(index.row())

    def _update_total(self) -> None:
        n = self.instalments.rowCount()
        self.instalment_total.setText(
            _("{n} instalments, total {amount}").format(n=n, amount=money_text(self.instalments.total_fen())) if n else "")

    # -- checklist ---------------------------------------------------------------------------------------
    def _particulars(self) -> tuple[PartyParticulars, ...]:
        return particulars_of(self.detail.parties if self.detail else ())

    def draft_for_check(self) -> AgreementDraft:
        a = self._loaded_agreement
        return AgreementDraft(
            parties=self._particulars(), facts=self.facts.toPlainText(), issues=self.issues.toPlainText(),
            terms=self.terms.terms(), performance_method=self.method.text(), performance_place=self.place.text(),
            performance_deadline=self._deadline(),
            obligation_due_dates=tuple(i.due_on for i in self.instalments.instalments()),
            originals_override=self._originals_override(),
            executed_party_keys=frozenset(str(e.link_id) for e in (a.executions if a else ())),
            mediator_signed=bool(a and a.mediator_signed_on), seal_affixed=bool(a and a.seal_affixed_on),
            recorder_name=self.recorder.text(),
            dispute_type=DisputeType(self.detail.dispute_type) if self.detail else DisputeType.OTHER,
            personal_status=self.personal_status.isChecked(),
        )

    def _run_check(self) -> None:
        if self.detail is None:
            return
        check = check_agreement(self.draft_for_check())
        items = [Item(None, "✘ " + i.message, urgent=True) for i in check.missing]
        items += [Item(None, "⚠ " + i.message) for i in check.warnings]
        if not items:
            items = [Item(None, "✔ " + _("Everything the agreement needs is there."))]
        self.checklist.set_items(items)
        if check.missing:
            self.check_summary.setText(_("{n} required items missing").format(n=len(check.missing)))
            self.check_summary.setProperty("role", "error")
        else:
            self.check_summary.setText(_("Complete: can be printed and signed"))
            self.check_summary.setProperty("role", "ok")
        self.check_summary.style().unpolish(self.check_summary)
        self.check_summary.style().polish(self.check_summary)
        self.originals_default.setText(_("parties + 1 = {n}").format(n=len(self._particulars()) + 1))
        self.last_check = check

    # -- values ------------------------------------------------------------------------------------------
    def _deadline(self) -> dt.date | None:
        return self.deadline.date().toPython() if self.use_deadline.isChecked() else None

    def _originals_override(self) -> int | None:
        default = len(self._particulars()) + 1
        return None if self.originals.value() == default else self.originals.value()

    def to_input(self) -> AgreementInput:
        return AgreementInput(
            facts=self.facts.toPlainText(), issues=self.issues.toPlainText(), terms=self.terms.terms(),
            performance_method=self.method.text(), performance_place=self.place.text(),
            performance_deadline=self._deadline(),
            obligations=tuple(
                ObligationInput(obligor_link_id=i.obligor_link_id, amount_fen=i.amount_fen, due_on=i.due_on,
                                obligee_link_id=i.obligee_link_id, description=i.description)
                for i in self.instalments.instalments()
            ),
            responsibilities=self.responsibilities.toPlainText(), originals_override=self._originals_override(),
            personal_status=self.personal_status.isChecked(), recorder_name=self.recorder.text() or None,
            interpreter_name=self.interpreter.text() or None,
        )

    def to_draft(self) -> dict[str, Any]:
        return {
            "facts": self.facts.toPlainText(), "issues": self.issues.toPlainText(),
            "responsibilities": self.responsibilities.toPlainText(), "terms": list(self.terms.terms()),
            "method": self.method.text(), "place": self.place.text(),
            "deadline": self._deadline().isoformat() if self._deadline() else None,
            "originals": self.originals.value(), "personal": self.personal_status.isChecked(),
            "recorder": self.recorder.text(), "interpreter": self.interpreter.text(),
            "instalments": [
                {"obligor": str(i.obligor_link_id), "obligor_name": i.obligor_name,
                 "obligee": str(i.obligee_link_id) if i.obligee_link_id else None, "obligee_name": i.obligee_name,
                 "amount_fen": i.amount_fen, "due_on": i.due_on.isoformat() if i.due_on else None,
                 "description": i.description}
                for i in self.instalments.instalments()
            ],
        }

    def _load(self, values: dict[str, Any]) -> None:
        import uuid

        self._loading = True
        try:
            self.facts.setPlainText(values.get("facts") or "")
            self.issues.setPlainText(values.get("issues") or "")
            self.responsibilities.setPlainText(values.get("responsibilities") or "")
            self.terms.set_terms(list(values.get("terms") or []))
            self.method.setText(values.get("method") or "")
            self.place.setText(values.get("place") or "")
            deadline = values.get("deadline")
            self.use_deadline.setChecked(bool(deadline))
            if deadline:
                self.deadline.setDate(QDate.fromString(str(deadline), "yyyy-MM-dd"))
            self.originals.setValue(int(values.get("originals") or len(self._particulars()) + 1))
            self.personal_status.setChecked(bool(values.get("personal")))
            self.recorder.setText(values.get("recorder") or "")
            self.interpreter.setText(values.get("interpreter") or "")

            def uid(v: Any) -> Any:
                return uuid.UUID(v) if isinstance(v, str) else v

            self.instalments.set_instalments([
                Instalment(uid(i["obligor"]), i.get("obligor_name", ""), uid(i.get("obligee")),
                           i.get("obligee_name", ""), i.get("amount_fen"),
                           dt.date.fromisoformat(i["due_on"]) if i.get("due_on") else None,
                           i.get("description", ""), int(i.get("performed_fen") or 0))
                for i in values.get("instalments") or []
            ])
        finally:
            self._loading = False
        self._update_total()

    def _from_agreement(self, a: Any, d: Any) -> dict[str, Any]:
        if a is None:
            return {"facts": d.facts, "issues": d.requests, "terms": [], "originals": len(d.parties) + 1,
                    "personal": d.personal_status_suggested}
        return {
            "facts": a.facts, "issues": a.issues, "responsibilities": a.responsibilities, "terms": list(a.terms),
            "method": a.performance_method, "place": a.performance_place,
            "deadline": a.performance_deadline.isoformat() if a.performance_deadline else None,
            "originals": a.originals, "personal": a.personal_status, "recorder": a.recorder_name or "",
            "interpreter": a.interpreter_name or "",
            "instalments": [
                {"obligor": o.obligor_link_id, "obligor_name": o.obligor_name, "obligee": o.obligee_link_id,
                 "obligee_name": o.obligee_name or "", "amount_fen": o.amount_fen,
                 "due_on": o.due_on.isoformat() if o.due_on else None, "description": o.description,
                 "performed_fen": o.performed_fen}
                for o in a.obligations
            ],
        }

    # -- detail ------------------------------------------------------------------------------------------
    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        written = [a for a in d.agreements if a.form == "written"]
        a = written[-1] if written else None
        first_show = self._loaded_agreement is None and not self._dirty
        self._loaded_agreement = a
        items = [(p.link_id, p.name) for p in d.parties]
        self.payer.replace_items(items)
        self.payee.replace_items([(None, _("(no specific recipient)"))] + items)
        self.exec_party.replace_items(items)
        if self.payee.key() is None and len(d.parties) > 1:
            # The usual case: the respondent pays the applicant.
            self.payer.setCurrentIndex(1)
            self.payee.setCurrentIndex(1)
        if first_show or not self._dirty:
            draft = self._drafts.load(self._draft_key)
            if draft is not None:
                self._load(draft)
                self._dirty = True
                self.draft_note.setText(_("Unsaved changes from your last session were restored."))
                self.draft_note.show()
            else:
                self._load(self._from_agreement(a, d))
                self._dirty = False
        self.executions.set_rows(a.executions if a else ())
        executed = {e.link_id for e in (a.executions if a else ())}
        for i in range(self.exec_party.count()):
            if self.exec_party.key_at(i) not in executed:
                self.exec_party.setCurrentIndex(i)
                break
        self._suggest_method()
        if a and a.effective_on:
            self.effective.setText(_("In effect since {date}. Judicial confirmation can be applied for until {until}.")
                                   .format(date=date_text(a.effective_on),
                                           until=date_text(a.effective_on + dt.timedelta(days=30))))
        elif a:
            self.effective.setText(_("Not yet in effect: every party must execute it, and the mediator must sign "
                                     "and affix the seal."))
        else:
            self.effective.setText(_("No agreement has been saved yet."))
        if a is None:
            for b in (self.exec_button, self.seal_button):
                b.setEnabled(False)
            self.exec_reason.setText(_("Save the agreement first; then print it for signing."))
            self.exec_reason.show()
        self._run_check()

    def _suggest_method(self, *_a: object) -> None:
        link = self.exec_party.key()
        party = next((p for p in (self.detail.parties if self.detail else ()) if p.link_id == link), None)
        if party is None:
            return
        method = ExecutionMethod.SIGNATURE_AND_SEAL if party.kind == PartyKind.LEGAL.value \
            else ExecutionMethod.SIGNATURE_AND_FINGERPRINT
        self.exec_method.setCurrentIndex(self.exec_method.findData(method.value))
        self.exec_signer.setText(party.legal_rep_name or party.name if party.kind == PartyKind.LEGAL.value
                                 else party.name)

    # -- actions ----------------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        ctx, data = self.ctx, self.to_input()

        def done(_changes: Any) -> None:
            self._dirty = False
            self._drafts.discard(self._draft_key)
            self.draft_note.hide()

        self.call(lambda: ctx.services.agreements.save_draft(ctx.actor, ctx.case_id, data), done)

    def _record_execution(self) -> None:
        link = self.exec_party.key()
        if link is None:
            return
        ctx = self.ctx
        method = ExecutionMethod(self.exec_method.currentData())
        signer, on = self.exec_signer.text().strip() or None, self.exec_on.date().toPython()
        self.call(lambda: ctx.services.agreements.record_execution(ctx.actor, ctx.case_id, link, method,
                                                                   signer_name=signer, on=on),
                  message=self.exec_message)

    def _record_seal(self) -> None:
        ctx, on = self.ctx, self.exec_on.date().toPython()
        self.call(lambda: ctx.services.agreements.record_mediator_signature_and_seal(ctx.actor, ctx.case_id,
                                                                                     signed_on=on, sealed_on=on),
                  message=self.exec_message)

    def retranslate(self) -> None:
        self.content_box.setTitle(_("Agreement text"))
        labels = {
            "facts": _("Main facts"), "issues": _("Disputed issues"), "responsibilities": _("Responsibilities"),
            "terms": _("Agreed terms (numbered)"), "method": _("Method of performance"),
            "place": _("Place of performance"), "deadline": _("Deadline of performance"),
            "originals": _("Number of originals"), "personal": "", "recorder": _("Recorder"),
            "interpreter": _("Interpreter"),
        }
        for key, w in self._content_rows:
            self.content_form.labelForField(w).setText(labels[key])
        self.term_add.setText(_("Add term"))
        self.term_remove.setText(_("Remove"))
        self.term_up.setText(_("Move up"))
        self.term_down.setText(_("Move down"))
        self.use_deadline.setText(_("Fixed date"))
        self.personal_status.setText(_("About marriage, adoption or another personal-status relation"))
        self.method.setPlaceholderText(_("e.g. bank transfer to the applicant's account"))
        self.builder_box.setTitle(_("Instalment builder"))
        for label, text in zip(self.builder_labels, (_("Who pays"), _("To whom"), _("Total amount (yuan)"),
                                                     _("Number of instalments"), _("First due on"),
                                                     _("Months between instalments")), strict=True):
            label.setText(text)
        self.build.setText(_("Add instalments"))
        self.instalment_remove.setText(_("Remove selected instalment"))
        self.check_box.setTitle(_("Checklist"))
        self.save_button.setText(_("Save agreement (Ctrl+S)"))
        self.exec_box.setTitle(_("Signing"))
        for row, text in enumerate((_("Party"), _("How"), _("Signed by"), _("Date"))):
            self.exec_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        for i in range(self.exec_method.count()):
            self.exec_method.setItemText(i, ExecutionMethod(self.exec_method.itemData(i)).label())
        self.exec_button.setText(_("Record this party's execution"))
        self.seal_button.setText(_("Mediator signed and committee seal affixed"))
        self.instalments.retranslate()
        self.executions.retranslate()
        self._update_total()
        if self.detail is not None:
            self._run_check()
