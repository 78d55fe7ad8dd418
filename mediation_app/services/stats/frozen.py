"""A report as plain JSON and back, so a submitted report is re-exported exactly as submitted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from mediation_app.domain.statistics import Definitions, Period, PeriodKind
from mediation_app.services.stats.model import (
    Basis,
    CodeVersion,
    Column,
    ColumnGroup,
    Measure,
    Row,
    RowKind,
    StatsReport,
    Unit,
)


def report_to_dict(r: StatsReport) -> dict[str, Any]:
    return {
        "title": r.title,
        "period": {"kind": r.period.kind.value, "year": r.period.year, "number": r.period.number},
        "version": {"code": r.version.code, "name": r.version.name, "note": r.version.note},
        "definitions": r.definitions.as_dict(),
        "footnotes": list(r.footnotes),
        "groups": [{
            "key": g.key, "title": g.title, "section": g.section,
            "columns": [{
                "key": c.key, "heading": c.heading, "subheading": c.subheading, "unit": c.unit.value,
                "code": c.code, "code_value": c.code_value, "basis": c.basis.value, "measure": c.measure.value,
                "match": [[n, list(v)] for n, v in c.match],
            } for c in g.columns],
        } for g in r.groups],
        "rows": [{"key": w.key, "label": w.label, "kind": w.kind.value,
                  "committee_ids": [i.hex for i in w.committee_ids]} for w in r.rows],
        "values": [[row, col, v] for (row, col), v in sorted(r.values.items())],
        "generated_at": r.generated_at.isoformat(),
        "reporting_committee": r.reporting_committee,
    }


def report_from_dict(d: dict[str, Any]) -> StatsReport:
    import uuid

    p = d["period"]
    return StatsReport(
        title=d["title"],
        period=Period(kind=PeriodKind(p["kind"]), year=p["year"], number=p["number"]),
        version=CodeVersion(**d["version"]),
        definitions=Definitions.from_dict(d["definitions"]),
        footnotes=tuple(d["footnotes"]),
        groups=tuple(ColumnGroup(key=g["key"], title=g["title"], section=g["section"], columns=tuple(
            Column(key=c["key"], heading=c["heading"], subheading=c["subheading"], unit=Unit(c["unit"]),
                   code=c["code"], code_value=c["code_value"], basis=Basis(c["basis"]), measure=Measure(c["measure"]),
                   match=tuple((n, tuple(v)) for n, v in c["match"]))
            for c in g["columns"])) for g in d["groups"]),
        rows=tuple(Row(key=w["key"], label=w["label"], kind=RowKind(w["kind"]),
                       committee_ids=tuple(uuid.UUID(i) for i in w["committee_ids"])) for w in d["rows"]),
        values={(row, col): v for row, col, v in d["values"]},
        generated_at=dt.datetime.fromisoformat(d["generated_at"]),
        reporting_committee=d.get("reporting_committee", ""),
    )


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(report: dict[str, Any], cells: dict[str, list[str]]) -> str:
    """SHA-256 of the report and the ids behind every cell (the submission's hash)."""
    return hashlib.sha256(canonical({"report": report, "cells": cells}).encode()).hexdigest()
