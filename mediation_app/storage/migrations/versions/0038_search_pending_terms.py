"""the search terms of a case handed over, made while the import merged, kept with its mark until
the index step writes them (storage/search_pending.py)

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('search_pending') as batch:
        batch.add_column(sa.Column('terms', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('search_pending') as batch:
        batch.drop_column('terms')
