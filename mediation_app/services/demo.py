"""Realistic synthetic data: market and family disputes in every state, plausible names of the
region's peoples, valid ID numbers and phones. Deterministic for a given seed.

Written in bulk (one transaction) so that 100,000 cases take seconds, not hours; the numbers
issued are recorded in the committee's counters so real cases continue after them.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from mediation_app.domain.deadlines import mediation_deadline
from mediation_app.domain.enums import DeadlineRule
from mediation_app.domain.identity import resident_id_check_char
from mediation_app.domain.numbering import format_case_number
from mediation_app.domain.permissions import Perm
from mediation_app.domain.pinyin import name_search_keys
from mediation_app.domain.search_text import phone_tokens, unigram
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, Changes
from mediation_app.services.errors import ValidationFailed
from mediation_app.storage import queries as q
from mediation_app.storage.bulk import insert_rows, max_search_id
from mediation_app.storage.models import CommitteeRecord, NumberCounterRecord

HAN_SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单"
HUI_SURNAMES = "马马马韩冶沙穆白丁撒海哈米杨"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英福海建国永福文华玉兰德明志强红梅晓东春花国庆学军海燕金花"
TIBETAN_NAMES = ("才让", "卓玛", "扎西", "多杰", "拉毛", "旦增", "索南", "尼玛", "措吉", "仁青", "完玛", "更登", "央金", "桑杰")
REGIONS = ("630102", "630103", "630104", "630105", "630121", "630123", "632123", "632126", "620102", "622901", "623001")
ETHNIC_MIX = (("01", 50), ("03", 22), ("04", 13), ("30", 6), ("35", 4), ("02", 3), ("05", 2))
MOBILE_PREFIX = ("139", "138", "137", "150", "151", "158", "177", "180", "187", "199")
GOODS = ("苹果", "香蕉", "土豆", "牦牛肉", "青稞", "洋葱", "西红柿", "枸杞", "蒜薹", "大白菜", "羊肉", "辣椒")

MARKET = [
    ("payment_arrears", "contract", "{a}赊购{b}的{g}，尚欠货款{amt}元，约定的还款日已过，多次催要未果。"),
    ("goods_quality", "contract", "{a}从{b}处购进{g}一批，到货后发现部分腐烂变质，要求退货或降价。"),
    ("short_weight", "consumer", "{a}在{b}摊位购买{g}，回秤发现短斤少两，双方发生争执。"),
    ("transit_damage", "contract", "{b}发往外地的{g}在运输途中挤压损坏，{a}拒付余款{amt}元。"),
    ("stall_lease", "contract", "{a}租用{b}的摊位，因提前退租押金{amt}元的退还问题发生纠纷。"),
    ("price_dispute", "contract", "{a}与{b}对已交付的{g}价格产生争议，差价约{amt}元。"),
    ("private_loan", "contract", "{a}向{b}借款{amt}元用于进货，到期未还。"),
    ("market_injury", "damages", "{a}在市场内被{b}驾驶的叉车碰伤，就医疗费{amt}元的承担发生争议。"),
    ("porter_wages", "labour", "搬运工{a}为{b}装卸{g}，工钱{amt}元未结清。"),
]
FAMILY = [
    ("support_alimony", "marriage_family", "{a}与{b}因老人赡养费用分担发生争执。"),
    ("boundary", "neighbour", "{a}与{b}因宅前通道和院墙边界发生纠纷。"),
    ("noise_water", "neighbour", "{a}家排水流入{b}家院内，双方多次争吵。"),
    ("divorce_property", "marriage_family", "{a}与{b}离婚后就共同财产分割发生争议。"),
    ("grazing_boundary", "forest_land", "{a}与{b}两家草场界线不清，因放牧越界发生争执。"),
]
STATUS_MIX = (
    ("registered", 3), ("refused", 2), ("accepted", 4), ("mediating", 9), ("agreement_drafted", 3),
    ("agreement_effective", 7), ("oral_agreement", 14), ("terminated", 6), ("withdrawn", 2), ("performing", 10),
    ("closed", 32), ("archived", 8),
)
PATHS: dict[str, tuple[str, ...]] = {
    "registered": ("registered",),
    "refused": ("registered", "refused"),
    "accepted": ("registered", "accepted"),
    "mediating": ("registered", "accepted", "mediating"),
    "agreement_drafted": ("registered", "accepted", "mediating", "agreement_drafted"),
    "agreement_effective": ("registered", "accepted", "mediating", "agreement_drafted", "agreement_effective"),
    "oral_agreement": ("registered", "accepted", "mediating", "oral_agreement"),
    "terminated": ("registered", "accepted", "mediating", "terminated"),
    "withdrawn": ("registered", "accepted", "mediating", "withdrawn"),
    "performing": ("registered", "accepted", "mediating", "agreement_drafted", "agreement_effective", "performing"),
}
PATHS["closed"] = PATHS["performing"] + ("closed",)
PATHS["archived"] = PATHS["closed"] + ("archived",)
MEDIATOR_NAMES = ("马吉祥", "韩秀英", "李文华", "才让东智", "冶永林", "张桂兰", "祁德明", "赵海燕")


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> Callable[[], str]:
    values = [v for v, _w in table]
    weights = [w for _v, w in table]
    return lambda: rng.choices(values, weights)[0]


class DemoGenerator:
    def __init__(self, seed: int, today: dt.date, committee: CommitteeRecord, user_id: uuid.UUID) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.committee = committee
        self.user_id = user_id
        self.ethnicity = _weighted(self.rng, ETHNIC_MIX)
        self.status = _weighted(self.rng, STATUS_MIX)
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.fts: list[tuple[int, str]] = []
        self.serials: dict[tuple[int, str], int] = defaultdict(int)
        self.now = dt.datetime.now(dt.UTC)
        self._ms = int(self.now.timestamp() * 1000) & (2**48 - 1)
        self._counter = self.rng.getrandbits(40) << 20

    def new_id(self) -> uuid.UUID:
        """Time-ordered (UUIDv7 layout: millisecond prefix, then a counter) so a million generated
        rows append to their indexes instead of scattering across them; still unique everywhere."""
        self._counter += 1
        c = self._counter
        value = (self._ms << 80) | (0x7 << 76) | ((c >> 62) & 0xFFF) << 64 | (0b10 << 62) | (c & (2**62 - 1))
        return uuid.UUID(int=value)

    # -- people -------------------------------------------------------------------------------
    def _name(self, eth: str) -> str:
        r = self.rng
        if eth == "04":
            return r.choice(TIBETAN_NAMES) + r.choice(TIBETAN_NAMES)
        surname = r.choice(HUI_SURNAMES if eth in ("03", "35") else HAN_SURNAMES)
        return surname + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    def _id_number(self, birth: dt.date) -> str:
        body = f"{self.rng.choice(REGIONS)}{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
        return body + resident_id_check_char(body)

    def person(self) -> dict[str, Any]:
        r = self.rng
        eth = self.ethnicity()
        birth = dt.date(r.randint(1948, 2002), r.randint(1, 12), r.randint(1, 28))
        ident = self._id_number(birth)
        name = self._name(eth)
        phone = r.choice(MOBILE_PREFIX) + f"{r.randrange(10**8):08d}"
        age = self.today.year - birth.year - ((self.today.month, self.today.day) < (birth.month, birth.day))
        row = dict(
            id=self.new_id(), kind="natural", name=name, name_keys=name_search_keys(name),
            sex="male" if int(ident[16]) % 2 else "female", ethnicity=eth, birth_date=birth, age=age,
            id_type="resident_id", id_number=ident, occupation=r.choice(("个体商户", "批发商", "司机", "务农", "牧民", "搬运工", "退休")),
            address=r.choice(("青海省西宁市城北区", "青海省西宁市城东区", "青海省海东市", "甘肃省临夏州", "青海省大通县")),
            phone=phone, phone_raw=phone, preferred_language="藏语" if eth == "04" and r.random() < 0.5 else "汉语",
            interpreter_needed=eth == "04" and r.random() < 0.3, credit_code=None, legal_rep_name=None,
            legal_rep_title=None, stall_number=f"{r.choice('ABCDEF')}-{r.randint(1, 540):03d}" if r.random() < 0.5 else None,
            business_type=None, created_at=self.now, updated_at=self.now,
        )
        self.rows["party"].append(row)
        return row

    # -- cases --------------------------------------------------------------------------------
    def case(self, mediator_ids: list[uuid.UUID], search_id: int) -> None:
        r = self.rng
        registered = self.today - dt.timedelta(days=int(r.triangular(0, 1000, 40)))
        status = self.status()
        path = PATHS[status]
        if status in ("registered", "accepted", "mediating", "agreement_drafted") and (self.today - registered).days > 60:
            registered = self.today - dt.timedelta(days=r.randint(0, 45))
        subtype, core, template = r.choice(MARKET if r.random() < 0.7 else FAMILY)
        a, b = self.person(), self.person()
        amount = r.choice((800, 1500, 2600, 4800, 9000, 12000, 24000, 36000, 86933)) * 100
        facts = template.format(a=a["name"], b=b["name"], g=r.choice(GOODS), amt=f"{amount // 100:,}")
        year = registered.year
        self.serials[(year, "case")] += 1
        number = format_case_number(self.committee.number_pattern, self.committee.short_name,
                                    self.committee.case_word, year, self.serials[(year, "case")])
        accepted = registered + dt.timedelta(days=r.choice((0, 0, 1, 2))) if "accepted" in path else None
        case_id = self.new_id()
        presiding = r.choice(mediator_ids) if accepted and r.random() < 0.95 else None
        risk = r.choices(("blue", "yellow", "orange", "red"), (80, 14, 5, 1))[0]
        parties_text = f"{a['name']} — {b['name']}"
        case = dict(
            id=case_id, committee_id=self.committee.id, number=number, search_id=search_id, year=year,
            serial=self.serials[(year, "case")], status=status, title=parties_text, source=r.choice(
                ("application", "application", "initiative", "grid", "court", "hotline", "police")),
            referrer_name=None, referrer_contact=None, referrer_deadline=None, application_form="oral",
            dispute_type=core, subtype_code=subtype, facts=facts, requests="请求调解解决。", place="集散中心人民调解室",
            amount_fen=amount, persons_involved=2, complexity=None, is_public=False, quick_entry=False,
            registered_on=registered, accepted_on=accepted,
            deadline_on=mediation_deadline(accepted, DeadlineRule.CALENDAR_MONTH) if accepted else None,
            extended_until=None, closed_on=None, archived_on=None, risk_level=risk, presiding_mediator_id=presiding,
            retention_period="long" if status == "archived" else None, file_compiler=None, explanatory_note=None,
            refusal_reason_code="already_handled" if status == "refused" else None, refusal_reason_text=None,
            refusal_routes="lawsuit" if status == "refused" else None, registered_by=self.user_id,
            parties_text=parties_text, created_at=self.now, updated_at=self.now,
        )
        source = str(case["source"])
        if source not in ("application", "initiative"):
            case["referrer_name"] = {"grid": "网格员", "court": "城北区人民法院", "hotline": "12345热线",
                                     "police": "朝阳派出所"}[source]
        self.rows["mediation_case"].append(case)
        links = []
        for pos, (p, role) in enumerate(((a, "applicant"), (b, "respondent"))):
            link = dict(id=self.new_id(), case_id=case_id, party_id=p["id"], role=role, position=pos, agent_name=None,
                        agent_phone=None, agent_authority=None, wants_private=False, created_at=self.now,
                        updated_at=self.now)
            links.append(link)
            self.rows["case_party"].append(link)
        day = registered
        for i, st in enumerate(path):
            self.rows["status_change"].append(dict(
                id=self.new_id(), case_id=case_id, from_status=path[i - 1] if i else None, to_status=st,
                at=dt.datetime.combine(day, dt.time(9 + i), dt.UTC), by_user_id=self.user_id, reason=None))
            day = min(self.today, day + dt.timedelta(days=r.randint(0, 6)))
        if accepted is not None:
            for link in links:
                for kind in ("notice_given", "consent"):
                    self.rows["consent_event"].append(dict(
                        id=self.new_id(), case_party_id=link["id"], kind=kind, form="written", on=accepted, note=None,
                        recorded_by=self.user_id, created_at=self.now, updated_at=self.now))
        if presiding and accepted is not None:
            self.rows["assignment"].append(dict(
                id=self.new_id(), case_id=case_id, mediator_id=presiding, role="presiding", method="designated",
                assigned_at=dt.datetime.combine(accepted, dt.time(10), dt.UTC), ended_at=None, end_reason=None,
                conflict_note=None, created_at=self.now, updated_at=self.now))
        if "mediating" in path and accepted is not None:
            self._meeting(case_id, accepted, links, (a["name"], b["name"]), status)
        self._outcome(case, links, path, amount)
        body = unigram(" ".join((number, parties_text, facts, "集散中心人民调解室", a["name"], b["name"])))
        extra = " ".join((a["name_keys"], b["name_keys"], phone_tokens(a["phone"]), phone_tokens(b["phone"])))
        self.fts.append((search_id, f"{body} {extra}"))

    def _meeting(self, case_id: uuid.UUID, accepted: dt.date, links: list[dict[str, Any]],
                 names: tuple[str, str], status: str) -> None:
        held = dt.datetime.combine(accepted + dt.timedelta(days=self.rng.randint(0, 5)), dt.time(14), dt.UTC)
        meeting_id = self.new_id()
        self.rows["meeting"].append(dict(
            id=meeting_id, case_id=case_id, status="held", scheduled_at=held, held_at=held, place="集散中心人民调解室",
            mode=self.rng.choice(("on_site", "on_site", "on_site", "phone", "video")), subject="调解",
            is_public=False, notice_read=True, record_text="告知权利义务后，双方各自陈述事实，调解员释法说理。",
            outcome="failed" if status in ("terminated", "withdrawn") else "agreement", failure_reason=None,
            recorder_name=None, remote_identity_check="视频核验身份证", created_at=self.now, updated_at=self.now))
        for link, name in zip(links, names, strict=True):
            self.rows["meeting_attendee"].append(dict(
                id=self.new_id(), meeting_id=meeting_id, kind="party", ref_id=link["id"], name=name, location=None,
                created_at=self.now, updated_at=self.now))

    def _outcome(self, case: dict[str, Any], links: list[dict[str, Any]], path: tuple[str, ...], amount: int) -> None:
        r = self.rng
        case_id, accepted = case["id"], case["accepted_on"]
        if "oral_agreement" in path or "agreement_drafted" in path:
            written = "agreement_drafted" in path
            reached = accepted + dt.timedelta(days=r.randint(1, 12))
            effective = reached if (not written or "agreement_effective" in path) else None
            agreement_id = self.new_id()
            number = None
            if written:
                self.serials[(reached.year, "agreement")] += 1
                number = format_case_number(self.committee.number_pattern, self.committee.short_name,
                                            self.committee.agreement_word, reached.year,
                                            self.serials[(reached.year, "agreement")])
            self.rows["agreement"].append(dict(
                id=agreement_id, case_id=case_id, form="written" if written else "oral", number=number,
                facts=case["facts"], issues="货款及损失如何承担。", responsibilities="", performance_method="现金或银行转账",
                performance_place="西宁市", performance_deadline=reached + dt.timedelta(days=60) if written else None,
                originals_override=None, personal_status=False, recorder_name=None, interpreter_name=None,
                tibetan_text=None, drafted_on=reached if written else None, reached_on=reached,
                mediator_signed_on=effective, seal_affixed_on=effective, effective_on=effective,
                party_asked_written=False, content_hash=None, superseded=False, created_at=self.now, updated_at=self.now))
            terms = ["双方确认上述事实。", f"被申请人同意分期支付{amount // 100:,}元。"]
            for seq, text in enumerate(terms, 1):
                self.rows["agreement_term"].append(dict(id=self.new_id(), agreement_id=agreement_id, seq=seq, text=text,
                                                        created_at=self.now, updated_at=self.now))
            if written:
                half = amount // 2
                for seq, (fen, due) in enumerate(((half, 30), (amount - half, 60)), 1):
                    self.rows["obligation"].append(dict(
                        id=self.new_id(), agreement_id=agreement_id, seq=seq, obligor_id=links[1]["id"],
                        obligee_id=links[0]["id"], description=f"第{seq}期", amount_fen=fen,
                        due_on=reached + dt.timedelta(days=due), place=None, method="银行转账",
                        performed_fen=fen if "closed" in path else 0, performed_on=None,
                        created_at=self.now, updated_at=self.now))
                if effective:
                    for link in links:
                        self.rows["agreement_execution"].append(dict(
                            id=self.new_id(), agreement_id=agreement_id, case_party_id=link["id"],
                            method="signature_fingerprint", signer_name="", executed_on=effective,
                            created_at=self.now, updated_at=self.now))
        if "terminated" in path or "withdrawn" in path:
            on = accepted + dt.timedelta(days=r.randint(3, 25))
            self.rows["termination"].append(dict(
                id=self.new_id(), case_id=case_id, kind="withdrawn" if "withdrawn" in path else "failed",
                reason="双方分歧较大，调解不成。", routes="lawsuit\nadministrative", routes_told_on=on, reported_to=None,
                reported_on=None, on=on, created_at=self.now, updated_at=self.now))
        if "closed" in path:
            case["closed_on"] = min(self.today, accepted + dt.timedelta(days=r.randint(20, 90)))
            if "archived" in path:
                case["archived_on"] = case["closed_on"]
                case["file_compiler"] = "档案员"


class DemoService(ServiceBase):
    def generate(
        self, actor: Actor, cases: int = 200, seed: int = 1, progress: Callable[[int, int], None] | None = None
    ) -> Changes:
        """Add ``cases`` synthetic cases (and the mediators they need) to the actor's committee."""
        self.require_role(actor, Perm.LOAD_DEMO)
        if not 1 <= cases <= 2_000_000:
            raise ValidationFailed({"cases": _("Choose between 1 and 2,000,000 demo cases.")})
        with self.db.write() as s:
            committee = s.get(CommitteeRecord, actor.committee_id)
            assert committee is not None
            gen = DemoGenerator(seed, self.clock.today(), committee, actor.user_id)
            mediators = [m.id for m in q.mediators(s, committee.id)]
            existing = {m.name for m in q.mediators(s, committee.id)}
            for name in MEDIATOR_NAMES:
                if name not in existing:
                    mid = uuid.uuid4()
                    gen.rows["mediator"].append(dict(
                        id=mid, committee_id=committee.id, name=name, sex="unknown", ethnicity=None,
                        languages="汉语", full_time=True, specialties="", phone=None, id_number=None, active=True,
                        created_at=gen.now, updated_at=gen.now))
                    mediators.append(mid)
            # serials continue after what the committee has already issued
            for (year, series), last in self._counters(s, committee.id).items():
                gen.serials[(year, series)] = last
            start = max_search_id(s)
            for i in range(cases):
                gen.case(mediators, start + i + 1)
                if progress and (i + 1) % 5000 == 0:
                    progress(i + 1, cases)
            insert_rows(s, gen.rows, gen.fts)
            for (year, series), last in gen.serials.items():
                s.merge(NumberCounterRecord(committee_id=committee.id, year=year, series=series, last_serial=last))
            self.audit(s, actor, "demo.generate", "committee", committee.id, details={"cases": cases, "seed": seed})
        if progress:
            progress(cases, cases)
        return Changes(kinds=frozenset({"case"}))

    @staticmethod
    def _counters(s: Any, committee_id: uuid.UUID) -> dict[tuple[int, str], int]:
        return {(c.year, c.series): c.last_serial for c in q.counters(s, committee_id)}

