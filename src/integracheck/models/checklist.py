"""A checklist: groups and rules as data, each rule a cited JMESPath condition over the profile."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from integracheck.models.vocabulary import CityType, Domain, Severity

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*-[A-Z0-9]+(\.[0-9]+)?$")]
# A JMESPath expression. Compiled (and so checked) when the checklist is loaded, never eval'd.
Expression = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
# A dotted profile path with optional list indices, e.g. "strategy.monitoring" or "services".
ProfilePath = Annotated[
    str, StringConstraints(pattern=r"^[a-z_]+(\[[0-9]+\])?(\.[a-z_]+(\[[0-9]+\])?)*$")
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The file name of a bundled seed document. Bundled checklists cite only these (checked when
# they are loaded); a custom checklist may cite any source file: a consultant's own report, a
# council decision, a path or a URL.
SEED_FILE = r"^00[0-9]_[0-9a-f]{16}\.txt$"
# Any source file's name: one line of printable text.
SourceFile = Annotated[
    str, StringConstraints(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]+$")
]


class Citation(Strict):
    file: SourceFile = Field(
        description="The source document the rule is drawn from: a seed file name in a bundled "
        "checklist, any source file in a custom one."
    )
    section: Text
    quote: Text


class SourceDocument(Strict):
    file: SourceFile
    title: Text


# What an example shows: a practice to follow, or what went wrong (a problem the source
# reports), which a report never presents as a model.
ExampleKind = Literal["model", "cautionary"]


class Example(Strict):
    place: Text = Field(description="City or country the source names.")
    text: Text
    kind: ExampleKind = Field(
        default="model",
        description="model: a practice to follow; cautionary: a problem the source reports "
        "there, shown as what went wrong, never as a model.",
    )
    citation: Citation | None = None
    level: Annotated[int, Field(ge=0, le=100)] | None = Field(
        default=None,
        description="The level of the rule the source shows this place reaching: a bundled "
        "profile of that place must reach it (the flagship test).",
    )


# Read by checklists written for integracheck 0.1: how a condition over a partial list was to
# be decided. No longer read, since the engine works it out from the condition itself; still
# accepted so that such a checklist loads.
LegacyJudges = Literal["kind", "items"]


class Level(Strict):
    """One grade of a graded rule, decided on its own facts: the rule takes the highest level
    whose facts are stated and whose `when` holds."""

    level: Annotated[int, Field(ge=0, le=100)]
    when: Expression
    label: Text
    facts: list[Expression] | None = Field(
        default=None,
        description="Facts this level needs to be decided; the rule's `facts` when left out.",
    )
    judges: LegacyJudges | None = Field(
        default=None,
        description="Not read any more (kept so that checklists written for 0.1 load): how "
        "partial lists bear on a condition is worked out from the condition itself.",
    )
    ruled_out_by: Expression | None = Field(
        default=None,
        description="JMESPath; when true, stated facts rule this level out, whatever the lists "
        "hold (e.g. the city states it has no such policy). The rule's own applies when absent.",
    )


class TypedAdvice(Strict):
    """Advice worded for one city type (002, section 2), shown before the general advice.
    Like a recommendation it names no place: the places go in the rule's examples, where a
    report can tell the assessed city's own practice from a model to follow."""

    city_types: list[CityType]
    text: Text
    why: Text
    unless: Expression | None = Field(
        default=None,
        description="JMESPath; when true the profile shows the city already does this, and the "
        "advice is not given.",
    )


class Rule(Strict):
    id: RuleId
    title: Text
    group: Text
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    severity: Severity
    facts: list[Expression] = Field(
        min_length=1,
        description=(
            "Profile facts the rule needs to be decided; while any is not stated the rule is "
            "unknown. Levels may name their own."
        ),
    )
    judges: LegacyJudges | None = Field(
        default=None,
        description="Not read any more (kept so that checklists written for 0.1 load): how "
        "partial lists bear on a condition is worked out from the condition itself.",
    )
    ruled_out_by: Expression | None = Field(
        default=None,
        description="JMESPath; when true, stated facts rule out every level of the rule.",
    )
    requires_competence: Domain | None = Field(
        default=None,
        description="Applies only where the city holds (some) competence in this area.",
    )
    applies_when: Expression | None = Field(
        default=None, description="JMESPath; the rule is not applicable when this is false."
    )
    condition: Expression | None = Field(
        default=None, description="JMESPath; true means the rule passes."
    )
    levels: list[Level] | None = Field(
        default=None, description="Graded alternative to `condition`, highest level first."
    )
    locate: ProfilePath
    rationale: Text
    citation: Citation
    recommendation: Text
    examples: list[Example] = Field(default_factory=list)
    typed_advice: list[TypedAdvice] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_way_to_grade(self) -> Rule:
        if (self.condition is None) == (self.levels is None):
            raise ValueError("a rule needs exactly one of `condition` or `levels`")
        if self.levels is not None:
            grades = [level.level for level in self.levels]
            if grades != sorted(grades, reverse=True) or len(set(grades)) != len(grades):
                raise ValueError("`levels` must list distinct levels, highest first")
        return self


class Risk(Strict):
    """A governance risk the sources name: raised when its condition holds."""

    id: RuleId
    title: Text
    severity: Severity
    facts: list[Expression] = Field(min_length=1)
    condition: Expression = Field(description="JMESPath; true means the risk is present.")
    subjects: Expression | None = Field(
        default=None,
        description="JMESPath giving the names the raised risk concerns (e.g. the services "
        "whose funding ends), shown with it.",
    )
    locate: ProfilePath
    rationale: Text
    citation: Citation
    remedy: Text


class Group(Strict):
    id: Text
    title: Text
    weight: Annotated[float, Field(ge=0, le=100)] = 1.0
    description: Text | None = None
    department: Text | None = Field(
        default=None,
        description="The department of a city that acts on this group's rules (an action "
        "plan's addressee); when left out, it follows from where a finding points.",
    )


class Checklist(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    version: Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]
    prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$")]
    description: Text | None = None
    weight: Annotated[float, Field(ge=0, le=100)] = Field(
        default=1.0, description="Weight of this checklist in the overall score."
    )
    order: int = Field(default=100, description="Reports show checklists in ascending order.")
    severity_weights: dict[Severity, Annotated[float, Field(gt=0, le=100)]] | None = Field(
        default=None,
        description="What a rule of each severity weighs in the score, times its own `weight` "
        "and its group's: the checklist's reading of how much each kind of gap matters. Left "
        "out, every severity weighs 1.",
    )
    sources: list[SourceDocument] = Field(default_factory=list)
    # Bounds on a checklist's size: the built-in ones hold a few dozen groups and a few hundred
    # rules; a file far beyond that is refused rather than worked through.
    groups: list[Group] = Field(min_length=1, max_length=1_000)
    rules: list[Rule] = Field(default_factory=list, max_length=5_000)
    risks: list[Risk] = Field(default_factory=list, max_length=1_000)
