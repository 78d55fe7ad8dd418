"""Pieces several forms share: headers, lists of names, the seal-and-date block."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer, MissingDataError, styles
from mediation_app.documents.data import Party
from mediation_app.documents.fmt import cn_number, date_cn
from mediation_app.documents.para import Paragraph
from mediation_app.domain.enums import PartyRole
from mediation_app.i18n import _

SIDES = "甲乙丙丁戊己庚辛壬癸"
COMMITTEE_COPY = "人民调解委员会存档"  # the holder of the committee's original of an agreement
DRAFT_REMARK = "草稿"  # the contents' remark of an agreement filed as a draft


def side_label(index: int) -> str:
    """甲方, 乙方, … for the agreement's parties in order."""
    return f"{SIDES[index]}方" if index < len(SIDES) else f"第{cn_number(index + 1)}方"


def heading(r: DocumentRenderer, *, number: str = "", committee: bool = False) -> list[Flowable]:
    out: list[Flowable] = []
    if committee:
        out.append(r.p(r.t(r.data.committee.name), "committee"))
    out.append(r.p(r.title if not r.draft else f"{r.title}（草稿）", "title"))
    if number:
        out.append(r.p(f"编号：{r.t(number)}", "number"))
    else:
        out.append(Spacer(1, 4 * mm))
    return out


def names(r: DocumentRenderer, keys: Iterable[str]) -> str:
    return "、".join(r.t(r.data.party_name(k)) for k in keys)


def id_line(r: DocumentRenderer, p: Party) -> str:
    """"公民身份号码：…", "护照号码：…", "统一社会信用代码：…": the number with the document it is
    the number of ("" when none was recorded)."""
    if not p.id_number:
        return ""
    what = p.id_label or ("统一社会信用代码" if p.is_legal else "证件号码")
    return f"{what}：{r.t(p.id_number)}"


def parties_by_role(parties: Sequence[Party], role: PartyRole) -> list[Party]:
    return [p for p in parties if p.role == role]


def seal_and_date(r: DocumentRenderer, on: dt.date | None, who: str = "", *, kept: bool = False) -> list[Flowable]:
    """Right-aligned "XX人民调解委员会（印章）" and the date, with room for the seal; the two are
    never split over a page (a seal line without its date, a date alone on the next page).
    ``kept``: the caller already keeps them together with what stands before them."""
    who = who or r.t(r.data.committee.name)
    lines = [Paragraph(f"{who}（印章）", styles()["right"]), Paragraph(date_cn(on), styles()["right"])]
    return [Spacer(1, 10 * mm), *(lines if kept else [KeepTogether(lines)])]


def numbered(r: DocumentRenderer, items: Sequence[str], *, paren: bool = False) -> list[Flowable]:
    """一、… (hanging indent of two characters) or （一）… (three characters)."""
    out: list[Flowable] = []
    for i, item in enumerate(items, start=1):
        if paren:
            out.append(r.p(f"（{cn_number(i)}）{r.t(item)}", "item3"))
        else:
            out.append(r.p(f"{cn_number(i)}、{r.t(item)}", "item"))
    return out


def require(kind: str, checks: Sequence[tuple[bool, str]]) -> None:
    missing = [what for ok, what in checks if not ok]
    if missing:
        raise MissingDataError(kind, missing)


def missing_label(text: str) -> str:
    return _(text)
