"""Hand-over from the command line, as the README tells a mediator: pair both ways with the pairing
file and key code, export at the room, dry run and import at the centre, acknowledgement back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_cli import PASSWORD, run, signed


def _init(path: str, committee: str, short: str) -> str:
    code, _out, err = run(["--db", path, "--lang", "en", "init", "--committee", committee, "--short", short,
                           "--admin", "admin", "--password-stdin"], PASSWORD)
    assert code == 0, err
    return path


def _pair(a: str, b: str, tmp_path: Path) -> None:
    """b trusts a: a writes its pairing file and shows its code; b pairs with that file and code."""
    file = tmp_path / "pair.json"
    code, out, err = signed(a, ["--lang", "en", "site", "show", "--pairing-file", str(file)])
    assert code == 0, err
    key = re.search(r"Key code: ([\d-]+)", out).group(1)  # type: ignore[union-attr]
    code, out, err = signed(b, ["--lang", "en", "site", "pair", str(file), "--code", "0000-0000-0000-0000-0000"])
    assert code == 2 and "does not match" in err
    code, out, err = signed(b, ["--lang", "en", "site", "pair", str(file), "--code", key])
    assert code == 0 and "Paired with" in out, err


def test_room_to_centre_and_back(tmp_path: Path) -> None:
    room = _init(str(tmp_path / "room" / "m.db"), "集散中心人民调解委员会", "客商")
    centre = _init(str(tmp_path / "centre" / "m.db"), "城关区人民调解中心", "城关")
    _pair(room, centre, tmp_path)
    _pair(centre, room, tmp_path)
    assert signed(room, ["demo", "--cases", "30", "--seed", "2"])[0] == 0

    code, out, _ = signed(room, ["--lang", "en", "bundle", "status"])
    assert "Last acknowledged hand-over: -" in out and "in 30 cases" in out
    bundle = tmp_path / "usb" / "handover.mdh"
    code, out, err = signed(room, ["--lang", "en", "bundle", "export", "-o", str(bundle), "--encrypt"],
                            "集散中心交接2026\n")
    assert code == 0 and "Bundle 1 for 城关区人民调解中心" in out and "30 cases" in out, err
    code, out, err = signed(centre, ["--lang", "en", "bundle", "import", str(bundle), "--dry-run"], "集散中心交接2026\n")
    assert code == 0 and "nothing written" in out and "new cases: 30" in out and "Search index" not in out, err
    code, out, err = signed(centre, ["--lang", "en", "bundle", "import", str(bundle)], "集散中心交接2026\n")
    assert code == 0 and "imported" in out and "new cases: 30" in out, err
    assert "Search index written for 30 imported cases." in out  # after the records' commit, before it exits
    code, out, err = signed(centre, ["--lang", "en", "bundle", "import", str(bundle)], "集散中心交接2026\n")
    assert code == 0 and "was imported before; nothing changed" in out

    back = tmp_path / "usb" / "ack.mdh"
    code, out, err = signed(centre, ["--lang", "en", "bundle", "export", "-o", str(back), "--to", "集散中心人民调解委员会"])
    assert code == 0, err
    code, out, err = signed(room, ["--lang", "en", "bundle", "import", str(back)])
    assert code == 0 and "acknowledges our bundle 1" in out, err
    code, out, _ = signed(room, ["--lang", "en", "bundle", "status"])
    assert "Not yet handed over: 0 changes in 0 cases" in out and "Last acknowledged hand-over: -" not in out


def test_a_refused_bundle_is_one_line_naming_the_problem(tmp_path: Path) -> None:
    room = _init(str(tmp_path / "room" / "m.db"), "集散中心人民调解委员会", "客商")
    centre = _init(str(tmp_path / "centre" / "m.db"), "城关区人民调解中心", "城关")
    _pair(centre, room, tmp_path)  # the room knows the centre, the centre never paired the room
    signed(room, ["demo", "--cases", "3", "--seed", "2"])
    bundle = tmp_path / "b.mdh"
    assert signed(room, ["bundle", "export", "-o", str(bundle)])[0] == 0
    code, out, err = signed(centre, ["--lang", "en", "bundle", "import", str(bundle)])
    assert code == 2 and err.count("\n") == 1 and "has not paired with" in err and "Traceback" not in err


@pytest.mark.parametrize("lang", ["zh_CN"])
def test_site_show_speaks_chinese(tmp_path: Path, lang: str) -> None:
    room = _init(str(tmp_path / "m.db"), "集散中心人民调解委员会", "客商")
    code, out, _ = signed(room, ["--lang", lang, "site", "show"])
    assert code == 0 and "集散中心人民调解委员会" in out
