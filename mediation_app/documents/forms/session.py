"""人民调解记录 (session record): one per meeting, with everyone present and their signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.data import Meeting
from mediation_app.documents.fmt import cn_number, time_span_cn
from mediation_app.documents.forms._common import heading, names, numbered, require, seal_and_date
from mediation_app.documents.widgets import Signer, field_table, party_signer, signature_block
from mediation_app.domain.enums import AgreementForm, MeetingOutcome, ParticipantRole
from mediation_app.domain.vocabulary import Kind, words
from mediation_app.i18n import N_


class SessionRecord(DocumentRenderer):
    kind = "session"
    title = "人民调解记录"
    description = N_("Mediation session record")
    per_item = "meetings"

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return bool(data.meetings)

    def validate(self) -> None:
        n = len(self.data.meetings)
        require(self.kind, [(n > 0 and (self.item or 1) <= n, N_("a mediation session"))])

    def _attendance(self, m: Meeting) -> list[Flowable]:
        """参加方式: where each person took part from, each party's consent and each remote
        person's identity check (remote and mixed sessions only)."""
        if not m.attendance:
            return []
        out: list[Flowable] = [self.p("参加方式：", "heading")]
        for a in m.attendance:
            parts = ["远程参加" if a.remote else "现场参加"]
            if a.location:
                parts[0] += f"，所在地：{self.t(a.location)}"
            if a.consent is not None:
                parts.append(f"同意远程调解（{words(Kind.REMOTE_CONSENT, a.consent)}）")
            if a.identity_check is not None:
                parts.append(f"身份核验方式：{words(Kind.IDENTITY_CHECK, a.identity_check)}")
            out.append(self.p(f"{self.t(a.name)}（{a.role}）：{'；'.join(parts)}。", "plain"))
        if m.identity_note:
            out.append(self.p(f"身份核验说明：{self.t(m.identity_note)}", "plain"))
        return out

    def story(self) -> list[Flowable]:
        d = self.data
        m = d.meetings[(self.item or 1) - 1]
        invited = [p for p in m.participants if p.role != ParticipantRole.RECORDER]
        out = heading(self, number=d.case.number, committee=True)
        part_text = "；".join(
            f"{self.t(p.name)}（{words(Kind.PARTICIPANT_ROLE, p.role)}{'，' + self.t(p.unit) if p.unit else ''}"
            f"{'，' + self.t(p.languages) if p.languages else ''}）"
            for p in invited
        )
        rows: list[tuple[str, object]] = [
            ("时间", time_span_cn(m.at, m.ended_at)),
            (
                "地点",
                f"{m.place}（{words(Kind.MEETING_MODE, m.mode)}{'，不公开进行' if not m.public else '，公开进行'}）",
            ),
            *((("调解方式", words(Kind.MEETING_MODE, m.mode)),
               ("远程平台", m.platform or "未记录")) if m.attendance else ()),
            ("事由", m.subject),
            ("当事人", self.p(names(self, m.parties_present), "cell")),
            ("参加人", self.p(part_text or "无", "cell")),
            ("人民调解员", "、".join(m.mediators)),
            ("记录人", m.recorder),
        ]
        out.append(field_table(self, rows))
        out.extend(self._attendance(m))
        out.append(self.p("调解情况：", "heading"))
        steps: list[str] = []
        out_steps: list[Flowable] = []  # numbered in the order of the standard record
        if m.notice_given:
            steps.append(
                "人民调解员已向当事人告知人民调解的性质、原则、效力及当事人在调解活动中享有的权利和承担的义务，当事人表示知悉。"
            )
        else:
            steps.append("（本次调解前未记录权利义务告知。）")
        steps.append(
            "人民调解员说明了调解的原则和方式，介绍了参加调解的人员；当事人对人民调解员及参加人员无回避申请。"
        )
        if m.attendance:
            steps.append(
                "当事人均同意以远程方式进行调解；人民调解员已核验远程参加人员的身份，并告知远程调解与现场调解具有同等效力。"
            )
        out_steps.extend(numbered(self, steps))
        n = len(steps)
        for who, text in m.statements:
            n += 1
            out_steps.append(
                self.p(f"{cn_number(n)}、{self.t(d.party_name(who))}陈述：{self.t(text)}", "item")
            )
        if m.evidence_checked:
            n += 1
            out_steps.append(
                self.p(f"{cn_number(n)}、核实调查情况和证据：{self.t(m.evidence_checked)}", "item")
            )
        if m.risk_warning:
            n += 1
            out_steps.append(self.p(f"{cn_number(n)}、风险提示：{self.t(m.risk_warning)}", "item"))
        if m.record:
            n += 1
            out_steps.append(self.p(f"{cn_number(n)}、{self.t(m.record)}", "item"))
        n += 1
        if m.outcome == MeetingOutcome.AGREEMENT:
            oral = d.agreement is not None and d.agreement.form == AgreementForm.ORAL
            summary = self.t(m.agreement_summary) or ("详见人民调解口头协议登记表" if oral else "详见人民调解协议书")
            out_steps.append(
                self.p(f"{cn_number(n)}、调解结果：经调解，当事人自愿达成协议。协议内容：{summary.rstrip('。')}。", "item")
            )
        elif m.outcome == MeetingOutcome.FAILED:
            routes = "；".join(self.t(x) for x in m.routes) or "仲裁、行政、司法等途径"
            out_steps.append(
                self.p(
                    f"{cn_number(n)}、调解结果：调解不成。原因：{self.t(m.failure_reason)}。人民调解员已告知当事人可以依法通过以下途径维护自己的权利：{routes}。",
                    "item",
                )
            )
        else:
            out_steps.append(self.p(f"{cn_number(n)}、调解结果：本次未达成协议，继续调解。", "item"))
        out.extend(out_steps)
        out.append(Spacer(1, 3 * mm))
        out.append(self.p("以上记录已向当事人及参加人宣读（或经其阅看），确认无误。", "plain"))
        out.append(Spacer(1, 4 * mm))
        signers = [party_signer(p, "当事人") for k in m.parties_present if (p := d.party(k)) is not None]
        signers += [Signer(words(Kind.PARTICIPANT_ROLE, p.role), p.name, "签名") for p in invited]
        signers += [Signer("人民调解员", name, "签名") for name in m.mediators]
        signers.append(Signer("记录人", m.recorder, "签名"))
        out.append(KeepTogether([signature_block(self, signers), *seal_and_date(self, m.at.date(), kept=True)]))
        return out
