"""the market's advance compensation fund (先行赔付): an append-only ledger of payments, recoveries,
top-ups and reversals

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'fund_entry',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('amount_fen', sa.BigInteger(), nullable=False),
        sa.Column('entry_on', sa.Date(), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=True),
        sa.Column('merchant_id', sa.Uuid(), nullable=True),
        sa.Column('party_id', sa.Uuid(), nullable=True),
        sa.Column('payee', sa.String(length=200), nullable=False),
        sa.Column('payment_id', sa.Uuid(), nullable=True),
        sa.Column('reverses_id', sa.Uuid(), nullable=True),
        sa.Column('approver', sa.String(length=100), nullable=False),
        sa.Column('receipt', sa.String(length=100), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by', sa.String(length=100), nullable=False),
        sa.Column('serial', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_fund_entry_committee_id_committee')),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_fund_entry_case_id_mediation_case')),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchant.id'], name=op.f('fk_fund_entry_merchant_id_merchant')),
        sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_fund_entry_party_id_party')),
        sa.ForeignKeyConstraint(['payment_id'], ['fund_entry.id'], name=op.f('fk_fund_entry_payment_id_fund_entry')),
        sa.ForeignKeyConstraint(['reverses_id'], ['fund_entry.id'],
                                name=op.f('fk_fund_entry_reverses_id_fund_entry')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_entry')),
        sa.UniqueConstraint('committee_id', 'number', name=op.f('uq_fund_entry_committee_id_number')),
        sa.UniqueConstraint('reverses_id', name=op.f('uq_fund_entry_reverses_id')),
    )
    with op.batch_alter_table('fund_entry', schema=None) as batch_op:
        batch_op.create_index('ix_fund_entry_committee_kind_on', ['committee_id', 'kind', 'entry_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entry_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entry_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entry_payment_id'), ['payment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fund_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_entry_payment_id'))
        batch_op.drop_index(batch_op.f('ix_fund_entry_merchant_id'))
        batch_op.drop_index(batch_op.f('ix_fund_entry_case_id'))
        batch_op.drop_index('ix_fund_entry_committee_kind_on')
    op.drop_table('fund_entry')
