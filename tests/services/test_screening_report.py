"""The screening report (矛盾纠纷排查情况表) and the monthly figures over a hand-counted ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mediation_app.domain.screening import PeopleBand, ScreeningCategory, ScreeningLevel
from mediation_app.domain.statistics import Period
from mediation_app.services import Services
from mediation_app.services.errors import PermissionDenied
from mediation_app.services.screening import Counts, LevelCounts
from tests.services.screening_fixture import Ledger, build

OCTOBER = Period.parse("2026-10")
COUNTY, TOWNSHIP, VILLAGE = ScreeningLevel.COUNTY, ScreeningLevel.TOWNSHIP, ScreeningLevel.VILLAGE


@pytest.fixture
def ledger(services: Services, admin) -> Ledger:
    return build(services, admin)


def c(screened: int, handled: int = 0, success: int = 0) -> Counts:
    return Counts(screened=screened, handled=handled, success=success)


def cells(row: LevelCounts) -> tuple[Counts, Counts, Counts, Counts, Counts]:
    return row.at(COUNTY), row.at(TOWNSHIP), row.at(VILLAGE), row.subtotal, row.year


def test_every_row_of_the_october_report(services: Services, ledger: Ledger) -> None:
    both = [ledger.market.committee_id, ledger.village.committee_id]
    report = services.screening.report(ledger.centre, OCTOBER, both)
    assert cells(report.overall) == (c(5, 3, 3), c(0), c(2, 2, 1), c(7, 5, 4), c(8, 6, 5))
    assert report.overall.subtotal.handling_rate == Decimal("71.43")
    assert report.overall.subtotal.success_rate == Decimal("80.00")
    by_category = dict(report.categories)
    assert list(by_category) == list(ScreeningCategory)  # every row of the form, in its order
    assert cells(by_category[ScreeningCategory.ECONOMIC]) == (c(2, 2, 2), c(0), c(0), c(2, 2, 2), c(2, 2, 2))
    assert cells(by_category[ScreeningCategory.LABOUR]) == (c(1, 1, 1), c(0), c(0), c(1, 1, 1), c(1, 1, 1))
    assert cells(by_category[ScreeningCategory.ETHNIC_RELIGIOUS]) == (c(1), c(0), c(0), c(1), c(1))
    assert cells(by_category[ScreeningCategory.MEDICAL]) == (c(1), c(0), c(0), c(1), c(1))  # resolved in November
    assert cells(by_category[ScreeningCategory.CIVIL]) == (c(0), c(0), c(1, 1, 1), c(1, 1, 1), c(2, 2, 2))
    assert cells(by_category[ScreeningCategory.LAND_ACQUISITION]) == (c(0), c(0), c(1, 1), c(1, 1), c(1, 1))
    others = set(ScreeningCategory) - {ScreeningCategory.ECONOMIC, ScreeningCategory.LABOUR, ScreeningCategory.CIVIL,
                                       ScreeningCategory.ETHNIC_RELIGIOUS, ScreeningCategory.MEDICAL,
                                       ScreeningCategory.LAND_ACQUISITION}
    assert all(by_category[k].year == c(0) for k in others)
    bands = {b: (row.at(COUNTY).screened, row.at(VILLAGE).screened, row.subtotal.screened, row.year.screened)
             for b, row in report.bands}
    assert bands == {PeopleBand.UNDER_50: (3, 1, 4, 4), PeopleBand.FROM_50: (1, 1, 2, 2),
                     PeopleBand.FROM_101: (1, 0, 1, 1), PeopleBand.OVER_500: (0, 0, 0, 1)}
    assert sum(v[2] for v in bands.values()) == report.overall.subtotal.screened  # the form's own check
    assert sum(row.subtotal.screened for _k, row in report.categories) == report.overall.subtotal.screened
    assert cells(report.major) == (c(2, 1, 1), c(0), c(1, 1, 0), c(3, 2, 1), c(3, 2, 1))
    assert report.major.subtotal.success_rate == Decimal("50.00")
    assert (report.concentrated.at(COUNTY).screened, report.concentrated.at(VILLAGE).screened,
            report.concentrated.year.screened) == (1, 0, 2)
    assert (report.rounds.subtotal.screened, report.rounds.year.screened) == (3, 4)
    assert report.unit == "青藏高原农副产品集散中心人民调解委员会、大通县桥头镇元树尔村人民调解委员会"


def test_one_committee_never_counts_the_others(services: Services, ledger: Ledger) -> None:
    market = services.screening.report(ledger.market, OCTOBER)
    assert cells(market.overall) == (c(5, 3, 3), c(0), c(0), c(5, 3, 3), c(6, 4, 4))
    village = services.screening.report(ledger.village, OCTOBER)
    assert cells(village.overall) == (c(0), c(0), c(2, 2, 1), c(2, 2, 1), c(2, 2, 1))
    assert village.concentrated.year == c(0)


def test_a_later_period_counts_the_november_handling(services: Services, ledger: Ledger) -> None:
    report = services.screening.report(ledger.market, Period.parse("2026-Q4"))
    # a5 was resolved on 2 November; a7 was screened in November
    assert report.overall.subtotal == c(6, 4, 4)
    assert dict(report.categories)[ScreeningCategory.MEDICAL].subtotal == c(1, 1, 1)


def test_cells_drill_down_to_their_items(services: Services, ledger: Ledger) -> None:
    both = [ledger.market.committee_id, ledger.village.committee_id]
    items = ledger.items
    economic = services.screening.cell_items(ledger.centre, OCTOBER, both, level=COUNTY,
                                             category=ScreeningCategory.ECONOMIC, measure="success")
    assert economic == [items["a1"], items["a4"]]
    major = services.screening.cell_items(ledger.centre, OCTOBER, both, major=True, measure="handled")
    assert major == [items["a2"], items["b2"]]
    ytd = services.screening.cell_items(ledger.centre, OCTOBER, both, year_to_date=True, band=PeopleBand.OVER_500)
    assert ytd == [items["a6"]]
    village = services.screening.cell_items(ledger.centre, OCTOBER, both, level=VILLAGE)
    assert village == [items["b1"], items["b2"]]


def test_monthly_figures_per_committee(services: Services, ledger: Ledger) -> None:
    both = [ledger.market.committee_id, ledger.village.committee_id]
    rows = services.screening.monthly(ledger.centre, Period.parse("2026-Q4"), both)
    got = {(r.committee_id, r.month): (r.mediated, r.rounds, r.found, r.prevented) for r in rows}
    m, v = ledger.market.committee_id, ledger.village.committee_id
    assert got == {(m, 10): (1, 2, 5, 1), (m, 11): (0, 1, 1, 0), (m, 12): (0, 0, 0, 0),
                   (v, 10): (1, 1, 2, 0), (v, 11): (0, 0, 0, 0), (v, 12): (0, 0, 0, 0)}


def test_a_mediator_reports_on_their_own_committee_only(services: Services, ledger: Ledger) -> None:
    from dataclasses import replace

    from mediation_app.domain.enums import Role

    mediator = replace(ledger.village, roles=frozenset({Role.MEDIATOR}), role=Role.MEDIATOR)
    with pytest.raises(PermissionDenied):
        services.screening.report(mediator, OCTOBER, [ledger.market.committee_id])


def test_a_room_mediator_never_sees_another_committees_screening(services: Services, ledger: Ledger) -> None:
    """The statistics' rule: a mediator of the village committee is offered, and gets, the village's
    screening figures only; the centre's head is offered both."""
    from dataclasses import replace

    from mediation_app.domain.enums import Role

    mediator = replace(ledger.village, roles=frozenset({Role.MEDIATOR}), role=Role.MEDIATOR, memberships=())
    market = ledger.market.committee_id
    assert [c.id for c in services.screening.committees(mediator)] == [ledger.village.committee_id]
    assert {c.id for c in services.screening.committees(ledger.centre)} == {market, ledger.village.committee_id}
    for call in (lambda: services.screening.report(mediator, OCTOBER, [market]),
                 lambda: services.screening.report(mediator, OCTOBER, [ledger.village.committee_id, market]),
                 lambda: services.screening.monthly(mediator, OCTOBER, [market]),
                 lambda: services.screening.rounds(mediator, OCTOBER, [market]),
                 lambda: services.screening.cell_items(mediator, OCTOBER, [market], level=COUNTY)):
        with pytest.raises(PermissionDenied):
            call()
    own = services.screening.report(mediator, OCTOBER)  # its own figures: the village's two items, none of the market's
    assert cells(own.overall) == (c(0), c(0), c(2, 2, 1), c(2, 2, 1), c(2, 2, 1))
    assert own.rounds.subtotal.screened == 1


def test_the_half_year_is_a_period_of_the_screening_report(services: Services, ledger: Ledger) -> None:
    period = Period.parse("2026-H2")
    assert (period.start.isoformat(), period.end.isoformat(), period.form_field(), period.form_words()) == (
        "2026-07-01", "2026-12-31", "填报半年度", "2026年下半年")
    report = services.screening.report(ledger.market, period)
    assert report.overall.subtotal.screened == 7  # a1–a7 (a8 was screened in 2025)
