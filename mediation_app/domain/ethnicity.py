"""Ethnic groups (民族) with their GB/T 3304 codes.

Stored value: the two-digit code. Display: the official Chinese name in Chinese interfaces, an
English name otherwise. English names are msgids with the context "ethnic group", so that a
translator never confuses the people ("Tibetan" -> 藏族) with the language (藏语).
"""

from __future__ import annotations

from dataclasses import dataclass

from mediation_app.i18n import current_language, pgettext

CONTEXT = "ethnic group"


class _Mark:
    """Marks context-qualified msgids for extraction (Babel's pgettext keyword) without translating."""

    @staticmethod
    def pgettext(context: str, message: str) -> str:
        return message


@dataclass(frozen=True)
class Ethnicity:
    code: str  # GB/T 3304 two-digit code
    msgid: str  # English name; translate with pgettext(CONTEXT, msgid)
    zh_name: str  # official Chinese name

    def label(self) -> str:
        return _translated(self)


_TABLE: tuple[Ethnicity, ...] = (
    Ethnicity("01", _Mark.pgettext("ethnic group", "Han"), "汉族"),
    Ethnicity("02", _Mark.pgettext("ethnic group", "Mongolian"), "蒙古族"),
    Ethnicity("03", _Mark.pgettext("ethnic group", "Hui"), "回族"),
    Ethnicity("04", _Mark.pgettext("ethnic group", "Tibetan"), "藏族"),
    Ethnicity("05", _Mark.pgettext("ethnic group", "Uyghur"), "维吾尔族"),
    Ethnicity("06", _Mark.pgettext("ethnic group", "Miao"), "苗族"),
    Ethnicity("07", _Mark.pgettext("ethnic group", "Yi"), "彝族"),
    Ethnicity("08", _Mark.pgettext("ethnic group", "Zhuang"), "壮族"),
    Ethnicity("09", _Mark.pgettext("ethnic group", "Bouyei"), "布依族"),
    Ethnicity("10", _Mark.pgettext("ethnic group", "Korean"), "朝鲜族"),
    Ethnicity("11", _Mark.pgettext("ethnic group", "Manchu"), "满族"),
    Ethnicity("12", _Mark.pgettext("ethnic group", "Dong"), "侗族"),
    Ethnicity("13", _Mark.pgettext("ethnic group", "Yao"), "瑶族"),
    Ethnicity("14", _Mark.pgettext("ethnic group", "Bai"), "白族"),
    Ethnicity("15", _Mark.pgettext("ethnic group", "Tujia"), "土家族"),
    Ethnicity("16", _Mark.pgettext("ethnic group", "Hani"), "哈尼族"),
    Ethnicity("17", _Mark.pgettext("ethnic group", "Kazakh"), "哈萨克族"),
    Ethnicity("18", _Mark.pgettext("ethnic group", "Dai"), "傣族"),
    Ethnicity("19", _Mark.pgettext("ethnic group", "Li"), "黎族"),
    Ethnicity("20", _Mark.pgettext("ethnic group", "Lisu"), "傈僳族"),
    Ethnicity("21", _Mark.pgettext("ethnic group", "Va"), "佤族"),
    Ethnicity("22", _Mark.pgettext("ethnic group", "She"), "畲族"),
    Ethnicity("23", _Mark.pgettext("ethnic group", "Gaoshan"), "高山族"),
    Ethnicity("24", _Mark.pgettext("ethnic group", "Lahu"), "拉祜族"),
    Ethnicity("25", _Mark.pgettext("ethnic group", "Sui"), "水族"),
    Ethnicity("26", _Mark.pgettext("ethnic group", "Dongxiang"), "东乡族"),
    Ethnicity("27", _Mark.pgettext("ethnic group", "Naxi"), "纳西族"),
    Ethnicity("28", _Mark.pgettext("ethnic group", "Jingpo"), "景颇族"),
    Ethnicity("29", _Mark.pgettext("ethnic group", "Kyrgyz"), "柯尔克孜族"),
    Ethnicity("30", _Mark.pgettext("ethnic group", "Tu"), "土族"),
    Ethnicity("31", _Mark.pgettext("ethnic group", "Daur"), "达斡尔族"),
    Ethnicity("32", _Mark.pgettext("ethnic group", "Mulao"), "仫佬族"),
    Ethnicity("33", _Mark.pgettext("ethnic group", "Qiang"), "羌族"),
    Ethnicity("34", _Mark.pgettext("ethnic group", "Blang"), "布朗族"),
    Ethnicity("35", _Mark.pgettext("ethnic group", "Salar"), "撒拉族"),
    Ethnicity("36", _Mark.pgettext("ethnic group", "Maonan"), "毛南族"),
    Ethnicity("37", _Mark.pgettext("ethnic group", "Gelao"), "仡佬族"),
    Ethnicity("38", _Mark.pgettext("ethnic group", "Xibe"), "锡伯族"),
    Ethnicity("39", _Mark.pgettext("ethnic group", "Achang"), "阿昌族"),
    Ethnicity("40", _Mark.pgettext("ethnic group", "Pumi"), "普米族"),
    Ethnicity("41", _Mark.pgettext("ethnic group", "Tajik"), "塔吉克族"),
    Ethnicity("42", _Mark.pgettext("ethnic group", "Nu"), "怒族"),
    Ethnicity("43", _Mark.pgettext("ethnic group", "Uzbek"), "乌孜别克族"),
    Ethnicity("44", _Mark.pgettext("ethnic group", "Russian"), "俄罗斯族"),
    Ethnicity("45", _Mark.pgettext("ethnic group", "Evenki"), "鄂温克族"),
    Ethnicity("46", _Mark.pgettext("ethnic group", "De'ang"), "德昂族"),
    Ethnicity("47", _Mark.pgettext("ethnic group", "Bonan"), "保安族"),
    Ethnicity("48", _Mark.pgettext("ethnic group", "Yugur"), "裕固族"),
    Ethnicity("49", _Mark.pgettext("ethnic group", "Gin"), "京族"),
    Ethnicity("50", _Mark.pgettext("ethnic group", "Tatar"), "塔塔尔族"),
    Ethnicity("51", _Mark.pgettext("ethnic group", "Derung"), "独龙族"),
    Ethnicity("52", _Mark.pgettext("ethnic group", "Oroqen"), "鄂伦春族"),
    Ethnicity("53", _Mark.pgettext("ethnic group", "Hezhen"), "赫哲族"),
    Ethnicity("54", _Mark.pgettext("ethnic group", "Monba"), "门巴族"),
    Ethnicity("55", _Mark.pgettext("ethnic group", "Lhoba"), "珞巴族"),
    Ethnicity("56", _Mark.pgettext("ethnic group", "Jino"), "基诺族"),
    Ethnicity("97", _Mark.pgettext("ethnic group", "Other"), "其他"),
    Ethnicity(
        "98", _Mark.pgettext("ethnic group", "Chinese citizen of foreign origin"), "外国血统中国籍人士"
    ),
)

# Groups most parties belong to in Qinghai, shown first in pickers.
COMMON_CODES = ("01", "03", "04", "30", "35", "02")

_BY_CODE = {e.code: e for e in _TABLE}


def _translated(e: Ethnicity) -> str:
    text = pgettext(CONTEXT, e.msgid)
    if text == e.msgid and current_language().startswith("zh"):
        return e.zh_name  # catalogue not translated yet: the official name beats English
    return text


def ethnicities() -> list[Ethnicity]:
    """All entries in code order: the 56 groups, then 97 (other) and 98 (foreign origin)."""
    return list(_TABLE)


def common_first() -> list[Ethnicity]:
    """All entries with the Qinghai-common groups first (汉 回 藏 土 撒拉 蒙古), the rest by code."""
    head = [_BY_CODE[c] for c in COMMON_CODES]
    return head + [e for e in _TABLE if e.code not in COMMON_CODES]


def ethnicity_label(code: str | None) -> str:
    """Display label for a stored code; unknown codes are shown as they are, None as ''."""
    if not code:
        return ""
    entry = _BY_CODE.get(code)
    return entry.label() if entry else code


def find_ethnicity(text: str) -> Ethnicity | None:
    """Find an entry by code ("4", "04"), Chinese name with or without 族, English or shown label."""
    s = " ".join((text or "").split())
    if not s:
        return None
    if s.isdigit():
        return _BY_CODE.get(s.zfill(2))
    folded = s.casefold()
    for e in _TABLE:
        names = {e.zh_name, e.zh_name.removesuffix("族"), e.msgid.casefold(), e.label().casefold()}
        if s in names or folded in names:
            return e
    return None
