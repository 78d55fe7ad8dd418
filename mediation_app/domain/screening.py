"""The screening report (矛盾纠纷排查情况表, statistics-forms §4.1) as pure rules: its categories,
the people-involved bands, the levels of its columns and its rates (its periods are the
statistics report's :class:`~mediation_app.domain.statistics.Period`).

The categories follow the comprehensive-governance (综治) list, not the mediation dispute types;
a ledger item may name its category, otherwise it is derived from its dispute type
(:data:`CATEGORY_OF_TYPE`)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from mediation_app.domain.enums import CommitteeKind, DisputeType, Labelled
from mediation_app.i18n import N_


class ScreeningCategory(Labelled):
    """Rows 6–43 of the form, in its order."""

    ETHNIC_RELIGIOUS = "ethnic_religious"
    VETERANS = "veterans"
    LAND_ACQUISITION = "land_acquisition"
    CONSTRUCTION_PROPERTY = "construction_property"
    LAND_BOUNDARIES = "land_boundaries"
    ECONOMIC = "economic"
    LABOUR = "labour"
    RESTRUCTURING = "restructuring"
    ENVIRONMENT = "environment"
    JUDICIAL = "judicial"
    ADMINISTRATIVE = "administrative"
    SCHOOLS = "schools"
    MARITIME = "maritime"
    CADRE_CONDUCT = "cadre_conduct"
    VILLAGE_AFFAIRS = "village_affairs"
    RURAL_LAND = "rural_land"
    CIVIL = "civil"
    MEDICAL = "medical"
    OTHER = "other"


ScreeningCategory._LABELS = {  # type: ignore[attr-defined]
    "ethnic_religious": N_("Ethnic and religious disputes"),
    "veterans": N_("Resettlement of transferred officers and demobilised soldiers"),
    "land_acquisition": N_("Land acquisition, demolition and resettlement"),
    "construction_property": N_("Construction quality, property management and similar"),
    "land_boundaries": N_("Boundaries and ownership of land, minerals, forests and water works"),
    "economic": N_("Disputes from economic activity"),
    "labour": N_("Employer–worker disputes"),
    "restructuring": N_("Enterprise restructuring"),
    "environment": N_("Pollution and ecological damage"),
    "judicial": N_("Disputes from judicial activity"),
    "administrative": N_("Disputes from administrative law enforcement"),
    "schools": N_("Colleges and schools"),
    "maritime": N_("Maritime and fishing disputes"),
    "cadre_conduct": N_("Conduct of officials"),
    "village_affairs": N_("Village affairs management"),
    "rural_land": N_("Rural land contracts, collective assets and farmers' burdens"),
    "civil": N_("Marriage, family, neighbour and other civil disputes"),
    "medical": N_("Doctor–patient disputes"),
    "other": N_("Other"),
}

# The printed wording of the form (statistics-forms §4.1); the printout is a Chinese form.
CATEGORY_FORM_WORDS: dict[ScreeningCategory, str] = {
    ScreeningCategory.ETHNIC_RELIGIOUS: "民族宗教矛盾纠纷",
    ScreeningCategory.VETERANS: "军转干部、复原退伍军人安置引发的矛盾纠纷",
    ScreeningCategory.LAND_ACQUISITION: "征地拆迁安置引发的矛盾纠纷",
    ScreeningCategory.CONSTRUCTION_PROPERTY: "建筑工程质量、物业管理等问题引发的矛盾纠纷",
    ScreeningCategory.LAND_BOUNDARIES: "土地矿产山林水利界限权属纠纷",
    ScreeningCategory.ECONOMIC: "经济活动引发的矛盾纠纷",
    ScreeningCategory.LABOUR: "劳资纠纷",
    ScreeningCategory.RESTRUCTURING: "企业改制引发的矛盾纠纷",
    ScreeningCategory.ENVIRONMENT: "环境污染、生态破坏引发的矛盾纠纷",
    ScreeningCategory.JUDICIAL: "司法活动引发的矛盾纠纷",
    ScreeningCategory.ADMINISTRATIVE: "行政执法活动引发的矛盾纠纷",
    ScreeningCategory.SCHOOLS: "大中专院校、中小学校引发的矛盾纠纷",
    ScreeningCategory.MARITIME: "海事渔事纠纷",
    ScreeningCategory.CADRE_CONDUCT: "干部作风等问题引发的矛盾纠纷",
    ScreeningCategory.VILLAGE_AFFAIRS: "村务管理引发的矛盾纠纷",
    ScreeningCategory.RURAL_LAND: "农村土地承包、农村集体“三资”及农民负担等问题引发的矛盾纠纷",
    ScreeningCategory.CIVIL: "婚姻家庭邻里等各类民间纠纷",
    ScreeningCategory.MEDICAL: "医患纠纷",
    ScreeningCategory.OTHER: "其他",
}

# An item without its own category is counted under the category of its dispute type.
CATEGORY_OF_TYPE: dict[DisputeType, ScreeningCategory] = {
    DisputeType.MARRIAGE_FAMILY: ScreeningCategory.CIVIL,
    DisputeType.NEIGHBOUR: ScreeningCategory.CIVIL,
    DisputeType.HOUSING_HOMESTEAD: ScreeningCategory.CIVIL,
    DisputeType.DAMAGES: ScreeningCategory.CIVIL,
    DisputeType.CONTRACT: ScreeningCategory.ECONOMIC,
    DisputeType.PRODUCTION_BUSINESS: ScreeningCategory.ECONOMIC,
    DisputeType.CONSUMER: ScreeningCategory.ECONOMIC,
    DisputeType.FOREST_LAND: ScreeningCategory.LAND_BOUNDARIES,
    DisputeType.LAND_ACQUISITION: ScreeningCategory.LAND_ACQUISITION,
    DisputeType.ENVIRONMENT: ScreeningCategory.ENVIRONMENT,
    DisputeType.LABOUR: ScreeningCategory.LABOUR,
    DisputeType.MEDICAL: ScreeningCategory.MEDICAL,
    DisputeType.PROPERTY_MANAGEMENT: ScreeningCategory.CONSTRUCTION_PROPERTY,
    DisputeType.TRAFFIC: ScreeningCategory.OTHER,
    DisputeType.OTHER: ScreeningCategory.OTHER,
}


class PeopleBand(Labelled):
    """Rows 44–47: how many people a dispute involves. Bounds are inclusive; an item whose
    number is not recorded counts in the lowest band (so the bands add up to the total)."""

    UNDER_50 = "under_50"
    FROM_50 = "from_50"
    FROM_101 = "from_101"
    OVER_500 = "over_500"


PeopleBand._LABELS = {  # type: ignore[attr-defined]
    "under_50": N_("Under 50 people"),
    "from_50": N_("50 to 100 people"),
    "from_101": N_("101 to 500 people"),
    "over_500": N_("Over 500 people"),
}
BAND_FORM_WORDS = {
    PeopleBand.UNDER_50: "50人以下",
    PeopleBand.FROM_50: "50至100人",
    PeopleBand.FROM_101: "100人至500人",
    PeopleBand.OVER_500: "500人以上",
}
BAND_LOWER_BOUNDS = ((501, PeopleBand.OVER_500), (101, PeopleBand.FROM_101), (50, PeopleBand.FROM_50))


def people_band(persons: int | None) -> PeopleBand:
    for lower, band in BAND_LOWER_BOUNDS:
        if persons is not None and persons >= lower:
            return band
    return PeopleBand.UNDER_50


class ScreeningLevel(Labelled):
    """The level columns of the form: 县市区 | 乡镇街道 | 村居."""

    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


ScreeningLevel._LABELS = {  # type: ignore[attr-defined]
    "county": N_("County / district"),
    "township": N_("Township / sub-district"),
    "village": N_("Village / residents'"),
}
LEVEL_FORM_WORDS = {ScreeningLevel.COUNTY: "县市区", ScreeningLevel.TOWNSHIP: "乡镇街道", ScreeningLevel.VILLAGE: "村居"}


def level_of(kind: str) -> ScreeningLevel:
    """The column a committee's items count in: village and residents' committees at 村居,
    township committees at 乡镇街道; the centre, its stationed rooms and industry, market and
    enterprise committees at 县市区 (they are set up at county level)."""
    if kind == CommitteeKind.VILLAGE:
        return ScreeningLevel.VILLAGE
    if kind == CommitteeKind.TOWNSHIP:
        return ScreeningLevel.TOWNSHIP
    return ScreeningLevel.COUNTY


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage to two decimals, None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"
