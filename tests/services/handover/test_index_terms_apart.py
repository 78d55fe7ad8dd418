"""A large first hand-over makes its cases' search terms in the second process while it merges, and
the index step after the commit writes them instead of reading the cases back and making them
again; they are used only where they are exactly the terms of the records as they are here: a case
whose party this site kept in its own version, a case changed between the import and the index
step, and a tuned index all get terms made from the records."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from mediation_app.services.handover import importer
from mediation_app.services.read_models import CaseFilter
from mediation_app.storage import search, search_tune
from mediation_app.storage.models import CaseRecord, SearchPendingRecord
from tests.factories import BUYER, STALLHOLDER, make_case, market_case_input
from tests.services.handover.conftest import Sites
from tests.services.handover.test_fingerprints import _index

CASES = 24


@pytest.fixture
def terms_made(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every import uses the second process; the ids of the cases whose terms the index step made
    from their records are listed."""
    monkeypatch.setattr(importer, "FINGERPRINTS_APART_FROM", 1)
    made: list[object] = []
    real = search.case_terms

    def counted(case: Any, parties: Any, tune: Any = search.UNTUNED) -> set[str]:
        made.append(getattr(case, "id", None))
        return real(case, parties, tune)

    monkeypatch.setattr(search, "case_terms", counted)
    return made


def _marks(s: Sites) -> dict[uuid.UUID, str | None]:
    with s.centre.db.read() as session:
        return {r.case_id: r.terms for r in session.scalars(select(SearchPendingRecord))}


def _rebuilt(s: Sites) -> Any:
    """The index as the records here give it (every case's rows made again from them)."""
    with s.centre.db.write() as session:
        search.reindex_ids(session.connection(), list(session.scalars(select(CaseRecord.id))))
    return _index(s)


def _found(s: Sites, text: str) -> set[uuid.UUID]:
    return {r.id for r in s.centre.cases.list_cases(s.room_actor_at_centre(), CaseFilter(text=text), limit=500).rows}


def test_the_terms_made_apart_are_the_index_the_records_give(any_sites: Sites, terms_made: list[object]) -> None:
    s = any_sites
    s.room.demo.generate(s.room_admin, cases=CASES, seed=11)
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("first.mdh"), index=False)
    assert len(report.new) == CASES and not report.conflicts
    marks = _marks(s)
    assert len(marks) == CASES and all(marks.values())  # every case came with its terms
    terms_made.clear()
    assert s.centre.handover.finish_indexing() == CASES
    assert terms_made == []  # none was read back and made again
    written = _index(s)
    assert len(written[1]) == CASES and written == _rebuilt(s)
    case = s.centre.cases.list_cases(s.room_actor_at_centre(), limit=1).rows[0]
    assert case.id in _found(s, case.title[:3])


def test_a_case_changed_before_the_index_step_is_indexed_as_it_is_now(sites: Sites, terms_made: list[object]) -> None:
    s = sites
    ids = [make_case(s.room, s.room_admin, assigned=False) for _ in range(3)]
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("first.mdh"), index=False)
    assert all(_marks(s).values())
    terms_made.clear()
    s.centre.intake.set_title(s.room_actor_at_centre(), ids[0], "冷库租赁纠纷")  # indexed by the change itself
    assert s.centre.handover.finish_indexing() == 3
    assert ids[0] in terms_made and not set(ids[1:]) & set(terms_made)  # made again from what it is now
    assert _found(s, "冷库租赁") == {ids[0]}
    assert _index(s) == _rebuilt(s)


def test_a_case_whose_party_stays_as_this_site_has_it_gets_terms_from_its_records(
        sites: Sites, terms_made: list[object]) -> None:
    s = sites
    first = make_case(s.room, s.room_admin, assigned=False)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("first.mdh"))
    buyer = next(p for p in s.room.cases.detail(s.room_admin, first).parties if p.name == BUYER.name)
    # the buyer's name changed at both ends: a conflict, and this site's version stays
    s.centre.parties.update_party(s.room_actor_at_centre(), first, buyer.link_id, replace(BUYER, name="马福山"))
    s.room.parties.update_party(s.room_admin, first, buyer.link_id, replace(BUYER, name="马福川"))
    # and a new case at the room with that party
    second = make_case(s.room, s.room_admin, assigned=False, data=market_case_input(parties=(
        replace(BUYER, name="马福川", existing_party_id=buyer.party_id),
        replace(STALLHOLDER, name="韩永福", phone="13997001122", id_number="", stall_number="C-021"))))
    terms_made.clear()
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("second.mdh"), index=False)
    assert [c.number for c in report.new] == [s.room.cases.detail(s.room_admin, second).number]
    assert report.conflicts
    marks = _marks(s)
    assert second in marks and marks[second] is None  # its terms would name the party as the room has it
    terms_made.clear()
    s.centre.handover.finish_indexing()
    assert second in terms_made
    assert second in _found(s, "mfs")  # the party's name here (马福山), by its pinyin initials
    assert second not in _found(s, "mfc")  # not the room's (马福川)
    assert _index(s) == _rebuilt(s)


def test_a_tuned_index_makes_the_terms_of_imported_cases_itself(sites: Sites, terms_made: list[object],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    s = sites
    monkeypatch.setattr(search_tune, "COMMON_MIN", 3)  # a pair in three cases is common
    monkeypatch.setattr(search_tune, "DENSE_SHARE", 0.5)
    for _ in range(3):
        make_case(s.centre, s.centre_admin, assigned=False)
    s.centre.maintenance.tune_search(s.centre_admin)
    ids = [make_case(s.room, s.room_admin, assigned=False) for _ in range(3)]
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("first.mdh"), index=False)
    assert all(_marks(s).values())
    terms_made.clear()
    assert s.centre.handover.finish_indexing() == 3
    assert set(ids) <= set(terms_made)  # with the runs of three the tuned index keeps
    assert _index(s) == _rebuilt(s)
