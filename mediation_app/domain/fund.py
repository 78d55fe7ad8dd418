"""The market's advance compensation fund (先行赔付): the kinds of entry, their direction, their
human numbers and the printed word of each kind. Pure rules: no I/O."""

from __future__ import annotations

from mediation_app.i18n import N_, _

PAYMENT, RECOVERY, TOPUP, REVERSAL = "payment", "recovery", "topup", "reversal"
KINDS = (PAYMENT, RECOVERY, TOPUP, REVERSAL)

# The word of each kind's number and of its counter series (never reused, per committee and year).
_NUMBER_WORD = {PAYMENT: "先赔", RECOVERY: "追偿", TOPUP: "注资", REVERSAL: "冲正"}
SERIES = {k: f"fund_{k}" for k in KINDS}

_LABELS = {
    PAYMENT: N_("Payment out"),
    RECOVERY: N_("Recovery"),
    TOPUP: N_("Top-up"),
    REVERSAL: N_("Reversal"),
}

# Printed on receipts and in Chinese lists whatever the interface language.
PRINTED = {PAYMENT: "先行赔付", RECOVERY: "追偿", TOPUP: "注资", REVERSAL: "冲正"}


def sign(kind: str) -> int:
    """+1 into the fund, -1 out of it, 0 for a reversal (it cancels the entry it names)."""
    return {PAYMENT: -1, RECOVERY: 1, TOPUP: 1, REVERSAL: 0}[kind]


def kind_label(kind: str) -> str:
    return _(_LABELS[kind])


def entry_number(kind: str, year: int, serial: int) -> str:
    """先赔〔2026〕第001号, 追偿〔2026〕第012号 …"""
    return f"{_NUMBER_WORD[kind]}〔{year}〕第{serial:03d}号"


def balance(topups: int, paid: int, recovered: int) -> int:
    """What the fund holds: money put in and brought back, less what was paid out."""
    return topups + recovered - paid
