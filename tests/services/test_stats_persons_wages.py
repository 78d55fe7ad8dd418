"""Two figures of the statistics form that depended on a box nobody has to fill in: the persons
involved (涉及当事人数) of a case nobody counted, and migrant workers' wages (其中：拖欠农民工工资)
of a case whose sub-type already says so. Built through the services as a mediator registers."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediation_app.domain.statistics import Period
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.stats.recording import CaseFactsInput
from mediation_app.storage import migrate
from mediation_app.storage.db import Database, sqlite_url
from tests.factories import CARRIER, make_case, market_case_input
from tests.services.conftest import initialise, open_services

YEAR = Period.parse("2026")


def _wage_case(services: Services, admin: Actor) -> object:
    return make_case(services, admin, data=market_case_input(
        subtype_code="unpaid_wages", facts="被申请人拖欠申请人装卸工资三个月，共计一万二千元，经多次催要未付。",
        requests="支付拖欠工资一万二千元。", amount="12000"))


def test_a_case_nobody_counted_counts_its_parties_and_follows_them(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)  # two parties, no number of persons recorded
    assert services.stats.compute(admin, YEAR).value("level_total", "persons") == 2
    facts = services.stats_recording.case_facts(admin, case_id)
    assert facts.persons_involved is None and facts.parties == 2
    services.parties.add_party(admin, case_id, CARRIER)
    assert services.stats.compute(admin, YEAR).value("level_total", "persons") == 3
    services.stats_recording.set_case_facts(admin, case_id, CaseFactsInput(persons_involved=7))
    assert services.stats.compute(admin, YEAR).value("level_total", "persons") == 7  # what was recorded wins
    make_case(services, admin, data=market_case_input(persons_involved=4))
    assert services.stats.compute(admin, YEAR).value("level_total", "persons") == 11


def test_the_wages_sub_type_is_counted_as_wages_in_every_code_list(services: Services, admin: Actor) -> None:
    wages = _wage_case(services, admin)
    other = make_case(services, admin)
    facts = services.stats_recording.case_facts(admin, wages)
    assert facts.migrant_wages and facts.wages_by_subtype
    assert not services.stats_recording.case_facts(admin, other).wages_by_subtype
    c2020 = services.stats.compute(admin, YEAR, version="C2020")
    assert c2020.value("level_total", "type.wages") == 1  # the "of which" column of the 2020 list
    assert services.stats.cell_cases(admin, YEAR, "level_total", "type.wages", version="C2020").case_ids == (wages,)
    assert services.stats.compute(admin, YEAR, version="B2016").value("level_total", "type.10") == 1
    with pytest.raises(ValidationFailed) as refused:
        services.stats_recording.set_case_facts(admin, wages, CaseFactsInput(migrant_wages=False))
    assert "sub-type is unpaid migrant workers' wages" in refused.value.field_errors["migrant_wages"]
    assert services.stats_recording.case_facts(admin, wages).migrant_wages  # nothing changed
    services.stats_recording.set_case_facts(admin, other, CaseFactsInput(migrant_wages=True))  # another sub-type
    assert services.stats.compute(admin, YEAR, version="C2020").value("level_total", "type.wages") == 2
    services.stats_recording.set_case_facts(admin, other, CaseFactsInput(migrant_wages=False))
    assert services.stats.compute(admin, YEAR, version="C2020").value("level_total", "type.wages") == 1


def test_migration_0041_marks_old_wage_cases_and_counts_again(tmp_path: Path) -> None:
    svc = open_services("sqlite", tmp_path)
    admin = initialise(svc)
    wages = _wage_case(svc, admin)
    make_case(svc, admin)
    expected = svc.stats.compute(admin, YEAR).values
    assert expected[("level_total", "type.wages")] == 1 and expected[("level_total", "persons")] == 4
    svc.close()
    db = Database(sqlite_url(tmp_path / "mediation.db"))
    with db.engine.begin() as conn:  # as the previous version left them: unmarked, counted as nobody
        conn.exec_driver_sql("update mediation_case set migrant_wages = 0")
        conn.exec_driver_sql("update case_stats_month set persons = 0, migrant_wages = 0")
    migrate.downgrade(db, "0040")
    migrate.upgrade(db)
    db.dispose()
    svc = open_services("sqlite", tmp_path)
    try:
        assert svc.stats.compute(admin, YEAR).values == expected
        assert svc.stats_recording.case_facts(admin, wages).migrant_wages
    finally:
        svc.close()
