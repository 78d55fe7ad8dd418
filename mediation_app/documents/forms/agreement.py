"""人民调解协议书 (written agreement), laid out as domain §2.5.

A final agreement prints as many originals as stated ("本协议一式N份"), each marked with its
number and who keeps it; every page carries the verification line and a QR code. A draft is a
single copy watermarked "草稿". An optional Tibetan parallel text (every term) stands before the
signatures, and the last sentence before them says that the Chinese text governs.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents import agreement_rules, tibetan
from mediation_app.documents.base import FRAME_WIDTH, DocumentError, DocumentRenderer, Part, PartSpec, styles
from mediation_app.documents.data import Party
from mediation_app.documents.fmt import BLANK, GAP, cn_number, date_cn, sex_cn
from mediation_app.documents.forms._common import (
    COMMITTEE_COPY,
    DRAFT_REMARK,
    heading,
    id_line,
    numbered,
    require,
    side_label,
)
from mediation_app.documents.forms.agreement_schedule import schedule
from mediation_app.documents.para import Paragraph
from mediation_app.documents.widgets import table
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
        """Three lines a party, as the MoJ form: who, identity and contact, address (and agent)."""
        st = styles()
        who = f"当事人（{side_label(index)}）"
        agent = ""
        if p.agent is not None:
            relation = f"（{self.t(p.agent.relation)}）" if p.agent.relation else ""
            agent = f"{GAP}{p.agent.title}：{self.t(p.agent.name)}{relation}"
        interpreter = f"{GAP}翻译人员：{self.t(p.interpreter)}" if p.interpreter else ""
        if p.is_legal:
            lines = [
                GAP.join(x for x in (f"名称：{self.t(p.name)}", id_line(self, p)) if x),
                f"住所：{self.t(p.address) or BLANK}{GAP}联系方式：{self.t(p.contact) or BLANK}",
                f"法定代表人：{self.t(p.legal_representative) or BLANK}{GAP}"
                f"职务：{self.t(p.representative_title) or BLANK}{agent}",
            ]
        else:
            age = f"{p.age}岁" if p.age is not None else BLANK
            first = (
                f"姓名：{self.t(p.name)}{GAP}性别：{sex_cn(p.sex) or BLANK}{GAP}"
                f"民族：{self.t(p.ethnicity) or BLANK}{GAP}年龄：{age}"
            )
            if p.occupation:
                first += f"{GAP}职业：{self.t(p.occupation)}"
            lines = [
                first,
                GAP.join(x for x in (id_line(self, p), f"联系方式：{self.t(p.contact) or BLANK}") if x)
                + interpreter,
                f"住址：{self.t(p.address) or BLANK}{agent}",
            ]
        if p.is_legal and interpreter:
            lines[-1] += interpreter
        cell = Paragraph("<br/>".join(lines), st["party"])
        return table(
            [[Paragraph(f"<b>{who}</b>", st["party"]), cell]],
            [31 * mm, FRAME_WIDTH - 31 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ],
            grid=False,
        )

    def _performance(self) -> str:
        a = self.data.agreement
        assert a is not None
        bits = []
        if a.performance_method:
            bits.append(f"履行方式：{self.t(a.performance_method)}")
        if a.performance_place:
            bits.append(f"履行地点：{self.t(a.performance_place)}")
        recurring = [o for o in a.obligations if o.period]
        open_ended = [o for o in recurring if o.until is None]
        once = [o for o in a.obligations if not o.period]
        deadline = date_cn(a.performance_deadline) if a.performance_deadline else ""
        if open_ended:
            start = min((o.due for o in open_ended if o.due), default=None)
            since = f"自{date_cn(start)}起" if start else ""
            text = f"履行期限：定期给付{since}按下列履行计划按期履行，未约定终止日期"
            if once and deadline:
                text += f"；其他给付于{deadline}前履行完毕"
            bits.append(text)
        elif recurring and deadline:
            bits.append(f"履行期限：按下列履行计划按期履行，最后一期于{deadline}前履行")
        elif deadline:
            bits.append(f"履行期限：{deadline}前履行完毕")
        elif a.obligations:
            bits.append("履行期限：按下列履行计划")
        return "；".join(bits) + "。" if bits else BLANK

    def _signatures(self) -> Flowable:
        """The form's two-column signature area: parties on the left, mediator and recorder right."""
        a = self.data.agreement
        assert a is not None
        st = styles()
        left: list[str] = []
        for i, p in enumerate(self.data.agreement_parties()):
            name = f'<br/><font size="9" color="#555555">{self.t(p.name)}</font>'
            if p.is_legal:
                left.append(f"{side_label(i)}（单位盖章）{name}<br/>法定代表人或委托代理人（签名）：")
            else:
                left.append(f"{side_label(i)}（签名盖章或按指印）{name}")
        right = [f'人民调解员（签名）<br/><font size="9" color="#555555">{self.t(a.mediator)}</font>']
        right.append(f'记录人（签名）<br/><font size="9" color="#555555">{self.t(a.recorder)}</font>')
        right += [
            f'翻译人员（签名）<br/><font size="9" color="#555555">{self.t(i.name)}</font>' for i in a.interpreters
        ]
        rows: list[list[object]] = []
        for k in range(max(len(left), len(right))):
            rows.append(
                [
                    Paragraph(left[k], st["cell"]) if k < len(left) else "",
                    "",
                    Paragraph(right[k], st["cell"]) if k < len(right) else "",
                    "",
                ]
            )
        lines = [("LINEBELOW", (1, k), (1, k), 0.6, "black") for k in range(len(left))]
        lines += [("LINEBELOW", (3, k), (3, k), 0.6, "black") for k in range(len(right))]
        widths = [w * mm * FRAME_WIDTH / (160 * mm) for w in (62, 26, 36, 36)]
        return table(
            rows,
            widths,
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                *lines,
            ],
            grid=False,
        )

    def _seal_and_date(self) -> list[Flowable]:
        a = self.data.agreement
        assert a is not None
        st = styles()
        return [
            Spacer(1, 6 * mm),
            Paragraph(f"{self.t(self.data.committee.name)}（印章）", st["right"]),
            Paragraph(date_cn(a.reached_on), st["right"]),
        ]

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
        out.append(self.p(self._performance()))
        out.extend(schedule(self))
        out.append(Spacer(1, 2 * mm))
        extra = n - (len(parties) + 1)  # more than one each: the rest is kept in reserve (copy_holders)
        holders = (
            "当事人各执一份，人民调解委员会留存一份" + (f"，另{cn_number(extra)}份备存" if extra > 0 else "")
            if extra >= 0
            else "当事人、人民调解委员会各持一份"
        )
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
            # The translation stands before the signatures, so the parties sign both texts; the
            # sentence that the Chinese text governs is the last before the signatures.
            out.extend(closing)
            out.extend(self._tibetan_text())
            closing = [self.p(GOVERNING)]
        out.extend(closing[:-1])
        # No signature page without text: the last clause stays with the signatures and seal.
        out.append(KeepTogether([closing[-1], self._signatures(), *self._seal_and_date()]))
        return out

    def _tibetan_text(self) -> list[Flowable]:
        a = self.data.agreement
        assert a is not None and a.tibetan is not None
        out: list[Flowable] = [Spacer(1, 3 * mm), self.p("藏文译本（以中文文本为准）", "heading")]
        out.append(tibetan.paragraph(self, a.tibetan.title, "tibetan_title"))
        for para in a.tibetan.paragraphs:
            out.append(tibetan.paragraph(self, para, "tibetan"))
        if a.tibetan.translator:
            out.append(self.p(f"译者：{self.t(a.tibetan.translator)}", "right"))
        return out

    def copy_holders(self) -> list[str]:
        parties = self.data.agreement_parties()
        n = agreement_rules.originals(self.data)
        holders = [f"{side_label(i)}{p.name}收执" for i, p in enumerate(parties)]
        holders.append(COMMITTEE_COPY)
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
                remarks=holders[i - 1] if not self.draft else DRAFT_REMARK,
                running_head=self.running_head(a.number),
            )
            story = self._chinese_text(n)
            parts.append(Part(spec, story))
        return parts
