"""The base renderer: A4 page, margins, fonts, named styles, page decorations, PDF bytes out.

A document is a list of *parts* (one per printed document or per original of an agreement).
Each part starts on a new page and has its own "第 X 页 共 Y 页" footer; a bound case file
also numbers every page in the top-right corner (the archive page number). Decorations that
need the page totals (footers, the agreement's verification line and QR code, the draft
watermark) are drawn when the canvas is saved, once all pages are known.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreakIfNotEmpty,
    SimpleDocTemplate,
    Spacer,
)

from mediation_app.documents import fonts, linebreak, paracache, scans
from mediation_app.documents.data import CaseDocuments
from mediation_app.documents.fmt import xml
from mediation_app.documents.layout_pass import LayoutOnlyTemplate
from mediation_app.documents.para import TIBETAN_RUN, Paragraph
from mediation_app.documents.qr import qr_path
from mediation_app.i18n import _

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 28 * mm  # binding edge
MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 30 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
QR_SIZE = 17 * mm
CREATOR = "Mediation Desk"


class DocumentError(Exception):
    """A document cannot be produced; the message names what is missing."""


class MissingDataError(DocumentError):
    """The case lacks data a document is made from; ``missing`` are English msgids."""

    def __init__(self, kind: str, missing: Sequence[str]):
        self.kind = kind
        self.missing = tuple(missing)
        items = ", ".join(_(m) for m in self.missing)
        super().__init__(
            _("Cannot produce the {kind} document; missing: {items}").format(kind=kind, items=items)
        )


def script_markup(text: str) -> str:
    """Paragraph mark-up of user text: its Tibetan runs in the Tibetan font (shaped: para.py), any
    other character the serif lacks as a visible mark."""
    return "".join(f"{TIBETAN_RUN}{xml(run)}</font>" if tibetan else xml(fonts.replace_missing(run))
                   for run, tibetan in fonts.script_runs(text))


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Named paragraph styles; every one is CJK-wrapped and uses the embedded serif."""
    fonts.register_fonts()
    linebreak.install()
    paracache.install()
    base = ParagraphStyle(
        "body",
        fontName=fonts.SERIF,
        fontSize=12,
        leading=21,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
        firstLineIndent=24,
        spaceAfter=2,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "plain": derive("plain", firstLineIndent=0),
        "title": derive(
            "title",
            fontName=fonts.SERIF_BOLD,
            fontSize=20,
            leading=28,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=6,
        ),
        "committee": derive("committee", fontSize=14, leading=20, alignment=TA_CENTER, firstLineIndent=0),
        "number": derive(
            "number", fontSize=11, leading=16, alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=8
        ),
        "heading": derive(
            "heading",
            fontName=fonts.SERIF_BOLD,
            fontSize=12,
            leading=21,
            firstLineIndent=0,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "item": derive("item", firstLineIndent=-24, leftIndent=48),
        "item3": derive("item3", firstLineIndent=-36, leftIndent=60),
        # the agreement's party particulars: compact, left-aligned, three lines a party
        "party": derive("party", fontSize=11, leading=17, firstLineIndent=0, alignment=TA_LEFT, spaceAfter=0),
        "cell": derive("cell", fontSize=10.5, leading=15, firstLineIndent=0, alignment=TA_LEFT),
        "cell_right": derive("cell_right", fontSize=10.5, leading=15, firstLineIndent=0, alignment=TA_RIGHT),
        "cell_center": derive(
            "cell_center", fontSize=10.5, leading=15, firstLineIndent=0, alignment=TA_CENTER
        ),
        "cell_bold": derive(
            "cell_bold",
            fontName=fonts.SERIF_BOLD,
            fontSize=10.5,
            leading=15,
            firstLineIndent=0,
            alignment=TA_CENTER,
        ),
        "small": derive("small", fontSize=9, leading=13, firstLineIndent=0),
        "right": derive("right", firstLineIndent=0, alignment=TA_RIGHT),
        "center": derive("center", firstLineIndent=0, alignment=TA_CENTER),
        "cover_title": derive(
            "cover_title",
            fontName=fonts.SERIF_BOLD,
            fontSize=30,
            leading=44,
            alignment=TA_CENTER,
            firstLineIndent=0,
        ),
        "page_header": derive("page_header", fontSize=9, leading=11, alignment=TA_LEFT, firstLineIndent=0,
                              spaceBefore=0, spaceAfter=0),
        "cover_committee": derive(
            "cover_committee",
            fontName=fonts.SERIF_BOLD,
            fontSize=18,
            leading=28,
            alignment=TA_CENTER,
            firstLineIndent=0,
        ),
        "tibetan": ParagraphStyle(
            "tibetan",
            fontName=fonts.TIBETAN,
            fontSize=13,
            leading=24,
            alignment=TA_LEFT,
            shaping=1,
            spaceAfter=4,
        ),
        "tibetan_title": ParagraphStyle(
            "tibetan_title",
            fontName=fonts.TIBETAN,
            fontSize=17,
            leading=30,
            alignment=TA_CENTER,
            shaping=1,
            spaceAfter=8,
        ),
    }


@dataclass(frozen=True)
class PartSpec:
    """How the pages of one part are decorated."""

    key: str
    title: str  # the document's name, as listed in the table of contents
    footer: bool = True  # "第 X 页 共 Y 页"
    header: str = ""  # printed top-left, e.g. "第1份 / 共3份（甲方收执）"
    verification: str = ""  # verification line above the footer
    qr_text: str = ""  # QR code in the bottom-right corner
    watermark: str = ""  # e.g. "草稿"
    remarks: str = ""  # TOC remarks column
    file_page_number: bool = True  # archive page number, when part of a bound file
    running_head: str = ""  # title and number repeated at the top of every continuation page


@dataclass
class Part:
    spec: PartSpec
    story: list[Flowable]
    after_build: Callable[[bytes, list[int]], bytes] | None = field(default=None, repr=False)


class PartMarker(Flowable):  # type: ignore[misc]
    """Zero-size flowable that tells the canvas which part the following pages belong to."""

    _md_always_draw = True  # drawn in a layout pass too (layout_pass.LayoutFrame)

    def __init__(self, key: str):
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._md_part = self.key


class PrintCanvas(Canvas):  # type: ignore[misc]
    """A document's canvas: a string drawn straight on the page (a copy's header, a running head,
    the verification line, a slip's counterfoil) gets the same visible mark for a character the
    current font cannot draw as paragraph text does (:func:`fonts.printable`)."""

    def drawString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:  # noqa: N802
        return super().drawString(x, y, fonts.printable(text, self._fontname), *args, **kw)

    def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:  # noqa: N802
        return super().drawCentredString(x, y, fonts.printable(text, self._fontname), *args, **kw)

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:  # noqa: N802
        return super().drawRightString(x, y, fonts.printable(text, self._fontname), *args, **kw)


class DocCanvas(PrintCanvas):
    """Collects the pages, then decorates each with totals known (footer, QR, watermark)."""

    def __init__(
        self,
        *args: Any,
        parts: dict[str, PartSpec],
        file_numbers: bool,
        sink: list[Any],
        layout_only: bool = False,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self._md_layout_only = layout_only  # only the page keys are wanted: no decoration, no PDF
        self._md_parts = parts
        self._md_file_numbers = file_numbers
        self._md_sink = sink
        self._md_pages: list[dict[str, Any]] = []
        self._md_part: str | None = None

    def drawImage(  # noqa: N802 (ReportLab's name)
        self,
        image: Any,
        x: float,
        y: float,
        width: Any = None,
        height: Any = None,
        mask: Any = None,
        *args: Any,
        **kw: Any,
    ) -> Any:
        """A scan (:class:`scans.ScanReader`) drawn as ReportLab draws it, its encoding cached."""
        if isinstance(image, scans.ScanReader) and not args and not any(kw.values()):
            return scans.draw(self, image, x, y, width, height, mask)
        return super().drawImage(image, x, y, width, height, mask, *args, **kw)

    def showPage(self) -> None:
        self._md_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        keys = [state.get("_md_part") for state in self._md_pages]
        if self._md_layout_only:
            self._md_sink.append(keys)
            return
        totals: dict[str | None, int] = {}
        for key in keys:
            totals[key] = totals.get(key, 0) + 1
        seen: dict[str | None, int] = {}
        archive_number = 0  # only the numbered pages count (not cover, contents, back cover)
        for index, state in enumerate(self._md_pages):
            self.__dict__.update(state)
            key = keys[index]
            seen[key] = seen.get(key, 0) + 1
            spec = self._md_parts.get(key) if key is not None else None
            if spec is not None:
                if spec.file_page_number:
                    archive_number += 1
                self._decorate(spec, seen[key], totals[key], archive_number)
            Canvas.showPage(self)
        self._md_sink.append(keys)
        Canvas.save(self)

    def _draw_qr(self, text: str, x: float, y: float, size: float) -> None:
        """Draw the QR modules as filled squares (no graphics renderer, so no stray fonts)."""
        self.setFillColor(colors.black)
        self.drawPath(PDFPathObject(code=[qr_path(text, x, y, size)]), stroke=0, fill=1)

    def _decorate(self, spec: PartSpec, page: int, total: int, file_page: int) -> None:
        self.saveState()
        if spec.watermark:
            self.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.28))
            self.setFont(fonts.SERIF_BOLD, 120)
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(40)
            self.drawCentredString(0, -40, spec.watermark)
            self.rotate(-40)
            self.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
        self.setFillColor(colors.black)
        if spec.footer:
            self.setFont(fonts.SERIF, 9)
            self.drawCentredString(PAGE_WIDTH / 2, 12 * mm, f"第 {page} 页　共 {total} 页")
        if spec.header and any(tib for _run, tib in fonts.script_runs(spec.header)):  # a name in Tibetan
            head = Paragraph(script_markup(spec.header), styles()["page_header"])
            head.wrapOn(self, FRAME_WIDTH, 20 * mm)
            head.drawOn(self, MARGIN_LEFT, PAGE_HEIGHT - 14 * mm - 2.5)
        elif spec.header:
            self.setFont(fonts.SERIF, 9)
            self.drawString(MARGIN_LEFT, PAGE_HEIGHT - 14 * mm, spec.header)
        if spec.running_head and page > 1:
            self.setFont(fonts.SERIF, 9)
            self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 20 * mm, spec.running_head)
            self.setLineWidth(0.4)
            self.line(MARGIN_LEFT, PAGE_HEIGHT - 21.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 21.5 * mm)
        if spec.verification:
            self.setFont(fonts.SERIF, 8)
            for i, line in enumerate(spec.verification.split("\n")):
                self.drawString(MARGIN_LEFT, 22 * mm - i * 11, line)
        if spec.qr_text:
            self._draw_qr(spec.qr_text, PAGE_WIDTH - MARGIN_RIGHT - QR_SIZE, 6 * mm, QR_SIZE)
        if self._md_file_numbers and spec.file_page_number:
            self.setFont(fonts.SERIF_BOLD, 12)
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT + 8 * mm, PAGE_HEIGHT - 14 * mm, str(file_page))
        self.restoreState()


# A heading needs room for itself and two lines of what follows, or it starts the next page.
HEADING_ROOM = 6 + 21 + 2 + 2 * 21 + 4


def keep_headings(story: Sequence[Flowable]) -> list[Flowable]:
    """A heading never ends a page: a conditional page break before every heading paragraph.

    (ReportLab's keepWithNext would move a heading together with the whole next flowable, and a
    long paragraph after a heading would then leave most of a page blank.)
    """
    out: list[Flowable] = []
    for f in story:
        if isinstance(f, Paragraph) and getattr(f.style, "name", "") == "heading":
            out.append(CondPageBreak(HEADING_ROOM))
        out.append(f)
    return out


SIGNED_TEXT_CHARS = 400  # the paragraph before a signature block goes with it up to this length


def _is_signature(f: Flowable) -> bool:
    if getattr(f, "_md_signature", False):
        return True
    content: list[Flowable] = list(getattr(f, "_content", None) or []) if isinstance(f, KeepTogether) else []
    return any(getattr(c, "_md_signature", False) for c in content[:2])


def keep_signatures(story: Sequence[Flowable]) -> list[Flowable]:
    """A signature block never stands alone on a page: it is kept with the paragraph before it
    (when that paragraph is short; a long one still flows, and its last page holds the block)."""
    out: list[Flowable] = []
    for f in story:
        if _is_signature(f):
            k = len(out)
            while k > 0 and isinstance(out[k - 1], Spacer):
                k -= 1
            prev = out[k - 1] if k > 0 else None
            if isinstance(prev, Paragraph) and len(prev.getPlainText()) <= SIGNED_TEXT_CHARS:
                content = list(getattr(f, "_content", [f])) if isinstance(f, KeepTogether) else [f]
                kept = KeepTogether([*out[k - 1 :], *content])
                del out[k - 1 :]
                out.append(kept)
                continue
        out.append(f)
    return out


def build_pdf(
    parts: Sequence[Part],
    *,
    title: str,
    author: str = "",
    subject: str = "",
    file_numbers: bool = False,
    layout_only: bool = False,
) -> tuple[bytes, list[str | None]]:
    """Lay out the parts, each from a new page; return the PDF and the part key of every page.

    ``layout_only`` places the flowables as printing would but draws nothing and returns no PDF
    (``b""``): the page keys alone, for a pass whose output is not kept.
    """
    fonts.register_fonts()
    linebreak.install()
    paracache.install()
    buf = io.BytesIO()
    sink: list[Any] = []
    specs = {p.spec.key: p.spec for p in parts}
    if len(specs) != len(parts):
        raise ValueError("part keys must be unique")

    def canvasmaker(*args: Any, **kw: Any) -> DocCanvas:
        return DocCanvas(
            *args, parts=specs, file_numbers=file_numbers, sink=sink, layout_only=layout_only, **kw
        )

    template = LayoutOnlyTemplate if layout_only else SimpleDocTemplate
    doc = template(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator=CREATOR,
        producer=CREATOR,
        initialFontName=fonts.SERIF,
        initialFontSize=12,
        initialLeading=21,
        invariant=True,  # same input, same bytes: hashes of documents are reproducible
    )
    story: list[Flowable] = []
    for i, part in enumerate(parts):
        if i:
            story.append(PageBreakIfNotEmpty())
        story.append(PartMarker(part.spec.key))
        story.extend(keep_signatures(keep_headings(part.story)))
    doc.build(story, canvasmaker=canvasmaker)
    return buf.getvalue(), sink[-1] if sink else []


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    template_version: str
    title: str
    pdf: bytes
    pages: int
    warnings: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


class DocumentRenderer:
    """Template method: subclasses give ``kind``/``title`` and build ``story()``."""

    kind: ClassVar[str] = ""
    title: ClassVar[str] = ""  # Chinese form name, printed
    template_version: ClassVar[str] = "1"
    per_item: ClassVar[str] = ""  # "meetings", "investigations", "follow_ups": one document per item
    description: ClassVar[str] = ""  # English msgid naming the document in the software's UI

    def __init__(self, data: CaseDocuments, *, item: int | None = None, draft: bool = False):
        self.data = data
        self.item = item
        self.draft = draft
        self._missing: dict[str, None] = {}

    # --- to override -------------------------------------------------------------------------
    @classmethod
    def applies(cls, data: CaseDocuments) -> bool:
        """Whether the case has what this document is made from."""
        return True

    def validate(self) -> None:
        """Raise :class:`MissingDataError` when the document cannot be produced."""

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def doc_title(self) -> str:
        return self.title

    def running_head(self, number: str = "") -> str:
        """Title and number printed atop every page after the first, e.g. 人民调解受理登记表（续页）　编号：…"""
        number = number or self.data.case.number
        return f"{self.doc_title()}（续页）\u3000编号：{number}" if number else f"{self.doc_title()}（续页）"

    def parts(self) -> list[Part]:
        key = self.kind if self.item is None else f"{self.kind}-{self.item}"
        spec = PartSpec(
            key=key,
            title=self.doc_title(),
            watermark="草稿" if self.draft else "",
            running_head=self.running_head(),
        )
        return [Part(spec, self.story())]

    def printed_parts(self) -> list[Part]:
        """:meth:`parts`, with the characters of their page decorations (header, running head,
        verification line, contents entry) the font lacks counted among the warnings."""
        parts = self.parts()
        for part in parts:
            spec = part.spec
            for text in (spec.title, spec.header, spec.running_head, spec.verification, spec.remarks):
                self.t(text)
        return parts

    # --- helpers for subclasses ----------------------------------------------------------------
    def t(self, text: object, font_name: str = fonts.SERIF) -> str:
        """User text, made safe for a Paragraph; runs of Tibetan script (a name written in Tibetan)
        are set in the Tibetan font and shaped (para.py), as they show on screen; any other
        character the font lacks becomes a visible mark and a warning."""
        s = "" if text is None else str(text)
        if font_name == fonts.SERIF and fonts.missing_glyphs(s, font_name):
            for run, tibetan in fonts.script_runs(s):
                for ch in [] if tibetan else fonts.missing_glyphs(run, font_name):
                    self._missing.setdefault(ch, None)
            return script_markup(s)
        for ch in fonts.missing_glyphs(s, font_name):
            self._missing.setdefault(ch, None)
        return xml(fonts.replace_missing(s, font_name))

    def p(self, markup: str, style: str = "body") -> Paragraph:
        """A paragraph of *markup*: pass user text through :meth:`t` first."""
        return Paragraph(markup, styles()[style])

    def warnings(self) -> list[str]:
        msg = _(
            "The document font has no glyph for {char}; it is printed as {mark}. "
            "Check the printout and write the character in by hand."
        )
        return [msg.format(char=fonts.describe(ch), mark=fonts.MISSING_MARK) for ch in self._missing]

    @property
    def missing_characters(self) -> list[str]:
        return list(self._missing)

    def render(self) -> RenderedDocument:
        self.validate()
        parts = self.printed_parts()
        pdf, pages = build_pdf(
            parts, title=self.doc_title(), author=self.data.committee.name, subject=self.data.case.number
        )
        for part in parts:
            if part.after_build is not None:
                pdf = part.after_build(pdf, [i for i, k in enumerate(pages) if k == part.spec.key])
        return RenderedDocument(
            self.kind, self.template_version, self.doc_title(), pdf, len(pages), tuple(self.warnings())
        )
