"""How a demo case ends: refusal, a written or oral agreement with its schedule, executions,
payments and receipts, follow-up visits and judicial confirmation; termination or withdrawal with
the routes told; referral slips; closing and archiving with the file's cover details.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from mediation_app.domain.fingerprint import content_hash
from mediation_app.services.agreements import fingerprint_content
from mediation_app.services.demo.rows import at
from mediation_app.services.referrals import REFERRAL_WORD
from mediation_app.storage.models import AgreementRecord, CaseRecord

if TYPE_CHECKING:
    from mediation_app.services.demo.builder import Case, CaseBuilder

REFUSALS = (("already_handled", ("lawsuit",)), ("special_authority", ("administrative",)),
            ("not_civil", ("administrative", "township")), ("criminal", ("police",)))
METHODS = ("银行转账", "微信转账", "现金支付，收款人当场出具收条")
RETENTION = ("long", "long", "permanent", "short", "10y", "30y")
CLOSING_TERM = "本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。"
DAY = dt.timedelta(days=1)


class Outcomes:
    def __init__(self, builder: CaseBuilder, case: Case) -> None:
        self.b, self.case, self.rng, self.sink = builder, case, builder.rng, builder.sink
        self.agreement: dict[str, Any] | None = None
        self.obligations: list[dict[str, Any]] = []

    @property
    def payer(self) -> tuple[dict[str, Any], Any]:
        i = "abc".index(self.case.dispute.payer)
        return self.case.links[i], self.case.parties[i]

    @property
    def payee(self) -> tuple[dict[str, Any], Any]:
        i = "abc".index(self.case.dispute.payee)
        return self.case.links[i], self.case.parties[i]

    def write(self) -> None:
        p = self.case.plan
        if p.outcome == "refused":
            self._refuse()
        elif p.quick:
            self._oral()
        elif p.outcome == "oral" and p.reached is not None:
            self._oral()
        elif p.outcome == "written" and p.reached is not None:
            self._written()
        elif p.outcome in ("terminated", "withdrawn") and p.ended is not None:
            self._end()
        self._referral()
        if p.follow_up is not None and self.agreement is not None:
            self._follow_up(p.follow_up)
        self._close()

    # -- refusal -------------------------------------------------------------------------------
    def _refuse(self) -> None:
        p, row = self.case.plan, self.case.row
        assert p.refused is not None
        code, routes = self.rng.choice(REFUSALS)
        row.update(refusal_reason_code=code, refusal_routes="\n".join(routes))
        if code == "already_handled":
            row["refusal_reason_text"] = "该纠纷已由人民法院立案受理。"
        self.case.history.append(("refused", p.refused, code))

    # -- agreements ------------------------------------------------------------------------------
    def _terms(self, texts: tuple[str, ...]) -> list[str]:
        pay = self.case.words["pay"] != "0"
        return [self.case.fill(t) for t in texts if pay or "{pay}" not in t]

    def _agreement(self, **values: Any) -> dict[str, Any]:
        a = self.sink.add("agreement", case_id=self.case.row["id"], facts=self.case.row["facts"], **values)
        self.agreement = a
        return a

    def _oral(self) -> None:
        p, case = self.case.plan, self.case
        assert p.reached is not None
        terms = self._terms(case.dispute.oral) or ["双方互谅互让，就本纠纷达成和解，再无其他争议。"]
        a = self._agreement(form="oral", reached_on=p.reached, effective_on=p.reached, issues=case.fill(case.dispute.issues),
                            performance_method="当场履行", recorder_name=case.recorder,
                            interpreter_name=case.interpreter)
        for seq, text in enumerate(terms, 1):
            self.sink.add("agreement_term", agreement_id=a["id"], seq=seq, text=text)
        case.history.append(("oral_agreement", p.reached, None))

    def _written(self) -> None:
        p, case, r = self.case.plan, self.case, self.rng
        d = case.dispute
        assert p.reached is not None and case.presiding is not None
        serial, number = self.b.ctx.next_number(p.reached.year, "agreement", self.b.ctx.committee.agreement_word)
        del serial
        # a receipt is promised only where money changes hands (the archive check then looks for it)
        method = r.choice(METHODS) if int(case.words["pay_fen"]) else "当面履行"
        payee_link, payee = self.payee
        a = self._agreement(
            form="written", number=number, issues=case.fill(d.issues), responsibilities=case.fill(d.responsibilities),
            performance_method=method, performance_place=self.b.room(case) if "现金" in method else payee.address,
            personal_status=d.personal_status, recorder_name=case.recorder, interpreter_name=case.interpreter,
            drafted_on=p.reached, reached_on=p.reached,
        )
        terms = self._terms(d.terms) + ([case.fill(d.act) + "。"] if d.act else []) + [CLOSING_TERM]
        term_rows = [self.sink.add("agreement_term", agreement_id=a["id"], seq=i, text=t) for i, t in enumerate(terms, 1)]
        self._schedule(a, method, payee_link)
        case.history.append(("agreement_drafted", p.reached, None))
        if p.executed is None:  # waiting for signatures: some parties may have signed already
            for link, person in list(zip(case.links, case.parties, strict=True))[: r.randint(0, len(case.links) - 1)]:
                self._execute(a, link, person, p.reached)
            return
        for link, person in zip(case.links, case.parties, strict=True):
            self._execute(a, link, person, p.executed)
        a.update(mediator_signed_on=p.executed, seal_affixed_on=p.executed, effective_on=p.executed)
        a["content_hash"] = self._hash(a, term_rows)
        case.history.append(("agreement_effective", p.executed, None))
        self.b.evidence(case, "signed_copy", f"签署后的人民调解协议书（{number}）", "人民调解委员会", p.executed, 2)
        self._perform()
        if p.confirmation is not None and not d.personal_status:
            self._confirmation(*p.confirmation)

    def _schedule(self, a: dict[str, Any], method: str, payee_link: dict[str, Any]) -> None:
        """Instalments per obligor with due dates, the act owed (if any); the overall deadline is the last."""
        p, case, r = self.case.plan, self.case, self.rng
        assert p.executed is not None or p.reached is not None
        start = p.first_due or ((p.executed or p.reached or p.registered) + DAY * r.choice((7, 15, 30)))
        payer_link, _payer = self.payer
        total = int(case.words["pay_fen"])
        dues: list[dt.date] = []
        if total:
            count = p.instalments if total >= p.instalments * 100_000 else 1
            parts = [total // count // 10000 * 10000] * (count - 1)
            parts.append(total - sum(parts))
            for k, fen in enumerate(parts):
                due = start + DAY * (p.interval * k)
                dues.append(due)
                what = f"第{k + 1}期" if len(parts) > 1 else "一次性"
                self.obligations.append(self.sink.add(
                    "obligation", agreement_id=a["id"], seq=len(self.obligations) + 1, obligor_id=payer_link["id"],
                    obligee_id=payee_link["id"], description=f"{what}{case.fill(case.dispute.obligation, pay=f'{fen // 100:,}')}",
                    amount_fen=fen, due_on=due, method=method.split("，")[0], place=a["performance_place"],
                    performed_fen=0))
        if case.dispute.act:  # the act is owed by the first due day
            due = start
            dues.append(due)
            self.obligations.append(self.sink.add(
                "obligation", agreement_id=a["id"], seq=len(self.obligations) + 1, obligor_id=case.links[1]["id"],
                obligee_id=case.links[0]["id"], description=case.fill(case.dispute.act), amount_fen=None, due_on=due,
                performed_fen=0))
        assert dues, case.dispute.name  # every written agreement says what is owed and by when
        a["performance_deadline"] = max(dues)

    def _execute(self, a: dict[str, Any], link: dict[str, Any], person: Any, on: dt.date) -> None:
        legal = person.kind == "legal"
        self.sink.add("agreement_execution", agreement_id=a["id"], case_party_id=link["id"],
                      method="signature_seal" if legal else "signature_fingerprint",
                      signer_name=person.legal_rep_name if legal else person.name, executed_on=on)

    def _hash(self, a: dict[str, Any], terms: list[dict[str, Any]]) -> str:
        """The verification code's content, computed by the agreement service's own function."""
        case = self.case
        links = [SimpleNamespace(id=lk["id"], role=lk["role"], party=SimpleNamespace(
            name=p.name, id_number=p.id_number, credit_code=p.credit_code)) for lk, p in zip(case.links, case.parties, strict=True)]
        c = SimpleNamespace(number=case.row["number"], links=links)
        ag = SimpleNamespace(**{**a, "terms": [SimpleNamespace(text=t["text"]) for t in terms],
                                "obligations": [SimpleNamespace(**{"place": None, "method": None, "period": "", "period_until": None, **o})
                                                for o in self.obligations],
                                "originals_override": a.get("originals_override"),
                                "performance_deadline": a.get("performance_deadline")})
        return content_hash(fingerprint_content(cast(CaseRecord, c), cast(AgreementRecord, ag)))

    # -- performance, follow-up, confirmation --------------------------------------------------
    def _perform(self) -> None:
        p, case, r = self.case.plan, self.case, self.rng
        started: list[dt.date] = []
        today = self.b.ctx.today
        _payee_link, payee = self.payee
        for ob in self.obligations:
            due = ob["due_on"]
            if p.paid_until is not None and due <= p.paid_until:
                paid = max(p.executed or due, due - DAY * r.choice((0, 0, 1, 3)))
                ob["performed_on"] = paid
                if ob["amount_fen"]:
                    ob["performed_fen"] = ob["amount_fen"]
                self.sink.add("performance_event", case_id=case.row["id"], obligation_id=ob["id"], kind="performed",
                              amount_fen=ob["amount_fen"], on=paid, by_user_id=self.b.ctx.user_id)
                if ob["amount_fen"]:
                    title = f"{payee.name}出具的收条（第{ob['seq']}期）" if "现金" in str(ob["method"]) else \
                        f"{ob['method']}凭证（第{ob['seq']}期）"
                    self.b.evidence(case, "receipt", title, payee.name, paid)
                started.append(paid)
            elif due < today and p.status == "performing" and r.random() < 0.6:
                urged = min(today, due + DAY * r.randint(1, 5))
                self.sink.add("performance_event", case_id=case.row["id"], obligation_id=ob["id"], kind="urged",
                              on=urged, note=f"调解员电话督促{self.payer[1].name}履行第{ob['seq']}项义务。",
                              by_user_id=self.b.ctx.user_id)
                started.append(urged)
        if p.follow_up is not None:
            started.append(p.follow_up)
        if started:
            case.history.append(("performing", min(started), None))

    def _follow_up(self, on: dt.date) -> None:
        p, case, r = self.case.plan, self.case, self.rng
        assert self.agreement is not None and case.presiding is not None
        _link, visited = self.payee
        done = all(o.get("performed_on") for o in self.obligations)
        status = "performed" if done or p.status in ("closed", "archived") else "partly"
        findings = (f"经回访，{visited.name}确认协议约定事项已全部履行完毕，双方关系缓和，未发现新的矛盾纠纷。"
                    if status == "performed" else f"经回访，{visited.name}确认已按期收到部分款项，其余款项尚未到期。")
        self.sink.add("follow_up", case_id=case.row["id"], agreement_id=self.agreement["id"],
                      person_visited=visited.legal_rep_name or visited.name if visited.kind == "legal" else visited.name,
                      at=at(on, 6), mode=r.choice(("phone", "phone", "visit")), performance_status=status,
                      satisfaction=r.choice(("satisfied", "satisfied", "fairly")),
                      lawsuit="双方均未就协议履行提起诉讼。", new_risk="未发现矛盾激化或新的风险。",
                      measures="提醒双方妥善保管协议书和履行凭证。", findings=findings, visitor_name=case.presiding[1])
        self.sink.add("performance_event", case_id=case.row["id"], kind=status, on=on, note=findings,
                      by_user_id=self.b.ctx.user_id)
        if p.outcome == "oral":
            case.history.append(("performing", on, None))

    def _confirmation(self, applied: dt.date, decided: dt.date | None) -> None:
        case, r = self.case, self.rng
        assert self.agreement is not None
        court, basis = (case.row["referrer_name"], "referring_court") if case.row["source"] == "court" else \
            ("西宁市城北区人民法院", "committee")
        number = f"（{applied.year}）青0105民特{r.randint(10, 999)}号" if decided else None
        self.sink.add("judicial_confirmation", case_id=case.row["id"], agreement_id=self.agreement["id"], court=court,
                      court_basis=basis, applied_on=applied, joint=True,
                      outcome="confirmed" if decided else "pending", outcome_on=decided, court_case_number=number)
        if decided and number:
            self.sink.add("external_ref", case_id=case.row["id"], kind="confirmation_case", value=number,
                          issued_on=decided)
            self.b.evidence(case, "court_ruling", f"民事裁定书{number}", court, decided, 2)

    # -- termination, referral, closing ------------------------------------------------------
    def _end(self) -> None:
        p, case = self.case.plan, self.case
        assert p.ended is not None
        withdrawn = p.outcome == "withdrawn"
        if withdrawn:
            self.b.consent(case.links[0], "withdrawal", p.ended, "written", note="申请人申请撤回调解")
            reason = f"申请人{case.words['a']}表示双方已自行协商，申请撤回调解。"
        else:
            reason = case.fill(case.dispute.failure)
        self.sink.add("termination", case_id=case.row["id"], kind="withdrawn" if withdrawn else "failed", reason=reason,
                      routes="\n".join(case.dispute.routes), routes_told_on=p.ended, on=p.ended)
        case.history.append(("withdrawn" if withdrawn else "terminated", p.ended, reason))

    def _referral(self) -> None:
        p, case, r = self.case.plan, self.case, self.rng
        d = case.dispute
        if d.referral is None or p.accepted is None or p.quick or r.random() < 0.4:
            return
        today = self.b.ctx.today
        end = p.closed or today
        issued = min(end, p.accepted + DAY * r.randint(0, 3))
        deadline = issued + DAY * 15
        _serial, number = self.b.ctx.next_number(issued.year, "referral", REFERRAL_WORD)
        steps = [("assigned", issued), ("received", issued + DAY), ("in_progress", issued + DAY * 3),
                 ("feedback", issued + DAY * 10), ("closed", issued + DAY * 12)]
        # the department answers in its own time, whether or not the case closed meanwhile: a slip of a
        # case closed months ago is not left open and overdue for ever
        done = [(s, on) for s, on in steps if on <= today]
        status = done[-1][0]
        feedback = {"城北区市场监督管理局": "已对涉事电子秤现场检定，责令摊主停用并更换合格计量器具。"}.get(
            d.referral[0], "已约谈用人单位负责人，责令限期支付拖欠工资。")
        rec = self.sink.add("referral", committee_id=self.b.ctx.committee.id, case_id=case.row["id"], number=number,
                            from_unit=self.b.ctx.committee.name, to_department=d.referral[0], reason=d.referral[1],
                            instructions="请于期限内反馈办理结果。", issued_on=issued, deadline=deadline, status=status,
                            feedback=feedback if status in ("feedback", "closed") else None,
                            feedback_on=issued + DAY * 10 if status in ("feedback", "closed") else None)
        for s, on in done:
            self.sink.add("referral_log", referral_id=rec["id"], status=s, on=on, by_user_id=self.b.ctx.user_id,
                          note="请于期限内反馈办理结果。" if s == "assigned" else (feedback if s == "feedback" else None))

    def _close(self) -> None:
        p, case, r = self.case.plan, self.case, self.rng
        if p.closed is None:
            return
        case.row["closed_on"] = p.closed
        case.history.append(("closed", p.closed, None))
        if p.archived is None:
            return
        assert case.presiding is not None
        checker = next((n for _i, n in self.b.ctx.mediators if n not in (case.presiding[1], case.recorder)),
                       case.recorder)
        case.row.update(retention_period=r.choice(RETENTION), file_compiler=case.presiding[1], file_compiled_on=p.compiled,
                        file_checker=checker, archived_on=p.archived)
        case.history.append(("archived", p.archived, None))
