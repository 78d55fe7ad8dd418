"""Values of a record as a person reads them in the side-by-side conflict list: codes as their
labels, dates as dates, times in local time, amounts in yuan, yes/no, and the people and committees
an id points at by their names."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from mediation_app.domain.enums import enum_label
from mediation_app.domain.money import format_fen
from mediation_app.domain.record_fields import code_enum
from mediation_app.i18n import _
from mediation_app.storage.handover import rows as R

_NAME_OF = {"mediator": "name", "user_account": "display_name", "committee": "name", "party": "name"}


class FieldWords:
    def __init__(self, session: Any, table: str, versions: Iterable[Mapping[str, Any]]) -> None:
        self.table = table
        codec = R.CODECS[table]
        self.kinds = dict(zip(codec.columns, codec.kinds, strict=True))
        self.targets: dict[str, str] = {}
        for col in codec.columns:
            for fk in codec.table.c[col].foreign_keys:
                if fk.column.table.name in _NAME_OF:
                    self.targets[col] = fk.column.table.name
        wanted: dict[str, set[uuid.UUID]] = {}
        for version in versions:
            for col, target in self.targets.items():
                value = version.get(col)
                if value:
                    wanted.setdefault(target, set()).add(uuid.UUID(str(value)))
        self.names: dict[str, str] = {}
        for target, ids in wanted.items():
            at = R.CODECS[target].columns.index(_NAME_OF[target])
            for key, row in R.rows_by_id(session, target, ids).items():
                self.names[key.hex] = str(row[at] or "")

    def text(self, column: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        enum = code_enum(self.table, column)
        if enum is not None:
            return enum_label(str(value), enum)
        kind = self.kinds.get(column)
        if kind == "bool":
            return _("Yes") if value in (1, True, "1") else _("No")
        if kind == "datetime":
            moment = dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC).astimezone()
            return moment.strftime("%Y-%m-%d %H:%M")
        if column in self.targets:
            return self.names.get(uuid.UUID(str(value)).hex, _("(not on this site)"))
        if column.endswith("_fen") and isinstance(value, int):
            return format_fen(value)
        return str(value)
