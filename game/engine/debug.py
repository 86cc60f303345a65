"""A writer's debug start: jump to a scene with chosen values.

``steppe play STORY --scene ID --set fame=40`` starts a new game and jumps straight to a scene, so a writer
can look at the scene they are working on without playing up to it. (Replaying onto an edited story, for
``--watch``, is :mod:`game.engine.replay`'s job.)
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterable, Mapping
from typing import Any

from game.engine.game import EngineError, Game, clean_player_text
from game.story.compiled import Story

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class DebugError(EngineError):
    """A debug start asked for something the story does not have (a clear message, never a traceback)."""


def _suggest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """Split ``NAME=VALUE`` strings (from ``--set``) into a mapping; the last of a repeated name wins."""
    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise DebugError(f"--set expects NAME=VALUE, got '{pair}'")
        found[name] = value.strip()
    return found


def _number(name: str, raw: str) -> int | float:
    try:
        value = float(raw)
    except ValueError:
        raise DebugError(f"'{name}' is a number, but '{raw}' is not one") from None
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        raise DebugError(f"'{name}' is a number, but '{raw}' is not one")
    return int(value) if value.is_integer() else value


def convert_value(story: Story, name: str, raw: Any) -> Any:
    """Turn a typed value into the variable's type, refusing what does not fit (never clamping silently)."""
    if name == "origin":
        raise DebugError("'origin' is chosen with --origin, not --set")
    if name == "name":
        return clean_player_text(str(raw)) or None
    if name == "week":
        week = _number(name, str(raw))
        if not isinstance(week, int) or week < 0:
            raise DebugError(f"'week' is a whole number from 0 up, got '{raw}'")
        return week
    spec = story.variables.get(name)
    if spec is None:
        raise DebugError(f"the story has no variable '{name}'{_suggest(name, story.variables)}")
    text = str(raw)
    if spec.type == "flag":
        if isinstance(raw, bool):
            return raw
        lowered = text.lower()
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE
        raise DebugError(f"'{name}' is a flag: use true or false, not '{raw}'")
    if spec.type in ("number", "counter"):
        value = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else _number(name, text)
        if spec.type == "counter" and (not float(value).is_integer() or value < 0):
            raise DebugError(f"'{name}' is a counter (a whole number from 0 up), got '{raw}'")
        low = spec.min if spec.min is not None else (0 if spec.type == "counter" else None)
        if (low is not None and value < low) or (spec.max is not None and value > spec.max):
            raise DebugError(
                f"'{name}' must be between {low:g} and {spec.max:g}, got '{raw}'"
                if spec.max is not None and low is not None
                else f"'{name}' is out of bounds: '{raw}'"
            )
        return int(value) if spec.type == "counter" else value
    if spec.values and text not in spec.values:
        raise DebugError(f"'{name}' must be one of {', '.join(spec.values)}; got '{text}'{_suggest(text, spec.values)}")
    return clean_player_text(text, 200)


def jump(game: Game, scene_id: str, sets: Mapping[str, Any] | None = None) -> str:
    """Move ``game`` to ``scene_id`` with ``sets`` applied first, as if the player had arrived there.

    Every value is converted and checked before anything changes, so a bad ``--set`` leaves the game as it
    was. The scene is entered the normal way (its own effects apply on top of the values given).
    Returns the scene's current id (renamed ids are followed).
    """
    story = game.story
    resolved = story.resolve_scene(scene_id)
    if resolved is None:
        raise DebugError(f"the story has no scene '{scene_id}'{_suggest(scene_id, story.scenes)}")
    converted = {name: convert_value(story, name, raw) for name, raw in (sets or {}).items()}
    for name, value in converted.items():
        if name == "name":
            if value:
                game.state.name = value
                game.variables["name"] = value
            continue
        game.variables[name] = value
    # Entering is the engine's own step (visits, scene effects); a jump must do exactly what arriving does.
    game._enter(resolved, [], random.Random(f"{game.state.seed}/jump/{resolved}"))
    if game.state.return_to is None:
        game.state.return_to = return_point(story, resolved)
    return resolved


def return_point(story: Story, scene_id: str) -> str | None:
    """Where `goto: $return` leads after a debug start at ``scene_id``, as if it had been drawn in play.

    A storylet is drawn by some scene's `draw:` or `offer:` of a pool it joins: the first such choice in
    the story (in file order) gives the return point, its `return_to:` if it has one, else its own scene.
    A scene in no pool that is drawn from returns to the story's first scene that draws from any pool
    (usually the hub). None when the story draws from no pool at all.
    """
    joined = {pool for pool, members in story.pools.items() if any(m.scene_id == scene_id for m in members)}
    fallback: str | None = None
    for scene in story.scenes.values():
        for choice in scene.choices:
            pools = {p for p in (choice.draw, choice.offer) if p is not None}
            for outcome in (choice.success, choice.failure):
                if outcome is not None and outcome.draw is not None:
                    pools.add(outcome.draw)
            if not pools:
                continue
            point = choice.return_to or scene.id
            if pools & joined:
                return point
            fallback = fallback or point
    return fallback
