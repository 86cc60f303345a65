"""The game state: a plain value that goes to JSON and back with nothing lost.

Everything needed to continue a playthrough is here: which story (id and version), the seed, the origin,
the current scene, every variable, how often each scene was entered, and the turn log. The turn log of
(scene id, choice id) pairs, with the seed, replays the whole game exactly: that is what makes undo, saves
that survive story edits, and recorded transcripts possible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

STATE_FORMAT = 1


@dataclass(slots=True)
class Turn:
    """One choice made: where, which, and what came of it (for the journal and for replay checks)."""

    scene: str
    choice: str
    target: str
    week: int
    input: str | None = None
    outcome: str | None = None  # "success" | "failure" for risky choices

    def to_json(self) -> dict[str, Any]:
        # Built by hand: dataclasses.asdict deep-copies and costs milliseconds over a 500-turn log.
        data: dict[str, Any] = {"scene": self.scene, "choice": self.choice, "target": self.target, "week": self.week}
        if self.input is not None:
            data["input"] = self.input
        if self.outcome is not None:
            data["outcome"] = self.outcome
        return data


@dataclass(slots=True)
class Checkpoint:
    """A game state before a choice (see :meth:`GameState.checkpoint`)."""

    variables: dict[str, Any]
    turns: int
    scene: str
    return_to: str | None
    name: str
    entered: tuple[str, int | None] | None = None  # the scene entered, and its visit count before


@dataclass(slots=True)
class GameState:
    story_id: str
    story_version: int
    seed: int
    origin: str
    scene: str
    variables: dict[str, Any]
    visits: dict[str, int] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)
    return_to: str | None = None
    name: str = ""

    def checkpoint(self) -> Checkpoint:
        """What a choice may change, taken before it: put back with :meth:`restore` if it fails.

        Taken on every choice (65,000 a second in a playtest), so it copies only the variables: the turn log
        only grows (its length is enough), and a choice changes the visits by entering one scene, which
        :meth:`enter` notes in the checkpoint itself rather than copying every count."""
        return Checkpoint(dict(self.variables), len(self.turns), self.scene, self.return_to, self.name)

    def enter(self, scene_id: str, checkpoint: Checkpoint | None = None) -> None:
        """Arrive in a scene: it becomes current and its visit count goes up (noted in ``checkpoint``)."""
        visits = self.visits
        before = visits.get(scene_id)
        if checkpoint is not None and checkpoint.entered is None:
            checkpoint.entered = (scene_id, before)
        self.scene = scene_id
        visits[scene_id] = (before or 0) + 1

    def restore(self, checkpoint: Checkpoint) -> None:
        """Put back what :meth:`checkpoint` saw (a failed choice leaves no trace)."""
        self.variables = checkpoint.variables
        del self.turns[checkpoint.turns :]
        self.scene, self.return_to, self.name = checkpoint.scene, checkpoint.return_to, checkpoint.name
        if checkpoint.entered is not None:
            scene_id, before = checkpoint.entered
            if before is None:
                self.visits.pop(scene_id, None)
            else:
                self.visits[scene_id] = before

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "story_id": self.story_id,
            "story_version": self.story_version,
            "seed": self.seed,
            "origin": self.origin,
            "name": self.name,
            "scene": self.scene,
            "return_to": self.return_to,
            "variables": dict(self.variables),
            "visits": dict(self.visits),
            "turns": [t.to_json() for t in self.turns],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GameState:
        """Rebuild a state; raises KeyError/TypeError/ValueError on a malformed value."""
        if not isinstance(data, dict):
            raise TypeError("a game state must be a JSON object")
        turns = [Turn(**t) for t in data.get("turns", [])]
        for key in ("variables", "visits"):
            if not isinstance(data.get(key, {}), dict):
                raise TypeError(f"'{key}' must be an object")
        return cls(
            story_id=str(data["story_id"]),
            story_version=int(data["story_version"]),
            seed=int(data["seed"]),
            origin=str(data["origin"]),
            scene=str(data["scene"]),
            variables=dict(data["variables"]),
            visits={str(k): int(v) for k, v in data.get("visits", {}).items()},
            turns=turns,
            return_to=data.get("return_to"),
            name=str(data.get("name", "")),
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def loads(cls, text: str) -> GameState:
        return cls.from_json(json.loads(text))

    def copy(self) -> GameState:
        return GameState.from_json(self.to_json())
