"""Dates, times, numbers and money for display, formatted by Babel in the current UI language."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_datetime, format_time

from mediation_app.domain.money import babel_locale, format_fen, parse_amount
from mediation_app.i18n import current_language


def _code() -> str:
    return current_language() or "zh_CN"


def _locale() -> Locale:
    """The current language's Babel locale, parsed once per language (Babel resolves a locale name
    such as zh_CN by comparing it with every locale it knows, a millisecond each time: a list of a
    few hundred dates spent most of its time there)."""
    return babel_locale(_code())


def date_text(value: dt.date | dt.datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    if fmt == "medium" and _code().startswith("zh"):
        return format_date(value, "yyyy-MM-dd", locale=_locale())
    return format_date(value, fmt, locale=_locale())


def long_date_text(value: dt.date | dt.datetime | None) -> str:
    return date_text(value, "long")


def local(value: dt.datetime) -> dt.datetime:
    """Aware UTC (storage) to local time for display."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone()


def datetime_text(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    value = local(value)
    if _code().startswith("zh"):
        return format_datetime(value, "yyyy-MM-dd HH:mm", locale=_locale())
    return format_datetime(value, "medium", locale=_locale())


def time_text(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return format_time(local(value), "HH:mm", locale=_locale())


def money_text(fen: int | None) -> str:
    """Integer fen to ``¥1,234.50`` in the current language (no float anywhere)."""
    return "" if fen is None else format_fen(int(fen))


def parse_money(text: str) -> int | None:
    """Typed amount to fen; None when empty or not a valid amount (see ``money_issues``)."""
    checked = parse_amount(text, allow_empty=True)
    return checked.value if checked.ok else None


def money_issues(text: str) -> list[str]:
    """Why a typed amount is not acceptable, in words (empty list when it is)."""
    return [i.message for i in parse_amount(text, allow_empty=True).errors]
