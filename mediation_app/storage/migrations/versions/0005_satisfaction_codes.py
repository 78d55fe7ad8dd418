"""follow-up satisfaction stored as codes

The follow-up form once stored the satisfaction level as the label shown in the interface's language
("满意", "滿意", "Satisfied" …). A printed record needs the code to word it; labels of the seeded
levels become their codes. Anything else (an entry a committee added) is left as it is.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

LABELS = {
    "satisfied": ("满意", "滿意", "Satisfied"),
    "fairly": ("基本满意", "基本滿意", "Fairly satisfied"),
    "unsatisfied": ("不满意", "不滿意", "Not satisfied"),
}


def upgrade() -> None:
    follow_up = sa.table("follow_up", sa.column("satisfaction", sa.String))
    for code, labels in LABELS.items():
        op.execute(follow_up.update().where(follow_up.c.satisfaction.in_(labels)).values(satisfaction=code))


def downgrade() -> None:
    pass  # codes are what the application reads; nothing to undo
