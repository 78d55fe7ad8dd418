"""the centre's ladder of levels, each case's level and its history, the departments' sign-in on
referral slips and the supervision setting

Revision ID: 0023
Revises: 0020
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ladder_level',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('unit', sa.String(length=10), nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ladder_level')),
    )
    op.create_table(
        'case_level',
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('level_id', sa.Uuid(), nullable=False),
        sa.Column('since', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_case_level_case_id_mediation_case'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['level_id'], ['ladder_level.id'], name=op.f('fk_case_level_level_id_ladder_level')),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_level')),
    )
    with op.batch_alter_table('case_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_level_level_id'), ['level_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_level_due_on'), ['due_on'], unique=False)
    op.create_table(
        'case_level_event',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('move', sa.String(length=12), nullable=False),
        sa.Column('from_level_id', sa.Uuid(), nullable=True),
        sa.Column('to_level_id', sa.Uuid(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('by_user_id', sa.Uuid(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'],
                                name=op.f('fk_case_level_event_case_id_mediation_case'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['from_level_id'], ['ladder_level.id'],
                                name=op.f('fk_case_level_event_from_level_id_ladder_level')),
        sa.ForeignKeyConstraint(['to_level_id'], ['ladder_level.id'],
                                name=op.f('fk_case_level_event_to_level_id_ladder_level')),
        sa.ForeignKeyConstraint(['by_user_id'], ['user_account.id'],
                                name=op.f('fk_case_level_event_by_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_level_event')),
    )
    with op.batch_alter_table('case_level_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_level_event_case_id'), ['case_id'], unique=False)
    op.create_table(
        'referral_sign_in',
        sa.Column('referral_id', sa.Uuid(), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('signed_in_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('signed_in_by', sa.String(length=100), nullable=True),
        sa.Column('recorded_by_user_id', sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(['referral_id'], ['referral.id'],
                                name=op.f('fk_referral_sign_in_referral_id_referral'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by_user_id'], ['user_account.id'],
                                name=op.f('fk_referral_sign_in_recorded_by_user_id_user_account')),
        sa.PrimaryKeyConstraint('referral_id', name=op.f('pk_referral_sign_in')),
    )
    with op.batch_alter_table('referral_sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_sign_in_signed_in_at'), ['signed_in_at'], unique=False)
    op.create_table(
        'supervision_setting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sign_in_hours', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_setting')),
    )


def downgrade() -> None:
    op.drop_table('supervision_setting')
    with op.batch_alter_table('referral_sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_sign_in_signed_in_at'))
    op.drop_table('referral_sign_in')
    with op.batch_alter_table('case_level_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_level_event_case_id'))
    op.drop_table('case_level_event')
    with op.batch_alter_table('case_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_level_due_on'))
        batch_op.drop_index(batch_op.f('ix_case_level_level_id'))
    op.drop_table('case_level')
    op.drop_table('ladder_level')
