"""Applying the rows of a bundle: a three-way comparison per record.

For each record the bundle carries the sender's version; this site has its own version and
remembers the version it last received from the sender (``known``); the bundle also says which of
this site's versions the sender last received (``base``). Then:

- same content here and there: unchanged;
- not here: new (unless this site deleted what the sender still has unchanged);
- the sender changed it from our current version (``base`` = ours): updated;
- the sender still has what we last received (``known`` = theirs): ours is newer, kept;
- otherwise both ends changed it: a conflict; ours stays, theirs is kept for a person to choose.

A record missing from the sender's full snapshot of a case was deleted there: deleted here too if
ours is the version the sender had, a conflict if ours changed since.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from mediation_app.i18n import _
from mediation_app.services.handover.read_models import CaseOutcome
from mediation_app.storage import stats_facts
from mediation_app.storage.handover import rows as R
from mediation_app.storage.handover import state as S
from mediation_app.storage.handover.fingerprint import case_hashes_text, with_known
from mediation_app.storage.models import HandoverConflictRecord

BATCH = 1000  # cases merged per round of queries and writes
FIRST_BATCH = 100  # the first round: under way while the second process makes the next lines
EXTRA = {"mediation_case": ("search_id",)}  # local columns given to new rows (after the travelling ones)
SECRET_DEFAULTS = {"password_hash": "!", "failed_logins": 0, "must_change_password": False, "active": False}


@dataclass
class Tally:
    new: list[CaseOutcome] = field(default_factory=list)
    updated: list[CaseOutcome] = field(default_factory=list)
    conflicts: list[CaseOutcome] = field(default_factory=list)
    rejected: list[CaseOutcome] = field(default_factory=list)
    unchanged: int = 0
    touched_cases: list[uuid.UUID] = field(default_factory=list)
    new_cases: list[uuid.UUID] = field(default_factory=list)
    # packed search terms made by the second process, of cases written with every record and party
    # exactly as they came (storage/search_pending.py keeps them for the index step)
    index_terms: dict[uuid.UUID, str] = field(default_factory=dict)


def _by_id(row: dict[str, Any]) -> Any:
    return row["id"]


@dataclass
class _Writes:
    inserts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    plain: dict[str, list[list[Any]]] = field(default_factory=dict)  # travelling values (+ EXTRA columns)
    updates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    deletes: dict[str, list[uuid.UUID]] = field(default_factory=dict)

    def flush(self, session: Any) -> None:
        for name in reversed(R.ALL_TABLES):
            if self.deletes.get(name):
                R.delete_by_id(session, name, self.deletes[name])
        for name in R.ALL_TABLES:  # in key order: each index page is filled once, not revisited per row
            R.insert(session, name, sorted(self.inserts.get(name, []), key=_by_id))
            if self.plain.get(name):
                key = itemgetter(0) if name not in R.SELF_REFERRING else R.insert_order(name)
                R.insert_values(session, name, sorted(self.plain[name], key=key), EXTRA.get(name, ()))
        for name in R.ALL_TABLES:
            R.update_by_id(session, name, self.updates.get(name, []))
        self.inserts.clear()
        self.plain.clear()
        self.updates.clear()
        self.deletes.clear()


class Merger:
    def __init__(self, session: Any, *, peer_id: uuid.UUID, bundle_seq: int, committee_id: uuid.UUID,
                 columns: dict[str, list[str]], apply: bool, now: dt.datetime, site_tag: str) -> None:
        self.s, self.peer_id, self.seq, self.committee_id = session, peer_id, bundle_seq, committee_id
        self.apply, self.now, self.site_tag = apply, now, site_tag
        self.tally = Tally()
        self.writes = _Writes()
        self.open = {c.row_id: c for c in S.open_conflicts(session) if c.peer_site_id == peer_id}
        for name, cols in columns.items():
            if name in R.CODECS and list(R.CODECS[name].columns) != list(cols):
                raise ValueError(name)
        self.seen_parties: set[str] = set()
        self.parties_not_as_sent: set[str] = set()  # kept here or in conflict: not the version the bundle has
        self._reference: tuple[list[list[Any]] | None, dict[str, str], dict[str, str], set[uuid.UUID]] = (
            None, {}, {}, set())

    # -- one record ---------------------------------------------------------------------------------
    def _record(self, name: str, incoming: list[Any], local: list[Any] | None, known: dict[str, str],
                base: dict[str, str], case_id: uuid.UUID | None) -> str:
        """Decide and queue the write for one record; returns new / updated / same / kept / conflict."""
        rid = incoming[0] if name not in R.KEYED_BY else R.row_key(name, incoming)
        if local is None:
            hi = R.row_hash(incoming)
            if known.get(rid) == hi:  # deleted here, unchanged there: the deletion stands
                return "kept"
            if name == "user_account":
                row = dict(zip(R.CODECS[name].columns, incoming, strict=True))
                row.update(SECRET_DEFAULTS)
                self.writes.inserts.setdefault(name, []).append(row)
            else:  # as it came: no mapping per row
                self.writes.plain.setdefault(name, []).append(incoming)
            known[rid] = hi
            return "new"
        if local == incoming:
            if self.apply:  # what they sent last (a dry run keeps no bookkeeping: no hash to make)
                known[rid] = R.row_hash(incoming)
                if self.open:
                    self._settle(rid, "superseded")
            return "same"
        hi = R.row_hash(incoming)
        hl = R.row_hash(local)
        # ours is the version both ends last agreed on, or the one they last sent us and we have not
        # touched since: theirs is simply newer
        if hl in (base.get(rid), known.get(rid)):
            self.writes.updates.setdefault(name, []).append(dict(zip(R.CODECS[name].columns, incoming, strict=True)))
            known[rid] = hi
            if self.open:
                self._settle(rid, "superseded")
            return "updated"
        if known.get(rid) == hi:
            return "kept"
        self._conflict(name, rid, case_id, "changed", hl, hi, incoming)
        return "conflict"

    def _gone(self, name: str, local: list[Any], known: dict[str, str], base: dict[str, str],
              case_id: uuid.UUID) -> str:
        """A record of this case that the sender's snapshot no longer has."""
        rid = R.row_key(name, local)
        had = known.get(rid) or base.get(rid)
        if had is None:
            return "kept"  # made here, not yet seen there
        hl = R.row_hash(local)
        if hl in (known.get(rid), base.get(rid)):
            self.writes.deletes.setdefault(name, []).append(uuid.UUID(local[0]))
            known.pop(rid, None)
            return "updated"
        self._conflict(name, rid, case_id, "deleted_there", hl, None, None)
        return "conflict"

    def _conflict(self, name: str, rid: str, case_id: uuid.UUID | None, kind: str, hl: str, hi: str | None,
                  incoming: list[Any] | None) -> None:
        if not self.apply:
            return
        body = json.dumps(dict(zip(R.CODECS[name].columns, incoming, strict=True)), ensure_ascii=False) \
            if incoming is not None else None
        old = self.open.get(uuid.UUID(rid))
        if old is not None:  # the same record again: keep their newest version
            old.incoming, old.incoming_hash, old.local_hash, old.kind = body, hi, hl, kind
            old.bundle_seq = self.seq
            return
        rec = HandoverConflictRecord(peer_site_id=self.peer_id, case_id=case_id, table_name=name,
                                     row_id=uuid.UUID(rid), kind=kind, local_hash=hl, incoming_hash=hi,
                                     incoming=body, bundle_seq=self.seq, found_at=self.now)
        self.s.add(rec)
        self.open[rec.row_id] = rec

    def _settle(self, rid: str, how: str) -> None:
        rec = self.open.pop(uuid.UUID(rid), None)
        if rec is not None and self.apply:
            rec.resolved_at, rec.resolved_by, rec.resolution = self.now, "-", how

    # -- reference rows (committee, roster, accounts, lists, merchants and market clocks) ------------
    def reference(self, lines: Iterable[dict[str, Any]]) -> list[list[Any]]:
        tables: dict[str, list[list[Any]]] = {}
        base: dict[str, str] = {}
        counters: list[list[Any]] = []
        for line in lines:
            if "table" in line:
                tables[line["table"]] = line["rows"]
            elif "base" in line:
                base = line["base"]
            elif "counters" in line:
                counters = line["counters"]
        known_all = S.bases(self.s, self.peer_id, [R.NIL])
        known = dict(known_all.get(R.NIL, {}))
        names = R.usernames(self.s)
        clocks = R.clock_keys(self.s) if tables.get("market_clock") else {}
        for name in R.ALL_TABLES:
            rows = tables.get(name, [])
            if not rows:
                continue
            if name in ("lookup_item", "dispute_subtype"):
                have = R.natural_keys(self.s, name)
                cols = R.CODECS[name].columns
                for r in rows:
                    v = dict(zip(cols, r, strict=True))
                    key = (v["kind"], v["code"]) if name == "lookup_item" else (v["code"],)
                    if key not in have and not R.rows_by_id(self.s, name, [uuid.UUID(r[0])]):
                        self.writes.inserts.setdefault(name, []).append(dict(zip(cols, r, strict=True)))
                        have.add(key)
                continue
            local = R.rows_by_id(self.s, name, [uuid.UUID(r[0]) for r in rows])
            for r in rows:
                mine = local.get(uuid.UUID(r[0]))
                if name == "user_account":
                    if mine is None:  # an account of the other site: listed by name, never able to sign in here
                        row = dict(zip(R.CODECS[name].columns, r, strict=True))
                        if row["username"] in names:
                            row["username"] = f"{row['username']}@{self.site_tag}"[:64]
                        names.add(row["username"])
                        row.update(SECRET_DEFAULTS)
                        self.writes.inserts.setdefault(name, []).append(row)
                    continue
                if name == "ladder_level" and mine is None:  # another site's level: kept as a removed one
                    row = dict(zip(R.CODECS[name].columns, r, strict=True))
                    row["active"] = False
                    self.writes.inserts.setdefault(name, []).append(row)
                    continue
                if name == "market_clock" and mine is None:
                    v = dict(zip(R.CODECS[name].columns, r, strict=True))
                    if clocks.get((v["committee_id"], v["subtype_code"]), r[0]) != r[0]:
                        continue  # this site set its own clock for that sub-type: it stays
                self._record(name, r, mine, known, base, None)
        self._reference = (tables.get(R.LINKS), known, base, set(known_all))
        if self.apply:
            self.writes.flush(self.s)
        return counters

    def links(self) -> None:
        """After the cases (their parties are here now): each party's link to its merchant, three-way
        like the other records (keyed by the party). A link changed at both ends keeps this site's."""
        listed, known, base, existing = self._reference
        rows = listed or []  # a bundle without the links line (made before they travelled) unlinks nothing
        codec = R.CODECS[R.LINKS]
        here = {r[0]: r for r in R.link_rows(self.s, self.committee_id)}
        parties = R.existing_ids(self.s, "party", [uuid.UUID(r[0]) for r in rows]) if rows else set()
        merchants = R.existing_ids(self.s, "merchant", {uuid.UUID(r[1]) for r in rows}) if rows else set()
        insert: list[dict[str, Any]] = []
        drop: list[uuid.UUID] = []
        seen: set[str] = set()
        for r in rows:
            pid = r[0]
            seen.add(pid)
            mine = here.get(pid)
            hi = R.row_hash(r)
            if pid not in parties or r[1] not in merchants or mine == r:
                if mine == r:
                    known[pid] = hi
                continue
            if mine is None:
                if known.get(pid) != hi:  # unless unlinked here while unchanged there
                    insert.append(dict(zip(codec.columns, r, strict=True)))
                    known[pid] = hi
            elif base.get(pid) == R.row_hash(mine):
                drop.append(uuid.UUID(pid))
                insert.append(dict(zip(codec.columns, r, strict=True)))
                known[pid] = hi
        for pid, mine in here.items():  # unlinked there
            if listed is not None and pid not in seen and R.row_hash(mine) in (known.get(pid), base.get(pid)):
                drop.append(uuid.UUID(pid))
                known.pop(pid, None)
        if self.apply:
            R.delete_links(self.s, drop)
            R.insert(self.s, R.LINKS, insert)
            S.save_bases(self.s, self.peer_id, {R.NIL: known}, existing)

    # -- cases ------------------------------------------------------------------------------------------
    def cases(self, lines: Iterable[tuple[dict[str, Any], str | None, str | None]],
              progress: Callable[[int, int], None] | None = None, total: int = 0) -> None:
        """Merge the bundle's cases: its lines, each with the fingerprints of its records as the text
        kept for a case never seen here and the case's packed search terms (made by the second
        process), or None (made here, and the terms by the index step)."""
        batch: list[dict[str, Any]] = []
        made: list[tuple[str | None, str | None]] = []
        done = 0
        for line, text, terms in lines:
            batch.append(line)
            made.append((text, terms))
            if len(batch) >= (BATCH if done else min(BATCH, FIRST_BATCH)):
                self._batch(batch, made)
                done += len(batch)
                batch, made = [], []
                if progress:
                    progress(done, max(total, done))
        if batch:
            self._batch(batch, made)
            if progress:
                progress(done + len(batch), max(total, done + len(batch)))

    def _batch(self, batch: list[dict[str, Any]], made: list[tuple[str | None, str | None]]) -> None:
        ids = [uuid.UUID(line["case"]) for line in batch]
        local = R.case_rows(self.s, ids)
        known_all = S.bases(self.s, self.peer_id, ids)
        party_ids = {p[0] for line in batch for p in line["rows"].get("party", [])}
        parties = {k.hex: v for k, v in R.rows_by_id(self.s, "party", [uuid.UUID(p) for p in party_ids]).items()}
        numbers = {line["rows"]["mediation_case"][0][R.CODECS["mediation_case"].columns.index("number")]: line["case"]
                   for line in batch if line["rows"].get("mediation_case")}
        taken = {n: i.hex for n, i in R.case_numbers(self.s, list(numbers)).items()}
        changed_bases: dict[uuid.UUID, S.Hashes] = {}
        as_sent: set[uuid.UUID] = set()  # cases never seen here: written exactly as the sender has them
        fresh: list[tuple[int, uuid.UUID, dict[str, str]]] = []
        touched_before = len(self.tally.touched_cases)
        for place, (line, case_id) in enumerate(zip(batch, ids, strict=True)):
            incoming: dict[str, list[list[Any]]] = line["rows"]
            case_rows = incoming.get("mediation_case") or []
            cols = R.CODECS["mediation_case"].columns
            if len(case_rows) != 1 or case_rows[0][0] != line["case"]:
                self.tally.rejected.append(CaseOutcome(number=line["case"], reason=_("the case record is missing")))
                continue
            case = dict(zip(cols, case_rows[0], strict=True))
            number = case["number"]
            if case["committee_id"] != self.committee_id.hex:
                self.tally.rejected.append(CaseOutcome(number=number, reason=_(
                    "the case belongs to another committee than the one this bundle hands over")))
                continue
            if taken.get(number, line["case"]) != line["case"]:
                self.tally.rejected.append(CaseOutcome(number=number, reason=_(
                    "another case here already has this number")))
                continue
            known = dict(known_all.get(case_id, {}))
            base: dict[str, str] = line.get("base") or {}
            mine = local.get(line["case"], {})
            outcomes: set[str] = set()
            seen_before = bool(mine or known)
            if not seen_before:  # a case never seen here: every record of it is new
                outcomes = self._new_case(incoming, known, parties, base, case_id)
                as_sent.add(case_id)
                fresh.append((place, case_id, known))
            present = incoming.keys() | mine.keys() if seen_before else set()
            for name in [n for n in R.CASE_TABLES if n in present]:  # tables with records at either end
                there = incoming.get(name, [])
                if not self.apply and name != "party" and there == mine.get(name, []):
                    if there:  # every record of the table as it is here (in the same order)
                        outcomes.add("same")
                    continue
                here = {r[0]: r for r in mine.get(name, [])}
                for values in there:
                    if name == "party":
                        if values[0] in self.seen_parties:
                            continue
                        self.seen_parties.add(values[0])
                        outcomes.add(self._party(values, parties.get(values[0]), known, base, case_id))
                    else:
                        outcomes.add(self._record(name, values, here.get(values[0]), known, base, case_id))
                if name != "party":
                    ids_there = {v[0] for v in there}
                    for rid, values in here.items():
                        if rid not in ids_there:
                            outcomes.add(self._gone(name, values, known, base, case_id))
            if known != known_all.get(case_id, {}):
                changed_bases[case_id] = known
            new_case = not mine.get("mediation_case")
            if new_case:
                self.tally.new.append(CaseOutcome(number=number))
                self.tally.new_cases.append(case_id)
            if "conflict" in outcomes:
                self.tally.conflicts.append(CaseOutcome(number=number))
            if not new_case and outcomes & {"new", "updated"}:
                self.tally.updated.append(CaseOutcome(number=number))
            if outcomes & {"new", "updated"}:
                self.tally.touched_cases.append(case_id)
            elif not new_case and "conflict" not in outcomes:
                self.tally.unchanged += 1
        if self.apply:  # a dry run keeps no bookkeeping: no fingerprint to make
            self._fingerprint_new_cases(batch, [text for text, _ in made], fresh, changed_bases)
            self._keep_terms(batch, [terms for _, terms in made], fresh)
            self._search_ids()
            touched = self.tally.touched_cases[touched_before:]  # this batch's cases only (earlier ones are counted)
            before = stats_facts.counts_before(self.s, [c for c in touched if c not in as_sent])  # new: count for nothing yet
            self.writes.flush(self.s)
            stats_facts.counts_after(self.s, touched, before, as_sent=as_sent)  # the statistics count them
            S.save_bases(self.s, self.peer_id, changed_bases, set(known_all))

    def _new_case(self, incoming: dict[str, list[list[Any]]], known: dict[str, str], parties: dict[str, list[Any]],
                  base: dict[str, str], case_id: uuid.UUID) -> set[str]:
        """What ``_record`` decides for each record of a case that has none here, without a call per
        record (a first hand-over brings thousands of such cases)."""
        plain = self.writes.plain
        outcomes = {"new"}
        for name in R.CASE_TABLES:
            there = incoming.get(name)
            if not there:
                continue
            if name == "party":  # a party may be on several cases, and here already
                for values in there:
                    if values[0] not in self.seen_parties:
                        self.seen_parties.add(values[0])
                        outcomes.add(self._party(values, parties.get(values[0]), known, base, case_id))
                continue
            plain.setdefault(name, []).extend(there)  # their fingerprints: _fingerprint_new_cases
        return outcomes

    def _party(self, values: list[Any], local: list[Any] | None, known: dict[str, str], base: dict[str, str],
               case_id: uuid.UUID) -> str:
        outcome = self._record("party", values, local, known, base, case_id)
        if outcome in ("kept", "conflict"):  # this site's version (or none) stays: not what the bundle has
            self.parties_not_as_sent.add(values[0])
        return outcome

    def _keep_terms(self, batch: list[dict[str, Any]], terms: list[str | None],
                    fresh: list[tuple[int, uuid.UUID, dict[str, str]]]) -> None:
        """The search terms the second process made for the cases never seen here, kept for those
        whose every party is here as the bundle has it (a party's terms are part of its cases')."""
        for i, case_id, _known in fresh:
            packed = terms[i]
            if packed is not None and not any(p[0] in self.parties_not_as_sent
                                              for p in batch[i]["rows"].get("party", [])):
                self.tally.index_terms[case_id] = packed

    @staticmethod
    def _fingerprint_new_cases(batch: list[dict[str, Any]], made: list[str | None],
                               fresh: list[tuple[int, uuid.UUID, dict[str, str]]],
                               changed_bases: dict[uuid.UUID, S.Hashes]) -> None:
        """The fingerprints of the records of the cases never seen here (``fresh``: their place in the
        batch, id and bookkeeping): as the second process made them, or made here."""
        for i, case_id, known in fresh:  # known: its parties first seen with it
            text = made[i]
            changed_bases[case_id] = (with_known(text, known) if text is not None
                                      else case_hashes_text(batch[i]["rows"], R.CASE_TABLES, known))

    def _search_ids(self) -> None:
        rows = self.writes.plain.get("mediation_case", [])
        self.writes.plain["mediation_case"] = [[*row, sid] for row, sid in
                                               zip(rows, R.next_search_ids(self.s, len(rows)), strict=True)]
