"""人民调解回访记录 (follow-up visit record)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from mediation_app.documents.base import DocumentRenderer, styles
from mediation_app.documents.fmt import datetime_cn
from mediation_app.documents.forms._common import heading, names, require
from mediation_app.documents.para import Paragraph
from mediation_app.documents.widgets import Signer, field_table, signature_block
from mediation_app.domain.vocabulary import Kind, words
from mediation_app.i18n import N_


class FollowUpRecord(DocumentRenderer):
    kind = "follow-up"
    title = "人民调解回访记录"
    description = N_("Follow-up visit record")
    per_item = "follow_ups"

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return bool(data.follow_ups)

    def validate(self) -> None:
        n = len(self.data.follow_ups)
        require(self.kind, [(n > 0 and (self.item or 1) <= n, N_("a follow-up visit"))])

    def story(self) -> list[Flowable]:
        d = self.data
        f = d.follow_ups[(self.item or 1) - 1]
        st = styles()
        findings = [
            f"一、协议履行情况：{words(Kind.PERFORMANCE, f.performance) if f.performance else '未了解'}",
            f"二、当事人对调解结果的满意程度：{self.t(f.satisfaction) or '未询问'}",
            f"三、是否因履行协议发生诉讼及裁判结果：{self.t(f.lawsuit) or '无'}",
            f"四、有无纠纷反复、激化或遗留隐患：{self.t(f.new_risk) or '无'}",
            f"五、采取的措施：{self.t(f.measures) or '无'}",
        ]
        if f.findings:
            findings.append(f"六、其他情况：{self.t(f.findings)}")
        agreement_no = d.agreement.number if d.agreement else ""
        rows: list[tuple[str, object]] = [
            ("当事人", Paragraph(names(self, f.visited), st["cell"])),
            ("调解协议编号", agreement_no),
            ("回访事由", f.reason or d.case.title),
            ("回访时间", datetime_cn(f.at)),
            ("回访方式", words(Kind.FOLLOW_UP_MODE, f.mode)),
            ("回访情况", Paragraph("<br/>".join(findings), st["cell"])),
        ]
        out = heading(self, number=d.case.number, committee=True)
        out.append(field_table(self, rows))
        out.append(Spacer(1, 6 * mm))
        out.append(signature_block(self, [Signer("回访人", f.visitor, "签名")]))
        return out
