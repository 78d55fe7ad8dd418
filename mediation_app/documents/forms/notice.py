"""人民调解当事人权利义务告知书 (notice of the parties' rights and duties).

Wording follows the People's Mediation Law, Arts. 3, 4, 17, 23, 24 and 26.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.fmt import date_cn
from mediation_app.documents.forms._common import heading, numbered
from mediation_app.documents.widgets import Signer, party_signer, signature_block
from mediation_app.domain.enums import ConsentKind
from mediation_app.i18n import N_

INTRO = (
    "人民调解委员会是依法设立的调解民间纠纷的群众性组织。人民调解委员会通过说服、疏导等方法，"
    "促使当事人在平等协商基础上自愿达成调解协议，解决民间纠纷。为保障当事人的合法权益，"
    "根据《中华人民共和国人民调解法》，现将人民调解的有关事项及当事人在调解活动中享有的权利和承担的义务告知如下："
)
PRINCIPLES = (
    "在当事人自愿、平等的基础上进行调解；",
    "不违背法律、法规和国家政策；",
    "尊重当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。",
)
RIGHTS = (
    "选择或者接受人民调解员；",
    "接受调解、拒绝调解或者要求终止调解；",
    "要求调解公开进行或者不公开进行；",
    "自主表达意愿、自愿达成调解协议。",
)
DUTIES = (
    "如实陈述纠纷事实；",
    "遵守调解现场秩序，尊重人民调解员；",
    "尊重对方当事人行使权利。",
)
OTHER = (
    "人民调解委员会调解民间纠纷，不收取任何费用。",
    "当事人可以向人民调解委员会申请调解；人民调解委员会也可以主动调解。当事人一方明确拒绝调解的，不得调解。",
    (
        "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
        "双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。"
    ),
    (
        "人民调解员根据纠纷的不同情况，可以采取多种方式调解民间纠纷（第二十二条）；调解不成的，应当终止调解，"
        "并依据有关法律、法规的规定，告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（第二十六条）。"
    ),
)


class NoticeForm(DocumentRenderer):
    kind = "notice"
    title = "人民调解当事人权利义务告知书"
    description = N_("Notice of the parties' rights and duties")

    def story(self) -> list[Flowable]:
        d = self.data
        given = [c.on for c in d.consents if c.kind == ConsentKind.NOTICE_GIVEN]
        on = min(given) if given else (d.case.accepted_on or d.case.registered_on)
        out = heading(self, committee=True)
        out.append(self.p("当事人：" + "、".join(self.t(p.name) for p in d.parties), "plain"))
        out.append(self.p(INTRO))
        out.append(self.p("一、人民调解的原则（《人民调解法》第三条）", "heading"))
        out.extend(numbered(self, PRINCIPLES, paren=True))
        out.append(self.p("二、当事人在人民调解活动中享有下列权利（第二十三条）", "heading"))
        out.extend(numbered(self, RIGHTS, paren=True))
        out.append(self.p("三、当事人在人民调解活动中履行下列义务（第二十四条）", "heading"))
        out.extend(numbered(self, DUTIES, paren=True))
        out.append(self.p("四、其他事项（第四条、第十七条、第二十二条、第二十六条、第三十一条、第三十三条）", "heading"))
        out.extend(numbered(self, OTHER, paren=True))
        out.append(Spacer(1, 3 * mm))
        out.append(self.p("以上内容本人已阅读（或经宣读）并知悉。", "plain"))
        out.append(Spacer(1, 4 * mm))
        signers = [party_signer(p, "当事人") for p in d.parties]
        signers.append(Signer("告知人（人民调解员）", d.case.presiding_mediator, "签名"))
        out.append(
            KeepTogether(
                [
                    signature_block(self, signers),
                    Spacer(1, 3 * mm),
                    self.p(f"告知日期：{date_cn(on)}", "right"),
                ]
            )
        )
        return out
