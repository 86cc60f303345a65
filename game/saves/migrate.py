"""Bringing a saved game state into the current story: checked value by value, carried across story edits.

A save records stable ids written by the writer (scenes, choices, variables) and the turn log, so an edited
story can take it in:

- variables the story added take their declared initial values; ones it removed are dropped; values are
  checked against the current declaration (type, bounds, allowed values);
- scenes and choices renamed with ``renamed_from:`` are followed, in the current scene and the turn log;
- when the saved scene is gone, play resumes at the nearest earlier scene of the turn log that still exists,
  with the player's progress (the variables) kept, and a note says so.

A save from the *same* story version must already fit: a value out of its bounds, a wrong type or an unknown
scene there means the file is damaged (or was edited by hand), not that the story moved on.
"""

from __future__ import annotations

import math
from typing import Any, TypeGuard

from game.engine.game import EngineError, Game
from game.engine.replay import follow_turn, replay
from game.engine.state import STATE_FORMAT, GameState, Turn
from game.saves.format import MAX_SAVE_INT, SaveDamaged, strip_control
from game.story.compiled import BUILTIN_VARIABLES, Story, VariableSpec

_OUTCOMES = (None, "success", "failure")


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    # An int is checked by size, not with math.isfinite: that turns it into a float (OverflowError past 1e308).
    if _is_int(value):
        return bool(abs(value) <= MAX_SAVE_INT)
    return isinstance(value, float) and math.isfinite(value)


def _text(data: dict[str, Any], key: str, where: str = "the save") -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise SaveDamaged(f"{where}: '{key}' should be text, found {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _shown(value: Any) -> str:
    return repr(strip_control(value))[:40] if isinstance(value, str) else repr(value)[:40]


def variable_problem(spec: VariableSpec, value: Any) -> str | None:
    """Why ``value`` cannot be this variable's value now, or None when it fits."""
    label = spec.label or spec.name
    if spec.type in ("number", "counter"):
        if not _is_number(value):
            return f"'{label}' should be a number, found {_kind(value)}"
        if spec.type == "counter" and not (_is_int(value) or float(value).is_integer()):
            return f"'{label}' should be a whole number, found {value!r}"
        if spec.min is not None and value < spec.min:
            return f"'{label}' is {value:g}, below its minimum {spec.min:g}"
        if spec.max is not None and value > spec.max:
            return f"'{label}' is {value:g}, above its maximum {spec.max:g}"
        return None
    if spec.type == "flag":
        return None if isinstance(value, bool) else f"'{label}' should be true or false, found {_kind(value)}"
    if not isinstance(value, str):
        return f"'{label}' should be text, found {_kind(value)}"
    if spec.values and value not in spec.values:
        return f"'{label}' is {_shown(value)}, not one of its values"
    return None


def _fit(spec: VariableSpec, value: Any) -> Any:
    """The nearest value the current declaration allows (for saves from another story version)."""
    if spec.type in ("number", "counter") and _is_number(value):
        fitted = spec.clamp(round(value) if spec.type == "counter" else value)
        return fitted
    return spec.initial


def _variables(story: Story, saved: dict[str, Any], same_version: bool, notes: list[str]) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    added, fitted = [], []
    for name, spec in story.variables.items():
        if name not in saved:
            variables[name] = spec.initial
            added.append(spec)
            continue
        value = saved[name]
        if isinstance(value, str):
            value = strip_control(value)
        problem = variable_problem(spec, value)
        if problem is None:
            variables[name] = spec.clamp(value) if spec.type != "string" else value
        elif same_version:
            raise SaveDamaged(problem)
        else:
            variables[name] = _fit(spec, value)
            fitted.append(problem)
    removed = sorted(k for k in saved if k not in story.variables and k not in BUILTIN_VARIABLES)
    if added:
        notes.append(_added_note(added))
    if removed:
        notes.append("no longer in the story, dropped: " + ", ".join(strip_control(k) for k in removed))
    for problem in fitted:
        notes.append(f"{problem}: adjusted to fit this version of the story")
    return variables


def _added_note(added: list[VariableSpec]) -> str:
    """The new values a player can see, by their labels; the ones the story keeps out of sight (its own
    flags and counters, whose names mean nothing to a player) only counted."""
    shown = [spec.label for spec in added if spec.label and spec.show != "hidden"]
    kept = len(added) - len(shown)
    if not shown:
        return f"{kept} new value{'s' if kept != 1 else ''} the story keeps to itself, starting afresh"
    text = "new in this version of the story, starting at their initial values: " + ", ".join(shown)
    return text + (f" (and {kept} the story keeps to itself)" if kept else "")


_TURN_KEYS = frozenset({"scene", "choice", "target", "week", "input", "outcome"})


def _turns(raw: Any) -> list[Turn]:
    """Check and rebuild the turn log (the hot loop of a load: kept to plain comparisons)."""
    if not isinstance(raw, list):
        raise SaveDamaged("the turn log should be a list")
    turns: list[Turn] = []
    append = turns.append
    for item in raw:
        if (
            type(item) is dict
            and item.keys() <= _TURN_KEYS
            and type(item.get("scene")) is str
            and type(item.get("choice")) is str
            and type(item.get("target")) is str
            and type(item.get("week")) is int
            and item.get("outcome") in _OUTCOMES
        ):
            typed = item.get("input")
            if typed is None:
                append(Turn(item["scene"], item["choice"], item["target"], item["week"], None, item.get("outcome")))
                continue
            if type(typed) is str:
                append(
                    Turn(
                        item["scene"],
                        item["choice"],
                        item["target"],
                        item["week"],
                        strip_control(typed),
                        item.get("outcome"),
                    )
                )
                continue
        raise SaveDamaged(_turn_problem(len(turns) + 1, item))
    return turns


def _turn_problem(index: int, item: Any) -> str:
    """Why a turn entry is malformed (the slow path, only for the reason shown to the player)."""
    where = f"turn {index}"
    if not isinstance(item, dict):
        return f"{where} should be an object"
    unknown = set(item) - _TURN_KEYS
    if unknown:
        return f"{where} has unknown fields: {', '.join(sorted(map(str, unknown)))}"
    for key in ("scene", "choice", "target"):
        if not isinstance(item.get(key), str):
            return f"{where}: '{key}' should be text, found {_kind(item.get(key))}"
    if not _is_int(item.get("week")):
        return f"{where}: 'week' should be a whole number"
    if item.get("outcome") not in _OUTCOMES:
        return f"{where}: 'outcome' should be success or failure"
    return f"{where}: 'input' should be text"


def _follow_renames(story: Story, turns: list[Turn]) -> list[Turn]:
    """The turn log in today's ids (the engine's one rule for renames); entries whose scene is gone stay
    as they were (history is kept)."""
    if not story.scene_renames and not story.choice_renames:
        return turns  # nothing was renamed: every id is today's or gone
    return [follow_turn(story, turn) for turn in turns]


def _scene_title(story: Story, scene_id: str, variables: dict[str, Any]) -> str:
    try:
        return story.scenes[scene_id].title.render(dict(variables)) or scene_id
    except Exception:  # noqa: BLE001 - a title using variables cannot render without them; the id will do
        return scene_id


def _resume_point(story: Story, origin_start: str, turns: list[Turn]) -> tuple[str, int]:
    """The nearest earlier scene of the turn log that still exists: (scene id, turns kept before it)."""
    for index in range(len(turns) - 1, -1, -1):
        if turns[index].scene in story.scenes:
            return turns[index].scene, index
    return origin_start, 0


def restore_state(story: Story, data: Any) -> tuple[GameState, list[str]]:
    """A checked :class:`GameState` for ``story`` and notes on what changed; raises :class:`SaveDamaged`."""
    if not isinstance(data, dict):
        raise SaveDamaged("the game state should be an object")
    fmt = data.get("format", STATE_FORMAT)
    if not _is_int(fmt) or fmt > STATE_FORMAT or fmt < 1:
        raise SaveDamaged(f"the game state has an unknown format ({_shown(fmt)})")
    story_id = _text(data, "story_id")
    if story_id != story.id:
        raise SaveDamaged(f"this save belongs to another story ({_shown(story_id)}, not '{story.id}')")
    version, seed = data.get("story_version"), data.get("seed")
    if not _is_int(version):
        raise SaveDamaged("'story_version' should be a whole number")
    if not _is_int(seed):
        raise SaveDamaged("'seed' should be a whole number")
    origin = _text(data, "origin")
    if origin not in story.origins:
        raise SaveDamaged(f"the origin {_shown(origin)} is not in this story")
    scene, name = _text(data, "scene"), strip_control(_text(data, "name"))
    return_to = data.get("return_to")
    if return_to is not None and not isinstance(return_to, str):
        raise SaveDamaged("'return_to' should be a scene id")
    saved_vars, visits = data.get("variables"), data.get("visits", {})
    if not isinstance(saved_vars, dict):
        raise SaveDamaged("'variables' should be an object")
    if not isinstance(visits, dict) or not all(_is_int(v) and v >= 0 for v in visits.values()):
        raise SaveDamaged("'visits' should map scenes to counts")
    turns = _turns(data.get("turns", []))
    week = saved_vars.get("week")
    if not _is_int(week) or week < 0:
        raise SaveDamaged(f"'week' should be a whole number, found {_kind(week)}")

    notes: list[str] = []
    same_version = version == story.version
    variables = _variables(story, saved_vars, same_version, notes)
    variables.update(week=week, origin=origin, name=strip_control(str(saved_vars.get("name", name))))

    turns = _follow_renames(story, turns)
    current = story.resolve_scene(scene)
    if current is None:
        if same_version:
            raise SaveDamaged(f"the save is in a scene {_shown(scene)} that this version of the story does not have")
        current, kept = _resume_point(story, story.origins[origin].start, turns)
        turns = turns[:kept]
        notes.append(
            f"the scene you saved in ({_shown(scene)}) was removed from the story; resuming at "
            f"'{_scene_title(story, current, variables)}' with your progress kept"
        )
    if return_to is not None:
        resolved_return = story.resolve_scene(return_to)
        if resolved_return is None:
            notes.append(f"the scene to return to ({_shown(return_to)}) was removed from the story")
        return_to = resolved_return
    resolved_visits: dict[str, int] = {}
    for visited, count in visits.items():
        now = story.resolve_scene(str(visited))
        if now is not None:
            resolved_visits[now] = resolved_visits.get(now, 0) + count
    state = GameState(
        story.id, story.version, seed, origin, current, variables, resolved_visits, turns, return_to, name
    )
    if not same_version and turns:
        _note_replay(story, state, notes)
    return state, notes


def _note_replay(story: Story, state: GameState, notes: list[str]) -> None:
    """A save from another version keeps its values; undo and the journal replay its log, so say when the
    new version no longer fits all of it (the same replay they use, so the note is exact)."""
    try:
        done = replay(Game.start(story, state.origin, state.seed, state.name or None), state.turns)
    except EngineError as err:  # the origin's start cannot be entered on this version
        notes.append(f"this version of the story cannot replay your choices ({err}); undo starts from here")
        return
    if done.divergence is not None:
        notes.append(
            f"this version of the story replays only your first {done.applied} of {len(state.turns)} choices "
            f"(then: {done.divergence.message}); undo and the journal reach back that far"
        )
