"""Where generated rows go before a chunk is written: one list per table, time-ordered ids."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from typing import Any

UTC = dt.UTC
_UNKNOWN = uuid.SafeUUID.unknown


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of a local working day, stored in UTC: 01:00–09:00 UTC is 09:00–17:00 in China,
    and the same calendar day in UTC and in China."""
    return dt.datetime.combine(day, dt.time(min(hour, 9), minute), UTC)


class Sink:
    """Rows of one chunk, by table, and the full-text rows of its cases."""

    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.fts: list[tuple[int, dt.date, set[str], list[str]]] = []  # search index rows
        self._ms = int(now.timestamp() * 1000) & (2**48 - 1)
        self._counter = rng.getrandbits(40) << 20

    def new_id(self) -> uuid.UUID:
        """Time-ordered (UUIDv7 layout: millisecond prefix, then a counter) so a million generated
        rows append to their indexes instead of scattering across them; still unique everywhere."""
        self._counter += 1
        c = self._counter
        value = (self._ms << 80) | (0x7 << 76) | ((c >> 62) & 0xFFF) << 64 | (0b10 << 62) | (c & (2**62 - 1))
        made = object.__new__(uuid.UUID)  # uuid.UUID(int=value) without its argument checks: ~5x faster
        object.__setattr__(made, "int", value)
        object.__setattr__(made, "is_safe", _UNKNOWN)
        return made

    def add(self, table: str, **values: Any) -> dict[str, Any]:
        values.setdefault("id", self.new_id())
        self.rows[table].append(values)
        return values

    def size(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def take(self) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[int, dt.date, set[str], list[str]]]]:
        """The rows gathered so far; the sink starts empty again."""
        rows, fts = self.rows, self.fts
        self.rows, self.fts = defaultdict(list), []
        return rows, fts
