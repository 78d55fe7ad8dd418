"""Print preview: the rendered PDF's pages as images in a scrolling column, with print and save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
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
from mediation_app.ui.printing import PREVIEW_DPI, DocumentOutput, rasterise, run_with_progress
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label
from mediation_app.ui.widgets.screen_fit import fit_to_screen


class PrintPreviewDialog(Retranslating, QDialog):
    def __init__(self, doc: Any, output: DocumentOutput, *, save: Callable[[Path], Any] | None = None,
                 suggested: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.output, self._save, self._suggested = doc, output, save, suggested
        self.images: list[QImage] = []
        self.page_labels: list[QLabel] = []
        fit_to_screen(self, 900, 1000)  # at most the screen's available area
        self.heading = role_label("", "heading")
        self.warnings = role_label("", "warning")
        self.warnings.setVisible(bool(doc.warnings))
        self.message = FieldMessage()
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(50, 200)
        self.zoom.setValue(100)
        self.zoom.setMaximumWidth(220)
        self.zoom.valueChanged.connect(self._show_pages)
        self.zoom_label = QLabel()
        self.pages_widget = QWidget()
        self.pages_widget.setObjectName("preview_pages")
        self.pages_widget.setStyleSheet("#preview_pages { background: #8a8f98; }")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setSpacing(16)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages_widget)
        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._save_pdf)
        self.save_button.setVisible(save is not None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.zoom_label)
        top.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        self.retranslate()
        run_with_progress(self, output.runner, _("Preparing the preview…"), self._rasterise, self._loaded,
                          self._failed)

    def _rasterise(self, progress: Any) -> list[QImage]:
        images: list[QImage] = []

        def keep(index: int, total: int, image: QImage) -> None:
            images.append(image)
            progress.report(index + 1, total)

        # Rendered at twice the screen resolution, so zooming in stays sharp.
        rasterise(self.doc.pdf, PREVIEW_DPI * 2, keep)
        return images

    def _loaded(self, images: list[QImage]) -> None:
        self.images = images
        self._show_pages()

    def _failed(self, exc: BaseException) -> None:
        self.message.show_issues([error_text(exc)])
        self.print_button.setEnabled(False)

    def _show_pages(self, *_a: object) -> None:
        factor = self.zoom.value() / 100 / 2
        self.zoom_label.setText(_("Zoom {percent}%").format(percent=self.zoom.value()))
        while len(self.page_labels) < len(self.images):
            label = QLabel()
            label.setFrameShape(QFrame.Shape.Box)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        ratio = self.devicePixelRatioF()
        for label, image in zip(self.page_labels, self.images, strict=False):
            w = round(image.width() * factor * ratio)
            pix = QPixmap.fromImage(image.scaledToWidth(w, Qt.TransformationMode.SmoothTransformation))
            pix.setDevicePixelRatio(ratio)
            label.setPixmap(pix)
        self.retranslate()

    def _print(self) -> None:
        self.output.print(self.doc)

    def _save_pdf(self) -> None:
        if self._save is not None:
            self.output.save(self._suggested or self.doc.title + ".pdf", self._save,
                             on_error=lambda exc: self.message.show_issues([error_text(exc)]))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Print preview — {title}").format(title=self.doc.title))
        pages = len(self.images) or self.doc.pages
        self.heading.setText(self.doc.title + "  " + ngettext("({n} page)", "({n} pages)", pages).format(n=pages))
        self.warnings.setText("\n".join(self.doc.warnings))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as PDF…"))
        self.zoom_label.setText(_("Zoom {percent}%").format(percent=self.zoom.value()))
