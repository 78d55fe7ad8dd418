"""Every typed or pasted text is cleaned or refused with a reason (domain/text_input.py)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.text_input import NAME_LIMIT, clean_fields, clean_text


def test_invisible_marks_are_removed_and_tabs_become_spaces() -> None:
    assert clean_text("马\u200b福\ufeff海\u00ad").value == "马福海"
    assert clean_text("A区\t12号").value == "A区 12号"
    assert clean_text("一\r\n二\r三", multiline=True).value == "一\n二\n三"


def test_controls_direction_marks_and_line_breaks_are_refused() -> None:
    assert clean_text("a\x00b").error == (
        "Remove the invisible control character (U+0000) at character 2; it would print as a blank box.")
    assert clean_text("\x85").error is not None  # a C1 control
    assert "RIGHT-TO-LEFT OVERRIDE" in (clean_text("ab\u202e").error or "")
    assert clean_text("一\n二").error == "Write this on one line: it contains a line break."
    assert clean_text("一\n二", multiline=True).error is None


def test_limits() -> None:
    assert clean_text("x" * 301).error == "This is 301 characters long; the limit is 300."
    assert clean_text("x" * 20_000, multiline=True, limit=20_000).error is None


@dataclass(frozen=True)
class _Inner:
    name: str


@dataclass(frozen=True)
class _Form:
    facts: str
    terms: tuple[str, ...]
    people: tuple[_Inner, ...]
    phone: str = "\t138"  # checked by its own validator, left alone


def test_fields_are_cleaned_by_kind_and_errors_keyed_by_path() -> None:
    form = _Form(facts="甲\n乙\u200b", terms=("付款", "退\x07货"), people=(_Inner("张三"), _Inner("李" * (NAME_LIMIT + 1))))
    cleaned, errors = clean_fields(form)
    assert cleaned.facts == "甲\n乙" and cleaned.phone == "\t138"
    assert set(errors) == {"terms.1", "people.1.name"}


@given(st.text())
def test_what_is_accepted_has_no_control_or_invisible_character(text: str) -> None:
    checked = clean_text(text, multiline=True, limit=10**6)
    if checked.error is None:
        assert all(ch == "\n" or (ord(ch) >= 32 and not 0x7F <= ord(ch) <= 0x9F) for ch in checked.value)
        assert not set(checked.value) & set("\u200b\u200c\u200d\u2060\ufeff\u202e\u202d")
