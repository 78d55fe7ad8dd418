"""The statistics form as plain data (frozen dataclasses in, bytes out): CSV and Excel writers.

The services turn a report into a :class:`StatsForm` (words, not codes); these writers and the PDF
renderer (stats_pdf.py) lay it out like the paper form: title, 填报单位 and period, the group row, the
column headings, sub-headings and the 单位 row, then one row per committee and the two total rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mediation_app.domain.statistics import csv_safe


@dataclass(frozen=True, kw_only=True)
class FormColumn:
    section: str  # 调解情况 / 排查预防纠纷
    group: str
    heading: str
    subheading: str
    unit: str
    code: str  # SF/T 0018 code or the column's key
    decimals: int = 0  # 2 for 万元


@dataclass(frozen=True, kw_only=True)
class FormRow:
    label: str
    values: tuple[int | Decimal, ...]
    total: bool = False


@dataclass(frozen=True, kw_only=True)
class CaseLine:
    """One case behind a cell of the total row (the xlsx's second sheet)."""

    column: str
    number: str
    title: str
    committee: str
    accepted_on: str
    closed_on: str


@dataclass(frozen=True, kw_only=True)
class StockGroup:
    """A heading over several columns of the organisation table (调解组织 / 人民调解员)."""

    title: str
    unit: str  # 个 / 人
    headings: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class StockTable:
    """The organisation stock laid out like the form: one row per active committee (a 1 under its
    type), the mediators full-time and part-time, and a total row."""

    title: str
    note: str  # which committees, and the day it was counted
    item_label: str
    unit_label: str
    groups: tuple[StockGroup, ...]
    rows: tuple[FormRow, ...]  # values across every group's columns, integers

    @property
    def width(self) -> int:
        return sum(len(g.headings) for g in self.groups)


@dataclass(frozen=True, kw_only=True)
class StatsForm:
    title: str
    reporting_unit: str  # 填报单位: …
    period: str  # 统计期间: …
    version: str  # 纠纷类型: …
    stamp: str  # generated / submitted line (hash for submitted reports)
    item_label: str  # 项目
    unit_label: str  # 单位
    columns: tuple[FormColumn, ...]
    rows: tuple[FormRow, ...]
    footnotes: tuple[str, ...]
    rates: tuple[str, ...] = ()  # success and performance rates, one line each
    chart_title: str = ""
    chart: tuple[tuple[str, int], ...] = ()  # (dispute type, cases) of the total row
    cases_sheet: str = ""
    cases_header: tuple[str, ...] = ()
    cases: tuple[CaseLine, ...] = ()
    stock: StockTable | None = None  # the organisation stock (a report computed now; not frozen)


def _cell(value: int | Decimal, decimals: int) -> str:
    return f"{value:.2f}" if decimals else str(value)


def render_csv(form: StatsForm) -> bytes:
    """UTF-8 with BOM (Excel opens it as Chinese), the header rows, the rows; every text cell that
    could start a formula (= + - @) neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    def safe(items: object) -> list[str]:
        return [csv_safe(str(x)) for x in items]  # type: ignore[attr-defined]

    w.writerow(safe([form.title]))
    w.writerow(safe([form.reporting_unit, form.period, form.version]))
    w.writerow(safe([form.item_label, *(c.group for c in form.columns)]))
    w.writerow(safe(["", *(c.heading for c in form.columns)]))
    w.writerow(safe(["", *(c.subheading for c in form.columns)]))
    w.writerow(safe([form.unit_label, *(c.unit for c in form.columns)]))
    w.writerow(safe(["", *(c.code for c in form.columns)]))
    for r in form.rows:
        w.writerow([csv_safe(r.label), *(_cell(v, c.decimals) for v, c in zip(r.values, form.columns, strict=True))])
    for line in (*form.rates, *form.footnotes):
        w.writerow(safe([line]))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def render_xlsx(form: StatsForm) -> bytes:
    """One sheet laid out like the form (merged group and heading cells, numbers as numbers, 万元
    with two decimals) and one sheet of the cases behind the total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = form.title[:31] or "Sheet"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    n = len(form.columns)
    last = get_column_letter(n + 1)
    ws["A1"] = form.title
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = centre
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = f"{form.reporting_unit}    {form.period}    {form.version}"
    ws.merge_cells(f"A2:{last}2")
    top = 3  # section, group, heading, sub-heading, unit
    ws.cell(row=top, column=1, value=form.item_label)
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 3, end_column=1)
    ws.cell(row=top + 4, column=1, value=form.unit_label)

    def merge_runs(row: int, texts: list[str], span_down: list[bool] | None = None,
                   skip: list[bool] | None = None) -> None:
        i = 0
        while i < n:
            j = i
            while j + 1 < n and texts[j + 1] == texts[i] and (span_down is None or span_down[j + 1] == span_down[i]):
                j += 1
            if skip is not None and skip[i]:
                i = j + 1
                continue
            ws.cell(row=row, column=i + 2, value=texts[i])
            down = 1 if span_down is not None and span_down[i] else 0
            if j > i or down:
                ws.merge_cells(start_row=row, start_column=i + 2, end_row=row + down, end_column=j + 2)
            i = j + 1

    same = [c.section == c.group for c in form.columns]  # a group that is its whole section spans both rows
    merge_runs(top, [c.section for c in form.columns], same)
    merge_runs(top + 1, [c.group for c in form.columns], skip=same)
    no_sub = [not c.subheading for c in form.columns]
    merge_runs(top + 2, [c.heading for c in form.columns], no_sub)
    for i, c in enumerate(form.columns):
        if c.subheading:
            ws.cell(row=top + 3, column=i + 2, value=c.subheading)
        ws.cell(row=top + 4, column=i + 2, value=c.unit)
    first_data = top + 5
    for k, r in enumerate(form.rows):
        ws.cell(row=first_data + k, column=1, value=r.label)
        for i, (v, c) in enumerate(zip(r.values, form.columns, strict=True)):
            cell = ws.cell(row=first_data + k, column=i + 2, value=float(v) if c.decimals else int(v))
            if c.decimals:
                cell.number_format = "0.00"
        if r.total:
            for i in range(n + 1):
                ws.cell(row=first_data + k, column=i + 1).font = Font(bold=True)
    last_row = first_data + len(form.rows) - 1
    for row in ws.iter_rows(min_row=top, max_row=last_row, max_col=n + 1):
        for cell in row:
            cell.border = border
            cell.alignment = centre
    note_row = last_row + 2
    for line in (*form.rates, *form.footnotes):
        ws.cell(row=note_row, column=1, value=line)
        ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=n + 1)
        note_row += 1
    ws.column_dimensions["A"].width = 28
    for i in range(n):
        ws.column_dimensions[get_column_letter(i + 2)].width = 7
    ws.row_dimensions[top + 2].height = 90
    ws.freeze_panes = ws.cell(row=first_data, column=2)
    cs = wb.create_sheet(form.cases_sheet[:31] or "Cases")
    cs.append(list(form.cases_header))
    for case in form.cases:
        cs.append([case.column, case.number, case.title, case.committee, case.accepted_on, case.closed_on])
    for i, width in enumerate((26, 30, 40, 12, 12, 12)):
        cs.column_dimensions[get_column_letter(i + 1)].width = width
    if form.stock is not None:
        _stock_sheet(wb.create_sheet(_sheet_title(form.stock.title, "Organisation")), form.stock, border, centre)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(text: str, fallback: str) -> str:
    """A worksheet name Excel accepts: none of []:*?/\\ and at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip()[:31]
    return cleaned or fallback


def _stock_sheet(ws: Any, stock: StockTable, border: Any, centre: Any) -> None:
    """The organisation stock as its own sheet: title, note, the group row (merged), the headings,
    the unit row, one row per committee and the total (numbers as numbers)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    n = stock.width
    last = get_column_letter(n + 1)
    ws["A1"] = stock.title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = centre
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = stock.note
    ws.merge_cells(f"A2:{last}2")
    ws.cell(row=3, column=1, value=stock.item_label)
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    ws.cell(row=5, column=1, value=stock.unit_label)
    col = 2
    for g in stock.groups:
        ws.cell(row=3, column=col, value=g.title)
        if len(g.headings) > 1:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(g.headings) - 1)
        for k, heading in enumerate(g.headings):
            ws.cell(row=4, column=col + k, value=heading)
            ws.cell(row=5, column=col + k, value=g.unit)
        col += len(g.headings)
    for k, r in enumerate(stock.rows):
        ws.cell(row=6 + k, column=1, value=r.label)
        for i, v in enumerate(r.values):
            ws.cell(row=6 + k, column=i + 2, value=int(v))
        if r.total:
            for i in range(n + 1):
                ws.cell(row=6 + k, column=i + 1).font = Font(bold=True)
    for row in ws.iter_rows(min_row=3, max_row=5 + len(stock.rows), max_col=n + 1):
        for cell in row:
            cell.border = border
            cell.alignment = centre
    ws.column_dimensions["A"].width = 34
    for i in range(n):
        ws.column_dimensions[get_column_letter(i + 2)].width = 11
    ws.row_dimensions[4].height = 60
