"""The market room through the services, on SQLite and PostgreSQL: the merchant registry (licence
checked, one active merchant per stall, left and back), parties linked by their stall at intake,
dispute history and the repeat-disputant warning, the registry imported from the market's Excel
list (dry run, idempotent re-import), the market clock in the Today view, the case and the
statistics, and the holiday calendar corrected by the administrator."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from mediation_app.domain.enums import CaseStatus, PartyRole
from mediation_app.domain.ledger_fields import LedgerKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.market.read_models import MerchantInput
from mediation_app.services.parties import PartyInput
from tests.factories import BUYER, STALLHOLDER, TODAY, make_case, market_case_input

FRUIT = MerchantInput(stall_number="B-117", name="建国水果批发部", business_type="水果批发", operator_name="李建国",
                      operator_phone="13997112233")


def good_code() -> str:
    from mediation_app.domain.identity import credit_code_check_char

    first = "91630100MA752XGY0"
    return first + credit_code_check_char(first)


def test_registry_add_search_edit_and_leave(services: Services, admin: Actor) -> None:
    m = services.merchants
    created = m.add(admin, dataclasses.replace(FRUIT, credit_code=good_code())).created_id
    assert created is not None
    m.add(admin, MerchantInput(stall_number="A-003", name="高原干货行", business_type="干货"))
    with pytest.raises(ValidationFailed) as exc:  # one active merchant per stall, however it is typed
        m.add(admin, MerchantInput(stall_number="b117", name="另一家"))
    assert "建国水果批发部" in exc.value.field_errors["stall_number"]
    page = m.list_merchants(admin, "干货")
    assert [r.name for r in page.rows] == ["高原干货行"] and page.total == 1
    assert [r.stall_number for r in m.list_merchants(admin).rows] == ["A-003", "B-117"]
    m.edit(admin, created, dataclasses.replace(FRUIT, name="建国果业", credit_code=good_code()))
    assert m.record(admin, created).merchant.name == "建国果业"
    m.mark_left(admin, created)
    assert [r.name for r in m.list_merchants(admin).rows] == ["高原干货行"]
    assert {r.name for r in m.list_merchants(admin, include_left=True).rows} == {"高原干货行", "建国果业"}
    assert m.record(admin, created).merchant.left_on == TODAY
    m.add(admin, MerchantInput(stall_number="B-117", name="新来的果行"))  # the stall changed hands
    with pytest.raises(ValidationFailed):
        m.mark_left(admin, created, left=False)  # the stall is taken again


def test_licence_check_character_is_a_warning_to_confirm(services: Services, admin: Actor) -> None:
    wrong = good_code()[:17] + ("0" if good_code()[17] != "0" else "1")
    with pytest.raises(ValidationFailed) as exc:
        services.merchants.add(admin, dataclasses.replace(FRUIT, credit_code=wrong))
    assert "credit_code" in exc.value.warnings and not exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        services.merchants.add(admin, dataclasses.replace(FRUIT, credit_code="91630100"))
    assert "18" in exc.value.field_errors["credit_code"]
    services.merchants.add(admin, dataclasses.replace(FRUIT, credit_code=wrong), confirm_warnings=True)
    assert services.merchants.list_merchants(admin).rows[0].credit_code == wrong


def test_intake_links_the_stall_shows_history_and_warns_of_repeats(services: Services, admin: Actor) -> None:
    merchant = services.merchants.add(admin, FRUIT).created_id
    assert services.merchants.intake_check(admin, stall="B117")[0].cases == ()
    first = make_case(services, admin)  # the stallholder names stall B-117
    record = services.merchants.intake_check(admin, stall="b-117")[0]
    assert [c.case_id for c in record.cases] == [first]
    assert record.cases[0].party == STALLHOLDER.name and record.warning is None  # one dispute, threshold 2
    buyer2 = dataclasses.replace(BUYER, name="韩有福", id_number="", phone="13709711234")
    second = make_case(services, admin, data=market_case_input(parties=(buyer2, STALLHOLDER)))
    record = services.merchants.intake_check(admin, name="建国水果")[0]
    assert {c.case_id for c in record.cases} == {first, second}
    assert record.merchant.disputes == 2 and record.merchant.repeat
    assert "建国水果批发部" in (record.warning or "")
    services.merchants.set_threshold(admin, 3)
    assert services.merchants.record(admin, merchant).warning is None
    # the case shows the merchant's record of its linked party
    detail = services.cases.detail(admin, second)
    linked = services.merchants.of_case_parties(admin, [p.party_id for p in detail.parties])
    assert [r.merchant.name for r in linked.values()] == ["建国水果批发部"]
    # a refused or merely registered case is no dispute on the record
    services.intake.register(admin, market_case_input(parties=(buyer2, STALLHOLDER)))
    assert services.merchants.record(admin, merchant).merchant.disputes == 2


def test_a_party_is_linked_and_unlinked_by_hand(services: Services, admin: Actor) -> None:
    merchant = services.merchants.add(admin, MerchantInput(stall_number="C-8", name="马家牛羊肉")).created_id
    buyer = dataclasses.replace(BUYER, name="马占林", id_number="", phone="13709715678")
    case_id = make_case(services, admin, data=market_case_input(parties=(
        buyer, PartyInput(name="马家牛羊肉店", role=PartyRole.RESPONDENT, phone="13997009988"))))
    party = next(p for p in services.cases.detail(admin, case_id).parties if p.name == "马家牛羊肉店")
    assert services.merchants.of_case_parties(admin, [party.party_id]) == {}
    services.merchants.link_party(admin, case_id, party.party_id, merchant)
    assert services.merchants.record(admin, merchant).parties == ("马家牛羊肉店",)
    assert services.merchants.record(admin, merchant).merchant.disputes == 1
    services.merchants.link_party(admin, case_id, party.party_id, None)
    assert services.merchants.record(admin, merchant).merchant.disputes == 0


def write_list(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["青藏高原农副产品集散中心商户名录"])
    ws.append(["摊位号", "商户名称", "经营类别", "统一社会信用代码", "经营者", "联系电话", "备注"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_registry_imported_from_the_market_list(services: Services, admin: Actor, tmp_path: Path) -> None:
    wrong = good_code()[:17] + ("0" if good_code()[17] != "0" else "1")
    path = write_list(tmp_path / "商户名录.xlsx", [
        ["A-001", "鑫源果业", "水果", good_code(), "马福", "13997110001", ""],
        ["A-002", "雪域干货", "干货", wrong, "才让", "13997110002", "执照号待核"],
        ["A-003", "", "蔬菜", "", "韩明", "123", ""],
        ["A-001", "鑫源果业", "水果", good_code(), "马福", "13997110001", ""],
    ])
    preview = services.ledger_import.preview(admin, path, LedgerKind.MERCHANTS)
    assert set(preview.mapping.values()) >= {"stall_number", "name", "business_type", "credit_code", "operator_name"}
    dry = services.ledger_import.run(admin, path, LedgerKind.MERCHANTS, dry_run=True)
    assert (dry.created, dry.duplicates, dry.refused) == (2, 1, 1)
    assert services.merchants.list_merchants(admin).total == 0  # nothing written
    bad = next(r for r in dry.rows if r.row == 5)
    assert any("商户" in p or "Merchant" in p for p in bad.problems)
    noted = next(r for r in dry.rows if r.row == 4)
    assert noted.status == "create" and noted.notes  # the check character: imported, with a note
    report, _changes = services.ledger_import.import_file(admin, path, LedgerKind.MERCHANTS)
    assert report.created == 2
    assert [r.name for r in services.merchants.list_merchants(admin).rows] == ["鑫源果业", "雪域干货"]
    again = services.ledger_import.run(admin, path, LedgerKind.MERCHANTS, dry_run=False)
    assert again.created == 0 and again.duplicates == 3
    assert services.merchants.list_merchants(admin).total == 2


def test_market_clock_in_today_the_case_and_the_statistics(services: Services, admin: Actor) -> None:
    services.merchants.add(admin, FRUIT)
    services.market_clock.set_rule(admin, "transit_damage", 10, "working", "市场监管时限")
    assert services.market_clock.rules(admin)[0].days == 10
    case_id = make_case(services, admin)  # accepted Monday 2 November 2026
    detail = services.cases.detail(admin, case_id)
    market = [d for d in detail.due if d.kind == "market"]
    assert market == []  # 16 November is more than a week away
    services.clock.set(dt.date(2026, 11, 12))
    market = [d for d in services.cases.detail(admin, case_id).due if d.kind == "market"]
    assert [d.due_on for d in market] == [dt.date(2026, 11, 16)] and "市场监管时限" in market[0].message
    today = services.overview.today(admin)
    assert [(d.case_id, d.due_on) for d in today.upcoming.items if d.kind == "market"] == [
        (case_id, dt.date(2026, 11, 16))]
    # the administrator makes Friday 13 November a day off: the deadline moves a working day on
    services.market_clock.set_day(admin, dt.date(2026, 11, 13), "off", "市场停业")
    assert [d.due_on for d in services.cases.detail(admin, case_id).due if d.kind == "market"] == [
        dt.date(2026, 11, 17)]
    services.clock.set(dt.date(2026, 11, 20))
    overdue = services.overview.today(admin).overdue
    assert any(d.kind == "market" and d.case_id == case_id for d in overdue.items)
    stats = services.market_stats.report(admin, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [(r.kept, r.missed, r.open_in_time, r.open_overdue) for r in stats.clock] == [(0, 0, 0, 1)]
    assert [(r.business_type, r.disputes, r.merchants) for r in stats.by_business_type] == [("水果批发", 1, 1)]
    assert stats.merchants_with_disputes == 1 and stats.repeat_merchants == 0
    services.market_clock.remove_rule(admin, "transit_damage")
    assert not [d for d in services.cases.detail(admin, case_id).due if d.kind == "market"]


def test_kept_clock_counts_as_kept(services: Services, admin: Actor) -> None:
    from tests.services.test_followup import effective_agreement

    services.market_clock.set_rule(admin, "transit_damage", 10, "calendar")
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=False)
    assert services.cases.detail(admin, case_id).status != CaseStatus.MEDIATING
    stats = services.market_stats.report(admin, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [(r.kept, r.missed) for r in stats.clock] == [(1, 0)]


def test_only_the_administrator_corrects_the_calendar(services: Services, admin: Actor) -> None:
    head = dataclasses.replace(admin, roles=frozenset(r for r in admin.roles if r.value != "admin"), memberships=())
    with pytest.raises(PermissionDenied):
        services.market_clock.set_day(head, dt.date(2026, 12, 31), "off")
    services.market_clock.set_day(admin, dt.date(2026, 12, 31), "off", "市场盘点")
    days = {d.day: d for d in services.market_clock.calendar(admin, 2026)}
    assert days[dt.date(2026, 12, 31)].source == "edited" and days[dt.date(2026, 10, 1)].source == "shipped"
    services.market_clock.set_day(admin, dt.date(2026, 12, 31), None)
    assert dt.date(2026, 12, 31) not in {d.day for d in services.market_clock.calendar(admin, 2026)}
    with pytest.raises(ValidationFailed):
        services.market_clock.set_rule(admin, "transit_damage", 0, "working")
    with pytest.raises(ValidationFailed):
        services.market_clock.set_rule(admin, "no_such_type", 5, "working")


def test_overview_and_each_case_agree_on_the_market_clock(services: Services, admin: Actor) -> None:
    from tests.services.test_today_overview import detail_items, overview_items

    services.market_clock.set_rule(admin, "short_weight", 10, "working")
    services.market_clock.set_rule(admin, "payment_arrears", 15, "calendar", "货款纠纷时限")
    services.market_clock.set_rule(admin, "transit_damage", 7, "working")
    services.demo.generate(admin, 60, seed=3)
    start = services.clock.today()
    seen = set()
    for offset in (0, 5, 12, 30, 90):
        services.clock.set(start + dt.timedelta(days=offset))
        items = overview_items(services, admin)
        assert items == detail_items(services, admin), offset
        seen |= {k for _c, k, *_rest in items}
    assert "market" in seen


def test_demo_has_merchants_linked_parties_and_a_repeat_disputant(services: Services, admin: Actor) -> None:
    services.demo.generate(admin, 120, seed=2)
    page = services.merchants.list_merchants(admin)
    assert page.total >= 4
    for row in page.rows:
        from mediation_app.domain.identity import check_credit_code

        assert check_credit_code(row.credit_code).issues == ()
        assert services.merchants.record(admin, row.id).parties
    assert any(r.repeat for r in page.rows)
    assert {r.subtype_code for r in services.market_clock.rules(admin)} == {"short_weight", "inferior_goods"}


def test_the_registry_pages_to_the_last_merchant_with_the_exact_total(services: Services, admin: Actor) -> None:
    for i in range(7):
        services.merchants.add(admin, MerchantInput(stall_number=f"D-{i:02d}", name=f"商户{i}", business_type="蔬菜"))
    rows, key = [], None
    while True:
        page = services.merchants.list_merchants(admin, "蔬菜", after=key, limit=3)
        assert page.total == 7
        rows += [r.stall_number for r in page.rows]
        if page.next_key is None:
            break
        key = page.next_key
    assert rows == [f"D-{i:02d}" for i in range(7)]
    assert [r.name for r in services.merchants.list_merchants(admin, "d 03").rows] == ["商户3"]  # as compared
