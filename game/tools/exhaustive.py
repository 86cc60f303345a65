"""`steppe playtest --exhaustive`: try every choice of every reachable scene at least once.

Random runs find what is likely; this finds what is possible. It keeps, for every scene it has seen, the
shortest choice paths known to reach it (origin, seed, choices), and for every (scene, choice) pair seen
but not yet taken it replays a known path to that scene, takes the choice, and plays on (preferring
untaken choices) to an ending. The seed decides what a draw picks, which members a `limit`ed offer shows
and how a risky choice turns out, so a pool member that was eligible but never picked, and a check outcome
never seen, are retried from that state with other seeds. Along the way it records what the report needs:
each ending's share of runs and the shortest path found to it, pool draws that found nothing eligible,
the range every number took, and every condition that was evaluated but never true.

Last it climbs (phase three, :meth:`_Explorer._steer`): for each condition never true and each pool
member never drawn, it keeps the state that came nearest (by :class:`game.tools.steering.Distance`) and
replays it with its last choices played as a :class:`_Climber` picks, so a choice shown only to an exhausted
musician, or a festival that needs fame in a foreign city in summer, is reached too. Saves given as
``starts`` (``--from-saves``) are explored as well: the only way to the choices a story keeps for games
saved by an earlier edition.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.engine.game import EngineError, Game
from game.engine.playtest import MAX_TURNS
from game.engine.state import GameState
from game.story.compiled import SceneSpec, Story
from game.story.expressions import Expression
from game.tools.sources import Site, condition_sites
from game.tools.steering import Distance

PATHS_PER_SCENE = 4  # known paths kept per scene: a choice locked on one path may be open on another
# After every choice seen has been tried, runs guided toward scenes still unvisited go on until those are
# reached, the budget (max_runs) is spent, or this many runs in a row found nothing new.
PATIENCE = 100
RESEED_TRIES = 24  # other seeds tried to make a draw or a limited offer turn up a member it never picked
# Phase three climbs toward each condition never yet true: this many runs per condition and round, each
# replaying the closest state found so far but cut short and played on differently.
STEER_TRIES = 100
STEER_ROUND_RUNS = 1000  # ...or more, when few are left: a round's runs are shared among the conditions left
STALE_RUNS = 150  # ...but a condition this many runs in a row brought no nearer is left for the round
GREED = (0.5, 0.8, 0.95)  # how often a climbing run picks the choice that brings the condition nearest
STEER_ROUNDS = 4  # rounds of the three phases at most
GIVE_UP = 1  # rounds in a row that bring a condition no nearer before it is given up
CUTS = (2, 4, 8, 16, 32, 64)  # how many of the last choices a steering run replays differently
FAR_BACK = 0.25  # ...or, this often, from a point anywhere on the route
Steps = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class Route:
    """A way to reach a state: replaying these choices from this origin and seed (or from a save).

    ``reseeds`` are (after this many choices, switch to this seed): the search changes the seed mid-game to
    make a draw or a risky choice go another way without disturbing the choices before it. A route with
    reseeds cannot be saved as a transcript (a transcript has one seed), so endings prefer routes without.
    ``save`` names a save the route starts from instead of the origin's start: the choices a
    story keeps only for games saved by an earlier edition are reached that way (``--from-saves``).
    """

    origin: str
    seed: int
    steps: Steps
    reseeds: tuple[tuple[int, int], ...] = ()
    save: str = ""

    def to(self, steps: list[tuple[str, str | None]]) -> Route:
        return Route(self.origin, self.seed, tuple(steps), self.reseeds, self.save)

    def reseeded(self, seed: int) -> Route:
        return Route(self.origin, self.seed, self.steps, (*self.reseeds, (len(self.steps), seed)), self.save)

    def cut(self, keep: int) -> Route:
        """The first ``keep`` choices of this route (and the seed switches made by then)."""
        return Route(
            self.origin, self.seed, self.steps[:keep], tuple(r for r in self.reseeds if r[0] <= keep), self.save
        )

    def rank(self) -> tuple[bool, bool, int]:
        return bool(self.save), bool(self.reseeds), len(self.steps)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "origin": self.origin,
            "seed": self.seed,
            "choices": [c for c, _ in self.steps],
            "inputs": {str(i): t for i, (_, t) in enumerate(self.steps) if t is not None},
        }
        if self.reseeds:
            data["reseeds"] = [list(r) for r in self.reseeds]
        if self.save:
            data["save"] = self.save
        return data


@dataclass(slots=True)
class Condition:
    kind: str  # choice | pool
    scene: str
    subject: str  # the choice id, or the pool name
    expression: Expression
    site: Site | None
    key: str = "when"  # when | require
    evaluated: int = 0
    true: int = 0
    ranges: dict[str, list[float]] = field(default_factory=dict)  # its numbers' values when it was evaluated
    # How close it came to true (its branch distance) and a route to that state, while it has never been
    # true; for a pool member, while its scene is unvisited, and counting 1 more where no choice shown
    # drew from its pool (true there is no use: nothing could draw it).
    nearest: float = float("inf")
    nearest_route: Route | None = None
    distance: Distance | None = None


@dataclass(slots=True)
class Issue:
    kind: str  # dead_end | error | loop
    scene: str
    message: str
    route: Route

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "scene": self.scene, "message": self.message, **self.route.to_json()}


@dataclass(slots=True)
class ExhaustiveReport:
    seed: int
    random_runs: int
    scenes: set[str]
    choices: set[tuple[str, str]]
    runs: int = 0
    coverage_runs: int = 0
    visited: Counter[str] = field(default_factory=Counter)
    taken: Counter[tuple[str, str]] = field(default_factory=Counter)
    shown_locked: set[tuple[str, str]] = field(default_factory=set)
    endings: Counter[str] = field(default_factory=Counter)
    ending_titles: dict[str, str] = field(default_factory=dict)
    ending_routes: dict[str, Route] = field(default_factory=dict)
    starved: Counter[str] = field(default_factory=Counter)
    starved_at: dict[str, set[str]] = field(default_factory=dict)
    ranges: dict[str, list[float]] = field(default_factory=dict)
    conditions: list[Condition] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    reachable: set[str] = field(default_factory=set)  # what the story's links reach from the origins
    max_runs: int = 0
    stopped: str = ""  # why the search stopped: covered | budget | patience | done

    @property
    def stop_reason(self) -> str:
        return {
            "covered": "every reachable scene was visited and every choice seen open was taken",
            "budget": f"the budget of {self.max_runs} coverage runs (--max-runs) was spent",
            "patience": f"{PATIENCE} runs in a row found no new scene or choice",
        }.get(self.stopped, "every choice seen was tried")

    def why_not_visited(self, scene: str) -> str:
        if scene not in self.reachable:
            return "unreachable: no goto, draw or offer leads to it from any origin"
        return f"not reached in {self.runs} runs ({self.stop_reason})"

    @property
    def never_visited(self) -> list[str]:
        return sorted(self.scenes - set(self.visited))

    @property
    def never_taken(self) -> list[tuple[str, str]]:
        return sorted(self.choices - set(self.taken))

    @property
    def never_true(self) -> list[Condition]:
        return [c for c in self.conditions if c.evaluated and not c.true]

    @property
    def failed(self) -> bool:
        return bool(self.issues)

    def why_not_taken(self, scene: str, choice: str) -> str:
        if scene not in self.visited:
            return "its scene was never visited"
        if (scene, choice) in self.shown_locked:
            return "only ever shown locked"
        return "never shown: its condition was never true, or its pool had nothing to offer"

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": "exhaustive",
            "seed": self.seed,
            "runs": self.runs,
            "random_runs": self.random_runs,
            "coverage_runs": self.coverage_runs,
            "scenes": len(self.scenes),
            "scenes_visited": len(self.visited),
            "never_visited_scenes": self.never_visited,
            "never_visited_why": {scene: self.why_not_visited(scene) for scene in self.never_visited},
            "stopped": {"reason": self.stopped or "done", "text": self.stop_reason, "max_runs": self.max_runs},
            "scene_visits": {scene: self.visited.get(scene, 0) for scene in sorted(self.scenes)},
            "choice_counts": {f"{s}.{c}": self.taken.get((s, c), 0) for s, c in sorted(self.choices)},
            "choices": len(self.choices),
            "choices_taken": len(set(self.taken)),
            "never_taken_choices": [
                {"choice": f"{s}.{c}", "why": self.why_not_taken(s, c)} for s, c in self.never_taken
            ],
            "endings": {
                ending: {
                    "title": title,
                    "count": self.endings.get(ending, 0),
                    "share": self.endings.get(ending, 0) / self.runs if self.runs else 0.0,
                    "shortest": self.ending_routes[ending].to_json() if ending in self.ending_routes else None,
                }
                for ending, title in sorted(self.ending_titles.items())
            },
            "starved_pools": {
                pool: {"count": count, "scenes": sorted(self.starved_at.get(pool, ()))}
                for pool, count in self.starved.most_common()
            },
            "never_true_conditions": [
                {
                    "file": c.site.file if c.site else None,
                    "line": c.site.line if c.site else None,
                    "where": f"{c.kind} {c.scene}.{c.subject} {c.key}"
                    if c.kind == "choice"
                    else f"pool {c.subject} (member {c.scene})",
                    "condition": c.expression.source,
                    "evaluated": c.evaluated,
                    "ranges": dict(sorted(c.ranges.items())),
                }
                for c in self.never_true
            ],
            "variable_ranges": {name: span for name, span in sorted(self.ranges.items())},
            "problems": [i.to_json() for i in self.issues],
        }


class _Explorer:
    def __init__(
        self,
        story: Story,
        seed: int,
        random_runs: int,
        max_runs: int,
        progress: Callable[[int, int, int], None] | None,
        starts: dict[str, GameState] | None = None,
    ) -> None:
        self.story = story
        self.starts = starts or {}  # save name -> the state it holds (already checked and migrated)
        self.seed = seed
        self.max_runs = max_runs
        self.progress = progress
        self.report = ExhaustiveReport(
            seed, random_runs, set(story.scenes), {(s.id, c.id) for s in story.scenes.values() for c in s.choices}
        )
        self.report.ending_titles = {e: s.ending_title or e for e, s in story.endings.items()}
        self.report.max_runs = max_runs
        self.links = _links(story)
        self.report.reachable = _reach({o.start for o in story.origins.values()}, self.links)
        self.guide: dict[str, int] = {}  # scene -> links to the nearest scene still unvisited (phase two)
        self.routes: dict[str, list[Route]] = {}
        self.seen_options: dict[tuple[str, str], None] = {}  # insertion-ordered worklist
        self.tried: set[tuple[str, str]] = set()
        self.eligible_at: dict[str, tuple[Route, str]] = {}  # unvisited pool member -> (route, choice to take)
        self.enabled_at: dict[tuple[str, str], Route] = {}  # (scene, option) -> a route where it was enabled
        self._guides: dict[str, dict[str, int]] = {}  # scene -> links from each scene to it (phase three)
        self.fixed = _fixed_names(story)  # values no choice can change within a game (phase three skips them)
        self.outcomes: dict[tuple[str, str], tuple[Route, set[str]]] = {}  # risky choice -> (route, outcomes)
        self.numeric = [n for n, v in story.variables.items() if v.type in ("number", "counter")] + ["week"]
        sites = condition_sites(story)
        self.scene_conditions: dict[str, list[Condition]] = {}
        self.pool_conditions: dict[str, list[Condition]] = {}
        for scene in story.scenes.values():
            for choice in scene.choices:
                for key in ("when", "require"):
                    expression = getattr(choice, key, None)
                    if expression is None:
                        continue
                    condition = Condition(
                        "choice", scene.id, choice.id, expression, sites.get(("choice", scene.id, choice.id, key)), key
                    )
                    self.scene_conditions.setdefault(scene.id, []).append(condition)
                    self.report.conditions.append(condition)
        for pool, members in story.pools.items():
            for member in members:
                if member.when is not None:
                    condition = Condition(
                        "pool", member.scene_id, pool, member.when, sites.get(("pool", member.scene_id, pool, "when"))
                    )
                    self.pool_conditions.setdefault(pool, []).append(condition)
                    self.report.conditions.append(condition)
        # Sorted: the order conditions are evaluated in decides which of two equally near states is kept.
        self.scene_pools = {s.id: sorted(_pools_used(s)) for s in story.scenes.values()}
        # (scene, pool) -> the `when` of each choice there that draws from or offers the pool (None: always)
        self.pool_gates: dict[tuple[str, str], list[Expression | None]] = {}
        for scene in story.scenes.values():
            for choice in scene.choices:
                for pool in _pools_used_by(choice):
                    self.pool_gates.setdefault((scene.id, pool), []).append(choice.when)

    # -- observing a state ---------------------------------------------------------------------------
    def _learn_route(self, scene: str, route: Route) -> None:
        known = self.routes.setdefault(scene, [])
        if route in known or (len(known) >= PATHS_PER_SCENE and route.rank() >= known[-1].rank()):
            return
        known.append(route)
        known.sort(key=Route.rank)
        del known[PATHS_PER_SCENE:]

    def _evaluate(self, game: Game, conditions: list[Condition], route: Route, drawn: bool = True) -> None:
        """Count each condition's evaluation here; ``drawn``: some choice shown here draws from its pool."""
        variables = game.state.variables
        visited = self.report.visited
        for condition in conditions:
            condition.evaluated += 1
            for name in condition.expression.names:
                value = variables.get(name)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    span = condition.ranges.setdefault(name, [value, value])
                    span[0], span[1] = min(span[0], value), max(span[1], value)
            try:
                holds = bool(game.evaluate(condition.expression))
            except Exception:  # noqa: BLE001, S112 - runtime errors in conditions are the engine's to report
                continue
            condition.true += holds
            member = condition.kind == "pool"
            if (member and condition.scene in visited) or (not member and condition.true):
                continue  # nothing left to climb toward (phase three)
            if condition.distance is None:
                condition.distance = Distance(condition.expression)
            near = (0.0 if holds else condition.distance(game.evaluate)) + (0.0 if drawn else 1.0)
            if near < condition.nearest:
                condition.nearest, condition.nearest_route = near, route

    def _observe(self, game: Game, route: Route) -> None:
        report = self.report
        scene = game.scene
        report.visited[scene.id] += 1
        self._learn_route(scene.id, route)
        variables = game.state.variables
        for name in self.numeric:
            value = variables.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                span = report.ranges.get(name)
                if span is None:
                    report.ranges[name] = [value, value]
                else:
                    span[0] = min(span[0], value)
                    span[1] = max(span[1], value)
        self._evaluate(game, self.scene_conditions.get(scene.id, []), route)
        for named in self.scene_pools[scene.id]:
            drawn = any(_safe_true(game, when) for when in self.pool_gates[(scene.id, named)])
            self._evaluate(game, self.pool_conditions.get(named, []), route, drawn)
        if game.ended:
            return
        options = game.options()
        for choice in scene.choices:
            # Remember one state where each unvisited pool member could have been drawn or offered here:
            # if the seed never picks it, that state is replayed with other seeds.
            pool = choice.draw or choice.offer
            if pool is None or not _safe_true(game, choice.when):
                continue
            for member in game.eligible_members(pool):
                if member.scene_id not in report.visited and member.scene_id not in self.eligible_at:
                    take = choice.id if choice.draw else f"{choice.id}:{member.scene_id}"
                    self.eligible_at[member.scene_id] = (route, take)
        for choice in scene.choices:
            # A draw or offer that would be shown but whose pool has nothing eligible: storylet starvation.
            # (A drawing choice is then dimmed, an offering one vanishes; neither is a locked `require`.)
            # A draw from a pool with a `when_empty:` rule goes somewhere: that is the writer's plan, not starvation.
            pool = choice.draw or choice.offer
            if choice.draw is not None and choice.draw in game.story.when_empty:
                continue
            if pool is not None and _safe_true(game, choice.when) and not game.eligible_members(pool):
                self._starve(pool, scene.id)
        for option in options:
            key = (scene.id, option.id)
            if option.enabled:
                self.seen_options.setdefault(key, None)
                self.enabled_at.setdefault(key, route)
            else:
                report.shown_locked.add((scene.id, option.spec.id))

    def _outcome(self, scene: str, choice: str, outcome: str | None, route: Route) -> None:
        """Note a risky choice's outcome, and a state to retry it from if the other one never shows."""
        if outcome is not None:
            self.outcomes.setdefault((scene, choice), (route, set()))[1].add(outcome)

    def _starve(self, pool: str | None, scene: str) -> None:
        if pool is None:
            return
        self.report.starved[pool] += 1
        self.report.starved_at.setdefault(pool, set()).add(scene)

    # -- one run ---------------------------------------------------------------------------------------
    def _new_game(self, route: Route) -> Game:
        if route.save:
            return Game(self.story, self.starts[route.save].copy())
        return Game.start(self.story, route.origin, route.seed)

    def run(
        self,
        route: Route,
        take: str | None,
        chooser: random.Random,
        picker: Callable[[Game, list[str]], str] | None = None,
    ) -> str:
        """Replay ``route``, take ``take`` (if given), then play on to an ending, preferring choices not yet
        tried (or as ``picker`` picks: phase three's climb).

        Returns "ended", "problem", or "unavailable" when the route no longer leads to ``take`` (then the
        attempt is not counted as a run).
        """
        report = self.report
        steps: list[tuple[str, str | None]] = []
        try:
            game = self._new_game(route)
            switches = dict(route.reseeds)
            self._observe(game, route.to([]))
            for choice_id, typed in route.steps:
                if len(steps) in switches:
                    _reseed_game(game, switches[len(steps)])
                game.choose(choice_id, typed)
                steps.append((choice_id, typed))
                self._observe(game, route.to(steps))
            if len(steps) in switches:
                _reseed_game(game, switches[len(steps)])
            if take is not None and take not in {o.id for o in game.options() if o.enabled}:
                return "unavailable"
        except EngineError:
            return "unavailable"
        report.runs += 1
        before_start = len(self.starts[route.save].turns) if route.save else 0  # a save's own past is not ours
        for here, choice_id in zip(_scenes_along(game)[before_start:], (c for c, _ in steps), strict=False):
            report.taken[(here, choice_id.split(":", 1)[0])] += 1
        queue = [(take, None)] if take is not None else []
        try:
            while True:
                if game.ended:
                    ending = game.scene.ending_id or game.state.scene
                    report.endings[ending] += 1
                    known = report.ending_routes.get(ending)
                    # A route from a save is no path for a new player (nor a transcript): endings want origins.
                    if not route.save and (known is None or route.to(steps).rank() < known.rank()):
                        report.ending_routes[ending] = route.to(steps)
                    return "ended"
                if len(steps) >= MAX_TURNS:
                    self._issue("loop", game, f"no ending after {MAX_TURNS} choices", route.to(steps))
                    return "problem"
                if queue:
                    choice_id, typed = queue.pop(0)
                else:
                    enabled = [o.id for o in game.options() if o.enabled]
                    if not enabled:
                        self._issue(
                            "dead_end", game, "no choice can be taken here, and it is not an ending", route.to(steps)
                        )
                        return "problem"
                    if picker is not None:
                        choice_id, typed = picker(game, enabled), None
                    else:
                        fresh = [o for o in enabled if (game.state.scene, o) not in self.tried]
                        choice_id, typed = self._pick(game.state.scene, fresh or enabled, chooser), None
                here = game.state.scene
                spec_id = choice_id.split(":", 1)[0]
                before = route.to(steps)
                result = game.choose(choice_id, typed)
                self._outcome(here, choice_id, result.outcome, before)
                self.tried.add((here, choice_id))
                report.taken[(here, spec_id)] += 1
                if result.starved_pool:
                    self._starve(result.starved_pool, here)
                steps.append((choice_id, typed))
                self._observe(game, route.to(steps))
        except EngineError as err:
            self._issue("error", game, str(err), route.to(steps))
            return "problem"

    def _issue(self, kind: str, game: Game | None, message: str, route: Route) -> None:
        scene = game.state.scene if game is not None else ""
        if any(i.kind == kind and i.scene == scene and i.message == message for i in self.report.issues):
            return  # the same problem found again on another path: once is enough
        self.report.issues.append(Issue(kind, scene, message, route))

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress(self.report.runs, len(self.tried & set(self.seen_options)), len(self.seen_options))

    # -- the whole search ------------------------------------------------------------------------------
    def _spent(self) -> int:
        """Runs made after the random ones (what --max-runs caps)."""
        return self.report.runs - self.report.random_runs

    def explore(self) -> ExhaustiveReport:
        origins = sorted(self.story.origins)
        for index in range(self.report.random_runs):
            origin = origins[index % len(origins)]
            # Pure random runs (no preference for untaken choices): what a player is likely to see.
            self._random_run(origin, self.seed * 1_000_003 + index, random.Random(f"exhaustive/{self.seed}/{index}"))
            self._tick()
        for origin in origins:
            if origin not in [r.origin for routes in self.routes.values() for r in routes]:
                self.run(Route(origin, self.seed, ()), None, random.Random(f"cover/{self.seed}/{origin}"))
        for name, state in sorted(self.starts.items()):  # each save given, played on once from where it stands
            self.run(Route(state.origin, state.seed, (), save=name), None, random.Random(f"cover/{self.seed}/{name}"))
        chooser = random.Random(f"cover/{self.seed}")
        redrawn: set[str] = set()
        rechecked: set[tuple[str, str]] = set()
        given_up: Counter[int] = Counter()  # id(condition) -> rounds in a row that climbed no nearer
        for round_no in range(STEER_ROUNDS):
            self._cover(chooser, redrawn, rechecked)
            self._persist()
            if self._spent() >= self.max_runs or not self._steer(round_no, given_up):
                break
        self._cover(chooser, redrawn, rechecked)  # what the last climb made true
        report = self.report
        report.coverage_runs = self._spent()
        if not (report.reachable - set(report.visited)) and set(self.seen_options) <= self.tried:
            report.stopped = "covered"
        elif self._spent() >= self.max_runs:
            report.stopped = "budget"
        return report

    def _cover(self, chooser: random.Random, redrawn: set[str], rechecked: set[tuple[str, str]]) -> None:
        """Phase one: take every choice seen enabled but not yet taken, from a state where it was enabled;
        retry with other seeds the pool members never picked and the risky choices that always went one way."""
        while self._spent() < self.max_runs:
            progressed = False
            for scene, option in [key for key in self.seen_options if key not in self.tried]:
                if self._spent() >= self.max_runs:
                    break
                if (scene, option) in self.tried:
                    continue
                self.tried.add((scene, option))  # tried now, whether or not a route still offers it
                first = self.enabled_at.get((scene, option))
                for route in ([first] if first else []) + list(self.routes.get(scene, [])):
                    if self.run(route, option, chooser) != "unavailable":
                        progressed = True
                        break
                self._tick()
            for member in [m for m in self.eligible_at if m not in redrawn and m not in self.report.visited]:
                redrawn.add(member)
                progressed = self._cover_member(member) or progressed
            for key in [k for k, (_, seen) in self.outcomes.items() if len(seen) < 2 and k not in rechecked]:
                rechecked.add(key)
                progressed = self._cover_outcome(*key) or progressed
            if not progressed:
                return

    def _steer(self, round_no: int, stale: Counter[int]) -> bool:
        """Phase three: climb toward every condition never yet true (a choice's `when` or `require`, a pool
        member's `when`), and toward every pool member whose condition was true but that was never drawn
        (true only where no choice drew from its pool, say). Each run replays the nearest state found so
        far (by :class:`Distance`; for a member, the first state its condition held in), cut a few choices
        short, with another seed, and plays on choosing as a :class:`_Climber` does; the nearest state is
        replaced whenever a run comes nearer. A target that ``GIVE_UP`` rounds in a row brought no nearer
        is given up (``origin != "beq"`` in a scene only Beq reaches never comes nearer). Returns whether
        any target is still being climbed."""
        chooser = random.Random(f"steer/{self.seed}/{round_no}")
        visited = self.report.visited
        climbing = False
        targets = [
            c
            for c in self.report.conditions
            if stale[id(c)] < GIVE_UP
            and c.nearest_route is not None
            and not (c.expression.names <= self.fixed and not c.expression.calls)  # e.g. `origin != "beq"`
            and (c.scene not in visited if c.kind == "pool" else not c.true)
        ]
        tries = max(STEER_TRIES, STEER_ROUND_RUNS // max(1, len(targets)))
        for condition in sorted(targets, key=lambda c: (c.nearest, c.scene, c.subject, c.key)):

            def done(condition: Condition = condition) -> bool:
                return condition.scene in visited if condition.kind == "pool" else bool(condition.true)

            start = condition.nearest
            guide = self._guides.get(condition.scene)
            if guide is None:
                guide = self._guides[condition.scene] = _distances({condition.scene}, self.links)
            if condition.distance is None:
                condition.distance = Distance(condition.expression)
            since = 0  # runs since the condition last came nearer
            for _ in range(tries):
                if done() or since >= STALE_RUNS or self._spent() >= self.max_runs:
                    break
                was = condition.nearest
                # The nearest state, or now and then another known way into the scene: when every state
                # is as near as the next (a flag, a city), a different past is what makes a difference.
                others = self.routes.get(condition.scene, []) if chooser.random() < 0.3 else []
                base = chooser.choice(others) if others else condition.nearest_route
                assert base is not None  # filtered above; mypy cannot see that it stays set
                # Mostly the last few choices played differently; now and then from anywhere on the way, so
                # a choice made long before (an instrument, a city) can be made differently too.
                far_back = chooser.random() < FAR_BACK
                keep = (
                    chooser.randint(0, len(base.steps)) if far_back else max(0, len(base.steps) - chooser.choice(CUTS))
                )
                picker = _Climber(condition, guide, chooser, greed=chooser.choice(GREED))
                self.run(base.cut(keep).reseeded(chooser.randrange(1, 1 << 30)), None, chooser, picker)
                since = 0 if condition.nearest < was else since + 1
                self._tick()
            if done():
                stale[id(condition)] = GIVE_UP  # reached: nothing more to climb
            elif condition.nearest >= start:
                stale[id(condition)] += 1
            else:
                stale[id(condition)] = 0
                climbing = True
            climbing = climbing or stale[id(condition)] < GIVE_UP
        return climbing

    def _pick(self, scene: str, options: list[str], chooser: random.Random) -> str:
        """A free choice: random, or (guided, in phase two) mostly the one leading nearest an unvisited scene."""
        if not self.guide or chooser.random() < 0.25:
            return chooser.choice(options)
        far = len(self.guide) + 1

        def distance(option: str) -> int:
            choice, _, member = option.partition(":")  # an offered member is "choice:member"
            targets = {member} if member else self.links.get((scene, choice), set())
            return min((self.guide.get(t, far) for t in targets), default=far)

        distances = {o: distance(o) for o in options}
        best = min(distances.values())
        return chooser.choice([o for o in options if distances[o] == best])

    def _persist(self) -> None:
        """Phase two: runs guided toward the scenes still unvisited that the story's links do reach."""
        report = self.report
        chooser = random.Random(f"persist/{self.seed}")
        idle = 0
        attempt = 0
        while True:
            missing = report.reachable - set(report.visited)
            if not missing:
                report.stopped = "covered"
                return
            if self._spent() >= self.max_runs:
                report.stopped = "budget"
                return
            if idle >= PATIENCE:
                report.stopped = "patience"
                return
            self.guide = _distances(missing, self.links)
            near = sorted((self.guide[s], s) for s in report.visited if s in self.guide and self.routes.get(s))
            if not near:
                report.stopped = "patience"
                return
            attempt += 1
            if attempt % 2:  # from a known state near the missing scenes, with another seed...
                _, scene = near[attempt % min(len(near), 5)]
                routes = self.routes[scene]
                picked = routes[attempt % len(routes)]
                route = picked.reseeded(picked.seed + attempt * 104_729)
            else:  # ...or a whole new life, each origin in turn (some scenes are one origin's alone)
                origins = sorted(self.story.origins)
                route = Route(origins[(attempt // 2) % len(origins)], self.seed * 7_919 + attempt, ())
            before = (len(report.visited), len(report.taken))
            self.run(route, None, chooser)
            idle = 0 if (len(report.visited), len(report.taken)) != before else idle + 1
            self._tick()

    def _random_run(self, origin: str, seed: int, chooser: random.Random) -> None:
        report = self.report
        report.runs += 1
        game = Game.start(self.story, origin, seed)
        steps: list[tuple[str, str | None]] = []
        try:
            while True:
                self._observe(game, Route(origin, seed, tuple(steps)))
                if game.ended:
                    ending = game.scene.ending_id or game.state.scene
                    report.endings[ending] += 1
                    known = report.ending_routes.get(ending)
                    if known is None or Route(origin, seed, tuple(steps)).rank() < known.rank():
                        report.ending_routes[ending] = Route(origin, seed, tuple(steps))
                    return
                if len(steps) >= MAX_TURNS:
                    self._issue("loop", game, f"no ending after {MAX_TURNS} choices", Route(origin, seed, tuple(steps)))
                    return
                enabled = [o.id for o in game.options() if o.enabled]
                if not enabled:
                    self._issue(
                        "dead_end",
                        game,
                        "no choice can be taken here, and it is not an ending",
                        Route(origin, seed, tuple(steps)),
                    )
                    return
                choice_id = chooser.choice(enabled)
                here = game.state.scene
                before = Route(origin, seed, tuple(steps))
                result = game.choose(choice_id, None)
                self._outcome(here, choice_id, result.outcome, before)
                self.tried.add((here, choice_id))
                report.taken[(here, choice_id.split(":", 1)[0])] += 1
                if result.starved_pool:
                    self._starve(result.starved_pool, here)
                steps.append((choice_id, None))
        except EngineError as err:
            self._issue("error", game, str(err), Route(origin, seed, tuple(steps)))

    def _cover_outcome(self, scene: str, choice: str) -> bool:
        """A risky choice always went one way: retry it from the same state with other seeds."""
        route, seen = self.outcomes[(scene, choice)]
        return self._reseed(route, choice, f"recheck/{self.seed}/{scene}/{choice}", lambda: len(seen) > 1)

    def _cover_member(self, member: str) -> bool:
        """A pool member was eligible but the seed never picked it: replay that state with other seeds.

        A draw picks by the seed, and an offer with `limit` shows a seeded sample; other seeds pick others.
        Returns whether any run was made.
        """
        route, take = self.eligible_at[member]
        return self._reseed(route, take, f"reseed/{self.seed}/{member}", lambda: member in self.report.visited)

    def _reseed(self, route: Route, take: str, label: str, done: Callable[[], bool]) -> bool:
        """Replay ``route`` with other seeds, then take ``take``, until ``done()`` or the tries run out.
        Returns whether any run was made."""
        ran = False
        for attempt in range(1, RESEED_TRIES + 1):
            if done() or self._spent() >= self.max_runs:
                break
            status = self.run(route.reseeded(route.seed + attempt * 7919), take, random.Random(f"{label}/{attempt}"))
            if status != "unavailable":
                ran = True
            self._tick()
        return ran


class _Climber:
    """Phase three's way of choosing: with probability ``greed``, the choice whose outcome brings the
    condition nearest to true, then the one leading where this run has been least often at this point in
    time (so backing in and out of a menu that costs nothing is not "nearest" for ever), then the one nearest
    (by the story's links) to the scene that asks it; otherwise at random. Each enabled choice is tried on a
    copy of the game.

    A condition is an expression over the story's values, so it can be measured in any state, not only at
    the scene that asks it: a run that keeps it near true on the way is likely to reach that scene with it
    true (arriving tired at the storylet whose `when: energy < 15` offers a last push, say).
    """

    def __init__(self, condition: Condition, guide: dict[str, int], chooser: random.Random, greed: float) -> None:
        assert condition.distance is not None  # set on its first false evaluation
        self.distance = condition.distance
        self.guide = guide
        self.chooser = chooser
        self.greed = greed
        self.been: Counter[tuple[str, Any]] = Counter()  # (scene, week) this run went to, and how often

    def __call__(self, game: Game, enabled: list[str]) -> str:
        if len(enabled) == 1 or self.chooser.random() >= self.greed:
            return self.chooser.choice(enabled)
        far = len(self.guide) + 1
        scored: list[tuple[tuple[float, int, int], str, tuple[str, Any]]] = []
        for option in enabled:
            trial = Game(game.story, game.state.copy())
            try:
                trial.choose(option, None, describe=False)
            except EngineError:
                continue
            where = (trial.state.scene, trial.state.variables.get("week"))
            score = (self._nearness(trial, game), self.been[where], self.guide.get(trial.state.scene, far))
            scored.append((score, option, where))
        if not scored:
            return self.chooser.choice(enabled)
        best = min(score for score, _, _ in scored)
        _, option, where = self.chooser.choice([item for item in scored if item[0] == best])
        self.been[where] += 1
        return option

    def _nearness(self, trial: Game, before: Game) -> float:
        """The condition's distance after a choice; after one that took no time (into a menu, a plan, a
        move's storylet), the nearest of the choices there too, so a move to another city that is one menu
        deep still looks nearer than staying."""
        near = self.distance(trial.evaluate)
        if near == 0 or trial.ended or trial.state.variables.get("week") != before.state.variables.get("week"):
            return near
        for option in trial.options():
            if not option.enabled:
                continue
            deeper = Game(trial.story, trial.state.copy())
            try:
                deeper.choose(option.id, None, describe=False)
            except EngineError:
                continue
            near = min(near, self.distance(deeper.evaluate))
        return near


def plain_route(story: Story, route: Route, ending: str, tries: int = 64) -> Route | None:
    """The same choices under one seed all the way (what a transcript can hold), if some seed gets there."""
    if not route.reseeds:
        return route
    seeds = [s for _, s in reversed(route.reseeds)] + [route.seed + k for k in range(1, tries + 1)]
    for seed in seeds:
        try:
            game = Game.replay(story, route.origin, seed, None, route.steps)
        except EngineError:
            continue
        if game.ended and game.scene.ending_id == ending:
            return Route(route.origin, seed, route.steps)
    return None


def _reseed_game(game: Game, seed: int) -> None:
    """Switch the game's seed mid-route. The choices on screen were worked out with the old seed (an offer's
    `limit:` sample is drawn then), so they are worked out again: otherwise a reseed could never make a
    limited offer show another member."""
    game.state.seed = seed
    game._options = None


def _links(story: Story) -> dict[tuple[str, str], set[str]]:
    """(scene, choice) -> the scenes taking it can lead to, from the story's text alone: goto, return_to,
    pool members for draw/offer, both outcomes; a storylet's `$return` leads back to the scenes drawing it."""
    members = {pool: {m.scene_id for m in found} for pool, found in story.pools.items()}
    links: dict[tuple[str, str], set[str]] = {}
    back: dict[str, set[str]] = {}  # pool member -> where `goto: $return` may lead
    for scene in story.scenes.values():
        for choice in scene.choices:
            targets: set[str] = set()
            for pool in _pools_used_by(choice):
                targets |= members.get(pool, set())
                for member in members.get(pool, set()):
                    back.setdefault(member, set()).add(choice.return_to or scene.id)
            for goto in (choice.goto, choice.success and choice.success.goto, choice.failure and choice.failure.goto):
                if goto and goto != "$return":
                    targets.add(goto)
            links[(scene.id, choice.id)] = targets
    for scene in story.scenes.values():
        for choice in scene.choices:
            outcomes = [o for o in (choice.success, choice.failure) if o is not None]
            if choice.goto == "$return" or any(o.goto == "$return" for o in outcomes):
                links[(scene.id, choice.id)] |= back.get(scene.id, set())
    return links


def _pools_used_by(choice: Any) -> set[str]:
    pools = {p for p in (choice.draw, choice.offer) if p is not None}
    for outcome in (choice.success, choice.failure):
        if outcome is not None and outcome.draw is not None:
            pools.add(outcome.draw)
    return pools


def _reach(starts: set[str], links: dict[tuple[str, str], set[str]]) -> set[str]:
    onward: dict[str, set[str]] = {}
    for (scene, _), targets in links.items():
        onward.setdefault(scene, set()).update(targets)
    seen, todo = set(starts), list(starts)
    while todo:
        for target in onward.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _distances(targets: set[str], links: dict[tuple[str, str], set[str]]) -> dict[str, int]:
    """Scene -> the fewest links from it to any of ``targets`` (scenes that cannot get there are left out)."""
    backward: dict[str, set[str]] = {}
    for (scene, _), onward in links.items():
        for target in onward:
            backward.setdefault(target, set()).add(scene)
    distance = dict.fromkeys(targets, 0)
    frontier = sorted(targets)
    while frontier:
        following: list[str] = []
        for scene in frontier:
            for before in sorted(backward.get(scene, ())):
                if before not in distance:
                    distance[before] = distance[scene] + 1
                    following.append(before)
        frontier = following
    return distance


def _fixed_names(story: Story) -> frozenset[str]:
    """Names whose value no choice can change within a game: the origin, and declared variables that no
    effect or typed input assigns (an origin's `set:` gives them their value for the whole life). A
    condition reading only these is decided by where the game started: climbing cannot move it."""
    assigned: set[str] = set()

    def note(effects: Any) -> None:
        if effects is None:
            return
        for part in (effects.set, effects.calc, effects.add, effects.fair, effects.roll):
            assigned.update(item[0] for item in part)
        if effects.branch is not None:
            note(effects.branch[1])
            note(effects.branch[2])

    for scene in story.scenes.values():
        note(scene.effects)
        for choice in scene.choices:
            note(choice.effects)
            if choice.input is not None:  # a name typed in
                assigned.add(choice.input.variable)
            for outcome in (choice.success, choice.failure):
                note(outcome.effects if outcome is not None else None)
    return frozenset({"origin"} | (set(story.variables) - assigned))


def _scenes_along(game: Game) -> list[str]:
    return [turn.scene for turn in game.state.turns]


def _pools_used(scene: SceneSpec) -> set[str]:
    return set().union(*(_pools_used_by(choice) for choice in scene.choices))


def _safe_true(game: Game, expression: Expression | None) -> bool:
    if expression is None:
        return True
    try:
        return bool(game.evaluate(expression))
    except Exception:  # noqa: BLE001 - a failing condition counts as not shown
        return False


def run_exhaustive(
    story: Story,
    seed: int = 0,
    random_runs: int = 200,
    max_runs: int = 5000,
    progress: Callable[[int, int, int], None] | None = None,
    starts: dict[str, GameState] | None = None,
) -> ExhaustiveReport:
    """Random runs, then targeted runs until every (scene, choice) seen enabled has been taken once, then runs
    that climb toward the conditions never true; ``starts`` are saves (name -> state) explored as well."""
    return _Explorer(story, seed, random_runs, max_runs, progress, starts).explore()
