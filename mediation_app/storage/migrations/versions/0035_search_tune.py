"""three-character search terms where both pairs are common: the table of what the index learnt of
the data (empty until the index is tuned, storage/search_tune.py)

Revision ID: 0035
Revises: 0031
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'search_tune',
        sa.Column('term', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint('term', name=op.f('pk_search_tune')),
    )


def downgrade() -> None:
    op.drop_table('search_tune')
