"""Scanned evidence and signed copies placed in the case file.

Images become one page each, scaled to fit under a caption. A PDF attachment is merged page by
page (pypdf, a pinned runtime dependency): the builder first leaves captioned placeholder pages,
then draws each attachment page, scaled to fit, underneath the placeholder's caption and page
number. A PDF that cannot be read gets a single page saying so, never a silent gap.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from mediation_app.documents import fonts
from mediation_app.documents.base import (
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    Part,
    PartSpec,
    styles,
)
from mediation_app.documents.data import Attachment
from mediation_app.documents.fmt import xml
from mediation_app.documents.para import Paragraph
from mediation_app.documents.scans import ScanImage, ScanReader
from mediation_app.domain.enums import EvidenceKind

KIND_CN = {
    EvidenceKind.EVIDENCE: "证据材料",
    EvidenceKind.IDENTITY: "当事人身份证明",
    EvidenceKind.POWER_OF_ATTORNEY: "授权委托书",
    EvidenceKind.SIGNED_COPY: "签署后的协议书",
    EvidenceKind.RECEIPT: "履行凭证",
    EvidenceKind.COURT_RULING: "司法确认裁定书",
    EvidenceKind.OTHER: "其他材料",
}
CAPTION_SPACE = 16 * mm
_FRAME_H = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
MERGE_TOP = PAGE_HEIGHT - MARGIN_TOP - CAPTION_SPACE  # top edge of the area a merged page is drawn into


def attachment_bytes(att: Attachment) -> bytes | None:
    if att.data is not None:
        return att.data
    if att.path:
        try:
            return Path(att.path).read_bytes()
        except OSError:
            return None
    return None


def is_pdf(att: Attachment) -> bool:
    return att.mime == "application/pdf" or att.path.lower().endswith(".pdf")


def caption(att: Attachment, page: int = 1, pages: int = 1) -> Paragraph:
    text = f"附件：{att.title}（{KIND_CN.get(att.kind, '材料')}"
    if att.source:
        text += f"，来源：{att.source}"
    if pages > 1:
        text += f"，第{page}页/共{pages}页"
    text += "）"
    return Paragraph(xml(fonts.replace_missing(text)), styles()["plain"])


def _notice(att: Attachment, why: str) -> list[Flowable]:
    return [caption(att), Spacer(1, 20 * mm), Paragraph(xml(why), styles()["center"])]


def pdf_page_count(data: bytes) -> int | None:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None
        return len(reader.pages)
    except Exception:  # noqa: BLE001 (any unreadable file is reported on its page)
        return None


def attachment_part(key: str, att: Attachment) -> Part:
    spec = PartSpec(key=key, title=att.title, footer=False, remarks=KIND_CN.get(att.kind, ""))
    data = attachment_bytes(att)
    if data is None:
        return Part(spec, _notice(att, "（附件文件缺失，请附纸质原件）"))
    if is_pdf(att):
        count = pdf_page_count(data)
        if count is None:
            return Part(spec, _notice(att, "（PDF 附件无法读取或已加密，请附纸质原件）"))
        story: list[Flowable] = []
        for i in range(count):
            if i:
                story.append(PageBreak())
            story.append(caption(att, i + 1, count))
        return Part(spec, story, after_build=_merger(data))
    try:
        reader = ScanReader(data)
        w, h = reader.getSize()
    except Exception:  # noqa: BLE001
        return Part(spec, _notice(att, "（图片无法读取，请附纸质原件）"))
    max_w, max_h = FRAME_WIDTH, _FRAME_H - CAPTION_SPACE
    scale = min(max_w / w, max_h / h)
    img = ScanImage(reader, width=w * scale, height=h * scale)
    return Part(spec, [caption(att), Spacer(1, 3 * mm), img])


def _merger(data: bytes) -> Callable[[bytes, list[int]], bytes]:
    def merge(pdf: bytes, page_indexes: list[int]) -> bytes:
        return merge_pdf_pages(pdf, page_indexes, data)

    return merge


def merge_pdf_pages(pdf: bytes, page_indexes: list[int], attachment: bytes) -> bytes:
    """Draw the attachment's pages onto the given (placeholder) pages of ``pdf``, scaled to fit."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    source = PdfReader(io.BytesIO(attachment))
    for index, page in zip(page_indexes, source.pages, strict=False):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        x0, y0 = float(page.mediabox.left), float(page.mediabox.bottom)
        box_w, box_h = FRAME_WIDTH, MERGE_TOP - MARGIN_BOTTOM
        scale = min(box_w / w, box_h / h)
        tx = MARGIN_LEFT + (box_w - w * scale) / 2 - x0 * scale
        ty = MARGIN_BOTTOM + (box_h - h * scale) / 2 - y0 * scale
        writer.pages[index].merge_transformed_page(
            page, Transformation().scale(scale, scale).translate(tx, ty), over=False
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
