"""The controlled vocabularies a profile and a checklist share (domains, statuses, city types)."""

from __future__ import annotations

from typing import Literal, get_args

# Policy and service areas. A municipality's competences are stated in the same terms, so a rule
# about an area can be matched against what the city actually has power over.
Domain = Literal[
    "housing",
    "employment",
    "education",
    "early_childhood",
    "health",
    "mental_health",
    "language",
    "legal",
    "social_welfare",
    "civic_orientation",
    "culture_and_sport",
    "youth",
    "information",
]

# Legal statuses along a migrant's path (000, Objective 4; 001, point 11). "all" is shorthand for a
# service that asks no question about status.
LegalStatus = Literal[
    "asylum_seeker",
    "refugee",
    "irregular_migrant",
    "eu_mobile_citizen",
    "family_migrant",
    "labour_migrant",
    "unaccompanied_minor",
    "long_term_resident",
]
StatusOrAll = Literal["all", LegalStatus]

# The five city types of 002, section 2, plus the established destinations the study contrasts
# them with.
CityType = Literal[
    "frontline",
    "destination_and_transit",
    "diversifying",
    "smaller_receiving_community",
    "newer_destination",
    "established_destination",
]

CompetenceLevel = Literal["full", "shared", "none"]
GovernmentLevel = Literal["district", "municipal", "metropolitan", "regional", "national", "eu"]
StrategyStatus = Literal["none", "in_preparation", "adopted", "legally_binding"]
Severity = Literal["critical", "high", "medium", "low"]

Delivery = Literal[
    "municipal",
    "contracted_ngo",
    "co_designed",
    "independent_civil_society",
    "private",
    "other_public",
]
Approach = Literal["mainstream", "targeted"]
FundingSource = Literal[
    "municipal",
    "regional",
    "national",
    "eu",
    "foundation",
    "private",
    "social_finance",
    "crowdfunding",
]
PartnerKind = Literal[
    "public_authority",
    "ngo",
    "migrant_association",
    "international_organisation",
    "private_sector",
    "research",
    "faith_based",
    "volunteers",
]
TargetGroup = Literal[
    "newcomers",
    "long_standing_migrants",
    "women",
    "parents",
    "children",
    "youth",
    "unaccompanied_minors",
    "young_adults_leaving_care",
    "elderly",
    "disabled",
    "homeless",
    "all_residents",
]
Offer = Literal[
    "information",
    "case_management",
    "social_work",
    "legal_advice",
    "regularisation_advice",
    "language_course",
    "on_the_job_language",
    "civic_orientation",
    "skills_assessment",
    "diploma_recognition",
    "job_matching",
    "vocational_training",
    "apprenticeship",
    "entrepreneurship_coaching",
    "microfinance",
    "housing_search",
    "landlord_mediation",
    "rent_guarantee",
    "financial_counselling",
    "emergency_shelter",
    "transition_housing",
    "health_care",
    "mental_health_care",
    "psychological_support",
    "interpretation",
    "cultural_mediation",
    "childcare",
    "homework_support",
    "mentoring",
    "benefits_access",
    "registration",
    "sport",
    "youth_work",
    "outreach",
]
CoordinationKind = Literal[
    "interdepartmental",
    "multi_level",
    "multi_stakeholder_network",
    "steering_group",
    "regional_partnership",
    "other",
]
EntryPointKind = Literal[
    "one_stop_shop",
    "welcome_office",
    "website",
    "resident_registration",
    "information_point",
    "helpline",
    "outreach_team",
    "other",
]
Mandate = Literal["operational", "political"]
Appointment = Literal["recruitment", "political", "migrant_committee", "other"]
Selection = Literal["elected", "appointed", "mixed"]
Framing = Literal[
    "economic_development",
    "whole_of_community",
    "human_rights",
    "welcoming_city",
    "humanitarian",
    "security",
    "cultural_diversity",
]
DataSource = Literal["administrative", "registers", "surveys", "qualitative", "research"]
SupportMeans = Literal["funding", "venues", "information", "staff", "materials", "platform"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SpaceKind = Literal[
    "library",
    "cultural_centre",
    "community_centre",
    "square",
    "park",
    "sports_facility",
    "school",
    "day_care",
    "garden",
    "other",
]

DOMAINS: tuple[str, ...] = get_args(Domain)
LEGAL_STATUSES: tuple[str, ...] = get_args(LegalStatus)
SEVERITIES: tuple[str, ...] = get_args(Severity)

# Where a service stands: only a running or piloted one serves people today.
ServiceStage = Literal["running", "piloted", "planned", "ended"]
StrategyInitiator = Literal["city", "civil_society", "other_level"]
MainstreamingApproach = Literal["by_design", "by_default"]

# The lists a profile may give as a complete inventory of the city, or as partial evidence.
Inventory = Literal[
    "services",
    "entry_points",
    "coordination_bodies",
    "space.neighbourhoods",
    "space.shared_spaces",
    "workforce.knowledge_pools",
]
INVENTORIES: tuple[Inventory, ...] = get_args(Inventory)

# Every list of a profile that is evidence of what the city has or does: the inventories, the
# lists inside their items (a service's offers, an entry point's partners) and the lists of
# values elsewhere (a strategy's areas, the data sources combined). Under partial evidence each
# may hold only what the sources mention; a list inside the items of an inventory is complete
# when that inventory is. (Citations, waivers and `evidence.complete_lists` are no evidence of
# the city; a test holds this tuple to the profile model's lists.)
EVIDENCE_LISTS: tuple[str, ...] = (
    *INVENTORIES,
    "city.main_languages",
    "coordination_bodies[].departments",
    "coordination_bodies[].levels",
    "coordination_bodies[].member_kinds",
    "data.sources_combined",
    "entry_points[].eligible_statuses",
    "entry_points[].hours",
    "entry_points[].hours[].days",
    "entry_points[].in_house",
    "entry_points[].issues_documents",
    "entry_points[].issues_documents[].to_statuses",
    "entry_points[].languages",
    "entry_points[].neighbourhoods",
    "entry_points[].partners",
    "entry_points[].refers_to",
    "leadership.commissioner.mandate",
    "partnerships.funding.eu_programmes",
    "partnerships.inter_municipal_cluster.municipalities",
    "partnerships.research_partners",
    "representation.neighbourhood_assemblies.neighbourhoods",
    "services[].also_domains",
    "services[].builds_capacity_of",
    "services[].depends_on",
    "services[].eligible_statuses",
    "services[].funding.sources",
    "services[].hours",
    "services[].hours[].days",
    "services[].issues_documents",
    "services[].issues_documents[].to_statuses",
    "services[].languages",
    "services[].neighbourhoods",
    "services[].offers",
    "services[].refers_to",
    "services[].requires_documents",
    "services[].starts",
    "services[].target_groups",
    "space.bottom_up.examples",
    "space.bottom_up.means",
    "strategy.areas",
    "strategy.endorsement.framing",
    "strategy.monitoring.indicators",
    "workforce.knowledge_pools[].serves",
    "workforce.training.departments",
)


def inventory_of(evidence_list: str) -> str:
    """The inventory whose items hold a list (`services` for `services[].offers`), or the list
    itself: what `evidence.complete_lists` names to declare it complete."""
    for inventory in INVENTORIES:
        if evidence_list.startswith(inventory + "[]"):
            return inventory
    return evidence_list
