"""The city profile: every fact a rule may read, each optional so "not stated" stays distinct."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from integracheck.models.behaviour import EvidenceBehaviour, ProfileBehaviour
from integracheck.models.vocabulary import (
    INVENTORIES,
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
    Inventory,
    LegalStatus,
    MainstreamingApproach,
    Mandate,
    Offer,
    PartnerKind,
    Selection,
    ServiceStage,
    SpaceKind,
    StatusOrAll,
    StrategyInitiator,
    StrategyStatus,
    SupportMeans,
    TargetGroup,
)

# A yes/no fact: only true or false, as a JSON Schema validator reads it ("yes" is text).
Flag = Annotated[bool, Strict()]


class _AsWritten:
    """Numbers and dates read as the profile's JSON Schema reads them, so that the tool, an
    editor and check-jsonschema agree on a file. pydantic's lax mode would take the text
    "250000" or the boolean true for a number, and a Unix timestamp or "2027-01-31T00:00:00"
    for a date; the schema refuses all four. So a number must be written as a number (an
    integer may be written 4.0, which JSON Schema counts as an integer) and a date as
    YYYY-MM-DD text. Built of core schemas only (`chain`), so the stored validator keeps it."""

    def __init__(self, first: core_schema.CoreSchema) -> None:
        self.first = first

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.chain_schema([self.first, handler(source)])

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The JSON Schema is the field's own (integer, number or date), not the first step's.
        steps = schema["steps"]
        return handler(steps[-1])


# A strict float takes an int or a float, never text or a boolean; the field's own schema
# then makes an int of 4.0 (and refuses 4.5) and applies its bounds.
NUMBER_AS_WRITTEN = _AsWritten(
    core_schema.custom_error_schema(
        core_schema.float_schema(strict=True),
        custom_error_type="number_as_written",
        custom_error_message="expected a number",
    )
)
DATE_AS_WRITTEN = _AsWritten(
    core_schema.custom_error_schema(
        core_schema.str_schema(strict=True, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        custom_error_type="date_as_written",
        custom_error_message="expected a date written YYYY-MM-DD",
    )
)

Percent = Annotated[float, Field(ge=0, le=100), NUMBER_AS_WRITTEN]
Count = Annotated[int, Field(ge=0), NUMBER_AS_WRITTEN]
Year = Annotated[int, Field(ge=1900, le=2100), NUMBER_AS_WRITTEN]
Date = Annotated[dt.date, DATE_AS_WRITTEN]
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
    country: Text | None = Field(default=None, description="Country.")
    region: Text | None = Field(default=None, description="Region or province.")
    population: Count | None = Field(default=None, description="Number of residents.")
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
    migrants: Flag | None = Field(default=None, description="Migrants or their associations.")
    civil_society: Flag | None = Field(
        default=None, description="Civil-society organisations were consulted."
    )
    service_providers: Flag | None = Field(
        default=None, description="Service providers were consulted."
    )
    stakeholders: Count | None = Field(default=None, description="How many stakeholders took part.")
    needs_assessment: Flag | None = Field(
        default=None, description="A preliminary needs assessment with local stakeholders."
    )


class ActionPlan(Fact):
    exists: Flag | None = Field(
        default=None, description="An action plan turns the strategy into measures."
    )
    horizon_years: Annotated[int, Field(ge=1, le=30), NUMBER_AS_WRITTEN] | None = None
    funding_per_point: Flag | None = Field(
        default=None, description="Each point of the plan is linked to a funding source."
    )


class Monitoring(Fact):
    measurable_goals: Flag | None = Field(
        default=None, description="The strategy sets measurable goals (002, Box 3)."
    )
    review_every_years: Annotated[float, Field(gt=0, le=10), NUMBER_AS_WRITTEN] | None = None
    published: Flag | None = Field(default=None, description="Monitoring results are published.")
    indicators: list[Text] | None = Field(
        default=None, description="Names of the indicators tracked."
    )


class Endorsement(Fact):
    by_mayor: Flag | None = Field(default=None, description="The mayor endorses the strategy.")
    by_council: Flag | None = Field(
        default=None, description="The city council endorsed the strategy."
    )
    framing: list[Framing] | None = Field(
        default=None, description="How integration is framed in public."
    )


class Strategy(Fact):
    status: StrategyStatus | None = Field(
        default=None, description="Where the local integration strategy stands."
    )
    year: Year | None = Field(default=None, description="Year it was adopted (or is due).")
    title: Text | None = Field(default=None, description="Name of the strategy.")
    cross_sectoral: Flag | None = Field(
        default=None,
        description="Covers several policy sectors (housing, education, employment, health ...).",
    )
    areas: list[Domain] | None = Field(
        default=None, description="Policy areas the strategy covers."
    )
    whole_of_community: Flag | None = Field(
        default=None, description="Addresses all residents, migrants' needs within general policy."
    )
    institutionalised_in_services: Flag | None = Field(
        default=None, description="Taken up by schools, health authorities, police and others."
    )
    consultation: Consultation | None = None
    action_plan: ActionPlan | None = None
    monitoring: Monitoring | None = None
    funding_linked: Flag | None = Field(default=None, description="Tied to a budget line.")
    partnership_principles: Flag | None = Field(
        default=None, description="Sets out principles for cooperation with partners."
    )
    endorsement: Endorsement | None = None
    initiated_by: StrategyInitiator | None = Field(
        default=None,
        description="Who started the strategy: the city, civil society (grassroots) or another "
        "level of government.",
    )
    whole_of_government: Flag | None = Field(
        default=None,
        description="Integration is part of every department's work (a whole-of-government "
        "approach), not one department's topic.",
    )


# --- coordination ----------------------------------------------------------------------------


class CoordinationBody(Fact):
    id: Identifier
    name: Text
    kind: CoordinationKind | None = Field(default=None, description="What kind of body it is.")
    levels: list[GovernmentLevel] | None = Field(
        default=None, description="Levels of government taking part."
    )
    departments: list[Domain] | None = Field(
        default=None, description="Policy areas of the municipal departments taking part."
    )
    member_kinds: list[PartnerKind] | None = Field(
        default=None, description="Kinds of non-municipal members."
    )
    members: Count | None = Field(default=None, description="Number of members.")
    meetings_per_year: Annotated[int, Field(ge=0, le=366), NUMBER_AS_WRITTEN] | None = None
    formalised: Flag | None = Field(
        default=None, description="Has a formal mandate (terms of reference, decision), not ad hoc."
    )
    permanent: Flag | None = Field(default=None, description="A standing body, not time-limited.")
    set_up_for_crisis: Flag | None = Field(
        default=None, description="Created to handle an emergency (e.g. the 2015-16 arrivals)."
    )
    decision_power: Flag | None = Field(
        default=None, description="Can take or bind decisions, not only exchange information."
    )
    since: Year | None = Field(default=None, description="Year it was set up.")


class Commissioner(Fact):
    exists: Flag | None = Field(
        default=None, description="The city has an integration commissioner."
    )
    mandate: list[Mandate] | None = Field(default=None, description="operational and/or political.")
    appointment: Appointment | None = Field(
        default=None, description="How the commissioner is chosen."
    )
    own_mandate_autonomy: Flag | None = Field(
        default=None, description="The commissioner can shape their own mandate."
    )
    co_funded_by: GovernmentLevel | None = Field(
        default=None,
        description="Another level of government that co-funds the post (e.g. regional).",
    )
    since: Year | None = Field(default=None, description="Year the post was created.")


class Vision(Fact):
    stated: Flag | None = Field(default=None, description="The mayor states a vision of inclusion.")
    strategic_priority: Flag | None = Field(
        default=None, description="Inclusion is declared a strategic priority."
    )
    technical_anchor: Flag | None = Field(
        default=None,
        description="Anchored in economic development or community benefit, not only politics.",
    )
    statement: Text | None = Field(default=None, description="The vision in the mayor's words.")


class Leadership(Fact):
    commissioner: Commissioner | None = None
    mayor_vision: Vision | None = None


# --- services and entry points ------------------------------------------------------------------


class TimeSlot(Fact):
    days: list[Day] = Field(description="Days of the week (mon ... sun).")
    start: ClockTime = Field(description="Opening time, HH:MM.")
    end: ClockTime = Field(description="Closing time, HH:MM.")


class Enrolment(Fact):
    rolling: Flag | None = Field(default=None, description="People can join at any time.")
    window_opens: MonthDay | None = Field(
        default=None, description="Start of the yearly enrolment window, MM-DD."
    )
    window_closes: MonthDay | None = Field(
        default=None, description="End of the yearly enrolment window, MM-DD."
    )


class Funding(Fact):
    sources: list[FundingSource] | None = Field(default=None, description="Who pays for it.")
    project_based: Flag | None = Field(
        default=None, description="Paid for by a time-limited project rather than a budget line."
    )
    ends: Date | None = Field(default=None, description="Date the current funding ends.")
    amount_eur: Annotated[float, Field(ge=0), NUMBER_AS_WRITTEN] | None = Field(
        default=None, description="Amount of the current funding, in euros."
    )
    years: Annotated[float, Field(gt=0, le=50), NUMBER_AS_WRITTEN] | None = Field(
        default=None, description="Duration of the current funding, in years."
    )


class Evaluation(Fact):
    evaluated: Flag | None = Field(default=None, description="The service has been evaluated.")
    last_year: Year | None = Field(default=None, description="Year of the latest evaluation.")
    published: Flag | None = Field(default=None, description="The evaluation is published.")


class DocumentIssued(Fact):
    document: Text = Field(description="Name of the document (e.g. social security number).")
    to_statuses: list[StatusOrAll] | None = Field(
        default=None, description="Legal statuses it is issued to."
    )


class Service(Fact):
    id: Identifier = Field(
        description="Short identifier, referred to by `refers_to` and `depends_on`."
    )
    name: Text = Field(description="Name of the service.")
    domain: Domain = Field(description="Policy area of the service.")
    approach: Approach | None = Field(
        default=None,
        description="Mainstream (for all residents) or targeted (for migrants or a group of them).",
    )
    target_groups: list[TargetGroup] | None = Field(
        default=None, description="Groups the service is meant for."
    )
    delivered_by: Delivery | None = Field(default=None, description="Who delivers it.")
    eligible_statuses: list[StatusOrAll] | None = Field(
        default=None, description="Legal statuses that may use it (`all` for no status condition)."
    )
    offers: list[Offer] | None = Field(default=None, description="What it offers.")
    languages: list[Text] | None = Field(default=None, description="Languages it is offered in.")
    interpreters_trained: Flag | None = Field(
        default=None, description="Interpreters know the domain's terminology (e.g. health)."
    )
    migrants_involved: Flag | None = Field(
        default=None,
        description="Migrants help plan and run it (volunteers, coaches, staff), not only use it.",
    )
    neighbourhoods: list[Text] | None = Field(
        default=None, description="Neighbourhoods where it is offered."
    )
    central: Flag | None = Field(default=None, description="Located in the city centre.")
    public_transport: Flag | None = Field(
        default=None, description="Reachable by public transport."
    )
    hours: list[TimeSlot] | None = Field(default=None, description="Opening or class hours.")
    childcare: Flag | None = Field(
        default=None, description="Child care is provided for participants."
    )
    enrolment: Enrolment | None = Field(default=None, description="How people join.")
    starts: list[MonthDay] | None = Field(default=None, description="Dates when intakes begin.")
    depends_on: list[Identifier] | None = Field(
        default=None, description="Services a participant needs in order to take part."
    )
    refers_to: list[Identifier] | None = Field(
        default=None, description="Services it refers people to (their ids)."
    )
    requires_documents: list[Text] | None = Field(
        default=None, description="Documents a user must show."
    )
    issues_documents: list[DocumentIssued] | None = Field(
        default=None, description="Documents it issues, and to whom."
    )
    requires_residence_registration: Flag | None = Field(
        default=None, description="Only registered residents may use it."
    )
    evaluation: Evaluation | None = Field(
        default=None, description="Whether and when it was evaluated."
    )
    funding: Funding | None = Field(default=None, description="How it is funded.")
    stage: ServiceStage | None = Field(
        default=None,
        description="running, piloted (a pilot), planned (not yet open) or ended; "
        "only a running or piloted service serves anyone.",
    )
    since: Year | None = Field(default=None, description="Year it opened.")
    also_domains: list[Domain] | None = Field(
        default=None, description="Further policy areas the service spans besides `domain`."
    )
    serves_nationals: Flag | None = Field(
        default=None, description="It also serves nationals, not only migrants."
    )
    builds_capacity_of: list[Identifier] | None = Field(
        default=None,
        description="Ids of (mainstream) services whose staff this service trains or advises "
        "(capacity building, 002 section 3.A).",
    )
    shared_case_file: Flag | None = Field(
        default=None, description="A case file follows the person between the partners."
    )
    located_in: Text | None = Field(
        default=None,
        description="Municipality where it is, when not in the city itself (people travel).",
    )
    travel_minutes: Annotated[int, Field(ge=0, le=1440), NUMBER_AS_WRITTEN] | None = Field(
        default=None, description="Typical travel time to reach it, in minutes."
    )
    waiting_weeks: Annotated[float, Field(ge=0, le=520), NUMBER_AS_WRITTEN] | None = Field(
        default=None, description="Typical waiting time for a first appointment, in weeks."
    )


class Partner(Fact):
    name: Text = Field(description="Name of the partner.")
    kind: PartnerKind = Field(description="Kind of partner.")


class EntryPoint(Fact):
    id: Identifier = Field(description="Short identifier.")
    name: Text = Field(description="Name of the entry point.")
    kind: EntryPointKind | None = Field(default=None, description="Kind of entry point.")
    in_house: list[Domain] | None = Field(default=None, description="Services held in house.")
    partners: list[Partner] | None = Field(default=None, description="Organisations working in it.")
    refers_to: list[Identifier] | None = Field(
        default=None, description="Services it refers people to."
    )
    languages: list[Text] | None = Field(default=None, description="Languages it serves people in.")
    languages_count: Count | None = Field(
        default=None,
        description="How many languages it serves people in, when the sources give the number "
        "but not the languages.",
    )
    eligible_statuses: list[StatusOrAll] | None = Field(
        default=None, description="Legal statuses it serves (`all` for no status condition)."
    )
    neighbourhoods: list[Text] | None = Field(
        default=None, description="Neighbourhoods where it is."
    )
    central: Flag | None = Field(default=None, description="Located in the city centre.")
    public_transport: Flag | None = Field(
        default=None, description="Reachable by public transport."
    )
    hours: list[TimeSlot] | None = Field(default=None, description="Opening hours.")
    shared_case_file: Flag | None = Field(
        default=None, description="A case file follows the person between the partners."
    )
    registers_without_address: Flag | None = Field(
        default=None, description="Registers residents who have no fixed address."
    )
    issues_documents: list[DocumentIssued] | None = Field(
        default=None, description="Documents it issues, and to whom."
    )
    since: Year | None = Field(default=None, description="Year it opened.")


# --- partnerships, workforce, representation, data, space -------------------------------------


class CivilSocietyMapping(Fact):
    done: Flag | None = Field(
        default=None, description="The city has mapped local civil society and initiatives."
    )
    year: Year | None = Field(default=None, description="Year of the latest mapping.")
    kept_up_to_date: Flag | None = Field(default=None, description="The map is kept up to date.")
    beyond_visible_organisations: Flag | None = Field(
        default=None, description="Reaches smaller and migrant-led groups, not only the best known."
    )


class Contracting(Fact):
    service_standards: Flag | None = Field(
        default=None,
        description="Contracts set service standards aligned with national and regional rules.",
    )
    providers_evaluated: Flag | None = Field(
        default=None, description="Contracted providers are evaluated."
    )
    open_calls: Flag | None = Field(
        default=None, description="Grants through open calls rather than fixed partners."
    )
    multi_year: Flag | None = Field(default=None, description="Contracts run for several years.")
    new_entrants: Flag | None = Field(
        default=None, description="Newer or smaller organisations win contracts too."
    )
    timely_payment: Flag | None = Field(default=None, description="Partners are paid on time.")
    funding_uncertain: Flag | None = Field(
        default=None,
        description="Partner organisations face funding uncertainty (short or late contracts).",
    )
    staff_turnover: Flag | None = Field(
        default=None, description="Partner organisations lose staff to funding uncertainty."
    )


class FundingMix(Fact):
    eu_funds_direct: Flag | None = Field(default=None, description="City manages EU funds itself.")
    eu_programmes: list[Text] | None = Field(
        default=None, description="EU programmes used (AMIF, ESF, UIA ...)."
    )
    pooled_with_cities: Flag | None = Field(
        default=None, description="Resources pooled with partner cities."
    )
    foundations: Flag | None = Field(default=None, description="Funding from foundations.")
    private_sector: Flag | None = Field(default=None, description="Funding from private companies.")
    social_finance: Flag | None = Field(
        default=None, description="Social finance (loans, guarantees, social impact bonds)."
    )
    fundraising: Flag | None = Field(default=None, description="Fundraising or crowdfunding.")
    dedicated_funding_staff: Flag | None = Field(
        default=None, description="Staff who match strategy points to funding opportunities."
    )
    joint_departmental_projects: Flag | None = Field(
        default=None,
        description="Externally funded projects designed or run jointly by several departments.",
    )


class Cluster(Fact):
    exists: Flag | None = Field(
        default=None, description="Services are shared with neighbouring municipalities."
    )
    municipalities: list[Text] | None = Field(
        default=None, description="The municipalities in the cluster."
    )
    transport_covered: Flag | None = Field(
        default=None, description="Transport to the shared services is covered."
    )


class Partnerships(Fact):
    civil_society_mapping: CivilSocietyMapping | None = None
    contracting: Contracting | None = None
    co_design: Flag | None = Field(
        default=None, description="Services co-designed and co-implemented with civil society."
    )
    private_sector_network: Flag | None = Field(
        default=None, description="A network with employers and business."
    )
    research_partners: list[Text] | None = Field(
        default=None, description="Research institutions the city works with."
    )
    long_standing_migrants_involved: Flag | None = Field(
        default=None, description="Long-standing migrants help receive newcomers."
    )
    inter_municipal_cluster: Cluster | None = None
    funding: FundingMix | None = None


class Training(Fact):
    all_departments: Flag | None = Field(
        default=None,
        description="All municipal departments are trained on their role in integration.",
    )
    departments: list[Domain] | None = Field(
        default=None, description="Departments whose staff are trained."
    )
    standard_module: Flag | None = Field(
        default=None, description="Part of the standard training of every civil servant."
    )
    youth_workers: Flag | None = Field(
        default=None, description="Youth workers are trained for integration work."
    )


class KnowledgePool(Fact):
    name: Text = Field(description="Name of the pool.")
    kind: Text | None = Field(default=None, description="teacher_advisers, cultural_mediators ...")
    size: Count | None = Field(default=None, description="Number of advisers or mediators.")
    serves: list[Domain] | None = Field(
        default=None, description="Areas whose services it supports."
    )


class Diversity(Fact):
    target_share: Percent | None = Field(
        default=None, description="Target share of staff with a migrant background, per cent."
    )
    staff_migrant_background_share: Percent | None = Field(
        default=None, description="Share of municipal staff with a migrant background, per cent."
    )
    competence_based_recruitment: Flag | None = Field(
        default=None,
        description="Recruitment based on proven competences rather than formal degrees.",
    )
    outreach_recruitment: Flag | None = Field(
        default=None, description="Recruitment reaches out to migrant communities."
    )


class Workforce(Fact):
    training: Training | None = None
    mediators: Count | None = Field(default=None, description="Intercultural mediators employed.")
    knowledge_pools: list[KnowledgePool] | None = None
    diversity: Diversity | None = None


class MigrantCouncil(Fact):
    exists: Flag | None = Field(
        default=None, description="A migrant council or advisory body exists."
    )
    selection: Selection | None = Field(default=None, description="How its members are chosen.")
    members: Count | None = Field(default=None, description="Number of members.")
    meetings_per_year: Annotated[int, Field(ge=0, le=366), NUMBER_AS_WRITTEN] | None = None
    budget: Flag | None = Field(default=None, description="It has its own budget.")
    own_initiatives: Flag | None = Field(
        default=None, description="It can run its own initiatives and projects."
    )
    engaged: Flag | None = Field(
        default=None,
        description="Members stay engaged; false when, unable to affect policy, they have lost "
        "motivation (002, 3.E).",
    )
    formal_role: Flag | None = Field(
        default=None, description="Its opinions are systematically taken up in decisions."
    )


class Assemblies(Fact):
    exists: Flag | None = Field(default=None, description="Neighbourhood assemblies exist.")
    open_regardless_of_nationality: Flag | None = Field(
        default=None, description="Open to all residents regardless of nationality."
    )
    neighbourhoods: list[Text] | None = Field(default=None, description="Where they meet.")


class Communication(Fact):
    campaigns: Flag | None = Field(
        default=None, description="Communication campaigns on integration."
    )
    tailored_to_audiences: Flag | None = Field(
        default=None, description="Messages are tailored to specific audiences."
    )
    migrants_involved: Flag | None = Field(
        default=None, description="Migrants take part in or lead communication."
    )
    media_engagement: Flag | None = Field(
        default=None, description="Work with the media (training, data, awards)."
    )
    non_government_messengers: Flag | None = Field(
        default=None,
        description="Messages on integration are also carried by the private sector, media or "
        "civil society, not only by the city's institutions.",
    )


class Representation(Fact):
    migrant_council: MigrantCouncil | None = None
    neighbourhood_assemblies: Assemblies | None = None
    communication: Communication | None = None


class Data(Fact):
    local_indicators: Flag | None = Field(
        default=None, description="Integration indicators at city level."
    )
    sources_combined: list[DataSource] | None = Field(
        default=None, description="administrative, registers, surveys ..."
    )
    perception_survey_per_year: Annotated[float, Field(ge=0, le=52), NUMBER_AS_WRITTEN] | None = (
        None
    )
    qualitative_migrant_views: Flag | None = Field(
        default=None, description="Qualitative data on migrants' and hosts' views."
    )
    soft_measures: Flag | None = Field(
        default=None, description="Sense of belonging and other soft outcomes measured."
    )
    measures_evaluated: Flag | None = Field(
        default=None, description="Integration measures are evaluated."
    )
    published: Flag | None = Field(default=None, description="Data and findings are published.")
    disaggregated_by_neighbourhood: Flag | None = Field(
        default=None, description="Data broken down by neighbourhood."
    )
    neighbourhood_shares_published: Flag | None = Field(
        default=None,
        description="The share of residents with a migrant background is published "
        "neighbourhood by neighbourhood (a map or table of the statistics office).",
    )
    skills_database: Flag | None = Field(
        default=None, description="A locally accessible database of migrants' skills."
    )
    arrival_profile: Flag | None = Field(
        default=None,
        description="Knows how recently migrants arrived, their status, qualifications, education.",
    )


class Neighbourhood(Fact):
    name: Text = Field(description="Name of the neighbourhood.")
    migrant_share: Percent | None = Field(
        default=None, description="Share of residents with a migrant background, per cent."
    )
    central: Flag | None = Field(default=None, description="In the city centre.")
    public_transport: Flag | None = Field(
        default=None, description="Well served by public transport."
    )


class SharedSpace(Fact):
    name: Text = Field(description="Name of the place.")
    kind: SpaceKind = Field(description="Kind of place.")
    neighbourhood: Text | None = Field(default=None, description="Neighbourhood where it is.")
    activities_for_mixing: Flag | None = Field(
        default=None,
        description="Runs activities that bring migrants and long-standing residents together.",
    )


class BottomUp(Fact):
    supported: Flag | None = Field(
        default=None,
        description="The city supports bottom-up initiatives that create shared spaces.",
    )
    means: list[SupportMeans] | None = Field(
        default=None, description="funding, venues, information ..."
    )
    examples: list[Text] | None = Field(default=None, description="Initiatives supported.")


class Space(Fact):
    neighbourhoods: list[Neighbourhood] | None = None
    shared_spaces: list[SharedSpace] | None = None
    bottom_up: BottomUp | None = None
    equal_service_quality: Flag | None = Field(
        default=None, description="Investment to equalise service quality across neighbourhoods."
    )


# --- city-wide policies -----------------------------------------------------------------------


class EmploymentPolicy(Fact):
    anti_discrimination_enforced: Flag | None = Field(
        default=None, description="Anti-discrimination law is enforced in hiring."
    )
    day_one_labour_support: Flag | None = Field(
        default=None, description="Labour support from arrival, regardless of status."
    )
    simultaneous_approach: Flag | None = Field(
        default=None, description="Language, skills and work combined, not in sequence."
    )
    requalification: Flag | None = Field(
        default=None, description="Requalification open after the first job."
    )


class HousingPolicy(Fact):
    equitable_social_housing_access: Flag | None = Field(
        default=None, description="Migrants access social housing on equal terms."
    )
    private_rental_support: Flag | None = Field(
        default=None, description="Financial and advisory support for renting privately."
    )
    landlord_non_discrimination: Flag | None = Field(
        default=None, description="Action against discrimination by landlords."
    )
    social_housing_dispersal: Flag | None = Field(
        default=None, description="Social housing spread to avoid concentration."
    )
    transition_support: Flag | None = Field(
        default=None, description="Housing at status recognition and when minors turn 18."
    )
    landlord_guarantees: Flag | None = Field(
        default=None, description="Guarantees for landlords renting to refugees."
    )


class EducationPolicy(Fact):
    social_mix_measures: Flag | None = Field(
        default=None, description="Measures for a social mix in schools (e.g. enrolment quotas)."
    )
    mainstream_school_support: Flag | None = Field(
        default=None, description="Support for migrant children in mainstream schools."
    )
    apprenticeship_access: Flag | None = Field(
        default=None, description="Access to apprenticeships."
    )
    orientation_services: Flag | None = Field(
        default=None, description="Orientation services in secondary schools."
    )
    tertiary_routes: Flag | None = Field(
        default=None, description="Routes into tertiary education."
    )
    early_childhood_outreach: Flag | None = Field(
        default=None,
        description="Outreach to migrant families on early childhood education and care.",
    )
    recognition_of_studies: Flag | None = Field(
        default=None, description="Recognition of prior studies and skills."
    )


class WelfarePolicy(Fact):
    basic_services_regardless_of_residence: Flag | None = Field(
        default=None,
        description="Basic social services for those who do not meet residence criteria.",
    )
    specific_needs_screening: Flag | None = Field(
        default=None, description="People with specific needs identified and referred."
    )
    digital_access_support: Flag | None = Field(
        default=None, description="Help across the digital divide."
    )
    entitlements_information: Flag | None = Field(
        default=None, description="Migrants are informed of their entitlements."
    )
    tracks_people_in_limbo: Flag | None = Field(
        default=None, description="Informs and keeps track of people in administrative limbo."
    )


class HealthPolicy(Fact):
    simplified_procedures: Flag | None = Field(
        default=None, description="Simplified procedures to access health care."
    )
    outreach: Flag | None = Field(
        default=None, description="Health professionals reach out to vulnerable migrants."
    )
    interpretation_funded: Flag | None = Field(
        default=None, description="Interpretation in health care is funded."
    )
    mental_health_in_own_language: Flag | None = Field(
        default=None, description="Mental-health support in the patient's own language."
    )


class Policies(Fact):
    employment: EmploymentPolicy | None = None
    housing: HousingPolicy | None = None
    education: EducationPolicy | None = None
    welfare: WelfarePolicy | None = None
    health: HealthPolicy | None = None


class Waiver(Fact):
    rule: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        description="Id of the rule waived."
    )
    reason: Annotated[str, StringConstraints(min_length=10, max_length=2000)] = Field(
        description="Why the rule is waived (required, at least 10 characters)."
    )
    expires: Date | None = Field(
        default=None, description="Date after which the waiver no longer applies."
    )


# --- evidence -----------------------------------------------------------------------------


class Evidence(EvidenceBehaviour, Fact):
    """What kind of evidence the profile is, which decides what an absent list item means."""

    inventories: Literal["complete", "partial"] = Field(
        default="partial",
        description=(
            "complete: the lists (services, entry points, coordination bodies, neighbourhoods, "
            "shared spaces, knowledge pools, and the lists of values such as a strategy's "
            "areas or a service's offers) name everything the city has, so a kind of item or a "
            "value absent from a list means the city lacks it. partial (the default): the lists "
            "hold what the sources happen to mention (desk research from reports), so an absent "
            "kind of item or value is not known."
        ),
    )
    complete_lists: list[Inventory] | None = Field(
        default=None,
        description="Lists that are complete inventories even though `inventories` is partial; "
        "the lists inside their items (a service's offers, languages, ...) are complete with them.",
    )
    fictional: Flag | None = Field(
        default=None,
        description="A made-up city (an example or a test): never counted among real peers.",
    )
    as_of: Year | None = Field(
        default=None, description="Year the facts describe (the year of the sources)."
    )


# --- mainstreaming ----------------------------------------------------------------------------


class Mainstreaming(Fact):
    """How the city balances mainstream and targeted services (002, section 3.A)."""

    approach: MainstreamingApproach | None = Field(
        default=None,
        description="by_design: mainstream services are a deliberate choice, tailored to "
        "diversity; by_default: mainstream services as they are, for lack of targeted ones.",
    )
    reorganised_administration: Flag | None = Field(
        default=None,
        description="The administration was reorganised around needs rather than groups.",
    )
    services_adapt_offer: Flag | None = Field(
        default=None,
        description="Mainstream services regularly audit and adapt their offer to specific needs.",
    )


class Profile(ProfileBehaviour, Fact):
    """One city's integration set-up."""

    city: City
    evidence: Evidence | None = Field(
        default=None,
        description="What kind of evidence this profile is (default: partial evidence).",
    )
    strategy: Strategy | None = None
    coordination_bodies: list[CoordinationBody] | None = None
    leadership: Leadership | None = None
    mainstreaming: Mainstreaming | None = None
    services: list[Service] | None = None
    entry_points: list[EntryPoint] | None = None
    partnerships: Partnerships | None = None
    workforce: Workforce | None = None
    representation: Representation | None = None
    data: Data | None = None
    space: Space | None = None
    policies: Policies | None = None
    waivers: list[Waiver] | None = None


__all__ = ["INVENTORIES", "Inventory", "LegalStatus", "Profile"]
