"""先行赔付凭证 (the voucher of a payment out of the market's advance compensation fund) and
追偿收据 (the receipt of money recovered from the merchant): one A4 page, the stub (存根联) and the
copy handed over (收执联) with the same number, separated by a cut line. Words in, PDF bytes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from mediation_app.documents import fonts
from mediation_app.documents.base import FRAME_WIDTH, Part, PartSpec, RenderedDocument, build_pdf, styles
from mediation_app.documents.fmt import NBSP, date_cn, money_figures, money_upper
from mediation_app.documents.para import Paragraph

PAYMENT_TITLE = "先行赔付凭证"
RECOVERY_TITLE = "追偿收据"
COPIES = ("第一联　存根联（市场留存）", "第二联　收执联（{holder}收执）")


@dataclass(frozen=True, kw_only=True)
class FundReceipt:
    """Everything printed, already in the form's words."""

    title: str  # PAYMENT_TITLE or RECOVERY_TITLE
    unit: str  # the committee (or market) that keeps the fund
    number: str  # 先赔〔2026〕第001号
    on: dt.date
    amount_fen: int
    fields: tuple[tuple[str, str], ...]  # (label, value) in order
    signers: tuple[tuple[str, str], ...]  # (审批人, 马调解), (经办人, ""), (领款人, "") …
    holder: str  # who keeps the second copy: 领款人 / 交款人
    cancelled: str = ""  # "已于…冲正（冲正〔2026〕第001号）" when the entry was reversed


def _style(name: str, size: float = 10.5, align: int = TA_LEFT, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()["cell"], fontName=fonts.SERIF_BOLD if bold else fonts.SERIF,
                          fontSize=size, leading=size + 5, alignment=align)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(fonts.replace_missing(text, fonts.SERIF)), style)


def _copy(r: FundReceipt, copy: str) -> list[Flowable]:
    label, body = _style("fr_label", bold=True), _style("fr_body")
    rows: list[list[object]] = [[_p(k, label), _p(v, body)] for k, v in r.fields]
    rows.append([_p("金额（大写）", label), _p(f"人民币{money_upper(r.amount_fen)}", _style("fr_upper", 12, bold=True))])
    rows.append([_p("金额（小写）", label), _p(money_figures(r.amount_fen), _style("fr_fig", 12, bold=True))])
    grid = Table(rows, colWidths=[36 * mm, FRAME_WIDTH - 36 * mm], style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),  # a table draws in its cells' font: never Helvetica
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.95, 0.95, 0.95)),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    sign = _style("fr_sign")
    signs = Table([[_p(f"{role}：{name}", sign) for role, name in r.signers]],
                  colWidths=[FRAME_WIDTH / len(r.signers)] * len(r.signers),
                  style=TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.SERIF), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    out: list[Flowable] = [
        _p(r.unit, _style("fr_unit", 11, TA_CENTER)),
        _p(r.title if not r.cancelled else f"{r.title}（已冲正）", _style("fr_title", 16, TA_CENTER, bold=True)),
        Table([[_p(copy.format(holder=r.holder), _style("fr_copy", 9)),
                _p(f"编号：{r.number}", _style("fr_no", 10.5, TA_RIGHT))]],
              colWidths=[FRAME_WIDTH / 2] * 2,
              style=TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.SERIF), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)])),
        Spacer(1, 1 * mm), grid, Spacer(1, 3 * mm), signs,
    ]
    if r.cancelled:
        out.append(_p(r.cancelled, _style("fr_cancel", 10, bold=True)))
    out += [Spacer(1, 1 * mm), _p(f"{r.unit}（盖章）{NBSP * 4}{date_cn(r.on)}", _style("fr_seal", 10.5, TA_RIGHT))]
    return [KeepTogether(out)]


class _CutLine(Flowable):  # type: ignore[misc]
    """A dashed line across the frame with 裁剪线 in its middle."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, 9 * mm

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setDash(3, 3)
        c.setLineWidth(0.5)
        c.line(0, 4.5 * mm, self.width / 2 - 12 * mm, 4.5 * mm)
        c.line(self.width / 2 + 12 * mm, 4.5 * mm, self.width, 4.5 * mm)
        c.setFont(fonts.SERIF, 8)
        c.drawCentredString(self.width / 2, 3.5 * mm, "裁　剪　线")
        c.restoreState()


def story(r: FundReceipt) -> list[Flowable]:
    return [*_copy(r, COPIES[0]), Spacer(1, 2 * mm), _CutLine(), Spacer(1, 2 * mm), *_copy(r, COPIES[1])]


def render(r: FundReceipt) -> RenderedDocument:
    kind = "fund-payment" if r.title == PAYMENT_TITLE else "fund-recovery"
    parts = [Part(PartSpec(key=kind, title=r.title, footer=False), story(r))]
    pdf, pages = build_pdf(parts, title=f"{r.title} {r.number}", author=r.unit, subject=r.number)
    return RenderedDocument(kind, "1", r.title, pdf, len(pages))
