"""Which documents apply to a case: the one rule the CLI, the client and the case file follow.

A document is offered and printed only when the case has what it records: the application only
when the parties applied in writing (not for a case a grid worker reported or a court referred),
the written agreement only for a written agreement, the oral-agreement register only for an oral
one, the refusal and termination notices only after that decision, one session record per session.
Pure: reads the data, renders nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediation_app.documents.data import CaseDocuments
from mediation_app.domain.enums import AgreementForm, CaseSource, ConsentKind, NoticeForm
from mediation_app.i18n import _

PER_ITEM = {"session": "meetings", "investigation": "investigations", "follow-up": "follow_ups"}
ALWAYS = ("register", "cover", "contents", "back-cover", "casefile")


@dataclass(frozen=True)
class Offer:
    kind: str
    reason: str = ""  # why it does not apply (translated); "" when it applies
    items: int = 0  # how many there are of a once-per-item document (sessions …)

    @property
    def applies(self) -> bool:
        return not self.reason


def why_not(kind: str, data: CaseDocuments, *, in_file: bool = False) -> str:
    """"" when ``kind`` applies to the case; otherwise one translated sentence saying why not.

    ``in_file``: the rule for binding into the case file, where a notice is filed only once it was
    given (a blank notice can still be printed to hand to the parties)."""
    d = data
    a = d.agreement
    if kind in ALWAYS:
        return ""
    if kind == "application":
        if d.case.source != CaseSource.APPLICATION:
            return _("The parties did not apply for mediation: the case came in as “{source}”; "
                     "the acceptance register records it.").format(source=d.case.source_label)
        if d.case.application_form != NoticeForm.WRITTEN:
            return _("The application was made orally; the acceptance register records it.")
        return ""
    if kind == "notice":
        if d.refusal is not None:
            return _("The case was not accepted: there is no mediation to give notice of.")
        if in_file and not any(c.kind == ConsentKind.NOTICE_GIVEN for c in d.consents):
            return _("The rights notice has not been recorded as given.")
        return ""
    if kind in PER_ITEM:
        if not getattr(d, PER_ITEM[kind]):
            return {
                "session": _("No mediation session has been recorded."),
                "investigation": _("No investigation has been recorded."),
                "follow-up": _("No follow-up visit has been recorded."),
            }[kind]
        return ""
    if kind == "agreement":
        if a is None:
            return _("No written agreement has been drafted.")
        if a.form != AgreementForm.WRITTEN:
            return _("The parties reached an oral agreement: print the oral agreement register instead.")
        return ""
    if kind == "oral-agreement":
        if a is None or a.form != AgreementForm.ORAL:
            return (_("The agreement is a written one: print the agreement instead.") if a is not None
                    else _("No oral agreement has been recorded."))
        return ""
    if kind == "confirmation":
        if d.confirmation is None:
            return _("No application for judicial confirmation has been recorded.")
        if a is None or a.form != AgreementForm.WRITTEN:
            return _("Judicial confirmation needs a written agreement.")
        return ""
    if kind == "refusal":
        return "" if d.refusal is not None else _("The case was not refused.")
    if kind == "termination":
        return "" if d.termination is not None else _("The mediation was not terminated.")
    if kind == "slip":
        return _("The case was not accepted: there is nothing to hand on with a four-part slip.") \
            if d.refusal is not None else ""
    if kind == "note":
        return "" if d.note is not None else _("No explanatory note has been written for the file.")
    raise KeyError(kind)


def offers(data: CaseDocuments, kinds: tuple[str, ...]) -> list[Offer]:
    """Every kind with whether it applies, and how many items the once-per-item kinds have."""
    return [
        Offer(k, why_not(k, data), len(getattr(data, PER_ITEM[k])) if k in PER_ITEM else 0) for k in kinds
    ]
