"""four-part slips (人民调解四联单): one per case or referral slip, numbered from their own series,
with the returned part recorded

Revision ID: 0022
Revises: 0020
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'four_part_slip',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('serial', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=80), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=True),
        sa.Column('referral_id', sa.Uuid(), nullable=True),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('issued_by_user_id', sa.Uuid(), nullable=False),
        sa.Column('parties', sa.Text(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('sent_to', sa.String(length=200), nullable=False),
        sa.Column('asked', sa.Text(), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=False),
        sa.Column('printed_times', sa.Integer(), nullable=False),
        sa.Column('returned_on', sa.Date(), nullable=True),
        sa.Column('return_result', sa.Text(), nullable=True),
        sa.Column('returned_handler', sa.String(length=100), nullable=True),
        sa.Column('return_recorded_by_user_id', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_four_part_slip_committee_id_committee')),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_four_part_slip_case_id_mediation_case'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_four_part_slip_referral_id_referral'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['issued_by_user_id'], ['user_account.id'],
                                name=op.f('fk_four_part_slip_issued_by_user_id_user_account')),
        sa.ForeignKeyConstraint(['return_recorded_by_user_id'], ['user_account.id'],
                                name=op.f('fk_four_part_slip_return_recorded_by_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_four_part_slip')),
        sa.UniqueConstraint('committee_id', 'year', 'serial', name=op.f('uq_four_part_slip_committee_id_year_serial')),
        sa.UniqueConstraint('number', name=op.f('uq_four_part_slip_number')),
        sa.UniqueConstraint('referral_id', name=op.f('uq_four_part_slip_referral_id')),
    )
    with op.batch_alter_table('four_part_slip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_four_part_slip_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_four_part_slip_outstanding', ['committee_id', 'returned_on', 'deadline'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('four_part_slip', schema=None) as batch_op:
        batch_op.drop_index('ix_four_part_slip_outstanding')
        batch_op.drop_index(batch_op.f('ix_four_part_slip_case_id'))
    op.drop_table('four_part_slip')
