"""Identity document numbers: resident ID (GB 11643), unified social credit code (GB 32100), others.

Validation folds full-width characters (NFKC), drops spaces and hyphens and upper-cases letters
before checking, so a number pasted from a scan or typed with a Chinese input method still passes.
Only the two-digit province prefix of a resident ID is checked: old people keep address codes that
no longer exist in the current county table.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from mediation_app.domain.enums import IdType, Sex
from mediation_app.domain.validation import Checked, Issue
from mediation_app.i18n import _

# ISO 7064 MOD 11-2 weights (2^(17-i) mod 11) and remainder -> check character.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_MIN_YEAR = 1850

# Province-level prefixes in use, plus 81/82/83 (residence permits of Hong Kong, Macao, Taiwan residents).
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(n) for n in range(11, 16)]
    + [str(n) for n in range(21, 24)]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + [str(n) for n in range(50, 55)]
    + [str(n) for n in range(61, 66)]
    + ["71", "81", "82", "83"]
)

# GB 32100: the 31 characters used (no I, O, S, V, Z); weights 3^(i-1) mod 31.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_STRIP = re.compile(r"[\s\-‐‑‒–—]+")


def _clean(text: str) -> str:
    """NFKC, drop whitespace and hyphens, upper-case."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def _listing(chars: str) -> str:
    seen: list[str] = []
    for c in chars:
        if c not in seen:
            seen.append(c)
    return " ".join(seen)


# ---------------------------------------------------------------------------------------------
# Resident identity card (居民身份证)


def resident_id_check_char(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits of a resident ID."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def upgrade_id15(id15: str) -> str:
    """Upgrade a 15-digit (GB 11643-1989) number to 18 digits: insert the century 19, add a check."""
    if len(id15) != 15 or not id15.isascii() or not id15.isdigit():
        raise ValueError("need exactly 15 ASCII digits")
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + resident_id_check_char(first17)


def _parse_ymd(ymd: str) -> date | None:
    try:
        return date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8]))
    except ValueError:
        return None


def _shown_ymd(ymd: str) -> str:
    return f"{ymd[:4]}-{ymd[4:6]}-{ymd[6:8]}"


def check_resident_id(text: str, today: date | None = None) -> Checked[str]:
    """Validate a resident ID number; 15-digit legacy numbers come back upgraded, with a warning."""
    today = today or date.today()
    s = _clean(text)
    if not s:
        return Checked.failed(s, Issue.error("resident_id_empty", _("Enter the resident ID number")))
    bad = "".join(c for c in s if not (c.isascii() and (c.isdigit() or c == "X")))
    if bad:
        msg = _("A resident ID number contains only digits and a final X; found {chars}")
        return Checked.failed(s, Issue.error("resident_id_chars", msg.format(chars=_listing(bad))))
    if "X" in s[:-1]:
        msg = _("X may only be the last character of a resident ID number (position {pos})")
        return Checked.failed(s, Issue.error("resident_id_chars", msg.format(pos=s.index("X") + 1)))

    issues: list[Issue] = []
    if len(s) == 15:
        if "X" in s:
            msg = _("A 15-digit resident ID number contains only digits")
            return Checked.failed(s, Issue.error("resident_id_chars", msg))
        s = upgrade_id15(s)
        msg = _("The old 15-digit number was upgraded to 18 digits: {number}")
        issues.append(Issue.warning("resident_id_upgraded", msg.format(number=s)))
    elif len(s) != 18:
        msg = _("A resident ID number has 18 characters (15 on very old cards); this one has {count}")
        return Checked.failed(s, Issue.error("resident_id_length", msg.format(count=len(s))))

    province = s[:2]
    if province not in PROVINCE_CODES:
        if province.startswith("9"):
            msg = _(
                "Province code {code} does not exist; a number starting with 9 is probably a "
                "foreigner's permanent residence card, so choose that document type"
            )
        else:
            msg = _("Province code {code} (the first two digits) does not exist")
        issues.append(Issue.error("resident_id_province", msg.format(code=province)))

    ymd = s[6:14]
    born = _parse_ymd(ymd)
    if born is None:
        msg = _("Birth date {date} in the number is not a real date")
        issues.append(Issue.error("resident_id_date", msg.format(date=_shown_ymd(ymd))))
    elif born > today:
        msg = _("Birth date {date} in the number is in the future")
        issues.append(Issue.error("resident_id_date", msg.format(date=born.isoformat())))
    elif born.year < _ID_MIN_YEAR:
        msg = _("Birth date {date} in the number is before {year}")
        issues.append(Issue.error("resident_id_date", msg.format(date=born.isoformat(), year=_ID_MIN_YEAR)))

    expected = resident_id_check_char(s[:17])
    if s[17] != expected:
        msg = _("Check digit should be {expected}, not {actual}; please compare with the card")
        issues.append(Issue.error("resident_id_check", msg.format(expected=expected, actual=s[17])))

    ok = not any(i.severity == "error" for i in issues)
    return Checked(s if ok else None, s, tuple(issues))


def id_birth_date(id18: str) -> date:
    """Birth date encoded in an 18-character resident ID (raises ValueError if it is not a date)."""
    born = _parse_ymd(id18[6:14]) if len(id18) == 18 else None
    if born is None:
        raise ValueError("not an 18-character resident ID with a valid birth date")
    return born


def id_sex(id18: str) -> Sex:
    """Sex encoded in the 17th character of a resident ID: odd is male, even is female."""
    if len(id18) != 18 or not id18[16].isdigit():
        raise ValueError("not an 18-character resident ID")
    return Sex.MALE if int(id18[16]) % 2 else Sex.FEMALE


def age_on(birth: date, day: date) -> int:
    """Age in completed years on ``day`` (someone born on 29 February ages on 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


# ---------------------------------------------------------------------------------------------
# Unified social credit code (统一社会信用代码)


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    if len(first17) != 17 or any(c not in CREDIT_ALPHABET for c in first17):
        raise ValueError("need 17 characters of the credit-code alphabet")
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(text: str) -> Checked[str]:
    """Validate a unified social credit code; a checksum mismatch is only a warning."""
    s = _clean(text)
    if not s:
        return Checked.failed(s, Issue.error("credit_code_empty", _("Enter the unified social credit code")))
    if len(s) != 18:
        msg = _("A unified social credit code has 18 characters; this one has {count}")
        return Checked.failed(s, Issue.error("credit_code_length", msg.format(count=len(s))))
    bad = "".join(c for c in s if c not in CREDIT_ALPHABET)
    if bad == s[17]:
        msg = _(
            "The last character {actual} is never used in credit codes; by the checksum it should be {expected}"
        )
        issue = Issue.error(
            "credit_code_chars", msg.format(actual=bad, expected=credit_code_check_char(s[:17]))
        )
        return Checked.failed(s, issue)
    if bad:
        msg = _(
            "A unified social credit code uses digits and capital letters except I, O, S, V and Z; found {chars}"
        )
        return Checked.failed(s, Issue.error("credit_code_chars", msg.format(chars=_listing(bad))))
    if not s[2:8].isdigit():
        msg = _("Characters 3 to 8 of a credit code are the area code and must be digits; found {part}")
        return Checked.failed(s, Issue.error("credit_code_area", msg.format(part=s[2:8])))
    expected = credit_code_check_char(s[:17])
    if s[17] != expected:
        msg = _(
            "The last character should be {expected} by the checksum, not {actual}; "
            "compare with the business licence and confirm if it is printed this way"
        )
        issue = Issue.warning("credit_code_checksum", msg.format(expected=expected, actual=s[17]))
        return Checked(s, s, (issue,))
    return Checked(s, s, ())


# ---------------------------------------------------------------------------------------------
# Any document type

# (min length, max length) of other documents, letters and digits only.
_DOC_LENGTHS: dict[IdType, tuple[int, int]] = {
    IdType.PASSPORT: (5, 20),
    IdType.HK_MACAO_PERMIT: (8, 12),
    IdType.TAIWAN_PERMIT: (8, 12),
    IdType.FOREIGN_PR: (15, 18),
}
_OTHER_MAX = 40


def check_id_document(id_type: IdType, text: str) -> Checked[str]:
    """Validate a document number for its type: resident IDs strictly, others by length and charset."""
    if id_type == IdType.RESIDENT_ID:
        return check_resident_id(text)
    if id_type == IdType.NONE:
        s = _clean(text)
        if s:
            msg = _("A number was entered although the document type is 'No document shown'")
            return Checked(None, s, (Issue.warning("id_number_unexpected", msg),))
        return Checked(None, "", ())
    if id_type == IdType.OTHER:
        s = " ".join(unicodedata.normalize("NFKC", text or "").split())
        if not s:
            return Checked.failed(s, _empty_doc_issue())
        if len(s) > _OTHER_MAX:
            msg = _("A document number has at most {max} characters; this one has {count}")
            return Checked.failed(s, Issue.error("id_length", msg.format(max=_OTHER_MAX, count=len(s))))
        return Checked(s, s, ())

    s = _clean(text)
    if not s:
        return Checked.failed(s, _empty_doc_issue())
    bad = "".join(c for c in s if not (c.isascii() and c.isalnum()))
    if bad:
        msg = _("A {document} number contains only letters and digits; found {chars}")
        issue = Issue.error("id_chars", msg.format(document=id_type.label(), chars=_listing(bad)))
        return Checked.failed(s, issue)
    low, high = _DOC_LENGTHS.get(id_type, (1, _OTHER_MAX))
    if not low <= len(s) <= high:
        msg = _("A {document} number has {min} to {max} characters; this one has {count}")
        issue = Issue.error(
            "id_length", msg.format(document=id_type.label(), min=low, max=high, count=len(s))
        )
        return Checked.failed(s, issue)
    return Checked(s, s, ())


def _empty_doc_issue() -> Issue:
    return Issue.error("id_empty", _("Enter the document number, or choose 'No document shown'"))
