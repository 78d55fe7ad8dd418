"""hand-over between sites: identity, trusted peers, bundles, row bases, conflicts, imported audit

Revision ID: 0016
Revises: 0011
Create Date: 2026-11-30

What changed since the last hand-over is read from the audit log (every change to case data writes
its entry with the case id, in the same transaction), so no per-row counter is added to the case
tables; these tables only record where hand-over with each peer stands.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('site_identity',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=True),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('private_key', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_identity'))
    )
    op.create_table('handover_peer',
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=True),
    sa.Column('trusted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('trusted_by', sa.String(length=64), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=64), nullable=True),
    sa.Column('in_seq', sa.Integer(), nullable=False),
    sa.Column('in_audit_seq', sa.BigInteger(), nullable=False),
    sa.Column('in_audit_hash', sa.String(length=64), nullable=True),
    sa.Column('out_seq', sa.Integer(), nullable=False),
    sa.Column('acked_seq', sa.Integer(), nullable=False),
    sa.Column('acked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acked_watermark', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('site_id', name=op.f('pk_handover_peer'))
    )
    op.create_table('handover_bundle',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('peer_site_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('watermark', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_bundle')),
    sa.UniqueConstraint('direction', 'peer_site_id', 'seq', name=op.f('uq_handover_bundle_direction'))
    )
    op.create_index(op.f('ix_handover_bundle_peer_site_id'), 'handover_bundle', ['peer_site_id'], unique=False)
    op.create_table('handover_base',
    sa.Column('peer_site_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('hashes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('peer_site_id', 'case_id', name=op.f('pk_handover_base'))
    )
    op.create_table('handover_conflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('peer_site_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('local_hash', sa.String(length=64), nullable=True),
    sa.Column('incoming_hash', sa.String(length=64), nullable=True),
    sa.Column('incoming', sa.Text(), nullable=True),
    sa.Column('bundle_seq', sa.Integer(), nullable=False),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_conflict'))
    )
    op.create_index(op.f('ix_handover_conflict_case_id'), 'handover_conflict', ['case_id'], unique=False)
    op.create_index(op.f('ix_handover_conflict_peer_site_id'), 'handover_conflict', ['peer_site_id'], unique=False)
    op.create_index(op.f('ix_handover_conflict_row_id'), 'handover_conflict', ['row_id'], unique=False)
    op.create_table('imported_audit_event',
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=40), nullable=True),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('site_id', 'seq', name=op.f('pk_imported_audit_event'))
    )
    op.create_index(op.f('ix_imported_audit_event_case_id'), 'imported_audit_event', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_imported_audit_event_case_id'), table_name='imported_audit_event')
    op.drop_table('imported_audit_event')
    op.drop_index(op.f('ix_handover_conflict_row_id'), table_name='handover_conflict')
    op.drop_index(op.f('ix_handover_conflict_peer_site_id'), table_name='handover_conflict')
    op.drop_index(op.f('ix_handover_conflict_case_id'), table_name='handover_conflict')
    op.drop_table('handover_conflict')
    op.drop_table('handover_base')
    op.drop_index(op.f('ix_handover_bundle_peer_site_id'), table_name='handover_bundle')
    op.drop_table('handover_bundle')
    op.drop_table('handover_peer')
    op.drop_table('site_identity')
