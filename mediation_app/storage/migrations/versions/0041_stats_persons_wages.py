"""statistics: a case of unpaid migrant workers' wages is marked as such, and the monthly counts are
made again from every case

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-03

- ``mediation_case.migrant_wages`` is set on every case whose sub-type is unpaid migrant workers'
  wages (domain.statistics.WAGE_SUBTYPES): the 2020 code list counts wages in a column of its own
  ("of which"), which counted only the cases where the box had been ticked by hand, while the 2016
  list counted every such case under its wage code. From now on the case record keeps the mark
  whenever its sub-type is saved (models.case.wages_by_subtype).
- The statistics' monthly counts are made again from every case: a case counts only once accepted
  (a refused case closed for filing was counted by its closing date), its wages mark as above, and
  its persons involved are the number recorded or else its parties (a case nobody counted was
  counted as no one).

A later revision that changes a table the counts read (the case, its parties, agreements and the
records of performance and confirmation) must move this step after its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from mediation_app.domain.statistics import WAGE_SUBTYPES
    from mediation_app.storage.stats_facts import summarise_bulk

    bind = op.get_bind()
    case = sa.table('mediation_case', sa.column('subtype_code', sa.String()), sa.column('migrant_wages', sa.Boolean()))
    bind.execute(case.update().where(case.c.subtype_code.in_(sorted(WAGE_SUBTYPES)), case.c.migrant_wages == sa.false())
                 .values(migrant_wages=True))
    summarise_bulk(Session(bind=bind))  # the monthly counts from nothing, by the rules of this version


def downgrade() -> None:
    """The marks stay (they are true of the cases); the counts stay as this version made them."""
