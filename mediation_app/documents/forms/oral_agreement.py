"""人民调解口头协议登记表 (oral agreement register), filled in as for the written agreement."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer, styles
from mediation_app.documents.data import Party
from mediation_app.documents.fmt import cn_number, date_cn, money_both
from mediation_app.documents.forms._common import heading, require, seal_and_date
from mediation_app.documents.para import Paragraph
from mediation_app.documents.widgets import Signer, field_table, party_signer, signature_block
from mediation_app.domain.enums import AgreementForm
from mediation_app.i18n import N_


class OralAgreementRegister(DocumentRenderer):
    kind = "oral-agreement"
    title = "人民调解口头协议登记表"
    description = N_("Oral agreement register")

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return data.agreement is not None and data.agreement.form == AgreementForm.ORAL

    def validate(self) -> None:
        require(self.kind, [(self.data.agreement is not None, N_("an agreement"))])

    def story(self) -> list[Flowable]:
        d, a = self.data, self.data.agreement
        assert a is not None
        st = styles()
        parties = d.agreement_parties()
        def particulars(p: Party) -> str:
            bits = [f"法定代表人：{p.legal_representative}" if p.is_legal and p.legal_representative else "",
                    "" if p.is_legal else p.address, p.contact]
            shown = "，".join(self.t(b) for b in bits if b)
            return f"{self.t(p.name)}（{shown}）" if shown else self.t(p.name)

        who = "<br/>".join(particulars(p) for p in parties)
        terms = "<br/>".join(f"{cn_number(i)}、{self.t(t)}" for i, t in enumerate(a.terms, start=1))
        perf = [self.t(a.performance_method)] if a.performance_method else []
        for o in a.obligations:
            due = f"于{date_cn(o.due)}前" if o.due else ""
            what = money_both(o.amount_fen) if o.amount_fen else self.t(o.description)
            perf.append(
                f"{self.t(d.party_name(o.obligor))}{due}向{self.t(d.party_name(o.obligee))}支付{what}"
            )
        if a.performance_deadline:
            perf.append(f"{date_cn(a.performance_deadline)}前履行完毕")
        facts = self.t(a.facts) + (f"<br/>争议事项：{self.t(a.issues)}" if a.issues else "")
        rows: list[tuple[str, object]] = [
            ("当事人", Paragraph(who, st["cell"])),
            ("纠纷主要事实、争议事项", Paragraph(facts, st["cell"])),
            ("协议内容", Paragraph(terms, st["cell"])),
            ("履行方式、时限", Paragraph("；".join(perf) or "当场履行", st["cell"])),
            ("协议达成日期", date_cn(a.reached_on)),
            ("人民调解员", a.mediator),
            ("记录人", a.recorder),
            ("登记日期", date_cn(a.registered_on or a.reached_on)),
        ]
        out = heading(self, number=a.number, committee=True)
        out.append(field_table(self, rows, label_width=36 * mm))
        out.append(Spacer(1, 2 * mm))
        out.append(self.p("本口头协议自各方当事人达成协议之日起生效（《人民调解法》第三十条）。", "small"))
        out.append(Spacer(1, 3 * mm))
        signers = [party_signer(p, "当事人") for p in parties]
        signers += [Signer("人民调解员", a.mediator, "签名"), Signer("记录人", a.recorder, "签名")]
        out.append(
            KeepTogether(
                [signature_block(self, signers), *seal_and_date(self, a.registered_on or a.reached_on, kept=True)]
            )
        )
        return out
