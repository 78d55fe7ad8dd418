"""an index for a dispute type's cases newest number first (the drill-down of a type cell)

Revision ID: 0018
Revises: 0016
Create Date: 2026-11-30

A type cell's page of cases walks each of its dispute types on its own, newest case number first,
in ``ix_case_type_page`` (committee, dispute type, year, serial), so a rare type's first page no
longer passes every newer case of the other types.
"""

from __future__ import annotations

from alembic import op

revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_case_type_page', 'mediation_case', ['committee_id', 'dispute_type', 'year', 'serial'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_type_page', table_name='mediation_case')
