"""`slip issue|print|return|overdue` as a window clerk would run them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_cli import PASSWORD, db, signed  # noqa: F401  (fixture)


def _cases(db_path: str, tmp_path: Path, n: int, on: dt.date) -> list[str]:
    """Cases registered (and their slips issued) ``on`` a past day, through the services."""
    from mediation_app.services import build_services
    from mediation_app.services.clock import FixedClock
    from mediation_app.storage.db import sqlite_url
    from tests.factories import market_case_input

    svc = build_services(sqlite_url(Path(db_path)), tmp_path, FixedClock(on))
    try:
        actor = svc.accounts.authenticate("admin", PASSWORD.strip())
        numbers = []
        for _ in range(n):
            changes = svc.intake.register(actor, market_case_input(registered_on=on), accept=False)
            numbers.append(str(changes.number))
        return numbers
    finally:
        svc.close()


def test_issue_print_return(db: str, tmp_path: Path) -> None:  # noqa: F811
    (case,) = _cases(db, tmp_path, 1, dt.date.today())
    deadline = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    code, out, err = signed(db, ["--lang", "en", "slip", "issue", case, "--to", "城北区市场监督管理所",
                                 "--asked", "请核实计量器具", "--deadline", deadline])
    year = dt.date.today().year
    number = f"客商四联字〔{year}〕第001号"
    assert code == 0 and out == f"Four-part slip {number}: to 城北区市场监督管理所, returned part due by {deadline}.\n", err
    code, out, err = signed(db, ["--lang", "en", "slip", "issue", case])  # again: the same slip
    assert code == 0 and number in out, err
    pdf = tmp_path / "slip.pdf"
    code, out, err = signed(db, ["--lang", "en", "slip", "print", number, "-o", str(pdf)])
    assert code == 0 and str(pdf) in out, err
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "".join((reader.pages[0].extract_text() or "").split())
    assert len(reader.pages) == 1 and text.count(number) >= 4 and "请核实计量器具" in text
    code, out, err = signed(db, ["--lang", "en", "slip", "print", case, "-o", str(tmp_path / "again.pdf")])
    assert code == 0 and (tmp_path / "again.pdf").read_bytes() == pdf.read_bytes(), err  # by the case: same slip
    code, out, err = signed(db, ["--lang", "en", "doc", "slip", case, "-o", str(tmp_path / "doc.pdf")])
    assert code == 0 and (tmp_path / "doc.pdf").read_bytes() == pdf.read_bytes(), err  # with the other documents
    code, out, err = signed(db, ["--lang", "en", "doc", "--list"])
    assert "slip            人民调解四联单" in out
    code, out, err = signed(db, ["--lang", "en", "slip", "return", number, "--result", "已核实，误差在允许范围内",
                                 "--handler", "韩卫东"])
    assert code == 0 and f"Returned part of {number} recorded" in out, err
    code, out, err = signed(db, ["--lang", "en", "slip", "return", number, "--result", "x", "--handler", "y"])
    assert code == 2 and "already recorded" in err
    code, out, err = signed(db, ["--lang", "en", "slip", "issue", case, "--referral", "x"])
    assert code == 2 and err.count("\n") == 1


def test_overdue_lists_every_slip_not_returned(db: str, tmp_path: Path) -> None:  # noqa: F811
    long_ago = dt.date.today() - dt.timedelta(days=60)
    cases = _cases(db, tmp_path, 3, long_ago)
    from mediation_app.services import build_services
    from mediation_app.services.clock import FixedClock
    from mediation_app.storage.db import sqlite_url

    svc = build_services(sqlite_url(Path(db)), tmp_path, FixedClock(long_ago))
    try:
        actor = svc.accounts.authenticate("admin", PASSWORD.strip())
        for number in cases:
            svc.slips.issue_for_case(actor, svc.cases.find_by_number(actor, number))
    finally:
        svc.close()
    code, out, err = signed(db, ["--lang", "en", "slip", "overdue"])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[-1] == "3 slips overdue." and len(lines) == 4
    assert all("overdue since" in line for line in lines[:3])
    assert {line.split("\t")[1] for line in lines[:3]} == set(cases)
