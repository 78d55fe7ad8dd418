"""A text longer than its field keeps is refused with the field and both lengths, on SQLite (which would
keep it whole) and on PostgreSQL (which would fail with an error nobody can act on); it is never cut
short without a word, and a record loaded with such a text is not refused for a change elsewhere."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update

from mediation_app.domain.ledger_fields import LedgerKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.market.read_models import MerchantInput
from mediation_app.storage.models import MerchantRecord
from tests.factories import TODAY
from tests.services.test_market import write_list

STALL = MerchantInput(stall_number="B-117", name="建国水果批发部", business_type="水果批发", operator_name="李建国")


def test_a_stall_number_longer_than_its_field_is_refused_whole(services: Services, admin: Actor) -> None:
    long_stall = "B区" + "1" * 48  # 50 characters; the registry keeps 40
    with pytest.raises(ValidationFailed) as exc:
        services.merchants.add(admin, dataclasses.replace(STALL, stall_number=long_stall))
    message = exc.value.message
    assert "Stall number" in message and "Merchant" in message and "50" in message and "40" in message
    assert services.merchants.list_merchants(admin).total == 0  # nothing saved, not a cut number
    created = services.merchants.add(admin, STALL).created_id
    with pytest.raises(ValidationFailed):
        services.merchants.edit(admin, created, dataclasses.replace(STALL, business_type="水果" * 60))
    assert services.merchants.list_merchants(admin).rows[0].business_type == "水果批发"


def test_a_clock_label_and_a_holiday_name_are_not_cut(services: Services, admin: Actor) -> None:
    label = "市场监管部门消费投诉处理时限" * 8  # 112 characters; the clock's name keeps 100
    with pytest.raises(ValidationFailed) as exc:
        services.market_clock.set_rule(admin, "transit_damage", 10, "working", label)
    assert "112" in exc.value.message and "100" in exc.value.message
    assert services.market_clock.rules(admin) == ()
    services.market_clock.set_rule(admin, "transit_damage", 10, "working", label[:100])
    assert [r.label for r in services.market_clock.rules(admin)] == [label[:100]]
    with pytest.raises(ValidationFailed) as exc:
        services.market_clock.set_day(admin, dt.date(2026, 12, 28), "off", "青海省" * 21)  # 63 of 60
    assert "63" in exc.value.message and "60" in exc.value.message


def test_a_record_holding_a_long_text_can_still_be_changed_elsewhere(services: Services, admin: Actor) -> None:
    """A text written by an older version stays as it is; only what changes is measured."""
    if not services.db.is_sqlite:
        pytest.skip("PostgreSQL never holds a text longer than its column")
    created = services.merchants.add(admin, STALL).created_id
    with services.db.write() as s:
        s.execute(update(MerchantRecord).where(MerchantRecord.id == created).values(name="长" * 230))
    services.merchants.mark_left(admin, created)
    assert services.merchants.list_merchants(admin, include_left=True).rows[0].name == "长" * 230


def test_fund_texts_are_cleaned_like_every_other(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.fund.topup(admin, amount="1000", paid_in_on=TODAY, source="商户\u202e保证金")
    assert "U+202E" in exc.value.message
    with pytest.raises(ValidationFailed):
        services.fund.topup(admin, amount="1000", paid_in_on=TODAY, source="押金" * 101)
    added = services.fund.topup(admin, amount="1000", paid_in_on=TODAY, source="商户\u200b保证金")
    assert [e.source for e in services.fund.entries(admin).rows if e.id == added.created_id] == ["商户保证金"]


def test_a_ledger_row_too_long_for_a_field_is_that_rows_problem(services: Services, admin: Actor,
                                                                 tmp_path: Path) -> None:
    path = write_list(tmp_path / "商户名录.xlsx", [
        ["A-001", "鑫源果业", "水果", "", "马福", "13997110001", ""],
        ["A-002" + "-1" * 30, "雪域干货", "干货", "", "才让", "13997110002", ""],
        ["A-003", "高原菜行", "蔬菜", "", "韩明", "13997110003", ""],
    ])
    dry = services.ledger_import.run(admin, path, LedgerKind.MERCHANTS, dry_run=True)
    assert (dry.created, dry.refused) == (2, 1)
    bad = next(r for r in dry.rows if r.status == "problem")
    assert bad.row == 4 and any("65" in p and "40" in p for p in bad.problems)
    report, _changes = services.ledger_import.import_file(admin, path, LedgerKind.MERCHANTS)
    assert report.created == 2
    assert [r.name for r in services.merchants.list_merchants(admin).rows] == ["鑫源果业", "高原菜行"]
