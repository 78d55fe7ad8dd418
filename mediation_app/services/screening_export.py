"""The screening report laid out as the form (a sheet of words and numbers), and its exports:
PDF through documents/, CSV with every cell that a spreadsheet would read as a formula neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from mediation_app.documents.forms import screening_report as doc
from mediation_app.domain.screening import (
    BAND_FORM_WORDS,
    CATEGORY_FORM_WORDS,
    LEVEL_FORM_WORDS,
    PeopleBand,
    ScreeningCategory,
    format_rate,
    rate,
)
from mediation_app.i18n import N_, _
from mediation_app.services.screening import LEVELS, Counts, LevelCounts, MonthlyFigure, ScreeningReport

# the definitions as printed on the form (services/screening.py FOOTNOTES says the same in the UI)
FORM_NOTES = (
    "排查数按排查日期计入本期；年度累计自1月1日起至本期末。",
    "调处数指截至本期末已化解、已预防或已转为调解案件的件数；成功数指截至本期末已化解、已预防，"
    "或转为案件且调解协议（口头或书面）已生效的件数。",
    "调处率＝调处数÷排查数；成功率＝成功数÷调处数。",
    "涉及人数未登记的，计入50人以下。",
    "村（居）调委会计入村居，乡镇（街道）调委会计入乡镇街道，中心、派驻调解室及行业性专业性、企事业单位调委会计入县市区。",
    "本表由人民调解委员会按统计期末日填报。",
)


RATES = ("handling_rate", "success_rate")
Value = int | Decimal | None  # a count, a percentage, or None for a rate with nothing to divide by


def _numbers(row: LevelCounts, pick: str) -> tuple[Value, Value, Value, Value, Value]:
    """县市区, 乡镇街道, 村居, 小计, 年度累计 of one row as numbers."""
    cells = [row.at(level) for level in LEVELS] + [row.subtotal, row.year]

    def one(c: Counts) -> Value:
        if pick == "handling_rate":
            return rate(c.handled, c.screened)
        if pick == "success_rate":
            return rate(c.success, c.handled)
        value: int = getattr(c, pick)
        return value

    a, b, c_, d, e = (one(c) for c in cells)
    return a, b, c_, d, e


def _text(value: Value, pick: str) -> str:
    return format_rate(value) if pick in RATES else str(value)  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True)
class RowSpec:
    """One row of the form before it is worded: its group and measure as keys, and its counts."""

    number: int
    group: ScreeningCategory | PeopleBand | str  # a category, a band, or "overall" / "major" / "drives"
    measure: str  # screened / handled / handling_rate / success / success_rate / band / times
    counts: LevelCounts

    @property
    def numbers(self) -> tuple[Value, Value, Value, Value, Value]:
        return _numbers(self.counts, "screened" if self.measure in ("band", "times") else self.measure)

    @property
    def is_rate(self) -> bool:
        return self.measure in RATES


def row_specs(report: ScreeningReport) -> tuple[RowSpec, ...]:
    """The 52 rows of the form, in its order."""
    rows: list[tuple[ScreeningCategory | PeopleBand | str, str, LevelCounts]] = []
    for pick in ("screened", "handled", "handling_rate", "success", "success_rate"):
        rows.append(("overall", pick, report.overall))
    for category, counts in report.categories:
        rows += [(category, "screened", counts), (category, "handled", counts)]
    for band, counts in report.bands:
        rows.append((band, "band", counts))
    for pick in ("screened", "handled", "success", "success_rate"):
        rows.append(("major", pick, report.major))
    rows.append(("drives", "times", report.concentrated))
    return tuple(RowSpec(number=i, group=g, measure=m, counts=c) for i, (g, m, c) in enumerate(rows, 1))


FORM_GROUPS = {"overall": "总况", "major": "重大矛盾纠纷", "drives": "开展集中排查"}
FORM_MEASURES = {"screened": "排查数", "handled": "调处数", "handling_rate": "调处率", "success": "成功数",
                 "success_rate": "成功率", "times": "次数"}
BAND_GROUP = "涉及矛盾纠纷人数（起）"


def _form_words(spec: RowSpec) -> tuple[str, str]:
    if isinstance(spec.group, PeopleBand):
        return BAND_GROUP, BAND_FORM_WORDS[spec.group]
    if isinstance(spec.group, ScreeningCategory):
        return CATEGORY_FORM_WORDS[spec.group], FORM_MEASURES[spec.measure]
    return FORM_GROUPS[spec.group], FORM_MEASURES[spec.measure]


def sheet_rows(report: ScreeningReport) -> tuple[doc.SheetRow, ...]:
    """The 52 rows of the form, in its order, with its wording."""
    out = []
    for spec in row_specs(report):
        group, item = _form_words(spec)
        numbers = spec.numbers
        a, b, c, d, e = (_text(v, spec.measure) for v in numbers)
        out.append(doc.SheetRow(number=spec.number, group=group, item=item, values=(a, b, c, d, e),
                                numbers=numbers, rate=spec.is_rate))
    return tuple(out)


# the same rows in the interface language (the client's table); msgids of the row groups and measures
SCREEN_GROUPS = {"overall": N_("Overall"), "major": N_("Major disputes"), "drives": N_("Concentrated screening drives")}
SCREEN_MEASURES = {"screened": N_("Screened"), "handled": N_("Handled"), "handling_rate": N_("Handling rate"),
                   "success": N_("Resolved"), "success_rate": N_("Success rate"), "times": N_("Times")}
SCREEN_BANDS = N_("People involved (disputes)")


@dataclass(frozen=True, kw_only=True)
class ScreenRow:
    """One row of the form as the client shows it: the group only on its first row."""

    number: int
    group: str
    item: str
    values: tuple[str, str, str, str, str]  # the levels, the subtotal, the year to date


def screen_rows(report: ScreeningReport) -> tuple[ScreenRow, ...]:
    """The 52 rows of the form in the interface language, numbers formatted as on the form."""
    out: list[ScreenRow] = []
    previous: object = None
    for spec in row_specs(report):
        if isinstance(spec.group, PeopleBand):
            group, item = _(SCREEN_BANDS), spec.group.label()
        elif isinstance(spec.group, ScreeningCategory):
            group, item = spec.group.label(), _(SCREEN_MEASURES[spec.measure])
        else:
            group, item = _(SCREEN_GROUPS[spec.group]), _(SCREEN_MEASURES[spec.measure])
        key = "band" if isinstance(spec.group, PeopleBand) else spec.group
        a, b, c, d, e = (_text(v, spec.measure) for v in spec.numbers)
        out.append(ScreenRow(number=spec.number, group=group if key != previous else "", item=item,
                             values=(a, b, c, d, e)))
        previous = key
    return tuple(out)


def sheet(report: ScreeningReport, monthly: Sequence[MonthlyFigure] = ()) -> doc.ScreeningSheet:
    p = report.period
    return doc.ScreeningSheet(
        unit=report.unit, period_field=p.form_field(), period=p.form_words(), rows=sheet_rows(report),
        monthly=tuple(doc.MonthlyLine(committee=m.committee, month=f"{m.year}年{m.month}月", mediated=m.mediated,
                                      rounds=m.rounds, found=m.found, prevented=m.prevented) for m in monthly),
        notes=FORM_NOTES, made_on=report.made_on, title_unit=report.unit if len(report.committee_ids) == 1 else "")


def to_pdf(report: ScreeningReport, monthly: Sequence[MonthlyFigure] = ()) -> bytes:
    return doc.render(sheet(report, monthly)).pdf


def to_xlsx(report: ScreeningReport, monthly: Sequence[MonthlyFigure] = ()) -> bytes:
    """The form as a workbook: merged headings, counts as numbers and rates as percentages (a rate
    with nothing to divide by stays "—"); the monthly figures on a second sheet."""
    from mediation_app.documents.screening_xlsx import render_xlsx

    return render_xlsx(sheet(report, monthly))


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will show as text: one that starts with = + - @ (or a tab or carriage
    return) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(report: ScreeningReport, monthly: Sequence[MonthlyFigure] = ()) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel reads the Chinese), the form's rows, then the
    monthly figures."""
    s = sheet(report, monthly)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe_cell(s.title)])
    w.writerow([safe_cell(f"填报单位：{s.unit}"), safe_cell(f"{s.period_field}：{s.period}")])
    w.writerow(["序号", "内容", "项目", *[LEVEL_FORM_WORDS[level] for level in LEVELS], "小计", "年度累计"])
    for row in s.rows:
        w.writerow([row.number, safe_cell(row.group), safe_cell(row.item), *[safe_cell(v) for v in row.values]])
    if s.monthly:
        w.writerow([])
        w.writerow(list(doc.MONTHLY_HEADS))
        for m in s.monthly:
            w.writerow([safe_cell(m.committee), safe_cell(m.month), m.mediated, m.rounds, m.found, m.prevented])
    w.writerow([])
    for i, note in enumerate(s.notes, 1):
        w.writerow([f"注{i}", safe_cell(note)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
