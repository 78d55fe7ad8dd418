"""the case list by registration date orders the cases of one day by their search id (the order they
were entered here) instead of their random ids

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-02

A search in registration order walks its term's index rows, which are keyed (term, day, search id).
Ordering a day's cases by their random ids made it read every match of the first day before the
first row (about 2,200 rows for one common character on a day of 1,000 cases); by search id it reads
only the page. The list without a search takes the same order, so that a search shows its cases in
the list's own order, and today's cases come newest first. The four list indexes follow.

A mediator's list is one committee's cases. Sorted by another column (deadline, acceptance date,
number, risk, status), SQLite took the committee's every case and sorted them (a third of a second
a page at 100,000 cases) rather than walk the column's index and skip other committees' cases;
indexes led by the committee give each such page in order. The centre's head reads every committee:
by status or risk PostgreSQL sorted every case (0.1–0.9 s a page at a million); the indexes of
(status, id) and (risk, id) give those pages in order, the latter in place of the risk's own index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None

UNASSIGNED = "presiding_mediator_id IS NULL AND status IN ('registered', 'accepted', 'mediating')"
_INDEXES: tuple[tuple[str, list[str]], ...] = (
    ('ix_case_list', []),
    ('ix_case_committee_list', ['committee_id']),
    ('ix_case_status_list', ['status']),
    ('ix_case_unassigned', ['committee_id']),
)


def _rebuild(tiebreak: str) -> None:
    for name, lead in _INDEXES:
        op.drop_index(name, table_name='mediation_case')
        if name == 'ix_case_unassigned':
            op.create_index(name, 'mediation_case', [*lead, 'registered_on', tiebreak], unique=False,
                            sqlite_where=sa.text(UNASSIGNED), postgresql_where=sa.text(UNASSIGNED))
        else:
            op.create_index(name, 'mediation_case', [*lead, 'registered_on', tiebreak], unique=False)


_SORTS: dict[str, str | sa.TextClause] = {
    'ix_case_committee_accepted_sort': sa.text("coalesce(accepted_on, '0001-01-01')"),
    'ix_case_committee_deadline_sort': sa.text("coalesce(deadline_on, '0001-01-01')"),
    'ix_case_committee_number_sort': 'number',
    'ix_case_committee_risk_sort': 'risk_level',
    'ix_case_committee_status_sort': 'status',
}


def upgrade() -> None:
    _rebuild('search_id')
    for name, column in _SORTS.items():
        op.create_index(name, 'mediation_case', ['committee_id', column, 'id'], unique=False)
    op.create_index('ix_case_status_sort', 'mediation_case', ['status', 'id'], unique=False)
    op.drop_index('ix_mediation_case_risk_level', table_name='mediation_case')
    op.create_index('ix_case_risk_sort', 'mediation_case', ['risk_level', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_risk_sort', table_name='mediation_case')
    op.create_index('ix_mediation_case_risk_level', 'mediation_case', ['risk_level'], unique=False)
    op.drop_index('ix_case_status_sort', table_name='mediation_case')
    for name in _SORTS:
        op.drop_index(name, table_name='mediation_case')
    _rebuild('id')
