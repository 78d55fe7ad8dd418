"""矛盾纠纷排查情况表 as an Excel workbook (a laid-out sheet in, bytes out): the title, 填报单位 and
period, the two heading rows of the form with their merged cells (序号 | 内容 | 层级 over 县市区, 乡镇街道,
村居, 小计, 年度累计), the 52 rows with each group's name merged down its rows, counts as numbers and
rates as percentages; the notes and the signature line; the monthly figures per committee on a
second sheet."""

from __future__ import annotations

import io
from decimal import Decimal

from mediation_app.documents.forms.screening_report import LEVEL_HEADS, MONTHLY_HEADS, ScreeningSheet

MONTHLY_TITLE = "排查预防纠纷月度情况"
MONTHLY_UNITS = ("", "单位", "件", "次", "件", "件")


def render_xlsx(sheet: ScreeningSheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "矛盾纠纷排查情况表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    ws["A1"] = sheet.title
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = centre
    ws.merge_cells("A1:H1")
    ws["A2"] = f"填报单位（盖章）：{sheet.unit}"
    ws.merge_cells("A2:E2")
    ws["F2"] = f"{sheet.period_field}：{sheet.period}"
    ws.merge_cells("F2:H2")
    # the two heading rows: 序号 and 内容 span both, 层级 spans the five level columns
    ws["A3"], ws["B3"], ws["D3"] = "序号", "内容", "层级"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:C4")
    ws.merge_cells("D3:H3")
    for i, head in enumerate(LEVEL_HEADS):
        ws.cell(row=4, column=4 + i, value=head)
    first = 5
    group_start = first
    for k, row in enumerate(sheet.rows):
        r = first + k
        ws.cell(row=r, column=1, value=row.number)
        if k == 0 or row.group != sheet.rows[k - 1].group:
            ws.cell(row=r, column=2, value=row.group)
            group_start = r
        ws.cell(row=r, column=3, value=row.item)
        numbers = row.numbers or row.values
        for i, value in enumerate(numbers):
            cell = ws.cell(row=r, column=4 + i)
            if value is None or isinstance(value, str):
                cell.value = value if isinstance(value, str) else "—"
            elif row.rate:
                cell.value = float(Decimal(value) / 100)
                cell.number_format = "0.00%"
            else:
                cell.value = int(value)
        last_of_group = k + 1 == len(sheet.rows) or sheet.rows[k + 1].group != row.group
        if last_of_group and r > group_start:
            ws.merge_cells(start_row=group_start, start_column=2, end_row=r, end_column=2)
    last = first + len(sheet.rows) - 1
    for cells in ws.iter_rows(min_row=3, max_row=last, max_col=8):
        for cell in cells:
            cell.border = border
            cell.alignment = left if cell.column == 2 and cell.row >= first else centre
    for cell in ws[3] + ws[4]:
        cell.font = Font(bold=True)
    note_row = last + 2
    for i, note in enumerate(sheet.notes, 1):
        ws.cell(row=note_row, column=1, value=f"注{i}：{note}")
        ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=8)
        ws.cell(row=note_row, column=1).alignment = left
        note_row += 1
    ws.cell(row=note_row + 1, column=1, value=f"签发人：　　　　制表人：　　　　填报日期：{sheet.made_on.isoformat()}")
    ws.merge_cells(start_row=note_row + 1, start_column=1, end_row=note_row + 1, end_column=8)
    for col, width in zip("ABCDEFGH", (6, 40, 12, 10, 10, 10, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D5"
    if sheet.monthly:
        ms = wb.create_sheet(MONTHLY_TITLE)
        ms["A1"] = f"{sheet.period}{sheet.title_unit}{MONTHLY_TITLE}"
        ms["A1"].font = Font(bold=True, size=14)
        ms.merge_cells("A1:F1")
        ms.append(list(MONTHLY_HEADS))
        ms.append(list(MONTHLY_UNITS))
        ms.merge_cells("A2:A3")
        for line in sheet.monthly:
            ms.append([line.committee, line.month, line.mediated, line.rounds, line.found, line.prevented])
        for cells in ms.iter_rows(min_row=2, max_row=ms.max_row, max_col=6):
            for cell in cells:
                cell.border = border
                cell.alignment = centre
        for col, width in zip("ABCDEF", (40, 12, 14, 14, 16, 14), strict=True):
            ms.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
