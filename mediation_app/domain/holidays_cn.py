"""China's public holidays and official make-up working days (调休上班), as the State Council's
General Office published them for each year (国务院办公厅关于部分节假日安排的通知).

2025: https://www.gov.cn/zhengce/content/202411/content_6986382.htm
2026: https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
2027: the notice is published in the autumn before; until the administrator enters it, 2027 holds
      only the statutory festival days of the 2024 rules (全国年节及纪念日放假办法: 元旦 1 day,
      春节 除夕 to 初三, 清明, 劳动节 2 days, 端午, 中秋, 国庆 3 days) and no make-up working days.
      ``PROVISIONAL_YEARS`` names it so the client and the command line can say so.

Each entry: (first day, last day, name) of a period off; make-up working days as (day, name).
The administrator corrects any day in the client or with ``mediation-app holiday``; those
corrections win over this table.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

PERIODS_OFF: tuple[tuple[dt.date, dt.date, str], ...] = (
    # 2025
    (D(2025, 1, 1), D(2025, 1, 1), "元旦"),
    (D(2025, 1, 28), D(2025, 2, 4), "春节"),
    (D(2025, 4, 4), D(2025, 4, 6), "清明节"),
    (D(2025, 5, 1), D(2025, 5, 5), "劳动节"),
    (D(2025, 5, 31), D(2025, 6, 2), "端午节"),
    (D(2025, 10, 1), D(2025, 10, 8), "国庆节、中秋节"),
    # 2026
    (D(2026, 1, 1), D(2026, 1, 3), "元旦"),
    (D(2026, 2, 15), D(2026, 2, 23), "春节"),
    (D(2026, 4, 4), D(2026, 4, 6), "清明节"),
    (D(2026, 5, 1), D(2026, 5, 5), "劳动节"),
    (D(2026, 6, 19), D(2026, 6, 21), "端午节"),
    (D(2026, 9, 25), D(2026, 9, 27), "中秋节"),
    (D(2026, 10, 1), D(2026, 10, 7), "国庆节"),
    # 2027 (statutory days only, see above)
    (D(2027, 1, 1), D(2027, 1, 1), "元旦"),
    (D(2027, 2, 5), D(2027, 2, 8), "春节"),
    (D(2027, 4, 5), D(2027, 4, 5), "清明节"),
    (D(2027, 5, 1), D(2027, 5, 2), "劳动节"),
    (D(2027, 6, 9), D(2027, 6, 9), "端午节"),
    (D(2027, 9, 15), D(2027, 9, 15), "中秋节"),
    (D(2027, 10, 1), D(2027, 10, 3), "国庆节"),
)

MAKE_UP_WORKDAYS: tuple[tuple[dt.date, str], ...] = (
    (D(2025, 1, 26), "春节"), (D(2025, 2, 8), "春节"), (D(2025, 4, 27), "劳动节"),
    (D(2025, 9, 28), "国庆节、中秋节"), (D(2025, 10, 11), "国庆节、中秋节"),
    (D(2026, 1, 4), "元旦"), (D(2026, 2, 14), "春节"), (D(2026, 2, 28), "春节"), (D(2026, 5, 9), "劳动节"),
    (D(2026, 9, 20), "国庆节"), (D(2026, 10, 10), "国庆节"),
)

SHIPPED_YEARS = (2025, 2026, 2027)
PROVISIONAL_YEARS = (2027,)


def shipped_days() -> dict[dt.date, tuple[str, str]]:
    """day -> ("off" | "work", name) for every day the shipped table names."""
    out: dict[dt.date, tuple[str, str]] = {}
    for first, last, name in PERIODS_OFF:
        day = first
        while day <= last:
            out[day] = ("off", name)
            day += dt.timedelta(days=1)
    for day, name in MAKE_UP_WORKDAYS:
        out[day] = ("work", name)
    return out
