"""A report as the printed form (words, not codes) and its files: PDF, xlsx, CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from mediation_app.documents.stats_form import (
    CaseLine,
    FormColumn,
    FormRow,
    StatsForm,
    StockGroup,
    StockTable,
    render_csv,
    render_xlsx,
)
from mediation_app.documents.stats_pdf import render_pdf
from mediation_app.domain.statistics import FormBody, fen_to_wan
from mediation_app.i18n import pgettext_in
from mediation_app.services.stats.columns import (
    BODY_WORDS,
    CONTEXT,
    FORM_LANGUAGE,
    ITEM,
    LEVEL_TOTAL,
    UNIT_ROW,
    UNIT_WORDS,
    M,
)
from mediation_app.services.stats.model import CaseRef, OrganisationStock, RowKind, StatsReport, Unit


class Format(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"
    CSV = "csv"


def _w(msgid: str) -> str:
    return pgettext_in(FORM_LANGUAGE, CONTEXT, msgid)


def to_stock(stock: OrganisationStock, on: dt.date) -> StockTable:
    """The organisation stock in the form's words: a row per active committee with a 1 under its
    type, its active mediators full-time and part-time; then the total row."""
    bodies = tuple(FormBody)
    total_word = _w(M.pgettext("statistics form", "Total"))
    groups = (
        StockGroup(title=_w(M.pgettext("statistics form", "People's mediation committees")),
                   unit=_w(M.pgettext("statistics form", "committees")),
                   headings=(*(_w(BODY_WORDS[b]) for b in bodies), total_word)),
        StockGroup(title=_w(M.pgettext("statistics form", "People's mediators")), unit=_w(UNIT_WORDS[Unit.PERSONS]),
                   headings=(_w(M.pgettext("statistics form", "Full-time")),
                             _w(M.pgettext("statistics form", "Part-time")), total_word)),
    )
    active = [c for c in stock.committees if c.active]
    rows = [FormRow(label=c.name, values=(*(int(c.body == b.value) for b in bodies), 1, c.full_time, c.part_time,
                                          c.full_time + c.part_time)) for c in active]
    by_body = dict(stock.by_body)
    rows.append(FormRow(label=_w(LEVEL_TOTAL), total=True, values=(
        *(by_body.get(b.value, 0) for b in bodies), len(active), stock.full_time, stock.part_time,
        stock.full_time + stock.part_time)))
    retired = len(stock.committees) - len(active)
    note = _w(M.pgettext("statistics form", "Active committees and active mediators as of {date}")).format(
        date=on.isoformat())
    if retired:
        note += _w(M.pgettext("statistics form", "; retired committees not counted: {n}")).format(n=retired)
    return StockTable(title=_w(M.pgettext("statistics form", "Organisation: committees and mediators")), note=note,
                      item_label=_w(ITEM), unit_label=_w(UNIT_ROW), groups=groups, rows=tuple(rows))


def to_form(report: StatsReport, stamp: str, cases: Sequence[tuple[str, CaseRef]] = (),
            stock: StockTable | None = None) -> StatsForm:
    columns = tuple(FormColumn(section=g.section, group=g.title, heading=c.heading, subheading=c.subheading,
                               unit=_w(UNIT_WORDS[c.unit]), code=c.export_code,
                               decimals=2 if c.unit is Unit.WAN_YUAN else 0)
                    for g in report.groups for c in g.columns)
    rows = tuple(FormRow(label=r.label, total=r.kind is not RowKind.COMMITTEE, values=tuple(
        fen_to_wan(report.value(r.key, c.key)) if c.unit is Unit.WAN_YUAN else report.value(r.key, c.key)
        for c in report.columns)) for r in report.rows)
    total = next(r for r in report.rows if r.kind is RowKind.LEVEL_TOTAL)
    rates = report.rates(total.key)
    rate_lines = (
        _w(M.pgettext("statistics form", "Success rate (resolved ÷ cases mediated): {rate}")).format(rate=rates.success or "—"),
        _w(M.pgettext("statistics form", "Performance rate (performed ÷ resolved): {rate}")).format(rate=rates.performance or "—"),
    )
    type_group = next(g for g in report.groups if g.key == "type")
    chart = tuple((c.heading, report.value(total.key, c.key)) for c in type_group.columns if c.key != "type.wages")
    headings = {c.key: f"{c.heading}{('·' + c.subheading) if c.subheading else ''}" for c in report.columns}
    return StatsForm(
        title=report.title,
        reporting_unit=_w(M.pgettext("statistics form", "Reporting unit: {name}")).format(name=report.reporting_committee),
        period=_w(M.pgettext("statistics form", "Period: {start} to {end}")).format(start=report.period.start.isoformat(),
                                                     end=report.period.end.isoformat()),
        version=_w(M.pgettext("statistics form", "Dispute types: {name}")).format(name=report.version.name),
        stamp=stamp, item_label=_w(ITEM), unit_label=_w(UNIT_ROW), columns=columns, rows=rows,
        footnotes=report.footnotes, rates=rate_lines,
        chart_title=_w(M.pgettext("statistics form", "Cases by type of dispute (total reported at this level)")), chart=chart,
        cases_sheet=_w(M.pgettext("statistics form", "Cases behind the totals")),
        cases_header=(_w(M.pgettext("statistics form", "Column")), _w(M.pgettext("statistics form", "Case number")), _w(M.pgettext("statistics form", "Case")), _w(M.pgettext("statistics form", "Committee")), _w(M.pgettext("statistics form", "Accepted")), _w(M.pgettext("statistics form", "Closed"))),
        cases=tuple(CaseLine(column=headings.get(key, key), number=c.number, title=c.title, committee=c.committee,
                             accepted_on=c.accepted_on.isoformat() if c.accepted_on else "",
                             closed_on=c.closed_on.isoformat() if c.closed_on else "") for key, c in cases),
        stock=stock,
    )


def render(form: StatsForm, fmt: Format) -> bytes:
    if fmt is Format.PDF:
        return render_pdf(form)
    if fmt is Format.XLSX:
        return render_xlsx(form)
    return render_csv(form)
