"""Reading the structure mediators type into free-text records."""

from __future__ import annotations

import re

_Q = re.compile(r"^\s*(?:问|問|Q)\s*[:：]\s*(.*)$", re.IGNORECASE)
_A = re.compile(r"^\s*(?:答|A)\s*[:：]\s*(.*)$", re.IGNORECASE)


def parse_qa(text: str) -> tuple[tuple[str, str], ...]:
    """Question-and-answer pairs from an investigation record typed as "问：… / 答：…" lines.

    Lines that start neither way continue the previous question or answer. Returns () when the text
    has no question lines, so the caller can print it as a plain summary instead.
    """
    pairs: list[list[str]] = []
    current: str | None = None
    for line in (text or "").splitlines():
        q, a = _Q.match(line), _A.match(line)
        if q:
            pairs.append([q.group(1).strip(), ""])
            current = "q"
        elif a and pairs:
            pairs[-1][1] = (pairs[-1][1] + "\n" + a.group(1).strip()).strip()
            current = "a"
        elif line.strip() and pairs and current:
            index = 0 if current == "q" else 1
            pairs[-1][index] = (pairs[-1][index] + "\n" + line.strip()).strip()
        elif line.strip() and not pairs:
            return ()  # free text before any question: not a Q&A record
    return tuple((q, a) for q, a in pairs)
