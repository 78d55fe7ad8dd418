"""Three characters whose pairs are each common but rarely meet: once the index is tuned, the run
is a term of its own (storage/search_tune.py) and the results stay exactly those of one name, one
field, including for cases registered or edited afterwards."""

from __future__ import annotations

import pytest

from mediation_app.domain.enums import DisputeType, IdType, PartyRole
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.intake import CaseInput
from mediation_app.services.parties import PartyInput
from mediation_app.services.read_models import CaseFilter
from mediation_app.storage import search_query, search_tune


def _register(services: Services, actor: Actor, *names: str, facts: str = "邻里之间因排水问题发生争执。") -> object:
    data = CaseInput(
        parties=tuple(PartyInput(name=n, role=PartyRole.APPLICANT if i == 0 else PartyRole.RESPONDENT,
                                 phone="13800138000", id_type=IdType.NONE) for i, n in enumerate(names)),
        dispute_type=DisputeType.NEIGHBOUR, facts=facts, requests="请求对方修好排水沟。", title="排水争执",
    )
    return services.intake.register(actor, data, accept=False).created_id


def _found(services: Services, actor: Actor, text: str) -> set[object]:
    return {r.id for r in services.cases.list_cases(actor, CaseFilter(text=text)).rows}


def _tuned(services: Services) -> set[str]:
    with services.db.read() as s:
        tune = search_tune.load_tune(s.connection(), writing=False)
    return set(tune.common) | set(tune.dense)


def _driver(services: Services, text: str) -> str:
    with services.db.read() as s:
        plan = search_query.plan_search(s, text)
    assert plan is not None
    return plan.driver


@pytest.fixture
def small_tuning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thresholds for a handful of cases: a pair in three cases is common; a run in half the cases
    of its rarer pair is found by walking that pair."""
    monkeypatch.setattr(search_tune, "COMMON_MIN", 3)
    monkeypatch.setattr(search_tune, "DENSE_SHARE", 0.5)


def test_a_rare_run_of_common_pairs_is_its_own_term_and_exact(services: Services, admin: Actor,
                                                              small_tuning: None) -> None:
    apart = {_register(services, admin, "王青海", "海东明"),  # 青海 and 海东 in two names: no match
             _register(services, admin, "李青海", "赵海东"),
             _register(services, admin, "青海", "海东", facts="青海人与海东人发生争执。")}  # and in two words
    in_name = _register(services, admin, "张青海东", "李娜")
    in_facts = _register(services, admin, "刘一", "陈二", facts="双方在青海东部合伙经营牧场。")
    before = _found(services, admin, "青海东")
    assert before == {in_name, in_facts}
    assert _driver(services, "青海东") in ("青海", "海东")  # untuned: a pair is walked

    report = services.maintenance.tune_search(admin)
    assert {"青海", "海东"} <= set(_tuned(services))
    assert report.rows_added >= 2
    assert _driver(services, "青海东") == "青海东"  # tuned: the run itself
    assert _found(services, admin, "青海东") == before
    assert services.cases.count_cases(admin, CaseFilter(text="青海东")) == 2
    assert _found(services, admin, "张青海东") == {in_name}
    assert _found(services, admin, "青海东部") == {in_facts}
    assert _found(services, admin, "青海") >= apart | {in_name, in_facts}

    later = _register(services, admin, "青海东", "王五")  # registered after tuning: indexed by the same rule
    _register(services, admin, "孙青海", "海东亮")
    assert _found(services, admin, "青海东") == {in_name, in_facts, later}
    titled = _register(services, admin, "周七", "吴八")
    services.intake.set_title(admin, titled, "青海东路摊位纠纷")  # an edit adds the run …
    assert _found(services, admin, "青海东") == {in_name, in_facts, later, titled}
    services.intake.set_title(admin, titled, "围墙纠纷")  # … and takes it away
    assert _found(services, admin, "青海东") == {in_name, in_facts, later}


def test_a_run_common_among_its_pairs_is_walked_and_exact(services: Services, admin: Actor,
                                                          small_tuning: None) -> None:
    same = {_register(services, admin, "王秀英", name) for name in ("李娜", "赵六", "钱七")}
    apart = _register(services, admin, "秀英", "王秀")  # both pairs, in two names
    report = services.maintenance.tune_search(admin)
    assert {"王秀", "秀英", "王秀英"} <= _tuned(services) and report.dense_runs >= 1  # 3 of the 4 cases: dense
    assert _driver(services, "王秀英") in ("王秀", "秀英")  # not a term: its rarer pair is walked
    assert _found(services, admin, "王秀英") == same
    assert apart in _found(services, admin, "秀英")
