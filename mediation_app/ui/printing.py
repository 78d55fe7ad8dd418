"""Turning rendered PDFs into pages on screen and paper: rasterising, progress, print and save.

PySide6-Essentials has no QtPdf, so PDF pages are rasterised with PDFium (pypdfium2), the same
engine as Chrome's PDF viewer, on every machine, offline. PDFium is not thread-safe: every call
into it holds ``PDFIUM_LOCK`` (the preview draws in the GUI thread while a print may run off it).

Long work (rendering, rasterising) runs through the task runner with a progress dialog whose
Cancel button stops at the next page. Pages are rasterised one at a time and painted onto the
printer as they arrive, so a bound case file never holds every page image in memory at once.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QObject, QRectF, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from mediation_app.i18n import _
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import show_error

PREVIEW_DPI = 96
MAX_PRINT_DPI = 300
PROGRESS_DELAY_MS = 600


class Cancelled(Exception):
    """The user pressed Cancel; the work stopped at the next step."""


# -- rasterising -----------------------------------------------------------------------------------
def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


PDFIUM_LOCK = threading.Lock()


def _to_image(page: Any, scale: float) -> QImage:
    """One PDFium page drawn at ``scale`` (pixels per point) as a QImage that owns its pixels."""
    bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True, may_draw_forms=False)
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        return image.copy()
    finally:
        bitmap.close()


def _pdfium_pages(pdf: bytes, dpi: float, indices: list[int]) -> Iterator[QImage]:
    """PDFium (pypdfium2, a pinned dependency) draws the pages; one document per call."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
    try:
        for i in indices:
            with PDFIUM_LOCK:
                page = doc[i]
                try:
                    image = _to_image(page, dpi / 72)
                finally:
                    page.close()
            yield image
    finally:
        with PDFIUM_LOCK:
            doc.close()


class PdfPages:
    """An open PDF for the preview: page sizes at once, a page's image when it is wanted."""

    def __init__(self, pdf: bytes) -> None:
        import pypdfium2 as pdfium

        self._data = pdf  # PDFium reads from this buffer for as long as the document is open
        with PDFIUM_LOCK:
            self._doc: Any = pdfium.PdfDocument(pdf)

    def sizes(self) -> list[tuple[float, float]]:
        """Width and height of every page, in points."""
        with PDFIUM_LOCK:
            return [tuple(self._doc.get_page_size(i)) for i in range(len(self._doc))]  # type: ignore[misc]

    def image(self, index: int, width_px: int) -> QImage:
        """Page ``index`` drawn ``width_px`` pixels wide."""
        with PDFIUM_LOCK:
            page = self._doc[index]
            try:
                width_pt = page.get_width()
                return _to_image(page, max(1, width_px) / width_pt)
            finally:
                page.close()

    def close(self) -> None:
        with PDFIUM_LOCK:
            if self._doc is not None:
                self._doc.close()
                self._doc = None


def rasterise(pdf: bytes, dpi: float, on_page: Callable[[int, int, QImage], None] | None = None,
              pages: list[int] | None = None) -> list[QImage]:
    """Page images of ``pdf`` at ``dpi``; with ``on_page`` each page is handed over as it is made
    (and not kept). Raises Cancelled when ``on_page`` raises it."""
    indices = pages if pages is not None else list(range(page_count(pdf)))
    kept: list[QImage] = []
    for n, image in enumerate(_pdfium_pages(pdf, dpi, indices)):
        if on_page is None:
            kept.append(image)
        else:
            on_page(n, len(indices), image)
    return kept


def paint_page(painter: QPainter, printer: QPrinter, image: QImage) -> None:
    """Draw one page image over the whole sheet (the PDF carries its own margins), aspect kept."""
    sheet = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    scale = min(sheet.width() / image.width(), sheet.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    target = QRectF(sheet.x() + (sheet.width() - w) / 2, sheet.y() + (sheet.height() - h) / 2, w, h)
    painter.drawImage(target, image)


def a4_printer(title: str, mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setDocName(title)
    return printer


# -- progress ------------------------------------------------------------------------------------------
class _Call(QObject):
    """A receiver living in the GUI thread, so that signals from workers run ``fn`` there (queued)."""

    def __init__(self, fn: Callable[..., None], parent: QObject) -> None:
        super().__init__(parent)
        self._fn = fn

    @Slot(int, int)
    def two(self, a: int, b: int) -> None:
        self._fn(a, b)

    @Slot(int, int, object)
    def three(self, a: int, b: int, c: object) -> None:
        self._fn(a, b, c)


class Progress(QObject):
    """Handed to work running off the GUI thread: ``report(done, total)`` moves the bar and raises
    Cancelled once the user has pressed Cancel. Signals arrive queued in the GUI thread.

    Signals:
        step(int, int): done, total.
        page(int, int, object): index, total, QImage (printing).
    """

    step = Signal(int, int)
    page = Signal(int, int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancelled = False

    def report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self.step.emit(done, total)

    def hand_over(self, index: int, total: int, image: QImage) -> None:
        if self.cancelled:
            raise Cancelled()
        self.page.emit(index, total, image)
        self.step.emit(index + 1, total)


def run_with_progress(parent: QWidget, runner: TaskRunner, label: str, work: Callable[[Progress], Any],
                      on_done: Callable[[Any], None], on_error: Callable[[BaseException], None] | None = None,
                      *, write: bool = False, progress: Progress | None = None) -> Progress:
    """Run ``work(progress)`` off the GUI thread behind a progress dialog with Cancel (shown only
    when the work takes longer than a moment). Cancelling drops the result."""
    progress = progress or Progress(parent)
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(_("Please wait"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def step(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def cancel() -> None:
        progress.cancelled = True

    def finish() -> None:
        dialog.canceled.disconnect(cancel)
        dialog.close()
        dialog.deleteLater()

    def done(result: Any) -> None:
        finish()
        if not progress.cancelled:
            on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        if isinstance(exc, Cancelled) or progress.cancelled:
            return
        if on_error is not None:
            on_error(exc)
        else:
            show_error(parent, exc)

    progress.step.connect(_Call(step, dialog).two)
    dialog.canceled.connect(cancel)
    runner.run(lambda: work(progress), done, failed, write=write)
    return progress


# -- the user's side: confirm, choose printer and file, print, save -----------------------------------
def suggested_file_name(*parts: str) -> str:
    name = "-".join(p for p in parts if p)
    return "".join("_" if ch in '/\\:*?"<>|' else ch for ch in name) + ".pdf"


class DocumentOutput:
    """Preview, print and save rendered documents for one window. The ``choose_*`` and
    ``confirm_warnings`` methods ask the user; tests replace them."""

    def __init__(self, parent: QWidget, runner: TaskRunner) -> None:
        self.parent = parent
        self.runner = runner
        self.print_dpi: int | None = None  # None: the printer's resolution, at most MAX_PRINT_DPI

    # -- questions -------------------------------------------------------------------------------------
    def confirm_warnings(self, warnings: tuple[str, ...] | list[str]) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Check before printing"),
                          _("The document has problems a printout would carry:") + "\n\n• "
                          + "\n• ".join(warnings) + "\n\n" + _("Print it anyway?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.parent)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def choose_printer(self, title: str) -> QPrinter | None:
        printer = a4_printer(title)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle(_("Print {title}").format(title=title))
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    def choose_save_path(self, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(self.parent, _("Save as PDF"), str(Path(folder) / suggested),
                                                    _("PDF documents (*.pdf)"))
        if not path:
            return None
        return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")

    # -- actions ---------------------------------------------------------------------------------------
    def preview(self, doc: Any, save: Callable[[Path], Any] | None = None, suggested: str = "") -> Any:
        from mediation_app.ui.print_preview import PrintPreviewDialog

        dialog = PrintPreviewDialog(doc, self, save=save, suggested=suggested, parent=self.parent)
        dialog.open()
        return dialog

    def print(self, doc: Any, on_done: Callable[[int], None] | None = None) -> bool:
        """Warnings first (confirmed), then the print dialog, then the pages, streamed to the printer."""
        if doc.warnings and not self.confirm_warnings(doc.warnings):
            return False
        printer = self.choose_printer(doc.title)
        if printer is None:
            return False
        self.print_to(printer, doc.pdf, on_done)
        return True

    def print_to(self, printer: QPrinter, pdf: bytes, on_done: Callable[[int], None] | None = None) -> None:
        dpi = self.print_dpi or min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        state = {"pages": 0, "open": False}

        def paint(index: int, _total: int, image: QImage) -> None:
            if not state["open"]:
                if not painter.begin(printer):
                    raise OSError(_("The printer could not be started."))
                state["open"] = True
            elif index > 0:
                printer.newPage()
            paint_page(painter, printer, image)
            state["pages"] += 1

        def close() -> None:
            if state["open"]:
                painter.end()
                state["open"] = False

        def done(_result: Any) -> None:
            close()
            if on_done is not None:
                on_done(state["pages"])

        def failed(exc: BaseException) -> None:
            if state["open"] and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
                printer.abort()
            close()
            if not isinstance(exc, Cancelled):
                show_error(self.parent, exc)

        progress = Progress(self.parent)
        progress.page.connect(_Call(paint, progress).three)
        run_with_progress(self.parent, self.runner, _("Sending the pages to the printer…"),
                          lambda p: rasterise(pdf, dpi, p.hand_over), done, failed, progress=progress)
        # A cancelled run ends through ``failed`` (Cancelled) and closes the painter there.

    def save(self, suggested: str, save: Callable[[Path], Any],
             on_done: Callable[[Path], None] | None = None, on_error: Callable[[BaseException], None] | None = None,
             *, write: bool = True) -> Path | None:
        """Ask for a file, then run ``save(path)`` (an atomic write) off the GUI thread."""
        path = self.choose_save_path(suggested)
        if path is None:
            return None
        run_with_progress(self.parent, self.runner, _("Saving {file}…").format(file=path.name),
                          lambda _p: save(path), lambda _r: on_done(path) if on_done else None, on_error,
                          write=write)
        return path
