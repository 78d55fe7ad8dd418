"""The audit chain's head within one transaction: appended entries chain to the one before without
reading the head again, and never to an entry a savepoint rolled back (storage/audit.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.storage.audit import append_audit, audit_head, verify_chain


@contextmanager
def head_reads(services: Services) -> Iterator[list[str]]:
    """The statements that read the chain's head, while the block runs."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM audit_event ORDER BY audit_event.seq DESC" in " ".join(statement.split()):
            seen.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(services.db.engine, "before_cursor_execute", note)


def _append(s: Any, action: str) -> Any:
    return append_audit(s, user_id=None, username="admin", action=action, object_type="test")


def test_entries_of_one_transaction_chain_without_reading_the_head_again(services: Services, admin: Actor) -> None:
    with services.db.read() as s:
        before, _hash = audit_head(s)
    with head_reads(services) as reads, services.db.write() as s:
        entries = [_append(s, f"test.{i}") for i in range(5)]
    assert [e.seq for e in entries] == list(range(before + 1, before + 6))
    assert len(reads) == 1  # the first entry's
    with head_reads(services) as reads, services.db.write() as s:
        after = _append(s, "test.next")  # a new transaction reads the head again
    assert after.seq == before + 6 and len(reads) == 1
    with services.db.read() as s:
        ok, bad, count = verify_chain(s)
    assert ok and bad is None and count == before + 6


def test_an_entry_a_savepoint_rolled_back_is_never_chained_to(services: Services, admin: Actor) -> None:
    with services.db.write() as s:
        kept = _append(s, "test.kept")
        savepoint = s.begin_nested()
        _append(s, "test.rolled-back")
        _append(s, "test.rolled-back-too")
        savepoint.rollback()
        following = _append(s, "test.following")
        inner = s.begin_nested()
        in_savepoint = _append(s, "test.in-a-kept-savepoint")
        inner.commit()
        last = _append(s, "test.last")
    assert following.seq == kept.seq + 1 and following.prev_hash == kept.hash
    assert in_savepoint.seq == kept.seq + 2 and last.seq == kept.seq + 3 and last.prev_hash == in_savepoint.hash
    with services.db.read() as s:
        ok, bad, _count = verify_chain(s)
        head, head_hash = audit_head(s)
    assert ok and bad is None and (head, head_hash) == (last.seq, last.hash)


def test_entries_that_left_the_session_or_a_failed_transaction_are_read_again(services: Services,
                                                                             admin: Actor) -> None:
    with services.db.write() as s:
        first = _append(s, "test.first")
        s.expunge_all()  # a bulk import lets its written rows go
        second = _append(s, "test.second")
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    try:
        with services.db.write() as s:
            _append(s, "test.failed")
            raise RuntimeError("the save failed")
    except RuntimeError:
        pass
    with services.db.write() as s:
        third = _append(s, "test.third")
    assert third.seq == second.seq + 1 and third.prev_hash == second.hash
    with services.db.read() as s:
        assert verify_chain(s)[0]
