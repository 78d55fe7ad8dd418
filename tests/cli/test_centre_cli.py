"""``committee``, ``member``, ``window`` and ``route``: the centre's commands, signed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediation_app.services import build_services
from mediation_app.storage.db import sqlite_url
from tests.cli.test_cli import PASSWORD, run, signed
from tests.factories import family_case_input, market_case_input

CLERK = "Window-desk-2026\n"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = str(tmp_path / "centre.db")
    code, _out, err = run(["--db", path, "init", "--committee", "集散中心人民调解委员会", "--short", "客商",
                           "--admin", "admin", "--password-stdin"], PASSWORD, monkeypatch)
    assert code == 0, err
    return path


def as_clerk(db: str, args: list[str]) -> tuple[int, str, str]:
    return run(["--db", db, "--lang", "en", "--user", "clerk", "--password-stdin", *args], CLERK)


def test_committees_are_added_listed_edited_and_retired(db: str) -> None:
    code, out, err = signed(db, ["--lang", "en", "committee", "add", "城北区矛盾纠纷多元化解中心人民调解委员会",
                                 "--short", "中心", "--kind", "centre", "--deadline-rule", "thirty_days"])
    assert code == 0, err
    assert out.strip() == "Added committee 城北区矛盾纠纷多元化解中心人民调解委员会; its next case number is 中心人调字〔2026〕第001号"
    code, out, err = signed(db, ["--lang", "en", "committee", "add", "另一个", "--short", "客商", "--kind", "village"])
    assert code == 2 and out == ""
    assert "already used by 集散中心人民调解委员会" in err and "Integrity" not in err and "SQL" not in err
    code, _out, err = signed(db, ["--lang", "en", "committee", "add", "交通", "--short", "交调", "--kind", "stationed",
                                  "--pattern", "{year}-{serial}"])
    assert code == 2 and "must contain {short}" in err
    code, out, _ = signed(db, ["--lang", "en", "committee", "edit", "中心", "--phone", "0971-5500110"])
    assert code == 0 and out.startswith("中心\t城北区矛盾纠纷多元化解中心人民调解委员会\tOne-stop dispute resolution centre\t30 days")
    code, out, _ = signed(db, ["--lang", "en", "committee", "retire", "中心"])
    assert code == 0 and out.startswith("Retired 城北区")
    code, out, _ = signed(db, ["--lang", "en", "committee", "list"])
    lines = out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["客商", "中心"] and lines[1].endswith("(retired)")
    code, out, _ = signed(db, ["committee", "reinstate", "中心"])
    assert code == 0


def test_the_window_clerk_routes_from_the_command_line(db: str, tmp_path: Path) -> None:
    assert signed(db, ["committee", "add", "城北区中心调委会", "--short", "中心", "--kind", "centre"])[0] == 0
    code, _out, err = signed(db, ["user", "add", "clerk", "--display-name", "窗口 韩梅", "--role", "window",
                                  "--committee", "中心", "--password-stdin"], CLERK)
    assert code == 0, err
    code, _out, err = as_clerk(db, ["committee", "add", "x", "--short", "x", "--kind", "village"])
    assert code == 2 and "may not add, change or retire committees" in err  # administrators only
    svc = build_services(sqlite_url(Path(db)), tmp_path)
    try:
        clerk = svc.accounts.authenticate("clerk", CLERK.strip())
        svc.routing.register(clerk, market_case_input())
        svc.routing.register(clerk, family_case_input())
    finally:
        svc.close()
    code, out, _ = as_clerk(db, ["window"])
    lines = out.strip().splitlines()
    assert code == 0 and lines[-1] == "2 of 2 disputes waiting to be routed"
    assert lines[0].startswith("中心窗受字〔") and "马福海" in lines[0]
    first, second = lines[0].split("\t")[0], lines[1].split("\t")[0]
    code, out, err = as_clerk(db, ["route", first, "--to-committee", "客商", "--reason", "市场纠纷"])
    assert code == 0, err
    assert out.strip().startswith("Routed to 客商: now case 客商人调字〔")
    code, _out, err = as_clerk(db, ["route", first, "--to-committee", "中心"])
    assert code == 2 and ("already been routed" in err or "another committee" in err)
    code, _out, err = as_clerk(db, ["route", second, "--to-department", "城北区人社局"])
    assert code == 2 and "Say why" in err
    code, out, err = as_clerk(db, ["route", second, "--to-department", "城北区人社局", "--reason", "欠薪"])
    assert code == 0 and out.strip().startswith("Routed to 城北区人社局 with referral slip 中心交办字〔"), err
    assert as_clerk(db, ["window"])[1].strip() == "0 of 0 disputes waiting to be routed"


def test_member_gives_an_account_a_role_in_a_second_committee(db: str) -> None:
    assert signed(db, ["committee", "add", "城北区中心调委会", "--short", "中心", "--kind", "centre"])[0] == 0
    assert signed(db, ["user", "add", "clerk", "--display-name", "韩梅", "--role", "mediator",
                       "--password-stdin"], CLERK)[0] == 0
    code, out, err = signed(db, ["--lang", "en", "member", "clerk", "--committee", "中心", "--role", "window"])
    assert code == 0 and out.strip() == "clerk works in 城北区中心调委会 as Window clerk", err
    code, out, err = as_clerk(db, ["--in-committee", "中心", "window"])
    assert code == 0 and "0 of 0" in out, err
    code, _out, err = as_clerk(db, ["window"])  # in its home committee it is a mediator only
    assert code == 2 and "may not register disputes at the window" in err
    code, out, _ = signed(db, ["--lang", "en", "member", "clerk", "--committee", "中心"])
    assert out.strip() == "clerk no longer belongs to 城北区中心调委会"


def test_demo_sets_up_the_centre_beside_the_room(db: str) -> None:
    code, out, err = signed(db, ["--lang", "en", "demo", "--cases", "20", "--seed", "3", "--centre", "10"])
    assert code == 0 and "Added 30 demo cases" in out, err
    code, out, _ = signed(db, ["--lang", "en", "case", "list", "--limit", "100"])
    lines = out.strip().splitlines()
    assert lines[-1] == "34 of 34 cases"  # the room's, the centre's and the window's, for the centre's head
    assert {line.split("人调字")[0] for line in lines[:-1] if "人调字" in line} == {"客商", "中心"}
    code, out, _ = signed(db, ["--lang", "en", "--in-committee", "中心", "window"])
    assert code == 0 and out.strip().endswith("2 of 2 disputes waiting to be routed")
