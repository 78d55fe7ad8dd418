"""`session` and `complaint` run as a market-room mediator would: a mixed session with its consent
and identity lines, the count of remote sessions, a complaint handed to 12315 and its feedback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import build_services
from mediation_app.storage.db import sqlite_url
from tests.cli.test_cli import PASSWORD, signed
from tests.factories import make_case


@pytest.fixture
def case_db(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "cli.db"
    svc = build_services(sqlite_url(path), tmp_path)
    try:
        admin = svc.setup.initialise("集散中心人民调解委员会", "客商", CommitteeKind.INDUSTRY_MARKET, "admin",
                                     PASSWORD.strip(), "马调解")
        number = svc.cases.detail(admin, make_case(svc, admin)).number  # 马福海 and 李建国
    finally:
        svc.close()
    return str(path), number


def test_mixed_session_refused_then_recorded_listed_and_counted(case_db: tuple[str, str]) -> None:
    db, number = case_db
    base = ["--lang", "en", "session", "record", number, "--mode", "mixed", "--text", "双方同意继续协商。",
            "--place", "调解室", "--platform", "腾讯会议", "--remote", "马福海=甘肃省兰州市",
            "--identity", "马福海=id_on_camera", "--consent", "马福海=recorded"]
    code, _out, err = signed(db, base)
    assert code == 2 and "李建国" in err and "consent" in err, err
    code, out, err = signed(db, [*base, "--consent", "李建国=written"])
    assert code == 0 and "Session recorded" in out, err
    code, out, err = signed(db, ["--lang", "en", "session", "list", number])
    assert code == 0 and "Mixed\t腾讯会议\t调解室\t马福海（甘肃省兰州市）" in out, err
    code, out, err = signed(db, ["--lang", "en", "session", "count", "--period", "2026"])
    assert code == 0 and "sessions held 1; remote 0 (video 0, phone 0); on site and remote 1" in out, (out, err)


def test_complaint_to_12315_with_registration_feedback_and_slip(case_db: tuple[str, str], tmp_path: Path) -> None:
    db, number = case_db
    code, out, err = signed(db, ["--lang", "en", "complaint", "issue", number, "--to", "12315",
                                 "--complainant", "马福海", "--phone", "13897001234", "--merchant", "建国水果批发部",
                                 "--stall", "B-117", "--goods", "红富士苹果", "--amount", "1260", "--request", "退还货款",
                                 "--facts", "复秤短少180公斤。", "--evidence", "购货单据"])
    assert code == 0 and "issued" in out, err
    slip = out.split("Slip ", 1)[1].split(" issued", 1)[0]
    code, out, err = signed(db, ["--lang", "en", "complaint", "register", slip, "1263010020261100123"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "complaint", "feedback", slip, "--result", "责令退还货款。",
                                 "--handling-number", "西市监处88号"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "complaint", "list", number])
    assert out.split("\t")[4:] == ["1263010020261100123", "责令退还货款。", "西市监处88号\n"], out
    pdf = tmp_path / "slip.pdf"
    code, out, err = signed(db, ["--lang", "en", "complaint", "slip", slip, "-o", str(pdf)])
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).replace("\n", "")
    assert "消费投诉移送函" in text and "人民币壹仟贰佰陆拾元整" in text and "西市监处88号" in text
