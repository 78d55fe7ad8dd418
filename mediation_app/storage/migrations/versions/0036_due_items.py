"""what falls due in each case, kept in a table of its own (due_item) from the case's records: Today
and the centre's board count and page it by one index instead of deriving every case's items at
each read

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'due_item',
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('n', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('number', sa.String(length=80), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('ref', sa.String(length=80), nullable=False),
        sa.Column('obligor_id', sa.Uuid(), nullable=True),
        sa.Column('amount_fen', sa.BigInteger(), nullable=True),
        sa.Column('detail', sa.String(length=200), nullable=False),
        sa.Column('in_window', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_due_item_case_id_mediation_case'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_due_item_committee_id_committee')),
        sa.PrimaryKeyConstraint('case_id', 'n', name=op.f('pk_due_item')),
    )
    op.create_index('ix_due_item_committee_due', 'due_item',
                    ['committee_id', 'in_window', 'due_on', 'number', 'rank', 'seq', 'ref'])
    # The items of the existing cases are written by migration 0040, which derives every case's items
    # by the rules of the application at the head revision; done here, those rules would read columns
    # that later revisions add (obligation.next_due_on) and fail on the tables of this revision.


def downgrade() -> None:
    op.drop_index('ix_due_item_committee_due', table_name='due_item')
    op.drop_table('due_item')
