"""screening report: ledger category, major mark and handled date; concentrated screening drives

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'  # the screening rounds of the statistics migration gain the drive mark
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ledger_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screening_category', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('major', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('handled_on', sa.Date(), nullable=True))
    # items handled before this version: their last change is the best date known
    day = "date(updated_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(updated_at AS DATE)"
    op.execute(f"UPDATE ledger_item SET handled_on = {day} WHERE status <> 'open'")
    with op.batch_alter_table('screening_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('concentrated', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('screening_round', schema=None) as batch_op:
        batch_op.drop_column('concentrated')
    with op.batch_alter_table('ledger_item', schema=None) as batch_op:
        batch_op.drop_column('handled_on')
        batch_op.drop_column('major')
        batch_op.drop_column('screening_category')
