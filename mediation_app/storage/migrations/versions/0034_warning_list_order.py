"""the open risk warnings' index ends with the id, the list's last ordering key: the Today view's first
page of warnings is read from the index in order, without sorting every open warning that was raised
at the same moment (all of them, after the warnings were first computed for existing cases)

Revision ID: 0034
Revises: 0031
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_risk_warning_committee_open', table_name='risk_warning')
    op.create_index('ix_risk_warning_committee_open', 'risk_warning', ['committee_id', 'reviewed_at', 'raised_at', 'id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_risk_warning_committee_open', table_name='risk_warning')
    op.create_index('ix_risk_warning_committee_open', 'risk_warning', ['committee_id', 'reviewed_at', 'raised_at'],
                    unique=False)
