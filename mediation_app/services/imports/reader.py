"""Reading a ledger file row by row with bounded memory: .xlsx through openpyxl's read-only mode
(formulas kept as their text, never evaluated) and .csv in UTF-8 (with or without BOM),
GB18030/GBK or UTF-16, detected. The header row is found among the first rows, merged (two-level)
header cells are read as one header per column, empty rows are skipped."""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediation_app.domain.ledger_fields import LedgerKind, guess_mapping, normalise_header
from mediation_app.domain.ledger_values import cell_text
from mediation_app.i18n import _
from mediation_app.services.errors import ServiceError

HEADER_SCAN_ROWS = 12  # the header row is looked for among the first rows (titles above it)
SNIFF_BYTES = 1 << 20


class LedgerFileError(ServiceError):
    """The file cannot be read as a ledger: one sentence saying why and what to do."""

    code = "ledger_file"


class Formula(str):
    """A formula cell's text ("=SUM(B2:B9)"): kept as typed, never evaluated."""

    __slots__ = ()


@dataclass(frozen=True)
class Sheet:
    headers: tuple[str, ...]  # one per column, merged header cells read into each column
    header_row: int  # the spreadsheet row number of the (lower) header row
    encoding: str | None  # CSV only: the detected encoding


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _broken(path: Path) -> LedgerFileError:
    return LedgerFileError(_("{name} cannot be read as a ledger: it is damaged or not an Excel (.xlsx) or CSV "
                             "file. Open it in Excel or WPS and save it again as .xlsx or CSV.").format(name=path.name))


# -- CSV --------------------------------------------------------------------------------------
def detect_encoding(head: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 (BOM, or the zero bytes of ASCII text), else GB18030 (GBK's superset)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4000]
    if sample and sample.count(0) > len(sample) // 4:
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _csv_rows(path: Path) -> tuple[str, Iterator[list[Any]]]:
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if b"\x00" in head[:8] and head[:4] == b"PK\x03\x04":
        raise _broken(path)
    encoding = detect_encoding(head)

    def rows() -> Iterator[list[Any]]:
        with open(path, encoding=encoding, newline="") as text:
            first = text.readline()
            delimiter = max((",", "\t", ";"), key=first.count) if first else ","
            text.seek(0)
            try:
                yield from csv.reader(text, delimiter=delimiter)
            except (UnicodeDecodeError, csv.Error) as exc:
                raise LedgerFileError(_("{name} is not readable text past its beginning ({problem}); save it "
                                        "again as CSV (UTF-8) or .xlsx.").format(name=path.name,
                                                                                  problem=type(exc).__name__)) from exc

    return encoding, rows()


# -- xlsx -------------------------------------------------------------------------------------
def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook  # read-only: rows stream from the zip, memory stays bounded

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise _broken(path) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise LedgerFileError(_("{name} has no worksheet.").format(name=path.name))
        for row in sheet.iter_rows():
            out: list[Any] = []
            for cell in row:
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" and value is not None:
                    value = Formula(str(getattr(value, "text", None) or value))  # ArrayFormula has .text
                out.append(value)
            yield out
    except LedgerFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part found while streaming
        raise _broken(path) from exc
    finally:
        book.close()


def raw_rows(path: Path) -> tuple[str | None, Iterator[list[Any]]]:
    """(CSV encoding or None, the file's rows as lists of cell values)."""
    if not path.is_file():
        raise LedgerFileError(_("There is no file {name}.").format(name=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return None, _xlsx_rows(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_rows(path)
    if suffix in (".xls", ".et", ".wps"):
        raise LedgerFileError(_("{name} is in an old spreadsheet format; open it in Excel or WPS and save it as "
                                ".xlsx or CSV.").format(name=path.name))
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic == b"PK\x03\x04":
        return None, _xlsx_rows(path)
    return _csv_rows(path)


def _empty(row: list[Any]) -> bool:
    return all(cell_text(v) == "" for v in row)


def _combined(upper: list[Any], lower: list[Any]) -> list[str]:
    """Two header rows read as one: an upper cell merged across columns (only its first cell holds
    the text) is carried right over the empty cells after it."""
    width = max(len(upper), len(lower))
    out: list[str] = []
    carried = ""
    for i in range(width):
        top = normalise_header(upper[i] if i < len(upper) else None)
        if top:
            carried = top
        bottom = normalise_header(lower[i] if i < len(lower) else None)
        out.append(carried + bottom if bottom else carried)
    return out


def find_header(kind: LedgerKind, first_rows: list[list[Any]]) -> tuple[int, list[str]]:
    """(index of the header row in ``first_rows``, the header of each column): the row, alone or
    read with the row above it, whose words match the most fields."""
    best: tuple[int, int, list[str]] = (0, 0, [])
    for i, row in enumerate(first_rows):
        single = [normalise_header(v) for v in row]
        options = [single]
        above = first_rows[i - 1] if i > 0 else []
        if sum(1 for v in above if normalise_header(v)) >= 2:  # a one-cell title row is not a header
            options.append(_combined(above, row))
        for headers in options:
            score = len(guess_mapping(kind, headers))
            if score > best[0]:
                best = (score, i, headers)
    if best[0] < 2:
        raise LedgerFileError(_("No header row was found among the first {n} rows: the ledger needs a row naming "
                                "its columns (案号, 当事人, 纠纷类型, 受理日期 …).").format(n=HEADER_SCAN_ROWS))
    return best[1], best[2]


class LedgerFile:
    """One ledger file: its header and its data rows (row number, cell values), read lazily."""

    def __init__(self, path: Path, kind: LedgerKind) -> None:
        self.path = Path(path)
        self.kind = kind
        encoding, rows = raw_rows(self.path)
        head: list[list[Any]] = []
        for row in rows:
            head.append(row)
            if len(head) >= HEADER_SCAN_ROWS:
                break
        if not any(not _empty(r) for r in head):
            raise LedgerFileError(_("{name} is empty.").format(name=self.path.name))
        index, headers = find_header(kind, head)
        self.sheet = Sheet(headers=tuple(headers), header_row=index + 1, encoding=encoding)
        self._buffered = head[index + 1:]
        self._rest = rows

    def close(self) -> None:
        """Release the file (a workbook read in read-only mode keeps it open until then)."""
        close = getattr(self._rest, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> LedgerFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows_below_header(self) -> int | None:
        """About how many rows lie below the header (empty ones included; a CSV cell holding a line
        break counts twice), for a progress bar: the rows of an .xlsx counted in a quick pass (the
        size a file records is missing or wrong in files some programs write; a second or so for
        10,000 rows, whose import takes minutes), the lines of a CSV file."""
        if self.sheet.encoding is None:
            from openpyxl import load_workbook

            try:
                book = load_workbook(self.path, read_only=True)
            except Exception:  # noqa: BLE001 - the rows themselves say what is wrong with the file
                return None
            try:
                last = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True)) if book.worksheets else 0
            except Exception:  # noqa: BLE001 - as above
                return None
            finally:
                book.close()
        else:
            with open(self.path, encoding=self.sheet.encoding, errors="replace", newline="") as text:
                last = sum(1 for _line in text)
        return max(0, last - self.sheet.header_row) if last else None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row number, cells) of every non-empty row below the header. Once only."""
        number = self.sheet.header_row
        for row in self._buffered:
            number += 1
            if not _empty(row):
                yield number, row
        for row in self._rest:
            number += 1
            if not _empty(row):
                yield number, row

