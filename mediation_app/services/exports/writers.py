"""Writing a table to CSV or .xlsx, streamed and atomic (fileio.atomic_open).

CSV is UTF-8 with a BOM (Excel and WPS open it without asking) and every cell that a spreadsheet
would run as a formula (beginning with = + - @, a tab or a carriage return) is neutralised with a
leading apostrophe. In .xlsx every text is stored as text (never as a formula), numbers as numbers,
dates as dates; the header row is bold and frozen and the columns are as wide as their Chinese text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mediation_app.fileio import atomic_open

Cell = str | int | float | dt.date | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 200  # rows looked at to size the columns
MAX_WIDTH = 60


def neutral(text: str) -> str:
    """A CSV cell a spreadsheet will show and never run (CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def display_width(text: str) -> int:
    """Columns the text takes in a spreadsheet: a Chinese character is two."""
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return neutral(str(value))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    count = 0
    with atomic_open(path) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow([neutral(h) for h in header])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
            count += 1
        text.flush()
        text.detach()
    return count


def write_xlsx(path: Path, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    iterator = iter(rows)
    sample: list[Sequence[Cell]] = []
    for row in iterator:
        sample.append(row)
        if len(sample) >= WIDTH_SAMPLE:
            break
    for col, title in enumerate(header):
        widths = [display_width(title)] + [display_width(_shown(r[col])) for r in sample if col < len(r)]
        sheet.column_dimensions[get_column_letter(col + 1)].width = min(MAX_WIDTH, max(widths) + 2)
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value: Cell) -> Any:
        c = WriteOnlyCell(sheet, value=value)  # a date is written as a date
        if isinstance(value, dt.date):
            c.number_format = "yyyy-mm-dd"
        elif isinstance(value, float):
            c.number_format = "#,##0.00"
        elif isinstance(value, str):
            c.data_type = "s"  # text stays text, even "=1+2": nothing in the file is a formula
            if "\n" in value:
                c.alignment = wrap
        return c

    heads = []
    for title in header:
        h = cell(title)
        h.font = bold
        heads.append(h)
    sheet.append(heads)
    count = 0
    for row in _chain(sample, iterator):
        sheet.append([cell(v) for v in row])
        count += 1
    with atomic_open(path) as fh:
        book.save(fh)
    return count


def _chain(first: list[Sequence[Cell]], rest: Iterable[Sequence[Cell]]) -> Iterable[Sequence[Cell]]:
    yield from first
    yield from rest


def _shown(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "2026-01-01"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
