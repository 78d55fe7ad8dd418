"""矛盾纠纷排查情况表 (the screening report, statistics-forms §4.1) and the monthly per-committee
screening figures: a laid-out sheet in (words and numbers, no codes), PDF bytes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from mediation_app.documents import fonts
from mediation_app.documents.base import FRAME_WIDTH, Part, PartSpec, RenderedDocument, build_pdf, styles
from mediation_app.documents.fmt import NBSP, date_cn
from mediation_app.documents.para import Paragraph

TITLE = "矛盾纠纷排查情况表"
LEVEL_HEADS = ("县市区", "乡镇街道", "村居", "小计", "年度累计")
MONTHLY_HEADS = ("调解委员会", "月份", "调解纠纷件数", "排查纠纷次数", "排查发现纠纷件数", "预防纠纷件数")


@dataclass(frozen=True, kw_only=True)
class SheetRow:
    number: int  # 序号
    group: str  # 内容: the row group, printed once over its rows
    item: str  # 内容: the measure within the group
    values: tuple[str, str, str, str, str]  # 县市区, 乡镇街道, 村居, 小计, 年度累计
    numbers: tuple[int | Decimal | None, ...] = ()  # the same as numbers (a rate in percent; None: "—")
    rate: bool = False  # the values are percentages


@dataclass(frozen=True, kw_only=True)
class MonthlyLine:
    committee: str
    month: str  # 2026年10月
    mediated: int
    rounds: int
    found: int
    prevented: int


@dataclass(frozen=True, kw_only=True)
class ScreeningSheet:
    """Everything printed on the report, already in the form's words."""

    unit: str  # 填报单位
    period_field: str  # 填报月份 / 填报季度 / 填报半年度 / 填报年度
    period: str  # 2026年10月
    rows: tuple[SheetRow, ...]
    monthly: tuple[MonthlyLine, ...]
    notes: tuple[str, ...]
    made_on: dt.date
    title_unit: str = ""  # the unit in the title: the committee's name when the report is of one

    @property
    def title(self) -> str:
        return f"{self.period}{self.title_unit}{TITLE}"


def _style(name: str, size: float = 9, align: int = TA_CENTER, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()["cell"], fontName=fonts.SERIF_BOLD if bold else fonts.SERIF,
                          fontSize=size, leading=size + 3, alignment=align)


def _title() -> ParagraphStyle:
    return ParagraphStyle("sr_title", parent=styles()["title"], fontSize=16, leading=22)


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(fonts.replace_missing(text, fonts.SERIF)), style)


def _grid(first_body_row: int) -> list[tuple[object, ...]]:
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, first_body_row - 1), colors.Color(0.93, 0.93, 0.93)),
    ]


def report_table(sheet: ScreeningSheet) -> Table:
    head, body, num = _style("sr_head", bold=True), _style("sr_body", align=TA_LEFT), _style("sr_num")
    widths = [10 * mm, 48 * mm, 22 * mm] + [(FRAME_WIDTH - 80 * mm) / 5] * 5
    data: list[list[object]] = [
        [_cell("序号", head), _cell("内容", head), "", _cell("层级", head), "", "", "", ""],
        ["", "", "", *[_cell(h, head) for h in LEVEL_HEADS]],
    ]
    style = _grid(2) + [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (2, 1)), ("SPAN", (3, 0), (7, 0))]
    start = 2
    groups: list[tuple[int, int]] = []
    for i, row in enumerate(sheet.rows):
        r = start + i
        if i == 0 or row.group != sheet.rows[i - 1].group:
            groups.append((r, r))
        else:
            groups[-1] = (groups[-1][0], r)
        data.append([_cell(str(row.number), num), _cell(row.group, body), _cell(row.item, num),
                     *[_cell(v, num) for v in row.values]])
    for top, bottom in groups:
        if bottom > top:
            style.append(("SPAN", (1, top), (1, bottom)))
            for r in range(top + 1, bottom + 1):
                data[r][1] = ""
    return Table(data, colWidths=widths, repeatRows=2, style=TableStyle(style))


def monthly_table(sheet: ScreeningSheet) -> Table:
    head, body, num = _style("sm_head", bold=True), _style("sm_body", align=TA_LEFT), _style("sm_num")
    widths = [FRAME_WIDTH - 5 * 22 * mm] + [22 * mm] * 5
    data: list[list[object]] = [[_cell(h, head) for h in MONTHLY_HEADS],
                                ["", _cell("单位", head), *[_cell(u, head) for u in ("件", "次", "件", "件")]]]
    for line in sheet.monthly:
        data.append([_cell(line.committee, body), _cell(line.month, num),
                     *[_cell(str(v), num) for v in (line.mediated, line.rounds, line.found, line.prevented)]])
    return Table(data, colWidths=widths, repeatRows=2, style=TableStyle(_grid(2) + [("SPAN", (0, 0), (0, 1))]))


def _header(sheet: ScreeningSheet, small: ParagraphStyle) -> list[Flowable]:
    return [
        Paragraph(escape(sheet.title), _title()),
        Table([[Paragraph(f"填报单位（盖章）：{escape(sheet.unit)}", small),
                Paragraph(f"{sheet.period_field}：{escape(sheet.period)}", small)]],
              colWidths=[FRAME_WIDTH * 0.68, FRAME_WIDTH * 0.32],
              style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])),
        Spacer(1, 2 * mm),
    ]


def story(sheet: ScreeningSheet) -> list[Flowable]:
    small = _style("sr_small", size=10, align=TA_LEFT)
    note = _style("sr_note", size=8.5, align=TA_LEFT)
    out: list[Flowable] = [*_header(sheet, small), report_table(sheet), Spacer(1, 2 * mm)]
    out.append(KeepTogether([
        Paragraph("备注：" + "".join(f"{i}. {escape(n)} " for i, n in enumerate(sheet.notes, 1)), note),
        Spacer(1, 3 * mm),
        Paragraph(f"签发人：{NBSP * 16}制表人：{NBSP * 16}填报日期：{date_cn(sheet.made_on)}", small),
    ]))
    return out


def monthly_story(sheet: ScreeningSheet) -> list[Flowable]:
    small = _style("sm_small", size=10, align=TA_LEFT)
    return [
        Paragraph(escape(f"{sheet.period}{sheet.title_unit}排查预防纠纷月度情况"), _title()),
        Paragraph(f"填报单位（盖章）：{escape(sheet.unit)}", small),
        Spacer(1, 2 * mm),
        monthly_table(sheet),
    ]


def render(sheet: ScreeningSheet) -> RenderedDocument:
    """The report on its own pages, then the monthly figures per committee."""
    parts = [Part(PartSpec(key="screening", title=sheet.title, running_head=f"{sheet.title}（续页）"), story(sheet))]
    if sheet.monthly:
        parts.append(Part(PartSpec(key="monthly", title="排查预防纠纷月度情况"), monthly_story(sheet)))
    pdf, pages = build_pdf(parts, title=sheet.title, author=sheet.unit, subject=sheet.period)
    return RenderedDocument("screening_report", "1", sheet.title, pdf, len(pages))
