"""Masking of ID numbers and phones for lists and statistical exports (display limitation).

Masks keep the length of what they hide, so a masked value still looks like the kind of number it
is. A value too short to keep anything is masked entirely.
"""

from __future__ import annotations

MASK = "*"


def mask_id(number: str, keep_last: int = 4, keep_first: int = 0) -> str:
    """Mask a document number, keeping its length: "11010519491231002X" -> "**************002X".

    ``keep_first=1`` gives the variant "1*************002X".
    """
    s = "".join((number or "").split())
    if keep_last < 0 or keep_first < 0:
        raise ValueError("kept lengths cannot be negative")
    if len(s) <= keep_first + keep_last:
        return MASK * len(s)
    tail = s[len(s) - keep_last :] if keep_last else ""
    return s[:keep_first] + MASK * (len(s) - keep_first - keep_last) + tail


def mask_phone(phone: str) -> str:
    """Mask a phone: mobile "13800138000" -> "138****8000"; landline "0971-6123456" -> "0971-*****56".

    Input that is not a recognisable number keeps only its last two characters.
    """
    raw = (phone or "").strip()
    if not raw:
        return ""
    from mediation_app.domain.phone import check_phone  # phonenumbers loads its tables: only when needed

    normalized = check_phone(raw).value or raw
    if len(normalized) == 11 and normalized.isdigit() and normalized.startswith("1"):
        return normalized[:3] + MASK * 4 + normalized[7:]
    area, sep, local = normalized.partition("-")
    if sep and area.startswith("0") and area.isdigit() and local.isdigit() and len(local) > 2:
        return f"{area}-{MASK * (len(local) - 2)}{local[-2:]}"
    return mask_id(normalized, keep_last=2)


def mask_name(name: str) -> str:
    """Mask a person's name, keeping its first character and its length: "马福海" -> "马**",
    "张三" -> "张*". A one-character name is masked entirely."""
    s = (name or "").strip()
    if len(s) <= 1:
        return MASK * len(s)
    return s[0] + MASK * (len(s) - 1)


def mask_address(address: str, keep: int = 6) -> str:
    """Mask an address after its first ``keep`` characters (province and city stay readable):
    "青海省西宁市城北区集散中心B区" -> "青海省西宁市*********"."""
    s = (address or "").strip()
    if len(s) <= keep:
        return MASK * len(s)
    return s[:keep] + MASK * (len(s) - keep)
