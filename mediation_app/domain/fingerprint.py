"""Content fingerprint of an agreement and the short verification code printed on it.

The code lets anybody holding a printed copy check it against the record: the printed text
carries the case number and a short code derived from a SHA-256 hash of the agreement's
canonical content (parties, facts, terms, obligations, performance, originals). Signatures,
seals and print dates are not part of the content, so executing the agreement does not change
the code; any change to what was agreed does.

Pure functions: no I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

CODE_LENGTH = 12  # characters of Crockford base32 = 60 bits
QR_PREFIX = "MDAGR1"  # marks our QR payload and its version
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [_normalise(v) for v in value]
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def canonical_bytes(content: Mapping[str, Any]) -> bytes:
    """Canonical UTF-8 JSON: NFC text, collapsed inner whitespace, sorted keys, no floats."""
    return json.dumps(_normalise(content), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(content: Mapping[str, Any]) -> str:
    """Hex SHA-256 of the canonical content."""
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def short_code(hex_digest: str, length: int = CODE_LENGTH) -> str:
    """First ``length`` Crockford base32 characters of a hex digest."""
    bits = bin(int(hex_digest, 16))[2:].zfill(len(hex_digest) * 4)
    return "".join(_ALPHABET[int(bits[i : i + 5], 2)] for i in range(0, length * 5, 5))


def verification_code(content: Mapping[str, Any]) -> str:
    return short_code(content_hash(content))


def draft_code(code: str) -> str:
    """The code printed on a draft (草稿) of an agreement whose content code is ``code``: derived
    from it (so a draft can be recognised as one) but never equal to it, so a draft never verifies."""
    return short_code(hashlib.sha256(("draft|" + normalise_code(code)).encode("ascii")).hexdigest())


def format_code(code: str) -> str:
    """Group a code for printing: ``ABCD-EFGH-JKMN``."""
    code = normalise_code(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str:
    """Upper-case, drop separators, map look-alike letters (I/L→1, O→0, U→V)."""
    return re.sub(r"[^0-9A-Z]", "", text.upper()).translate(_CONFUSABLE)


def qr_text(case_number: str, agreement_number: str, code: str) -> str:
    """The text carried by the QR code on each page of an agreement."""
    return f"{QR_PREFIX}|{case_number}|{agreement_number}|{normalise_code(code)}"


def parse_presented(text: str) -> tuple[str | None, str]:
    """Read what a user presents: QR text (returns its case number) or a typed code."""
    text = text.strip()
    if text.startswith(QR_PREFIX + "|"):
        parts = text.split("|")
        if len(parts) >= 4:
            return parts[1], normalise_code(parts[-1])
    return None, normalise_code(text)


def codes_match(expected: str, presented: str) -> bool:
    """True when the presented code, QR text or full hex hash matches the expected code."""
    _, got = parse_presented(presented)
    if len(got) == 64 and re.fullmatch(r"[0-9A-F]{64}", got):  # a full hex hash was given
        got = short_code(got.lower())
    want = normalise_code(expected)
    return bool(want) and got == want


def part_hashes(content: Mapping[str, Any]) -> dict[str, str]:
    """One hash per top-level part (parties, facts, terms, obligations …), so that a later mismatch of
    the whole can name what changed."""
    return {str(k): hashlib.sha256(canonical_bytes({k: v})).hexdigest()[:16] for k, v in content.items()}


def changed_parts(content: Mapping[str, Any], recorded: Mapping[str, str]) -> list[str]:
    """The parts whose hash differs from ``recorded`` (sorted); parts added or dropped count as changed."""
    now = part_hashes(content)
    return sorted(k for k in set(now) | set(recorded) if now.get(k) != recorded.get(k))


def obligation_content(*, obligor: str, obligee: str, amount_fen: int | None, due_on: dt.date | None, place: str,
                       method: str, description: str, period: str | None, until: dt.date | None) -> dict[str, Any]:
    """One obligation as an agreement's verification code covers it. The one builder of this part:
    the agreement service (from its records, when the agreement takes effect) and the documents
    (from the read models, at every print) must give the same mapping, or a signed agreement
    reads as changed and is refused."""
    return {"obligor": obligor, "obligee": obligee, "amount_fen": amount_fen, "due_on": due_on, "place": place,
            "method": method, "description": description,
            **({"period": period, "until": until} if period else {})}
