"""What the engine works out once per story and keeps: each pool's and each scene's questions, compiled.

A turn asks many small questions (is this choice shown? locked? what are its odds? which pool members are
eligible?). Asked one at a time, each is a method call and an ``eval``; the plans here ask all of a scene's
questions, or all of a pool's, in one ``eval`` of a tuple (see :func:`compile_tuple`). They hold no game
state: the answers depend only on the values passed in, so one plan serves every playthrough of the story.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import CodeType
from typing import Any, ClassVar

from game.story.compiled import ChoiceSpec, PoolMembership, SceneSpec
from game.story.expressions import Expression, compile_tuple


@dataclass(slots=True)
class Option:
    """A current choice with its state, unrendered. Plans share instances between turns and games: never
    change one."""

    id: str
    spec: ChoiceSpec
    member: str | None  # for offered pool members: the scene it leads to
    enabled: bool
    reason: str | None = None
    odds: int | None = None


_COMPARISONS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)


def _number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def compared_numbers(sources: Iterable[str], names: Iterable[str]) -> dict[str, tuple[float, ...]]:
    """The names whose every use is a comparison with a number (`fame >= 30`, `0 == albums`), with the
    numbers each is compared with, in order: such a condition answers alike for every value between two
    neighbouring numbers."""
    uses = dict.fromkeys(names, 0)
    found: dict[str, set[float]] = {name: set() for name in uses}
    for source in sources:
        for node in ast.walk(ast.parse(source, mode="eval")):
            if isinstance(node, ast.Name) and node.id in uses:
                uses[node.id] += 1
            elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], _COMPARISONS):
                left, right = node.left, node.comparators[0]
                for side, other in ((left, right), (right, left)):
                    if isinstance(side, ast.Name) and side.id in found and _number(other):
                        found[side.id].add(other.value)  # type: ignore[attr-defined]
                        uses[side.id] -= 1
    return {name: tuple(sorted(found[name])) for name, left_over in uses.items() if found[name] and not left_over}


def place(value: Any, numbers: tuple[float, ...]) -> Any:
    """Where a value falls among sorted, distinct numbers: how many are below it plus how many are not above
    it (2i between the i-th and the next, 2i + 1 equal to the next: that settles every <, <=, ==, != …
    against each). Anything but a real number stays as it is, in a tuple so it never equals a place."""
    if type(value) in (int, float) and value == value:
        return bisect_left(numbers, value) + bisect_right(numbers, value)
    return (value,)


class Places(dict[Any, Any]):
    """:func:`place` for one set of numbers, remembered: ``places[value]``. Values that are equal (1, 1.0,
    True) share an entry, which is right: they compare alike with every number."""

    KEEP: ClassVar[int] = 4096

    def __init__(self, numbers: tuple[float, ...]) -> None:
        super().__init__()
        self.numbers = numbers

    def __missing__(self, value: Any) -> Any:
        if len(self) >= self.KEEP:
            self.clear()
        found = self[value] = place(value, self.numbers)
        return found


@dataclass(frozen=True, slots=True)
class StateKey:
    """What some expressions read, reduced to what they can tell apart: a key under which answers that
    depend on nothing else can be kept. The variables they read as they are, numbers only ever compared
    with constants by where they fall among those constants, the visit counts they ask `visited()` for,
    whether the choices they ask `chose()` about were taken, and whether some scenes were ever entered (a
    pool's `once` members). Expressions that call succeeded() (or available(), unless the caller adds what
    pools hold to the key) read more: they get no key."""

    # The key of the values given: read(variables, visit counts, the (scene, choice) pairs chosen).
    # Variables are read in order of name, so a state missing one fails with the KeyError the engine
    # always raised reading a pool's values (an unhashable value, with TypeError).
    read: Callable[[Mapping[str, Any], Mapping[str, int], Collection[tuple[str, str]]], tuple[Any, ...]]
    calls_functions: bool  # whether the expressions call visited() or chose()

    @classmethod
    def make(
        cls,
        expressions: Sequence[Expression],
        raw: Iterable[str] = (),
        entered: Iterable[str] = (),
        calls: Collection[str] = ("visited", "chose"),
    ) -> StateKey | None:
        """The key of ``expressions``, of the variables ``raw`` read as they are (by other means), and of
        whether each scene of ``entered`` was; None when the expressions call a function not in ``calls``."""
        if any(func not in calls for e in expressions for func, _args in e.calls):
            return None
        raw = set(raw)
        names = sorted(raw.union(*(e.names for e in expressions)))
        numbers = compared_numbers((e.source for e in expressions), set(names) - raw)
        visited = sorted({args[0] for e in expressions for func, args in e.calls if func == "visited"})
        chose = sorted({(args[0], args[1]) for e in expressions for func, args in e.calls if func == "chose"})
        return cls(_key_function(names, numbers, visited, chose, sorted(set(entered))), bool(visited or chose))


def _key_function(
    names: Sequence[str],
    numbers: Mapping[str, tuple[float, ...]],
    visited: Sequence[str],
    chose: Sequence[tuple[str, str]],
    entered: Sequence[str],
) -> Callable[[Mapping[str, Any], Mapping[str, int], Collection[tuple[str, str]]], tuple[Any, ...]]:
    """The key as one lambda over a tuple display: it is built every time a pool or a scene is asked, and a
    loop over the names costs several times more. Only names (checked identifiers, quoted with repr) and scene and
    choice ids (quoted with repr) are written into the source; the numbers are passed in as values."""
    scope: dict[str, Any] = {"__builtins__": {}}
    parts = []
    for name in names:
        if name in numbers:
            scope[f"p{len(scope)}"] = Places(numbers[name])
            parts.append(f"p{len(scope) - 1}[v[{name!r}]]")
        else:
            parts.append(f"v[{name!r}]")
    parts += [f"visits.get({scene_id!r}, 0)" for scene_id in visited]
    parts += [f"not visits.get({scene_id!r}, 0)" for scene_id in entered]
    parts += [f"({pair!r} in chosen)" for pair in chose]
    source = f"lambda v, visits, chosen: ({''.join(part + ', ' for part in parts)})"
    return eval(source, scope)  # type: ignore[no-any-return]  # noqa: S307 - only quoted ids go in


@dataclass(slots=True)
class PoolPlan:
    """A pool's conditions as one code object, and (when they read only variables, visit counts and the
    choices taken) its eligible members already known, by :class:`StateKey` (which includes whether each
    `once` member was entered)."""

    KEEP: ClassVar[int] = 4096

    members: tuple[PoolMembership, ...]
    code: CodeType
    key: StateKey | None  # None when the conditions call succeeded() or available(): always asked
    answers: dict[Any, list[PoolMembership]]  # shared by every game that meets the key: never changed
    # (scene id, weeks) of members with a `cooldown:`: the engine adds which are cooling to the key.
    cooldowns: tuple[tuple[str, int], ...] = ()

    @classmethod
    def make(cls, members: Sequence[PoolMembership]) -> PoolPlan:
        conditions = [m.when for m in members if m.when is not None]
        key = StateKey.make(conditions, entered=[m.scene_id for m in members if m.once])
        cooldowns = tuple((m.scene_id, m.cooldown) for m in members if m.cooldown)
        return cls(tuple(members), compile_tuple([m.when for m in members]), key, {}, cooldowns)

    def ask(
        self,
        env: dict[str, Any],
        variables: dict[str, Any],
        visits: Mapping[str, int],
        key: Any,
        cooling: Collection[str] = (),
    ) -> list[PoolMembership]:
        """Evaluate every condition (raises what a failing one raises); keep the members under ``key``.
        Members named in ``cooling`` (in their cooldown) are not eligible."""
        answers = eval(self.code, env, variables)  # noqa: S307 - checked, compiled trees
        eligible = [
            m
            for m, ok in zip(self.members, answers, strict=True)
            if ok and not (m.once and visits.get(m.scene_id, 0)) and m.scene_id not in cooling
        ]
        if key is not None:
            if len(self.answers) >= self.KEEP:
                self.answers.clear()
            self.answers[key] = eligible
        return eligible


@dataclass(slots=True)
class ScenePlan:
    """A scene's choices' questions as one tuple: every ``when``, then every ``require``, then every check's
    ``chance`` (a missing one answers True). The engine asks them all at once, then walks the choices in
    order exactly as it would asking one by one; the expressions only read the state, so asking one early
    changes nothing, and when asking them together fails the engine asks one by one instead."""

    scene: SceneSpec
    code: CodeType | None  # None when no choice has a question: every answer is True
    all_true: tuple[bool, ...]  # the answers when there is no question
    plain: tuple[Option, ...]  # each choice's option when it is enabled, unlocked and not risky
    offer_purposes: tuple[str, ...]  # the random purpose of each choice's `offer … limit:` draw
    offered: dict[tuple[int, str], Option]  # options of offered members, by (choice index, member scene)
    # When the options depend on nothing but what the questions read and how many members some pools have
    # (no rendered locked text): their key, the pools, and the options already worked out by the key and
    # those counts. Most scenes are like that, the career hubs among them. A shown `offer:` choice is kept
    # as its index: which members it lists is worked out each time (a `limit:` picks them at random).
    key: StateKey | None
    pools: tuple[str, ...]
    known: dict[Any, tuple[Option | int, ...]]
    offers: bool  # whether any choice is an `offer:`

    KEEP: ClassVar[int] = 4096

    @classmethod
    def make(cls, scene: SceneSpec) -> ScenePlan:
        choices = scene.choices
        questions: list[Expression | None] = [c.when for c in choices]
        questions += [c.require for c in choices]
        questions += [c.check.chance if c.check is not None else None for c in choices]
        code = compile_tuple(questions) if any(q is not None for q in questions) else None
        asked = [q for q in questions if q is not None]
        pools = {args[0] for q in asked for func, args in q.calls if func == "available"}
        pools |= {c.draw for c in choices if c.draw is not None}
        return cls(
            scene,
            code,
            (True,) * len(questions),
            tuple(Option(c.id, c, None, True) for c in choices),
            tuple(f"offer:{c.id}" for c in choices),
            {},
            cls._key(choices, asked),
            tuple(sorted(pools)),
            {},
            any(c.offer is not None for c in choices),
        )

    @staticmethod
    def _key(choices: Sequence[ChoiceSpec], asked: Sequence[Expression]) -> StateKey | None:
        for choice in choices:
            if choice.locked is not None and choice.locked.render_fn is not None:
                return None  # a locked reason rendered from the whole state
        # A check on a stat reads the stat as a number, not in a comparison: keep it as it is.
        stats = [c.check.stat for c in choices if c.check is not None and c.check.chance is None and c.check.stat]
        return StateKey.make(asked, raw=stats, calls=("visited", "chose", "available"))

    def remember(self, key: Any, options: Sequence[Option | int]) -> None:
        if len(self.known) >= self.KEEP:
            self.known.clear()
        self.known[key] = tuple(options)

    def ask(self, env: dict[str, Any], variables: dict[str, Any]) -> tuple[Any, ...] | None:
        """Every answer, or None when one fails (then ask one by one, so the failure is the one met in turn)."""
        if self.code is None:
            return self.all_true
        try:
            return eval(self.code, env, variables)  # type: ignore[no-any-return]  # noqa: S307
        except Exception:  # noqa: BLE001 - see above
            return None

    def offered_option(self, index: int, member: PoolMembership) -> Option:
        key = (index, member.scene_id)
        option = self.offered.get(key)
        if option is None:
            choice = self.scene.choices[index]
            option = self.offered[key] = Option(f"{choice.id}:{member.scene_id}", choice, member.scene_id, True)
        return option
