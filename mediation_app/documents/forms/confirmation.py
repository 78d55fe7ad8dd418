"""司法确认申请书 (joint application for judicial confirmation), two variants.

个人与个人: every applicant is a natural person. 个人与单位: at least one applicant is an
organisation, printed with its legal representative. The court needs, besides the application,
the agreement, identity and capacity documents, property evidence, service addresses and phones,
a power of attorney where an agent applies, and the committee's certificate (fact 18).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.data import Party
from mediation_app.documents.fmt import BLANK, date_cn, sex_cn
from mediation_app.documents.forms._common import heading, id_line, numbered, require
from mediation_app.documents.widgets import party_signer, signature_block
from mediation_app.i18n import N_

ENCLOSURES = (
    "人民调解协议书",
    "各申请人的身份证明、资格证明（营业执照、法定代表人身份证明）",
    "与调解协议相关的财产权利证明等证明材料",
    "各申请人的送达地址确认书（含电话号码）",
    "授权委托书（委托代理人申请时提交）",
    "人民调解委员会主持调解的证明",
)
PLEDGE = (
    "出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；",
    "如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任。",
)


def is_organisation_variant(parties: list[Party]) -> bool:
    return any(p.is_legal for p in parties)


class ConfirmationApplication(DocumentRenderer):
    kind = "confirmation"
    title = "司法确认申请书"
    description = N_("Application for judicial confirmation")

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return data.confirmation is not None

    def validate(self) -> None:
        c = self.data.confirmation
        require(
            self.kind,
            [
                (c is not None, N_("a judicial confirmation application")),
                (c is None or bool(c.court), N_("the court")),
                (self.data.agreement is not None, N_("an agreement")),
            ],
        )

    def _applicants(self) -> list[Party]:
        c = self.data.confirmation
        assert c is not None
        if c.applicant_keys:
            return [p for k in c.applicant_keys if (p := self.data.party(k)) is not None]
        return list(self.data.agreement_parties())

    @property
    def variant(self) -> str:
        return "个人与单位" if is_organisation_variant(self._applicants()) else "个人与个人"

    def _particulars(self, p: Party) -> str:
        if p.is_legal:
            bits = [
                f"申请人：{self.t(p.name)}",
                id_line(self, p) or f"统一社会信用代码：{BLANK}",
                f"住所地：{self.t(p.address)}",
                f"法定代表人：{self.t(p.legal_representative)}，{self.t(p.representative_title)}",
            ]
            if p.contact:
                bits.append(f"联系电话：{self.t(p.contact)}")
        else:
            bits = [f"申请人：{self.t(p.name)}", sex_cn(p.sex), self.t(p.ethnicity)]
            if p.age is not None:
                bits.append(f"{p.age}岁")
            bits += [self.t(p.occupation), f"住{self.t(p.address)}" if p.address else ""]
            bits.append(id_line(self, p))
            if p.contact:
                bits.append(f"联系电话：{self.t(p.contact)}")
        if p.agent is not None:
            bits.append(
                f"{p.agent.title}：{self.t(p.agent.name)}"
                + (f"（{self.t(p.agent.relation)}）" if p.agent.relation else "")
            )
        return "，".join(b for b in bits if b) + "。"

    def story(self) -> list[Flowable]:
        d, c, a = self.data, self.data.confirmation, self.data.agreement
        assert c is not None and a is not None
        applicants = self._applicants()
        number = c.agreement_number or a.number
        effective = c.agreement_effective_on or a.effective_on
        committee = self.t(d.committee.name)
        out = heading(self)
        out.append(self.p(f"（{self.variant}）", "center"))
        for p in applicants:
            out.append(self.p(self._particulars(p), "plain"))
        out.append(self.p("请求事项：", "heading"))
        requests = list(c.requests) or [
            (
                f"请求人民法院确认申请人于{date_cn(a.reached_on)}经{d.committee.name}主持调解达成的人民调解协议"
                f"（编号：{number}）有效。"
            )
        ]
        out.extend(numbered(self, requests))
        out.append(self.p("事实和理由：", "heading"))
        reasons = self.t(c.facts_and_reasons) or (
            f"申请人因{self.t(d.case.title)}，于{date_cn(a.reached_on)}经{committee}主持调解，"
            f"自愿达成人民调解协议（编号：{self.t(number)}），该协议于{date_cn(effective)}生效。"
            "申请人认为有必要申请司法确认，根据《中华人民共和国人民调解法》第三十三条之规定，"
            "自调解协议生效之日起三十日内共同向贵院提出申请，请依法确认该调解协议有效。"
        )
        out.append(self.p(reasons))
        out.append(self.p("申请人承诺：", "heading"))
        out.extend(numbered(self, PLEDGE))
        out.append(Spacer(1, 3 * mm))
        out.append(self.p("此致", "plain"))
        out.append(self.p(self.t(c.court), "plain"))
        out.append(Spacer(1, 4 * mm))
        out.append(
            KeepTogether(
                [
                    signature_block(self, [party_signer(p, "申请人") for p in applicants]),
                    Spacer(1, 3 * mm),
                    self.p(date_cn(c.applied_on), "right"),
                ]
            )
        )
        # the list of enclosures is read as one: never a last item alone on a page of its own
        out.append(KeepTogether([self.p("附：", "heading"), *numbered(self, ENCLOSURES)]))
        return out
