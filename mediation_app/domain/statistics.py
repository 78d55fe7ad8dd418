"""Pure rules of the people's-mediation statistics report (statistics-forms.md §1-§3).

Periods (month, quarter, half-year, year), which date puts a case into a period, the 主体 (committee type) list
of the form, how a case's source falls into the form's three sources and five referring bodies,
万元 with two decimals, and the neutralising of spreadsheet formulas in CSV cells. No I/O.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from mediation_app.i18n import N_, _, current_language, pgettext_in


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # a half-year (the screening report is also asked for by half-year)
    YEAR = "year"


_PERIOD = re.compile(r"^\s*(\d{4})(?:-(?:[Qq]([1-4])|[Hh]([12])|(\d{1,2})))?\s*$")
_MONTHS_OF = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}


def _period_help() -> str:
    return _("Give the period as 2026-11 (month), 2026-Q3 (quarter), 2026-H2 (half-year) or 2026.")


@dataclass(frozen=True, kw_only=True)
class Period:
    """A reporting period: ``2026``, ``2026-H2``, ``2026-Q3`` or ``2026-09`` (first and last day
    inclusive). The statistics report and the screening report share it."""

    kind: PeriodKind
    year: int
    number: int = 1  # half 1-2, quarter 1-4 or month 1-12; 1 for a year

    @staticmethod
    def parse(text: str) -> Period:
        m = _PERIOD.match(text or "")
        if not m or not 1900 <= int(m.group(1)) <= 9999:
            raise ValueError(_period_help())
        year = int(m.group(1))
        if m.group(2):
            return Period(kind=PeriodKind.QUARTER, year=year, number=int(m.group(2)))
        if m.group(3):
            return Period(kind=PeriodKind.HALF, year=year, number=int(m.group(3)))
        if m.group(4):
            month = int(m.group(4))
            if not 1 <= month <= 12:
                raise ValueError(_("A month is 01 to 12."))
            return Period(kind=PeriodKind.MONTH, year=year, number=month)
        return Period(kind=PeriodKind.YEAR, year=year)

    @property
    def _first_month(self) -> int:
        return (self.number - 1) * _MONTHS_OF[self.kind] + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self._first_month, 1)

    @property
    def end(self) -> dt.date:
        last_month = self._first_month + _MONTHS_OF[self.kind] - 1
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def year_start(self) -> dt.date:
        """1 January of the period's year (the screening report's year-to-date column starts there)."""
        return dt.date(self.year, 1, 1)

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.number}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    def words(self) -> str:
        """As printed on the form: 2026年第三季度 / 2026年9月 / 2026年度 (in the interface language)."""
        if self.kind is PeriodKind.YEAR:
            return _("Year {year}").format(year=self.year)
        if self.kind is PeriodKind.HALF:
            first = self.number == 1
            return (_("{year}, first half") if first else _("{year}, second half")).format(year=self.year)
        if self.kind is PeriodKind.QUARTER:
            return _("{year}, quarter {quarter}").format(year=self.year, quarter=self.number)
        return _("{year}, month {month}").format(year=self.year, month=self.number)

    def form_words(self) -> str:
        """How a Chinese form names the period: 2026年11月, 2026年第3季度, 2026年下半年, 2026年度."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}年{self.number}月"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}年第{self.number}季度"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}年{'上' if self.number == 1 else '下'}半年"
        return f"{self.year}年度"

    def form_field(self) -> str:
        """The header field the period fills on a Chinese form: 填报月份 / 填报季度 / 填报半年度 / 填报年度."""
        return {PeriodKind.MONTH: "填报月份", PeriodKind.QUARTER: "填报季度", PeriodKind.HALF: "填报半年度",
                PeriodKind.YEAR: "填报年度"}[self.kind]

    def months(self) -> tuple[tuple[int, int], ...]:
        """(year, month) of every month in the period, in order."""
        first = self.start.month
        last = self.end.month
        return tuple((self.year, m) for m in range(first, last + 1))


class PeriodAnchor(StrEnum):
    """Which date of a case puts it into a period (a setting; printed on the report)."""

    ACCEPTED = "accepted"  # 受理日期 (default: statistics-forms.md §5.3)
    CLOSED = "closed"  # 结案日期


class _Mark:
    """Marks msgids of the printed form for extraction (context "statistics form") without translating."""

    @staticmethod
    def pgettext(context: str, message: str) -> str:
        return message


FORM_CONTEXT = "statistics form"
PERIOD_ANCHOR_LABELS = {
    PeriodAnchor.ACCEPTED: _Mark.pgettext("statistics form", "date accepted"),
    PeriodAnchor.CLOSED: _Mark.pgettext("statistics form", "date closed"),
}


@dataclass(frozen=True, kw_only=True)
class Definitions:
    """What the numbers mean; stored with a submitted report and printed as its footnotes."""

    anchor: PeriodAnchor = PeriodAnchor.ACCEPTED

    def as_dict(self) -> dict[str, str]:
        return {"anchor": self.anchor.value}

    @staticmethod
    def from_dict(data: dict[str, str]) -> Definitions:
        return Definitions(anchor=PeriodAnchor(data.get("anchor", PeriodAnchor.ACCEPTED)))


def form_words(msgid: str, lang: str | None) -> str:
    """A msgid of the form in ``lang`` (None: the interface language)."""
    return pgettext_in(lang or current_language(), FORM_CONTEXT, msgid)


_FOOTNOTES = (
    _Mark.pgettext("statistics form", "Cases are counted in the period by their {anchor}; cases registered but not "
                   "accepted, refused or voided are not counted."),
    _Mark.pgettext("statistics form", "Resolved (调解成功) = cases whose oral or written agreement is in effect (oral "
                   "+ written = resolved); terminated and withdrawn cases are not successes. Success rate = resolved "
                   "÷ cases mediated."),
    _Mark.pgettext("statistics form", "Performed (履行) = resolved cases found performed in full (a payment or visit "
                   "recorded as performed); performance rate = performed ÷ resolved."),
    _Mark.pgettext("statistics form", "Amount = the amount in dispute of resolved cases, in units of 10,000 yuan "
                   "(万元) to two decimals."),
    _Mark.pgettext("statistics form", "Parties involved = the number of persons recorded for a case, or else its "
                   "parties (applicants, respondents and third parties). A case whose sub-type is unpaid migrant "
                   "workers' wages counts as migrant workers' wages."),
    _Mark.pgettext("statistics form", "Prevention and screening count the events and rounds recorded in the period, "
                   "by their date."),
    _Mark.pgettext("statistics form", "Dispute types follow the code list “{version}”. Subordinate total = every "
                   "committee but the reporting one; this level's total = all rows."),
)


def footnotes(defs: Definitions, version_name: str, lang: str | None = None) -> tuple[str, ...]:
    """The definitions, one sentence each, in ``lang`` (printed reports: the form's language)."""
    anchor = form_words(PERIOD_ANCHOR_LABELS[defs.anchor], lang)
    return tuple(form_words(m, lang).format(anchor=anchor, version=version_name) for m in _FOOTNOTES)


class FormBody(StrEnum):
    """不同主体: the committee types of the form (Haicang 2017 + Xilingol 2021's industry column)."""

    VILLAGE = "village"  # 村调委会
    RESIDENTS = "residents"  # 居调委会
    TOWNSHIP = "township"  # 乡镇调委会
    STREET = "street"  # 街道调委会
    ENTERPRISE = "enterprise"  # 企事业单位调委会
    SOCIAL = "social"  # 社会团体和其他组织调委会
    INDUSTRY = "industry"  # 行业性专业性调委会


FORM_BODY_LABELS = {
    FormBody.VILLAGE: N_("Village committees"),
    FormBody.RESIDENTS: N_("Residents' committees"),
    FormBody.TOWNSHIP: N_("Township committees"),
    FormBody.STREET: N_("Sub-district committees"),
    FormBody.ENTERPRISE: N_("Enterprise and institution committees"),
    FormBody.SOCIAL: N_("Social organisation and other committees"),
    FormBody.INDUSTRY: N_("Industry and professional committees"),
}

# A committee's kind (CommitteeKind) -> the form's 主体 when no other choice was made.
DEFAULT_BODY = {
    "village": FormBody.VILLAGE,
    "township": FormBody.TOWNSHIP,
    "industry_market": FormBody.INDUSTRY,
    "centre": FormBody.STREET,
    "stationed": FormBody.INDUSTRY,
    "enterprise": FormBody.ENTERPRISE,
}


class FormSource(StrEnum):
    """案件来源 of the form: three sources; 接受委托移送 has five referring bodies as 其中."""

    INITIATIVE = "initiative"  # 主动调解
    APPLICATION = "application"  # 依申请调解
    REFERRED = "referred"  # 接受委托移送调解


# CaseSource code -> (form source, referring body or None)
SOURCE_MAP: dict[str, tuple[FormSource, str | None]] = {
    "initiative": (FormSource.INITIATIVE, None),
    "grid": (FormSource.INITIATIVE, None),  # a grid worker's report: the committee takes it up itself
    "application": (FormSource.APPLICATION, None),
    "court": (FormSource.REFERRED, "court"),
    "procuratorate": (FormSource.REFERRED, "procuratorate"),
    "police": (FormSource.REFERRED, "police"),
    "petition": (FormSource.REFERRED, "petition"),
    "hotline": (FormSource.REFERRED, "other_dept"),
    "other_dept": (FormSource.REFERRED, "other_dept"),
}
REFERRING_BODIES = ("court", "procuratorate", "police", "petition", "other_dept")


# Sub-types that are migrant workers' wages by their nature: a case of one always counts in the
# column "of which: migrant workers' wages" (and under a list's wage code), ticked or not.
WAGE_SUBTYPES = frozenset({"unpaid_wages"})


class PreventionKind(StrEnum):
    """预防纠纷: a dispute prevented; four kinds are reported apart with the persons involved."""

    SUICIDE = "suicide"  # 防止民间纠纷引起自杀
    CRIMINAL = "criminal"  # 防止民间纠纷转化为刑事案件
    MASS_PETITION = "mass_petition"  # 防止群体性上访
    MASS_FIGHT = "mass_fight"  # 防止群体性械斗
    OTHER = "other"  # 其他预防纠纷


PREVENTION_LABELS = {
    PreventionKind.SUICIDE: N_("Suicide prevented"),
    PreventionKind.CRIMINAL: N_("Escalation to a criminal case prevented"),
    PreventionKind.MASS_PETITION: N_("Mass petition prevented"),
    PreventionKind.MASS_FIGHT: N_("Mass armed fight prevented"),
    PreventionKind.OTHER: N_("Other dispute prevented"),
}


def fen_to_wan(fen: int) -> Decimal:
    """Fen as 万元 to two decimals, rounded half up (1 万元 = 1,000,000 fen)."""
    return (Decimal(fen) / Decimal(1_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage to two decimals, or None when the whole is zero."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A text cell that a spreadsheet could read as a formula gets a leading apostrophe."""
    if value and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True, kw_only=True)
class TypeMapping:
    """How one code list counts our types: sub-type rows first, then the type's row; cases marked as
    migrant workers' wages count under ``wage_code`` when the list has one; anything else falls back."""

    version: str
    types: dict[str, str]
    subtypes: dict[str, str]
    wage_code: str | None
    fallback: str

    def code_for(self, dispute_type: str, subtype_code: str | None, migrant_wages: bool) -> str:
        if migrant_wages and self.wage_code:
            return self.wage_code
        if subtype_code and subtype_code in self.subtypes:
            return self.subtypes[subtype_code]
        return self.types.get(dispute_type, self.fallback)
