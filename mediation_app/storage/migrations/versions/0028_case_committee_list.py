"""an index for a committee's cases newest first (the case list's first page)

Revision ID: 0028
Revises: 0020
Create Date: 2026-11-30

The case list asks for one committee's cases by registration date, newest first. With only
``ix_case_list`` (registered_on, id) and the committee indexes, SQLite takes every case of the
committee and sorts them (about 0.24 s at 100,000 cases) before it returns the first 50;
``ix_case_committee_list`` (committee, registered_on, id) gives them in order.
"""

from __future__ import annotations

from alembic import op

revision = '0028'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_case_committee_list', 'mediation_case', ['committee_id', 'registered_on', 'id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_committee_list', table_name='mediation_case')
