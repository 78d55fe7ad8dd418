"""Print preview: the rendered PDF's pages in a scrolling column, with print and save.

The dialog opens at once with a grey placeholder of each page's size; only the pages in view (and
the next one) are drawn, by PDFium at the screen's resolution and the chosen zoom, and pages
scrolled far away give their images back. Closing the dialog deletes it with everything it held,
so a day of previews does not add up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import _, ngettext
from mediation_app.ui.language import Retranslating
from mediation_app.ui.printing import PREVIEW_DPI, DocumentOutput, PdfPages
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label
from mediation_app.ui.widgets.screen_fit import fit_to_screen

PAGE_GAP = 16
KEEP_AROUND = 1  # pages drawn beyond the visible ones (the next page is ready when scrolled to)


class PrintPreviewDialog(Retranslating, QDialog):
    def __init__(self, doc: Any, output: DocumentOutput, *, save: Callable[[Path], Any] | None = None,
                 suggested: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Closed means gone: the case tab must not keep every preview it ever opened.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.doc, self.output, self._save, self._suggested = doc, output, save, suggested
        self.pages: PdfPages | None = None
        self.page_sizes: list[tuple[float, float]] = []  # in points
        self.page_labels: list[QLabel] = []
        fit_to_screen(self, 900, 1000)  # at most the screen's available area
        self.images: dict[int, QImage] = {}  # the page images held now (those in and near the view)
        self._drawn_at: dict[int, int] = {}  # page -> zoom it was drawn at
        self.heading = role_label("", "heading")
        self.warnings = role_label("", "warning")
        self.warnings.setVisible(bool(doc.warnings))
        self.message = FieldMessage()
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(50, 200)
        self.zoom.setValue(100)
        self.zoom.setMaximumWidth(220)
        self.zoom.valueChanged.connect(self._zoom_changed)
        self.zoom_label = QLabel()
        self.pages_widget = QWidget()
        self.pages_widget.setObjectName("preview_pages")
        self.pages_widget.setStyleSheet("#preview_pages { background: #8a8f98; }")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages_widget)
        self.scroll.verticalScrollBar().valueChanged.connect(self._schedule)
        self.scroll.viewport().installEventFilter(self)
        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._save_pdf)
        self.save_button.setVisible(save is not None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.zoom_label)
        top.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self.render_visible)
        self._open()
        self.retranslate()
        self._fit_to_screen()

    # -- pages -----------------------------------------------------------------------------------------
    def _open(self) -> None:
        try:
            self.pages = PdfPages(self.doc.pdf)
            self.page_sizes = self.pages.sizes()
        except Exception as exc:  # noqa: BLE001 - a PDF PDFium cannot read: said in the dialog
            self._failed(exc)
            return
        for _i in self.page_sizes:
            label = QLabel()
            label.setFrameShape(QFrame.Shape.Box)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self._size_placeholders()

    def _page_pixels(self, index: int) -> tuple[int, int]:
        """A page's size on screen (device-independent pixels) at the current zoom."""
        w, h = self.page_sizes[index]
        factor = PREVIEW_DPI / 72 * self.zoom.value() / 100
        return round(w * factor), round(h * factor)

    def _size_placeholders(self) -> None:
        for i, label in enumerate(self.page_labels):
            w, h = self._page_pixels(i)
            label.setFixedSize(w, h)

    def visible_pages(self) -> list[int]:
        """The pages in view, and ``KEEP_AROUND`` more on each side."""
        if not self.page_labels:
            return []
        top = self.scroll.verticalScrollBar().value()
        bottom = top + max(1, self.scroll.viewport().height())
        seen = [i for i, label in enumerate(self.page_labels)
                if label.y() < bottom and label.y() + label.height() > top]
        if not seen:
            seen = [0]
        first = max(0, seen[0] - KEEP_AROUND)
        last = min(len(self.page_labels) - 1, seen[-1] + KEEP_AROUND)
        return list(range(first, last + 1))

    def render_visible(self) -> None:
        """Draw the pages in view at the current zoom; give back the images of pages far away."""
        if self.pages is None:
            return
        wanted = set(self.visible_pages())
        zoom = self.zoom.value()
        ratio = self.devicePixelRatioF()
        for i in sorted(wanted):
            if self._drawn_at.get(i) == zoom:
                continue
            w, _h = self._page_pixels(i)
            try:
                image = self.pages.image(i, round(w * ratio))
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
                return
            pix = QPixmap.fromImage(image)
            pix.setDevicePixelRatio(ratio)
            self.page_labels[i].setPixmap(pix)
            self.images[i] = image
            self._drawn_at[i] = zoom
        for i in [i for i in self.images if i not in wanted]:
            self.page_labels[i].clear()
            del self.images[i]
            self._drawn_at.pop(i, None)

    def _schedule(self, *_a: object) -> None:
        if self.pages is not None:
            self._render_timer.start()

    def _zoom_changed(self, *_a: object) -> None:
        self.zoom_label.setText(_("Zoom {percent}%").format(percent=self.zoom.value()))
        self._size_placeholders()
        self._schedule()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self._schedule()
        return False

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._schedule()

    def _fit_to_screen(self) -> None:
        """As large as useful (a page at 100 % and its buttons), never larger than the screen."""
        page_w = self._page_pixels(0)[0] if self.page_sizes else 794
        fit_to_screen(self, page_w + 120, 1000)

    def _release(self) -> None:
        self._render_timer.stop()
        for label in self.page_labels:
            label.clear()
        self.images.clear()
        self._drawn_at.clear()
        if self.pages is not None:
            self.pages.close()
            self.pages = None

    def done(self, result: int) -> None:
        self._release()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._release()
        super().closeEvent(event)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_issues([error_text(exc)])
        self.print_button.setEnabled(False)

    # -- actions ---------------------------------------------------------------------------------------
    def _print(self) -> None:
        self.output.print(self.doc)

    def _save_pdf(self) -> None:
        if self._save is not None:
            self.output.save(self._suggested or self.doc.title + ".pdf", self._save,
                             on_error=lambda exc: self.message.show_issues([error_text(exc)]))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Print preview — {title}").format(title=self.doc.title))
        pages = len(self.page_labels) or self.doc.pages
        self.heading.setText(self.doc.title + "  " + ngettext("({n} page)", "({n} pages)", pages).format(n=pages))
        self.warnings.setText("\n".join(self.doc.warnings))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as PDF…"))
        self.zoom_label.setText(_("Zoom {percent}%").format(percent=self.zoom.value()))
