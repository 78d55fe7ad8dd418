"""command-line sign-ins that last a few idle minutes (mediation-app signin)

Revision ID: 0033
Revises: 0031
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'cli_session',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=True),
        sa.Column('workstation', sa.String(length=200), nullable=False),
        sa.Column('user_stamp', sa.String(length=64), nullable=False),
        sa.Column('idle_minutes', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('end_reason', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_cli_session_committee_id_committee')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_cli_session_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cli_session')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_cli_session_token_hash')),
    )
    with op.batch_alter_table('cli_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cli_session_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cli_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cli_session_user_id'))
    op.drop_table('cli_session')
