"""A market room's own ledger: its rows name the market's sub-types (运输损坏, 缺斤短两, 货款拖欠,
拖欠农民工工资) rather than the fifteen official types, and write amounts in 万元 or in capitals. The
import keeps the sub-type (and so the market's figures and the wages column of the statistics) and
reads the amounts as the intake reads them."""

from __future__ import annotations

from pathlib import Path

from mediation_app.domain.ledger_fields import LedgerKind
from mediation_app.domain.statistics import Period
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.read_models import CaseFilter
from tests.services.test_ledger_import import write_gbk_csv

ROWS = [
    # (number, received, applicant, respondent, id, phone, type, facts, result, closed, amount, mediator, routes)
    ["", "2025.3.5", "才让东珠", "马福海", "", "13897001234", "运输损坏", "蔬菜运输途中压坏", "调解成功", "2025年3月9日",
     "1.2万元", "马调解", ""],
    ["", "2025.4.1", "韩玉福", "冶建国", "", "", "缺斤短两纠纷", "牛肉短秤", "口头协议", "2025.4.1", "", "马调解", ""],
    ["", "2025.5.6", "李四", "王五", "", "", "合同纠纷（货款拖欠）", "货款未付", "调解成功", "2025.5.8",
     "壹万贰仟元整", "马调解", ""],
    ["", "2025.6.2", "马德", "西宁某装卸队", "", "", "拖欠农民工工资", "装卸工资三个月未付", "调解成功", "2025.6.3",
     "3500元", "马调解", ""],
    ["", "2025.7.1", "赵六", "钱七", "", "", "道路交通运输事故", "货车倒车撞伤", "调解成功", "2025.7.2", "0.8万",
     "马调解", ""],
    ["", "2025.8.1", "孙八", "周九", "", "", "邻里纠纷", "摊位前堆放杂物", "口头协议", "2025.8.1", "", "马调解", ""],
]


def test_market_sub_types_and_amounts_as_ledgers_write_them(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "客商心语台账.csv", ROWS)
    report = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=True)
    assert [r.status for r in report.rows] == ["create"] * 6, report.text()
    assert "Contract (Transit damage)" in report.rows[0].summary  # the dry run says what it understood
    done = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=False)
    assert done.created == 6
    rows = services.cases.list_cases(admin, CaseFilter()).rows
    details = {row[2]: services.cases.detail(admin, next(r.id for r in rows if row[2] in r.parties)) for row in ROWS}
    expected = {"才让东珠": ("contract", "transit_damage", 1_200_000), "韩玉福": ("consumer", "short_weight", None),
                "李四": ("contract", "payment_arrears", 1_200_000), "马德": ("labour", "unpaid_wages", 350_000),
                "赵六": ("traffic", None, 800_000),  # a road accident, not transit damage
                "孙八": ("neighbour", None, None)}  # 摊位 here is only a place: the type says neighbours
    assert {n: (d.dispute_type, d.subtype_code, d.amount_fen) for n, d in details.items()} == expected
    report_2025 = services.stats.compute(admin, Period.parse("2025"), version="C2020")
    assert report_2025.value("level_total", "type.wages") == 1  # the wages sub-type is counted as wages
