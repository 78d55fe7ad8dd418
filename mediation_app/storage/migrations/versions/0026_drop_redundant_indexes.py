"""size: drop indexes that repeat the leading columns of another index on the same table

Revision ID: 0026
Revises: 0020
Create Date: 2026-11-30

Each of these single-column indexes is the first column of a composite index or unique
constraint that serves every query it served (the composite one is read by its prefix):

- ``case_party.case_id``: the unique (case_id, party_id);
- ``mediation_case.committee_id``: the unique (committee_id, year, serial) and ix_case_type_page;
- ``mediation_case.status``: ix_case_status_list (status, registered_on, id);
- ``mediation_case.dispute_type``: ix_case_type_sort (dispute_type, id);
- ``lookup_item.kind``: the unique (kind, code);
- ``merchant.committee_id``: ix_merchant_committee_stall (committee_id, stall_key).

About 230 bytes a demo case on SQLite. Plain DROP INDEX on both dialects (no table rebuild, so the
expression indexes of the case table stay as they are).
"""

from __future__ import annotations

from alembic import op

revision = '0026'
down_revision = '0020'
branch_labels = None
depends_on = None

REDUNDANT = (
    ("ix_case_party_case_id", "case_party", "case_id"),
    ("ix_mediation_case_committee_id", "mediation_case", "committee_id"),
    ("ix_mediation_case_status", "mediation_case", "status"),
    ("ix_mediation_case_dispute_type", "mediation_case", "dispute_type"),
    ("ix_lookup_item_kind", "lookup_item", "kind"),
    ("ix_merchant_committee_id", "merchant", "committee_id"),
)


def upgrade() -> None:
    for name, _table, _column in REDUNDANT:
        op.execute(f"DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    for name, table, column in REDUNDANT:
        op.create_index(name, table, [column], unique=False)
