"""The lean tables of the command line's quick read (storage/quick_read.py) are the ORM's tables:
every column they declare exists in the model's table with the same type."""

from __future__ import annotations

from mediation_app.storage import quick_read
from mediation_app.storage.base import Base
from mediation_app.storage.models import CliSessionRecord  # noqa: F401  (registers every table)


def test_every_lean_column_is_the_models_column() -> None:
    lean = [quick_read.cli_session, quick_read.user_account, quick_read.membership, quick_read.committee,
            quick_read.mediator, quick_read.case, quick_read.case_term, quick_read.party, quick_read.case_party]
    for table in lean:
        model = Base.metadata.tables[table.name]
        for col in table.columns:
            assert col.name in model.c, f"{table.name}.{col.name}"
            theirs = model.c[col.name].type
            assert type(col.type) is type(theirs) or col.type.compile() == theirs.compile(), f"{table.name}.{col.name}"
            if hasattr(theirs, "length"):
                assert getattr(col.type, "length", None) == theirs.length, f"{table.name}.{col.name}"
