"""Phone numbers of parties: mainland mobiles and landlines, and numbers outside the mainland.

Input is folded (NFKC) and stripped of spaces, hyphens and brackets; ``+86``/``0086``/``86``
prefixes are removed; any other country code (+852, 00853 …) keeps the number in the international
form, checked by libphonenumber. A mobile is typed by libphonenumber (region CN); a number that looks like a
mobile but lies outside the ranges it knows (IoT or data-only segments, new segments) is accepted
with a warning, because the party's word beats our tables.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from mediation_app.domain.validation import Checked, Issue
from mediation_app.i18n import _

NO_PHONE_WORDS = frozenset({"", "无", "沒有", "没有", "暂无", "無", "none", "n/a"})
_STRIP = re.compile(r"[\s\-‐‑‒–—()\[\].]+")
_MOBILE_LEN = 11


def _clean(text: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFKC", text or ""))


def _strip_country(s: str) -> tuple[str, bool]:
    """Remove a +86 / 0086 / 86 prefix; say whether one was removed."""
    if s.startswith("+"):
        body = s[1:]
        if body.startswith("86"):
            return body[2:], True
        return s, False
    if s.startswith("0086"):
        return s[4:], True
    if s.startswith("86") and len(s) == _MOBILE_LEN + 2 and s[2] == "1":
        return s[2:], True
    return s, False


def _is_known_mobile(digits: str) -> bool:
    try:
        parsed = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(parsed)
    return phonenumbers.is_valid_number(parsed) and kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _is_known_landline(digits: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(digits, "CN"))
    except phonenumbers.NumberParseException:
        return False


def _area_length(digits: str) -> int:
    """Area code length including the trunk 0: 010 and 02X are three digits, the rest four."""
    return 3 if digits[1] in "12" else 4


def check_phone(text: str) -> Checked[str]:
    """Validate a phone number. Empty or "无" is fine (value None).

    Normalised forms: a mobile is 11 digits (``13800138000``), a landline is area code, hyphen,
    local number (``0971-6123456``).
    """
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if raw.lower() in NO_PHONE_WORDS:
        return Checked(None, "", ())
    s = _clean(raw)
    if not s:
        return Checked(None, "", ())
    s, international = _strip_country(s)
    if s.startswith(("+", "00")) and not international:
        return _check_international("+" + s.removeprefix("+").removeprefix("00"))
    bad = "".join(dict.fromkeys(c for c in s if not (c.isascii() and c.isdigit())))
    if bad:
        msg = _(
            "A phone number contains only digits (spaces, hyphens and a leading +86 are allowed); found {chars}"
        )
        return Checked.failed(s, Issue.error("phone_chars", msg.format(chars=" ".join(bad))))
    if international and not s.startswith(("0", "1")):
        s = "0" + s  # +86 971 6123456 drops the trunk 0 of the area code
    if s.startswith("1"):
        return _check_mobile(s)
    if s.startswith("0"):
        return _check_landline(s)
    if 7 <= len(s) <= 8:
        msg = _("Add the area code to the landline number {number}, e.g. 0971-{number}")
        return Checked.failed(s, Issue.error("phone_area_code", msg.format(number=s)))
    msg = _(
        "{number} is neither a mobile number (11 digits starting with 1) nor a landline (starting with 0)"
    )
    return Checked.failed(s, Issue.error("phone_kind", msg.format(number=s)))


def _check_international(s: str) -> Checked[str]:
    """A number outside the mainland (Hong Kong, Macao, Taiwan, abroad), kept with its country code in
    the international form: +852 9123 4567."""
    try:
        parsed = phonenumbers.parse(s, None)
        valid = s[1:].isdigit() and phonenumbers.is_valid_number(parsed)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        msg = _("{number} is not a phone number of any country or region; check the country code, e.g. +852 for Hong Kong")
        return Checked.failed(s, Issue.error("phone_international", msg.format(number=s)))
    normalized = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Checked(normalized, normalized, ())


def _check_mobile(s: str) -> Checked[str]:
    if len(s) != _MOBILE_LEN:
        msg = _("A mobile number has 11 digits; {number} has {count}")
        return Checked.failed(s, Issue.error("phone_length", msg.format(number=s, count=len(s))))
    if s[1] in "012":
        msg = _("Mobile numbers start with 13 to 19; {number} starts with {prefix}")
        return Checked.failed(s, Issue.error("phone_mobile_prefix", msg.format(number=s, prefix=s[:2])))
    if not _is_known_mobile(s):
        msg = _(
            "{number} is not in a known mobile number range (it may be a data-only or new segment); "
            "check it with the party"
        )
        return Checked(s, s, (Issue.warning("phone_unusual_mobile", msg.format(number=s)),))
    return Checked(s, s, ())


def _check_landline(s: str) -> Checked[str]:
    if len(s) < 3:
        msg = _("A landline number starts with an area code such as 0971; {number} is too short")
        return Checked.failed(s, Issue.error("phone_length", msg.format(number=s)))
    area_len = _area_length(s)
    area, local = s[:area_len], s[area_len:]
    if not 7 <= len(local) <= 8:
        msg = _("After the area code {area} a landline has 7 or 8 digits; {local} has {count}")
        issue = Issue.error("phone_length", msg.format(area=area, local=local or "-", count=len(local)))
        return Checked.failed(s, issue)
    normalized = f"{area}-{local}"
    if not _is_known_landline(s):
        msg = _("{number} is not a known landline number; check it with the party")
        return Checked(
            normalized, normalized, (Issue.warning("phone_unusual_landline", msg.format(number=normalized)),)
        )
    return Checked(normalized, normalized, ())


def phone_tail(normalized: str, n: int = 4) -> str:
    """The last ``n`` digits of a normalised number (for display and search by tail)."""
    digits = "".join(c for c in normalized if c.isdigit())
    return digits[-n:] if n > 0 else ""
