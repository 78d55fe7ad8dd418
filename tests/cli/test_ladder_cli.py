"""`ladder` and `referral` run as a centre's staff would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mediation_app.services import build_services
from mediation_app.services.clock import FixedClock
from mediation_app.storage.db import sqlite_url
from tests.cli.test_cli import PASSWORD, db, signed  # noqa: F401  (fixture)
from tests.factories import make_case


def _case_and_slip(db: str, tmp_path: Path, days_ago: int) -> tuple[str, str]:  # noqa: F811
    """A case put at the lowest level, and a slip to a department, ``days_ago`` days ago."""
    svc = build_services(sqlite_url(Path(db)), tmp_path, FixedClock(dt.date.today() - dt.timedelta(days=days_ago)))
    try:
        admin = svc.accounts.authenticate("admin", PASSWORD.strip())
        case_id = make_case(svc, admin)
        level = svc.ladder.ladder(admin)[0]
        svc.ladder.set_level(admin, case_id, level.id)
        slip = svc.referrals.issue(admin, case_id, "城北区市场监督管理局", "电子秤计量复核").number
        return svc.cases.detail(admin, case_id).number, str(slip)
    finally:
        svc.close()


def test_ladder_set_show_due_escalate_results(db: str, tmp_path: Path) -> None:  # noqa: F811
    code, out, err = signed(db, ["--lang", "en", "ladder", "set", "网格员:7", "村(社区)调委会:7",
                                 "乡镇(街道)综治中心:7:working", "乡镇领导:7"])
    assert code == 0, err
    assert out.splitlines()[2] == "3\t乡镇(街道)综治中心\twithin 7 working days\t0"
    code, _out, err = signed(db, ["--lang", "en", "ladder", "set", "网格员:七"])
    assert code == 2 and "NAME:DAYS" in err
    number, _slip = _case_and_slip(db, tmp_path, days_ago=10)
    code, out, err = signed(db, ["--lang", "en", "ladder", "due", "--json"])
    assert code == 0, err
    assert json.loads(out) == [{"case": number, "level": "网格员", "due_on": (
        dt.date.today() - dt.timedelta(days=3)).isoformat(), "days_over": 3, "next_level": "村(社区)调委会"}]
    code, out, err = signed(db, ["--lang", "en", "ladder", "escalate", number])
    assert code == 0 and out.startswith("Level: 村(社区)调委会 since"), err
    assert "The days at the level ran out without a result." in out
    code, out, err = signed(db, ["--lang", "en", "ladder", "level", number, "网格员"])
    assert code == 2 and "Say why the case goes back down the ladder." in err
    code, out, err = signed(db, ["--lang", "en", "ladder", "show", number, "--json"])
    shown = json.loads(out)
    assert [(h["move"], h["from"], h["to"]) for h in shown["history"]] == [
        ("set", None, "网格员"), ("escalate", "网格员", "村(社区)调委会")]
    code, out, err = signed(db, ["--lang", "en", "ladder", "due"])
    assert out.splitlines() == ["0 cases to escalate"]
    code, out, err = signed(db, ["--lang", "en", "ladder", "results", "--period", str(dt.date.today().year)])
    assert code == 0 and out.splitlines()[0] == "网格员\t0\t0", err
    code, out, err = signed(db, ["--lang", "en", "ladder", "results", "--period", "2026-13"])
    assert code == 2 and "A month is 01 to 12." in err


def test_referral_due_sign_in_and_remind(db: str, tmp_path: Path) -> None:  # noqa: F811
    signed(db, ["ladder", "set", "网格员:7"])
    _number, slip = _case_and_slip(db, tmp_path, days_ago=2)
    code, out, err = signed(db, ["--lang", "en", "referral", "hours"])
    assert out.strip() == "A department has 24 hours to sign in.", err
    code, out, err = signed(db, ["--lang", "en", "referral", "remind", slip, "电话催办"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "referral", "due", "--json"])
    [item] = json.loads(out)
    assert (item["number"], item["not_signed_in"], item["reminders"]) == (slip, True, 1)
    code, out, err = signed(db, ["--lang", "en", "referral", "sign-in", slip, "--by", "王科长"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "referral", "due"])
    assert out.splitlines() == ["0 slips to press"]
    code, out, err = signed(db, ["--lang", "en", "referral", "sign-in", "交办字-无此号", "--by", "王科长"])
    assert code == 2 and "No referral slip numbered" in err
    code, out, err = signed(db, ["--lang", "en", "referral", "hours", "0"])
    assert code == 2 and "between 1 and 720" in err
