"""A case is closed on a day between its acceptance and today: the statistics count it in the period
of that day, so a mistyped year must not move it into another year's report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import ValidationFailed
from tests.documents.case_states import CaseBuilder


def test_a_closing_date_outside_the_cases_life_is_refused(services: Services, admin: Actor, tmp_path: Path) -> None:
    number = CaseBuilder(services, admin, tmp_path / "scans").terminated()  # accepted 2026-11-02
    case_id = services.cases.find_by_number(admin, number)
    for wrong, words in ((dt.date(2023, 5, 1), "before the case was accepted"), (dt.date(2027, 1, 5), "future")):
        with pytest.raises(ValidationFailed) as refused:
            services.outcomes.close(admin, case_id, on=wrong)
        assert words in refused.value.field_errors["on"] and wrong.isoformat() in refused.value.field_errors["on"]
        assert services.cases.detail(admin, case_id).closed_on is None  # nothing saved
    services.outcomes.close(admin, case_id, on=dt.date(2026, 11, 5))
    assert services.cases.detail(admin, case_id).closed_on == dt.date(2026, 11, 5)


def test_a_refused_case_closed_for_filing_is_not_a_case_mediated(services: Services, admin: Actor) -> None:
    """Footnote 1 of the form: cases not accepted are not counted, whatever happens to their file."""
    from mediation_app.domain.statistics import Definitions, Period, PeriodAnchor
    from tests.factories import market_case_input

    year = Period.parse("2026")
    by_closing = Definitions(anchor=PeriodAnchor.CLOSED)
    before = services.stats.compute(admin, year, definitions=by_closing).value("level_total", "total")
    case_id = services.intake.register(admin, market_case_input()).created_id
    assert case_id is not None
    services.intake.refuse(admin, case_id, "already_handled", ("lawsuit",))
    services.outcomes.close(admin, case_id)
    report = services.stats.compute(admin, year, definitions=by_closing)
    assert report.value("level_total", "total") == before
    from mediation_app.storage.stats_facts import summarise_bulk

    with services.db.write() as s:  # the monthly counts made again from every case (migration 0040) agree
        summarise_bulk(s)
    assert services.stats.compute(admin, year, definitions=by_closing).values == report.values
