"""The city profile: every fact a rule may read, each optional so "not stated" stays distinct."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from integracheck.models.vocabulary import (
    Appointment,
    Approach,
    CityType,
    CompetenceLevel,
    CoordinationKind,
    DataSource,
    Day,
    Delivery,
    Domain,
    EntryPointKind,
    Framing,
    FundingSource,
    GovernmentLevel,
    LegalStatus,
    Mandate,
    Offer,
    PartnerKind,
    Selection,
    SpaceKind,
    StatusOrAll,
    StrategyStatus,
    SupportMeans,
    TargetGroup,
)

Percent = Annotated[float, Field(ge=0, le=100)]
Count = Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
# Clock time "HH:MM"; a string rather than datetime.time so YAML's sexagesimal quirk cannot bite.
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
# A recurring date in the year, "MM-DD": enrolment windows and intakes repeat every year.
MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Source = Text | list[Text]


class Fact(BaseModel):
    """Base of every profile object: unknown keys refused, and an optional citation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Source | None = Field(
        default=None, description="Where the facts of this object come from (a citation)."
    )


# --- city -----------------------------------------------------------------------------------


class Competence(Fact):
    level: CompetenceLevel = Field(description="How much power the municipality has here.")
    held_by: GovernmentLevel | None = Field(
        default=None, description="The level of government that holds what the city lacks."
    )


class City(Fact):
    name: Text
    country: Text | None = None
    region: Text | None = None
    population: Count | None = None
    migrant_share: Percent | None = Field(
        default=None, description="Share of residents with a migrant background, in per cent."
    )
    city_type: CityType | None = Field(default=None, description="MPI city type (002, sec. 2).")
    main_languages: list[Text] | None = Field(
        default=None, description="Main languages of the city's migrant residents."
    )
    competences: dict[Domain, Competence] | None = Field(
        default=None, description="Policy areas and how much power the municipality has in each."
    )


# --- strategy -------------------------------------------------------------------------------


class Consultation(Fact):
    migrants: bool | None = Field(default=None, description="Migrants or their associations.")
    civil_society: bool | None = None
    service_providers: bool | None = None
    stakeholders: Count | None = Field(default=None, description="How many stakeholders took part.")
    needs_assessment: bool | None = Field(
        default=None, description="A preliminary needs assessment with local stakeholders."
    )


class ActionPlan(Fact):
    exists: bool | None = None
    horizon_years: Annotated[int, Field(ge=1, le=30)] | None = None
    funding_per_point: bool | None = Field(
        default=None, description="Each point of the plan is linked to a funding source."
    )


class Monitoring(Fact):
    measurable_goals: bool | None = None
    review_every_years: Annotated[float, Field(gt=0, le=10)] | None = None
    published: bool | None = None
    indicators: list[Text] | None = None


class Endorsement(Fact):
    by_mayor: bool | None = None
    by_council: bool | None = None
    framing: list[Framing] | None = Field(
        default=None, description="How integration is framed in public."
    )


class Strategy(Fact):
    status: StrategyStatus | None = None
    year: Year | None = None
    title: Text | None = None
    cross_sectoral: bool | None = None
    areas: list[Domain] | None = Field(
        default=None, description="Policy areas the strategy covers."
    )
    whole_of_community: bool | None = Field(
        default=None, description="Addresses all residents, migrants' needs within general policy."
    )
    institutionalised_in_services: bool | None = Field(
        default=None, description="Taken up by schools, health authorities, police and others."
    )
    consultation: Consultation | None = None
    action_plan: ActionPlan | None = None
    monitoring: Monitoring | None = None
    funding_linked: bool | None = Field(default=None, description="Tied to a budget line.")
    partnership_principles: bool | None = Field(
        default=None, description="Sets out principles for cooperation with partners."
    )
    endorsement: Endorsement | None = None


# --- coordination ----------------------------------------------------------------------------


class CoordinationBody(Fact):
    id: Identifier
    name: Text
    kind: CoordinationKind | None = None
    levels: list[GovernmentLevel] | None = Field(
        default=None, description="Levels of government taking part."
    )
    departments: list[Domain] | None = Field(
        default=None, description="Policy areas of the municipal departments taking part."
    )
    member_kinds: list[PartnerKind] | None = None
    members: Count | None = None
    meetings_per_year: Annotated[int, Field(ge=0, le=366)] | None = None
    formalised: bool | None = None
    permanent: bool | None = None
    set_up_for_crisis: bool | None = None
    decision_power: bool | None = Field(
        default=None, description="Can take or bind decisions, not only exchange information."
    )
    since: Year | None = None


class Commissioner(Fact):
    exists: bool | None = None
    mandate: list[Mandate] | None = Field(default=None, description="operational and/or political.")
    appointment: Appointment | None = None
    own_mandate_autonomy: bool | None = None


class Vision(Fact):
    stated: bool | None = Field(default=None, description="The mayor states a vision of inclusion.")
    strategic_priority: bool | None = None
    technical_anchor: bool | None = Field(
        default=None,
        description="Anchored in economic development or community benefit, not only politics.",
    )
    statement: Text | None = None


class Leadership(Fact):
    commissioner: Commissioner | None = None
    mayor_vision: Vision | None = None


# --- services and entry points ------------------------------------------------------------------


class TimeSlot(Fact):
    days: list[Day]
    start: ClockTime
    end: ClockTime


class Enrolment(Fact):
    rolling: bool | None = Field(default=None, description="People can join at any time.")
    window_opens: MonthDay | None = None
    window_closes: MonthDay | None = None


class Funding(Fact):
    sources: list[FundingSource] | None = None
    project_based: bool | None = Field(
        default=None, description="Paid for by a time-limited project rather than a budget line."
    )
    ends: dt.date | None = None


class Evaluation(Fact):
    evaluated: bool | None = None
    last_year: Year | None = None
    published: bool | None = None


class DocumentIssued(Fact):
    document: Text
    to_statuses: list[StatusOrAll] | None = None


class Service(Fact):
    id: Identifier
    name: Text
    domain: Domain
    approach: Approach | None = None
    target_groups: list[TargetGroup] | None = None
    delivered_by: Delivery | None = None
    eligible_statuses: list[StatusOrAll] | None = None
    offers: list[Offer] | None = None
    languages: list[Text] | None = None
    interpreters_trained: bool | None = Field(
        default=None, description="Interpreters know the domain's terminology (e.g. health)."
    )
    migrants_involved: bool | None = Field(
        default=None,
        description="Migrants help plan and run it (volunteers, coaches, staff), not only use it.",
    )
    neighbourhoods: list[Text] | None = None
    central: bool | None = Field(default=None, description="Located in the city centre.")
    public_transport: bool | None = None
    hours: list[TimeSlot] | None = None
    childcare: bool | None = None
    enrolment: Enrolment | None = None
    starts: list[MonthDay] | None = Field(default=None, description="Dates when intakes begin.")
    depends_on: list[Identifier] | None = Field(
        default=None, description="Services a participant needs in order to take part."
    )
    refers_to: list[Identifier] | None = None
    requires_documents: list[Text] | None = None
    issues_documents: list[DocumentIssued] | None = None
    requires_residence_registration: bool | None = None
    evaluation: Evaluation | None = None
    funding: Funding | None = None


class Partner(Fact):
    name: Text
    kind: PartnerKind


class EntryPoint(Fact):
    id: Identifier
    name: Text
    kind: EntryPointKind | None = None
    in_house: list[Domain] | None = Field(default=None, description="Services held in house.")
    partners: list[Partner] | None = None
    refers_to: list[Identifier] | None = Field(
        default=None, description="Services it refers people to."
    )
    languages: list[Text] | None = None
    eligible_statuses: list[StatusOrAll] | None = None
    neighbourhoods: list[Text] | None = None
    central: bool | None = None
    public_transport: bool | None = None
    hours: list[TimeSlot] | None = None
    registers_without_address: bool | None = Field(
        default=None, description="Registers residents who have no fixed address."
    )
    issues_documents: list[DocumentIssued] | None = None
    since: Year | None = None


# --- partnerships, workforce, representation, data, space -------------------------------------


class CivilSocietyMapping(Fact):
    done: bool | None = None
    year: Year | None = None
    kept_up_to_date: bool | None = None
    beyond_visible_organisations: bool | None = Field(
        default=None, description="Reaches smaller and migrant-led groups, not only the best known."
    )


class Contracting(Fact):
    service_standards: bool | None = None
    providers_evaluated: bool | None = None
    open_calls: bool | None = Field(
        default=None, description="Grants through open calls rather than fixed partners."
    )
    multi_year: bool | None = None
    new_entrants: bool | None = Field(
        default=None, description="Newer or smaller organisations win contracts too."
    )
    timely_payment: bool | None = None


class FundingMix(Fact):
    eu_funds_direct: bool | None = Field(default=None, description="City manages EU funds itself.")
    eu_programmes: list[Text] | None = None
    pooled_with_cities: bool | None = None
    foundations: bool | None = None
    private_sector: bool | None = None
    social_finance: bool | None = None
    fundraising: bool | None = None
    dedicated_funding_staff: bool | None = Field(
        default=None, description="Staff who match strategy points to funding opportunities."
    )
    joint_departmental_projects: bool | None = Field(
        default=None,
        description="Externally funded projects designed or run jointly by several departments.",
    )


class Cluster(Fact):
    exists: bool | None = None
    municipalities: list[Text] | None = None
    transport_covered: bool | None = None


class Partnerships(Fact):
    civil_society_mapping: CivilSocietyMapping | None = None
    contracting: Contracting | None = None
    co_design: bool | None = Field(
        default=None, description="Services co-designed and co-implemented with civil society."
    )
    private_sector_network: bool | None = None
    research_partners: list[Text] | None = None
    long_standing_migrants_involved: bool | None = None
    inter_municipal_cluster: Cluster | None = None
    funding: FundingMix | None = None


class Training(Fact):
    all_departments: bool | None = None
    departments: list[Domain] | None = None
    standard_module: bool | None = Field(
        default=None, description="Part of the standard training of every civil servant."
    )
    youth_workers: bool | None = None


class KnowledgePool(Fact):
    name: Text
    kind: Text | None = Field(default=None, description="teacher_advisers, cultural_mediators ...")
    size: Count | None = None
    serves: list[Domain] | None = None


class Diversity(Fact):
    target_share: Percent | None = None
    staff_migrant_background_share: Percent | None = None
    competence_based_recruitment: bool | None = None
    outreach_recruitment: bool | None = None


class Workforce(Fact):
    training: Training | None = None
    mediators: Count | None = Field(default=None, description="Intercultural mediators employed.")
    knowledge_pools: list[KnowledgePool] | None = None
    diversity: Diversity | None = None


class MigrantCouncil(Fact):
    exists: bool | None = None
    selection: Selection | None = None
    members: Count | None = None
    meetings_per_year: Annotated[int, Field(ge=0, le=366)] | None = None
    budget: bool | None = None
    own_initiatives: bool | None = None
    formal_role: bool | None = Field(
        default=None, description="Its opinions are systematically taken up in decisions."
    )


class Assemblies(Fact):
    exists: bool | None = None
    open_regardless_of_nationality: bool | None = None
    neighbourhoods: list[Text] | None = None


class Communication(Fact):
    campaigns: bool | None = None
    tailored_to_audiences: bool | None = None
    migrants_involved: bool | None = None
    media_engagement: bool | None = None


class Representation(Fact):
    migrant_council: MigrantCouncil | None = None
    neighbourhood_assemblies: Assemblies | None = None
    communication: Communication | None = None


class Data(Fact):
    local_indicators: bool | None = None
    sources_combined: list[DataSource] | None = Field(
        default=None, description="administrative, registers, surveys ..."
    )
    perception_survey_per_year: Annotated[float, Field(ge=0, le=52)] | None = None
    qualitative_migrant_views: bool | None = None
    soft_measures: bool | None = Field(
        default=None, description="Sense of belonging and other soft outcomes measured."
    )
    measures_evaluated: bool | None = None
    published: bool | None = None
    disaggregated_by_neighbourhood: bool | None = None
    skills_database: bool | None = Field(
        default=None, description="A locally accessible database of migrants' skills."
    )
    arrival_profile: bool | None = Field(
        default=None,
        description="Knows how recently migrants arrived, their status, qualifications, education.",
    )


class Neighbourhood(Fact):
    name: Text
    migrant_share: Percent | None = None
    central: bool | None = None
    public_transport: bool | None = None


class SharedSpace(Fact):
    name: Text
    kind: SpaceKind
    neighbourhood: Text | None = None
    activities_for_mixing: bool | None = None


class BottomUp(Fact):
    supported: bool | None = None
    means: list[SupportMeans] | None = Field(
        default=None, description="funding, venues, information ..."
    )
    examples: list[Text] | None = None


class Space(Fact):
    neighbourhoods: list[Neighbourhood] | None = None
    shared_spaces: list[SharedSpace] | None = None
    bottom_up: BottomUp | None = None
    equal_service_quality: bool | None = Field(
        default=None, description="Investment to equalise service quality across neighbourhoods."
    )


# --- city-wide policies -----------------------------------------------------------------------


class EmploymentPolicy(Fact):
    anti_discrimination_enforced: bool | None = None
    day_one_labour_support: bool | None = Field(
        default=None, description="Labour support from arrival, regardless of status."
    )
    simultaneous_approach: bool | None = Field(
        default=None, description="Language, skills and work combined, not in sequence."
    )
    requalification: bool | None = Field(
        default=None, description="Requalification open after the first job."
    )


class HousingPolicy(Fact):
    equitable_social_housing_access: bool | None = None
    private_rental_support: bool | None = None
    landlord_non_discrimination: bool | None = None
    social_housing_dispersal: bool | None = Field(
        default=None, description="Social housing spread to avoid concentration."
    )
    transition_support: bool | None = Field(
        default=None, description="Housing at status recognition and when minors turn 18."
    )
    landlord_guarantees: bool | None = None


class EducationPolicy(Fact):
    social_mix_measures: bool | None = None
    mainstream_school_support: bool | None = None
    apprenticeship_access: bool | None = None
    orientation_services: bool | None = None
    tertiary_routes: bool | None = None
    early_childhood_outreach: bool | None = None
    recognition_of_studies: bool | None = None


class WelfarePolicy(Fact):
    basic_services_regardless_of_residence: bool | None = None
    specific_needs_screening: bool | None = Field(
        default=None, description="People with specific needs identified and referred."
    )
    digital_access_support: bool | None = None
    entitlements_information: bool | None = None
    tracks_people_in_limbo: bool | None = Field(
        default=None, description="Informs and keeps track of people in administrative limbo."
    )


class HealthPolicy(Fact):
    simplified_procedures: bool | None = None
    outreach: bool | None = None
    interpretation_funded: bool | None = None
    mental_health_in_own_language: bool | None = None


class Policies(Fact):
    employment: EmploymentPolicy | None = None
    housing: HousingPolicy | None = None
    education: EducationPolicy | None = None
    welfare: WelfarePolicy | None = None
    health: HealthPolicy | None = None


class Waiver(Fact):
    rule: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    reason: Annotated[str, StringConstraints(min_length=10, max_length=2000)]
    expires: dt.date | None = None


class Profile(Fact):
    """One city's integration set-up."""

    city: City
    strategy: Strategy | None = None
    coordination_bodies: list[CoordinationBody] | None = None
    leadership: Leadership | None = None
    services: list[Service] | None = None
    entry_points: list[EntryPoint] | None = None
    partnerships: Partnerships | None = None
    workforce: Workforce | None = None
    representation: Representation | None = None
    data: Data | None = None
    space: Space | None = None
    policies: Policies | None = None
    waivers: list[Waiver] | None = None


__all__ = ["LegalStatus", "Profile"]
