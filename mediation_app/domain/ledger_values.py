"""Reading the values offices type into ledger cells: dates (2026.3.5, 2026年3月5日, 2026/3/5,
2026-03-05, Excel serial numbers), dispute types, outcomes, risk grades and the routes the parties
were told of, written in their own words. Every function returns a value or one translated
sentence saying what is wrong; none raises on bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mediation_app.domain.enums import DisputeType, RiskLevel
from mediation_app.i18n import _

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap-year bug included)
_DATE = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{4,5}(?:\.\d+)?$")


def _compact(text: str) -> str:
    """A cell's text as compared: full-width forms folded (NFKC), no white space anywhere."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """(date, None), (None, None) for an empty cell, or (None, the reason)."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value), str(value))
    text = "".join(unicodedata.normalize("NFKC", str(value)).split(" ")).strip()
    if not text:
        return None, None
    match = _DATE.match(text) or _COMPACT.match(text)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))), None
        except ValueError:
            return None, _("{text} is not a date that exists.").format(text=text)
    if _SERIAL.match(text):
        return _serial(float(text), text)
    return None, _("{text} is not a date; write it as 2026.3.5, 2026年3月5日 or 2026/3/5.").format(text=text)


def _serial(number: float, text: str) -> tuple[dt.date | None, str | None]:
    if 1 <= number < 2958466:  # up to 9999-12-31
        return EXCEL_EPOCH + dt.timedelta(days=int(number)), None
    return None, _("{text} is not a date; write it as 2026.3.5, 2026年3月5日 or 2026/3/5.").format(text=text)


def cell_text(value: object) -> str:
    """A cell as the text the office typed: numbers without a stray ".0", dates as 2026-03-05,
    formulas as their text (they are never evaluated)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# -- dispute types ----------------------------------------------------------------------------
_TYPE_WORDS: tuple[tuple[str, DisputeType], ...] = (
    ("婚姻", DisputeType.MARRIAGE_FAMILY), ("家庭", DisputeType.MARRIAGE_FAMILY), ("继承", DisputeType.MARRIAGE_FAMILY),
    ("赡养", DisputeType.MARRIAGE_FAMILY), ("抚养", DisputeType.MARRIAGE_FAMILY), ("邻里", DisputeType.NEIGHBOUR),
    ("宅基地", DisputeType.HOUSING_HOMESTEAD), ("房屋", DisputeType.HOUSING_HOMESTEAD),
    ("合同", DisputeType.CONTRACT), ("借贷", DisputeType.CONTRACT), ("欠款", DisputeType.CONTRACT),
    ("生产经营", DisputeType.PRODUCTION_BUSINESS), ("经营", DisputeType.PRODUCTION_BUSINESS),
    ("损害赔偿", DisputeType.DAMAGES), ("赔偿", DisputeType.DAMAGES), ("山林", DisputeType.FOREST_LAND),
    ("土地", DisputeType.FOREST_LAND), ("草场", DisputeType.FOREST_LAND), ("征地", DisputeType.LAND_ACQUISITION),
    ("拆迁", DisputeType.LAND_ACQUISITION), ("环境", DisputeType.ENVIRONMENT), ("污染", DisputeType.ENVIRONMENT),
    ("劳动", DisputeType.LABOUR), ("劳务", DisputeType.LABOUR), ("工资", DisputeType.LABOUR),
    ("消费", DisputeType.CONSUMER), ("医疗", DisputeType.MEDICAL), ("医患", DisputeType.MEDICAL),
    ("交通", DisputeType.TRAFFIC), ("物业", DisputeType.PROPERTY_MANAGEMENT), ("其他", DisputeType.OTHER),
    ("其它", DisputeType.OTHER),
)


def parse_dispute_type(text: str) -> tuple[DisputeType | None, str | None]:
    s = _compact(text)
    if not s:
        return None, _("The type of dispute is empty.")
    for member in DisputeType:
        if s in (member.value, member.label()):
            return member, None
    for word, member in _TYPE_WORDS:
        if word in s:
            return member, None
    return None, _("“{text}” is not a type of dispute this application knows (e.g. 婚姻家庭, 邻里, 合同, "
                   "损害赔偿, 劳动争议, 其他).").format(text=s)


@dataclass(frozen=True)
class SubtypeNames:
    """A sub-type of the register as a ledger may name it: its code, the type it rolls up into, and
    its name in every language (a committee's own sub-types too)."""

    code: str
    core: DisputeType
    names: tuple[str, ...]
    label: str = ""  # as the user reads it now


# words ledgers use for a market sub-type besides its name (domain.md §3.2 and §4.8)
_SUBTYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("农民工", "unpaid_wages"), ("缺斤", "short_weight"), ("短两", "short_weight"), ("短秤", "short_weight"),
    ("货款", "payment_arrears"), ("摊位", "stall_lease"), ("运输", "transit_damage"),
)


def parse_dispute_kind(text: str, subtypes: Sequence[SubtypeNames] = ()
                       ) -> tuple[DisputeType | None, SubtypeNames | None, str | None]:
    """(type, the sub-type or None, None) or (None, None, the reason). A cell naming a sub-type of
    the register ("运输损坏", "合同纠纷（货款拖欠）", "拖欠农民工工资") keeps it, unless the type it also
    names is another one ("道路交通运输事故" is traffic, not transit damage)."""
    core, problem = parse_dispute_type(text)
    s = _compact(text)
    if not s:
        return None, None, problem
    by_code = {sub.code: sub for sub in subtypes}
    named = sorted(((n, sub) for sub in subtypes for n in sub.names if len(n) >= 2),
                   key=lambda item: -len(item[0]))  # the longest name first: "其他消费" before "消费"
    found = next((sub for n, sub in named if _compact(n) in s), None)
    if found is None:
        found = next((by_code[code] for word, code in _SUBTYPE_WORDS if word in s and code in by_code), None)
    if found is not None and (core is None or core is found.core):
        return found.core, found, None
    return core, None, problem


# -- outcomes of past cases -------------------------------------------------------------------
class HistoricalOutcome(StrEnum):
    WRITTEN_AGREEMENT = "written_agreement"
    ORAL_AGREEMENT = "oral_agreement"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"

    def label(self) -> str:
        return {
            "written_agreement": _("written agreement reached"),
            "oral_agreement": _("oral agreement reached"),
            "failed": _("mediation failed (terminated)"),
            "withdrawn": _("withdrawn by a party"),
            "refused": _("not accepted"),
        }[self.value]


# Order matters: "调解不成功" contains "成功", "未达成协议" contains "达成协议".
_OUTCOME_WORDS: tuple[tuple[str, HistoricalOutcome], ...] = (
    ("不予受理", HistoricalOutcome.REFUSED), ("不受理", HistoricalOutcome.REFUSED),
    ("撤回", HistoricalOutcome.WITHDRAWN), ("撤销申请", HistoricalOutcome.WITHDRAWN),
    ("不成", HistoricalOutcome.FAILED), ("未成", HistoricalOutcome.FAILED), ("失败", HistoricalOutcome.FAILED),
    ("未达成", HistoricalOutcome.FAILED), ("终止", HistoricalOutcome.FAILED), ("未调解", HistoricalOutcome.FAILED),
    ("口头", HistoricalOutcome.ORAL_AGREEMENT),
    ("书面", HistoricalOutcome.WRITTEN_AGREEMENT), ("成功", HistoricalOutcome.WRITTEN_AGREEMENT),
    ("达成", HistoricalOutcome.WRITTEN_AGREEMENT), ("协议", HistoricalOutcome.WRITTEN_AGREEMENT),
    ("调解结案", HistoricalOutcome.WRITTEN_AGREEMENT), ("已调处", HistoricalOutcome.WRITTEN_AGREEMENT),
)


def parse_outcome(text: str) -> tuple[HistoricalOutcome | None, str | None]:
    s = _compact(text)
    if not s:
        return None, _("The outcome is empty; a past case is imported in its final state.")
    for member in HistoricalOutcome:
        if s == member.value:
            return member, None
    for word, member in _OUTCOME_WORDS:
        if word in s:
            return member, None
    return None, _("“{text}” is not an outcome this application understands (调解成功, 口头协议, 调解不成, "
                   "撤回, 不予受理).").format(text=s)


# -- routes and risk grades -------------------------------------------------------------------
_ROUTE_WORDS: tuple[tuple[str, str], ...] = (
    ("劳动仲裁", "labour_arbitration"), ("劳动争议仲裁", "labour_arbitration"), ("仲裁", "arbitration"),
    ("诉讼", "lawsuit"), ("起诉", "lawsuit"), ("法院", "lawsuit"), ("市场监管", "market_regulation"),
    ("工商", "market_regulation"), ("乡镇", "township"), ("街道", "township"), ("公安", "police"),
    ("派出所", "police"), ("报警", "police"), ("行政", "administrative"), ("主管部门", "administrative"),
    ("诉调", "court_mediation"),
)


def parse_routes(text: str, known: set[str]) -> tuple[tuple[str, ...], str | None]:
    """Route codes named in ``text`` (words or codes, separated any way), among ``known``."""
    s = unicodedata.normalize("NFKC", text or "")
    if not s.strip():
        return (), None
    found: list[str] = []
    for part in re.split(r"[,，、;；/\s]+", s):
        if part in known and part not in found:
            found.append(part)
    for word, code in _ROUTE_WORDS:
        if word in s and code in known and code not in found:
            if code == "arbitration" and "labour_arbitration" in found:
                continue
            if code == "lawsuit" and "court_mediation" in found and "诉讼" not in s and "起诉" not in s:
                continue
            found.append(code)
    if not found:
        return (), _("“{text}” names no route this application knows (诉讼, 仲裁, 行政部门, 公安 …).").format(
            text=s.strip())
    return tuple(found), None


_RISK_WORDS = (("红", RiskLevel.RED), ("橙", RiskLevel.ORANGE), ("黄", RiskLevel.YELLOW), ("蓝", RiskLevel.BLUE),
               ("较高", RiskLevel.ORANGE), ("高", RiskLevel.RED), ("中", RiskLevel.YELLOW), ("低", RiskLevel.BLUE),
               ("一般", RiskLevel.BLUE))


def parse_risk(text: str) -> tuple[RiskLevel | None, str | None]:
    s = _compact(text)
    if not s:
        return RiskLevel.BLUE, None
    for member in RiskLevel:
        if s in (member.value, member.label()):
            return member, None
    for word, member in _RISK_WORDS:
        if word in s:
            return member, None
    return None, _("“{text}” is not a risk grade (蓝, 黄, 橙, 红).").format(text=s)


def parse_count(text: str) -> tuple[int | None, str | None]:
    s = _compact(text).removesuffix("人")
    if not s:
        return None, None
    if s.isdigit():
        return int(s), None
    return None, _("“{text}” is not a number of persons.").format(text=s)


def split_names(text: str) -> list[str]:
    """Several names in one cell: "张三、李四" or "张三，李四" or one per line."""
    return [p for p in (x.strip() for x in re.split(r"[、,，;；/\n]+", text or "")) if p]


def row_fingerprint(kind: str, values: dict[str, str]) -> str:
    """The content of one mapped row, independent of the file, its column order and blanks around
    words: importing the same ledger again (or the same row in another file) finds it."""
    canonical = {k: " ".join(unicodedata.normalize("NFKC", v).split()) for k, v in sorted(values.items()) if v}
    body = json.dumps([kind, canonical], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def raw_fingerprint(kind: str, cells: dict[str, str]) -> str:
    """Every non-empty cell of the row under its (normalised) header, whatever was mapped: the same
    row imported again with another mapping is still recognised."""
    return row_fingerprint(kind + ":raw", cells)
