"""Finding cases through the token index (storage/search.py), the same SQL on SQLite and PostgreSQL.

A query part of one or two characters (or a pinyin prefix, a phone tail, a word) is one index
term; a longer part is found through its rarest term, its other terms are looked up for the same
case, and its text is checked within one field. The plan follows how selective the rarest term is:

- sorted by registration day (the list's default), the index rows of that term are read in list
  order, joined to their cases, and reading stops when a page is full — however broad the term;
- in any other order, a term matching fewer than ``GATHER_MAX`` cases is gathered and sorted,
  while a broader one walks the list's sort index and looks the term up for each case until the
  page is full.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, select
from sqlalchemy.orm import Session, aliased

from mediation_app.storage import search_sql
from mediation_app.storage.models import CasePartyRecord, CaseRecord, CaseTermRecord, PartyRecord, SearchTuneRecord
from mediation_app.storage.search_sql import GATHER_MAX, NO_MATCH, SearchPlan

__all__ = ["GATHER_MAX", "NO_MATCH", "SearchPlan", "checks_of", "day_of", "plan_search", "probes_of",
           "search_predicate", "where_matched_in", "within_one_field"]

TABLES = search_sql.SearchTables(case=CaseRecord.__table__, term=CaseTermRecord.__table__,
                                 party=PartyRecord.__table__, link=CasePartyRecord.__table__,
                                 tune=SearchTuneRecord.__table__)


def plan_search(session: Session, query: str, *, walked: bool = False) -> SearchPlan | None:
    """None when the query is empty; NO_MATCH when a term is in no case at all (search_sql.plan_search)."""
    return search_sql.plan_search(session, TABLES, query, walked=walked)


def within_one_field(text: str) -> ColumnElement[bool]:
    return search_sql.within_one_field(TABLES, text)


def day_of(session: Session, col: Any) -> Any:
    return search_sql.day_of(session.get_bind().dialect.name, col)


def probes_of(plan: SearchPlan, reg_day: Any, search_id: Any) -> list[ColumnElement[bool]]:
    return search_sql.probes_of(TABLES, plan, reg_day, search_id)


def checks_of(plan: SearchPlan) -> list[ColumnElement[bool]]:
    return search_sql.checks_of(TABLES, plan)


def search_predicate(session: Session, plan: SearchPlan | None) -> ColumnElement[bool] | None:
    """A WHERE clause on CaseRecord for any sort order (the list's default order walks the index
    itself, see storage/queries.py)."""
    if plan is None:
        return None
    if plan.empty:
        return false()
    if plan.rare:
        t = aliased(CaseTermRecord)
        ids = select(t.search_id).where(t.term == plan.driver, *probes_of(plan, t.reg_day, t.search_id))
        return and_(CaseRecord.search_id.in_(ids), *checks_of(plan))
    day = day_of(session, CaseRecord.registered_on)
    t = aliased(CaseTermRecord)
    found = exists().where(t.term == plan.driver, t.reg_day == day, t.search_id == CaseRecord.search_id)
    return and_(found, *probes_of(plan, day, CaseRecord.search_id), *checks_of(plan))


def where_matched_in(session: Session, case_ids: list[Any], query: str) -> dict[Any, tuple[str, str]]:
    return search_sql.where_matched_in(session, TABLES, case_ids, query)
