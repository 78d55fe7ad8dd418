"""One demo case, written as the services would have written it step by step: registration, the
parties, notice and consent, assignment, investigation, sessions, then the outcome (see
:mod:`outcomes`). Every date comes from the case's :class:`Plan`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from mediation_app.domain.deadlines import default_deadline
from mediation_app.domain.enums import AgentKind, DeadlineRule
from mediation_app.domain.numbering import format_case_number
from mediation_app.domain.pinyin import name_search_keys
from mediation_app.services.demo import people as pp
from mediation_app.services.demo.plan import Plan, plan_case
from mediation_app.services.demo.rows import Sink, at
from mediation_app.services.demo.samples import Sample
from mediation_app.services.demo.texts import DISPUTES, GOODS, MARKET_PLACE, Dispute
from mediation_app.storage.search import case_terms
from mediation_app.storage.search_tune import field_texts

SOURCES = (("application", 55), ("initiative", 9), ("grid", 12), ("court", 6), ("police", 6), ("hotline", 7),
           ("other_dept", 3), ("petition", 2))
REFERRERS = {
    "court": "西宁市城北区人民法院", "police": "西宁市公安局城北分局朝阳派出所", "hotline": "西宁市12345政务服务便民热线",
    "grid": "集散中心网格员韩卫东", "other_dept": "城北区市场监督管理局", "petition": "城北区信访局",
}
COURT_DAYS = 30
RISK_MIX = (("blue", 78), ("yellow", 15), ("orange", 5), ("red", 2))
COMPANY_FOR = {"goods_quality": (1, 2), "transit_damage": (0, 4), "unpaid_wages": (3, 2, 1), None: (1, 2, 3)}
ROLES = ("applicant", "respondent", "third_party")


@lru_cache(maxsize=200_000)
def _keys(name: str) -> str:
    return name_search_keys(name)


def _month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


@dataclass(frozen=True)
class Committee:
    id: uuid.UUID
    name: str
    short_name: str
    number_pattern: str
    case_word: str
    agreement_word: str
    deadline_rule: str


@dataclass(kw_only=True)
class Context:
    """What the builder of every case shares: the committee, who generates, the mediators, the
    serials issued so far, the sample scans."""

    committee: Committee
    user_id: uuid.UUID
    mediators: list[tuple[uuid.UUID, str]]
    serials: dict[tuple[int, str], int]
    samples: dict[str, tuple[Sample, str]]  # kind -> (sample, sha256)
    today: dt.date

    def next_number(self, year: int, series: str, word: str) -> tuple[int, str]:
        self.serials[(year, series)] = serial = self.serials.get((year, series), 0) + 1
        c = self.committee
        return serial, format_case_number(c.number_pattern, c.short_name, word, year, serial)


@dataclass(kw_only=True)
class Case:
    """The case being built, as the outcome steps need it."""

    plan: Plan
    dispute: Dispute
    row: dict[str, Any]
    parties: list[pp.Person]
    links: list[dict[str, Any]]
    words: dict[str, str]
    presiding: tuple[uuid.UUID, str] | None
    recorder: str
    interpreter: str | None = None
    history: list[tuple[str, dt.date, str | None]] = field(default_factory=list)

    @property
    def id(self) -> uuid.UUID:
        return uuid.UUID(str(self.row["id"]))

    def fill(self, text: str, **extra: str) -> str:
        return text.format(**{**self.words, **extra})


class CaseBuilder:
    def __init__(self, rng: random.Random, ctx: Context, sink: Sink) -> None:
        self.rng, self.ctx, self.sink = rng, ctx, sink
        self._disputes = [d for d in DISPUTES]
        self._weights = [d.weight for d in DISPUTES]

    # -- the case -----------------------------------------------------------------------------
    def build(self, search_id: int, status: str | None = None) -> Case:
        from mediation_app.services.demo.outcomes import Outcomes

        r = self.rng
        plan = plan_case(r, self.ctx.today, status)
        dispute = r.choices(self._disputes, self._weights)[0]
        if dispute.investigation is None:
            plan.investigation = None
        case = self._register(plan, dispute, search_id)
        if plan.accepted is not None:
            self._accept(case)
        Outcomes(self, case).write()
        self._history(case)
        self._index(case, search_id)
        return case

    def _people(self, plan: Plan, d: Dispute) -> list[pp.Person]:
        r, on = self.rng, plan.registered
        out: list[pp.Person] = []
        specs = [d.a, d.b] + ([d.c] if d.c else [])
        for i, (kind, job) in enumerate(specs):
            if kind == "market":
                out.append(pp.company(r, on, 5))
            elif kind == "company":
                out.append(pp.company(r, on, r.choice(COMPANY_FOR.get(d.code, COMPANY_FOR[None]))))
            elif d.code == "support_alimony" and i == 0:
                out.append(pp.natural_person(r, on, occupation=job, min_age=70, max_age=86))
            elif d.code in ("support_alimony", "divorce_property") and i == 1:
                first = out[0]
                sex = r.choice(("male", "female"))
                if d.code == "divorce_property":  # the former spouse
                    sex = "female" if first.sex == "male" else "male"
                person = pp.natural_person(r, on, occupation=job, sex=sex, ethnicity=first.ethnicity,
                                           min_age=28 if d.code == "divorce_property" else 40, max_age=55)
                if d.code == "support_alimony" and pp.has_surname(first):  # a son or daughter
                    given = person.name[1:] if len(person.name) > 1 else person.name
                    person = pp.Person(**{**person.__dict__, "name": first.name[0] + given})
                out.append(person)
            elif d.code == "grazing_boundary":
                out.append(pp.natural_person(r, on, occupation=job, ethnicity=r.choice((pp.TIBETAN, pp.TIBETAN, pp.MONGOLIAN))))
            else:
                out.append(pp.natural_person(r, on, occupation=job, stall=d.market and "商户" in job,
                                             sex="male" if job in ("搬运工", "建筑工人", "叉车司机", "货车司机") else None))
        return out

    def _register(self, plan: Plan, d: Dispute, search_id: int) -> Case:
        r, ctx = self.rng, self.ctx
        parties = self._people(plan, d)
        amount = r.choice(d.amounts)
        agreed = amount if amount < 1000 else int(amount * r.choice(d.shares) // 100 * 100)
        names = [p.name for p in parties]
        place = (f"{MARKET_PLACE}{parties[1].stall_number or parties[0].stall_number or r.choice('ABCDEF') + '区'}"
                 if d.market else parties[0].address)
        words = {"a": names[0], "b": names[1], "c": names[2] if len(names) > 2 else "", "g": r.choice(GOODS),
                 "n": str(r.choice((40, 60, 80, 120, 200))), "amt": f"{amount:,}", "pay": f"{agreed:,}",
                 "place": place, "when": _month(plan.registered - dt.timedelta(days=r.randint(20, 200)))}
        year = plan.registered.year
        serial, number = ctx.next_number(year, "case", ctx.committee.case_word)
        source = "initiative" if plan.quick else pp.weighted(r, SOURCES)
        others = "、".join(names[1:])
        risk = pp.weighted(r, RISK_MIX)
        row = self.sink.add(
            "mediation_case", committee_id=ctx.committee.id, number=number, search_id=search_id, year=year,
            serial=serial, status=plan.status, title=f"{names[0]}与{others}{d.name}纠纷", source=source,
            referrer_name=REFERRERS.get(source), application_form="written" if source == "application" and r.random() < 0.6 else "oral",
            referrer_deadline=plan.registered + dt.timedelta(days=COURT_DAYS) if source == "court" else None,
            dispute_type=d.dispute_type, subtype_code=d.code, facts=d.facts.format(**words),
            requests=d.requests.format(**words), place=place, amount_fen=amount * 100 if amount else None,
            persons_involved=len(parties) + (5 if d.code == "unpaid_wages" else 0), quick_entry=plan.quick,
            registered_on=plan.registered, risk_level=risk, registered_by=ctx.user_id,
            parties_text=f"{names[0]} — {others}",
        )
        if source == "grid" and r.random() < 0.5:
            row["referrer_contact"] = pp.mobile(r)
        words["pay_fen"] = str(agreed * 100)
        links = []
        for i, p in enumerate(parties):
            party = self.sink.add(
                "party", kind=p.kind, name=p.name, name_keys=_keys(p.name), sex=p.sex, ethnicity=p.ethnicity,
                birth_date=p.birth_date, age=p.age, id_type="resident_id" if p.id_number else None,
                id_number=p.id_number, occupation=p.occupation, address=p.address, phone=p.phone, phone_raw=p.phone,
                preferred_language=p.preferred_language, interpreter_needed=p.interpreter_needed,
                credit_code=p.credit_code, legal_rep_name=p.legal_rep_name, legal_rep_title=p.legal_rep_title,
                stall_number=p.stall_number, business_type=p.business_type,
            )
            link = self.sink.add("case_party", case_id=row["id"], party_id=party["id"], role=ROLES[min(i, 2)],
                                 position=i)
            if p.kind == "legal" and r.random() < 0.5:  # an employee attends with a power of attorney
                agent = pp.natural_person(r, plan.registered, occupation="")
                link.update(agent_name=agent.name, agent_phone=agent.phone, agent_authority=AgentKind.AUTHORISED.value)
            links.append(link)
        meds = ctx.mediators
        presiding = r.choice(meds) if plan.assigned and plan.accepted is not None else None
        others_m = [m for m in meds if presiding is None or m[0] != presiding[0]] or meds
        case = Case(plan=plan, dispute=d, row=row, parties=parties, links=links, words=words, presiding=presiding,
                    recorder=r.choice(others_m)[1])
        case.history.append(("registered", plan.registered, None))
        self._risk(case, risk)
        self._refs(case, source)
        return case

    def _risk(self, case: Case, level: str) -> None:
        if level == "blue":
            return
        on = case.plan.registered
        values: dict[str, Any] = dict(case_id=case.row["id"], level=level, at=at(on, 1, 30), by_user_id=self.ctx.user_id)
        if level == "yellow":
            values.update(reason="双方多次争吵，情绪较为激动，登记时评为黄色等级。", flags="")
        else:
            flags = ["threats"] + (["criminal_risk"] if level == "red" else [])
            values.update(
                reason="一方扬言要采取过激行为，存在矛盾激化风险。", flags=",".join(flags),
                containment="安排网格员和市场管理人员每日见面稳控双方情绪，调解期间不单独接触。",
                escalated_to="集散中心综治中心点负责人",
            )
            if level == "red":
                values.update(reported_to=REFERRERS["police"], reported_on=on)
        self.sink.add("risk_assessment", **values)

    def _refs(self, case: Case, source: str) -> None:
        r, year, on = self.rng, case.plan.registered.year, case.plan.registered
        value = {
            "court": ("court_referral_letter", f"（{year}）青0105民诉前调{r.randint(100, 2999)}号"),
            "grid": ("grid_report", f"网格-{year}-{r.randint(1, 9999):04d}"),
            "hotline": ("hotline_ticket", f"12345-{on:%Y%m%d}{r.randint(1, 9999):04d}"),
            "police": ("police_case", f"朝阳派出所警调〔{year}〕{r.randint(1, 999)}号"),
        }.get(source)
        if value:
            self.sink.add("external_ref", case_id=case.row["id"], kind=value[0], value=value[1], issued_on=on)

    # -- acceptance, consent, assignment, sessions ---------------------------------------------
    def _accept(self, case: Case) -> None:
        p, row, r = case.plan, case.row, self.rng
        assert p.accepted is not None and p.consents is not None
        row["accepted_on"] = p.accepted
        rule = DeadlineRule(self.ctx.committee.deadline_rule)
        row["deadline_on"] = row["referrer_deadline"] or default_deadline(row["source"], p.accepted, rule)
        case.history.append(("accepted", p.accepted, None))
        form = "oral" if p.quick else r.choice(("written", "written", "oral"))
        for i, link in enumerate(case.links):
            self.consent(link, "notice_given", p.consents, form)
            if p.all_consented or i == 0:
                self.consent(link, "consent", p.consents, form)
        if case.presiding is not None:
            row["presiding_mediator_id"] = case.presiding[0]
            self.sink.add("assignment", case_id=row["id"], mediator_id=case.presiding[0], role="presiding",
                          method="chosen" if r.random() < 0.15 else "designated", assigned_at=at(p.accepted, 2))
        for person in case.parties:
            legal = person.kind == "legal"
            self.evidence(case, "identity", f"{person.name}{'营业执照复印件' if legal else '居民身份证复印件'}",
                          person.name, p.accepted)
            if legal:
                self.evidence(case, "identity", f"{person.legal_rep_name}法定代表人身份证明书", person.name, p.accepted)
        self._participants(case)
        for link, person in zip(case.links, case.parties, strict=True):
            if link.get("agent_name"):
                self.evidence(case, "power_of_attorney", f"{person.name}授权委托书（受托人{link['agent_name']}）",
                              person.name, p.accepted)
        for title, who in case.dispute.evidence:  # handed in with the application
            source = self.ctx.committee.name if who == "committee" else case.words[who]
            self.evidence(case, "evidence", title, source, p.accepted)
        if p.investigation is not None:
            self._investigation(case, p.investigation)
        for k, day in enumerate(p.sessions):
            self.session(case, day, k)
        if p.scheduled is not None:
            self.sink.add("meeting", case_id=row["id"], status="scheduled", scheduled_at=at(p.scheduled, 2),
                          place=self.room(case), mode="on_site", subject=row["title"])
        started = [d for d in (p.investigation, p.sessions[0] if p.sessions else None) if d is not None]
        if p.quick:
            started.append(p.accepted)
        if p.scheduled is not None:
            started.append(min(self.ctx.today, p.accepted + dt.timedelta(days=1)))
        if started:
            case.history.append(("mediating", min(started), None))
        if p.extension is not None:
            for link in case.links:
                self.consent(link, "extension_consent", p.extension, "written",
                             note=f"同意将调解期限延长{p.extension_days}日")
            # as extend_deadline does: the new deadline is the one in force
            row["extended_until"] = row["deadline_on"] = row["deadline_on"] + dt.timedelta(days=p.extension_days)
            row["extension_count"] = 1  # the consents are used up by this extension

    def consent(self, link: dict[str, Any], kind: str, on: dt.date, form: str, note: str | None = None) -> None:
        self.sink.add("consent_event", case_party_id=link["id"], kind=kind, form=form, on=on, note=note,
                      recorded_by=self.ctx.user_id)

    def _participants(self, case: Case) -> None:
        r = self.rng
        for link, p in zip(case.links, case.parties, strict=True):
            if p.interpreter_needed and case.interpreter is None:
                case.interpreter = pp.name_for(r, pp.TIBETAN, r.choice(("male", "female")))
                case.words["interpreter_id"] = str(self.sink.add(
                    "participant", case_id=case.row["id"], role="interpreter", name=case.interpreter,
                    organisation="集散中心人民调解委员会", languages="藏语—汉语", phone=pp.mobile(r),
                    parties_consented=True, assists_link_id=link["id"])["id"])
        if r.random() < 0.35:
            market = case.dispute.market
            who = pp.natural_person(r, case.plan.registered, occupation="")
            case.words["invited_id"] = str(self.sink.add(
                "participant", case_id=case.row["id"], role="invited", name=who.name,
                organisation="集散中心市场管理办公室" if market else "村民委员会", phone=who.phone,
                parties_consented=True)["id"])
            case.words["invited"] = who.name

    def room(self, case: Case) -> str:
        return "集散中心人民调解室" if case.dispute.market else "村委会调解室"

    def _investigation(self, case: Case, day: dt.date) -> None:
        d = case.dispute
        assert d.investigation is not None and case.presiding is not None
        interviewee, qa = d.investigation
        content = "\n".join(f"问：{case.fill(q)}\n答：{case.fill(a)}" for q, a in qa)
        self.sink.add("investigation", case_id=case.row["id"], at=at(day, 2), place=case.row["place"],
                      investigators=f"{case.presiding[1]}、{case.recorder}", interviewee=case.fill(interviewee),
                      recorder_name=case.recorder, content=content)

    def session(self, case: Case, day: dt.date, index: int) -> None:
        """A held session with its parties, mediators, recorder, statements and outcome."""
        r, p, d = self.rng, case.plan, case.dispute
        assert case.presiding is not None
        last = index == len(p.sessions) - 1
        outcome = "continue"
        failure = None
        if last and p.outcome in ("written", "oral") and p.status != "mediating":
            outcome = "agreement"
        elif last and p.outcome == "terminated":
            outcome, failure = "failed", case.fill(d.failure)
        remote = case.parties[0].occupation == "外地客商" and r.random() < 0.5
        record = ("调解员告知了当事人的权利和义务，说明了人民调解自愿、平等、不收费的原则和调解方法，介绍了参加调解的人员。"
                  "双方分别陈述了事实和理由，调解员结合证据释法说理，引导双方互谅互让。")
        if outcome == "agreement":
            record += "经调解，双方自愿达成协议。"
        elif outcome == "failed":
            record += "经调解，双方未能达成一致，调解员告知了双方可以通过诉讼等途径解决纠纷。"
        else:
            record += "双方同意另行约定时间继续调解。"
        statements = [[case.words["a"], case.fill(d.statements[0])], [case.words["b"], case.fill(d.statements[1])]]
        meeting = self.sink.add(
            "meeting", case_id=case.row["id"], status="held", scheduled_at=at(day, 2), held_at=at(day, 2, 30),
            place=self.room(case), mode="mixed" if remote else "on_site", subject=case.row["title"],
            notice_read=True, record_text=record, outcome=outcome, failure_reason=failure,
            recorder_name=case.recorder,
            remote_identity_check="视频连线时当事人出示居民身份证，调解员当场核对" if remote else None,
            platform="微信视频" if remote else None,
            statements=json.dumps(statements, ensure_ascii=False),
            evidence_checked="双方对" + "、".join(t for t, _w in d.evidence[:2]) + "的真实性均无异议。" if d.evidence else
            "双方对调解员核实的情况无异议。",
            risk_warning="调解员提示双方：协议应当按约履行，一方不履行的，对方可以依法向人民法院起诉；"
                         "书面协议可以在生效之日起三十日内共同申请司法确认。",
        )
        for i, (link, person) in enumerate(zip(case.links, case.parties, strict=True)):
            away = remote and i == 0
            self.sink.add("meeting_attendee", meeting_id=meeting["id"], kind="party", ref_id=link["id"],
                          name=person.name, location="甘肃省兰州市" if away else None, remote=away,
                          consent=("recorded" if away else "written") if remote else None,
                          identity_check="id_on_camera" if away else None)
        self.sink.add("meeting_attendee", meeting_id=meeting["id"], kind="mediator", ref_id=case.presiding[0],
                      name=case.presiding[1], remote=False)
        for key in ("interpreter_id", "invited_id"):
            if key in case.words:
                name = case.interpreter if key == "interpreter_id" else case.words["invited"]
                self.sink.add("meeting_attendee", meeting_id=meeting["id"], kind="participant",
                              ref_id=uuid.UUID(case.words[key]), name=name)

    def evidence(self, case: Case, kind: str, title: str, source: str, on: dt.date, pages: int | None = 1) -> None:
        sample, digest = self.ctx.samples[kind]
        self.sink.add("evidence", case_id=case.row["id"], kind=kind, title=title, source=source, pages=pages,
                      sha256=digest, filename=sample.filename, mime=sample.mime, size=len(sample.data),
                      added_by=self.ctx.user_id, created_at=at(on, 3), updated_at=at(on, 3))

    # -- history and search ---------------------------------------------------------------------
    def _history(self, case: Case) -> None:
        previous = None
        for i, (status, on, reason) in enumerate(case.history):
            self.sink.add("status_change", case_id=case.row["id"], from_status=previous, to_status=status,
                          at=at(on, 1 + i % 9, 5 * i % 60), by_user_id=self.ctx.user_id, reason=reason)
            previous = status
        assert previous == case.plan.status, (previous, case.plan.status)

    def _index(self, case: Case, search_id: int) -> None:
        row = case.row
        fields = SimpleNamespace(**{k: row.get(k) for k in ("number", "title", "facts", "requests", "place",
                                                            "referrer_name")})
        parties = [SimpleNamespace(name=p.name, stall_number=p.stall_number, legal_rep_name=p.legal_rep_name,
                                   name_keys=_keys(p.name), phone=p.phone, id_number=p.id_number) for p in case.parties]
        self.sink.fts.append((search_id, row["registered_on"], case_terms(fields, parties), field_texts(fields, parties)))
