from __future__ import annotations

import dataclasses

import pytest

from mediation_app.domain.validation import Checked, Issue


def test_checked_partitions_issues() -> None:
    err = Issue.error("e1", "bad")
    warn = Issue("w1", "hmm", "warning")
    checked: Checked[int] = Checked(None, "x", (warn, err))
    assert not checked.ok
    assert checked.errors == (err,)
    assert checked.warnings == (warn,)
    assert checked.codes == ("w1", "e1")


def test_warnings_only_is_ok() -> None:
    checked: Checked[str] = Checked("v", "v", (Issue.warning("w", "confirm"),))
    assert checked.ok
    assert checked.errors == ()
    assert checked.warnings[0].severity == "warning"


def test_no_issues_is_ok_and_failed_helper() -> None:
    assert Checked(1, "1").ok
    failed: Checked[int] = Checked.failed("raw", Issue.error("c", "m"))
    assert failed.value is None and failed.normalized == "raw" and not failed.ok


def test_frozen() -> None:
    issue = Issue.error("c", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.code = "d"  # type: ignore[misc]
