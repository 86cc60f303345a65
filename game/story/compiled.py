"""The loaded story as the engine sees it: validated, cross-linked, with expressions and text compiled.

These are plain slotted dataclasses, not pydantic models: the engine reads them in its hot loop, and a
playtest of thousands of runs should not pay for validation it no longer needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.story.expressions import Expression
from game.story.templates import Text

RETURN = "$return"
BUILTIN_VARIABLES = ("week", "name", "origin", "year", "month", "season", "age", "first_visit", "visits_here")
# Built-ins the engine keeps only for stories that use them (see Story.dated, Story.aged, Story.visit_names).
DATE_VARIABLES = ("year", "month", "season")
VISIT_VARIABLES = ("first_visit", "visits_here")
SEASONS = ("winter", "spring", "summer", "autumn")


@dataclass(slots=True)
class VariableSpec:
    name: str
    type: str  # number | string | flag | counter
    initial: Any
    min: float | None = None
    max: float | None = None
    label: str = ""
    show: str = "value"  # bar | value | hidden
    unit: str = "none"
    low_label: str | None = None
    high_label: str | None = None
    values: tuple[str, ...] | None = None
    help: str = ""
    # With unit "amount": what is written around the number ("$" before, " ₸" after), from the story.
    prefix: str = ""
    suffix: str = ""
    cost: bool = False  # shown on each choice, before it is taken, as what the choice will take of it
    value_labels: dict[str, str] = field(default_factory=dict)  # how a string's values are shown to the player

    def clamp(self, value: Any) -> Any:
        """Keep a number inside its bounds; whole numbers stay ints so text shows `5`, not `5.0`."""
        if self.type in ("number", "counter"):
            if self.min is not None and value < self.min:
                value = self.min
            if self.max is not None and value > self.max:
                value = self.max
            if isinstance(value, float) and value.is_integer():
                value = int(value)
        return value


@dataclass(slots=True)
class EffectsSpec:
    set: tuple[tuple[str, Any], ...] = ()
    calc: tuple[tuple[str, Expression], ...] = ()
    add: tuple[tuple[str, float], ...] = ()
    fair: tuple[tuple[str, float], ...] = ()
    roll: tuple[tuple[str, int, int], ...] = ()
    weeks: int = 0  # weeks, months and years together, in weeks
    # `if:` / `then:` / `else:`: applied after the rest, the branch chosen by the condition at that moment.
    branch: tuple[Expression, EffectsSpec, EffectsSpec] | None = None
    until_age: Expression | int | None = None  # `until_age:` (after the weeks, before the branch)
    # Whether there is anything to do, worked out once: the engine asks on every turn. A spec is never
    # changed after it is built.
    active: bool = field(init=False, repr=False, compare=False)
    # Whether applying it rolls a die anywhere (here or in a branch): the cost shown before a choice is
    # worked out at both ends of the rolls only when there are some.
    rolls: bool = field(init=False, repr=False, compare=False)
    # Whether each variable it changes ends up depending on nothing but its own value before (only
    # constant `set`, `add`, `fair`, `roll` and time; no `calc`, `until_age` or `if:`): the cost shown
    # before a choice is then worked out variable by variable, without a copy of the whole state.
    separable: bool = field(init=False, repr=False, compare=False)
    # The engine's compiled form of the block for the variables' specs it was compiled against (see
    # game.engine.effects.apply_effects): a cache, kept with the block it stands for.
    quiet: tuple[Any, Any] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.active = bool(
            self.set
            or self.calc
            or self.add
            or self.fair
            or self.roll
            or self.weeks
            or self.branch is not None
            or self.until_age is not None
        )
        self.rolls = bool(self.roll) or (self.branch is not None and (self.branch[1].rolls or self.branch[2].rolls))
        self.separable = not self.calc and self.branch is None and self.until_age is None

    def __bool__(self) -> bool:
        return self.active


@dataclass(slots=True)
class PoolMembership:
    pool: str
    scene_id: str
    when: Expression | None
    weight: float
    once: bool
    cooldown: int = 0  # weeks after a visit before it is eligible again
    score: Expression | None = None  # a scored pool's draw goes to the best eligible member


@dataclass(slots=True)
class OutcomeSpec:
    text: Text
    effects: EffectsSpec
    goto: str | None
    draw: str | None


@dataclass(slots=True)
class CheckSpec:
    stat: str | None
    difficulty: float | None
    chance: Expression | None


@dataclass(slots=True)
class InputField:
    variable: str
    prompt: str
    default: str
    max_length: int


@dataclass(slots=True)
class ChoiceSpec:
    id: str
    text: Text
    when: Expression | None
    locked: Text | None
    effects: EffectsSpec
    require: Expression | None = None
    return_to: str | None = None  # where `goto: $return` leads after this draw/offer (default: this scene)
    goto: str | None = None
    draw: str | None = None
    offer: str | None = None
    limit: int | None = None
    check: CheckSpec | None = None
    success: OutcomeSpec | None = None
    failure: OutcomeSpec | None = None
    input: InputField | None = None


@dataclass(slots=True)
class SceneSpec:
    id: str
    title: Text
    text: Text
    teaser: Text | None
    effects: EffectsSpec
    choices: tuple[ChoiceSpec, ...]
    pools: tuple[PoolMembership, ...] = ()
    ending_id: str | None = None
    ending_title: str | None = None
    ending_hint: str = ""  # the gallery's hint while the ending is not found
    file: str = ""
    line: int = 1
    chapter: str | None = None  # a chapter id; None: the chapter of the scenes before it

    @property
    def is_ending(self) -> bool:
        return self.ending_id is not None


@dataclass(slots=True)
class OriginSpec:
    id: str
    name: str
    home: str
    instrument: str
    intro: str
    start: str
    set: tuple[tuple[str, Any], ...]
    age: int | None = None  # the musician's age at the start (from `age:` or `birth_year:`)


@dataclass(slots=True)
class PresentationSpec:
    """The manifest's `presentation:`: which variables the game shows where, so code never names them."""

    tagline: str = ""
    header: tuple[str, ...] = ()
    charted: tuple[str, ...] = ()
    currency: tuple[str, str] | None = None  # (prefix, suffix) of the `money` filter and `unit: currency`


@dataclass(slots=True)
class CalendarSpec:
    """The manifest's calendar: `week` counts weeks from the first week of `start_year` (week 1)."""

    start_week: int = 1
    start_year: int | None = None
    weeks_per_year: int = 52
    cost: bool = False  # weeks a choice takes are shown among its costs

    def year_index(self, week: int) -> int:
        """Whole years since the start of the calendar's first year (0 in week 1..weeks_per_year)."""
        return (week - 1) // self.weeks_per_year

    def month(self, week: int) -> int:
        return (week - 1) % self.weeks_per_year * 12 // self.weeks_per_year + 1

    def season(self, week: int) -> str:
        return SEASONS[self.month(week) % 12 // 3]

    def weeks_of(self, weeks: int, months: int, years: int) -> int:
        """A time effect in weeks: a month is a twelfth of a year, rounded to whole weeks."""
        return weeks + round(months * self.weeks_per_year / 12) + years * self.weeks_per_year


@dataclass(slots=True)
class ChapterSpec:
    id: str
    title: str
    number: int  # 1 for the first chapter


@dataclass(slots=True)
class Story:
    id: str
    title: str
    version: int
    author: str
    start_week: int
    root: str
    variables: dict[str, VariableSpec]
    origins: dict[str, OriginSpec]
    scenes: dict[str, SceneSpec]
    pools: dict[str, tuple[PoolMembership, ...]]
    scene_renames: dict[str, str] = field(default_factory=dict)
    choice_renames: dict[tuple[str, str], str] = field(default_factory=dict)
    endings: dict[str, SceneSpec] = field(default_factory=dict)
    warnings: list[Any] = field(default_factory=list)
    calendar: CalendarSpec = field(default_factory=CalendarSpec)
    chapters: dict[str, ChapterSpec] = field(default_factory=dict)
    # What a draw does when its pool has nothing eligible: a scene id, or RETURN (absent: the draw is locked).
    when_empty: dict[str, str] = field(default_factory=dict)
    declared_pools: frozenset[str] = frozenset()  # pools with a rule under `pools:` (checked for variety)
    # Which built-ins the engine keeps in the variables: dates (a `start_year`), `age` (every origin has
    # one) and first_visit/visits_here (some text or condition reads them). Stories without them pay nothing.
    dated: bool = False
    aged: bool = False
    visit_names: bool = False
    presentation: PresentationSpec = field(default_factory=PresentationSpec)
    # Derived data the engine builds on first use and keeps with the story (e.g. combined pool conditions).
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def resolve_scene(self, scene_id: str) -> str | None:
        """The current id of a scene, following declared renames (chains included)."""
        seen: set[str] = set()
        while scene_id not in self.scenes:
            if scene_id in seen or scene_id not in self.scene_renames:
                return None
            seen.add(scene_id)
            scene_id = self.scene_renames[scene_id]
        return scene_id

    def resolve_choice(self, scene_id: str, choice_id: str) -> str | None:
        """The current id of a choice in a (current) scene, following declared renames."""
        scene = self.scenes.get(scene_id)
        if scene is None:
            return None
        base = choice_id.split(":", 1)[0]
        rest = choice_id[len(base) :]
        ids = {c.id for c in scene.choices}
        if base not in ids:
            base = self.choice_renames.get((scene_id, base), "")
            if base not in ids:
                return None
        return base + rest
