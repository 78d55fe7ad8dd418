"""``search tune`` from the command line: it tunes the index and the search finds the same cases."""

from __future__ import annotations

import json
import re

import pytest

from mediation_app.storage import search_tune
from tests.cli.test_cli import db, run, signed  # noqa: F401 - the fixture

__all__ = ["db"]


def test_search_tune_keeps_every_result(db: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setattr(search_tune, "COMMON_MIN", 10)  # a pair in ten of the 120 demo cases is common
    monkeypatch.setattr(search_tune, "DENSE_SHARE", 0.9)  # and few runs are found by walking a pair
    code, _, err = signed(db, ["--lang", "en", "demo", "--cases", "120", "--seed", "3"])
    assert code == 0, err
    rows = json.loads(signed(db, ["case", "list", "--json", "--limit", "500"])[1])
    names = sorted({p for r in rows for p in re.findall(r"[\u4e00-\u9fff]{3,}", r.get("parties", ""))})[:8]
    queries = sorted({n[:3] for n in names} | {"青海东", "有限公"})

    def found() -> dict[str, list[str]]:
        return {q: sorted(r["number"] for r in json.loads(signed(db, ["case", "list", "--json", "--text", q,
                                                                      "--limit", "500"])[1])) for q in queries}

    before = found()
    code, out, err = signed(db, ["--lang", "en", "search", "tune"])
    assert code == 0, err
    match = re.match(r"Search index tuned over 120 cases: (\d+) common pairs of characters, (\d+) index rows added",
                     out)
    assert match and int(match[1]) > 0 and int(match[2]) > 0, out
    assert found() == before
    assert sum(map(len, before.values())) > 2, before
