"""the earliest performance item of each case (an open obligation, the performance deadline, the
follow-up visit) kept on the case, and the indexes by which Today reads only the performing cases
with something due and the market cases whose market clock runs out, and words a mediation deadline
from the index alone

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('mediation_case', sa.Column('perform_due_on', sa.Date(), nullable=True))
    op.drop_index('ix_case_committee_status_deadline', table_name='mediation_case')
    op.create_index('ix_case_committee_status_deadline', 'mediation_case',
                    ['committee_id', 'status', 'deadline_on', 'extended_until', 'referrer_deadline', 'source', 'id'])
    op.create_index('ix_case_committee_status_perform', 'mediation_case', ['committee_id', 'status', 'perform_due_on'])
    op.create_index('ix_case_committee_status_market', 'mediation_case', ['committee_id', 'status', 'market_due_on'])
    # the values of the existing cases, by the rules the application keeps them with afterwards
    from mediation_app.storage.stats_facts import refresh_perform_due

    refresh_perform_due(Session(bind=op.get_bind()), sa.true())


def downgrade() -> None:
    op.drop_index('ix_case_committee_status_market', table_name='mediation_case')
    op.drop_index('ix_case_committee_status_perform', table_name='mediation_case')
    op.drop_index('ix_case_committee_status_deadline', table_name='mediation_case')
    op.create_index('ix_case_committee_status_deadline', 'mediation_case', ['committee_id', 'status', 'deadline_on'])
    op.drop_column('mediation_case', 'perform_due_on')  # SQLite ≥ 3.35 drops a plain column in place
