"""Search through the token index: a query matches within one name, one phone or one field; the
list says where it matched; a broad query is read page by page in list order and counted exactly."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from mediation_app.domain.enums import DisputeType, IdType, PartyRole
from mediation_app.domain.search_terms import field_label
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.intake import CaseInput
from mediation_app.services.parties import PartyInput
from mediation_app.services.read_models import CaseFilter
from mediation_app.storage import migrate, search_query
from mediation_app.storage.db import Database, sqlite_url
from tests.factories import every_page, make_case
from tests.services.conftest import initialise, open_services


def _register(services: Services, actor: Actor, *names: str, facts: str = "邻里之间因排水问题发生争执。",
              phone: str = "13800138000") -> object:
    data = CaseInput(
        parties=tuple(PartyInput(name=n, role=PartyRole.APPLICANT if i == 0 else PartyRole.RESPONDENT,
                                 phone=phone, id_type=IdType.NONE) for i, n in enumerate(names)),
        dispute_type=DisputeType.NEIGHBOUR, facts=facts, requests="请求对方修好排水沟。", title="排水争执",
    )
    return services.intake.register(actor, data, accept=False).created_id


def _found(services: Services, actor: Actor, text: str, **kw: object) -> list[object]:
    return [r.id for r in services.cases.list_cases(actor, CaseFilter(text=text, **kw)).rows]  # type: ignore[arg-type]


def test_characters_of_two_names_never_make_one_match(services: Services, admin: Actor) -> None:
    across = _register(services, admin, "叶福", "海德杰")  # 福 ends one name, 海 begins the next
    across3 = _register(services, admin, "马福", "福海军")  # 马福 and 福海 are in the case, 马福海 is not
    inside = _register(services, admin, "王福海", "李娜")
    assert set(_found(services, admin, "福海")) == {across3, inside}  # 福海军 has it, 叶福 and 海德杰 do not
    assert services.cases.count_cases(admin, CaseFilter(text="福海")) == 2
    assert _found(services, admin, "马福海") == []
    assert set(_found(services, admin, "福")) == {across, across3, inside}
    assert _found(services, admin, "海德杰") == [across]


def test_the_list_says_where_the_query_matched(services: Services, admin: Actor) -> None:
    case = _register(services, admin, "王福海", "李娜", facts="申请人购进苹果120箱，运输途中损坏38箱。",
                     phone="13893126688")
    by_facts = services.cases.list_cases(admin, CaseFilter(text="苹果")).rows
    assert [r.id for r in by_facts] == [case]
    assert field_label("facts") in by_facts[0].matched and "苹果" in by_facts[0].matched
    by_pinyin = services.cases.list_cases(admin, CaseFilter(text="wfh")).rows
    assert field_label("party") in by_pinyin[0].matched and "王福海" in by_pinyin[0].matched
    by_phone = services.cases.list_cases(admin, CaseFilter(text="6688")).rows
    assert field_label("phone") in by_phone[0].matched and "13893126688" not in by_phone[0].matched
    assert services.cases.list_cases(admin, CaseFilter()).rows[0].matched == ""


@pytest.mark.parametrize("gather_max", [5000, 1])  # a selective term is gathered, a broad one walked
def test_a_broad_query_is_paged_in_list_order_and_counted_exactly(
    services: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch, gather_max: int,
) -> None:
    monkeypatch.setattr(search_query, "GATHER_MAX", gather_max)
    wangs = {_register(services, admin, f"王{c}", "李娜") for c in "一二三四五六七"}
    other = _register(services, admin, "赵六", "钱七")
    for sort in ("registered_on", "deadline_on", "number"):
        full = [r.id for r in services.cases.list_cases(admin, CaseFilter(sort=sort), limit=100).rows]
        paged = every_page(services, admin, CaseFilter(text="王", sort=sort), limit=2)
        assert paged == [i for i in full if i in wangs]  # every match once, in the list's own order
    assert other not in paged
    assert services.cases.count_cases(admin, CaseFilter(text="王")) == 7
    assert services.cases.count_cases(admin, CaseFilter(text="王", statuses=("accepted",))) == 0


def test_one_days_cases_come_newest_entered_first_with_or_without_a_search(services: Services, admin: Actor) -> None:
    """Registered the same day, cases are listed in the order they were entered, newest first, and a
    search pages them in that same order (the search index's own order, so that its walk stops at
    the page); a key from before the order carried the search id, or whose case is gone, still pages."""
    from mediation_app.services.read_models import PageKey

    entered = [_register(services, admin, f"王{c}", "李娜") for c in "一二三四五六"]
    newest_first = entered[::-1]
    assert [r.id for r in services.cases.list_cases(admin, CaseFilter(), limit=100).rows] == newest_first
    oldest_first = [r.id for r in services.cases.list_cases(admin, CaseFilter(descending=False), limit=100).rows]
    assert oldest_first == entered
    for flt in (CaseFilter(), CaseFilter(text="王"), CaseFilter(text="李娜")):
        assert every_page(services, admin, flt, limit=4) == newest_first, flt
        first = services.cases.list_cases(admin, flt, limit=2)
        assert first.next_key is not None and first.next_key.search_id is not None
        old_key = PageKey(first.next_key.value, first.next_key.id)  # without the search id
        assert [r.id for r in services.cases.list_cases(admin, flt, after=old_key, limit=100).rows] == newest_first[2:]
        gone = PageKey(first.next_key.value, uuid.UUID(int=0))  # no such case
        assert services.cases.list_cases(admin, flt, after=gone, limit=100).rows == ()  # the next day on: none


def test_an_edited_case_is_found_by_its_new_words_only(services: Services, admin: Actor) -> None:
    case_id = _register(services, admin, "王福海", "李娜")
    assert _found(services, admin, "排水争执") == [case_id]  # the title; the facts say 发生争执
    services.intake.set_title(admin, case_id, "围墙纠纷")
    assert _found(services, admin, "排水争执") == []
    assert _found(services, admin, "围墙") == [case_id]


def test_upgrading_an_existing_database_builds_the_index(tmp_path: Path) -> None:
    svc = open_services("sqlite", tmp_path)
    admin = initialise(svc)
    case_id = make_case(svc, admin)
    svc.close()
    db = Database(sqlite_url(tmp_path / "mediation.db"))
    migrate.downgrade(db, "0016")
    migrate.upgrade(db)
    db.dispose()
    svc = open_services("sqlite", tmp_path)
    try:
        assert _found(svc, admin, "马福海") == [case_id]
        assert _found(svc, admin, "mfh") == [case_id]
        assert _found(svc, admin, "苹果") == [case_id]
    finally:
        svc.close()


def test_term_lists_kept_plain_before_0026_are_packed_and_still_removed_on_edit(tmp_path: Path) -> None:
    from sqlalchemy import text

    from mediation_app.domain.search_terms import PACKED

    svc = open_services("sqlite", tmp_path)
    admin = initialise(svc)
    case_id = _register(svc, admin, "王福海", "李娜")
    svc.close()
    db = Database(sqlite_url(tmp_path / "mediation.db"))

    def stored() -> list[str]:
        with db.engine.connect() as con:
            return [r[0] for r in con.execute(text("SELECT terms FROM case_search"))]

    migrate.downgrade(db, "0020")
    assert stored() and all(not t.startswith(PACKED) and "排水" in t.split() for t in stored())
    migrate.upgrade(db)
    assert stored() and all(t.startswith(PACKED) for t in stored())
    db.dispose()
    svc = open_services("sqlite", tmp_path)
    try:
        assert _found(svc, admin, "排水争执") == [case_id]
        svc.intake.set_title(admin, case_id, "围墙纠纷")  # the old title's terms are read back from the packed list
        assert _found(svc, admin, "排水争执") == []
        assert _found(svc, admin, "围墙") == [case_id]
    finally:
        svc.close()


def test_other_terms_are_looked_up_for_each_driving_row_never_gathered(services: Services, admin: Actor) -> None:
    """A three-character query walks its rarest pair and looks the other pair up case by case: no
    plan hashes or sorts every index row of the other pair (PostgreSQL would otherwise turn the test
    into a semi-join over all of them)."""
    from sqlalchemy import event

    case = _register(services, admin, "王秀英", "李娜")
    _register(services, admin, "秀英", "王秀")  # both pairs, in two names: not a match
    seen: list[tuple[str, object]] = []

    def record(_c: object, _cur: object, stmt: str, params: object, _ctx: object, _many: object) -> None:
        seen.append((stmt, params))

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        assert _found(services, admin, "王秀英") == [case]
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    stmt, params = next((s, p) for s, p in seen if "ORDER BY" in s and "case_term" in s)
    assert stmt.count("LIMIT") == 2  # the page's and the look-up's
    sqlite = services.db.engine.dialect.name == "sqlite"
    with services.db.engine.connect() as conn:
        plan = "\n".join(str(row[-1]) for row in conn.exec_driver_sql(
            ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + stmt, params))
    assert "Semi Join" not in plan, plan
    if sqlite:
        assert "Hash" not in plan, plan
        return
    # PostgreSQL: the other pair is read only case by case (its index condition names the case), and
    # no hashed sub-plan reads the index rows. How the tiny page is joined to mediators and committees
    # is the planner's choice (it may hash it) and is not the question here.
    lines = plan.splitlines()
    probes = [line for line in lines if "'秀英'" in line]
    assert probes and all("search_id = " in line for line in probes), plan
    hashed = {f"SubPlan {n}" for n in re.findall(r"hashed SubPlan (\d+)", plan)}
    depth = [len(line) - len(line.lstrip()) for line in lines]
    for i, line in enumerate(lines):
        if line.strip() in hashed:  # the sub-plan's lines are those indented below its heading
            end = next((k for k in range(i + 1, len(lines)) if depth[k] <= depth[i]), len(lines))
            assert not any("case_term" in x for x in lines[i + 1:end]), plan


def test_each_case_of_a_page_says_its_own_field_and_two_parts_the_field_holding_both(
        services: Services, admin: Actor) -> None:
    in_name = _register(services, admin, "苹果林", "李娜", facts="双方因货款发生争执。")
    in_facts = _register(services, admin, "王福海", "赵六", facts="王福海购进苹果120箱，运输途中损坏38箱。")
    rows = {r.id: r.matched for r in services.cases.list_cases(admin, CaseFilter(text="苹果")).rows}
    assert field_label("party") in rows[in_name] and "苹果林" in rows[in_name]
    assert field_label("facts") in rows[in_facts] and "苹果" in rows[in_facts]
    # two parts: the first is also a party's name, but only the facts hold both
    both = services.cases.list_cases(admin, CaseFilter(text="王福海 苹果")).rows
    assert [r.id for r in both] == [in_facts] and field_label("facts") in both[0].matched


def test_a_one_term_search_in_registration_order_counts_nothing_first(services: Services, admin: Actor) -> None:
    """The list by registration day walks the term's index rows and stops at a full page: a query
    of one term goes straight to it; a longer one still counts its terms to pick the rarest."""
    from sqlalchemy import event

    case = _register(services, admin, "王福海", "李娜")
    statements: list[str] = []

    def record(_c: object, _cur: object, stmt: str, *_rest: object) -> None:
        statements.append(stmt)

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        assert _found(services, admin, "福") == [case]
        assert _found(services, admin, "鑫") == []  # a term in no case: an empty page, not an error
        one_term = [s for s in statements if "count(" in s.lower()]
        statements.clear()
        assert _found(services, admin, "福海") == [case] and _found(services, admin, "王福海") == [case]
        longer = [s for s in statements if "count(" in s.lower()]
        assert _found(services, admin, "福", sort="number") == [case]
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    assert one_term == [] and len(longer) == 2  # 王福海: 王福 and 福海


def test_the_facts_are_read_only_for_the_rows_whose_match_reaches_them(services: Services, admin: Actor) -> None:
    """Where each row matched reads the page's short fields and parties at once; the facts and
    requests only for the rows not matched before them, and never for one Chinese character."""
    from sqlalchemy import event

    in_name = _register(services, admin, "苹果林", "李娜", facts="双方因货款发生争执。")
    in_facts = _register(services, admin, "王福海", "赵六", facts="王福海购进苹果120箱，运输途中损坏38箱。")
    statements: list[str] = []

    def record(_c: object, _cur: object, stmt: str, *_rest: object) -> None:
        statements.append(stmt.lower())

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        rows = {r.id: r.matched for r in services.cases.list_cases(admin, CaseFilter(text="苹果")).rows}
        two_chars = [s for s in statements if "facts" in s and "like" not in s]
        statements.clear()
        one_char = {r.id: r.matched for r in services.cases.list_cases(admin, CaseFilter(text="李")).rows}
        lone = [s for s in statements if "facts" in s and "like" not in s]
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    assert field_label("party") in rows[in_name] and field_label("facts") in rows[in_facts]
    assert len(two_chars) == 1 and two_chars[0].count("?") + two_chars[0].count("%(") == 1  # the one row reaching them
    assert list(one_char) == [in_name] and field_label("party") in one_char[in_name] and "李娜" in one_char[in_name]
    assert lone == []  # one character is never a term of a long text
