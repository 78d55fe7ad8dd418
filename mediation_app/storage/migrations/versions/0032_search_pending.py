"""cases whose search index rows are still to be written after a hand-over import

Revision ID: 0032
Revises: 0031
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'search_pending',
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'],
                                name=op.f('fk_search_pending_case_id_mediation_case'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_search_pending')),
    )


def downgrade() -> None:
    op.drop_table('search_pending')
