"""risk warnings computed after the save (the cases changed since); indexes that let the today
overview read agreements, obligations, visits and the cases waiting for a mediator from indexes alone

Revision ID: 0031
Revises: 0028
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0031'
down_revision = '0028'
branch_labels = None
depends_on = None

UNASSIGNED = "presiding_mediator_id IS NULL AND status IN ('registered', 'accepted', 'mediating')"


def upgrade() -> None:
    op.create_table(
        'warning_pending',
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'],
                                name=op.f('fk_warning_pending_case_id_mediation_case'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_warning_pending')),
    )
    op.create_index('ix_agreement_case_terms', 'agreement', ['case_id', 'form', 'superseded', 'effective_on',
                                                            'performance_deadline', 'drafted_on', 'personal_status',
                                                            'id'], unique=False)
    op.create_index('ix_obligation_agreement_due', 'obligation', ['agreement_id', 'due_on', 'seq', 'amount_fen',
                                                                 'performed_fen', 'performed_on', 'obligor_id'],
                    unique=False)
    op.create_index('ix_follow_up_case_at', 'follow_up', ['case_id', 'at'], unique=False)
    op.create_index('ix_performance_event_case_kind', 'performance_event', ['case_id', 'kind'], unique=False)
    op.create_index('ix_case_unassigned', 'mediation_case', ['committee_id', 'registered_on', 'id'], unique=False,
                    sqlite_where=sa.text(UNASSIGNED), postgresql_where=sa.text(UNASSIGNED))


def downgrade() -> None:
    op.drop_index('ix_case_unassigned', table_name='mediation_case')
    op.drop_index('ix_performance_event_case_kind', table_name='performance_event')
    op.drop_index('ix_follow_up_case_at', table_name='follow_up')
    op.drop_index('ix_obligation_agreement_due', table_name='obligation')
    op.drop_index('ix_agreement_case_terms', table_name='agreement')
    op.drop_table('warning_pending')
