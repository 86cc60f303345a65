"""The headless engine: start a playthrough, show the current scene and its choices, choose, undo.

In the spirit of ink's runtime API: ``Game.start(story, origin, seed)``, then ``view()`` for the current
scene's rendered text and choices, ``choose(choice_id)`` to move on, and ``state`` (a plain value) to save.
The same story, seed and choices give the same game, byte for byte: every random draw comes from a
generator seeded by (seed, turn number, purpose), so there is no hidden generator state to save.
"""

from __future__ import annotations

import random
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.engine.costs import Cost, choice_costs, costs_text
from game.engine.effects import Change, EffectError, RandomSource, apply_effects, merge_changes
from game.engine.plans import Option, PoolPlan, ScenePlan
from game.engine.state import Checkpoint, GameState, Turn
from game.story.compiled import (
    RETURN,
    CalendarSpec,
    ChapterSpec,
    CheckSpec,
    ChoiceSpec,
    OutcomeSpec,
    PoolMembership,
    SceneSpec,
    Story,
)
from game.story.expressions import Expression, function_table
from game.story.templates import CURRENCY_KEY, Text

_NOTHING_COOLING: frozenset[str] = frozenset()


class EngineError(RuntimeError):
    """Something the story or the caller asked for cannot be done (shown to the player, never a crash)."""


def clean_player_text(text: str, max_length: int = 80) -> str:
    """Strip control characters (ESC sequences included) and surrounding space from typed text."""
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    return cleaned.strip()[:max_length]


@dataclass(frozen=True, slots=True)
class ChoiceView:
    """A choice as the player sees it. ``id`` is what to pass to :meth:`Game.choose`."""

    id: str
    text: str
    enabled: bool
    locked_reason: str | None = None
    odds: int | None = None  # percent chance of success for a risky choice
    input_prompt: str | None = None
    input_default: str = ""
    input_max_length: int = 30
    kind: str = "goto"  # goto | draw | offer | check
    # What taking it will cost, worked out from its effects (see game.engine.costs), and that as one line.
    costs: tuple[Cost, ...] = ()
    cost_text: str = ""


@dataclass(frozen=True, slots=True)
class SceneView:
    scene_id: str
    title: str
    text: str  # Markdown; substituted values already escaped
    choices: tuple[ChoiceView, ...]
    is_ending: bool = False
    ending_id: str | None = None
    ending_title: str | None = None
    # Where in the life this is: the chapter (title and number), the year and the musician's age, each None
    # when the story has none; `when` puts them in one line for a header: "Chapter 2: Youth · 1998 · age 14".
    chapter: str | None = None
    chapter_number: int | None = None
    year: int | None = None
    age: int | None = None
    when: str = ""


@dataclass(slots=True)
class ChoiceResult:
    """What a choice did: the changes to show briefly, a risky choice's outcome, where it led."""

    changes: list[Change] = field(default_factory=list)
    outcome: str | None = None
    outcome_text: str = ""
    target: str = ""
    starved_pool: str | None = None


def sync_time(calendar: CalendarSpec, age_at_start: int | None, variables: dict[str, Any]) -> None:
    """The built-ins the calendar gives, from `week`: year, month and season, and the musician's age."""
    week = variables["week"]
    if calendar.start_year is not None:
        variables["year"] = calendar.start_year + calendar.year_index(week)
        variables["month"] = calendar.month(week)
        variables["season"] = calendar.season(week)
    if age_at_start is not None:
        grown = calendar.year_index(week) - calendar.year_index(calendar.start_week)
        variables["age"] = age_at_start + grown


def prepare_texts(texts: Iterable[Text]) -> int:
    """Compile templates ahead of their first render; changes nothing a player sees. Safe from a worker
    thread (compiling twice is only wasted work). Returns how many it prepared."""
    prepared = 0
    for text in texts:
        try:
            text.prepare()
        except Exception:  # noqa: BLE001, S112 - the render that needs it reports the problem
            continue
        prepared += 1
    return prepared


@dataclass(frozen=True, slots=True)
class Clock:
    """Brings the calendar's built-ins up to date (see sync_time); its year's length words spans of time."""

    calendar: CalendarSpec
    age_at_start: int | None
    # week -> the built-ins it gives: a life has a few hundred weeks and asks about each one many times
    # (every scene entered, every effect that moves time, every cost worked out ahead).
    _known: dict[int, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def weeks_per_year(self) -> int:
        return self.calendar.weeks_per_year

    def __call__(self, variables: dict[str, Any]) -> None:
        week = variables["week"]
        known = self._known.get(week) if isinstance(week, int) else None
        if known is None:
            sync_time(self.calendar, self.age_at_start, variables)
            if isinstance(week, int) and len(self._known) < 100_000:
                given: tuple[str, ...] = ("year", "month", "season") if self.calendar.start_year is not None else ()
                given += ("age",) if self.age_at_start is not None else ()
                self._known[week] = {name: variables[name] for name in given}
            return
        variables.update(known)


def _shared_clock(story: Story, age_at_start: int | None) -> Clock:
    clocks: dict[int | None, Clock] = story.derived.setdefault("clocks", {})
    clock = clocks.get(age_at_start)
    if clock is None:
        clock = clocks[age_at_start] = Clock(story.calendar, age_at_start)
    return clock


class LazyRandom:
    """A generator seeded from the string ``"{seed}/{purpose}/{turn}"`` on first use. Most choices draw
    nothing at random, and seeding from a string (SHA-512 and the Mersenne Twister's set-up) costs more than
    the rest of a playtest turn; even the string is only written when it is needed."""

    __slots__ = ("_purpose", "_random", "_seed", "_turn")

    def __init__(self, seed: int, purpose: str, turn: int) -> None:
        self._seed = seed
        self._purpose = purpose
        self._turn = turn
        self._random: random.Random | None = None

    def _get(self) -> random.Random:
        if self._random is None:
            self._random = random.Random(f"{self._seed}/{self._purpose}/{self._turn}")
        return self._random

    def random(self) -> float:
        return self._get().random()

    def randint(self, low: int, high: int) -> int:
        return self._get().randint(low, high)

    def choices(self, population: Sequence[Any], weights: Sequence[float] | None = None, *, k: int = 1) -> list[Any]:
        return self._get().choices(population, weights, k=k)

    def sample(self, population: Sequence[Any], k: int) -> list[Any]:
        return self._get().sample(population, k)


def _functions(game: Game) -> dict[str, Any]:
    """The globals the game's expressions run with. Its visited/chose/available hold the game weakly: the
    table is the game's own, and a strong reference back would make every game a reference cycle that
    waits for the cycle collector (a playtest starts thousands; collecting them was ~5% of its time)."""
    this = weakref.ref(game)

    def visited(scene_id: str) -> int:
        return this()._visited(scene_id)  # type: ignore[union-attr]

    def chose(scene_id: str, choice_id: str) -> bool:
        return this()._chose(scene_id, choice_id)  # type: ignore[union-attr]

    def available(pool: str) -> int:
        return this()._available(pool)  # type: ignore[union-attr]

    def succeeded(scene_id: str, choice_id: str) -> bool:
        return this()._succeeded(scene_id, choice_id)  # type: ignore[union-attr]

    return function_table(visited=visited, chose=chose, available=available, succeeded=succeeded)


class Game:
    """One playthrough of a story."""

    def __init__(self, story: Story, state: GameState) -> None:
        if state.scene not in story.scenes:
            raise EngineError(f"the story has no scene '{state.scene}'")
        self.story = story
        self.state = state
        self._chosen: set[tuple[str, str]] = {(t.scene, t.choice.split(":", 1)[0]) for t in state.turns}
        self._env = _functions(self)
        self._options: list[Option] | None = None
        # The checkpoint of the choice being made (None between choices): entering a scene notes its visit
        # there, so a failed choice can take the visit back without a copy of every count.
        self._checkpoint: Checkpoint | None = None
        # While the current choices are worked out the state cannot change, so each pool's eligible members
        # are computed once and shared by every `available("pool")` and `offer:` (the career hub asks six
        # times per turn). None outside that window: effects change the state, so nothing is kept between.
        self._pool_memo: dict[str, list[PoolMembership]] | None = None
        # Plans hold no game state, so they are kept with the story and shared by every playthrough.
        self._pool_plans: dict[str, PoolPlan] = story.derived.setdefault("pool-plans", {})
        self._scene_plans: dict[str, ScenePlan] = story.derived.setdefault("scene-plans", {})
        # What the turn log tells, read from it as it grows (see _history): when each scene was last entered
        # (for cooldowns) and which risky choices succeeded. Derived, never saved: a save, an undo or a
        # replay that restores the log restores these exactly.
        self._history_of: list[Turn] | None = None
        self._history_len = 0
        self._history_last: Turn | None = None
        self._last_entered: dict[str, int] = {}
        self._successes: set[tuple[str, str]] = set()
        origin = story.origins.get(state.origin)
        self._age_at_start = origin.age if origin is not None and story.aged else None
        # Built-ins that follow the calendar, brought up to date whenever time moves (None: the story has none).
        # A small object, not a bound method: a game holding its own method is a reference
        # cycle, and a finished game must be freed without the cycle collector (the playtest's speed).
        # Shared by every game of the story with this age at the start (what it remembers depends on nothing else).
        self._clock = (
            _shared_clock(story, self._age_at_start) if story.dated or self._age_at_start is not None else None
        )
        if self._clock is not None:
            self._clock(state.variables)
        if story.visit_names:
            self._sync_visits()

    # -- starting ---------------------------------------------------------------------------------------
    @classmethod
    def start(cls, story: Story, origin_id: str, seed: int = 0, name: str | None = None) -> Game:
        origin = story.origins.get(origin_id)
        if origin is None:
            raise EngineError(f"the story has no origin '{origin_id}'")
        variables: dict[str, Any] = {n: spec.initial for n, spec in story.variables.items()}
        shown_name = clean_player_text(name) if name else ""
        variables.update(week=story.start_week, name=shown_name or origin.name, origin=origin.id)
        for key, value in origin.set:
            variables[key] = value
        if story.visit_names:
            variables.update(visits_here=0, first_visit=False)  # set on entering the first scene
        state = GameState(
            story.id, story.version, seed, origin.id, origin.start, variables, name=shown_name or origin.name
        )
        if origin.start not in story.scenes:
            raise EngineError(f"origin '{origin_id}' starts at a missing scene '{origin.start}'")
        game = cls(story, state)
        game._enter(origin.start, None, LazyRandom(seed, "enter", 0))
        return game

    @classmethod
    def replay(
        cls, story: Story, origin_id: str, seed: int, name: str | None, turns: Iterable[tuple[str, str | None]]
    ) -> Game:
        """Replay (choice id, typed input) pairs from the start; raises EngineError where one diverges."""
        from game.engine.replay import planned, replay_strict  # the replay module builds on this one

        return replay_strict(cls.start(story, origin_id, seed, name), planned(turns))

    # -- reading ----------------------------------------------------------------------------------------
    @property
    def scene(self) -> SceneSpec:
        return self.story.scenes[self.state.scene]

    @property
    def ended(self) -> bool:
        # self.scene.is_ending, without the two property calls: asked on every turn of a playtest.
        return self.story.scenes[self.state.scene].ending_id is not None

    @property
    def variables(self) -> dict[str, Any]:
        return self.state.variables

    def _visited(self, scene_id: str) -> int:
        return self.state.visits.get(scene_id, 0)

    def _chose(self, scene_id: str, choice_id: str) -> bool:
        return (scene_id, choice_id) in self._chosen

    def _succeeded(self, scene_id: str, choice_id: str) -> bool:
        self._history()
        return (scene_id, choice_id) in self._successes

    def _history(self) -> dict[str, int]:
        """The week each scene was last entered (before its entry effects), from the turn log; read anew
        when the log was replaced or cut short (undo, a failed choice), else only its new turns."""
        turns = self.state.turns
        read = self._history_len
        # Read anew unless the log is the one read, and still holds the very turns read (a failed choice
        # removes the turn it added, and the next choice may add another in its place).
        if turns is not self._history_of or len(turns) < read or (read and turns[read - 1] is not self._history_last):
            origin = self.story.origins.get(self.state.origin)
            self._last_entered = {origin.start: self.story.start_week} if origin is not None else {}
            self._successes = set()
            self._history_of, self._history_len = turns, 0
        last = self._last_entered
        for turn in turns[self._history_len :]:
            last[turn.target] = turn.week
            if turn.outcome == "success":
                self._successes.add((turn.scene, turn.choice.split(":", 1)[0]))
        self._history_len = len(turns)
        self._history_last = turns[-1] if turns else None
        return last

    def _cooling(self, cooldowns: Sequence[tuple[str, int]]) -> frozenset[str]:
        """The members still in their cooldown: entered fewer than their `cooldown:` weeks ago."""
        last = self._history()
        week = self.state.variables["week"]
        return frozenset(s for s, n in cooldowns if s in last and week - last[s] < n)

    def sync_builtins(self) -> None:
        """Bring the built-ins that follow other values (year, month, season, age; first_visit and
        visits_here) up to date: for a caller that changed `week` or the scene by hand (a debug start)."""
        if self._clock is not None:
            self._clock(self.state.variables)
        if self.story.visit_names:
            self._sync_visits()

    def _sync_visits(self) -> None:
        """first_visit and visits_here: the current scene's visit count, for text that tells a repeat."""
        count = self.state.visits.get(self.state.scene, 0)
        self.state.variables["visits_here"] = count
        self.state.variables["first_visit"] = count == 1

    def _eligible(self, member: PoolMembership) -> bool:
        if member.once and self.state.visits.get(member.scene_id, 0):
            return False
        if member.cooldown and self._cooling(((member.scene_id, member.cooldown),)):
            return False
        return member.when is None or bool(member.when.evaluate(self.state.variables, self._env))

    def eligible_members(self, pool: str) -> list[PoolMembership]:
        return list(self._members(pool))

    def _members(self, pool: str) -> list[PoolMembership]:
        """The eligible members, from the memo while one is open (the list must not be changed)."""
        memo = self._pool_memo
        if memo is None:
            return self._eligible_now(pool)
        found = memo.get(pool)
        if found is None:
            found = memo[pool] = self._eligible_now(pool)
        return found

    def _available(self, pool: str) -> int:
        # _members, written out: `available()` is called several times a turn, and a call costs.
        memo = self._pool_memo
        found = None if memo is None else memo.get(pool)
        if found is None:
            found = self._eligible_now(pool)
            if memo is not None:
                memo[pool] = found
        return len(found)

    def _eligible_now(self, pool: str) -> list[PoolMembership]:
        # The hot loop of playtests. Every member's condition is asked in one eval of a tuple (see
        # compile_tuple); and when the conditions only read variables and visited() (not chose/available),
        # the eligible members are kept with the story by what they read (see StateKey): a pool asked on
        # every turn mostly sees the same few values again. The list returned may be shared: never change it.
        plan = self._pool_plans.get(pool)
        if plan is None:
            members = self.story.pools.get(pool, ())
            if not members:
                return []
            plan = self._pool_plans[pool] = PoolPlan.make(members)
        variables = self.state.variables
        visits = self.state.visits
        # Members in their cooldown are left out; which ones are is part of what the answers are kept by.
        cooling = self._cooling(plan.cooldowns) if plan.cooldowns else _NOTHING_COOLING
        key = None
        if plan.key is not None:
            try:
                key = plan.key.read(variables, visits, self._chosen)
                if cooling:
                    key = (key, cooling)
                found = plan.answers.get(key)
            except (KeyError, TypeError):  # a variable missing, or of a type no variable has (unhashable)
                if not plan.key.calls_functions:
                    raise  # as reading and looking up the values always failed
                key = None  # such a pool was always asked, and failed (or not) as it is asked below
            else:
                if found is not None:
                    return found
        try:
            return plan.ask(self._env, variables, visits, key, cooling)
        except Exception:  # noqa: BLE001 - a failing condition: ask one by one, so it fails exactly as before
            return [m for m in plan.members if self._eligible(m)]

    def _rng(self, purpose: str) -> LazyRandom:
        return LazyRandom(self.state.seed, purpose, len(self.state.turns))

    def odds(self, choice: ChoiceSpec) -> int | None:
        check = choice.check
        if check is None:
            return None
        raw = None if check.chance is None else check.chance.evaluate(self.state.variables, self._env)
        return self._odds(check, raw)

    def _odds(self, check: CheckSpec, chance: Any) -> int:
        """A risky choice's percent chance, from the value of its `chance` (None: from its stat)."""
        if check.chance is None:
            chance = 50 + (self.state.variables[check.stat] - check.difficulty) * 2  # type: ignore[index,operator]
        return int(max(5, min(95, round(chance))))

    def options(self) -> list[Option]:
        """The current choices with their state, unrendered (cheap: used by playtests)."""
        if self._options is not None:
            return self._options
        self._pool_memo = {}
        try:
            self._options = self._compute_options()
        finally:
            self._pool_memo = None
        return self._options

    def _compute_options(self) -> list[Option]:
        scene = self.story.scenes[self.state.scene]
        plan = self._scene_plans.get(scene.id)
        if plan is None or plan.scene is not scene:
            plan = self._scene_plans[scene.id] = ScenePlan.make(scene)
        key = self._options_key(plan)
        if key is not None:
            try:
                known = plan.known.get(key)
            except TypeError:  # a value of a type no variable has (unhashable): no key
                key = known = None
            if known is not None:
                return self._laid_out(plan, known)
        layout = self._work_out_layout(scene, plan)
        if layout is None:
            return self._options_one_by_one(scene)
        if key is not None:
            plan.remember(key, layout)
        return self._laid_out(plan, layout)

    def _laid_out(self, plan: ScenePlan, layout: Sequence[Option | int]) -> list[Option]:
        """The options of a layout (see ScenePlan.known): each shown `offer:` choice's members put in."""
        if not plan.offers:
            return list(layout)  # type: ignore[arg-type]  # no offers: only options
        found: list[Option] = []
        for entry in layout:
            if type(entry) is int:
                choice = plan.scene.choices[entry]
                found.extend(plan.offered_option(entry, m) for m in self._offered(choice, plan.offer_purposes[entry]))
            else:
                found.append(entry)  # type: ignore[arg-type]
        return found

    def _options_key(self, plan: ScenePlan) -> Any:
        """What the scene's options depend on (see ScenePlan.key), or None when that cannot be told: then
        they are worked out as always, and fail, if they do, where they always did."""
        if plan.key is None:
            return None
        try:
            key = plan.key.read(self.state.variables, self.state.visits, self._chosen)
        except (KeyError, TypeError):  # a variable missing, or of a type no variable has (unhashable)
            return None
        if not plan.pools:
            return key
        # How many eligible members each pool has (kept in the memo for the options being worked out).
        # Asked up front, a pool the choices would not have asked may be asked: pools only read the state.
        try:
            return key, *[len(self._members(pool)) for pool in plan.pools]
        except Exception:  # noqa: BLE001 - a pool that fails is asked again, in turn, by the choices
            return None

    def _work_out_layout(self, scene: SceneSpec, plan: ScenePlan) -> list[Option | int] | None:
        """The options, with each shown `offer:` choice as its index (see _laid_out); None when asking the
        questions together failed (then they are asked one by one)."""
        answers = plan.ask(self._env, self.state.variables)
        if answers is None:
            return None
        # Walk the choices in order, as _options_one_by_one does, with the answers already known.
        found: list[Option | int] = []
        choices = scene.choices
        count = len(choices)
        for index, choice in enumerate(choices):
            shown = bool(answers[index])
            if not shown and (choice.locked is None or choice.require is not None):
                continue  # hidden: no reason to show, or `require` carries the locking
            if choice.offer is not None:
                if shown:
                    self._members(choice.offer)  # asked in turn, as ever (a failing pool fails here)
                    found.append(index)
                continue
            reason = None
            enabled = shown
            if not shown:
                reason = self._locked_reason(choice)
            elif choice.require is not None and not answers[count + index]:
                enabled = False
                reason = self._locked_reason(choice)
            elif (
                choice.draw is not None
                and not self._available(choice.draw)
                and choice.draw not in self.story.when_empty  # a pool with a rule for that draws anyway
            ):
                enabled, reason = False, "Nothing is on offer right now"
            odds = None if choice.check is None else self._odds(choice.check, answers[2 * count + index])
            if enabled and reason is None and odds is None:
                found.append(plan.plain[index])
            else:
                found.append(Option(choice.id, choice, None, enabled, reason, odds))
        return found

    def _offered(self, choice: ChoiceSpec, purpose: str) -> list[PoolMembership]:
        """The members an `offer:` choice lists: every eligible one, or `limit` of them picked at random."""
        assert choice.offer is not None
        members = self._members(choice.offer)
        if choice.limit is not None and len(members) > choice.limit:
            rng = self._rng(purpose)
            picked = set(id(m) for m in rng.sample(members, choice.limit))
            members = [m for m in members if id(m) in picked]
        return members

    def _options_one_by_one(self, scene: SceneSpec) -> list[Option]:
        """The choices, asking each question when it comes up: the order a failing one must fail in."""
        found: list[Option] = []
        variables = self.state.variables
        for choice in scene.choices:
            shown = choice.when is None or bool(choice.when.evaluate(variables, self._env))
            if not shown and (choice.locked is None or choice.require is not None):
                continue
            if choice.offer is not None:
                if not shown:
                    continue
                members = self._offered(choice, f"offer:{choice.id}")
                found.extend(Option(f"{choice.id}:{m.scene_id}", choice, m.scene_id, True) for m in members)
                continue
            reason = None
            enabled = shown
            if not shown:
                reason = self._locked_reason(choice)
            elif choice.require is not None and not choice.require.evaluate(variables, self._env):
                enabled = False
                reason = self._locked_reason(choice)
            elif (
                choice.draw is not None
                and not self._available(choice.draw)
                and choice.draw not in self.story.when_empty  # a pool with a rule for that draws anyway
            ):
                enabled, reason = False, "Nothing is on offer right now"
            found.append(Option(choice.id, choice, None, enabled, reason, self.odds(choice)))
        return found

    def _locked_reason(self, choice: ChoiceSpec) -> str | None:
        locked = choice.locked
        if locked is None:
            return None
        return locked.source if locked.render_fn is None else locked.render(self._context())

    def evaluate(self, expression: Expression) -> Any:
        """Evaluate a compiled story expression against the current state (for tools: coverage playtests)."""
        return expression.evaluate(self.state.variables, self._env)

    def _context(self) -> dict[str, Any]:
        context = dict(self.state.variables)
        context.update(visited=self._visited, chose=self._chose, available=self._available, succeeded=self._succeeded)
        context[CURRENCY_KEY] = self.story.presentation.currency  # for the `money` text filter
        return context

    def chapter(self) -> ChapterSpec | None:
        """The current chapter: the current scene's, or (for a scene that names none, a storylet shared by
        every chapter, say) that of the last scene entered that named one."""
        scenes = self.story.scenes
        if not self.story.chapters:
            return None
        chapter_id = scenes[self.state.scene].chapter
        for turn in reversed(self.state.turns):
            if chapter_id is not None:
                break
            for scene_id in (turn.target, turn.scene):
                scene = scenes.get(scene_id)
                if scene is not None and scene.chapter is not None:
                    chapter_id = scene.chapter
                    break
        return self.story.chapters.get(chapter_id) if chapter_id is not None else None

    def texts_ahead(self) -> list[Text]:
        """The text of the scenes the current choices lead to (their gotos, the offered storylets, a risky
        choice's outcomes): what the next view may render. A draw's target is known only once drawn."""
        scenes = self.story.scenes
        texts: list[Text] = []
        targets: list[str] = []
        for option in self.options():
            spec = option.spec
            targets += [option.member] if option.member else [spec.goto] if spec.goto else []
            for outcome in (spec.success, spec.failure):
                if outcome is not None:
                    texts.append(outcome.text)
                    targets += [outcome.goto] if outcome.goto else []
        for target in targets:
            scene = scenes.get(self.story.resolve_scene(target) or "")
            if scene is not None:  # None: `$return`
                texts += [scene.text, scene.title, *(c.text for c in scene.choices)]
                texts += [c.locked for c in scene.choices if c.locked is not None]
        return [text for text in dict.fromkeys(texts) if text.is_template]  # each once, in order

    def prepare_next(self) -> int:
        """Compile :meth:`texts_ahead` now, so the next view does not pay for it (an interface calls this
        while the player reads; :func:`prepare_texts` does the compiling, from any thread)."""
        return prepare_texts(self.texts_ahead())

    def view(self) -> SceneView:
        """The current scene, rendered: title, Markdown text, and every visible choice."""
        scene = self.scene
        context = self._context()
        try:
            choices = []
            for option in self.options():
                spec = option.spec
                if option.member is not None:
                    member = self.story.scenes[option.member]
                    text = (member.teaser or member.title).render(context)
                else:
                    text = spec.text.render(context)
                field_ = spec.input
                costs = choice_costs(spec, self.state.variables, self.story, self._env, self._clock)
                choices.append(
                    ChoiceView(
                        option.id,
                        text,
                        option.enabled,
                        option.reason,
                        option.odds,
                        field_.prompt if field_ else None,
                        field_.default if field_ else "",
                        field_.max_length if field_ else 30,
                        "offer" if option.member else "check" if spec.check else "draw" if spec.draw else "goto",
                        costs,
                        costs_text(costs),
                    )
                )
            chapter = self.chapter()
            year, age = self.state.variables.get("year"), self.state.variables.get("age")
            parts = [f"Chapter {chapter.number}: {chapter.title}"] if chapter else []
            parts += [str(year)] if self.story.dated else []
            parts += [f"age {age}"] if self._age_at_start is not None else []
            return SceneView(
                scene.id,
                scene.title.render(context),
                scene.text.render(context).strip(),
                tuple(choices),
                scene.is_ending,
                scene.ending_id,
                scene.ending_title,
                chapter.title if chapter else None,
                chapter.number if chapter else None,
                year if self.story.dated else None,
                age if self._age_at_start is not None else None,
                " · ".join(parts),
            )
        except Exception as err:  # a template failing at runtime (division by zero, say)
            raise EngineError(f"scene '{scene.id}' ({scene.file}:{scene.line}) could not be shown: {err}") from err

    # -- acting -----------------------------------------------------------------------------------------
    def choose(self, choice_id: str, text: str | None = None, *, describe: bool = True) -> ChoiceResult:
        """Take a choice by id; returns what changed. Raises EngineError for a missing or locked choice.

        With ``describe=False`` the result's ``changes`` stay empty (a playtest that never shows them need
        not build them); the game itself moves on exactly the same way.
        """
        state = self.state
        if self.ended:
            raise EngineError("the playthrough has ended")
        for option in self.options():
            if option.id == choice_id:
                break
        else:
            raise EngineError(f"scene '{state.scene}' has no choice '{choice_id}' right now")
        if not option.enabled:
            raise EngineError(f"the choice '{choice_id}' is locked: {option.reason or 'not available'}")
        spec = option.spec
        result = ChoiceResult()
        changes = result.changes if describe else None
        rng = LazyRandom(state.seed, "choose", len(state.turns))
        typed = None
        # A choice is all or nothing: whatever fails (an effect, an outcome's text, a pool draw, the next
        # scene's entry effects), the game is put back exactly as it was. The state's checkpoint covers the
        # variables, visits, return point and turn log; the generators are seeded by the turn count, so
        # restoring the log restores their position too.
        checkpoint = self._checkpoint = state.checkpoint()
        options, chosen_key = self._options, (state.scene, spec.id)
        newly_chosen = chosen_key not in self._chosen
        try:
            if spec.effects.active:
                variables, specs = state.variables, self.story.variables
                apply_effects(spec.effects, variables, specs, rng, self._env, changes, self._clock)
            if spec.input is not None:
                field_ = spec.input
                typed = clean_player_text(text or "", field_.max_length) or field_.default
                before = state.variables[field_.variable]
                state.variables[field_.variable] = typed
                if before != typed:
                    label = self.story.variables[field_.variable].label
                    if changes is not None:
                        changes.append(Change(field_.variable, label, before, typed))
            target = self._target(option, spec, rng, result, changes)
            state.turns.append(Turn(state.scene, choice_id, target, state.variables["week"], typed, result.outcome))
            self._chosen.add(chosen_key)
            result.target = target
            self._enter(target, changes, rng)
        except BaseException as err:
            self._checkpoint = None
            state.restore(checkpoint)
            self._options = options
            if newly_chosen:
                self._chosen.discard(chosen_key)
            if isinstance(err, EngineError) or not isinstance(err, Exception):
                raise
            raise EngineError(f"choice '{choice_id}' in scene '{state.scene}' could not be made: {err}") from err
        self._checkpoint = None
        if changes is not None:
            result.changes = merge_changes(changes)
        return result

    def _draw(self, pool: str, rng: LazyRandom, result: ChoiceResult, return_to: str | None = None) -> str:
        members = self.eligible_members(pool)
        if not members:
            fallback = self.story.when_empty.get(pool)
            if fallback is None:
                result.starved_pool = pool
                raise EngineError(f"the pool '{pool}' has nothing eligible right now")
            self.state.return_to = return_to or self.state.scene
            return self.state.return_to if fallback == RETURN else fallback
        self.state.return_to = return_to or self.state.scene
        if members[0].score is not None:
            return self._best(members, rng).scene_id
        picked = rng.choices(members, weights=[m.weight for m in members])[0]
        return picked.scene_id

    def _best(self, members: Sequence[PoolMembership], rng: LazyRandom) -> PoolMembership:
        """A scored pool's pick: the highest score; among equals the highest weight; then by the seed."""
        variables, env = self.state.variables, self._env
        scored = [(m.score.evaluate(variables, env) if m.score else 0, m.weight, m) for m in members]
        top = max((score, weight) for score, weight, _m in scored)
        tied = [m for score, weight, m in scored if (score, weight) == top]
        return tied[0] if len(tied) == 1 else rng.choices(tied)[0]

    def _goto(self, target: str) -> str:
        if target == RETURN:
            if self.state.return_to is None:
                raise EngineError(f"scene '{self.state.scene}' returns, but nothing was drawn to return to")
            return self.state.return_to
        return target

    def _target(
        self, option: Option, spec: ChoiceSpec, rng: LazyRandom, result: ChoiceResult, changes: list[Change] | None
    ) -> str:
        if option.member is not None:
            self.state.return_to = spec.return_to or self.state.scene
            return option.member
        if spec.draw is not None:
            return self._draw(spec.draw, rng, result, spec.return_to)
        if spec.check is not None:
            success = rng.random() * 100 < (option.odds or 0)
            outcome: OutcomeSpec | None = spec.success if success else spec.failure
            result.outcome = "success" if success else "failure"
            assert outcome is not None
            apply_effects(
                outcome.effects, self.state.variables, self.story.variables, rng, self._env, changes, self._clock
            )
            text = outcome.text
            # A plain text needs no context (building one copies every variable).
            result.outcome_text = (text.source if text.render_fn is None else text.render(self._context())).strip()
            if outcome.draw is not None:
                return self._draw(outcome.draw, rng, result)
            return self._goto(outcome.goto or "")
        return self._goto(spec.goto or "")

    def _enter(self, scene_id: str, changes: list[Change] | None, rng: RandomSource) -> None:
        scene = self.story.scenes.get(scene_id)
        if scene is None:
            raise EngineError(f"the story has no scene '{scene_id}'")
        state = self.state
        state.enter(scene_id, self._checkpoint)
        self._options = None
        if self.story.visit_names:
            self._sync_visits()
        if self._clock is not None:  # `week` may have been set by hand (a debug start's --set week=...)
            self._clock(state.variables)
        if scene.effects.active:
            try:
                apply_effects(
                    scene.effects, state.variables, self.story.variables, rng, self._env, changes, self._clock
                )
            except EffectError as err:
                raise EngineError(f"entering scene '{scene_id}': {err}") from err

    def undo(self, steps: int = 1) -> None:
        """Step back ``steps`` choices, exactly, by replaying the turn log without its last entries."""
        if steps < 1 or steps > len(self.state.turns):
            raise EngineError(f"cannot undo {steps} choice(s): {len(self.state.turns)} made so far")
        from game.engine.replay import replay_strict

        kept = self.state.turns[: len(self.state.turns) - steps]
        replayed = replay_strict(Game.start(self.story, self.state.origin, self.state.seed, self.state.name), kept)
        self.state = replayed.state
        self._chosen = replayed._chosen
        self._env = _functions(self)
        self._options = None
