"""statistics: versioned dispute-type code lists, case facts for the report, screening rounds,
prevention events, report settings and submitted reports

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-30

The three national dispute-type lists (statistics-forms.md §1.3) are seeded with the mapping of
every dispute type onto each; sub-types count under their type's code unless mapped otherwise.
Existing cases get their resolved form, performance and judicial confirmation from their records.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None

STATS_INDEX = [
    "committee_id", "status", "source", "dispute_type", "subtype_code", "complexity", "migrant_wages",
    "resolved_form", "performed", "confirmation", "accepted_on", "closed_on", "persons_involved", "amount_fen", "id",
]

# (code, name, note, sort, wage_code, wage_attribute, fallback)
VERSIONS = [
    ("A2010", "纠纷类型（15类，约2010—2015年）", "婚姻家庭 … 物业、其他", 1, None, False, "15"),
    ("B2016", "纠纷类型（18类，约2016—2019年）", "拆分劳动争议与消费纠纷", 2, "10", False, "18"),
    ("C2020", "纠纷类型（01—17、99，约2020年起）", "增加知识产权、互联网；农民工工资为属性", 3, None, True, "99"),
]
CODES = {
    "A2010": ["婚姻家庭纠纷", "邻里纠纷", "房屋宅基地纠纷", "合同纠纷", "生产经营纠纷", "损害赔偿纠纷", "山林土地纠纷",
              "征地拆迁纠纷", "环境污染纠纷", "劳动争议纠纷", "消费纠纷", "医疗纠纷", "道路交通事故纠纷", "物业纠纷",
              "其他纠纷"],
    "B2016": ["婚姻家庭纠纷", "邻里纠纷", "房屋宅基地纠纷", "合同纠纷", "生产经营纠纷", "损害赔偿纠纷", "山林土地纠纷",
              "征地拆迁纠纷", "环境污染纠纷", "拖欠农民工工资纠纷", "其他劳动争议纠纷", "旅游纠纷", "电子商务纠纷",
              "其他消费纠纷", "医疗纠纷", "道路交通事故纠纷", "物业纠纷", "其他纠纷"],
    "C2020": ["婚姻家庭纠纷", "邻里纠纷", "房产宅基地纠纷", "合同纠纷", "生产经营纠纷", "损害赔偿纠纷", "山林土地纠纷",
              "征地拆迁纠纷", "环境污染纠纷", "劳动争议纠纷", "旅游纠纷", "消费纠纷", "医疗纠纷", "道路交通事故纠纷",
              "物业管理纠纷", "知识产权纠纷", "互联网纠纷"],
}
TYPES = ["marriage_family", "neighbour", "housing_homestead", "contract", "production_business", "damages",
         "forest_land", "land_acquisition", "environment", "labour", "consumer", "medical", "traffic",
         "property_management", "other"]
TYPE_CODES = {
    "A2010": [f"{i:02d}" for i in range(1, 16)],
    "B2016": ["01", "02", "03", "04", "05", "06", "07", "08", "09", "11", "14", "15", "16", "17", "18"],
    "C2020": ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "15", "99"],
}
SUBTYPE_CODES = {"B2016": {"unpaid_wages": "10"}}


def _codes(version: str) -> list[tuple[str, str]]:
    labels = CODES[version]
    codes = [f"{i:02d}" for i in range(1, len(labels) + 1)]
    if version == "C2020":
        labels = [*labels, "其他纠纷"]
        codes = [*codes, "99"]
    return list(zip(codes, labels, strict=True))


def upgrade() -> None:
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_body', sa.String(length=20), nullable=True))
    op.execute("UPDATE committee SET form_body = CASE kind WHEN 'village' THEN 'village' "
               "WHEN 'township' THEN 'township' WHEN 'enterprise' THEN 'enterprise' "
               "WHEN 'centre' THEN 'street' ELSE 'industry' END")
    # plain ALTER TABLE ADD COLUMN (no batch copy: that would drop the expression indexes of 0004)
    op.add_column('mediation_case', sa.Column('migrant_wages', sa.Boolean(), server_default=sa.false(),
                                              nullable=False))
    op.add_column('mediation_case', sa.Column('resolved_form', sa.String(length=10), nullable=True))
    op.add_column('mediation_case', sa.Column('performed', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('mediation_case', sa.Column('confirmation', sa.String(length=10), nullable=True))
    op.create_index('ix_case_stats', 'mediation_case', STATS_INDEX, unique=False)
    op.create_index('ix_case_closed_on', 'mediation_case', ['closed_on'], unique=False)
    # the facts of existing cases, from their records (the same rules as storage/stats_facts.py)
    op.execute(
        "UPDATE mediation_case SET subtype_code = NULLIF(subtype_code, ''), complexity = NULLIF(complexity, ''), "
        "resolved_form = (SELECT a.form FROM agreement a WHERE a.case_id = mediation_case.id "
        "AND a.superseded = false AND a.effective_on IS NOT NULL ORDER BY a.effective_on DESC, a.form DESC LIMIT 1), "
        "performed = (EXISTS (SELECT 1 FROM performance_event p WHERE p.case_id = mediation_case.id "
        "AND p.kind = 'performed') OR EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = mediation_case.id "
        "AND f.performance_status = 'performed')), "
        "confirmation = (SELECT CASE WHEN count(*) = 0 THEN NULL "
        "WHEN sum(CASE WHEN j.outcome = 'confirmed' THEN 1 ELSE 0 END) > 0 THEN 'confirmed' ELSE 'applied' END "
        "FROM judicial_confirmation j WHERE j.case_id = mediation_case.id)"
    )
    _monthly_counts()
    version = op.create_table(
        'dispute_code_version',
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('sort', sa.Integer(), nullable=False),
        sa.Column('wage_code', sa.String(length=10), nullable=True),
        sa.Column('wage_attribute', sa.Boolean(), nullable=False),
        sa.Column('fallback_code', sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_dispute_code_version')),
    )
    code = op.create_table(
        'dispute_code',
        sa.Column('version_code', sa.String(length=20), nullable=False),
        sa.Column('code', sa.String(length=10), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('sort', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['version_code'], ['dispute_code_version.code'],
                                name=op.f('fk_dispute_code_version_code_dispute_code_version'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('version_code', 'code', name=op.f('pk_dispute_code')),
    )
    mapping = op.create_table(
        'dispute_code_map',
        sa.Column('version_code', sa.String(length=20), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('code', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['version_code'], ['dispute_code_version.code'],
                                name=op.f('fk_dispute_code_map_version_code_dispute_code_version'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('version_code', 'kind', 'key', name=op.f('pk_dispute_code_map')),
    )
    op.bulk_insert(version, [
        {"code": c, "name": n, "note": note, "sort": s, "wage_code": w, "wage_attribute": wa, "fallback_code": f}
        for c, n, note, s, w, wa, f in VERSIONS
    ])
    op.bulk_insert(code, [
        {"version_code": v, "code": c, "label": label, "sort": i}
        for v in CODES for i, (c, label) in enumerate(_codes(v))
    ])
    op.bulk_insert(mapping, [
        {"version_code": v, "kind": "type", "key": t, "code": c}
        for v, codes in TYPE_CODES.items() for t, c in zip(TYPES, codes, strict=True)
    ] + [
        {"version_code": v, "kind": "subtype", "key": k, "code": c}
        for v, subs in SUBTYPE_CODES.items() for k, c in subs.items()
    ])
    op.create_table(
        'screening_round',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('area', sa.String(length=200), nullable=False),
        sa.Column('screeners', sa.String(length=200), nullable=False),
        sa.Column('found', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('recorded_by', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_screening_round_committee_id_committee')),
        sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'],
                                name=op.f('fk_screening_round_recorded_by_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_round')),
    )
    op.create_index('ix_screening_round_committee_on', 'screening_round', ['committee_id', 'held_on'], unique=False)
    op.create_table(
        'prevention_event',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('persons', sa.Integer(), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_prevention_event_committee_id_committee')),
        sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'],
                                name=op.f('fk_prevention_event_case_id_mediation_case'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'],
                                name=op.f('fk_prevention_event_recorded_by_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prevention_event')),
    )
    op.create_index('ix_prevention_event_committee_on', 'prevention_event', ['committee_id', 'on'], unique=False)
    op.create_index(op.f('ix_prevention_event_case_id'), 'prevention_event', ['case_id'], unique=False)
    op.create_table(
        'stats_setting',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_stats_setting')),
    )
    op.create_table(
        'stats_submission',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('period', sa.String(length=10), nullable=False),
        sa.Column('committees', sa.Text(), nullable=False),
        sa.Column('version_code', sa.String(length=20), nullable=False),
        sa.Column('definitions', sa.Text(), nullable=False),
        sa.Column('report', sa.Text(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('submitted_by', sa.Uuid(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['submitted_by'], ['user_account.id'],
                                name=op.f('fk_stats_submission_submitted_by_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stats_submission')),
    )
    op.create_index(op.f('ix_stats_submission_period'), 'stats_submission', ['period'], unique=False)
    op.create_table(
        'stats_submission_cell',
        sa.Column('submission_id', sa.Uuid(), nullable=False),
        sa.Column('row_key', sa.String(length=40), nullable=False),
        sa.Column('column_key', sa.String(length=60), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.Column('case_ids', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['submission_id'], ['stats_submission.id'],
                                name=op.f('fk_stats_submission_cell_submission_id_stats_submission'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('submission_id', 'row_key', 'column_key', name=op.f('pk_stats_submission_cell')),
    )


SUMMARY_KEYS = ("committee_id", "anchor", "month", "counted", "source", "dispute_type", "subtype_code", "complexity",
                "migrant_wages", "resolved_form", "performed", "confirmation")


def _monthly_counts() -> None:
    """The report's monthly counts, from the existing cases (storage/stats_facts.py keeps them after)."""
    table = op.create_table(
        'case_stats_month',
        sa.Column('committee_id', sa.Uuid(), nullable=False),
        sa.Column('anchor', sa.String(length=10), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('counted', sa.Boolean(), nullable=False),
        sa.Column('source', sa.String(length=30), nullable=False),
        sa.Column('dispute_type', sa.String(length=30), nullable=False),
        sa.Column('subtype_code', sa.String(length=60), nullable=False),
        sa.Column('complexity', sa.String(length=20), nullable=False),
        sa.Column('migrant_wages', sa.Boolean(), nullable=False),
        sa.Column('resolved_form', sa.String(length=10), nullable=False),
        sa.Column('performed', sa.Boolean(), nullable=False),
        sa.Column('confirmation', sa.String(length=10), nullable=False),
        sa.Column('cases', sa.BigInteger(), nullable=False),
        sa.Column('persons', sa.BigInteger(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_case_stats_month_committee_id_committee')),
        sa.PrimaryKeyConstraint(*SUMMARY_KEYS, name=op.f('pk_case_stats_month')),
    )
    cases = sa.table('mediation_case', *(sa.column(c) for c in (
        'committee_id', 'accepted_on', 'closed_on', 'status', 'source', 'dispute_type', 'subtype_code', 'complexity',
        'migrant_wages', 'resolved_form', 'performed', 'confirmation', 'persons_involved', 'amount_fen')))
    cases.c.committee_id.type = sa.Uuid()
    cases.c.accepted_on.type = sa.Date()
    cases.c.closed_on.type = sa.Date()
    counts: dict[tuple[object, ...], list[int]] = {}
    for (committee_id, accepted_on, closed_on, status, source, dispute_type, subtype, complexity, wages, form,
         performed, confirmation, persons, amount) in op.get_bind().execute(sa.select(*cases.c)):
        facts = (status not in ('registered', 'refused', 'voided'), source, dispute_type, subtype or '',
                 complexity or '', bool(wages), form or '', bool(performed), confirmation or '')
        for anchor, day in (('accepted', accepted_on), ('closed', closed_on)):
            if day is not None:
                entry = counts.setdefault((committee_id, anchor, day.year * 100 + day.month, *facts), [0, 0, 0])
                entry[0] += 1
                entry[1] += persons or 0
                entry[2] += amount or 0
    rows = [dict(zip(SUMMARY_KEYS, k, strict=True), cases=v[0], persons=v[1], amount=v[2]) for k, v in counts.items()]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table('case_stats_month')
    op.drop_table('stats_submission_cell')
    op.drop_index(op.f('ix_stats_submission_period'), table_name='stats_submission')
    op.drop_table('stats_submission')
    op.drop_table('stats_setting')
    op.drop_index(op.f('ix_prevention_event_case_id'), table_name='prevention_event')
    op.drop_index('ix_prevention_event_committee_on', table_name='prevention_event')
    op.drop_table('prevention_event')
    op.drop_index('ix_screening_round_committee_on', table_name='screening_round')
    op.drop_table('screening_round')
    op.drop_table('dispute_code_map')
    op.drop_table('dispute_code')
    op.drop_table('dispute_code_version')
    op.drop_index('ix_case_closed_on', table_name='mediation_case')
    op.drop_index('ix_case_stats', table_name='mediation_case')
    for column in ('confirmation', 'performed', 'resolved_form', 'migrant_wages'):
        op.drop_column('mediation_case', column)  # SQLite ≥ 3.35 drops a plain column in place
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_column('form_body')
