"""Table building blocks shared by the forms: field grids, party particulars, signature cells.

Every table sets FONTNAME for all its cells, so ReportLab never falls back to Helvetica.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from mediation_app.documents import fonts
from mediation_app.documents.base import FRAME_WIDTH, DocumentRenderer, styles
from mediation_app.documents.data import Party
from mediation_app.documents.fmt import BLANK, sex_cn
from mediation_app.documents.para import Paragraph

Cell = object  # a string or a Flowable (ReportLab is untyped)

GRID = 0.6
_BASE_STYLE = [
    ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),
    ("FONTSIZE", (0, 0), (-1, -1), 10.5),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("GRID", (0, 0), (-1, -1), GRID, colors.black),
    ("TOPPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
]


def table(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    extra: Sequence[tuple[object, ...]] = (),
    *,
    heights: Sequence[float | None] | None = None,
    repeat: int = 0,
    grid: bool = True,
    split_in_row: bool = True,
) -> Table:
    t = Table(
        [list(r) for r in rows],
        colWidths=list(widths),
        rowHeights=heights,
        repeatRows=repeat,
        splitInRow=1 if split_in_row else 0,  # a cell of long text flows on to the next page
    )
    base = _BASE_STYLE if grid else [s for s in _BASE_STYLE if s[0] != "GRID"]
    t.setStyle(TableStyle([*base, *extra, *_top_align_long_rows(rows)]))
    return t


LONG_CELL_CHARS = 600  # a cell this long may run over a page


def _top_align_long_rows(rows: Sequence[Sequence[Cell]]) -> list[tuple[object, ...]]:
    """Rows that may split across pages are top-aligned: ReportLab pads a middle-aligned cell of a
    split row by half the whole row's height, which left pages of blank table behind long text."""
    out: list[tuple[object, ...]] = []
    for r, row in enumerate(rows):
        if any(isinstance(c, Paragraph) and len(c.getPlainText()) > LONG_CELL_CHARS for c in row):
            out.append(("VALIGN", (0, r), (-1, r), "TOP"))
    return out


def label(text: str, style: str = "cell_center") -> Paragraph:
    """A fixed (trusted) label of a form cell."""
    return Paragraph(text, styles()[style])


def value(r: DocumentRenderer, text: object, style: str = "cell") -> Paragraph:
    s = "" if text is None else str(text)
    return Paragraph(r.t(s) if s.strip() else BLANK, styles()[style])


def field_table(
    r: DocumentRenderer,
    rows: Sequence[tuple[str, object]],
    label_width: float = 30 * mm,
    *,
    compact: bool = False,
) -> Table:
    """Two columns: label | value (user text, escaped)."""
    data = [[label(lbl), v if isinstance(v, Flowable) else value(r, v)] for lbl, v in rows]
    extra = [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)] if compact else []
    return table(data, [label_width, FRAME_WIDTH - label_width], extra)


_W8 = [w * mm for w in (18, 23, 32, 13, 11, 20, 19, 24)]


def particulars_table(r: DocumentRenderer, role: str, parties: Sequence[Party]) -> Table:
    """The particulars grid of the application / register / confirmation forms (fact 10)."""
    rows: list[list[Cell]] = []
    spans: list[tuple[object, ...]] = []
    for party in parties:
        start = len(rows)
        if party.is_legal:
            rows.append([label(role), label("名称"), value(r, party.name), "", "", "", "", ""])
            spans.append(("SPAN", (2, start), (7, start)))
            rows.append(
                [
                    "",
                    label("地址"),
                    value(r, party.address),
                    "",
                    "",
                    label("联系方式"),
                    value(r, party.contact),
                    "",
                ]
            )
            spans += [("SPAN", (2, start + 1), (4, start + 1)), ("SPAN", (6, start + 1), (7, start + 1))]
            rows.append(
                [
                    "",
                    label("法定代表人"),
                    value(r, party.legal_representative),
                    "",
                    "",
                    label("职务"),
                    value(r, party.representative_title),
                    "",
                ]
            )
            spans += [("SPAN", (2, start + 2), (4, start + 2)), ("SPAN", (6, start + 2), (7, start + 2))]
        else:
            age = f"{party.age}" if party.age is not None else ""
            rows.append(
                [
                    label(role),
                    label("姓名"),
                    value(r, party.name),
                    label("性别"),
                    value(r, sex_cn(party.sex), "cell_center"),
                    label("民族"),
                    value(r, party.ethnicity, "cell_center"),
                    "",
                ]
            )
            rows[-1][7] = Paragraph(f"年龄&nbsp;{r.t(age) if age else BLANK}", styles()["cell"])
            rows.append(
                [
                    "",
                    label("职业或职务"),
                    value(r, party.occupation),
                    "",
                    "",
                    label("联系方式"),
                    value(r, party.contact),
                    "",
                ]
            )
            spans += [("SPAN", (2, start + 1), (4, start + 1)), ("SPAN", (6, start + 1), (7, start + 1))]
            rows.append(["", label("单位或住址"), value(r, party.address), "", "", "", "", ""])
            spans.append(("SPAN", (2, start + 2), (7, start + 2)))
        if party.agent is not None:
            a = party.agent
            rows.append(
                [
                    "",
                    label(a.title),
                    value(r, f"{a.name}（{a.relation}）" if a.relation else a.name),
                    "",
                    "",
                    label("联系方式"),
                    value(r, a.contact),
                    "",
                ]
            )
            spans += [
                ("SPAN", (2, len(rows) - 1), (4, len(rows) - 1)),
                ("SPAN", (6, len(rows) - 1), (7, len(rows) - 1)),
            ]
        spans.append(("SPAN", (0, start), (0, len(rows) - 1)))
    widths = [w * (FRAME_WIDTH / sum(_W8)) for w in _W8]
    compact = [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    return table(rows, widths, [*spans, *compact])


@dataclass(frozen=True)
class Signer:
    role: str  # e.g. 申请人, 甲方, 人民调解员, 记录人
    name: str = ""  # printed under the role so the right person signs the right cell
    hint: str = "签名"  # 签名盖章或按指印 / 签名 / 单位盖章
    extra: str = ""  # a second line, e.g. 法定代表人或委托代理人（签名）


def party_signer(party: Party, role: str) -> Signer:
    if party.is_legal:
        return Signer(role, party.name, "单位盖章", "法定代表人或委托代理人（签名）")
    return Signer(role, party.name, "签名盖章或按指印")


def signature_block(r: DocumentRenderer, signers: Sequence[Signer], columns: int = 2) -> Table:
    """One boxed cell per signer: role and hint, the printed name, room to sign, a date line."""
    st = styles()
    gap = "\u00a0"
    cells: list[Cell] = []
    for s in signers:
        lines = f"{s.role}（{s.hint}）：" if s.hint else f"{s.role}："
        name = f'<font size="9" color="#555555">{r.t(s.name)}</font>' if s.name else ""
        extra = f"<br/>{s.extra}：" if s.extra else ""
        date = f"{gap * (22 if columns < 3 else 12)}年{gap * 5}月{gap * 5}日"
        cells.append(Paragraph(f"{lines}{extra}<br/>{name}<br/><br/>{date}", st["cell"]))
    columns = max(1, min(columns, len(cells)))
    boxes = [
        ("BOX", (i % columns, i // columns), (i % columns, i // columns), GRID, colors.black)
        for i in range(len(cells))
    ]
    while len(cells) % columns:
        cells.append("")
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    width = FRAME_WIDTH / 2 if columns == 1 else FRAME_WIDTH / columns
    t = table(rows, [width] * columns, [("VALIGN", (0, 0), (-1, -1), "TOP"), *boxes], grid=False)
    if columns == 1:
        t.hAlign = "RIGHT"
    t._md_signature = True  # base.keep_signatures keeps it with the text before it
    return t


def signature_grid(
    r: DocumentRenderer, signers: Sequence[Signer], seal: str, date: str, columns: int = 4
) -> Table:
    """Compact signature area of a one-page form: a line to sign on per signer, in ``columns``
    columns, then the committee's seal and the date in the bottom-right corner."""
    st = styles()
    cells: list[Cell] = []
    for s in signers:
        head = f"{s.role}（{s.hint}）：" if s.hint else f"{s.role}："
        name = f'<br/><font size="8" color="#555555">{r.t(s.name)}</font>' if s.name else ""
        cells.append(Paragraph(f"{head}{name}", st["cell"]))
    lines = [
        ("LINEBELOW", (i % columns, i // columns), (i % columns, i // columns), GRID, colors.black)
        for i in range(len(cells))
    ]
    while len(cells) % columns:
        cells.append("")
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows.append([Paragraph(f"{seal}<br/>{date}", st["cell_right"])] + [""] * (columns - 1))
    last = len(rows) - 1
    extra = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 14),  # room to sign above the line
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("SPAN", (0, last), (-1, last)),
        ("TOPPADDING", (0, last), (-1, last), 6),
        *lines,
    ]
    t = table(rows, [FRAME_WIDTH / columns] * columns, extra, grid=False)
    t._md_signature = True  # base.keep_signatures keeps it with the text before it
    return t
