"""Risk early warning (命案风险预警, 民转刑): the rules, the word list and what a review decides.

A warning is computed from the records; it never changes a risk level by itself. It asks the
mediator or the committee head to review the case, and the review is recorded (domain §4.5).
Pure rules only: the word list is parsed and matched here, the records are read by storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mediation_app.domain.enums import DisputeType, Labelled
from mediation_app.i18n import N_, _


class WarningRule(Labelled):
    REPEAT_PARTIES = "repeat_parties"  # the same parties in a new dispute within N months
    FAMILY_RECURRING = "family_recurring"  # a family or neighbour dispute between the same parties again
    WORDS = "words"  # words of threat, weapons or self-harm in the records
    OVERDUE_SUPPORT = "overdue_support"  # a maintenance or wage agreement falling overdue
    RISK_ROSE = "risk_rose"  # a risk level raised in the last N weeks
    NO_ROUTE = "no_route"  # a terminated dispute with no route taken


WarningRule._LABELS = {  # type: ignore[attr-defined]
    "repeat_parties": N_("Same parties in a new dispute"),
    "family_recurring": N_("Family or neighbour dispute recurring"),
    "words": N_("Words of threat, weapons or self-harm"),
    "overdue_support": N_("Maintenance or wage agreement overdue"),
    "risk_rose": N_("Risk level raised recently"),
    "no_route": N_("Terminated with no route taken"),
}


class ReviewDecision(Labelled):
    RAISE = "raise"  # the risk level is raised through the risk grading
    KEEP = "keep"  # the level stays; containment measures recorded


ReviewDecision._LABELS = {  # type: ignore[attr-defined]
    "raise": N_("Raise the risk level"),
    "keep": N_("Keep the risk level"),
}


class WordKind(Labelled):
    THREAT = "threat"
    WEAPON = "weapon"
    SELF_HARM = "self_harm"
    EXCLUDE = "exclude"


WordKind._LABELS = {  # type: ignore[attr-defined]
    "threat": N_("Threats"),
    "weapon": N_("Weapons"),
    "self_harm": N_("Self-harm"),
    "exclude": N_("Not a warning (exclusion phrases)"),
}


# the headings of the word list file, in Chinese as the administrator edits it (English accepted too)
HEADINGS: dict[str, WordKind] = {
    "威胁": WordKind.THREAT, "凶器": WordKind.WEAPON, "自伤": WordKind.SELF_HARM, "排除": WordKind.EXCLUDE,
    "威脅": WordKind.THREAT, "兇器": WordKind.WEAPON, "自傷": WordKind.SELF_HARM,  # typed in Traditional
    "threat": WordKind.THREAT, "weapon": WordKind.WEAPON, "self_harm": WordKind.SELF_HARM,
    "exclude": WordKind.EXCLUDE,
}
HEADING_OF: dict[WordKind, str] = {WordKind.THREAT: "威胁", WordKind.WEAPON: "凶器", WordKind.SELF_HARM: "自伤",
                                   WordKind.EXCLUDE: "排除"}
FAMILY_TYPES = (DisputeType.MARRIAGE_FAMILY.value, DisputeType.NEIGHBOUR.value)
SUPPORT_SUBTYPES = ("support_alimony", "unpaid_wages", "porter_wages")
SUPPORT_WORDS = ("赡养", "抚养", "扶养", "抚育", "生活费", "工资", "工钱", "劳务费", "薪")
MAX_WORD = 40  # characters of one word or phrase
_HEADING = re.compile(r"^\[\s*([^\]]+?)\s*\]$")


@dataclass(frozen=True, kw_only=True)
class WarningSettings:
    """The windows of the rules (administrator's settings)."""

    repeat_months: int = 12  # same parties again within this many months
    recurring_months: int = 36  # family or neighbour dispute between the same parties within
    rise_weeks: int = 4  # a risk level raised within this many weeks
    no_route_days: int = 7  # days after a termination before "no route taken" is warned of

    LIMITS = {"repeat_months": (1, 120), "recurring_months": (1, 240), "rise_weeks": (1, 52),
              "no_route_days": (0, 365)}


def settings_errors(values: dict[str, int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, value in values.items():
        lo, hi = WarningSettings.LIMITS[key]
        if not lo <= value <= hi:
            errors[key] = _("Give a number from {lo} to {hi}.").format(lo=lo, hi=hi)
    return errors


@dataclass(frozen=True, kw_only=True)
class WordList:
    """The words looked for, by kind, and the exclusion phrases that are taken out of a text first."""

    words: dict[WordKind, tuple[str, ...]] = field(default_factory=dict)

    @property
    def exclusions(self) -> tuple[str, ...]:
        return self.words.get(WordKind.EXCLUDE, ())

    @property
    def searched(self) -> tuple[str, ...]:
        """Every word looked for (exclusion phrases are not), longest first, no repeats."""
        seen = {w for kind, ws in self.words.items() if kind is not WordKind.EXCLUDE for w in ws}
        return tuple(sorted(seen, key=lambda w: (-len(w), w)))

    def kind_of(self, word: str) -> WordKind | None:
        for kind, ws in self.words.items():
            if kind is not WordKind.EXCLUDE and word in ws:
                return kind
        return None

    def to_text(self) -> str:
        lines: list[str] = []
        for kind in WordKind:
            lines += [f"[{HEADING_OF[kind]}]", *self.words.get(kind, ()), ""]
        return "\n".join(lines).rstrip() + "\n"


def parse_words(text: str) -> tuple[WordList, dict[int, str]]:
    """The word list from its text (headings ``[威胁]`` ``[凶器]`` ``[自伤]`` ``[排除]``, one word a
    line, ``#`` notes), and the problems by line number (1-based)."""
    words: dict[WordKind, list[str]] = {}
    problems: dict[int, str] = {}
    kind: WordKind | None = None
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        heading = _HEADING.match(line)
        if heading:
            kind = HEADINGS.get(heading.group(1).lower())
            if kind is None:
                problems[number] = _("Unknown heading “{h}”: use [威胁], [凶器], [自伤] or [排除].").format(
                    h=heading.group(1))
            continue
        if kind is None:
            problems[number] = _("A word before any heading: put it under [威胁], [凶器], [自伤] or [排除].")
        elif len(line) > MAX_WORD:
            problems[number] = _("A word or phrase is at most {n} characters.").format(n=MAX_WORD)
        elif line not in words.setdefault(kind, []):
            words[kind].append(line)
    return WordList(words={k: tuple(v) for k, v in words.items()}), problems


def find_words(text: str, words: WordList) -> tuple[str, ...]:
    """The listed words found in ``text`` once every exclusion phrase is taken out (刀削面 does not
    count as 刀), longest first; a word inside a longer found word is not counted twice."""
    if not text:
        return ()
    for phrase in words.exclusions:
        text = text.replace(phrase, "\u2002")
    found: list[str] = []
    for word in words.searched:
        if word in text:
            found.append(word)
            text = text.replace(word, "\u2002")
    return tuple(found)
