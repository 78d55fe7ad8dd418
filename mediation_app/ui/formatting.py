"""Dates, times, numbers and money for display, formatted by Babel in the current UI language."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal

from mediation_app.i18n import current_language


def _locale() -> str:
    return current_language() or "zh_CN"


def date_text(value: dt.date | dt.datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    if fmt == "medium" and _locale().startswith("zh"):
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
    if _locale().startswith("zh"):
        return format_datetime(value, "yyyy-MM-dd HH:mm", locale=_locale())
    return format_datetime(value, "medium", locale=_locale())


def time_text(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return format_time(local(value), "HH:mm", locale=_locale())


def money_text(fen: int | None) -> str:
    """Integer fen to ``¥1,234.50`` style text (no float anywhere)."""
    if fen is None:
        return ""
    from decimal import Decimal

    sign = "-" if fen < 0 else ""
    amount = Decimal(abs(int(fen))) / 100
    return f"{sign}¥{format_decimal(amount, '#,##0.00', locale=_locale())}"


def parse_money(text: str) -> int | None:
    """``1,234.5`` / ``¥1234.50`` / ``1234`` to fen; None when not a valid amount."""
    from decimal import Decimal, InvalidOperation

    cleaned = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    cleaned = cleaned.removesuffix("元").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return int(value * 100)
