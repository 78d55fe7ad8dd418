"""size: drop an index no query uses and indexes that repeat the leading column of another index

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-02

- ``evidence.sha256``: an attachment is found by its record, never by its content hash (the file
  store is addressed by the hash, the database is not searched by it); about 440 bytes a demo case
  on SQLite, the largest single index after the search index and the case records';
- ``agreement.case_id``: ix_agreement_case_terms (case_id, …);
- ``obligation.agreement_id``: ix_obligation_agreement_due (agreement_id, …);
- ``follow_up.case_id``: ix_follow_up_case_at (case_id, at);
- ``performance_event.case_id``: ix_performance_event_case_kind (case_id, kind);
- ``risk_warning.case_id``: the unique (case_id, rule, evidence_key).

About 500 bytes a demo case on SQLite in all (20,000 demo cases: 19,474 -> 18,971 bytes a case),
and six fewer index entries to write for each such record (a hand-over import writes hundreds of
thousands). Plain DROP INDEX on both dialects.
"""

from __future__ import annotations

from alembic import op

revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None

DROPPED = (
    ("ix_evidence_sha256", "evidence", "sha256"),
    ("ix_agreement_case_id", "agreement", "case_id"),
    ("ix_obligation_agreement_id", "obligation", "agreement_id"),
    ("ix_follow_up_case_id", "follow_up", "case_id"),
    ("ix_performance_event_case_id", "performance_event", "case_id"),
    ("ix_risk_warning_case_id", "risk_warning", "case_id"),
)


def upgrade() -> None:
    for name, _table, _column in DROPPED:
        op.execute(f"DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    for name, table, column in DROPPED:
        op.create_index(name, table, [column], unique=False)
