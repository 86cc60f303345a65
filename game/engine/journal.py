"""The playthrough scene by scene, rebuilt from the turn log: for the journal, the stats chart, the ending.

The turn log holds only ids (scene, choice, typed text); titles and choice texts depend on the variables
at the time (a title may say ``{{ name }}``), so the history replays the game from its start and records
what the player saw at each step, with the variables after each choice. Replaying is exact: the same
seed and choices give the same game.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.engine.effects import visible_changes
from game.engine.game import ChoiceResult, EngineError, Game
from game.engine.replay import replay
from game.engine.state import Turn
from game.story.compiled import Story, VariableSpec


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One choice as the player lived it."""

    week: int  # the week when the choice was made
    scene_id: str
    scene_title: str
    choice_text: str
    typed: str | None = None
    outcome: str | None = None  # "success" | "failure" for risky choices
    outcome_text: str = ""
    changes: tuple[str, ...] = ()
    after: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class History:
    initial: dict[str, Any]
    records: tuple[TurnRecord, ...]
    complete: bool = True  # False when the replay stopped early (the story changed under the save)

    def series(self, name: str) -> list[float]:
        """A variable's value at the start and after every choice (for the stats chart)."""
        points: list[float] = []
        for values in (self.initial, *(r.after for r in self.records)):
            value = values.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                points.append(float(value))
        return points


def build_history(story: Story, begin: Callable[[Story], Game], turns: Sequence[Turn]) -> History:
    """Replay ``turns`` from ``begin(story)`` and record each step; falls back to bare ids if it diverges."""
    try:
        game = begin(story)
    except EngineError:
        return History({}, tuple(_bare(story, t) for t in turns), complete=False)
    initial = dict(game.variables)
    seen: list[tuple[int, str, str]] = []  # (week, scene title, choice text) as shown before each choice
    records: list[TurnRecord] = []

    def before(game: Game, index: int, choice_id: str) -> None:
        view = game.view()
        text = next((c.text for c in view.choices if c.id == choice_id), choice_id)
        seen.append((int(game.variables.get("week", turns[index].week)), view.title, text))

    def after(game: Game, index: int, result: ChoiceResult) -> None:
        turn = turns[index]
        week, title, text = seen[index]
        records.append(
            TurnRecord(
                week=week,
                scene_id=turn.scene,
                scene_title=title,
                choice_text=text,
                typed=turn.input,
                outcome=result.outcome,
                outcome_text=result.outcome_text,
                changes=tuple(c.describe() for c in visible_changes(result.changes, story.variables)),
                after=dict(game.variables),
            )
        )

    try:
        done = replay(game, turns, before=before, after=after, describe=True)
    except EngineError:  # a scene that cannot be shown any more: the rest is told by ids
        done = None
    if done is None or not done.complete:
        records.extend(_bare(story, t) for t in turns[len(records) :])
        return History(initial, tuple(records), complete=False)
    return History(initial, tuple(records))


def _bare(story: Story, turn: Turn) -> TurnRecord:
    return TurnRecord(
        week=turn.week,
        scene_id=turn.scene,
        scene_title=turn.scene,
        choice_text=turn.choice,
        typed=turn.input,
        outcome=turn.outcome,
    )


def _leap(spec: VariableSpec) -> float:
    """How far a charted stat must jump in one turn to be a key moment: a tenth of its range."""
    return (spec.max - spec.min) / 10 if spec.max is not None and spec.min is not None else 10


def key_moments(story: Story, history: History, limit: int = 8) -> list[str]:
    """The turns worth retelling at the end: risky calls, names given, moves, deals, leaps in charted stats."""
    moments: list[tuple[int, str]] = []
    previous = history.initial
    for record in history.records:
        notable: list[str] = []
        if record.outcome:
            verdict = "it worked" if record.outcome == "success" else "it didn't work out"
            notable.append(f"{record.choice_text} — {verdict}")
        for name, spec in story.variables.items():
            before, after = previous.get(name), record.after.get(name)
            if before == after or spec.show == "hidden":
                continue
            label = spec.label or name.replace("_", " ").capitalize()
            if spec.type == "string" and after:
                notable.append(f"{label}: {after}")
            elif (
                name in story.presentation.charted  # a leap in a stat the story charts: a tenth of its range
                and not record.outcome
                and isinstance(after, (int, float))
                and isinstance(before, (int, float))
                and after - before >= _leap(spec)
            ):
                notable.append(f"{record.choice_text} (+{after - before:g} {label})")
        moments.extend((record.week, text) for text in notable)
        previous = record.after
    if len(moments) > limit:  # keep the first and the latest: the start of the story and how it ended
        moments = moments[: limit // 2] + moments[-(limit - limit // 2) :]
    return [f"Week {week}: {text}" for week, text in moments]
