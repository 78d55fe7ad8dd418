"""人民调解申请书 (application for mediation)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.fmt import date_cn
from mediation_app.documents.forms._common import heading, numbered, parties_by_role, require
from mediation_app.documents.widgets import particulars_table, party_signer, signature_block
from mediation_app.domain.enums import PartyRole
from mediation_app.i18n import N_


class ApplicationForm(DocumentRenderer):
    kind = "application"
    title = "人民调解申请书"
    description = N_("Application for mediation")

    def validate(self) -> None:
        require(
            self.kind, [(bool(parties_by_role(self.data.parties, PartyRole.APPLICANT)), N_("an applicant"))]
        )

    def story(self) -> list[Flowable]:
        d = self.data
        applicants = parties_by_role(d.parties, PartyRole.APPLICANT)
        out = heading(self)
        out.append(particulars_table(self, "申请人", applicants))
        for role, label in ((PartyRole.RESPONDENT, "被申请人"), (PartyRole.THIRD_PARTY, "第三人")):
            others = parties_by_role(d.parties, role)
            if others:
                out.append(Spacer(1, 3 * mm))
                out.append(particulars_table(self, label, others))
        out.append(self.p("纠纷简要情况陈述：", "heading"))
        out.append(self.p(self.t(d.case.facts)))
        out.append(self.p("当事人申请事项：", "heading"))
        out.extend(numbered(self, d.case.requests) or [self.p("")])
        out.append(Spacer(1, 3 * mm))
        committee = self.t(d.committee.name)
        out.append(self.p(f"{committee}已将申请人民调解的相关规定告知我，现自愿申请{committee}进行调解。"))
        out.append(Spacer(1, 6 * mm))
        sig = signature_block(self, [party_signer(p, "申请人") for p in applicants])
        out.append(KeepTogether([sig, Spacer(1, 3 * mm), self.p(date_cn(d.case.registered_on), "right")]))
        return out
