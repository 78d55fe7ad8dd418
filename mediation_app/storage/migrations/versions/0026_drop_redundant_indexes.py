"""size: drop indexes that repeat the leading columns of another index; pack the search index's term lists

Revision ID: 0026
Revises: 0020
Create Date: 2026-11-30

Each of these single-column indexes is the first column of a composite index or unique
constraint that serves every query it served (the composite one is read by its prefix):

- ``case_party.case_id``: the unique (case_id, party_id);
- ``mediation_case.committee_id``: the unique (committee_id, year, serial) and ix_case_type_page;
- ``mediation_case.status``: ix_case_status_list (status, registered_on, id);
- ``mediation_case.dispute_type``: ix_case_type_sort (dispute_type, id);
- ``lookup_item.kind``: the unique (kind, code);
- ``merchant.committee_id``: ix_merchant_committee_stall (committee_id, stall_key).

About 160 bytes a demo case on SQLite. Plain DROP INDEX on both dialects (no table rebuild, so the
expression indexes of the case table stay as they are).

``case_search.terms`` (each case's terms, kept so they can be removed when the case changes) is
rewritten packed (storage/search.py pack_terms: deflated, base 85, in the same text column): about
1,010 bytes of terms a case become about 700. Rows written before still read (unpack_terms).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

REDUNDANT = (
    ("ix_case_party_case_id", "case_party", "case_id"),
    ("ix_mediation_case_committee_id", "mediation_case", "committee_id"),
    ("ix_mediation_case_status", "mediation_case", "status"),
    ("ix_mediation_case_dispute_type", "mediation_case", "dispute_type"),
    ("ix_lookup_item_kind", "lookup_item", "kind"),
    ("ix_merchant_committee_id", "merchant", "committee_id"),
)


def upgrade() -> None:
    for name, _table, _column in REDUNDANT:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    pack_search_terms(op.get_bind())


def downgrade() -> None:
    unpack_search_terms(op.get_bind())
    for name, table, column in REDUNDANT:
        op.create_index(name, table, [column], unique=False)


def pack_search_terms(bind: sa.Connection) -> None:
    """Rewrite case_search's plain term lists packed (storage/search.py), a chunk at a time."""
    from mediation_app.domain.search_terms import PACKED, pack_terms

    last = -1
    while True:
        rows = list(bind.execute(sa.text("SELECT search_id, terms FROM case_search WHERE search_id > :last "
                                         "ORDER BY search_id LIMIT 5000"), {"last": last}))
        if not rows:
            return
        last = rows[-1][0]
        plain = [{"s": s, "t": pack_terms(t.split())} for s, t in rows if not t.startswith(PACKED)]
        if plain:
            bind.execute(sa.text("UPDATE case_search SET terms = :t WHERE search_id = :s"), plain)


def unpack_search_terms(bind: sa.Connection) -> None:
    from mediation_app.domain.search_terms import PACKED, unpack_terms

    last = -1
    while True:
        rows = list(bind.execute(sa.text("SELECT search_id, terms FROM case_search WHERE search_id > :last "
                                         "ORDER BY search_id LIMIT 5000"), {"last": last}))
        if not rows:
            return
        last = rows[-1][0]
        packed = [{"s": s, "t": " ".join(unpack_terms(t))} for s, t in rows if t.startswith(PACKED)]
        if packed:
            bind.execute(sa.text("UPDATE case_search SET terms = :t WHERE search_id = :s"), packed)
