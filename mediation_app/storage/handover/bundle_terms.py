"""The search terms of a case as a bundle carries it, made by the second process of a large import.

A case never seen here is written exactly as it came, so its terms can be made from the bundle's
rows while the merge writes them, on the machine's other core, instead of being read back and made
after the commit (two fifths of a first hand-over's index step). They are the same function of the
same values as the index step's (domain/search_terms.py ``record_terms``): the case's fields and
the parties its links name. The merge keeps them only for a case whose parties were all written as
they came too; the index step uses them only while the case has no index rows yet and the index is
not tuned (storage/search_pending.py), and makes the terms itself otherwise.

Like fingerprint.py, this module imports no database code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from mediation_app.domain.search_terms import pack_terms, record_terms

CASE, PARTY, LINK = "mediation_case", "party", "case_party"
TABLES = (CASE, PARTY, LINK)


def packed_terms(rows: dict[str, list[list[Any]]], columns: Mapping[str, Sequence[str]]) -> str | None:
    """The packed terms of the case in ``rows`` (a bundle line's records by table), or None when the
    line does not hold one case record or lacks a party its links name. ``columns``: the travelling columns of the three tables."""
    cases = rows.get(CASE) or []
    if len(cases) != 1:
        return None
    case = SimpleNamespace(**dict(zip(columns[CASE], cases[0], strict=True)))
    link_party = list(columns[LINK]).index("party_id")
    linked = {link[link_party] for link in rows.get(LINK) or []}
    parties = [SimpleNamespace(**dict(zip(columns[PARTY], p, strict=True)))
               for p in rows.get(PARTY) or [] if p[0] in linked]
    if len({p.id for p in parties}) != len(linked):  # a linked party the line lacks: made after the commit
        return None
    return pack_terms(record_terms(case, parties))
