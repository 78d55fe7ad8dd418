"""ledger imports: batches and the provenance and fingerprint of every imported row

Revision ID: 0015
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'import_batch',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('file_name', sa.String(length=300), nullable=False),
        sa.Column('file_sha256', sa.String(length=64), nullable=False),
        sa.Column('mapping', sa.Text(), nullable=False),
        sa.Column('rows_created', sa.Integer(), nullable=False),
        sa.Column('rows_skipped', sa.Integer(), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('by_user_id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['by_user_id'], ['user_account.id'], name=op.f('fk_import_batch_by_user_id_user_account')),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_import_batch_committee_id_committee')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch')),
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_batch_file_sha256'), ['file_sha256'], unique=False)
    op.create_table(
        'imported_row',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('batch_id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('raw_fingerprint', sa.String(length=64), nullable=False),
        sa.Column('row_number', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=True),
        sa.Column('ledger_item_id', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_imported_row_batch_id_import_batch'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_imported_row_case_id_mediation_case'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_imported_row_committee_id_committee')),
        sa.ForeignKeyConstraint(['ledger_item_id'], ['ledger_item.id'],
                                name=op.f('fk_imported_row_ledger_item_id_ledger_item'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_row')),
        sa.UniqueConstraint('committee_id', 'kind', 'fingerprint', name=op.f('uq_imported_row_committee_id')),
    )
    with op.batch_alter_table('imported_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_row_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_row_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_row_raw_fingerprint'), ['raw_fingerprint'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('imported_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_row_raw_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_imported_row_case_id'))
        batch_op.drop_index(batch_op.f('ix_imported_row_batch_id'))
    op.drop_table('imported_row')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_file_sha256'))
        batch_op.drop_index(batch_op.f('ix_import_batch_committee_id'))
    op.drop_table('import_batch')
