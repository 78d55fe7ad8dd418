"""Cleaning of every text a user types or pastes, before it is stored.

What cannot be seen must not be stored: control characters (NUL, ESC, the other C0 and C1 codes)
and bidirectional overrides are refused with a message naming the character; zero-width characters
(pasted from web pages and word processors) and a byte-order mark are removed; a tab becomes a
space. Line breaks are kept in multi-line fields (facts, terms, records) and refused in one-line
fields (names, addresses, numbers), where they would break the printed forms and the
tab-separated lines of the command line. Absurd lengths are refused with the limit.

``clean_text`` cleans one value; ``clean_fields`` cleans every text field of an input dataclass
(nested inputs and tuples of texts included), deciding each field's kind from its name.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from typing import Any

from mediation_app.i18n import _

NAME_LIMIT = 100
LINE_LIMIT = 300
TEXT_LIMIT = 20_000

# Removed silently: they draw nothing and carry no meaning in the app's languages.
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Refused: they reorder or hide text (a name could print reversed on a signed agreement).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Field names of the input dataclasses by kind; anything else is one line of up to LINE_LIMIT.
NAME_FIELDS = frozenset({
    "name", "legal_rep_name", "legal_rep_title", "agent_name", "signer_name", "visitor_name", "person_visited",
    "recorder_name", "interpreter_name", "display_name", "occupation", "compiler", "checker",
})
MULTILINE_FIELDS = frozenset({
    "facts", "requests", "issues", "responsibilities", "terms", "agreement_terms", "record_text", "summary",
    "findings", "note", "reason", "instructions", "feedback", "measures", "new_risk", "lawsuit", "tibetan_text",
    "explanatory_note", "statements", "evidence_checked", "risk_warning", "performance_method", "failure_reason",
    "description", "containment", "content", "text", "title_note",
})
# Never cleaned as text: codes, numbers and identifiers checked by their own validators.
SKIPPED_FIELDS = frozenset({"phone", "agent_phone", "id_number", "credit_code", "amount", "password"})


@dataclass(frozen=True)
class TextCheck:
    value: str
    error: str | None = None


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()


def clean_text(text: str, *, multiline: bool = False, limit: int = LINE_LIMIT) -> TextCheck:
    """The cleaned text, or the reason it is refused (one translated sentence)."""
    out: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for position, ch in enumerate(text, start=1):
        if ch in _ZERO_WIDTH:
            continue
        if ch == "\t":
            out.append(" ")
        elif ch == "\n":
            if not multiline:
                return TextCheck(text, _("Write this on one line: it contains a line break."))
            out.append(ch)
        elif ch in _BIDI:
            return TextCheck(text, _(
                "Remove the invisible direction mark ({char}) at character {position}; it can make text print "
                "in the wrong order.").format(char=_name(ch), position=position))
        elif unicodedata.category(ch) == "Cc":
            return TextCheck(text, _(
                "Remove the invisible control character ({char}) at character {position}; it would print as a "
                "blank box.").format(char=_name(ch), position=position))
        else:
            out.append(ch)
    value = "".join(out)
    if len(value) > limit:
        return TextCheck(value, _("This is {count} characters long; the limit is {limit}.").format(
            count=f"{len(value):,}", limit=f"{limit:,}"))
    return TextCheck(value)


def field_kind(name: str) -> tuple[bool, int] | None:
    """(multi-line, limit) of an input field by its name; None when it is not cleaned as text."""
    if name in SKIPPED_FIELDS:
        return None
    if name in MULTILINE_FIELDS:
        return True, TEXT_LIMIT
    if name in NAME_FIELDS:
        return False, NAME_LIMIT
    return False, LINE_LIMIT


def _clean_value(value: Any, key: str, multiline: bool, limit: int, errors: dict[str, str]) -> Any:
    if isinstance(value, str):
        checked = clean_text(value, multiline=multiline, limit=limit)
        if checked.error:
            errors.setdefault(key, checked.error)
        return checked.value
    if isinstance(value, tuple):
        return tuple(_clean_value(v, f"{key}.{i}", multiline, limit, errors) for i, v in enumerate(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _clean_dataclass(value, key + ".", errors)
    return value


def _clean_dataclass(data: Any, prefix: str, errors: dict[str, str]) -> Any:
    changes = {}
    for f in dataclasses.fields(data):
        if not f.init:
            continue
        value = getattr(data, f.name)
        kind = field_kind(f.name)
        if kind is None or value is None:
            continue
        cleaned = _clean_value(value, prefix + f.name, kind[0], kind[1], errors)
        if cleaned != value:
            changes[f.name] = cleaned
    return dataclasses.replace(data, **changes) if changes else data


def clean_fields(data: Any, prefix: str = "") -> tuple[Any, dict[str, str]]:
    """``data`` (a dataclass instance) with every text field cleaned, and the refusals by field
    (keys like ``parties.0.name``, ``terms.2``)."""
    errors: dict[str, str] = {}
    return _clean_dataclass(data, prefix, errors), errors


def clean_named(**texts: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The same for plain keyword arguments of a service method."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name, value in texts.items():
        kind = field_kind(name)
        out[name] = value if value is None or kind is None else _clean_value(value, name, kind[0], kind[1], errors)
    return out, errors
