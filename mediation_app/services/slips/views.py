"""Read models of the four-part slips and the words their document prints."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

SUMMARY_CHARS = 90  # the summary printed on the slip: a few lines, the case keeps the whole facts


@dataclass(frozen=True, kw_only=True)
class SlipView:
    id: uuid.UUID
    number: str
    committee_id: uuid.UUID
    committee: str
    case_id: uuid.UUID | None
    case_number: str  # "" when the slip is of a referral with no case
    referral_id: uuid.UUID | None
    referral_number: str  # "" for a case's own slip
    issued_on: dt.date
    issued_by: str
    parties: str
    summary: str
    sent_to: str
    asked: str
    deadline: dt.date
    printed_times: int
    returned_on: dt.date | None
    return_result: str | None
    returned_handler: str | None
    overdue: bool  # not returned and past its deadline, today

    @property
    def returned(self) -> bool:
        return self.returned_on is not None


@dataclass(frozen=True)
class SlipPage:
    items: tuple[SlipView, ...]
    total: int  # every overdue slip the account may see
    next_key: tuple[dt.date, str] | None  # None on the last page


def brief(text: str, limit: int = SUMMARY_CHARS) -> str:
    """One paragraph of at most ``limit`` characters, "……" where it was cut."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 2].rstrip() + "……"


def party_names(names: list[str], limit: int = 60) -> str:
    """The parties as the slip prints them: every name, or the first ones and how many in all."""
    text = "、".join(names)
    if len(text) <= limit:
        return text
    shown: list[str] = []
    for name in names:
        if len("、".join([*shown, name])) > limit - 6:
            break
        shown.append(name)
    return "、".join(shown or [brief(names[0], limit - 6)]) + f"等{len(names)}人"
