"""The statistics form as a PDF (landscape A3): the header rows of the paper form with merged cells,
the columns split over two pages with the row labels repeated, then a bar chart of the dispute types
drawn with ReportLab's own graphics, the rates and the definitions as footnotes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from mediation_app.documents import fonts
from mediation_app.documents.base import PrintCanvas
from mediation_app.documents.para import Paragraph
from mediation_app.documents.stats_form import FormColumn, StatsForm, StockTable

PAGE = landscape(A3)
MARGIN = 12 * mm
LABEL_WIDTH = 62 * mm
MAX_COLUMNS = 34  # per page


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register_fonts()
    base = ParagraphStyle("cell", fontName=fonts.SERIF, fontSize=7.5, leading=9, alignment=1)
    return {
        "cell": base,
        "label": ParagraphStyle("label", parent=base, alignment=0, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.SERIF_BOLD, fontSize=18, leading=24),
        "meta": ParagraphStyle("meta", parent=base, fontSize=10, leading=14, alignment=0),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12, alignment=0),
    }


def _chunks(columns: Sequence[FormColumn]) -> list[tuple[int, int]]:
    """Column ranges per page, cut between groups."""
    out: list[tuple[int, int]] = []
    start = 0
    i = 0
    while i < len(columns):
        j = i
        while j + 1 < len(columns) and columns[j + 1].group == columns[i].group:
            j += 1
        if j + 1 - start > MAX_COLUMNS and i > start:
            out.append((start, i))
            start = i
        i = j + 1
    out.append((start, len(columns)))
    return out


def _runs(texts: list[str], also: list[bool] | None = None) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(texts):
        j = i
        while j + 1 < len(texts) and texts[j + 1] == texts[i] and (also is None or also[j + 1] == also[i]):
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def _table(form: StatsForm, lo: int, hi: int, st: dict[str, ParagraphStyle]) -> Table:
    cols = form.columns[lo:hi]
    n = len(cols)
    def p(text: str, style: str = "cell") -> Paragraph:
        return Paragraph(escape(text), st[style])

    data: list[list[object]] = [[p(form.item_label)] + [""] * n for _ in range(4)]
    data.append([p(form.unit_label), *(p(c.unit) for c in cols)])
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = [("SPAN", (0, 0), (0, 3))]
    same = [c.section == c.group for c in cols]  # a group that is its whole section spans both rows
    for row, texts, also in ((0, [c.section for c in cols], same), (1, [c.group for c in cols], None),
                             (2, [c.heading for c in cols], [not c.subheading for c in cols])):
        for i, j in _runs(texts, also):
            if row == 1 and same[i]:
                continue
            data[row][i + 1] = p(texts[i])
            down = 1 if also is not None and also[i] else 0
            if j > i or down:
                spans.append(("SPAN", (i + 1, row), (j + 1, row + down)))
    for i, c in enumerate(cols):
        if c.subheading:
            data[3][i + 1] = p(c.subheading)
    for r in form.rows:
        values = r.values[lo:hi]
        data.append([p(r.label, "label"), *(p(f"{v:.2f}" if c.decimals else str(v))
                                             for v, c in zip(values, cols, strict=True))])
    width = (PAGE[0] - 2 * MARGIN - LABEL_WIDTH) / max(n, 1)
    heights = [14, 26, 120, 22, 14] + [None] * len(form.rows)
    t = Table(data, colWidths=[LABEL_WIDTH] + [width] * n, rowHeights=heights, repeatRows=5)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ("BACKGROUND", (0, 0), (-1, 4), colors.Color(0.94, 0.94, 0.94)),
        *spans,
    ]
    for k, r in enumerate(form.rows):
        if r.total:
            style.append(("BACKGROUND", (0, 5 + k), (-1, 5 + k), colors.Color(0.97, 0.97, 0.9)))
    t.setStyle(TableStyle(style))
    return t


def _stock(stock: StockTable, st: dict[str, ParagraphStyle]) -> Table:
    """The organisation stock like the form: the group row over its columns, the headings, the unit
    row, one row per committee, the total."""
    def p(text: str, style: str = "cell") -> Paragraph:
        return Paragraph(escape(text), st[style])

    n = stock.width
    data: list[list[object]] = [[p(stock.item_label)] + [""] * n, [""] * (n + 1), [p(stock.unit_label)]]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = [("SPAN", (0, 0), (0, 1))]
    col = 1
    for g in stock.groups:
        data[0][col] = p(g.title)
        if len(g.headings) > 1:
            spans.append(("SPAN", (col, 0), (col + len(g.headings) - 1, 0)))
        for k, heading in enumerate(g.headings):
            data[1][col + k] = p(heading)
            data[2].append(p(g.unit))
        col += len(g.headings)
    for r in stock.rows:
        data.append([p(r.label, "label"), *(p(str(v)) for v in r.values)])
    width = (PAGE[0] - 2 * MARGIN - LABEL_WIDTH * 1.3) / max(n, 1)
    t = Table(data, colWidths=[LABEL_WIDTH * 1.3] + [width] * n, rowHeights=[18, 40, 14] + [None] * len(stock.rows),
              repeatRows=3)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 2), colors.Color(0.94, 0.94, 0.94)),
        *spans,
    ]
    for k, r in enumerate(stock.rows):
        if r.total:
            style.append(("BACKGROUND", (0, 3 + k), (-1, 3 + k), colors.Color(0.97, 0.97, 0.9)))
    t.setStyle(TableStyle(style))
    return t


def _chart(form: StatsForm) -> Drawing:
    items = list(form.chart)
    width, height = PAGE[0] - 2 * MARGIN, max(120.0, 16.0 * len(items) + 50)
    d = Drawing(width, height)
    d.add(String(0, height - 14, form.chart_title, fontName=fonts.SERIF_BOLD, fontSize=12))
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 20
    chart.width, chart.height = width - 220, height - 50
    chart.data = [[v for _l, v in reversed(items)] or [0]]
    chart.categoryAxis.categoryNames = [label for label, _v in reversed(items)] or [""]
    chart.categoryAxis.labels.fontName = fonts.SERIF
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = fonts.SERIF
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([v for _l, v in items] + [1]) * 1.1
    chart.bars[0].fillColor = colors.Color(0.25, 0.45, 0.7)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.SERIF
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


def render_pdf(form: StatsForm) -> bytes:
    st = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=form.title, author=form.reporting_unit)
    story: list[object] = []
    chunks = _chunks(form.columns)
    pages = len(chunks) + 1 + (form.stock is not None)
    for k, (lo, hi) in enumerate(chunks):
        if k:
            story.append(PageBreak())
        story += [Paragraph(escape(form.title), st["title"]), Spacer(0, 3 * mm),
                  Paragraph(escape(f"{form.reporting_unit}　　{form.period}　　{form.version}"), st["meta"]),
                  Spacer(0, 2 * mm), _table(form, lo, hi, st), Spacer(0, 2 * mm),
                  Paragraph(escape(f"{form.stamp}　（{k + 1}/{pages}）"), st["note"])]
    if form.stock is not None:
        story += [PageBreak(), Paragraph(escape(form.stock.title), st["title"]), Spacer(0, 3 * mm),
                  Paragraph(escape(f"{form.reporting_unit}　　{form.stock.note}"), st["meta"]), Spacer(0, 2 * mm),
                  _stock(form.stock, st), Spacer(0, 2 * mm),
                  Paragraph(escape(f"{form.stamp}　（{len(chunks) + 1}/{pages}）"), st["note"])]
    story += [PageBreak(), Paragraph(escape(form.title), st["title"]), Spacer(0, 4 * mm)]
    if form.chart:
        story += [_chart(form), Spacer(0, 5 * mm)]
    story += [Paragraph(escape(line), st["meta"]) for line in form.rates]
    story.append(Spacer(0, 3 * mm))
    story += [Paragraph(escape(f"{i}. {line}"), st["note"]) for i, line in enumerate(form.footnotes, 1)]
    story += [Spacer(0, 3 * mm), Paragraph(escape(f"{form.stamp}　（{pages}/{pages}）"), st["note"])]
    doc.build(story, canvasmaker=PrintCanvas)  # a drawn string gets the mark too (the chart)
    return out.getvalue()
