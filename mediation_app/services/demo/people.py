"""Demo people and companies: names that fit the person's people and sex, resident ID numbers whose
address code, birth date and sex digit agree with what is printed, valid unified social credit codes.

Pure and deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from mediation_app.domain.deadlines import add_years
from mediation_app.domain.identity import CREDIT_ALPHABET, age_on, credit_code_check_char, resident_id_check_char

# GB/T 3304 codes of the peoples of Qinghai and Gansu (domain.md §6.1) and their share of demo parties.
HAN, MONGOLIAN, HUI, TIBETAN, TU, SALAR, DONGXIANG = "01", "02", "03", "04", "30", "35", "34"
ETHNIC_MIX: tuple[tuple[str, int], ...] = (
    (HAN, 48), (HUI, 22), (TIBETAN, 14), (TU, 6), (SALAR, 5), (MONGOLIAN, 3), (DONGXIANG, 2),
)

# (address code printed in the ID, address of that county) by people; the code of the county where
# the person was first registered, as IDs keep it for life (older codes included on purpose).
HOMES: dict[str, tuple[tuple[str, str], ...]] = {
    HAN: (("630102", "青海省西宁市城东区"), ("630103", "青海省西宁市城中区"), ("630104", "青海省西宁市城西区"),
          ("630105", "青海省西宁市城北区"), ("630121", "青海省西宁市大通县"), ("632123", "青海省海东市乐都区"),
          ("620102", "甘肃省兰州市城关区"), ("620105", "甘肃省兰州市安宁区"), ("610113", "陕西省西安市雁塔区"),
          ("510107", "四川省成都市武侯区")),
    HUI: (("630102", "青海省西宁市城东区"), ("632127", "青海省海东市化隆县"), ("632122", "青海省海东市民和县"),
          ("622901", "甘肃省临夏市"), ("630121", "青海省西宁市大通县"), ("632221", "青海省海北州门源县")),
    TIBETAN: (("632521", "青海省海南州共和县"), ("632321", "青海省黄南州同仁市"), ("632701", "青海省玉树州玉树市"),
              ("623001", "甘肃省甘南州合作市"), ("632224", "青海省海北州刚察县"), ("632621", "青海省果洛州玛沁县")),
    TU: (("632126", "青海省海东市互助县"), ("632122", "青海省海东市民和县"), ("630121", "青海省西宁市大通县")),
    SALAR: (("632128", "青海省海东市循化县"), ("622927", "甘肃省临夏州积石山县")),
    MONGOLIAN: (("632802", "青海省海西州德令哈市"), ("632324", "青海省黄南州河南县")),
    DONGXIANG: (("622926", "甘肃省临夏州东乡县"), ("622901", "甘肃省临夏市")),
}
STREETS = ("八一路", "建国路", "七一路", "柴达木路", "海湖路", "昆仑路", "南关街", "北大街", "团结路", "滨河路",
           "民族路", "胜利路", "长江路", "解放路", "幸福巷")
VILLAGES = ("上庄村", "下寨村", "河滩村", "阳坡村", "新庄村", "红崖村", "东沟村", "草滩村")

HAN_SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史贺顾毛郝龚邵万钱严武戴孔汤"
MALE_GIVEN = ("伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "建国", "永福", "文华", "德明", "志强", "晓东",
              "国庆", "学军", "海龙", "建军", "成林", "福海", "有才", "正平", "长青", "进财", "宏伟", "振华")
FEMALE_GIVEN = ("芳", "娜", "秀英", "敏", "静", "丽", "艳", "娟", "秀兰", "桂英", "玉兰", "红梅", "春花", "海燕",
                "金花", "桂兰", "玉梅", "丽娟", "晓燕", "淑珍", "彩霞", "雪梅", "文静", "慧敏")
HUI_SURNAMES = "马马马马韩冶沙穆白丁撒海哈米杨喇妥"
HUI_MALE = ("福海", "有福", "建军", "海龙", "永林", "德明", "吉祥", "国良", "成龙", "玉龙", "尕布", "忠孝", "少林")
HUI_FEMALE = ("秀兰", "玉梅", "海燕", "桂花", "玉兰", "秀英", "凤英", "月花", "彩云", "兰英", "秀梅")
TIBETAN_FIRST = ("才让", "扎西", "多杰", "旦增", "索南", "尼玛", "更登", "桑杰", "仁青", "完玛", "贡保", "洛桑", "华旦", "加羊")
TIBETAN_MALE = ("多杰", "才让", "扎西", "东智", "加措", "太", "当周", "本", "南杰", "闹日", "公保")
TIBETAN_FEMALE = ("卓玛", "拉毛", "措吉", "央金", "德吉", "卓嘎", "拉姆", "吉毛", "才措", "娘吉", "旦措", "周毛")
TU_SURNAMES = "祁李鲁吕董星秦朱胡"
MONGOLIAN_MALE = ("巴特尔", "额尔敦", "宝音", "孟和", "朝鲁", "巴图", "那顺", "布和")
MONGOLIAN_FEMALE = ("其其格", "乌兰", "娜仁花", "萨仁", "斯琴", "高娃", "托娅", "图雅")
SALAR_SURNAMES = "韩韩马沈冶何"
SALAR_MALE = ("乙四夫", "尕西木", "木撒", "哈比布", "阿卜都", "伊布拉", "努海")
SALAR_FEMALE = ("阿依舍", "法图麦", "索菲亚", "海力麦", "阿米乃")
DONGXIANG_SURNAMES = "马汪妥唐何"

MOBILE_PREFIX = ("139", "138", "137", "135", "150", "151", "158", "177", "180", "187", "189", "199", "152")

# Legal persons of the market and its trade (§4.8): (name pattern, business, area code, address).
COMPANIES: tuple[tuple[str, str, str, str], ...] = (
    ("西宁{w}冷链物流有限公司", "冷链运输", "630105", "青海省西宁市城北区柴达木路{n}号"),
    ("青海{w}果蔬批发有限公司", "果蔬批发", "630105", "青海省西宁市城北区青藏高原农副产品集散中心{b}区"),
    ("海东市{w}农产品购销有限公司", "农产品购销", "630202", "青海省海东市乐都区碾伯镇{n}号"),
    ("青海{w}牛羊肉食品有限公司", "牛羊肉加工", "630104", "青海省西宁市城西区海湖路{n}号"),
    ("兰州{w}货运代理有限公司", "货运代理", "620102", "甘肃省兰州市城关区东岗西路{n}号"),
    ("青海{w}市场管理有限公司", "市场经营管理", "630105", "青海省西宁市城北区青藏高原农副产品集散中心管理楼"),
)
FIRM_WORDS = ("高原", "雪域", "三江源", "昆仑", "鑫源", "河湟", "青湖", "祥和", "瑞丰", "顺达", "金穗", "康乐")
REP_TITLES = ("总经理", "执行董事", "经理", "董事长")


@dataclass(frozen=True, kw_only=True)
class Person:
    kind: str  # natural / legal
    name: str
    sex: str | None = None  # male / female (from the ID's 17th digit)
    ethnicity: str | None = None
    birth_date: dt.date | None = None
    age: int | None = None
    id_number: str | None = None
    credit_code: str | None = None
    address: str = ""
    phone: str = ""
    occupation: str | None = None
    preferred_language: str | None = None
    interpreter_needed: bool = False
    legal_rep_name: str | None = None
    legal_rep_title: str | None = None
    business_type: str | None = None
    stall_number: str | None = None


def weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in table], [w for _v, w in table])[0]


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714: 8 characters and a check character)."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, area: str) -> str:
    """A unified social credit code (GB 32100) of a company registered in ``area``."""
    first17 = "91" + area + org_code(rng)
    assert all(c in CREDIT_ALPHABET for c in first17)
    return first17 + credit_code_check_char(first17)


def resident_id(rng: random.Random, area: str, birth: dt.date, sex: str) -> str:
    """An 18-digit resident ID: address code, birth date, sequence whose last digit is odd for men."""
    seq = rng.randrange(100) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "male" else (0, 2, 4, 6, 8))
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + resident_id_check_char(body)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIX) + f"{rng.randrange(10**8):08d}"


def _tibetan(rng: random.Random, male: bool) -> str:
    first = rng.choice(TIBETAN_FIRST)
    second = rng.choice([n for n in (TIBETAN_MALE if male else TIBETAN_FEMALE) if n != first])
    return first + second


def name_for(rng: random.Random, ethnicity: str, sex: str) -> str:
    male = sex == "male"
    if ethnicity == TIBETAN:
        return _tibetan(rng, male)
    if ethnicity == MONGOLIAN:
        return rng.choice(MONGOLIAN_MALE if male else MONGOLIAN_FEMALE)
    if ethnicity == SALAR:
        return rng.choice(SALAR_SURNAMES) + rng.choice(SALAR_MALE if male else SALAR_FEMALE)
    if ethnicity == HUI:
        return rng.choice(HUI_SURNAMES) + rng.choice(HUI_MALE if male else HUI_FEMALE)
    if ethnicity == TU:
        if rng.random() < 0.3:  # many Tu people carry Tibetan names
            return _tibetan(rng, male)
        return rng.choice(TU_SURNAMES) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
    surnames = DONGXIANG_SURNAMES if ethnicity == DONGXIANG else HAN_SURNAMES
    return rng.choice(surnames) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)


def has_surname(person: Person) -> bool:
    """Whether the name starts with a family name children share (not Tibetan or Mongolian names)."""
    pools = {HAN: HAN_SURNAMES, HUI: HUI_SURNAMES, SALAR: SALAR_SURNAMES, DONGXIANG: DONGXIANG_SURNAMES,
             TU: TU_SURNAMES}
    return person.ethnicity in pools and person.name[:1] in pools[person.ethnicity or ""]


def _address(rng: random.Random, county: str) -> str:
    if county.endswith(("县", "市")) and rng.random() < 0.6:
        return f"{county}{rng.choice(('城关镇', '河阴镇', '巴燕镇', '哇加滩乡', '塘川镇'))}{rng.choice(VILLAGES)}{rng.randint(1, 120)}号"
    return f"{county}{rng.choice(STREETS)}{rng.randint(1, 260)}号"


def natural_person(
    rng: random.Random, on: dt.date, *, occupation: str, sex: str | None = None, ethnicity: str | None = None,
    min_age: int = 22, max_age: int = 68, stall: bool = False,
) -> Person:
    """A person whose ID number agrees with the sex, birth date and home county printed beside it."""
    eth = ethnicity or weighted(rng, ETHNIC_MIX)
    sex = sex or rng.choice(("male", "male", "female"))
    birth = add_years(on, -rng.randint(min_age, max_age)) - dt.timedelta(days=rng.randrange(365))
    area, county = rng.choice(HOMES[eth])
    ident = resident_id(rng, area, birth, sex)
    speaks_tibetan = eth == TIBETAN and rng.random() < 0.5
    return Person(
        kind="natural", name=name_for(rng, eth, sex), sex=sex, ethnicity=eth, birth_date=birth,
        age=age_on(birth, on), id_number=ident, address=_address(rng, county), phone=mobile(rng),
        occupation=occupation, preferred_language="藏语" if speaks_tibetan else "汉语",
        interpreter_needed=speaks_tibetan and rng.random() < 0.6,
        stall_number=f"{rng.choice('ABCDEF')}-{rng.randint(1, 540):03d}" if stall else None,
    )


def company(rng: random.Random, on: dt.date, index: int | None = None) -> Person:
    """A company with a valid credit code, its address and its legal representative."""
    pattern, business, area, address = COMPANIES[index if index is not None else rng.randrange(len(COMPANIES))]
    rep = natural_person(rng, on, occupation="")
    return Person(
        kind="legal", name=pattern.format(w=rng.choice(FIRM_WORDS)), credit_code=credit_code(rng, area),
        address=address.format(n=rng.randint(1, 300), b=rng.choice("ABCDEF")),
        phone=f"0971-{rng.randint(5000000, 8999999)}" if area.startswith("63") else f"0931-{rng.randint(5000000, 8999999)}",
        legal_rep_name=rep.name, legal_rep_title=rng.choice(REP_TITLES), business_type=business,
    )
