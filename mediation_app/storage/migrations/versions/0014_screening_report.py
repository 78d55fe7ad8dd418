"""screening report: ledger category, major mark, handled date; screening rounds

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0011'
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
    op.create_table('screening_round',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('screeners', sa.String(length=200), nullable=False),
    sa.Column('concentrated', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_screening_round_committee_id_committee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_round'))
    )
    with op.batch_alter_table('screening_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_round_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_round_held_on'), ['held_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('screening_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_round_held_on'))
        batch_op.drop_index(batch_op.f('ix_screening_round_committee_id'))
    op.drop_table('screening_round')
    with op.batch_alter_table('ledger_item', schema=None) as batch_op:
        batch_op.drop_column('handled_on')
        batch_op.drop_column('major')
        batch_op.drop_column('screening_category')
