"""人民调解四联单: one A4 page in four parts that share one serial number, separated by cut lines with
the serial written across each (骑缝), each part labelled with its holder (domain §4.1, §4.3).

存根联 stays at the window, 当事人联 goes to the party (what happens next, whom to call), 承办联 to
the committee or department that takes the dispute (what is asked, by when), 回执联 comes back with
the result, signed and dated. Data in (already in the form's words), PDF bytes out.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from mediation_app.documents import fonts, linebreak
from mediation_app.documents.base import CREATOR, DocumentError, PrintCanvas, RenderedDocument, styles
from mediation_app.documents.fmt import date_cn, xml
from mediation_app.documents.para import Paragraph
from mediation_app.domain.slips import PARTS, SlipPart
from mediation_app.i18n import _

TITLE = "人民调解四联单"
KIND = "slip"
TEMPLATE_VERSION = "1"
PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 16 * mm, 14 * mm, 9 * mm, 9 * mm
WIDTH = PAGE_W - LEFT - RIGHT
PART_H = (PAGE_H - TOP - BOTTOM) / 4
LABEL_W = 24 * mm
BLANK = "＿" * 6  # a blank to write on (full-width low lines: no ASCII on a Chinese form)
GAP = "\u00a0" * 6  # fixed space between two fields of one line (full-width spaces collapse)
YMD = "＿＿年＿＿月＿＿日"
SIZES = (9.5, 8.5, 7.5, 6.5)  # points, largest first


@dataclass(frozen=True, kw_only=True)
class SlipDocumentData:
    """Everything the four parts print, in words."""

    number: str  # 客商四联字〔2026〕第001号
    committee: str  # the issuing committee (the window)
    committee_address: str
    committee_phone: str
    issued_on: dt.date
    issued_by: str  # 经办人
    case_number: str  # "" for a dispute not (yet) registered as a case
    referral_number: str  # "" for a case's own slip
    parties: str  # 甲、乙
    summary: str  # the dispute in a few lines
    sent_to: str  # 承办单位
    asked: str  # 交办事项
    deadline: dt.date


class FourPartSlipDocument:
    kind = KIND
    title = TITLE
    template_version = TEMPLATE_VERSION

    def __init__(self, data: SlipDocumentData) -> None:
        self.data = data
        self._missing: dict[str, None] = {}

    # -- text ----------------------------------------------------------------------------------------
    def t(self, text: object, font_name: str = fonts.SERIF) -> str:
        s = "" if text is None else str(text)
        for ch in fonts.missing_glyphs(s, font_name):
            self._missing.setdefault(ch, None)
        return xml(fonts.replace_missing(s, font_name))

    def raw(self, text: str) -> str:
        """Text drawn straight on the canvas (no markup): characters the font lacks become the mark."""
        for ch in fonts.missing_glyphs(text, fonts.SERIF):
            self._missing.setdefault(ch, None)
        return fonts.replace_missing(text, fonts.SERIF)

    @staticmethod
    def _style(name: str, size: float = 9.5, bold: bool = False, align: int = 0) -> ParagraphStyle:
        return ParagraphStyle(f"slip_{name}", parent=styles()["cell"], fontName=fonts.SERIF_BOLD if bold else fonts.SERIF,
                              fontSize=size, leading=size + 3.2, alignment=align, wordWrap="CJK")

    def warnings(self) -> list[str]:
        msg = _("The document font has no glyph for {char}; it is printed as {mark}. "
                "Check the printout and write the character in by hand.")
        return [msg.format(char=fonts.describe(ch), mark=fonts.MISSING_MARK) for ch in self._missing]

    # -- the parts -----------------------------------------------------------------------------------
    def _source(self) -> str:
        d = self.data
        if d.referral_number:
            return f"交办单编号：{d.referral_number}" + (f"（案件编号：{d.case_number}）" if d.case_number else "")
        return f"案件编号：{d.case_number}" if d.case_number else "案件编号：（尚未立案）"

    def _rows(self, part: SlipPart) -> list[tuple[str, str]]:
        d = self.data
        parties = d.parties or BLANK
        if part.key == "stub":
            return [
                ("开具日期", f"{date_cn(d.issued_on)}{GAP}经办人：{d.issued_by or BLANK}"),
                ("当事人", parties),
                ("纠纷概要", d.summary),
                ("送往单位", f"{d.sent_to}{GAP}回执期限：{date_cn(d.deadline)}前"),
                ("编\u3000\u3000号", self._source()),
            ]
        if part.key == "party":
            if d.referral_number:
                nxt = (f"您反映的纠纷已转交{d.sent_to}办理，请留意其联系；办理结果将于{date_cn(d.deadline)}前"
                       f"反馈{d.committee}。请妥善保管本联，查询时出示。")
            else:
                nxt = (f"您的纠纷已由{d.sent_to}登记，将指派人民调解员与您联系、安排调解；调解不收取任何费用。"
                       f"请妥善保管本联，查询时出示。")
            return [
                ("当事人", parties),
                ("编\u3000\u3000号", self._source()),
                ("后续办理", nxt),
                ("联系电话", d.committee_phone or BLANK),
                ("联系地址", f"{d.committee}{GAP}{d.committee_address}".strip()),
            ]
        if part.key == "handler":
            return [
                ("承办单位", d.sent_to),
                ("当事人", parties),
                ("纠纷概要", d.summary),
                ("交办事项", d.asked),
                ("办理期限", f"{date_cn(d.deadline)}前办结，并将回执联退回{d.committee}"
                             + (f"（电话：{d.committee_phone}）" if d.committee_phone else "")),
                ("签\u3000\u3000收", f"签收人：{BLANK}{GAP}签收日期：{YMD}"),
            ]
        return [
            ("承办单位", d.sent_to),
            ("编\u3000\u3000号", self._source()),
            ("办理结果", "\n\n"),
            ("承\u2002办\u2002人", f"签名：{BLANK}{GAP}日期：{YMD}{GAP}（承办单位盖章）"),
            ("退\u3000\u3000回", f"请于{date_cn(d.deadline)}前将本联退回{d.committee}"),
        ]

    def _table(self, part: SlipPart, size: float) -> Table:
        label, cell = self._style("label", size, bold=True, align=1), self._style("cell", size)
        data = []
        for head, text in self._rows(part):
            body = "<br/>".join(self.t(line) for line in text.split("\n")) if text.strip() else "&nbsp;"
            if head == "办理结果":  # room to write the result by hand
                body = "<br/>".join(["&nbsp;"] * 5)
            data.append([Paragraph(head, label), Paragraph(body, cell)])
        table = Table(data, colWidths=(LABEL_W, WIDTH - LABEL_W))
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),  # not Table's Helvetica: every font embedded
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]))
        return table

    def _draw_part(self, c: Canvas, index: int, part: SlipPart) -> None:
        top = PAGE_H - TOP - index * PART_H
        d = self.data
        c.setFillColor(colors.black)
        c.setFont(fonts.SERIF_BOLD, 14)
        c.drawCentredString(PAGE_W / 2, top - 5.5 * mm, TITLE)
        c.setFont(fonts.SERIF, 9)
        c.drawCentredString(PAGE_W / 2, top - 9.5 * mm, self.raw(d.committee))
        c.setFont(fonts.SERIF_BOLD, 10.5)
        c.drawString(LEFT, top - 14 * mm, f"{part.ordinal}\u3000{part.name}（{part.holder}）")
        c.setFont(fonts.SERIF, 10)
        c.drawRightString(PAGE_W - RIGHT, top - 14 * mm, "编号：" + self.raw(d.number))
        room = PART_H - 19.5 * mm
        for size in SIZES:  # long names and addresses: a smaller size rather than a part over the next one
            table = self._table(part, size)
            _w, h = table.wrapOn(c, WIDTH, room)
            if h <= room:
                break
        else:
            raise DocumentError(_("The texts of four-part slip {number} are too long for its quarter of the page; "
                                  "shorten the names or the address.").format(number=d.number))
        table.drawOn(c, LEFT, top - 16 * mm - h)

    def _draw_cut(self, c: Canvas, y: float) -> None:
        """A dashed cut line with scissors, the serial written across it (骑缝)."""
        c.saveState()
        c.setStrokeColor(colors.Color(0.3, 0.3, 0.3))
        c.setLineWidth(0.6)
        c.setDash(3, 2)
        c.line(6 * mm, y, PAGE_W - 6 * mm, y)
        c.setDash()
        self._scissors(c, 10 * mm, y)
        text = f"骑缝编号：{self.raw(self.data.number)}\u3000（骑缝处加盖印章）"
        c.setFont(fonts.SERIF, 8)
        w = c.stringWidth(text, fonts.SERIF, 8)
        c.setFillColor(colors.white)
        c.rect(PAGE_W / 2 - w / 2 - 2, y - 3.2, w + 4, 6.4, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.drawCentredString(PAGE_W / 2, y - 2.8, text)
        c.setFont(fonts.SERIF, 7)
        c.drawRightString(PAGE_W - 8 * mm, y + 1.2, "沿虚线剪开")
        c.restoreState()

    @staticmethod
    def _scissors(c: Canvas, x: float, y: float) -> None:
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.7)
        c.circle(x, y + 1.6 * mm, 1.1 * mm, stroke=1, fill=0)
        c.circle(x, y - 1.6 * mm, 1.1 * mm, stroke=1, fill=0)
        c.line(x + 0.9 * mm, y + 1.0 * mm, x + 5.5 * mm, y - 0.9 * mm)
        c.line(x + 0.9 * mm, y - 1.0 * mm, x + 5.5 * mm, y + 0.9 * mm)

    def render(self) -> RenderedDocument:
        fonts.register_fonts()
        linebreak.install()
        buf = io.BytesIO()
        c = PrintCanvas(buf, pagesize=A4, invariant=1, initialFontName=fonts.SERIF, initialFontSize=10, initialLeading=13)
        c.setTitle(TITLE)
        c.setAuthor(self.data.committee)
        c.setSubject(self.data.number)
        c.setCreator(CREATOR)
        c.setProducer(CREATOR)
        for i, part in enumerate(PARTS):
            self._draw_part(c, i, part)
            if i:
                self._draw_cut(c, PAGE_H - TOP - i * PART_H + 1.5 * mm)
        c.showPage()
        c.save()
        return RenderedDocument(KIND, TEMPLATE_VERSION, TITLE, buf.getvalue(), 1, tuple(self.warnings()))
