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
    start_week: int = Field(
        1, ge=0, description="The week the built-in `week` starts at (week 1 is the first week of `start_year`)."
    )
    start_year: int | None = Field(
        None,
        ge=1,
        le=9999,
        description="The year of week 1: gives the built-ins `year`, `month` and `season` (and dates on screen).",
    )
    weeks_per_year: int = Field(52, ge=4, le=520, description="How many weeks make a year (default 52).")
    cost: bool = Field(False, description="Show the weeks a choice takes among its costs, before it is taken.")


class Chapter(Model):
    """One chapter of the story, in order: the header shows its title."""

    id: Id = Field(description="The chapter's id, named by scenes' `chapter:`.")
    title: str = Field(min_length=1, max_length=80, description="Shown in the header, e.g. `Youth`.")


class PoolRule(Model):
    """A pool's rule for a draw that finds nothing eligible."""

    when_empty: str = Field(
        "disable",
        description="`disable` (the draw is shown locked, the default), `$return` (go back to where `goto: "
        "$return` would lead), or a scene id to go to instead.",
    )


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

    id: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_-]*$")] = Field(
        description="The story's id: saves and the gallery belong to it; never change it once players have saves."
    )
    title: str = Field(description="The story's title, on the title screen.")
    version: int = Field(1, ge=1, description="Bump on release; saves remember the version they were made on.")
    author: str = Field("", description="Who wrote the story.")
    calendar: Calendar = Field(Calendar(), description="How time is counted: weeks, and dates with a start year.")
    chapters: list[Chapter] = Field(
        default_factory=list, description="The story's chapters, in order; scenes name theirs with `chapter:`."
    )
    presentation: Presentation = Field(Presentation(), description="What the game shows of the story's state.")


class Variable(Model):
    """A declared variable: the only names conditions, effects and text may use."""

    type: Literal["number", "string", "flag", "counter"] = Field(
        description="number (needs min and max), counter (whole, from 0), string or flag (true/false)."
    )
    initial: Value | None = Field(None, description="Starting value; flags default to false, counters to 0.")
    min: Number | None = Field(None, description="Lower bound (numbers must have one).")
    max: Number | None = Field(None, description="Upper bound (numbers must have one).")
    label: str | None = Field(None, description="Name shown to the player; defaults to the variable's name.")
    show: Literal["bar", "value", "hidden"] | None = Field(
        None, description="How the side panel shows it (default: value; flags hidden)."
    )
    unit: Literal["currency", "percent", "weeks", "none", "tenge"] | Unit = Field(
        "none",
        description="How amounts read: `currency` (the manifest's `presentation.currency`), `percent`, `weeks`, "
        "`none`, or `{prefix: ..., suffix: ...}`. `tenge` is the first edition's name for a ` ₸` suffix.",
    )
    low_label: str | None = Field(None, description="Two-sided stat: the word for the low end.")
    high_label: str | None = Field(None, description="Two-sided stat: the word for the high end.")
    values: list[str] | None = Field(None, description="For strings: the only values allowed.")
    labels: dict[str, str] = Field(
        default_factory=dict,
        description='For strings: how a value is shown to the player, e.g. {memo: "a memorandum"}.',
    )
    help: str = Field("", description="One line shown on the stats screen.")
    cost: bool = Field(False, description="A cost: each choice shows, before it is taken, what it will take of this.")


class Effects(Model):
    """Changes to variables, applied in this order: set, calc, add, fair, roll, weeks/months/years, then
    the `if:` branch (`then:` when it holds, else `else:`)."""

    set: dict[str, Value] = Field(default_factory=dict, description="Set to a value.")
    calc: dict[str, str] = Field(default_factory=dict, description="Set to an expression's value.")
    add: dict[str, Number] = Field(default_factory=dict, description="Add (negative subtracts), clamped.")
    fair: dict[str, Number] = Field(
        default_factory=dict, description="Fairmath: +N moves N% of the way to max, -N toward min."
    )
    roll: dict[str, list[int]] = Field(default_factory=dict, description="Add a random whole number from [low, high].")
    weeks: int = Field(0, ge=0, le=520, description="Advance the calendar by weeks.")
    months: int = Field(0, ge=0, le=240, description="Advance the calendar by months (a twelfth of a year each).")
    years: int = Field(0, ge=0, le=80, description="Advance the calendar by years.")
    until_age: int | str | None = Field(
        None,
        description="Advance the calendar, after weeks/months/years, to the first week the musician is this "
        "age (a whole number, or an expression giving one), if not there yet; never back. For a chapter "
        "that begins at an age, or a save from an older version caught up with its chapter. Needs every "
        "origin to have an `age` or `birth_year`.",
    )
    if_: Expr | None = Field(None, alias="if", description="A condition: apply `then:` when it holds, else `else:`.")
    then: Effects | None = Field(None, description="Effects applied when `if:` holds.")
    else_: Effects | None = Field(None, alias="else", description="Effects applied when `if:` does not hold.")


class PoolEntry(Model):
    """Membership of a storylet pool."""

    name: Id = Field(description="The pool's name: any name; a pool exists when a scene joins it.")
    when: Expr = Field(True, description="Eligible only while this holds.")
    weight: Number = Field(1, gt=0, description="The relative chance of being drawn (default 1).")
    once: bool = Field(False, description="Eligible only until it has been visited once.")
    cooldown: int = Field(0, ge=0, le=5200, description="Not eligible again until this many weeks after a visit.")
    season: list[Literal["winter", "spring", "summer", "autumn"]] | None = Field(
        None, description="Eligible only in these seasons (needs `calendar.start_year`)."
    )
    from_year: int | None = Field(None, description="Eligible from this year on (needs `calendar.start_year`).")
    until_year: int | None = Field(None, description="Eligible up to and including this year.")
    score: Expr | None = Field(
        None,
        description="A drawn pool whose members have a score goes to the highest-scoring eligible member "
        "(ties: the higher weight, then at random).",
    )


class Outcome(Model):
    """What follows a risky choice's success or failure."""

    text: str = Field("", description="A line shown with the outcome.")
    effects: Effects | None = Field(None, description="Applied after the choice's own effects.")
    goto: str | None = Field(None, description="A scene id, or $return (give goto or draw).")
    draw: Id | None = Field(None, description="Go to a random eligible member of this pool (give goto or draw).")


class Check(Model):
    """A stat check with odds the player sees: give stat+difficulty, or chance."""

    stat: Id | None = Field(None, description="The number variable tested (with `difficulty`).")
    difficulty: Number | None = Field(
        None, description="With `stat`: the odds are 50% plus 2% per point the stat is above it (5..95)."
    )
    chance: Expr | None = Field(None, description="An expression giving a percent; kept within 5..95.")


class InputSpec(Model):
    """A choice that asks the player to type a value into a string variable."""

    variable: Id = Field(description="The declared string variable the typed text goes into.")
    prompt: str = Field(description="The question shown above the text box.")
    default: str = Field("", description="Used when the player types nothing.")
    max_length: int = Field(30, ge=1, le=80, description="The longest text accepted (1..80 characters).")


class Choice(Model):
    id: Id = Field(description="Unique in its scene; saves and transcripts remember choices by it.")
    text: str = Field("", description="What the player reads (required except with `offer`).")
    renamed_from: list[Id] = Field(default_factory=list, description="Ids this choice had before.")
    when: Expr | None = Field(None, description="Shown only when this holds (or dimmed, with `locked`).")
    require: Expr | None = Field(
        None, description="Shown (per `when`) but only takeable when this holds; needs `locked`."
    )
    locked: str | None = Field(
        None,
        description="Show the choice dimmed, with this reason, when `when` fails "
        "(or, with `require`, when `require` fails).",
    )
    effects: Effects | None = Field(None, description="Applied when the choice is taken, before moving on.")
    goto: str | None = Field(None, description="A scene id, or $return.")
    draw: Id | None = Field(None, description="Go to a random eligible member of this pool.")
    offer: Id | None = Field(None, description="Offer each eligible member of this pool as a choice.")
    limit: int | None = Field(None, ge=1, le=9, description="With offer: a random sample of this many.")
    return_to: Id | None = Field(
        None, description="With draw/offer: the scene `goto: $return` leads back to (default: this scene)."
    )
    check: Check | None = Field(
        None, description="Makes the choice risky: its odds are shown; needs success and failure."
    )
    success: Outcome | None = Field(None, description="With `check`: what follows success.")
    failure: Outcome | None = Field(None, description="With `check`: what follows failure.")
    input: InputSpec | None = Field(None, description="Ask the player to type a value into a string variable.")


class Ending(Model):
    id: Id = Field(description="The gallery remembers endings by this id; unique in the story.")
    title: str = Field(description="The ending's name in the gallery.")
    hint: str = Field(
        "", max_length=300, description="Shown in the endings gallery while this ending is not yet found."
    )


class Scene(Model):
    id: Id = Field(description="Unique across the story; never reuse an id for something else.")
    title: str = Field(description="The scene's title; may use {{ }} substitutions.")
    text: str = Field("", description="Markdown with Jinja2 substitutions, shown on entering the scene.")
    teaser: str | None = Field(None, description="How the scene is offered as a choice from a pool.")
    renamed_from: list[Id] = Field(default_factory=list, description="Ids this scene had before.")
    chapter: Id | None = Field(None, description="The chapter this scene belongs to (default: the file's `chapter:`).")
    effects: Effects | None = Field(None, description="Applied each time the scene is entered.")
    pool: list[PoolEntry] = Field(default_factory=list, description="The storylet pools the scene joins.")
    choices: list[Choice] = Field(default_factory=list, description="What the player can do (not on an ending).")
    ending: Ending | None = Field(None, description="Makes this an ending scene: reaching it ends the playthrough.")

    @field_validator("pool", mode="before")
    @classmethod
    def _one_pool(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value


class Origin(Model):
    id: Id = Field(description="Unique among origins; saves remember the origin by it.")
    name: str = Field(description="The musician's name (the player may give a stage name instead).")
    home: str = Field(description="Where the musician is from, shown on the character screen.")
    instrument: str = Field(description="The musician's instrument, shown on the character screen.")
    intro: str = Field(description="A few lines introducing the musician on the new-game screen.")
    start: Id = Field(description="The id of the first scene.")
    birth_year: int | None = Field(None, description="The year the musician was born: gives the built-in `age`.")
    age: int | None = Field(None, ge=0, le=150, description="The musician's age at the start (instead of birth_year).")
    set: dict[str, Value] = Field(default_factory=dict, description="Starting values.")


class StoryFile(Model):
    """One YAML file of a story. Only `story.yaml` has `story:`."""

    story: StoryInfo | None = None
    chapter: Id | None = Field(None, description="The chapter of every scene in this file that names none.")
    pools: dict[str, PoolRule] = Field(
        default_factory=dict, description="Rules for pools, by name (declare each pool's rule once in the story)."
    )
    variables: dict[str, Variable] = Field(default_factory=dict)
    origins: list[Origin] = Field(default_factory=list)
    scenes: list[Scene] = Field(default_factory=list)


def story_json_schema() -> dict[str, Any]:
    """The JSON Schema of a story file, for editors (yaml-language-server)."""
    schema = StoryFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Steppe to Stage story file"
    return schema
