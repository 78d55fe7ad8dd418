"""The agreement's QR code: the matrix from ReportLab's encoder, the PDF path formatted once."""

from __future__ import annotations

from functools import cache, lru_cache

from reportlab.pdfgen.pathobject import PDFPathObject


@cache
def qr_modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR matrix of ``text`` (error correction level M), from ReportLab's encoder (the one its
    QR widget uses; imported here, not with the documents, as only agreements carry a code)."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


@lru_cache(maxsize=64)
def qr_path(text: str, x: float, y: float, size: float) -> str:
    """The PDF path of the QR code's dark modules as filled squares, formatted once: every page of
    every original carries the same code at the same place."""
    modules = qr_modules(text)
    n = len(modules)
    cell = size / n
    path = PDFPathObject()
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                path.rect(x + c * cell, y + size - (r + 1) * cell, cell, cell)
    return str(path.getCode())
