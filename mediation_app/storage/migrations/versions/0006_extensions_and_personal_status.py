"""each extension needs its own consents; sub-types carry a personal-status flag; the stored
deadline is the deadline in force

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None

# Seeded sub-types whose agreements usually concern a personal-status relation (法释〔2011〕5号 Art. 4).
PERSONAL_STATUS_SUBTYPES = ("divorce_property", "support_alimony")


def upgrade() -> None:
    # The today overview walks the open cases of one committee by status and deadline.
    op.create_index('ix_case_committee_status_deadline', 'mediation_case', ['committee_id', 'status', 'deadline_on'])
    with op.batch_alter_table('mediation_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extension_count', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('dispute_subtype', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_status', sa.Boolean(), nullable=False, server_default=sa.false()))
    subtype = sa.table('dispute_subtype', sa.column('code', sa.String), sa.column('personal_status', sa.Boolean))
    op.execute(subtype.update().where(subtype.c.code.in_(PERSONAL_STATUS_SUBTYPES)).values(personal_status=True))
    # An agreed extension is the deadline in force: lists, filters and reminders read deadline_on.
    case = sa.table('mediation_case', sa.column('deadline_on', sa.Date), sa.column('extended_until', sa.Date),
                    sa.column('extension_count', sa.Integer))
    op.execute(case.update().where(case.c.extended_until.is_not(None))
               .values(deadline_on=case.c.extended_until, extension_count=1))


def downgrade() -> None:
    op.drop_index('ix_case_committee_status_deadline', table_name='mediation_case')
    with op.batch_alter_table('dispute_subtype', schema=None) as batch_op:
        batch_op.drop_column('personal_status')
    # Rebuilding the table in batch mode would lose the expression indexes of 0004: drop and remake them.
    op.drop_index('ix_case_accepted_sort', table_name='mediation_case')
    op.drop_index('ix_case_deadline_sort', table_name='mediation_case')
    with op.batch_alter_table('mediation_case', schema=None) as batch_op:
        batch_op.drop_column('extension_count')
    op.create_index('ix_case_deadline_sort', 'mediation_case', [sa.text("coalesce(deadline_on, '0001-01-01')"), 'id'])
    op.create_index('ix_case_accepted_sort', 'mediation_case', [sa.text("coalesce(accepted_on, '0001-01-01')"), 'id'])
