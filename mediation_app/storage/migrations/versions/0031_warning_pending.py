"""risk early warnings: the cases changed since their warnings were last computed

Revision ID: 0031
Revises: 0028
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0031'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'warning_pending',
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'],
                                name=op.f('fk_warning_pending_case_id_mediation_case'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_warning_pending')),
    )


def downgrade() -> None:
    op.drop_table('warning_pending')
