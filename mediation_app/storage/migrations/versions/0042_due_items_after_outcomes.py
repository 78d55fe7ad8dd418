"""reminders: what falls due is derived again by the rules that follow what was done

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-03

Every case's items are written again as the application keeps them from now on (the same step as
``mediation-app reminders rebuild``): the window for judicial confirmation is open again after an
application withdrawn or not accepted by the court; a follow-up visit that found the agreement
performed ends the visit due; an application for enforcement ends that window; an oral agreement
recorded in full (not by quick entry) is visited too. No table changes.

Like 0040, this runs the application's own rules, which read the tables as they are at the head: a
later revision that changes a table those rules read must move this step after its own.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.orm import Session

revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from mediation_app.storage.queries_due import rebuild_items

    rebuild_items(Session(bind=op.get_bind()))


def downgrade() -> None:
    """The items stay as these rules gave them (``mediation-app reminders rebuild`` on the older
    version derives them by its rules)."""
