"""`fund` run as a market-room mediator and its head would: top up, pay a buyer on a case, recover
from the stallholder, list what is outstanding, print the receipt, reverse a wrong entry."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_cli import db, signed  # noqa: F401  (fixture)


def _case(db: str) -> tuple[str, str]:  # noqa: F811
    code, out, err = signed(db, ["--lang", "en", "demo", "--cases", "3", "--seed", "5"])
    assert code == 0, err
    number = json.loads(signed(db, ["case", "list", "--json", "--limit", "1"])[1])[0]["number"]
    party = json.loads(signed(db, ["case", "show", number, "--json"])[1])["parties"][0]["name"]
    return number, party


def test_fund_from_top_up_to_receipt_and_reversal(db: str, tmp_path: Path) -> None:  # noqa: F811
    number, party = _case(db)
    assert signed(db, ["merchant", "add", "--stall", "B-117", "--name", "建国果业"])[0] == 0
    code, out, err = signed(db, ["--lang", "en", "fund", "topup", "--amount", "10,000", "--source", "商户保证金"])
    assert code == 0 and out.startswith("Recorded as 注资〔"), err
    code, out, err = signed(db, ["--lang", "en", "fund", "pay", number, "--party", party, "--amount", "1,200.50",
                                 "--stall", "B117"])
    assert code == 0 and "先赔〔" in out, err
    payment = out.split("Recorded as ")[1].strip().rstrip(".")
    code, out, err = signed(db, ["--lang", "en", "fund", "recover", payment, "--amount", "2000"])
    assert code == 2 and err.count("\n") == 1 and "¥1,200.50" in err and payment in err
    code, out, err = signed(db, ["--lang", "en", "fund", "recover", payment, "--amount", "200.50",
                                 "--receipt", "WX-1"])
    assert code == 0, err
    recovery = out.split("Recorded as ")[1].strip().rstrip(".")
    code, out, err = signed(db, ["--lang", "en", "fund", "balance"])
    assert code == 0 and "Balance\t¥9,000.00" in out.splitlines() and "Outstanding\t¥1,000.00" in out, err
    code, out, err = signed(db, ["--lang", "en", "fund", "list", "--outstanding"])
    lines = out.splitlines()
    assert code == 0 and lines[1].split("\t")[:2] == ["B-117 建国果业", payment], err
    assert lines[1].split("\t")[-1] == "¥1,000.00" and lines[-1] == "1 payment(s) with an amount outstanding."
    pdf = tmp_path / "r.pdf"
    code, out, err = signed(db, ["--lang", "en", "fund", "receipt", recovery, "-o", str(pdf)])
    assert code == 0, err
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "追偿收据" in text and recovery in text and "贰佰元零伍角整" in text and "WX-1" in text
    code, out, err = signed(db, ["--lang", "en", "fund", "reverse", recovery, "--reason", "转账被退回"])
    assert code == 0 and "冲正〔" in out, err
    rows = json.loads(signed(db, ["fund", "list", "--case", number, "--json"])[1])
    assert [(r["kind"], bool(r["reversed_by"])) for r in rows] == [
        ("payment", False), ("recovery", True), ("reversal", False)]
    assert rows[2]["against"] == recovery and rows[2]["note"] == "转账被退回"
    code, out, err = signed(db, ["--lang", "en", "fund", "list"])
    assert code == 0 and out.splitlines()[-1] == "4 entries.", err
