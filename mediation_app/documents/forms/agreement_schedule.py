"""The performance schedule of a written agreement: one block per obligor, with subtotals.

Every obligor (who pays or performs) has its own numbered instalments (第一期, 第二期 …) and its
own subtotal, so two payers are never mixed in one sequence or one total. A recurring obligation
(monthly support, say) is one row: amount per period, first and last due date, number of periods.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from mediation_app.documents.base import FRAME_WIDTH, DocumentRenderer, styles
from mediation_app.documents.data import Obligation
from mediation_app.documents.fmt import BLANK, cn_number, date_cn, money_both, money_figures, money_upper
from mediation_app.documents.forms._common import side_label
from mediation_app.documents.para import Paragraph
from mediation_app.documents.widgets import label, table, value
from mediation_app.domain.schedule import PERIOD_CN, Period, group_by_obligor, occurrences

_WIDTHS = (16, 26, 40, 42, 36)


def _side(r: DocumentRenderer, key: str) -> str:
    """甲方…: the party's side and name as plain text (escape it once, where it is printed)."""
    for i, p in enumerate(r.data.agreement_parties()):
        if p.key == key:
            return f"{side_label(i)}{p.name}"
    return r.data.party_name(key)


def _when(o: Obligation) -> str:
    if o.due is None:
        return BLANK
    period = Period(o.period or "")
    if period is Period.ONCE:
        return f"{date_cn(o.due)}前"
    n = occurrences(o.due, period, o.until)
    day = f"{PERIOD_CN[period]}{o.due.day}日前" if period is Period.MONTHLY else PERIOD_CN[period]
    end = f"至{date_cn(o.until)}止" if o.until is not None else "（未约定终止日期）"
    count = f"，共{n}期" if n else ""
    return f"自{date_cn(o.due)}起{end}，{day}{count}"


def _amount(r: DocumentRenderer, o: Obligation) -> str:
    if not o.amount_fen:
        return r.t(o.description) or BLANK
    text = f"{money_upper(o.amount_fen)}<br/>（{money_figures(o.amount_fen)}）"
    if Period(o.period or "") is not Period.ONCE:
        text = f"每期{text}"
    return text


def _total(o: Obligation) -> tuple[int, bool]:
    """(amount of the obligation over its whole schedule, whether it is open-ended)."""
    if not o.amount_fen:
        return 0, False
    if Period(o.period or "") is Period.ONCE:
        return o.amount_fen, False
    n = occurrences(o.due, o.period, o.until)
    return (o.amount_fen * n, False) if n else (0, True)


def schedule(r: DocumentRenderer) -> list[Flowable]:
    """One table per obligor: its instalments numbered from 第一期, its subtotal."""
    a = r.data.agreement
    assert a is not None
    if not a.obligations:
        return []
    st = styles()
    groups = group_by_obligor(a.obligations, lambda o: o.obligor)
    head = ["期次", "权利人", "金额", "履行期限", "履行方式、地点"]
    widths = [w * FRAME_WIDTH / sum(_WIDTHS) for w in _WIDTHS]
    out: list[Flowable] = []
    for g, group in enumerate(groups, start=1):
        rows: list[list[object]] = [[label(h, "cell_bold") for h in head]]
        extra: list[tuple[object, ...]] = []
        items = [a.obligations[i] for i in group.items]
        for n, o in enumerate(items, start=1):
            recurring = Period(o.period or "") is not Period.ONCE
            if recurring:
                seq = PERIOD_CN[Period(o.period)]
            else:
                seq = f"第{cn_number(n)}期" if len(items) > 1 else "一次性"
            how = "<br/>".join(x for x in (r.t(o.method), f"地点：{r.t(o.place)}" if o.place else "") if x)
            rows.append(
                [
                    label(seq),
                    value(r, _side(r, o.obligee) if o.obligee else "", "cell_center"),
                    Paragraph(_amount(r, o), st["cell_center"]),
                    Paragraph(_when(o), st["cell_center"]),
                    Paragraph(how or BLANK, st["cell"]),
                ]
            )
        paid = [o for o in items if o.amount_fen]
        if len(paid) > 1 or any(Period(o.period or "") is not Period.ONCE for o in paid):
            totals = [_total(o) for o in items]
            fen = sum(t for t, _open in totals)
            text = money_both(fen) if fen else ""
            if any(op for _t, op in totals):
                text += ("，" if text else "") + "另按期给付至终止"
            rows.append([label("小计", "cell_bold"), Paragraph(text, st["cell"]), "", "", ""])
            extra.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
        caption = f"（{cn_number(g)}）" if len(groups) > 1 else ""
        title = r.p(f"{caption}{r.t(_side(r, group.obligor))}履行：", "plain")
        grid = table(rows, widths, extra, repeat=1, split_in_row=False)
        out.append(KeepTogether([title, grid]) if len(rows) <= 8 else title)
        if len(rows) > 8:
            out.append(grid)
    return out
