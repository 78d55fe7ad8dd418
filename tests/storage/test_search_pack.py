"""How a case's term list is kept in case_search: packed, and still read when packed the earlier way."""

from __future__ import annotations

import base64
import zlib

from mediation_app.domain.search_terms import PACKED, pack_terms, text_terms, unpack_terms


def test_packed_terms_read_back_whatever_way_they_were_kept() -> None:
    terms = text_terms("王福海 购进苹果 13800138000")
    packed = pack_terms(terms)
    assert packed.startswith(PACKED) and " " not in packed
    assert sorted(unpack_terms(packed)) == sorted(terms)
    # written before (base 85 after the mark), and before packing (plain)
    older = PACKED + base64.b85encode(zlib.compress(" ".join(sorted(terms)).encode(), 9)).decode("ascii")
    assert sorted(unpack_terms(older)) == sorted(terms)
    assert sorted(unpack_terms(" ".join(terms))) == sorted(terms)
