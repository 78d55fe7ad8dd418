"""several committees in one centre: unique short names, retiring, memberships, window routing

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

Every existing account becomes a member of its committee with the roles it holds. Two committees
that already share a short name (their case numbers would collide) keep the first one's; the
others get a numbered suffix the administrator can change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _dedupe_short_names() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, short_name FROM committee ORDER BY created_at, id")).all()
    seen: set[str] = set()
    for committee_id, short in rows:
        name, n = short, 1
        while name in seen:
            n += 1
            name = f"{short}{n}"
        seen.add(name)
        if name != short:
            bind.execute(sa.text("UPDATE committee SET short_name = :s WHERE id = :i"), {"s": name, "i": committee_id})


def upgrade() -> None:
    _dedupe_short_names()
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_committee_short_name'), ['short_name'])
    op.create_table('committee_membership',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('roles', sa.String(length=80), nullable=False),
    sa.Column('mediator_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'],
                            name=op.f('fk_committee_membership_committee_id_committee')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_committee_membership_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_committee_membership_user_id_user_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'committee_id', name=op.f('pk_committee_membership'))
    )
    with op.batch_alter_table('committee_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_membership_committee_id'), ['committee_id'], unique=False)
    op.execute("INSERT INTO committee_membership (user_id, committee_id, roles, mediator_id) "
               "SELECT id, committee_id, CASE WHEN roles = '' THEN role ELSE roles END, mediator_id "
               "FROM user_account")
    op.create_table('case_routing',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('window_committee_id', sa.Uuid(), nullable=False),
    sa.Column('window_number', sa.String(length=80), nullable=False),
    sa.Column('registered_by', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('to_committee_id', sa.Uuid(), nullable=True),
    sa.Column('to_department', sa.String(length=200), nullable=True),
    sa.Column('referral_id', sa.Uuid(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('routed_by', sa.Uuid(), nullable=True),
    sa.Column('routed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_case_routing_case_id_mediation_case'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_case_routing_referral_id_referral')),
    sa.ForeignKeyConstraint(['registered_by'], ['user_account.id'],
                            name=op.f('fk_case_routing_registered_by_user_account')),
    sa.ForeignKeyConstraint(['routed_by'], ['user_account.id'], name=op.f('fk_case_routing_routed_by_user_account')),
    sa.ForeignKeyConstraint(['to_committee_id'], ['committee.id'],
                            name=op.f('fk_case_routing_to_committee_id_committee')),
    sa.ForeignKeyConstraint(['window_committee_id'], ['committee.id'],
                            name=op.f('fk_case_routing_window_committee_id_committee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_routing')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_routing_case_id'))
    )
    with op.batch_alter_table('case_routing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_routing_status'), ['status'], unique=False)


def downgrade() -> None:
    op.drop_table('case_routing')
    op.drop_table('committee_membership')
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_committee_short_name'), type_='unique')
        batch_op.drop_column('active')
