"""The screening report laid out as the form (a sheet of words and numbers), and its exports:
PDF through documents/, CSV with every cell that a spreadsheet would read as a formula neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from mediation_app.documents.forms import screening_report as doc
from mediation_app.domain.screening import (
    BAND_FORM_WORDS,
    CATEGORY_FORM_WORDS,
    LEVEL_FORM_WORDS,
    format_rate,
    rate,
)
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


def _values(row: LevelCounts, pick: str) -> tuple[str, str, str, str, str]:
    cells = [row.at(level) for level in LEVELS] + [row.subtotal, row.year]

    def one(c: Counts) -> str:
        if pick == "handling_rate":
            return format_rate(rate(c.handled, c.screened))
        if pick == "success_rate":
            return format_rate(rate(c.success, c.handled))
        return str(getattr(c, pick))

    a, b, c_, d, e = (one(c) for c in cells)
    return a, b, c_, d, e


def sheet_rows(report: ScreeningReport) -> tuple[doc.SheetRow, ...]:
    """The 52 rows of the form, in its order, with its wording."""
    rows: list[tuple[str, str, LevelCounts, str]] = []
    for item, pick in (("排查数", "screened"), ("调处数", "handled"), ("调处率", "handling_rate"),
                       ("成功数", "success"), ("成功率", "success_rate")):
        rows.append(("总况", item, report.overall, pick))
    for category, counts in report.categories:
        rows.append((CATEGORY_FORM_WORDS[category], "排查数", counts, "screened"))
        rows.append((CATEGORY_FORM_WORDS[category], "调处数", counts, "handled"))
    for band, counts in report.bands:
        rows.append(("涉及矛盾纠纷人数（起）", BAND_FORM_WORDS[band], counts, "screened"))
    for item, pick in (("排查数", "screened"), ("调处数", "handled"), ("成功数", "success"),
                       ("成功率", "success_rate")):
        rows.append(("重大矛盾纠纷", item, report.major, pick))
    rows.append(("开展集中排查", "次数", report.concentrated, "screened"))
    return tuple(doc.SheetRow(number=i, group=group, item=item, values=_values(counts, pick))
                 for i, (group, item, counts, pick) in enumerate(rows, 1))


def sheet(report: ScreeningReport, monthly: Sequence[MonthlyFigure] = ()) -> doc.ScreeningSheet:
    p = report.period
    return doc.ScreeningSheet(
        unit=report.unit, period_field=p.form_field(), period=p.form_words(), rows=sheet_rows(report),
        monthly=tuple(doc.MonthlyLine(committee=m.committee, month=f"{m.year}年{m.month}月", mediated=m.mediated,
                                      rounds=m.rounds, found=m.found, prevented=m.prevented) for m in monthly),
        notes=FORM_NOTES, made_on=report.made_on, title_unit=report.unit if len(report.committee_ids) == 1 else "")


def to_pdf(report: ScreeningReport, monthly: Sequence[MonthlyFigure] = ()) -> bytes:
    return doc.render(sheet(report, monthly)).pdf


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
