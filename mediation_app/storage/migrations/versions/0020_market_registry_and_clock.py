"""the market: merchant registry, parties linked to merchants, additional clocks per sub-type,
holiday calendar corrections, market settings, the case's market deadline

Revision ID: 0020
Revises: 0016
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column[object]]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        'merchant',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('stall_number', sa.String(length=40), nullable=False),
        sa.Column('stall_key', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('business_type', sa.String(length=100), nullable=False),
        sa.Column('credit_code', sa.String(length=20), nullable=True),
        sa.Column('operator_name', sa.String(length=100), nullable=False),
        sa.Column('operator_phone', sa.String(length=40), nullable=True),
        sa.Column('contacts', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_merchant_committee_id_committee')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_merchant')),
    )
    with op.batch_alter_table('merchant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merchant_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_merchant_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_merchant_credit_code'), ['credit_code'], unique=False)
        batch_op.create_index('ix_merchant_committee_stall', ['committee_id', 'stall_key'], unique=False)
    op.create_table(
        'merchant_party',
        sa.Column('party_id', sa.Uuid(), nullable=False),
        sa.Column('merchant_id', sa.Uuid(), nullable=False),
        sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_merchant_party_party_id_party'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchant.id'], name=op.f('fk_merchant_party_merchant_id_merchant'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('party_id', name=op.f('pk_merchant_party')),
    )
    with op.batch_alter_table('merchant_party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merchant_party_merchant_id'), ['merchant_id'], unique=False)
    op.create_table(
        'market_clock',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('subtype_code', sa.String(length=60), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('unit', sa.String(length=10), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_market_clock_committee_id_committee')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_market_clock')),
        sa.UniqueConstraint('committee_id', 'subtype_code', name=op.f('uq_market_clock_committee_id_subtype_code')),
    )
    op.create_table(
        'calendar_day',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_day')),
    )
    op.create_table(
        'market_setting',
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('repeat_threshold', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'],
                                name=op.f('fk_market_setting_committee_id_committee')),
        sa.PrimaryKeyConstraint('committee_id', name=op.f('pk_market_setting')),
    )
    # a plain nullable column, added in place (no table rebuild: the expression indexes stay)
    op.add_column('mediation_case', sa.Column('market_due_on', sa.Date(), nullable=True))
    op.create_index(op.f('ix_mediation_case_market_due_on'), 'mediation_case', ['market_due_on'], unique=False)
    with op.batch_alter_table('imported_row', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merchant_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_imported_row_merchant_id_merchant'), 'merchant',
                                    ['merchant_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('imported_row', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_imported_row_merchant_id_merchant'), type_='foreignkey')
        batch_op.drop_column('merchant_id')
    op.drop_index(op.f('ix_mediation_case_market_due_on'), table_name='mediation_case')
    op.drop_column('mediation_case', 'market_due_on')  # SQLite ≥ 3.35 drops a plain column in place
    op.drop_table('market_setting')
    op.drop_table('calendar_day')
    op.drop_table('market_clock')
    with op.batch_alter_table('merchant_party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merchant_party_merchant_id'))
    op.drop_table('merchant_party')
    with op.batch_alter_table('merchant', schema=None) as batch_op:
        batch_op.drop_index('ix_merchant_committee_stall')
        batch_op.drop_index(batch_op.f('ix_merchant_credit_code'))
        batch_op.drop_index(batch_op.f('ix_merchant_name'))
        batch_op.drop_index(batch_op.f('ix_merchant_committee_id'))
    op.drop_table('merchant')
