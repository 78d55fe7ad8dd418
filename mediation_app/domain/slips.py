"""人民调解四联单 (the four-part slip): one serial shared by four parts, each torn off for its holder,
so that a dispute handed between the window, whoever takes it, the party and the file can be traced.

Pure rules: the parts and their holders, the slip's number, its default return deadline and when its
returned part (回执) is overdue. Allocating the serial (its own series, per committee and year, never
reused) belongs to storage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediation_app.domain.numbering import format_case_number

SLIP_WORD = "四联字"  # 客商四联字〔2026〕第001号
SERIES = "slip"  # the number counter's series: its own, apart from cases, agreements and referral slips
DEFAULT_RETURN_DAYS = 15  # when neither the referral nor the case gives a deadline


@dataclass(frozen=True)
class SlipPart:
    key: str
    ordinal: str  # 第一联 …
    name: str  # 存根联 …
    holder: str  # who keeps it, as printed


PARTS: tuple[SlipPart, ...] = (
    SlipPart("stub", "第一联", "存根联", "受理窗口留存"),
    SlipPart("party", "第二联", "当事人联", "交当事人收执"),
    SlipPart("handler", "第三联", "承办联", "交承办单位"),
    SlipPart("receipt", "第四联", "回执联", "承办单位办结后退回"),
)


def slip_number(pattern: str, short: str, year: int, serial: int) -> str:
    """The committee's own pattern with the slip's word: "客商四联字〔2026〕第001号"."""
    return format_case_number(pattern, short, SLIP_WORD, year, serial)


def default_deadline(issued_on: dt.date, *given: dt.date | None) -> dt.date:
    """The first deadline given (the referral's, then the case's) that is not before the issue day;
    otherwise :data:`DEFAULT_RETURN_DAYS` after the issue."""
    for day in given:
        if day is not None and day >= issued_on:
            return day
    return issued_on + dt.timedelta(days=DEFAULT_RETURN_DAYS)


def is_overdue(deadline: dt.date, returned_on: dt.date | None, today: dt.date) -> bool:
    """The returned part has not come back and the deadline has passed."""
    return returned_on is None and deadline < today
