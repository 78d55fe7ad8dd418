"""One mapped ledger row read into the input of the service that creates its record, with every
problem of the row as a translated sentence naming the column. ID numbers and phones are checked
by the intake's own validation (``validate_party``), so the messages are the intake form's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mediation_app.domain.enums import DisputeType, PartyRole, RiskLevel
from mediation_app.domain.ledger_fields import LedgerKind, field_label
from mediation_app.domain.ledger_values import (
    HistoricalOutcome,
    SubtypeNames,
    cell_text,
    parse_count,
    parse_date,
    parse_dispute_kind,
    parse_dispute_type,
    parse_outcome,
    parse_risk,
    parse_routes,
    split_names,
)
from mediation_app.domain.money import parse_amount
from mediation_app.i18n import _
from mediation_app.services.imports.reader import Formula
from mediation_app.services.ledger import ItemInput
from mediation_app.services.market.read_models import MerchantInput
from mediation_app.services.parties import PartyInput, validate_party

# The party fields validate_party reports, and the ledger column each comes from.
_APPLICANT_COLUMNS = {"name": "applicant", "id_number": "id_number", "phone": "phone", "address": "address"}
_ID_COLUMNS = frozenset({"id_number", "respondent_id_number"})
_RESPONDENT_COLUMNS = {"name": "respondent", "id_number": "respondent_id_number", "phone": "respondent_phone"}


@dataclass(frozen=True, kw_only=True)
class HistoricalCase:
    """A past case as a ledger row gives it, ready for the historical import path."""

    number: str
    registered_on: dt.date
    closed_on: dt.date
    parties: tuple[PartyInput, ...]
    dispute_type: DisputeType
    facts: str
    outcome: HistoricalOutcome
    outcome_text: str
    amount: str
    agreement: str
    mediator: str
    routes: tuple[str, ...]
    place: str
    subtype_code: str | None = None  # a sub-type of the register the cell named
    subtype_label: str = ""


@dataclass
class ParsedRow:
    row: int
    values: dict[str, str]  # field key -> the cell's text (what the fingerprint is made of)
    problems: list[str] = field(default_factory=list)
    fingerprint: str = ""
    raw_fingerprint: str = ""
    notes: list[str] = field(default_factory=list)  # warnings the user should see; the row still imports
    case: HistoricalCase | None = None
    item: ItemInput | None = None
    item_result: str = ""
    merchant: MerchantInput | None = None


def _problem(kind: LedgerKind, key: str, message: str) -> str:
    return _("{column}: {problem}").format(column=field_label(kind, key), problem=message)


def mapped_values(kind: LedgerKind, mapping: dict[int, str],
                  cells: list[Any]) -> tuple[dict[str, str], dict[str, Any], list[str]]:
    """(field -> text, field -> cell value, problems): a formula cell in a mapped column is a
    problem, never evaluated."""
    values: dict[str, str] = {}
    raw: dict[str, Any] = {}
    problems: list[str] = []
    for col, key in mapping.items():
        value = cells[col] if col < len(cells) else None
        if isinstance(value, Formula):
            problems.append(_problem(kind, key, _("the cell holds the formula {text}, which is not calculated on "
                                                  "import; type the value (or paste values only).").format(text=value)))
            values[key] = str(value)
            continue
        if key in _ID_COLUMNS and isinstance(value, float) and value >= 1e14:
            problems.append(_problem(kind, key, _("the ID number was stored as a number and has lost its last "
                                                  "digits ({text}); format the column as text and type it again.")
                                     .format(text=cell_text(value))))
        raw[key] = value
        values[key] = cell_text(value)
    return values, raw, problems


def _date(kind: LedgerKind, key: str, raw: dict[str, Any], out: list[str], required: bool = False) -> dt.date | None:
    value, problem = parse_date(raw.get(key))
    if problem:
        out.append(_problem(kind, key, problem))
    elif value is None and required:
        out.append(_problem(kind, key, _("the date is empty.")))
    return value


def parse_case_row(row: int, values: dict[str, str], raw: dict[str, Any], problems: list[str], today: dt.date,
                   route_codes: set[str], subtypes: Sequence[SubtypeNames] = ()) -> ParsedRow:
    kind = LedgerKind.CASES
    parsed = ParsedRow(row=row, values=values, problems=problems)
    out = parsed.problems
    registered_on = _date(kind, "registered_on", raw, out, required=True)
    closed_on = _date(kind, "closed_on", raw, out)
    for key, day in (("registered_on", registered_on), ("closed_on", closed_on)):
        if day is not None and day > today:
            out.append(_problem(kind, key, _("{date} is in the future.").format(date=day.isoformat())))
    if registered_on and closed_on and closed_on < registered_on:
        out.append(_problem(kind, "closed_on", _("{date} is before the case was received ({received}).").format(
            date=closed_on.isoformat(), received=registered_on.isoformat())))
    dispute_type, subtype, problem = parse_dispute_kind(values.get("dispute_type", ""), subtypes)
    if problem:
        out.append(_problem(kind, "dispute_type", problem))
    outcome, problem = parse_outcome(values.get("result", ""))
    if problem:
        out.append(_problem(kind, "result", problem))
    amount = values.get("amount", "")
    checked = parse_amount(amount, allow_empty=True)
    if not checked.ok:
        out.append(_problem(kind, "amount", checked.errors[0].message))
    routes, problem = parse_routes(values.get("routes", ""), route_codes)
    if problem:
        out.append(_problem(kind, "routes", problem))
    parties = _parties(values, today, parsed)
    if out or registered_on is None or dispute_type is None or outcome is None:
        return parsed
    parsed.case = HistoricalCase(
        number=values.get("number", "").strip(), registered_on=registered_on, closed_on=closed_on or registered_on,
        parties=parties, dispute_type=dispute_type, facts=values.get("facts", ""), outcome=outcome,
        outcome_text=values.get("result", "").strip(), amount=amount, agreement=values.get("agreement", ""),
        mediator="".join(values.get("mediator", "").split()), routes=routes, place=values.get("place", ""),
        subtype_code=subtype.code if subtype else None, subtype_label=subtype.label if subtype else "",
    )
    return parsed


def _parties(values: dict[str, str], today: dt.date, parsed: ParsedRow) -> tuple[PartyInput, ...]:
    kind = LedgerKind.CASES
    applicants = split_names(values.get("applicant", ""))
    respondents = split_names(values.get("respondent", ""))
    if not applicants:
        parsed.problems.append(_problem(kind, "applicant", _("The party's name is required.")))
        return ()
    if "respondent" not in values and len(applicants) > 1:  # "张三、李四" in one 当事人 column
        applicants, respondents = applicants[:1], applicants[1:]
    parties: list[tuple[PartyInput, dict[str, str]]] = []
    for i, name in enumerate(applicants):
        first = i == 0
        parties.append((PartyInput(
            name=name, role=PartyRole.APPLICANT, id_number=values.get("id_number", "") if first else "",
            phone=values.get("phone", "") if first else "", address=(values.get("address") or None) if first else None,
            confirm_warnings=True), _APPLICANT_COLUMNS if first else {"name": "applicant"}))
    for i, name in enumerate(respondents):
        first = i == 0
        parties.append((PartyInput(
            name=name, role=PartyRole.RESPONDENT, id_number=values.get("respondent_id_number", "") if first else "",
            phone=values.get("respondent_phone", "") if first else "", confirm_warnings=True),
            _RESPONDENT_COLUMNS if first else {"name": "respondent"}))
    for p, columns in parties:
        _fields, errors, warnings = validate_party(p, today)
        for key, message in errors.items():
            column = columns.get(key)
            parsed.problems.append(_problem(kind, column, message) if column else f"{p.name}: {message}")
        for key, message in warnings.items():
            column = columns.get(key)
            parsed.notes.append(_problem(kind, column, message) if column else f"{p.name}: {message}")
    return tuple(p for p, _columns in parties)


def parse_screening_row(row: int, values: dict[str, str], raw: dict[str, Any], problems: list[str],
                        screeners_default: str) -> ParsedRow:
    kind = LedgerKind.SCREENING
    parsed = ParsedRow(row=row, values=values, problems=problems)
    out = parsed.problems
    screened_on = _date(kind, "screened_on", raw, out, required=True)
    deadline = _date(kind, "deadline", raw, out)
    dispute_type, problem = parse_dispute_type(values.get("dispute_type", ""))
    if problem:
        out.append(_problem(kind, "dispute_type", problem))
    risk, problem = parse_risk(values.get("risk_level", ""))
    if problem:
        out.append(_problem(kind, "risk_level", problem))
    persons, problem = parse_count(values.get("persons_involved", ""))
    if problem:
        out.append(_problem(kind, "persons_involved", problem))
    if out or screened_on is None or dispute_type is None:
        return parsed
    parsed.item = ItemInput(
        screened_on=screened_on, area=values.get("area", ""),
        screeners=values.get("screeners", "") or screeners_default, facts=values.get("facts", ""),
        parties_text=" ".join(values.get("parties_text", "").split()), dispute_type=dispute_type,
        phones=values.get("phones") or None, cause=values.get("cause") or None, persons_involved=persons,
        risk_level=risk or RiskLevel.BLUE, responsible=values.get("responsible") or None, deadline=deadline,
        measures=values.get("measures") or None)
    parsed.item_result = values.get("result", "").strip()
    return parsed


def parse_merchant_row(row: int, values: dict[str, str], problems: list[str]) -> ParsedRow:
    """A row of the market's list of merchants; a credit code whose check character does not match
    is a note (the row still imports, as the licence may be printed that way)."""
    from mediation_app.services.market.merchants import merchant_problems

    kind = LedgerKind.MERCHANTS
    parsed = ParsedRow(row=row, values=values, problems=problems)
    data = MerchantInput(
        stall_number=values.get("stall_number", ""), name=values.get("name", ""),
        business_type=values.get("business_type", ""), credit_code=values.get("credit_code", ""),
        operator_name=values.get("operator_name", ""), operator_phone=values.get("operator_phone", ""),
        contacts=values.get("contacts", ""), note=values.get("note", ""))
    clean, errors, warnings = merchant_problems(data, confirm_warnings=False)
    parsed.problems += [_problem(kind, key, message) for key, message in errors.items()]
    parsed.notes += [_problem(kind, key, message) for key, message in warnings.items()]
    if not parsed.problems:
        parsed.merchant = clean
    return parsed
