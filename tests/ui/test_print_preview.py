"""The print preview: drawn page by page, deleted with its pages when closed, inside the screen."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QRect
from PySide6.QtWidgets import QWidget

from mediation_app.ui.print_preview import PrintPreviewDialog
from mediation_app.ui.printing import DocumentOutput
from tests.ui.test_printing_referral_risk import drafted_agreement

MB = 1024 * 1024


def _rss() -> int:
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("resident memory is read from /proc")
    return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()


@pytest.fixture
def agreement(services, admin):
    _case_id, number = drafted_agreement(services, admin)
    return services.documents.render(admin, number, "agreement")


@pytest.fixture
def tab(qtbot):
    widget = QWidget()  # stands in for the case tab that opens previews
    widget.resize(1000, 700)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _open(tab, runner, doc) -> PrintPreviewDialog:
    dialog = DocumentOutput(tab, runner).preview(doc, save=lambda _p: None)
    dialog.render_visible()
    return dialog


def test_the_preview_draws_the_pages_in_view_and_keeps_only_those(tab, runner, agreement):
    dialog = _open(tab, runner, agreement)
    assert agreement.pages == len(dialog.page_labels) >= 3
    first = set(dialog.images)
    assert 0 in first and len(first) < len(dialog.page_labels) or len(dialog.page_labels) <= 3
    bar = dialog.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    dialog.render_visible()
    last = len(dialog.page_labels) - 1
    assert last in dialog.images and not dialog.page_labels[last].pixmap().isNull()
    assert 0 not in dialog.images or len(dialog.page_labels) <= 3  # pages far away gave their image back
    dialog.zoom.setValue(150)  # a zoom redraws what is in view, wider
    dialog.render_visible()
    assert dialog.images[last].width() > dialog.page_labels[last].width() * 0.99 * dialog.devicePixelRatioF()
    dialog.reject()


def test_closing_a_preview_deletes_it_with_its_pages(tab, runner, agreement):
    dialog = _open(tab, runner, agreement)
    assert dialog.images
    dialog.buttons.button(dialog.buttons.StandardButton.Close).click()
    _flush_deletes()
    assert not shiboken6.isValid(dialog)
    assert not tab.findChildren(PrintPreviewDialog)


def test_twenty_previews_opened_and_closed_leave_memory_where_it_was(tab, runner, agreement):
    for _ in range(2):  # first use: PDFium, fonts and Qt's caches settle
        _open(tab, runner, agreement).reject()
        _flush_deletes()
    gc.collect()
    before = _rss()
    for _ in range(20):
        dialog = _open(tab, runner, agreement)
        assert dialog.images
        dialog.reject()
        _flush_deletes()
    gc.collect()
    grown = _rss() - before
    assert grown < 40 * MB, f"20 previews kept {grown / MB:.0f} MB"
    assert not tab.findChildren(PrintPreviewDialog)


def test_the_preview_and_its_buttons_fit_the_screen(tab, runner, agreement):
    dialog = _open(tab, runner, agreement)
    area = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= area.height() and dialog.frameGeometry().width() <= area.width()
    inside = QRect(0, 0, dialog.width(), dialog.height())
    for button in (dialog.print_button, dialog.save_button, dialog.buttons.button(dialog.buttons.StandardButton.Close)):
        assert button.isVisible()
        rect = QRect(button.mapTo(dialog, button.rect().topLeft()), button.size())
        assert inside.contains(rect), button.text()
    dialog.reject()
