"""不予受理告知书 and 终止调解告知书: refusal and termination notices listing the routes told.

No national form exists; these follow the administrative-mediation notices (domain §1.4, §1.9)
and print the reason and the legal routes the parties were told of (facts 7 and 21).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.fmt import date_cn
from mediation_app.documents.forms._common import heading, numbered, require, seal_and_date
from mediation_app.documents.widgets import party_signer, signature_block
from mediation_app.domain.enums import CaseSource
from mediation_app.i18n import N_


class _ClosingNotice(DocumentRenderer):
    def _addressees(self, keys: Sequence[str]) -> list:  # type: ignore[type-arg]
        if keys:
            return [p for k in keys if (p := self.data.party(k)) is not None]
        return list(self.data.parties)

    def _letter(
        self, keys: Sequence[str], body: list[Flowable], routes: Sequence[str], on: dt.date
    ) -> list[Flowable]:
        parties = self._addressees(keys)
        out = heading(self, number=self.data.case.number, committee=True)
        out.append(self.p("、".join(self.t(p.name) for p in parties) + "：", "plain"))
        out.extend(body)
        out.extend(numbered(self, [route + "。" if i == len(routes) - 1 else route + "；" for i, route in enumerate(routes)]))
        out.append(self.p("特此告知。"))
        out.extend(seal_and_date(self, on))
        out.append(Spacer(1, 6 * mm))
        out.append(
            KeepTogether(
                [
                    self.p("当事人签收：", "heading"),
                    signature_block(self, [party_signer(p, "当事人") for p in parties]),
                ]
            )
        )
        return out


class RefusalNotice(_ClosingNotice):
    kind = "refusal"
    title = "不予受理告知书"
    description = N_("Notice of non-acceptance")

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return data.refusal is not None

    def validate(self) -> None:
        r = self.data.refusal
        require(
            self.kind,
            [
                (r is not None, N_("a refusal decision")),
                (r is None or bool(r.reason.strip()), N_("the reason for refusal")),
                (r is None or bool(r.routes), N_("the routes the parties were told of")),
            ],
        )

    def story(self) -> list[Flowable]:
        r, case = self.data.refusal, self.data.case
        assert r is not None
        on = f"于{date_cn(case.registered_on)}" if case.registered_on else ""
        if case.source == CaseSource.APPLICATION:
            what = f"你（单位）{on}向本委员会申请调解的{self.t(case.title)}"
        else:
            what = f"本委员会{on}登记的{self.t(case.title)}（{self.t(case.source_label)}）"
        body = [
            self.p(
                f"{what}，经审查，{self.t(r.reason)}。"
                "根据《人民调解工作若干规定》第二十二条、第二十四条的规定，本委员会决定不予受理。"
            ),
            self.p("你（单位）可以通过以下途径解决该纠纷，维护自己的合法权益："),
        ]
        return self._letter(r.party_keys, body, r.routes, r.decided_on)


class TerminationNotice(_ClosingNotice):
    kind = "termination"
    title = "终止调解告知书"
    description = N_("Notice of termination of mediation")

    @classmethod
    def applies(cls, data) -> bool:  # type: ignore[no-untyped-def]
        return data.termination is not None

    def validate(self) -> None:
        t = self.data.termination
        require(
            self.kind,
            [
                (t is not None, N_("a termination decision")),
                (t is None or bool(t.reason.strip()), N_("the reason for termination")),
                (t is None or bool(t.routes), N_("the routes the parties were told of")),
            ],
        )

    def story(self) -> list[Flowable]:
        t, case = self.data.termination, self.data.case
        assert t is not None
        accepted = f"于{date_cn(case.accepted_on)}受理" if case.accepted_on else "受理"
        body = [
            self.p(
                f"本委员会{accepted}的{self.t(case.title)}（{self.t(case.number)}），经调解，"
                f"{self.t(t.reason)}。根据《中华人民共和国人民调解法》第二十六条的规定，本委员会决定终止调解。"
            ),
        ]
        if t.reported_to_police:
            when = f"于{date_cn(t.reported_on)}" if t.reported_on else ""
            body.append(
                self.p(
                    f"鉴于该纠纷有激化的可能，本委员会已{when}将有关情况报告{self.t(t.reported_to or '当地公安机关')}。"
                )
            )
        body.append(self.p("依法告知你（单位）可以通过仲裁、行政、司法等途径维护自己的权利，具体途径如下："))
        return self._letter(t.party_keys, body, t.routes, t.decided_on)
