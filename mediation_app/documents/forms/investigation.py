"""人民调解调查记录 (investigation record, question-and-answer form)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.fmt import datetime_cn
from mediation_app.documents.forms._common import heading, require
from mediation_app.documents.widgets import Signer, field_table, signature_block
from mediation_app.i18n import N_


class InvestigationRecord(DocumentRenderer):
    kind = "investigation"
    title = "人民调解调查记录"
    description = N_("Investigation record")
    per_item = "investigations"

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return bool(data.investigations)

    def validate(self) -> None:
        n = len(self.data.investigations)
        require(self.kind, [(n > 0 and (self.item or 1) <= n, N_("an investigation"))])

    def story(self) -> list[Flowable]:
        inv = self.data.investigations[(self.item or 1) - 1]
        out = heading(self, number=self.data.case.number, committee=True)
        rows: list[tuple[str, object]] = [
            ("时间", datetime_cn(inv.at)),
            ("地点", inv.place),
            ("调查人", "、".join(inv.investigators)),
            ("被调查人", inv.interviewee),
            ("记录人", inv.recorder),
        ]
        if inv.others_present:
            rows.append(("其他在场人", "、".join(inv.others_present)))
        out.append(field_table(self, rows))
        out.append(self.p("调查记录：", "heading"))
        if inv.summary:
            out.append(self.p(self.t(inv.summary)))
        for qa in inv.qa:
            out.append(self.p(f"<b>问：</b>{self.t(qa.question)}", "item"))
            out.append(self.p(f"<b>答：</b>{self.t(qa.answer)}", "item"))
        out.append(Spacer(1, 3 * mm))
        out.append(self.p("以上记录已向被调查人宣读（或经其阅看），与其所述一致。", "plain"))
        out.append(Spacer(1, 4 * mm))
        signers = [Signer("被调查人", inv.interviewee, "签名或按指印")]
        signers += [Signer("调查人", name, "签名") for name in inv.investigators]
        signers.append(Signer("记录人", inv.recorder, "签名"))
        out.append(KeepTogether([signature_block(self, signers)]))
        return out
