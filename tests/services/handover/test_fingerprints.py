"""A first hand-over keeps the fingerprint of every record it brings (the versions both sites now
share), whether a second process made them (large hand-overs), that process failed, or the merge
made them itself; the next bundle then tells a case changed at the room from a conflict."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from mediation_app.domain.search_terms import unpack_terms
from mediation_app.services.handover import importer, merge
from mediation_app.services.handover.bundle_file import BundleReader
from mediation_app.services.read_models import CaseFilter
from mediation_app.storage.handover import fingerprint
from mediation_app.storage.handover import rows as R
from mediation_app.storage.handover import state as S
from mediation_app.storage.models import CaseRecord, CaseSearchRecord, CaseTermRecord
from mediation_app.storage.search import reindex_ids
from tests.services.handover.conftest import Sites

CASES = 30
PASSPHRASE = "集散中心交接2026"


def _stored_and_expected(s: Sites) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]], dict[str, str]]:
    """What the centre keeps per case, and the fingerprints of its records as they are there now
    (nothing was changed since the import); parties apart, each under the first case that has it."""
    peer = s.room.handover.site().site_id
    with s.centre.db.read() as session:
        ids = list(session.scalars(select(CaseRecord.id).where(CaseRecord.committee_id == s.room_admin.committee_id)))
        stored = {k.hex: v for k, v in S.bases(session, peer, ids).items()}
        records = R.case_rows(session, ids)
        party_ids = {p[0] for rows in records.values() for p in rows.get("party", [])}
        parties = R.rows_by_id(session, "party", [uuid.UUID(p) for p in party_ids])
    expected = {case: {R.row_key(name, values): R.row_hash(values) for name, there in rows.items() if name != "party"
                       for values in there} for case, rows in records.items()}
    return stored, expected, {k.hex: R.row_hash(v) for k, v in parties.items()}


@pytest.mark.parametrize("mode", ["apart", "apart_failed", "here"])
def test_a_first_hand_over_keeps_every_records_fingerprint(sites: Sites, monkeypatch: pytest.MonkeyPatch,
                                                           mode: str) -> None:
    s = sites
    monkeypatch.setattr(merge, "BATCH", 8)  # 30 cases: three full batches and one of 6
    answers: list[bool] = []  # per line of the bundle's cases: were its fingerprints made apart?
    if mode != "here":
        monkeypatch.setattr(importer, "FINGERPRINTS_APART_FROM", 1)
        real = fingerprint.Fingerprinter.lines

        def spy(self: fingerprint.Fingerprinter, *args: Any) -> Iterator[tuple[Any, str | None, str | None]]:
            for line, text, terms in real(self, *args):
                answers.append(text is not None)
                yield line, text, terms

        monkeypatch.setattr(fingerprint.Fingerprinter, "lines", spy)
    if mode == "apart_failed":  # the second process finds no bundle, and stops without a word
        monkeypatch.setattr(BundleReader, "plain_path", property(lambda self: self.path.with_name("gone.zip")))
    s.room.demo.generate(s.room_admin, cases=CASES, seed=5)
    bundle = s.hand_over("first.mdh", passphrase=PASSPHRASE)  # sealed: the second process reads the unsealed copy
    report = s.centre.handover.import_bundle(s.centre_admin, bundle, passphrase=PASSPHRASE)
    assert len(report.new) == CASES and not report.conflicts and not report.rejected
    assert answers == {"apart": [True] * CASES, "apart_failed": [False] * CASES, "here": []}[mode]
    stored, expected, parties = _stored_and_expected(s)
    assert len(stored) == CASES and stored.keys() == expected.keys()
    for case, hashes in stored.items():
        own = {k: v for k, v in hashes.items() if k not in parties}
        assert own == expected[case]  # every record of the case, with its fingerprint
    kept_parties = {k: v for hashes in stored.values() for k, v in hashes.items() if k in parties}
    assert kept_parties == parties
    # the fingerprints serve the next hand-over: a title changed at the room is an update, not a conflict
    case = s.room.cases.list_cases(s.room_admin, limit=1).rows[0]
    s.room.intake.set_title(s.room_admin, case.id, "冻货短斤少两纠纷")
    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("second.mdh"))
    assert [c.number for c in again.updated] == [case.number] and not again.conflicts
    assert s.centre.cases.detail(s.room_actor_at_centre(), case.id).title == "冻货短斤少两纠纷"


def test_the_merge_reads_on_where_the_second_process_stopped(sites: Sites, monkeypatch: pytest.MonkeyPatch) -> None:
    s = sites
    s.room.demo.generate(s.room_admin, cases=CASES, seed=5)
    bundle = s.hand_over("first.mdh")
    with BundleReader(bundle) as reader:
        own = list(reader.lines("cases.jsonl"))
        parts = reader.manifest["parts"]
    real = fingerprint.Fingerprinter._next
    calls = iter(range(10))

    def stops_after_ten_lines(self: fingerprint.Fingerprinter) -> Any:  # a first message cut short, then nothing
        got = real(self)
        return got[:10] if next(calls) == 0 else None

    monkeypatch.setattr(fingerprint.Fingerprinter, "_next", stops_after_ten_lines)
    with fingerprint.Fingerprinter(str(bundle), R.CASE_TABLES, parts=parts) as prints:
        got = list(prints.lines(lambda: iter(own)))
        assert prints.checked() is False  # it could not tell: the parts are checked here
    assert [line for line, _, _ in got] == own  # every line once, in order
    texts = [text for _, text, _ in got]
    assert all(isinstance(t, str) for t in texts[:10]) and texts[10:] == [None] * (CASES - 10)
    assert texts[:10] == [fingerprint.case_hashes_text(line["rows"], R.CASE_TABLES, {}) for line in own[:10]]


@pytest.mark.parametrize("part", ["cases.jsonl", "reference.jsonl"])
def test_a_part_found_changed_apart_is_refused_when_the_lines_end(sites: Sites, part: str) -> None:
    s = sites
    s.room.demo.generate(s.room_admin, cases=3, seed=5)
    bundle = s.hand_over("first.mdh")
    with BundleReader(bundle) as reader:
        parts = {**reader.manifest["parts"]}
    parts[part] = {**parts[part], "sha256": "0" * 64}
    with fingerprint.Fingerprinter(str(bundle), R.CASE_TABLES, parts=parts) as prints:
        lines = prints.lines(lambda: iter([]))
        assert len([next(lines) for _ in range(3)]) == 3
        with pytest.raises(fingerprint.PartRefused) as info:
            next(lines)
        assert prints.checked() == (part, "changed")
    assert (info.value.part, info.value.kind) == (part, "changed")


def test_the_second_process_that_cannot_read_the_bundle_leaves_the_check_here() -> None:
    with fingerprint.Fingerprinter("/nonexistent/bundle.zip", R.CASE_TABLES, parts={}) as prints:
        got = list(prints.lines(lambda: iter([{"case": "a"}])))
        assert prints.checked() is False
    assert got == [({"case": "a"}, None, None)]


def _index(s: Sites) -> tuple[list[tuple[str, int, int]], dict[int, list[str]]]:
    with s.centre.db.read() as session:
        terms = sorted(tuple(r) for r in session.execute(
            select(CaseTermRecord.term, CaseTermRecord.reg_day, CaseTermRecord.search_id)))
        lists = {r.search_id: sorted(unpack_terms(r.terms)) for r in session.scalars(select(CaseSearchRecord))}
    return terms, lists


def test_the_index_of_a_first_hand_over_is_the_index_its_records_have_here(any_sites: Sites,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A large first hand-over writes its cases' index rows in sorted runs after the commit; they are
    exactly the rows the cases' records give when the index is made again from them."""
    s = any_sites
    monkeypatch.setattr(importer, "FINGERPRINTS_APART_FROM", 1)
    s.room.demo.generate(s.room_admin, cases=CASES, seed=7)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("first.mdh"))
    assert s.centre.handover.still_indexing() == 0
    written = _index(s)
    assert len(written[1]) == CASES and len(written[0]) > CASES * 20
    with s.centre.db.write() as session:  # the index made again from the records as they are here
        ids = list(session.scalars(select(CaseRecord.id)))
        reindex_ids(session.connection(), ids)
    assert _index(s) == written
    # found through the search the client uses, by the title's first three characters
    actor = s.room_actor_at_centre()
    case = s.centre.cases.list_cases(actor, limit=1).rows[0]
    found = s.centre.cases.list_cases(actor, CaseFilter(text=case.title[:3]), limit=500).rows
    assert case.id in {r.id for r in found}
