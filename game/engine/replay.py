"""The one way a turn log is played again: undo, live reload, saves from older story versions, the
journal and `steppe replay` all call :func:`replay`.

A turn log holds writer-given ids: scene ids, choice ids, and for an offered storylet
``"choice:member_scene"``. Between two versions of a story any of these may have been renamed with
``renamed_from:``; :func:`follow_choice` and :func:`follow_turn` translate an old id into today's, every
kind of rename (scene, choice, offered pool member) in one place, so every caller follows the same renames.

Replaying stops at the first turn that no longer fits and says where and why (a :class:`Divergence`):
the game returned has every turn before it applied, and nothing of the failed one (choices are atomic).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from game.engine.game import ChoiceResult, EngineError, Game
from game.engine.state import Turn
from game.story.compiled import RETURN, Story


class Step(Protocol):
    """What a replay needs of a recorded turn (a save's :class:`Turn` or a transcript's turn)."""

    @property
    def choice(self) -> str: ...

    @property
    def input(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Divergence:
    """Where a replay stopped: the 0-based index of the turn that did not fit, and why."""

    index: int
    kind: str  # missing_choice | locked | failed | scene
    message: str
    scene: str  # the scene the game was in (today's id)
    expected: str | None = None
    actual: str | None = None
    available: tuple[str, ...] = ()


@dataclass(slots=True)
class Replayed:
    """A replay's outcome: the game with ``applied`` turns made, and the divergence if it stopped early."""

    game: Game
    applied: int
    total: int
    divergence: Divergence | None = None
    results: list[ChoiceResult] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.divergence is None


def follow_scene(story: Story, scene_id: str) -> str:
    """Today's id of a scene (through declared renames), or the id as it was when it is gone."""
    return story.resolve_scene(scene_id) or scene_id


def follow_choice(story: Story, scene_id: str, choice_id: str) -> str:
    """Today's id of a choice made in ``scene_id`` (today's id): the choice's own rename, and for an offered
    storylet (``"pick:gig_a"``) the member scene's rename too. Unknown ids come back as they were."""
    base, sep, member = choice_id.partition(":")
    resolved = story.resolve_choice(scene_id, base)
    if resolved is not None:
        base = resolved
    if sep:
        member = follow_scene(story, member)
    return base + sep + member


def follow_turn(story: Story, turn: Turn) -> Turn:
    """A recorded turn in today's ids (what a save's turn log is translated to when it loads)."""
    scene = follow_scene(story, turn.scene)
    target = turn.target if turn.target == RETURN else follow_scene(story, turn.target)
    return Turn(scene, follow_choice(story, scene, turn.choice), target, turn.week, turn.input, turn.outcome)


# Called before each turn is made (the game as the player saw it) and after (with what it did).
BeforeTurn = Callable[[Game, int, str], None]
AfterTurn = Callable[[Game, int, ChoiceResult], None]


def replay(
    game: Game,
    turns: Sequence[Step],
    *,
    expect_scenes: Sequence[str] | None = None,
    before: BeforeTurn | None = None,
    after: AfterTurn | None = None,
    describe: bool = False,
) -> Replayed:
    """Make ``turns`` on ``game`` (a game just begun) in order, following renames, until one does not fit.

    ``expect_scenes`` (one per turn, the scene each turn led to when it was recorded) makes a turn that now
    leads elsewhere a divergence too (transcripts check this; a save's own log need not). ``before`` and
    ``after`` observe each turn (the journal records what the player saw). With ``describe`` each
    :class:`ChoiceResult` carries its changes, as the game showed them.
    """
    story = game.story
    done = Replayed(game, 0, len(turns))
    for index, turn in enumerate(turns):
        here = game.state.scene
        choice_id = follow_choice(story, here, turn.choice)
        refusal = _refusal(game, index, choice_id, turn.choice)
        if refusal is not None:
            done.divergence = refusal
            return done
        if before is not None:
            before(game, index, choice_id)
        try:
            result = game.choose(choice_id, turn.input, describe=describe)
        except EngineError as err:  # the choice changed nothing (choose is atomic)
            done.divergence = Divergence(index, "failed", str(err), here)
            return done
        done.applied = index + 1
        done.results.append(result)
        if after is not None:
            after(game, index, result)
        if expect_scenes is not None:
            expected = follow_scene(story, expect_scenes[index])
            if game.state.scene != expected:
                done.divergence = Divergence(
                    index,
                    "scene",
                    f"choice '{turn.choice}' in scene '{here}' led somewhere else",
                    here,
                    expect_scenes[index],
                    game.state.scene,
                )
                return done
    return done


def _refusal(game: Game, index: int, choice_id: str, recorded: str) -> Divergence | None:
    """Why the choice cannot be made now (gone, or locked), or None when it can."""
    here = game.state.scene
    if game.ended:
        return Divergence(index, "missing_choice", f"the playthrough has already ended at scene '{here}'", here)
    options = game.options()
    option = next((o for o in options if o.id == choice_id), None)
    if option is not None and option.enabled:
        return None
    available = tuple(o.id for o in options if o.enabled)
    if option is None:
        message = f"scene '{here}' has no choice '{recorded}' now"
        return Divergence(index, "missing_choice", message, here, recorded, None, available)
    message = f"choice '{recorded}' in scene '{here}' is locked now: {option.reason or 'not available'}"
    return Divergence(index, "locked", message, here, recorded, None, available)


@dataclass(frozen=True, slots=True)
class Planned:
    """A turn to make, given as (choice id, typed text) rather than recorded (a route, a test)."""

    choice: str
    input: str | None = None


def planned(pairs: Iterable[tuple[str, str | None]]) -> list[Planned]:
    return [Planned(choice, typed) for choice, typed in pairs]


def replay_strict(game: Game, turns: Sequence[Step]) -> Game:
    """Replay every turn or raise :class:`EngineError` saying where it diverged (undo, recorded routes)."""
    done = replay(game, turns)
    if done.divergence is not None:
        raise EngineError(f"turn {done.divergence.index + 1}: {done.divergence.message}")
    return game
