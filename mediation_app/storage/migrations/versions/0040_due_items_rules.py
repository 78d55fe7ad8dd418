"""reminders: a recurring obligation is reminded period by period, and what falls due is derived
again by the corrected rules

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-03

- ``obligation.next_due_on`` and ``obligation.last_due_on``: of a recurring obligation (monthly
  support, say), the day its first period not paid in full falls due and its schedule's last day,
  kept whenever it is saved (models.outcome.schedule_days), so that Today's rules read them in SQL.
  Before, only its first day was reminded, and one period's payment counted as the whole.
- Every case's items are then written again as the application keeps them from now on (the same
  step as ``mediation-app reminders rebuild``): a referral slip answered by its department is no
  longer due; a follow-up visit is dated on this computer's calendar day, not UTC's; a visit that
  found everything performed ends the instalment and enforcement items. A referred case keeps the
  deadline it was given at acceptance.
- (The statistics' monthly counts are made again from every case by 0041, which counts them by rules
  of its own too: a refused case that was closed for filing is no longer counted as a case mediated.)

This is the one migration that writes the items (0036 creates the table empty): it runs the
application's own rules, which read the tables as they are at the head. A later revision that changes
a table those rules read must move this step after its own (a migration of its own that rebuilds).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('obligation', sa.Column('next_due_on', sa.Date(), nullable=True))
    op.add_column('obligation', sa.Column('last_due_on', sa.Date(), nullable=True))
    from mediation_app.domain.schedule import next_open_due, schedule_last_due

    bind = op.get_bind()
    ob = sa.table('obligation', sa.column('id', sa.Uuid()), sa.column('amount_fen', sa.BigInteger()),
                  sa.column('performed_fen', sa.BigInteger()), sa.column('performed_on', sa.Date()),
                  sa.column('due_on', sa.Date()), sa.column('period', sa.String()),
                  sa.column('period_until', sa.Date()), sa.column('next_due_on', sa.Date()),
                  sa.column('last_due_on', sa.Date()))
    rows = bind.execute(sa.select(ob).where(sa.func.coalesce(ob.c.period, '') != '')).all()
    for r in rows:
        bind.execute(ob.update().where(ob.c.id == r.id).values(
            next_due_on=next_open_due(r.amount_fen, r.performed_fen or 0, r.performed_on, r.due_on, r.period,
                                      r.period_until),
            last_due_on=schedule_last_due(r.due_on, r.period, r.period_until)))
    from mediation_app.storage.queries_due import rebuild_items

    rebuild_items(Session(bind=bind))


def downgrade() -> None:
    """The columns go; the items stay as the corrected rules gave them (``mediation-app reminders
    rebuild`` on the older version derives them by its rules)."""
    with op.batch_alter_table('obligation') as batch:
        batch.drop_column('last_due_on')
        batch.drop_column('next_due_on')
