"""user roles, forced password change, drafts in the database

Revision ID: 0011
Revises: 0007
Create Date: 2026-11-30

An account may now hold several roles. Existing administrators keep the case work they could do
before (an administrator's account used to act on cases): they also get the committee head role.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roles', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.execute("UPDATE user_account SET roles = role WHERE role <> 'admin'")
    op.execute("UPDATE user_account SET roles = 'admin,head' WHERE role = 'admin'")
    op.create_table('form_draft',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_form_draft_user_id_user_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'key', name=op.f('pk_form_draft'))
    )


def downgrade() -> None:
    op.drop_table('form_draft')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('roles')
