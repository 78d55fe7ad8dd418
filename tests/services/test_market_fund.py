"""The market's advance compensation fund through the services, on SQLite and PostgreSQL: top-ups,
payments out on a case to a party and recovered from the merchant linked to the case, recoveries
never above what is outstanding, reversals with a reason (the ledger only grows), the balance,
the outstanding list by merchant and oldest first in pages, who may do what, the audit trail, the
market statistics and the printed receipts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import uuid

import pytest
from pypdf import PdfReader

from mediation_app.domain.enums import Role
from mediation_app.services import Services
from mediation_app.services.changes import ChangeKind
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.maintenance import AuditFilter
from mediation_app.services.market.read_models import MerchantInput
from tests.factories import BUYER, TODAY, make_case
from tests.services.centre import build_centre, open_case

FRUIT = MerchantInput(stall_number="B-117", name="建国水果批发部", business_type="水果批发", operator_name="李建国")
DAY = TODAY - dt.timedelta(days=5)


def _case_with_merchant(services: Services, admin: Actor) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    merchant = services.merchants.add(admin, FRUIT).created_id
    assert merchant is not None
    case_id = make_case(services, admin)  # the stallholder names stall B-117: linked at intake
    buyer = next(p.id for p in services.fund.case_fund(admin, case_id).parties if p.label == BUYER.name)
    return case_id, merchant, buyer


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pay_recover_and_balance(services: Services, admin: Actor) -> None:
    fund = services.fund
    case_id, merchant, buyer = _case_with_merchant(services, admin)
    top = fund.topup(admin, amount="50,000", paid_in_on=DAY, source="商户保证金")
    assert top.number == "注资〔2026〕第001号" and ChangeKind.FUND in top.kinds
    with pytest.raises(ValidationFailed) as exc:  # the money validator's own message
        fund.pay(admin, case_id, party_id=buyer, amount="1,2,00", paid_on=DAY)
    assert "20,000.50" in exc.value.field_errors["amount"]
    paid = fund.pay(admin, case_id, party_id=buyer, amount="1,200.50", paid_on=DAY, note="冷库损坏的苹果")
    assert paid.number == "先赔〔2026〕第001号" and paid.case_ids == {case_id}
    entry = fund.entry(admin, paid.created_id)  # type: ignore[arg-type]
    assert (entry.payee, entry.merchant, entry.approver) == (BUYER.name, "B-117 建国水果批发部", admin.display_name)
    assert entry.amount_fen == 120050 and entry.outstanding_fen == 120050
    fund.recover(admin, entry.id, amount="200.50", recovered_on=TODAY, receipt="微信转账 4200")
    with pytest.raises(ValidationFailed) as exc:  # never more than is outstanding on that payment
        fund.recover(admin, entry.id, amount="1,000.01", recovered_on=TODAY)
    assert "¥1,000.00" in exc.value.field_errors["amount"] and "先赔〔2026〕第001号" in exc.value.field_errors["amount"]
    fund.recover(admin, entry.id, amount="1000", recovered_on=TODAY)
    with pytest.raises(ValidationFailed):
        fund.recover(admin, entry.id, amount="0.01", recovered_on=TODAY)
    bal = fund.balance(admin)
    assert (bal.topups_fen, bal.paid_fen, bal.recovered_fen, bal.balance_fen, bal.outstanding_fen) == (
        5000000, 120050, 120050, 5000000, 0)
    on_case = fund.case_fund(admin, case_id)
    assert [e.kind for e in on_case.entries] == ["payment", "recovery", "recovery"]
    assert on_case.entries[1].payment_number == "先赔〔2026〕第001号" and on_case.outstanding_fen == 0
    assert fund.entries(admin, merchant_id=merchant).total == 3
    with pytest.raises(ValidationFailed) as exc:  # more than the fund holds
        fund.pay(admin, case_id, party_id=buyer, amount="50,000.01", paid_on=TODAY)
    assert "¥50,000.00" in exc.value.field_errors["amount"]
    with pytest.raises(ValidationFailed):
        fund.pay(admin, case_id, party_id=uuid.uuid4(), amount="10", paid_on=TODAY)  # not a party of the case
    with pytest.raises(ValidationFailed):
        fund.pay(admin, case_id, party_id=buyer, amount="10", paid_on=TODAY + dt.timedelta(days=1))


def test_reversal_appends_and_never_edits(services: Services, admin: Actor) -> None:
    fund = services.fund
    case_id, _merchant, buyer = _case_with_merchant(services, admin)
    fund.topup(admin, amount="3000", paid_in_on=DAY, source="市场管理方")
    pay = fund.pay(admin, case_id, party_id=buyer, amount="800", paid_on=DAY).created_id
    assert pay is not None
    rec = fund.recover(admin, pay, amount="300", recovered_on=TODAY).created_id
    assert rec is not None
    with pytest.raises(ValidationFailed) as exc:
        fund.reverse(admin, pay, reason="")
    assert "reason" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:  # its recoveries first
        fund.reverse(admin, pay, reason="金额录错")
    assert "先赔〔2026〕第001号" in exc.value.field_errors["entry"]
    back = fund.reverse(admin, rec, reason="转账被退回")
    assert back.number == "冲正〔2026〕第001号"
    assert fund.entry(admin, pay).outstanding_fen == 80000
    fund.reverse(admin, pay, reason="金额录错")
    with pytest.raises(ValidationFailed):
        fund.reverse(admin, pay, reason="again")
    with pytest.raises(ValidationFailed):  # nothing to recover on a reversed payment
        fund.recover(admin, pay, amount="1", recovered_on=TODAY)
    rows = fund.case_fund(admin, case_id).entries
    assert [(e.kind, e.reversed_by) for e in rows] == [
        ("payment", "冲正〔2026〕第002号"), ("recovery", "冲正〔2026〕第001号"),
        ("reversal", ""), ("reversal", "")]
    assert rows[3].reverses_number == "先赔〔2026〕第001号" and rows[3].note == "金额录错"
    assert fund.balance(admin).balance_fen == 300000 and fund.balance(admin).outstanding_fen == 0
    with pytest.raises(ValidationFailed):  # a reversal is not itself reversed
        fund.reverse(admin, rows[2].id, reason="x")


def test_outstanding_by_merchant_oldest_first_in_pages(services: Services, admin: Actor) -> None:
    fund = services.fund
    case_id, merchant, buyer = _case_with_merchant(services, admin)
    dry = services.merchants.add(admin, MerchantInput(stall_number="A-003", name="高原干货行")).created_id
    fund.topup(admin, amount="100000", paid_in_on=DAY - dt.timedelta(days=30), source="商户保证金")
    for i, (m, days) in enumerate([(merchant, 3), (dry, 1), (merchant, 9), (dry, 7), (merchant, 5)]):
        fund.pay(admin, case_id, party_id=buyer, amount=str(100 + i), paid_on=TODAY - dt.timedelta(days=days),
                 merchant_id=m)
    first = fund.outstanding(admin, limit=2)
    assert first.total == 5
    rows = [*first.rows, *fund.outstanding(admin, offset=2, limit=2).rows, *fund.outstanding(admin, offset=4).rows]
    assert [(r.merchant, r.paid_on) for r in rows] == [
        ("A-003 高原干货行", TODAY - dt.timedelta(days=7)), ("A-003 高原干货行", TODAY - dt.timedelta(days=1)),
        ("B-117 建国水果批发部", TODAY - dt.timedelta(days=9)), ("B-117 建国水果批发部", TODAY - dt.timedelta(days=5)),
        ("B-117 建国水果批发部", TODAY - dt.timedelta(days=3))]
    fund.recover(admin, rows[0].payment_id, amount=str(rows[0].paid_fen / 100), recovered_on=TODAY)
    assert fund.outstanding(admin).total == 4


def test_who_may_act(services: Services) -> None:
    c = build_centre(services)
    fund = services.fund
    merchant = fund_merchant = services.merchants.add(c.admin, FRUIT).created_id
    assert merchant == fund_merchant
    case_id = open_case(c, c.admin, c.market_mediator)
    buyer = next(p.id for p in fund.case_fund(c.market_mediator, case_id).parties if p.label == BUYER.name)
    with pytest.raises(PermissionDenied) as exc:  # a mediator records, the head or administrator approves
        fund.topup(c.market_mediator, amount="100", paid_in_on=TODAY, source="保证金")
    assert "advance compensation" in str(exc.value)
    fund.topup(c.admin, amount="100", paid_in_on=TODAY, source="保证金")
    with pytest.raises(PermissionDenied):
        fund.pay(c.market_mediator, case_id, party_id=buyer, amount="50", paid_on=TODAY)
    pay = fund.pay(c.admin, case_id, party_id=buyer, amount="50", paid_on=TODAY).created_id
    assert pay is not None
    assert fund.case_fund(c.market_mediator, case_id).may_approve is False
    fund.recover(c.market_mediator, pay, amount="20", recovered_on=TODAY)  # the mediator records recoveries
    with pytest.raises(PermissionDenied):
        fund.reverse(c.market_mediator, pay, reason="x")
    with pytest.raises(PermissionDenied):  # another committee's fund
        fund.recover(c.centre_mediator, pay, amount="1", recovered_on=TODAY)
    with pytest.raises(PermissionDenied):
        fund.case_fund(c.centre_mediator, case_id)
    assert fund.case_fund(c.centre_head, case_id).paid_fen == 5000  # the centre's head reads it
    with pytest.raises(PermissionDenied):
        fund.recover(c.centre_head, pay, amount="1", recovered_on=TODAY)


def test_every_entry_is_audited(services: Services, admin: Actor) -> None:
    fund = services.fund
    case_id, _m, buyer = _case_with_merchant(services, admin)
    fund.topup(admin, amount="500", paid_in_on=DAY, source="保证金")
    pay = fund.pay(admin, case_id, party_id=buyer, amount="120", paid_on=DAY).created_id
    assert pay is not None
    rec = fund.recover(admin, pay, amount="20", recovered_on=TODAY).created_id
    assert rec is not None
    fund.reverse(admin, rec, reason="退回")
    services.accounts.create_user(admin, "auditor1", "审计2026-secret!", "审计员", Role.AUDITOR, None)
    auditor = services.accounts.authenticate("auditor1", "审计2026-secret!")
    rows = services.audit_log.entries(auditor, AuditFilter(action="fund.")).rows
    assert sorted(r.action for r in rows) == ["fund.payment", "fund.recovery", "fund.reversal", "fund.topup"]
    payment = next(r for r in rows if r.action == "fund.payment")
    assert '"amount_fen":12000' in payment.details and "先赔〔2026〕第001号" in payment.details


def test_market_statistics_count_the_fund(services: Services, admin: Actor) -> None:
    fund = services.fund
    case_id, _m, buyer = _case_with_merchant(services, admin)
    fund.topup(admin, amount="5000", paid_in_on=TODAY - dt.timedelta(days=60), source="保证金")
    old = fund.pay(admin, case_id, party_id=buyer, amount="1000", paid_on=TODAY - dt.timedelta(days=40)).created_id
    new = fund.pay(admin, case_id, party_id=buyer, amount="300", paid_on=TODAY - dt.timedelta(days=2)).created_id
    assert old and new
    fund.recover(admin, old, amount="400", recovered_on=TODAY - dt.timedelta(days=1))
    gone = fund.pay(admin, case_id, party_id=buyer, amount="99", paid_on=TODAY - dt.timedelta(days=1)).created_id
    assert gone is not None
    fund.reverse(admin, gone, reason="重复录入")
    stats = services.market_stats.report(admin, TODAY - dt.timedelta(days=10), TODAY)
    assert (stats.fund_paid_fen, stats.fund_recovered_fen, stats.fund_outstanding_fen) == (30000, 40000, 90000)
    from mediation_app.services.market.stats import stats_lines

    assert any("¥300.00" in line and "¥400.00" in line and "¥900.00" in line for line in stats_lines(stats))


def test_receipts_carry_the_entry(services: Services, admin: Actor) -> None:
    fund = services.fund
    case_id, _m, buyer = _case_with_merchant(services, admin)
    fund.topup(admin, amount="5000", paid_in_on=DAY, source="保证金")
    pay = fund.pay(admin, case_id, party_id=buyer, amount="1,200.50", paid_on=DAY).created_id
    assert pay is not None
    rec = fund.recover(admin, pay, amount="200.50", recovered_on=TODAY, receipt="WX-4200").created_id
    assert rec is not None
    doc = fund.receipt(admin, pay)
    assert doc.pages == 1 and b"Helvetica" not in doc.pdf  # both copies on one A4 page, fonts embedded
    for ref in PdfReader(io.BytesIO(doc.pdf)).pages[0]["/Resources"]["/Font"].values():
        assert "/FontFile2" in ref.get_object()["/FontDescriptor"].get_object()
    text = _text(doc.pdf)
    number = services.cases.detail(admin, case_id).number
    for want in ("先行赔付凭证", "先赔〔2026〕第001号", "壹仟贰佰元零伍角整", "¥1,200.50", BUYER.name,
                 "B-117建国水果批发部", "".join(number.split()), "存根联", "收执联", "审批人", "领款人"):
        assert want in text, want
    assert text.count("先赔〔2026〕第001号") == 2  # the stub and the copy share the number
    text = _text(fund.receipt(admin, rec).pdf)
    for want in ("追偿收据", "追偿〔2026〕第001号", "贰佰元零伍角整", "先赔〔2026〕第001号", "WX-4200", "¥1,000.00", "交款人"):
        assert want in text, want
    fund.reverse(admin, rec, reason="退回")
    assert "已冲正" in _text(fund.receipt(admin, rec).pdf)
    top = fund.entries(admin).rows[0]
    with pytest.raises(ValidationFailed):
        fund.receipt(admin, top.id)
    assert dataclasses.is_dataclass(top) and top.kind == "topup"
