"""The search index: one row per (term, case), ordered by the case's registration day so that the
first page of a broad term is read in list order without gathering every match."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, ForeignKey, Integer, PrimaryKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base


class CaseTermRecord(Base):
    __tablename__ = "case_term"
    __table_args__ = (
        PrimaryKeyConstraint("term", "reg_day", "search_id"),
        {"sqlite_with_rowid": False},
    )
    term: Mapped[str] = mapped_column(String(40))
    reg_day: Mapped[int] = mapped_column(Integer)  # registered_on as a day number (date.toordinal)
    search_id: Mapped[int] = mapped_column(BigInteger)  # mediation_case.search_id


class CaseSearchRecord(Base):
    """What is indexed for each case, so that its terms can be removed when the case changes."""

    __tablename__ = "case_search"
    search_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reg_day: Mapped[int] = mapped_column(Integer)
    terms: Mapped[str] = mapped_column(Text)  # space-separated, packed (domain/search_terms.py pack_terms)


class SearchPendingRecord(Base):
    """A case whose records were committed by a hand-over import but whose index rows are not yet
    (re)written: the import marks it in its own transaction, the index step writes its rows and takes
    the mark away in committed batches, and a search says how many cases are still marked."""

    __tablename__ = "search_pending"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), primary_key=True)
    marked_at: Mapped[dt.datetime]
    # the case's terms, packed, when the import made them from records it wrote exactly as they came
    # (storage/handover/bundle_terms.py); the index step uses them while the case has no index rows yet
    terms: Mapped[str | None] = mapped_column(Text)


class SearchTuneRecord(Base):
    """What the index learnt of the data (storage/search_tune.py): the pairs of characters common
    enough that a run of three with two of them is indexed ("pair"), and the runs of three that are
    themselves common among the cases having their pairs and so are not ("dense")."""

    __tablename__ = "search_tune"
    term: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
