"""risk early warnings: the warnings computed from the records, their reviews, the rules' settings

Revision ID: 0024
Revises: 0020
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'risk_warning',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('rule', sa.String(length=30), nullable=False),
        sa.Column('evidence_key', sa.String(length=300), nullable=False),
        sa.Column('evidence_on', sa.Date(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reviewed_by', sa.Uuid(), nullable=True),
        sa.Column('decision', sa.String(length=10), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('containment', sa.Text(), nullable=True),
        sa.Column('police', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('police_unit', sa.String(length=200), nullable=True),
        sa.Column('risk_assessment_id', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_risk_warning_case_id_mediation_case'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_risk_warning_committee_id_committee')),
        sa.ForeignKeyConstraint(['reviewed_by'], ['user_account.id'],
                                name=op.f('fk_risk_warning_reviewed_by_user_account')),
        sa.ForeignKeyConstraint(['risk_assessment_id'], ['risk_assessment.id'],
                                name=op.f('fk_risk_warning_risk_assessment_id_risk_assessment'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_warning')),
        sa.UniqueConstraint('case_id', 'rule', 'evidence_key', name=op.f('uq_risk_warning_case_id_rule_evidence_key')),
    )
    with op.batch_alter_table('risk_warning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_warning_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_risk_warning_committee_open', ['committee_id', 'reviewed_at', 'raised_at'],
                              unique=False)
        batch_op.create_index('ix_risk_warning_raised', ['raised_at'], unique=False)
        batch_op.create_index('ix_risk_warning_reviewed', ['reviewed_at'], unique=False)
    op.create_table(
        'warning_setting',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_warning_setting')),
    )


def downgrade() -> None:
    op.drop_table('warning_setting')
    with op.batch_alter_table('risk_warning', schema=None) as batch_op:
        batch_op.drop_index('ix_risk_warning_reviewed')
        batch_op.drop_index('ix_risk_warning_raised')
        batch_op.drop_index('ix_risk_warning_committee_open')
        batch_op.drop_index(batch_op.f('ix_risk_warning_case_id'))
    op.drop_table('risk_warning')
