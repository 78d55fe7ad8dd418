"""卷宗封面, 卷内目录, 卷宗情况说明, 封底: the cover, contents, note and back cover of a case file.

Archive page numbers (the number in each page's top-right corner) start at the first document:
the cover, the table of contents and the back cover are not numbered (archival practice).
The contents and the back cover need the layout of the whole file; the case-file builder passes
it in, and a standalone print lays the file out first to get the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from mediation_app.documents.attachments import KIND_CN
from mediation_app.documents.base import FRAME_WIDTH, DocumentRenderer, Part, PartSpec, styles
from mediation_app.documents.fmt import BLANK, date_cn
from mediation_app.documents.forms._common import COMMITTEE_COPY, DRAFT_REMARK, require
from mediation_app.documents.para import Paragraph
from mediation_app.documents.widgets import Signer, field_table, label, signature_block, table
from mediation_app.i18n import N_


@dataclass(frozen=True)
class TocEntry:
    title: str
    first_page: int | None  # archive page number; None until laid out
    last_page: int | None = None
    remarks: str = ""

    @property
    def pages_text(self) -> str:
        if self.first_page is None:
            return ""
        if self.last_page is None or self.last_page == self.first_page:
            return str(self.first_page)
        return f"{self.first_page}—{self.last_page}"


@dataclass(frozen=True)
class FileTotals:
    pages: int  # numbered pages of the file
    exhibits: int


class _FilePart(DocumentRenderer):
    def parts(self) -> list[Part]:
        spec = PartSpec(key=self.kind, title=self.doc_title(), footer=False, file_page_number=False)
        return [Part(spec, self.story())]


class CoverPage(_FilePart):
    kind = "cover"
    title = "卷宗封面"
    description = N_("Case file cover")

    def validate(self) -> None:
        # the retention period may still be blank on a working copy; archiving checks it (fact 28)
        c = self.data.cover
        require(self.kind, [(c is not None and bool(c.file_number), N_("the file number on the cover"))])

    def story(self) -> list[Flowable]:
        d, c = self.data, self.data.cover
        assert c is not None
        rows: list[tuple[str, object]] = [
            ("卷\u00a0\u00a0\u00a0\u00a0名", c.title or d.case.title),
            ("卷\u00a0\u00a0\u00a0\u00a0号", c.file_number),
            ("人民调解员", c.mediator or "、".join(d.case.mediators)),
            ("调解日期", f"{date_cn(c.started_on)}\u00a0\u00a0至\u00a0\u00a0{date_cn(c.ended_on)}"),
            ("立 卷 人", c.compiler or d.case.compiler),
            ("立卷日期", date_cn(c.compiled_on)),
            ("保管期限", c.retention_period),
            ("备\u00a0\u00a0\u00a0\u00a0注", c.remarks),
        ]
        t = field_table(self, rows, label_width=34 * mm)
        t.setStyle([("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)])
        return [
            Spacer(1, 30 * mm),
            self.p(self.t(d.committee.name), "cover_committee"),
            Spacer(1, 8 * mm),
            self.p("人民调解卷宗", "cover_title"),
            Spacer(1, 30 * mm),
            t,
        ]


# The remarks the file's documents carry in the contents: the committee's original of the agreement,
# a draft, the kind of a bound attachment. The 备注 column is as wide as the longest of them.
USUAL_REMARKS = (COMMITTEE_COPY, DRAFT_REMARK, *KIND_CN.values())
CELL_PADDING = 4 + 4  # widgets.table: left and right padding of a cell
NUMBER_WIDTH = 12 * mm  # 序号: up to three digits
PAGES_WIDTH = 21 * mm  # 页号: e.g. 118—124


def contents_widths() -> list[float]:
    """序号, 文书名称, 页号, 备注: the remarks column holds every usual remark on one line, the
    document names take the rest of the frame."""
    style = styles()["cell"]
    remarks = max(stringWidth(r, style.fontName, style.fontSize) for r in USUAL_REMARKS) + CELL_PADDING + 6
    return [NUMBER_WIDTH, FRAME_WIDTH - NUMBER_WIDTH - PAGES_WIDTH - remarks, PAGES_WIDTH, remarks]


class ContentsPage(_FilePart):
    kind = "contents"
    title = "卷内目录"
    description = N_("Table of contents")

    def __init__(self, *args, entries: Sequence[TocEntry] | None = None, **kw):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kw)
        self.entries = entries

    def story(self) -> list[Flowable]:
        entries = self.entries
        if entries is None:
            from mediation_app.documents.casefile import layout

            entries = layout(self.data).entries
        st = styles()
        rows: list[list[object]] = [[label(h, "cell_bold") for h in ("序号", "文书名称", "页号", "备注")]]
        for i, e in enumerate(entries, start=1):
            rows.append(
                [
                    label(str(i)),
                    Paragraph(self.t(e.title), st["cell"]),
                    label(e.pages_text or BLANK),
                    Paragraph(self.t(e.remarks), st["cell"]),
                ]
            )
        number = self.data.cover.file_number if self.data.cover else self.data.case.number
        return [
            self.p(self.title, "title"),
            self.p(f"卷号：{self.t(number)}", "number"),
            table(rows, contents_widths(), repeat=1),
            Spacer(1, 2 * mm),
            self.p("注：页号为卷内文件右上角所编页号；封面、卷内目录及封底不编页号。", "small"),
        ]


class NotePage(DocumentRenderer):
    kind = "note"
    title = "卷宗情况说明"
    description = N_("Explanatory note to the file")

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return data.note is not None

    def validate(self) -> None:
        require(
            self.kind,
            [(self.data.note is not None and bool(self.data.note.text.strip()), N_("the note text"))],
        )

    def story(self) -> list[Flowable]:
        n = self.data.note
        assert n is not None
        return [
            self.p(self.title, "title"),
            self.p(
                f"卷号：{self.t(self.data.cover.file_number if self.data.cover else self.data.case.number)}",
                "number",
            ),
            self.p(self.t(n.text)),
            Spacer(1, 10 * mm),
            signature_block(self, [Signer("说明人", n.author, "签名")]),
            self.p(date_cn(n.on), "right"),
        ]


class BackCover(_FilePart):
    kind = "back-cover"
    title = "封底"
    description = N_("Back cover")

    def __init__(self, *args, totals: FileTotals | None = None, **kw):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kw)
        self.totals = totals

    def story(self) -> list[Flowable]:
        totals = self.totals
        if totals is None:
            from mediation_app.documents.casefile import layout

            totals = layout(self.data).totals
        c = self.data.cover
        rows: list[tuple[str, object]] = [
            ("立 卷 人", c.compiler if c else self.data.case.compiler),
            ("立卷时间", date_cn(c.compiled_on if c else None)),
            ("检 查 人", c.checker if c else ""),
            ("检查时间", date_cn(c.checked_on if c else None)),
        ]
        return [
            Spacer(1, 120 * mm),
            self.p("卷内备考", "title"),
            Spacer(1, 4 * mm),
            self.p(
                f"本卷共<b>\u2002{totals.pages}\u2002</b>页，附证物<b>\u2002{totals.exhibits}\u2002</b>件。",
                "center",
            ),
            Spacer(1, 6 * mm),
            field_table(self, rows, label_width=34 * mm),
        ]
