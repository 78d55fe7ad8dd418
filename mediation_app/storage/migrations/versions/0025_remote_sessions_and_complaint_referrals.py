"""on site and remote sessions (platform; each attendee's place, consent and identity check) and
consumer complaints handed over to market supervision, 12315 or the consumer association

Revision ID: 0025
Revises: 0020
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('platform', sa.String(length=100), nullable=True))
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remote', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('consent', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('identity_check', sa.String(length=30), nullable=True))
    op.create_table(
        'complaint_referral',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('referral_id', sa.Uuid(), nullable=False),
        sa.Column('body', sa.String(length=30), nullable=False),
        sa.Column('complainant_name', sa.String(length=100), nullable=False),
        sa.Column('complainant_phone', sa.String(length=40), nullable=True),
        sa.Column('complainant_id_number', sa.String(length=40), nullable=True),
        sa.Column('merchant_id', sa.Uuid(), nullable=True),
        sa.Column('merchant_name', sa.String(length=200), nullable=False),
        sa.Column('stall_number', sa.String(length=40), nullable=True),
        sa.Column('credit_code', sa.String(length=20), nullable=True),
        sa.Column('goods', sa.String(length=300), nullable=False),
        sa.Column('purchased_on', sa.Date(), nullable=True),
        sa.Column('amount_fen', sa.BigInteger(), nullable=True),
        sa.Column('request', sa.Text(), nullable=False),
        sa.Column('facts', sa.Text(), nullable=False),
        sa.Column('evidence', sa.Text(), server_default='[]', nullable=False),
        sa.Column('register_number', sa.String(length=60), nullable=True),
        sa.Column('feedback_on', sa.Date(), nullable=True),
        sa.Column('feedback_result', sa.Text(), nullable=True),
        sa.Column('handling_number', sa.String(length=60), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referral.id'],
                                name=op.f('fk_complaint_referral_referral_id_referral'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_referral')),
        sa.UniqueConstraint('referral_id', name=op.f('uq_complaint_referral_referral_id')),
    )


def downgrade() -> None:
    op.drop_table('complaint_referral')
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.drop_column('identity_check')
        batch_op.drop_column('consent')
        batch_op.drop_column('remote')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('platform')
