"""The story format as pydantic models: the writers' contract, and the source of the JSON Schema.

Strict mode and ``extra="forbid"`` everywhere: ``"30"`` is not 30, ``true`` is not 1, and ``goot:`` is an
error rather than a silently ignored key. Cross-references (targets, variables, expressions) are checked
later by :mod:`game.story.validate`, where all files are known.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Number = int | float
Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
Expr = Annotated[str | bool | int, Field(description='An expression, e.g. `fame >= 30 and city == "Almaty"`')]
Value = str | bool | int | float


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Calendar(Model):
    start_week: int = Field(1, ge=0, description="The week the built-in `week` starts at.")


class Unit(Model):
    """How a number reads, for any currency or unit: `{prefix: "$"}` shows 1200 as "$1,200", `{suffix: " ₸"}`
    as "1,200 ₸", `{suffix: " km"}` as "1,200 km"."""

    prefix: str = Field("", max_length=12, description="Written before the number.")
    suffix: str = Field("", max_length=12, description="Written after the number (start it with a space if wanted).")


class Presentation(Model):
    """How the game presents the story's state: what the writer chooses, so no variable is named in code."""

    tagline: str = Field("", max_length=200, description="A line under the title on the title screen.")
    header: list[Id] = Field(
        default_factory=list, description="Variables shown on the header line beside the calendar, e.g. [city]."
    )
    charted: list[Id] = Field(
        default_factory=list, description="Numeric variables charted over the playthrough on the stats screen."
    )
    currency: Unit | None = Field(
        None, description="How `unit: currency` variables and the `money` text filter show amounts."
    )


class StoryInfo(Model):
    """The manifest's `story:` block. Only `story.yaml` may hold it."""

    id: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    title: str
    version: int = Field(1, ge=1, description="Bump on release; saves remember the version they were made on.")
    author: str = ""
    calendar: Calendar = Calendar()
    presentation: Presentation = Presentation()


class Variable(Model):
    """A declared variable: the only names conditions, effects and text may use."""

    type: Literal["number", "string", "flag", "counter"]
    initial: Value | None = Field(None, description="Starting value; flags default to false, counters to 0.")
    min: Number | None = Field(None, description="Lower bound (numbers must have one).")
    max: Number | None = Field(None, description="Upper bound (numbers must have one).")
    label: str | None = Field(None, description="Name shown to the player; defaults to the variable's name.")
    show: Literal["bar", "value", "hidden"] | None = None
    unit: Literal["currency", "percent", "weeks", "none", "tenge"] | Unit = Field(
        "none",
        description="How amounts read: `currency` (the manifest's `presentation.currency`), `percent`, `weeks`, "
        "`none`, or `{prefix: ..., suffix: ...}`. `tenge` is the first edition's name for a ` ₸` suffix.",
    )
    low_label: str | None = Field(None, description="Two-sided stat: the word for the low end.")
    high_label: str | None = Field(None, description="Two-sided stat: the word for the high end.")
    values: list[str] | None = Field(None, description="For strings: the only values allowed.")
    help: str = ""


class Effects(Model):
    """Changes to variables, applied in this order: set, calc, add, fair, roll, weeks."""

    set: dict[str, Value] = Field(default_factory=dict, description="Set to a value.")
    calc: dict[str, str] = Field(default_factory=dict, description="Set to an expression's value.")
    add: dict[str, Number] = Field(default_factory=dict, description="Add (negative subtracts), clamped.")
    fair: dict[str, Number] = Field(
        default_factory=dict, description="Fairmath: +N moves N% of the way to max, -N toward min."
    )
    roll: dict[str, list[int]] = Field(default_factory=dict, description="Add a random whole number from [low, high].")
    weeks: int = Field(0, ge=0, le=520, description="Advance the calendar.")


class PoolEntry(Model):
    """Membership of a storylet pool."""

    name: Id
    when: Expr = True
    weight: Number = Field(1, gt=0)
    once: bool = Field(False, description="Eligible only until it has been visited once.")


class Outcome(Model):
    """What follows a risky choice's success or failure."""

    text: str = Field("", description="A line shown with the outcome.")
    effects: Effects | None = None
    goto: str | None = None
    draw: Id | None = None


class Check(Model):
    """A stat check with odds the player sees: give stat+difficulty, or chance."""

    stat: Id | None = None
    difficulty: Number | None = None
    chance: Expr | None = Field(None, description="An expression giving a percent; kept within 5..95.")


class InputSpec(Model):
    """A choice that asks the player to type a value into a string variable."""

    variable: Id
    prompt: str
    default: str = ""
    max_length: int = Field(30, ge=1, le=80)


class Choice(Model):
    id: Id
    text: str = ""
    renamed_from: list[Id] = Field(default_factory=list)
    when: Expr | None = None
    require: Expr | None = Field(
        None, description="Shown (per `when`) but only takeable when this holds; needs `locked`."
    )
    locked: str | None = Field(
        None,
        description="Show the choice dimmed, with this reason, when `when` fails "
        "(or, with `require`, when `require` fails).",
    )
    effects: Effects | None = None
    goto: str | None = Field(None, description="A scene id, or $return.")
    draw: Id | None = Field(None, description="Go to a random eligible member of this pool.")
    offer: Id | None = Field(None, description="Offer each eligible member of this pool as a choice.")
    limit: int | None = Field(None, ge=1, le=9, description="With offer: a random sample of this many.")
    return_to: Id | None = Field(
        None, description="With draw/offer: the scene `goto: $return` leads back to (default: this scene)."
    )
    check: Check | None = None
    success: Outcome | None = None
    failure: Outcome | None = None
    input: InputSpec | None = None


class Ending(Model):
    id: Id
    title: str


class Scene(Model):
    id: Id
    title: str
    text: str = ""
    teaser: str | None = Field(None, description="How the scene is offered as a choice from a pool.")
    renamed_from: list[Id] = Field(default_factory=list, description="Ids this scene had before.")
    effects: Effects | None = None
    pool: list[PoolEntry] = Field(default_factory=list)
    choices: list[Choice] = Field(default_factory=list)
    ending: Ending | None = None

    @field_validator("pool", mode="before")
    @classmethod
    def _one_pool(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value


class Origin(Model):
    id: Id
    name: str
    home: str
    instrument: str
    intro: str
    start: Id
    set: dict[str, Value] = Field(default_factory=dict, description="Starting values.")


class StoryFile(Model):
    """One YAML file of a story. Only `story.yaml` has `story:`."""

    story: StoryInfo | None = None
    variables: dict[str, Variable] = Field(default_factory=dict)
    origins: list[Origin] = Field(default_factory=list)
    scenes: list[Scene] = Field(default_factory=list)


def story_json_schema() -> dict[str, Any]:
    """The JSON Schema of a story file, for editors (yaml-language-server)."""
    schema = StoryFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Steppe to Stage story file"
    return schema
