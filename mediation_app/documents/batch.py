"""Several rendered documents bound into one PDF for a single print run (e.g. the day's agreements)."""

from __future__ import annotations

import io

from mediation_app.documents.base import RenderedDocument

BATCH_KIND = "batch"
BATCH_VERSION = "1"


def bind(documents: list[RenderedDocument], title: str) -> RenderedDocument:
    """Concatenate the PDFs in order; each keeps its own page numbering and verification lines."""
    from pypdf import PdfReader, PdfWriter

    if not documents:
        raise ValueError("nothing to bind")
    writer = PdfWriter()
    for doc in documents:
        writer.append(PdfReader(io.BytesIO(doc.pdf)))
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    warnings = tuple(w for doc in documents for w in doc.warnings)
    return RenderedDocument(BATCH_KIND, BATCH_VERSION, title, out.getvalue(),
                            sum(doc.pages for doc in documents), warnings)
