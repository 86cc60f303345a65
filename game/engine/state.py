"""The game state: a plain value that goes to JSON and back with nothing lost.

Everything needed to continue a playthrough is here: which story (id and version), the seed, the origin,
the current scene, every variable, how often each scene was entered, and the turn log. The turn log of
(scene id, choice id) pairs, with the seed, replays the whole game exactly: that is what makes undo, saves
that survive story edits, and recorded transcripts possible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
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

    def checkpoint(self) -> tuple[Any, ...]:
        """Everything a choice may change, cheaply: dicts copied, lists (append-only logs) by length.

        Generic over the fields, so a field added later is covered without touching :meth:`restore`."""
        return tuple(
            dict(value) if isinstance(value, dict) else len(value) if isinstance(value, list) else value
            for value in (getattr(self, name) for name in _FIELDS)
        )

    def restore(self, checkpoint: tuple[Any, ...]) -> None:
        """Put back what :meth:`checkpoint` saw (a failed choice leaves no trace)."""
        for name, saved in zip(_FIELDS, checkpoint, strict=True):
            current = getattr(self, name)
            if isinstance(current, list):
                del current[saved:]
            else:
                setattr(self, name, saved)

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


_FIELDS = tuple(f.name for f in fields(GameState))
