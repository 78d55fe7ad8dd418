from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.masking import mask_id, mask_phone


def test_mask_id_keeps_length_and_last_four() -> None:
    assert mask_id("11010519491231002X") == "*" * 14 + "002X"
    assert mask_id("11010519491231002X", keep_first=1) == "1" + "*" * 13 + "002X"
    assert mask_id("E12345678", keep_last=2) == "*******78"
    assert mask_id("11010519491231002X", keep_last=0) == "*" * 18


def test_mask_id_short_and_empty() -> None:
    assert mask_id("") == ""
    assert mask_id("1234") == "****"
    assert mask_id("12345", keep_first=1) == "*****"
    with pytest.raises(ValueError):
        mask_id("123456", keep_last=-1)


@given(st.text(alphabet="0123456789X", min_size=6, max_size=30), st.integers(0, 2), st.integers(0, 4))
def test_mask_id_never_reveals_more_than_asked(number: str, first: int, last: int) -> None:
    masked = mask_id(number, keep_last=last, keep_first=first)
    assert len(masked) == len(number)
    if len(number) <= first + last:
        assert masked == "*" * len(number)
        return
    assert masked[:first] == number[:first]
    assert masked[len(number) - last :] == (number[len(number) - last :] if last else "")
    assert set(masked[first : len(number) - last]) == {"*"}


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13800138000", "138****8000"),
        ("+86 138 0013 8000", "138****8000"),
        ("0971-6123456", "0971-*****56"),
        ("09716123456", "0971-*****56"),
        ("010-12345678", "010-******78"),
        ("", ""),
        ("12345", "***45"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
