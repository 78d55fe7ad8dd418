"""The column tree of the form (statistics-forms.md §1.2), for one dispute-type code list.

Headings are msgids in the "statistics form" context: printed reports use the form's own language
(Simplified Chinese, like every document); the client may ask for the interface language.
"""

from __future__ import annotations

from collections.abc import Sequence

from mediation_app.domain.statistics import FormBody, PreventionKind
from mediation_app.i18n import current_language, pgettext_in
from mediation_app.services.stats.model import Basis, Column, ColumnGroup, Measure, Unit

CONTEXT = "statistics form"
FORM_LANGUAGE = "zh_CN"
RESOLVED = ("oral", "written")


class _Mark:
    @staticmethod
    def pgettext(context: str, message: str) -> str:
        return message


M = _Mark()

SECTION_MEDIATION = M.pgettext("statistics form", "Mediation")
SECTION_SCREENING = M.pgettext("statistics form", "Screening and prevention of disputes")
BODY_WORDS = {
    FormBody.VILLAGE: M.pgettext("statistics form", "Village committees"),
    FormBody.RESIDENTS: M.pgettext("statistics form", "Residents' committees"),
    FormBody.TOWNSHIP: M.pgettext("statistics form", "Township committees"),
    FormBody.STREET: M.pgettext("statistics form", "Sub-district committees"),
    FormBody.ENTERPRISE: M.pgettext("statistics form", "Enterprise and institution committees"),
    FormBody.SOCIAL: M.pgettext("statistics form", "Social organisation and other committees"),
    FormBody.INDUSTRY: M.pgettext("statistics form", "Industry and professional committees"),
}
REFERRERS = (
    ("court", ("court",), M.pgettext("statistics form", "Court")),
    ("procuratorate", ("procuratorate",), M.pgettext("statistics form", "Procuratorate")),
    ("police", ("police",), M.pgettext("statistics form", "Public security")),
    ("petition", ("petition",), M.pgettext("statistics form", "Petition office")),
    ("other_dept", ("hotline", "other_dept"), M.pgettext("statistics form", "Other departments")),
)
PREVENTIONS = (
    (PreventionKind.SUICIDE, M.pgettext("statistics form", "Suicide caused by a civil dispute prevented")),
    (PreventionKind.CRIMINAL, M.pgettext("statistics form", "Civil dispute turning into a criminal case prevented")),
    (PreventionKind.MASS_PETITION, M.pgettext("statistics form", "Mass petition prevented")),
    (PreventionKind.MASS_FIGHT, M.pgettext("statistics form", "Mass armed fight prevented")),
)
UNIT_WORDS = {
    Unit.CASES: M.pgettext("statistics form", "cases"),
    Unit.PERSONS: M.pgettext("statistics form", "persons"),
    Unit.WAN_YUAN: M.pgettext("statistics form", "10,000 yuan"),
    Unit.ROUNDS: M.pgettext("statistics form", "times"),
}
TITLE = M.pgettext("statistics form", "People's mediation case statistics")
UNIT_ROW = M.pgettext("statistics form", "Unit")
ITEM = M.pgettext("statistics form", "Item")
SUBORDINATE_TOTAL = M.pgettext("statistics form", "Total reported by subordinate units")
LEVEL_TOTAL = M.pgettext("statistics form", "Total reported at this level")


def words(msgid: str, lang: str | None) -> str:
    return pgettext_in(lang or current_language(), CONTEXT, msgid)


def build_groups(codes: Sequence[tuple[str, str]], wage_attribute: bool, lang: str | None = FORM_LANGUAGE,
                 ) -> tuple[ColumnGroup, ...]:
    """Every group of the form; ``codes`` are (code, label) of the chosen dispute-type list."""
    def w(msgid: str) -> str:
        return words(msgid, lang)

    resolved = (("resolved_form", RESOLVED),)
    mediation = ColumnGroup(key="mediation", section=w(SECTION_MEDIATION), title=w(SECTION_MEDIATION), columns=(
        Column(key="total", heading=w(M.pgettext("statistics form", "Cases mediated")), unit=Unit.CASES,
               code="TJJFJS"),
        Column(key="persons", heading=w(M.pgettext("statistics form", "Parties involved")), unit=Unit.PERSONS,
               code="SJRS", measure=Measure.PERSONS),
        Column(key="success", heading=w(M.pgettext("statistics form", "Resolved")), unit=Unit.CASES,
               code="TJJG", code_value="1", match=resolved),
        Column(key="difficult", heading=w(M.pgettext("statistics form", "Difficult and complex cases")),
               unit=Unit.CASES, code="AJNDJB", match=(("complexity", ("difficult",)),)),
        Column(key="amount", heading=w(M.pgettext("statistics form", "Amount in agreements")), unit=Unit.WAN_YUAN,
               code="SAJE", measure=Measure.AMOUNT, match=resolved),
    ))
    body = ColumnGroup(key="body", section=w(SECTION_MEDIATION),
                       title=w(M.pgettext("statistics form", "Mediation by type of committee")), columns=tuple(
        Column(key=f"body.{b.value}", heading=w(BODY_WORDS[b]), unit=Unit.CASES, code="TWHLX",
               match=(("body", (b.value,)),))
        for b in FormBody
    ))
    referred_all = tuple(code for _k, codes_, _w in REFERRERS for code in codes_)
    referred_heading = w(M.pgettext("statistics form", "Entrusted or transferred"))
    source = ColumnGroup(key="source", section=w(SECTION_MEDIATION),
                         title=w(M.pgettext("statistics form", "Source of cases")), columns=(
        Column(key="source.initiative", heading=w(M.pgettext("statistics form", "On own initiative")),
               unit=Unit.CASES, code="AJLY", match=(("source", ("initiative", "grid")),)),
        Column(key="source.application", heading=w(M.pgettext("statistics form", "On application")),
               unit=Unit.CASES, code="AJLY", match=(("source", ("application",)),)),
        Column(key="source.referred", heading=referred_heading,
               subheading=w(M.pgettext("statistics form", "Subtotal")), unit=Unit.CASES, code="AJLY",
               match=(("source", referred_all),)),
        *(Column(key=f"source.{k}", heading=referred_heading, subheading=w(label), unit=Unit.CASES, code="AJLY",
                 match=(("source", codes_),)) for k, codes_, label in REFERRERS),
    ))
    type_columns = [Column(key=f"type.{code}", heading=label, unit=Unit.CASES, code="JFLB", code_value=code,
                           match=(("type_code", (code,)),)) for code, label in codes]
    if wage_attribute:
        type_columns.append(Column(
            key="type.wages", heading=w(M.pgettext("statistics form", "Of which: migrant workers' wages")),
            unit=Unit.CASES, code="SJNMGJFQK", match=(("migrant_wages", ("1",)),)))
    types = ColumnGroup(key="type", section=w(SECTION_MEDIATION),
                        title=w(M.pgettext("statistics form", "Cases by type of dispute")), columns=tuple(type_columns))
    form = ColumnGroup(key="form", section=w(SECTION_MEDIATION),
                       title=w(M.pgettext("statistics form", "Form of agreement")), columns=(
        Column(key="form.oral", heading=w(M.pgettext("statistics form", "Oral")), unit=Unit.CASES,
               code="TJLX", code_value="1", match=(("resolved_form", ("oral",)),)),
        Column(key="form.written", heading=w(M.pgettext("statistics form", "Written")), unit=Unit.CASES,
               code="TJLX", code_value="2", match=(("resolved_form", ("written",)),)),
    ))
    performance = ColumnGroup(key="performance", section=w(SECTION_MEDIATION),
                              title=w(M.pgettext("statistics form", "Performance and judicial confirmation")),
                              columns=(
        Column(key="performed", heading=w(M.pgettext("statistics form", "Performed")), unit=Unit.CASES,
               code="XYLXQK", match=(*resolved, ("performed", ("1",)))),
        Column(key="confirm.applied", heading=w(M.pgettext("statistics form", "Judicial confirmation")),
               subheading=w(M.pgettext("statistics form", "Applied")), unit=Unit.CASES, code="SFSFQR",
               match=(("confirmation", ("applied", "confirmed")),)),
        Column(key="confirm.confirmed", heading=w(M.pgettext("statistics form", "Judicial confirmation")),
               subheading=w(M.pgettext("statistics form", "Confirmed")), unit=Unit.CASES, code="SFSFQR",
               match=(("confirmation", ("confirmed",)),)),
    ))
    prevention_columns: list[Column] = [
        Column(key="screen.rounds", heading=w(M.pgettext("statistics form", "Screening of disputes")),
               unit=Unit.ROUNDS, code="PCJFCS", basis=Basis.SCREENING),
        Column(key="screen.found", heading=w(M.pgettext("statistics form", "Disputes found by screening")),
               unit=Unit.CASES, code="PCFXJF", basis=Basis.SCREENING, measure=Measure.FOUND),
        Column(key="prevent.total", heading=w(M.pgettext("statistics form", "Disputes prevented")),
               unit=Unit.CASES, code="YFJFJS", basis=Basis.PREVENTION),
    ]
    for kind, label in PREVENTIONS:
        prevention_columns += [
            Column(key=f"prevent.{kind.value}.cases", heading=w(label), unit=Unit.CASES, basis=Basis.PREVENTION,
                   match=(("prevention_kind", (kind.value,)),)),
            Column(key=f"prevent.{kind.value}.persons", heading=w(label), unit=Unit.PERSONS,
                   basis=Basis.PREVENTION, measure=Measure.EVENT_PERSONS,
                   match=(("prevention_kind", (kind.value,)),)),
        ]
    screening = ColumnGroup(key="screening", section=w(SECTION_SCREENING), title=w(SECTION_SCREENING),
                            columns=tuple(prevention_columns))
    return (mediation, body, source, types, form, performance, screening)
