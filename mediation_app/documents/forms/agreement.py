"""人民调解协议书 (written agreement), laid out as domain §2.5.

A final agreement prints as many originals as stated ("本协议一式N份"), each marked with its
number and who keeps it; every page carries the verification line and a QR code. A draft is a
single copy watermarked "草稿". Optional Tibetan parallel text follows the Chinese text, which
governs.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from mediation_app.documents import agreement_rules, tibetan
from mediation_app.documents.base import FRAME_WIDTH, DocumentError, DocumentRenderer, Part, PartSpec, styles
from mediation_app.documents.data import Party
from mediation_app.documents.fmt import (
    BLANK,
    GAP,
    cn_number,
    date_cn,
    money_both,
    money_figures,
    money_upper,
    sex_cn,
)
from mediation_app.documents.forms._common import heading, numbered, require, seal_and_date, side_label
from mediation_app.documents.widgets import Signer, label, party_signer, signature_block, table, value
from mediation_app.domain import fingerprint
from mediation_app.domain.enums import AgreementForm
from mediation_app.i18n import N_, _

GOVERNING = "本协议附藏文译本。藏文译本与中文文本不一致的，以中文文本为准。"


class AgreementIncompleteError(DocumentError):
    """A final agreement lacks required elements (facts 9–14)."""

    def __init__(self, missing: list[str]):
        self.missing = tuple(missing)
        super().__init__(
            _("The agreement cannot be finalised; missing: {items}").format(items="; ".join(self.missing))
        )


class AgreementForm_(DocumentRenderer):
    kind = "agreement"
    title = "人民调解协议书"
    template_version = "1"
    description = N_("Written mediation agreement")

    def __init__(self, *args, missing: list[str] | None = None, copies: int | None = None, **kw):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kw)
        self._given_missing = missing  # the caller's check result, when it ran the checker itself
        self._copies = copies  # print only this original (1-based), e.g. the committee's copy

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return data.agreement is not None and data.agreement.form == AgreementForm.WRITTEN

    def validate(self) -> None:
        require(self.kind, [(self.data.agreement is not None, N_("an agreement"))])
        if not self.draft:
            missing = (
                self._given_missing
                if self._given_missing is not None
                else agreement_rules.missing_elements(self.data)
            )
            if missing:
                raise AgreementIncompleteError(list(missing))

    # --- layout ------------------------------------------------------------------------------
    def _party_block(self, index: int, p: Party) -> Flowable:
        st = styles()
        who = f"当事人（{side_label(index)}）"
        if p.is_legal:
            lines = [
                f"名称：{self.t(p.name)}",
                f"地址：{self.t(p.address) or BLANK}",
                f"法定代表人：{self.t(p.legal_representative) or BLANK}{GAP}职务：{self.t(p.representative_title) or BLANK}",
            ]
            if p.contact:
                lines.append(f"联系方式：{self.t(p.contact)}")
        else:
            age = f"{p.age}岁" if p.age is not None else BLANK
            lines = [
                (
                    f"姓名：{self.t(p.name)}{GAP}性别：{sex_cn(p.sex) or BLANK}{GAP}民族：{self.t(p.ethnicity) or BLANK}"
                    f"{GAP}年龄：{age}"
                ),
                f"职业或职务：{self.t(p.occupation) or BLANK}",
                f"联系方式：{self.t(p.contact) or BLANK}",
                f"单位或住址：{self.t(p.address) or BLANK}",
            ]
        if p.agent is not None:
            relation = f"（{self.t(p.agent.relation)}）" if p.agent.relation else ""
            lines.append(f"委托代理人：{self.t(p.agent.name)}{relation}")
        if p.interpreter:
            lines.append(f"翻译人员：{self.t(p.interpreter)}")
        cell = Paragraph("<br/>".join(lines), st["plain"])
        return table(
            [[Paragraph(f"<b>{who}</b>", st["plain"]), cell]],
            [34 * mm, FRAME_WIDTH - 34 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
            grid=False,
        )

    def _instalments(self) -> list[Flowable]:
        a = self.data.agreement
        assert a is not None
        paid = [o for o in a.obligations if o.amount_fen]
        if not a.obligations:
            return []
        st = styles()
        head = ["期次", "履行义务人", "权利人", "金额", "履行期限", "履行方式、地点"]
        rows: list[list[object]] = [[label(h, "cell_bold") for h in head]]
        for i, o in enumerate(a.obligations, start=1):
            amount = (
                f"{money_upper(o.amount_fen)}<br/>（{money_figures(o.amount_fen)}）"
                if o.amount_fen
                else self.t(o.description)
            )
            how = "<br/>".join(
                x for x in (self.t(o.method), f"地点：{self.t(o.place)}" if o.place else "") if x
            )
            rows.append(
                [
                    label(f"第{cn_number(i)}期" if len(a.obligations) > 1 else "一次性"),
                    value(self, self.data.party_name(o.obligor), "cell_center"),
                    value(self, self.data.party_name(o.obligee), "cell_center"),
                    Paragraph(amount, st["cell_center"]),
                    Paragraph(f"{date_cn(o.due)}前" if o.due else BLANK, st["cell_center"]),
                    Paragraph(how or BLANK, st["cell"]),
                ]
            )
        if len(paid) > 1:
            total = sum(o.amount_fen or 0 for o in paid)
            rows.append(
                [label("合计", "cell_bold"), Paragraph(money_both(total), st["cell_center"]), "", "", "", ""]
            )
            extra = [("SPAN", (1, len(rows) - 1), (5, len(rows) - 1))]
        else:
            extra = []
        widths = [w * mm for w in (16, 24, 24, 38, 28, 30)]
        return [table(rows, widths, extra, repeat=1)]

    def _chinese_text(self, n: int) -> list[Flowable]:
        d, a = self.data, self.data.agreement
        assert a is not None
        parties = d.agreement_parties()
        out = heading(self, number=a.number)
        for i, p in enumerate(parties):
            out.append(self._party_block(i, p))
        out.append(self.p("纠纷主要事实、争议事项：", "heading"))
        out.append(self.p(self.t(a.facts) or BLANK))
        if a.issues:
            out.append(self.p(f"争议事项：{self.t(a.issues)}"))
        if a.responsibilities:
            out.append(self.p(f"各方责任：{self.t(a.responsibilities)}"))
        out.append(self.p("经调解，自愿达成如下协议：", "heading"))
        out.extend(numbered(self, a.terms))
        out.append(self.p("履行协议的方式、地点、期限：", "heading"))
        bits = []
        if a.performance_method:
            bits.append(f"履行方式：{self.t(a.performance_method)}")
        if a.performance_place:
            bits.append(f"履行地点：{self.t(a.performance_place)}")
        if a.performance_deadline:
            bits.append(f"履行期限：{date_cn(a.performance_deadline)}前履行完毕")
        out.append(self.p("；".join(bits) + "。" if bits else BLANK))
        out.extend(self._instalments())
        out.append(Spacer(1, 2 * mm))
        holders = (
            "当事人各执一份，人民调解委员会留存一份"
            if n == len(parties) + 1
            else "当事人、人民调解委员会各持一份"
        )
        # the closing clauses stay on the page of the signatures: no signature page without text
        closing = [self.p(f"本协议一式{cn_number(n)}份，{holders}。")]
        closing.append(
            self.p(
                "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
            )
        )
        for interp in a.interpreters:
            langs = f"用{self.t(interp.languages)}" if interp.languages else ""
            closing.append(
                self.p(
                    f"本协议内容已由翻译人员{self.t(interp.name)}{langs}向当事人完整宣读，当事人表示理解。"
                )
            )
        if a.tibetan is not None:
            closing.append(self.p(GOVERNING))
        signers = [party_signer(p, side_label(i)) for i, p in enumerate(parties)]
        signers.append(Signer("人民调解员", a.mediator, "签名"))
        signers.append(Signer("记录人", a.recorder, "签名"))
        signers += [Signer("翻译人员", i.name, "签名") for i in a.interpreters]
        out.extend(closing[:-1])
        block = [
            closing[-1],
            Spacer(1, 3 * mm),
            signature_block(self, signers, columns=3 if len(signers) > 4 else 2),
            *seal_and_date(self, a.reached_on),
        ]
        out.append(KeepTogether(block))
        return out

    def _tibetan_text(self) -> list[Flowable]:
        a = self.data.agreement
        assert a is not None and a.tibetan is not None
        out: list[Flowable] = [PageBreak(), self.p("藏文译本（以中文文本为准）", "center"), Spacer(1, 2 * mm)]
        out.append(tibetan.paragraph(self, a.tibetan.title, "tibetan_title"))
        for para in a.tibetan.paragraphs:
            out.append(tibetan.paragraph(self, para, "tibetan"))
        if a.tibetan.translator:
            out.append(Spacer(1, 4 * mm))
            out.append(self.p(f"译者：{self.t(a.tibetan.translator)}", "right"))
        return out

    def copy_holders(self) -> list[str]:
        parties = self.data.agreement_parties()
        n = agreement_rules.originals(self.data)
        holders = [f"{side_label(i)}{p.name}收执" for i, p in enumerate(parties)]
        holders.append("人民调解委员会存档")
        while len(holders) < n:
            holders.append("备存")
        return holders[:n]

    def parts(self) -> list[Part]:
        d, a = self.data, self.data.agreement
        assert a is not None
        n = agreement_rules.originals(d)
        code = agreement_rules.verification_code(d)
        verification = (
            f"核对码：{fingerprint.format_code(code)}\u3000案号：{d.case.number}\u3000协议编号：{a.number}"
        )
        qr = fingerprint.qr_text(d.case.number, a.number, code)
        holders = self.copy_holders()
        wanted = range(1, n + 1) if self._copies is None else [self._copies]
        if self.draft:
            wanted = [1]
        parts: list[Part] = []
        for i in wanted:
            header = (
                "草稿（仅供协商，不具效力）" if self.draft else f"第{i}份 / 共{n}份\u3000{holders[i - 1]}"
            )
            spec = PartSpec(
                key=f"agreement-{i}",
                title=self.doc_title(),
                header=header,
                verification=verification
                + "\n扫描二维码或输入核对码，可核对本协议与人民调解委员会存档记录是否一致",
                qr_text=qr,
                watermark="草稿" if self.draft else "",
                remarks=holders[i - 1] if not self.draft else "草稿",
            )
            story = self._chinese_text(n)
            if a.tibetan is not None:
                story += self._tibetan_text()
            parts.append(Part(spec, story))
        return parts
