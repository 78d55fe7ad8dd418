"""search: a token table shared by SQLite and PostgreSQL replaces the SQLite full-text table

Revision ID: 0019
Revises: 0016
Create Date: 2026-11-30

Each case's search terms (characters and adjacent pairs within one field or one name, pinyin key
prefixes, phone tails) are rows of ``case_term`` keyed by (term, registration day, search id), so a
broad term's first page is read in list order; ``case_search`` keeps each case's terms so they can
be removed when it changes. The upgrade builds the rows of every existing case.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_term',
    sa.Column('term', sa.String(length=40), nullable=False),
    sa.Column('reg_day', sa.Integer(), nullable=False),
    sa.Column('search_id', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('term', 'reg_day', 'search_id', name=op.f('pk_case_term')),
    sqlite_with_rowid=False,
    )
    op.create_table('case_search',
    sa.Column('search_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('reg_day', sa.Integer(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('search_id', name=op.f('pk_case_search')),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS case_fts")
    # The terms are computed by the application's own rules (pinyin readings, field splitting).
    from mediation_app.storage.search import reindex_ids

    reindex_ids(bind)


def downgrade() -> None:
    op.drop_table('case_search')
    op.drop_table('case_term')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE case_fts USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
