"""Documents from the real services: data mapping, recording, verification of printed copies."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from mediation_app.documents import AgreementIncompleteError
from mediation_app.domain import fingerprint
from mediation_app.domain.enums import ExecutionMethod, MeetingMode, MeetingOutcome
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.documents import DocumentService
from mediation_app.services.meetings import MeetingInput
from tests.factories import market_case_input
from tests.services.conftest import initialise


def _text(pdf: bytes) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def market_case_with_agreement(svc, admin, *, effective: bool = True, complete: bool = True) -> str:  # type: ignore[no-untyped-def]
    case_id = svc.intake.register(admin, market_case_input()).created_id
    svc.intake.accept(admin, case_id)
    svc.parties.record_all_consents(admin, case_id)
    svc.assignment.assign(admin, case_id, admin.mediator_id)
    svc.clock.set(dt.date(2026, 11, 5))
    detail = svc.cases.detail(admin, case_id)
    links = [p.link_id for p in detail.parties]
    svc.meetings.record(
        admin,
        case_id,
        MeetingInput(
            place="集散中心人民调解室",
            mode=MeetingMode.ON_SITE,
            party_links_present=tuple(links),
            mediator_ids_present=(admin.mediator_id,),
            record_text="告知权利义务后，双方陈述。",
            outcome=MeetingOutcome.AGREEMENT,
            recorder_name="王书记",
        ),
    )
    svc.agreements.save_draft(
        admin,
        case_id,
        AgreementInput(
            facts="申请人购进被申请人苹果120箱，运输途中损坏38箱。",
            issues="损坏部分的价格如何核减，余款如何支付。",
            responsibilities="损坏系运输挤压所致，双方各自承担一半损失。",
            terms=("被申请人同意按每箱200元核减损坏部分货款7,600元。", "申请人分两期支付余款16,400元。")
            if complete
            else (),
            performance_method="银行转账至被申请人账户",
            performance_place="青海省西宁市",
            obligations=(
                ObligationInput(links[0], 1_000_000, dt.date(2026, 11, 15), links[1], "第一期货款"),
                ObligationInput(links[0], 640_000, dt.date(2026, 12, 15), links[1], "第二期货款"),
            ),
            recorder_name="王书记",
        ),
    )
    if effective:
        svc.clock.set(dt.date(2026, 11, 6))
        for link in links:
            svc.agreements.record_execution(admin, case_id, link, ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
        svc.agreements.record_mediator_signature_and_seal(admin, case_id)
    return detail.number


@pytest.fixture
def docs(services):  # type: ignore[no-untyped-def]
    return DocumentService(services.db, services.clock, services.cases, services.meetings)


def test_agreement_from_the_record_is_printed_and_recorded(services, docs) -> None:  # type: ignore[no-untyped-def]
    admin = initialise(services)
    number = market_case_with_agreement(services, admin, effective=False)
    doc = docs.render(admin, number, "agreement")
    text = _text(doc.pdf)
    assert "客商人调协字〔2026〕第001号" in text and "马福海" in text and "本协议一式三份" in text
    assert "壹万元整" in text and "¥10,000.00" in text and "2026年11月15日前" in text
    history = docs.history(admin, number)
    assert [(h.kind, h.final, h.sha256) for h in history] == [("agreement", True, doc.sha256)]
    assert history[0].template_version == doc.template_version and history[0].by


def test_code_printed_before_signing_matches_after_it_takes_effect(services, docs) -> None:  # type: ignore[no-untyped-def]
    admin = initialise(services)
    number = market_case_with_agreement(services, admin, effective=False)
    data = docs.case_documents(admin, number, with_files=False)
    printed = data.agreement.verification_code
    case_id = services.cases.find_by_number(admin, number)
    services.clock.set(dt.date(2026, 11, 6))
    for p in services.cases.detail(admin, case_id).parties:
        services.agreements.record_execution(
            admin, case_id, p.link_id, ExecutionMethod.SIGNATURE_AND_FINGERPRINT
        )
    services.agreements.record_mediator_signature_and_seal(admin, case_id)
    stored = services.cases.detail(admin, case_id).current_agreement.content_hash
    assert stored and fingerprint.short_code(stored) == printed
    answer = docs.verify_agreement(admin, number, fingerprint.format_code(printed))
    assert answer.matches and answer.message.startswith("Match")
    qr = fingerprint.qr_text(number, answer.agreement_number, printed)
    assert docs.verify_agreement(admin, number, qr).matches
    assert docs.verify_agreement(admin, number, stored).matches  # the full hash works too
    wrong = docs.verify_agreement(admin, number, "ABCD-EFGH-JKMN")
    assert not wrong.matches and wrong.message.startswith("Mismatch")
    other = docs.verify_agreement(
        admin, number, fingerprint.qr_text("客商人调字〔2026〕第999号", "x", printed)
    )
    assert not other.matches


def test_final_agreement_refused_while_elements_missing(services, docs) -> None:  # type: ignore[no-untyped-def]
    admin = initialise(services)
    number = market_case_with_agreement(services, admin, effective=False, complete=False)
    with pytest.raises(AgreementIncompleteError, match="term"):
        docs.render(admin, number, "agreement")
    draft = docs.render(admin, number, "agreement", draft=True)
    assert "草稿" in _text(draft.pdf)
    assert [h.final for h in docs.history(admin, number)] == [False]


def test_case_file_saved_atomically(services, docs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = initialise(services)
    number = market_case_with_agreement(services, admin)
    target = tmp_path / "out" / "file.pdf"
    target.parent.mkdir()
    doc = docs.save(admin, number, "casefile", target)
    assert target.read_bytes() == doc.pdf and doc.kind == "casefile"
    text = _text(doc.pdf)
    assert "人民调解卷宗" in text and "卷内目录" in text and "人民调解协议书" in text and "本卷共" in text
    assert [p.name for p in target.parent.iterdir()] == ["file.pdf"]
    missing = {m.code for m in docs.completeness(admin, number)}
    assert "follow_up" in missing and "party_ids" in missing
