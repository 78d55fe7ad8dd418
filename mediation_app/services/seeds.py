"""Seed lists written when a database is initialised; all of them stay editable.

Labels are English msgids (translated at display time) so every language shows its own words.
"""

from __future__ import annotations

from mediation_app.i18n import N_

# 若干规定 Art. 22 and common practice (domain.md §1.4); the first two are the Art. 22 grounds.
REFUSAL_REASONS: list[tuple[str, str]] = [
    ("special_authority", N_("Only a specific authority may handle it, or the law forbids mediating it")),
    ("already_handled", N_("A court, the police or an administrative body has already accepted or decided it")),
    ("party_refuses", N_("A party refuses mediation")),
    ("criminal", N_("It is already a criminal or public-security matter")),
    ("not_civil", N_("It is not a civil dispute between the parties")),
    ("no_respondent", N_("There is no clear respondent or specific request")),
    ("other", N_("Other reason (stated in the note)")),
]

# Routes the parties are told of when mediation is refused or ends (law Arts. 3 and 26; domain §1.9).
ROUTES: list[tuple[str, str]] = [
    ("lawsuit", N_("Bring a lawsuit at the people's court")),
    ("arbitration", N_("Apply for arbitration")),
    ("labour_arbitration", N_("Apply for labour dispute arbitration")),
    ("administrative", N_("Ask the competent administrative department to handle it")),
    ("market_regulation", N_("Complain to the market regulation bureau (weights, quality)")),
    ("township", N_("Ask the township government or sub-district office to handle it")),
    ("court_mediation", N_("Court-linked mediation")),
    ("police", N_("Report to the public security organ")),
]

# Market sub-types of domain.md §4.8 and §3.2, each rolled up into one official type.
SUBTYPES: list[tuple[str, str, str]] = [
    ("payment_arrears", N_("Payment arrears"), "contract"),
    ("goods_quality", N_("Goods quality"), "contract"),
    ("short_weight", N_("Short weight"), "consumer"),
    ("transit_damage", N_("Transit damage"), "contract"),
    ("stall_lease", N_("Stall lease"), "contract"),
    ("price_dispute", N_("Price dispute"), "contract"),
    ("private_loan", N_("Private loan"), "contract"),
    ("market_injury", N_("Injury in the market"), "damages"),
    ("porter_wages", N_("Porter or helper wages"), "labour"),
    ("forced_trading", N_("Forced trading"), "consumer"),
    ("inferior_goods", N_("Passing off inferior goods"), "consumer"),
    ("divorce_property", N_("Divorce property"), "marriage_family"),
    ("support_alimony", N_("Support and maintenance"), "marriage_family"),
    ("inheritance", N_("Inheritance"), "marriage_family"),
    ("boundary", N_("Boundary and right of way"), "neighbour"),
    ("noise_water", N_("Noise, water and nuisance"), "neighbour"),
    ("grazing_boundary", N_("Grazing boundary"), "forest_land"),
    ("unpaid_wages", N_("Unpaid migrant workers' wages"), "labour"),
    ("work_injury", N_("Work injury"), "labour"),
    ("tenancy", N_("House tenancy"), "housing_homestead"),
]

# Sub-types whose agreements usually concern marriage, adoption or another personal-status relation:
# such an agreement is flagged not eligible for judicial confirmation (法释〔2011〕5号 Art. 4) by
# default, and the user is asked to confirm the flag.
PERSONAL_STATUS_SUBTYPES = frozenset({"divorce_property", "support_alimony"})

SATISFACTION: list[tuple[str, str]] = [
    ("satisfied", N_("Satisfied")),
    ("fairly", N_("Fairly satisfied")),
    ("unsatisfied", N_("Not satisfied")),
]

RETENTION_PERIODS: list[tuple[str, str]] = [
    ("permanent", N_("Permanent")),
    ("long", N_("Long term")),
    ("short", N_("Short term")),
    ("10y", N_("10 years")),
    ("30y", N_("30 years")),
]

LOOKUPS: dict[str, list[tuple[str, str]]] = {
    "refusal_reason": REFUSAL_REASONS,
    "route": ROUTES,
    "satisfaction": SATISFACTION,
    "retention": RETENTION_PERIODS,
}
