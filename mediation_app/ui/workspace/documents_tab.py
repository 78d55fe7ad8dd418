"""Documents (文书): every standard form of the case and the whole case file (卷宗), previewed,
printed or saved as PDF; the list of documents generated so far."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.documents import (
    CASEFILE_KIND,
    KINDS,
    SLIP_KIND,
    AgreementIncompleteError,
    DocumentError,
    DocumentKind,
    Offer,
)
from mediation_app.i18n import N_, _
from mediation_app.services.context import ChangeKind, Changes
from mediation_app.ui.formatting import datetime_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.printing import DocumentOutput, run_with_progress, suggested_file_name
from mediation_app.ui.read_only import reads
from mediation_app.ui.slips import case_slip_box
from mediation_app.ui.widgets.common import KeyedComboBox, error_text, role_label, set_primary
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

FORM_NAMES = {k.kind: k.form_name for k in (*KINDS, CASEFILE_KIND, SLIP_KIND)}


@dataclass(frozen=True)
class KindRow:
    kind: DocumentKind
    items: int  # how many there are to choose from (meetings …); 0 for a once-per-case document
    last: Any = None  # the latest generated document of this kind (DocumentRecordView)


def _items_text(row: KindRow) -> str:
    if not row.kind.per_item:
        return ""
    return _("{n} on record").format(n=row.items) if row.items else _("none yet")


def _last_text(row: KindRow) -> str:
    d = row.last
    if d is None:
        return ""
    return " · ".join((datetime_text(d.generated_at), _("final") if d.final else _("draft"), d.by))


KIND_COLUMNS = (
    Column(N_("Document"), lambda r: r.kind.form_name),
    Column(N_("One per"), _items_text),
    Column(N_("Last generated"), _last_text),
)
GENERATED_COLUMNS = (
    Column(N_("Document"), lambda d: FORM_NAMES.get(d.kind, d.kind)),
    Column(N_("Version"), lambda d: d.template_version),
    Column(N_("Final"), lambda d: _("final") if d.final else _("draft")),
    Column(N_("Pages"), lambda d: str(d.pages or "")),
    Column(N_("SHA-256"), lambda d: d.sha256[:12]),
    Column(N_("By"), lambda d: d.by),
    Column(N_("When"), lambda d: datetime_text(d.generated_at)),
)


def document_error_text(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, DocumentError) else error_text(exc)


class DocumentsTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.output = DocumentOutput(self, ctx.runner)
        self.agreement_note = role_label("", "warning")
        self.agreement_note.hide()
        self.kinds = RecordTableModel(KIND_COLUMNS, self)
        self.kind_view = table_view(self.kinds, stretch=2)
        self.kind_view.setToolTip(_("Double-click a document to preview it"))
        rows = len(KINDS) + 2
        self.kind_view.setMinimumHeight(self.kind_view.verticalHeader().defaultSectionSize() * rows + 40)
        self.kind_view.selectionModel().currentRowChanged.connect(self._on_kind)
        self.kind_view.doubleClicked.connect(lambda _i: self.preview())
        self.item = reads(KeyedComboBox())
        self.item_label = QLabel()
        self.draft = reads(QCheckBox())
        self.preview_button = reads(set_primary(QPushButton()))
        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.saved = role_label("", "muted")
        self.saved.hide()
        self.not_offered = role_label("", "muted")
        self.not_offered.hide()
        self.generated = RecordTableModel(GENERATED_COLUMNS, self)
        self.generated_view = table_view(self.generated, stretch=6)
        self.generated_view.setMinimumHeight(160)

        self.box = QGroupBox()
        bl = QVBoxLayout(self.box)
        bl.addWidget(self.agreement_note)
        bl.addWidget(self.kind_view, 1)
        choose = QHBoxLayout()
        choose.addWidget(self.item_label)
        choose.addWidget(self.item, 1)
        choose.addSpacing(16)
        choose.addWidget(self.draft)
        choose.addStretch(1)
        bl.addLayout(choose)
        buttons = QHBoxLayout()
        for b in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        bl.addLayout(buttons)
        self.slip_box = case_slip_box(ctx)  # 四联单: print, record the returned part
        bl.addWidget(self.slip_box)
        bl.addWidget(self.message)
        bl.addWidget(self.saved)
        bl.addWidget(self.not_offered)
        self.history_box = QGroupBox()
        hl = QVBoxLayout(self.history_box)
        hl.addWidget(self.generated_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box, 3)
        layout.addWidget(self.history_box, 1)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------------
    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        self._last = {doc.kind: doc for doc in d.documents}  # oldest first: the latest wins
        self.generated.set_rows(tuple(reversed(d.documents)))
        self._show_agreement_note()
        self.slip_box.reload()
        ctx, number = self.ctx, d.number
        ctx.runner.run(lambda: ctx.services.documents.offers(ctx.actor, number), self._set_offers,
                       lambda exc: self.message.show_issues([document_error_text(exc)]))

    def _set_offers(self, offers: list[Offer]) -> None:
        """Only the documents that apply to the case are listed; the others are named with the reason."""
        current = self.current_kind()
        kinds = {k.kind: k for k in (*KINDS, CASEFILE_KIND, SLIP_KIND)}
        last = getattr(self, "_last", {})
        rows = [KindRow(kinds[o.kind], o.items, last.get(o.kind)) for o in offers if o.applies and o.kind in kinds]
        self.kinds.set_rows(rows)
        if not self.select_kind(current.kind if current else "agreement") and rows:
            self.kind_view.setCurrentIndex(self.kinds.index(0, 0))
        self._offers = offers
        self._show_not_offered()

    def _show_not_offered(self) -> None:
        left_out = [o for o in getattr(self, "_offers", ()) if not o.applies and o.kind in FORM_NAMES]
        self.not_offered.setText(
            _("Not offered for this case:") + "\n" + "\n".join(f"{FORM_NAMES[o.kind]}: {o.reason}" for o in left_out)
            if left_out else "")
        self.not_offered.setVisible(bool(left_out))

    def _missing(self) -> tuple[str, ...]:
        a = self.detail.current_agreement if self.detail is not None else None
        return tuple(a.missing) if a is not None and a.form == "written" else ()

    def _show_agreement_note(self) -> None:
        missing = self._missing()
        if missing:
            self.agreement_note.setText(
                _("The agreement lacks: {items}. Until it is complete only a watermarked draft (草稿) can be printed.")
                .format(items="；".join(missing)))
        self.agreement_note.setVisible(bool(missing))

    def current_kind(self) -> DocumentKind | None:
        index = self.kind_view.currentIndex()
        return self.kinds.row_at(index.row()).kind if index.isValid() else None

    def select_kind(self, kind: str) -> bool:
        for row in range(self.kinds.rowCount()):
            if self.kinds.row_at(row).kind.kind == kind:
                self.kind_view.setCurrentIndex(self.kinds.index(row, 0))
                return True
        return False

    def _on_kind(self, *_a: object) -> None:
        kind = self.current_kind()
        per_item = kind.per_item if kind else ""
        items = list(getattr(self.detail, per_item, ())) if per_item and self.detail is not None else []
        entries = []
        for n, item in enumerate(items, 1):
            when = getattr(item, "held_at", None) or getattr(item, "scheduled_at", None) or getattr(item, "at", None)
            entries.append((n, _("No. {n}").format(n=n) + (f"  {datetime_text(when)}" if when else "")))
        self.item.replace_items(entries)
        for w in (self.item, self.item_label):
            w.setVisible(bool(per_item))
        is_agreement = kind is not None and kind.kind == "agreement"
        self.draft.setVisible(is_agreement)
        self.draft.setChecked(is_agreement and bool(self._missing()))
        enabled = kind is not None and (not per_item or bool(items))
        for b in (self.preview_button, self.print_button, self.save_button):
            b.setEnabled(enabled)
            b.setToolTip("" if enabled else _("There is nothing of this kind on record yet."))

    # -- actions ---------------------------------------------------------------------------------------
    def _request(self) -> tuple[str, int | None, bool] | None:
        kind = self.current_kind()
        if kind is None or self.detail is None:
            return None
        item = self.item.key() if kind.per_item else None
        return kind.kind, item, self.draft.isChecked() and kind.kind == "agreement"

    def _suggested(self, kind: str, item: int | None, draft: bool) -> str:
        extra = [str(item)] if item else []
        return suggested_file_name(self.detail.number, FORM_NAMES[kind], *extra, _("draft") if draft else "")

    def _generate(self, then: Any, *, draft: bool | None = None) -> None:
        request = self._request()
        if request is None:
            return
        kind, item, is_draft = request
        is_draft = is_draft if draft is None else draft
        ctx, number = self.ctx, self.detail.number
        self.message.show_issues()
        self.saved.hide()

        def done(doc: Any) -> None:
            ctx.events.changed(Changes.of(ChangeKind.DOCUMENT, ctx.case_id))
            then(doc, kind, item, is_draft)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AgreementIncompleteError):
                self.message.show_issues([str(exc)])
                if self.ask_draft(exc):
                    self._generate(then, draft=True)
                return
            self.message.show_issues([document_error_text(exc)])

        run_with_progress(self, ctx.runner, _("Preparing {name}…").format(name=FORM_NAMES[kind]),
                          lambda _p: ctx.services.documents.render(ctx.actor, number, kind, item=item, draft=is_draft),
                          done, failed, write=True)

    def ask_draft(self, exc: AgreementIncompleteError) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, _("The agreement is not complete"),
                          str(exc) + "\n\n" + _("Print a draft marked 草稿 for discussion with the parties instead?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _saver(self, kind: str, item: int | None, draft: bool):
        ctx, number = self.ctx, self.detail.number
        return lambda path: ctx.services.documents.save(ctx.actor, number, kind, path, item=item, draft=draft)

    def preview(self) -> None:
        self._generate(lambda doc, kind, item, draft: self.output.preview(
            doc, save=self._saver(kind, item, draft), suggested=self._suggested(kind, item, draft)))

    def print_document(self) -> None:
        self._generate(lambda doc, *_a: self.output.print(doc))

    def save_pdf(self) -> None:
        request = self._request()
        if request is None:
            return
        kind, item, draft = request
        self.message.show_issues()
        self.saved.hide()
        self.output.save(self._suggested(kind, item, draft), self._saver(kind, item, draft),
                         on_done=self._saved, on_error=self._save_failed)

    def _saved(self, path: Path) -> None:
        self.saved.setText(_("Saved: {file}").format(file=str(path)))
        self.saved.show()
        self.ctx.events.changed(Changes.of(ChangeKind.DOCUMENT, self.ctx.case_id))

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AgreementIncompleteError):
            self.draft.setChecked(True)
        self.message.show_issues([document_error_text(exc)])

    def retranslate(self) -> None:
        self.box.setTitle(_("Documents of this case"))
        self.history_box.setTitle(_("Documents generated"))
        self.item_label.setText(_("Which one"))
        self.draft.setText(_("Draft with watermark (草稿)"))
        self.preview_button.setText(_("Pre&view"))
        self.kind_view.setToolTip(_("Double-click a document to preview it"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("Save as P&DF…"))
        self.kinds.retranslate()
        self.generated.retranslate()
        if self.detail is not None:
            self._show_agreement_note()
            self._show_not_offered()
