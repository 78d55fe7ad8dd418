"""人民调解受理登记表 (acceptance register)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.fmt import GAP, date_cn, money_both
from mediation_app.documents.forms._common import heading
from mediation_app.documents.widgets import Signer, field_table, label, particulars_table, signature_grid
from mediation_app.domain.enums import CaseSource
from mediation_app.domain.vocabulary import Kind, words
from mediation_app.i18n import N_

_SOURCES = (CaseSource.APPLICATION, CaseSource.INITIATIVE)  # the form's two boxes


class RegisterForm(DocumentRenderer):
    kind = "register"
    title = "人民调解受理登记表"
    description = N_("Acceptance register")

    def _source(self) -> str:
        case = self.data.case
        marks = [f"{'■' if case.source == code else '□'}{words(Kind.CASE_SOURCE, code)}" for code in _SOURCES]
        if case.source.is_referral:
            other = case.source_label
            referrer = f"（{self.t(case.referrer)}）" if case.referrer else ""
            marks.append(f"■{self.t(other)}{referrer}")
        else:
            marks.append(f"□{words(Kind.CASE_SOURCE, CaseSource.OTHER_DEPT)}")
        return GAP.join(marks)

    def story(self) -> list[Flowable]:
        d, case = self.data, self.data.case
        on = case.accepted_on or case.registered_on
        names = "、".join(self.t(p.name) for p in d.parties)
        out = heading(self, number=case.number, committee=True)
        if d.refusal is not None:  # registered, then not accepted: nobody consented to a mediation
            out.append(self.p(f"{date_cn(case.registered_on)}，本人民调解委员会登记{names}之间的纠纷，"
                              "经审查决定不予受理（见不予受理告知书）。"))
        else:
            out.append(self.p(f"{date_cn(on)}，本人民调解委员会经当事人同意，调解{names}之间的纠纷。"))
        out.append(Spacer(1, 2 * mm))
        for role in ("申请人", "被申请人"):
            group = [p for p in d.parties if (role == "申请人") == (p.role == "applicant")]
            if group:
                out.append(particulars_table(self, "当事人", group))
                out.append(Spacer(1, 2 * mm))
        rows: list[tuple[str, object]] = [
            ("纠纷类型", case.dispute_type_label),
            ("案件来源", self.p(self._source(), "cell")),
            ("登记日期", date_cn(case.registered_on)),
            ("受理日期", date_cn(case.accepted_on)),
        ]
        if case.amount_fen:
            rows.append(("涉及金额", money_both(case.amount_fen)))
        rows += [
            ("纠纷简要情况", case.facts),
            ("人民调解员", "、".join(case.mediators)),
        ]
        out.append(field_table(self, rows, compact=True))
        signers = [Signer("当事人", p.name, "签名") for p in d.parties]
        signers.append(Signer("登记人", case.registrar or case.presiding_mediator, "签名"))
        seal = f"{self.t(d.committee.name)}（印章）"
        out.append(
            KeepTogether(
                [
                    signature_grid(self, signers, seal, date_cn(on), columns=4 if len(signers) <= 4 else 3),
                    label("注：此表由人民调解委员会填写。", "small"),
                ]
            )
        )
        return out
