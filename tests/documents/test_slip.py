"""人民调解四联单 as printed: four labelled parts on one A4 page, one number on each and across every
cut line, each part with what its holder needs; built through the services as a clerk builds it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import Services, build_services
from mediation_app.services.centre import CommitteeInput
from mediation_app.services.clock import FixedClock
from mediation_app.services.parties import PartyInput
from mediation_app.storage.db import sqlite_url
from tests.factories import BUYER, STALLHOLDER, TODAY, make_case, market_case_input
from tests.services.conftest import initialise

PHONE, ADDRESS = "0971-5512300", "西宁市城北区集散中心管理楼二楼"
OFFICE = "城北区市场监督管理局"
PARTS = ("第一联存根联（受理窗口留存）", "第二联当事人联（交当事人收执）", "第三联承办联（交承办单位）",
         "第四联回执联（承办单位办结后退回）")


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    services = build_services(sqlite_url(tmp_path / "m.db"), tmp_path, FixedClock(TODAY))
    yield services
    services.close()


@pytest.fixture
def admin(svc: Services):  # noqa: ANN201
    actor = initialise(svc)
    row = svc.committees.get(actor, actor.committee_id)
    svc.committees.edit(actor, actor.committee_id, CommitteeInput(
        name=row.name, short_name=row.short_name, kind=CommitteeKind(row.kind), address=ADDRESS, phone=PHONE))
    return actor


def pages(pdf: bytes) -> list[str]:
    return ["".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def parts(text: str) -> list[str]:
    """The text of each part, cut at the part labels."""
    starts = [text.index(label) for label in PARTS]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_the_four_parts_of_a_case_slip(svc, admin) -> None:
    case_id = make_case(svc, admin)
    case_number = svc.cases.detail(admin, case_id).number
    doc = svc.slips.print_for_case(admin, case_id)
    (text,) = pages(doc.pdf)  # all four parts on one A4 page
    assert PdfReader(io.BytesIO(doc.pdf)).pages[0].mediabox.height == pytest.approx(841.89, abs=0.1)
    number = "客商四联字〔2026〕第001号"
    assert text.count(number) == 4 + 3  # each part, and across each of the three cut lines (骑缝)
    assert text.count("骑缝编号") == 3 and text.count("沿虚线剪开") == 3
    stub, party, handler, receipt = parts(text)
    for part in (stub, party, handler, receipt):
        assert "人民调解四联单" in text and number in part
    assert "马福海、李建国" in stub and "2026年11月2日" in stub and "纠纷概要" in stub and case_number in stub
    assert "送往单位青藏高原农副产品集散中心人民调解委员会" in stub and "经办人：马调解" in stub
    assert case_number in party and PHONE in party and ADDRESS in party and "将指派人民调解员与您联系" in party
    assert "交办事项" in handler and "受理并调解本纠纷" in handler and "办理期限2026年12月2日前办结" in handler
    assert "签收人" in handler
    assert "办理结果" in receipt and "签名" in receipt and "承办单位盖章" in receipt and "2026年12月2日前" in receipt
    assert not re.search(r"[A-Za-z]{3,}", text), "no code or identifier is printed"


def test_the_slip_of_a_referral_names_the_department_and_its_deadline(svc, admin) -> None:
    case_id = make_case(svc, admin)
    ref = svc.referrals.issue(admin, case_id, OFFICE, "摊位电子秤疑似被改动，需计量复核。",
                              deadline=dt.date(2026, 11, 9), instructions="请于7日内派员复秤。")
    assert ref.created_id is not None
    (text,) = pages(svc.slips.print_for_referral(admin, ref.created_id).pdf)
    stub, party, handler, receipt = parts(text)
    assert "客商交办字〔2026〕第001号" in stub and OFFICE in stub and "2026年11月9日" in stub
    assert f"已转交{OFFICE}办理" in party
    assert f"承办单位{OFFICE}" in handler and "需计量复核" in handler and "请于7日内派员复秤" in handler
    assert f"承办单位{OFFICE}" in receipt


def test_long_names_and_many_parties_still_fit_one_page(svc, admin) -> None:
    many = tuple(dataclasses.replace(BUYER, name=f"欧阳{i}号买方", id_number="", phone=f"1389312{i:04d}")
                 for i in range(12))
    data = market_case_input(parties=(*many, STALLHOLDER), facts="货物损坏。" * 2000)
    case_id = make_case(svc, admin, data=data)
    changes = svc.slips.issue_for_case(admin, case_id, sent_to="青海省西宁市城北区" * 10,
                                       instructions="请依法处理。" * 40)
    assert changes.created_id is not None
    doc = svc.slips.render(admin, changes.created_id)
    (text,) = pages(doc.pdf)
    assert "等13人" in text and text.count("……") >= 1
    assert all(label in text for label in PARTS)


def test_fonts_are_embedded(svc, admin) -> None:
    doc = svc.slips.print_for_case(admin, make_case(svc, admin))
    page = PdfReader(io.BytesIO(doc.pdf)).pages[0]
    names = set()
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        names.add(str(font["/BaseFont"]))
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert names and b"Helvetica" not in doc.pdf


def test_a_name_the_font_lacks_is_a_warning(svc, admin) -> None:
    odd = PartyInput(name="吉𠮷", role=BUYER.role, id_number="", phone="13893126689", confirm_warnings=True)
    doc = svc.slips.print_for_case(admin, make_case(svc, admin, data=market_case_input(parties=(odd, STALLHOLDER))))
    assert doc.warnings and "𠮷" in doc.warnings[0]
