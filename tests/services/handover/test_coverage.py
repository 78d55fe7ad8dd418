"""Every table is either carried by the hand-over bundle or named below as staying on its site,
with the reason: a new table cannot be forgotten silently (its rows would never reach the centre)."""

from __future__ import annotations

from mediation_app.storage.base import Base
from mediation_app.storage.handover import rows as R

# rows that only mean something on this site, or that each site makes for itself
SITE_ONLY = {
    "app_info": "the schema version and site settings of this database",
    "site_identity": "this site's own keys",
    "handover_peer": "hand-over bookkeeping: the paired sites",
    "handover_bundle": "hand-over bookkeeping: bundles made and read",
    "handover_base": "hand-over bookkeeping: the versions each peer last had",
    "handover_conflict": "hand-over bookkeeping: conflicts waiting for a person",
    "audit_event": "sent as its own part of the bundle and kept apart on arrival",
    "imported_audit_event": "the other sites' audit entries as received",
    "case_search": "search index, rebuilt from the cases on arrival",
    "case_term": "search index, rebuilt from the cases on arrival",
    "number_counter": "sent as its own part of the bundle (serials never go below either site's)",
    "case_stats_month": "statistics cache, recounted on arrival",
    "due_item": "what falls due in each case, derived from its records on arrival",
    "stats_setting": "each site's statistics settings",
    "stats_submission": "reports submitted from this site, frozen as they went",
    "stats_submission_cell": "cells of the reports submitted from this site",
    "dispute_code_version": "shipped official code lists",
    "dispute_code": "shipped official code lists",
    "dispute_code_map": "each site's mapping of its types onto the official codes",
    "warning_setting": "each site's warning rules and word list",
    "warning_pending": "cases changed here whose warnings are still to be computed (a site computes its own)",
    "search_pending": "cases imported here whose search index rows are still to be written (each site indexes its own)",
    "search_tune": "what this site's search index learnt of its own cases (each site tunes its own index)",
    "supervision_setting": "the centre's supervision setting",
    "market_setting": "each site's market settings",
    "calendar_day": "each site's corrections of the holiday calendar",
    "committee_membership": "sign-in roles of the accounts that work on this site",
    "form_draft": "unfinished forms of the person at this computer",
    "cli_session": "command-line sign-ins of the people at this site's computers",
    "import_batch": "spreadsheet imports done on this site",
    "imported_row": "spreadsheet imports done on this site (duplicate check)",
}

# rows that should travel and do not yet; each needs more than a line in rows.py
NOT_YET = {
    "case_routing": "a window's routing of a case to another committee: both committees' record",
}


def test_every_table_travels_or_is_named_as_staying() -> None:
    travelling = {*R.ALL_TABLES, R.LINKS}
    tables = {t.name for t in Base.metadata.sorted_tables}
    unaccounted = tables - travelling - SITE_ONLY.keys() - NOT_YET.keys()
    assert not unaccounted, f"say whether these travel (storage/handover/rows.py) or stay: {sorted(unaccounted)}"
    assert not (travelling & (SITE_ONLY.keys() | NOT_YET.keys())), "listed as staying but travelling"
    assert not (SITE_ONLY.keys() | NOT_YET.keys()) - tables, "listed tables that no longer exist"
