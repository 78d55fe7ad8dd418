"""Statements, evidence check, risk warning, Q&A investigations and the party's interpreter reach
the printed session and investigation records (domain.md §2.2 #5, #7; fact 34)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from mediation_app.domain.enums import MeetingOutcome, ParticipantRole
from mediation_app.services.meetings import MeetingInput
from tests.factories import make_case


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_session_and_investigation_records_carry_their_structure(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    buyer, seller = detail.parties
    services.parties.add_participant(admin, case_id, ParticipantRole.INTERPRETER, "卓玛", languages="藏语—汉语",
                                     assists_link_id=buyer.link_id)
    interpreter = services.cases.detail(admin, case_id).participants[0]
    services.meetings.record_investigation(
        admin, case_id, dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), "B区117号摊位", "马调解", "李建国",
        "问：装车时苹果有无损坏？\n答：装车时完好，有装车单。")
    services.meetings.record(admin, case_id, MeetingInput(
        place="集散中心人民调解室", party_links_present=(buyer.link_id, seller.link_id),
        participant_ids_present=(interpreter.id,), mediator_ids_present=(admin.mediator_id,),
        record_text="双方同意继续协商。", outcome=MeetingOutcome.CONTINUE,
        statements=(("马福海", "到货时38箱已经压坏。"), ("李建国", "装车时完好，运输途中损坏。")),
        evidence_checked="核对了装车单和到货照片。", risk_warning="告知双方诉讼需承担举证责任及时间成本。"))
    meeting = services.cases.detail(admin, case_id).meetings[0]
    assert meeting.statements[0] == ("马福海", "到货时38箱已经压坏。")
    number = detail.number
    session = _text(services.documents.render(admin, number, "session").pdf)
    for expected in ("到货时38箱已经压坏", "运输途中损坏", "核对了装车单", "举证责任", "卓玛"):
        assert expected in session.replace("\n", ""), expected
    investigation = _text(services.documents.render(admin, number, "investigation").pdf).replace("\n", "")
    assert "装车时苹果有无损坏" in investigation and "有装车单" in investigation
    data = services.documents.case_documents(admin, number, with_files=False)
    assert [p.interpreter for p in data.parties] == ["卓玛", ""]
