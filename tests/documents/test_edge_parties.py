"""The parties a real case reaches beyond the common path, printed as a court clerk reads them.

A case of seven parties is built through the services: a herder whose name is written in Tibetan
script, assisted by an interpreter and an agent; a company whose registered name holds "&" and
angle brackets; a Hong Kong resident with a travel permit and a Hong Kong phone; a third party with a passport; a minor;
a villagers' committee and a logistics company. The agreement pays the Tibetan-named party in
instalments, the first over 一亿 with fen; the parties apply for judicial confirmation. Every
document and the case file must print what the user typed, never the renderer's markup, name each
identity document for what it is, and keep the confirmation's list of enclosures on one page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from mediation_app.domain.enums import (
    IdType,
    MeetingOutcome,
    ParticipantRole,
    PartyKind,
    PartyRole,
    Sex,
    TerminationKind,
)
from mediation_app.services import Services
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.context import Actor
from mediation_app.services.parties import PartyInput
from tests.documents.case_states import COURT, RECORDER, CaseBuilder
from tests.documents.conftest import pdf_pages_text, squash
from tests.factories import CARRIER, market_case_input
from tests.services.conftest import initialise, open_services

HERDER = "ཚེ་རིང་རྡོ་རྗེ（才让多杰）"
TRADER = "西宁A&B<商贸>有限公司"
PARTIES = (
    PartyInput(name=HERDER, role=PartyRole.APPLICANT, ethnicity="藏族", id_number="630121199001011234",
               occupation="牧民", address="青海省玉树州称多县", phone="13997001234", preferred_language="藏语",
               interpreter_needed=True, agent_name="张明", agent_phone="13800000000"),
    replace(CARRIER, name=TRADER, role=PartyRole.RESPONDENT),
    PartyInput(name="陈大文", role=PartyRole.RESPONDENT, id_type=IdType.HK_MACAO_PERMIT, id_number="H12345678",
               sex=Sex.MALE, birth_date=dt.date(1980, 1, 1), ethnicity="汉族", occupation="商人",
               address="香港九龙弥敦道1号", phone="+852 9123 4567"),
    PartyInput(name="安德鲁", role=PartyRole.THIRD_PARTY, id_type=IdType.PASSPORT, id_number="E12345678",
               sex=Sex.MALE, age=40, ethnicity="外国血统中国籍人士", occupation="教师", address="西宁市城西区",
               phone="13933334444"),
    PartyInput(name="马小明", role=PartyRole.APPLICANT, ethnicity="回族", id_number="63010220120101123X",
               occupation="学生", address="西宁市城东区", phone="13955556666"),
    PartyInput(name="城北区某村村民委员会", kind=PartyKind.LEGAL, role=PartyRole.RESPONDENT,
               credit_code="54630105MEA000000X", address="西宁市城北区", legal_rep_name="马德福",
               legal_rep_title="主任", phone="0971-1234567", id_type=IdType.NONE, confirm_warnings=True),
    replace(CARRIER, name="西宁高原物流有限公司", credit_code="91630100MA752XXX1K", confirm_warnings=True),
)
MARKUP = re.compile(r"&amp;|&lt;|&gt;|&#|<font|</|NotoSerif|name=")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Actor, str]]:
    tmp: Path = tmp_path_factory.mktemp("edge-parties")
    svc = open_services("sqlite", tmp)
    admin = initialise(svc)
    b = CaseBuilder(svc, admin, tmp / "scans")
    svc.clock.set(dt.date(2026, 11, 2))
    case_id = b._open(market_case_input(parties=PARTIES, amount="123456789.01"))
    links = b._links(case_id)
    svc.parties.add_participant(admin, case_id, ParticipantRole.INTERPRETER, "卓玛", languages="藏语—汉语",
                                assists_link_id=links[0])
    svc.clock.set(dt.date(2026, 11, 5))
    b._session(case_id, MeetingOutcome.AGREEMENT, 5)
    svc.agreements.save_draft(admin, case_id, AgreementInput(
        facts="七方因货物运输损坏发生争执。", issues="损失如何分担。", terms=("被申请人分四期向甲方支付赔偿款。",),
        performance_method="银行转账", performance_place="西宁市",
        obligations=(
            ObligationInput(links[1], 12_345_678_901, dt.date(2026, 11, 15), links[0], "第一期赔偿款"),
            *(ObligationInput(links[1], 5_000_050, dt.date(2026, 11 + i, 15) if i < 2 else dt.date(2027, i - 1, 15),
                              links[0], f"第{i + 1}期赔偿款") for i in range(1, 4)),
        ),
        recorder_name=RECORDER, interpreter_name="卓玛"))
    b._sign(case_id, dt.date(2026, 11, 6))
    svc.clock.set(dt.date(2026, 11, 10))
    svc.confirmation.apply(admin, case_id, COURT, "committee", dt.date(2026, 11, 10))
    yield svc, admin, svc.cases.detail(admin, case_id).number
    svc.close()


def _pages(svc: Services, admin: Actor, number: str, kind: str, item: int | None = None) -> list[str]:
    return pdf_pages_text(svc.documents.render(admin, number, kind, item=item).pdf)


def test_no_document_prints_markup_in_place_of_a_name(case) -> None:  # type: ignore[no-untyped-def]
    svc, admin, number = case
    leaks: list[str] = []
    for offer in svc.documents.offers(admin, number):
        if not offer.applies or offer.kind == "slip":
            continue
        for item in range(1, offer.items + 1) if offer.items else [None]:
            text = "\n".join(_pages(svc, admin, number, offer.kind, item))
            leaks += [f"{offer.kind}: {m}" for m in MARKUP.findall(text)]
            if offer.kind in ("agreement", "casefile"):
                assert squash(TRADER) in squash(text), offer.kind
    assert not leaks, leaks


def test_the_instalment_table_names_the_payee_as_typed(case) -> None:  # type: ignore[no-untyped-def]
    svc, admin, number = case
    text = squash("".join(_pages(svc, admin, number, "agreement")))
    schedule = text[text.index("期次权利人金额"):text.index("小计")]
    assert schedule.count(f"甲方{squash(HERDER)}") == 4, schedule
    assert "乙方西宁A&B<商贸>有限公司履行" in text
    assert "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分（¥123,456,789.01）" in text


@pytest.mark.parametrize("kind", ["agreement", "confirmation"])
def test_each_identity_number_is_named_by_its_document(case, kind: str) -> None:  # type: ignore[no-untyped-def]
    svc, admin, number = case
    text = squash("".join(_pages(svc, admin, number, kind)))
    assert "公民身份号码：630121199001011234" in text
    assert "港澳居民来往内地通行证号码：H12345678" in text
    assert "+85291234567" in text  # a Hong Kong phone, with its country code
    assert "护照号码：E12345678" in text
    assert "统一社会信用代码：54630105MEA000000X" in text
    assert "公民身份号码：H12345678" not in text and "公民身份号码：E12345678" not in text
    assert "证件号码：H" not in text.replace("通行证号码：H", "")


def test_the_enclosures_of_a_confirmation_stay_on_one_page(case) -> None:  # type: ignore[no-untyped-def]
    svc, admin, number = case
    pages = [squash(p) for p in _pages(svc, admin, number, "confirmation")]
    first = next(p for p in pages if "附：" in p)
    assert "一、人民调解协议书" in first and "六、人民调解委员会主持调解的证明" in first



@pytest.fixture(scope="module")
def closed(case) -> tuple[Services, Actor, list[str]]:  # type: ignore[no-untyped-def]
    """The same seven parties: one case terminated, one refused."""
    svc, admin, _number = case
    svc.clock.set(dt.date(2026, 12, 1))
    terminated = svc.intake.register(admin, market_case_input(parties=PARTIES), accept=True).created_id
    assert terminated is not None and admin.mediator_id is not None
    svc.parties.record_all_consents(admin, terminated)
    svc.assignment.assign(admin, terminated, admin.mediator_id, override_reason="各方当事人同意由其主持调解")
    svc.outcomes.terminate(admin, terminated, "各方分歧较大，调解不成", ("lawsuit", "administrative"),
                           TerminationKind.FAILED)
    refused = svc.intake.register(admin, market_case_input(parties=PARTIES)).created_id
    assert refused is not None
    svc.intake.refuse(admin, refused, "already_handled", ("lawsuit",))
    return svc, admin, [svc.cases.detail(admin, c).number for c in (terminated, refused)]


@pytest.mark.parametrize(("which", "kind"), [(0, "termination"), (1, "refusal")])
def test_the_seal_line_and_its_date_stay_on_one_page(closed, which: int, kind: str) -> None:  # type: ignore[no-untyped-def]
    svc, admin, numbers = closed
    pages = [squash(p) for p in _pages(svc, admin, numbers[which], kind)]
    assert len(pages) > 1  # seven parties sign for receipt on a second page
    sealed = next(p for p in pages if "人民调解委员会（印章）" in p)
    assert "人民调解委员会（印章）2026年12月1日" in sealed
