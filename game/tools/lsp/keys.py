"""The format's keys and what each means: the models' own descriptions, completed where a model has none.

Used by the language server (key completion and hover) and by `steppe schema` (so that every key in the
JSON Schema is documented too). Which keys exist is read from the models, so a key added to the format
shows up here without a change; only its documentation needs a line below when the model gives none.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from game.story import models

# Documentation for keys whose model field has no description (looked up by model name, then key).
DOCS: dict[str, dict[str, str]] = {
    "StoryFile": {
        "story": "The story's manifest: id, title, version, author, calendar. Only in `story.yaml`.",
        "variables": "The story's variables, by name: the only names conditions, effects and text may use.",
        "origins": "The musicians a player can start as; each names its first scene.",
        "scenes": "The scenes of this file; every id is unique across the whole story.",
    },
    "StoryInfo": {
        "id": "The story's id (lower-case letters, digits, `-` and `_`); saves record it.",
        "title": "The story's title, shown on the title screen.",
        "author": "Who wrote the story.",
        "calendar": "How the built-in `week` is counted.",
        "presentation": "How the game presents the story (see WRITING.md).",
    },
    "Variable": {
        "type": "`number` (needs min and max), `counter` (a whole number from 0), `string` or `flag`.",
        "show": "How the side panel shows it: `bar`, `value` or `hidden` (flags default to hidden).",
        "unit": (
            "How a number is written: `currency` (the story's own, see `presentation`), `percent`, `weeks`, "
            "`none`, or `{prefix: ..., suffix: ...}`."
        ),
        "help": "One line explaining the variable, shown with its stats.",
    },
    "PoolEntry": {
        "name": "The pool this scene joins (any name; `draw:` and `offer:` use it).",
        "when": "An expression: the scene is eligible only while it is true.",
        "weight": "How likely a draw picks it, relative to the other members (more than 0).",
    },
    "Outcome": {
        "effects": "Applied when this outcome happens.",
        "goto": "The scene this outcome leads to, or `$return`.",
        "draw": "Go to a random eligible member of this pool.",
    },
    "Check": {
        "stat": "The number variable the check rolls against (with `difficulty`).",
        "difficulty": "How hard the check is: the odds are the stat against this number.",
    },
    "InputSpec": {
        "variable": "The declared string variable the typed text goes into.",
        "prompt": "The question shown above the text field.",
        "default": "The text already typed when the field opens.",
        "max_length": "The longest text the player can type (1 to 80).",
    },
    "Choice": {
        "id": "Unique within the scene; saves and transcripts record it.",
        "text": "What the player reads (required, except with `offer`); may use `{{ }}`.",
        "renamed_from": "The ids this choice had in released versions: old saves keep loading.",
        "when": "An expression: the choice is shown only when it is true.",
        "effects": "Applied when the choice is taken, before moving on.",
        "check": "Makes this a risky choice: `stat` + `difficulty`, or `chance`.",
        "success": "With `check`: what follows when it succeeds.",
        "failure": "With `check`: what follows when it fails.",
        "input": "Ask the player to type a value into a string variable.",
    },
    "Chapter": {"id": "The chapter's id: scenes name it in `chapter:` (or a file gives its scenes one)."},
    "Ending": {
        "id": "The ending's id, unique in the story (the gallery records it).",
        "title": "The ending's title, shown in the gallery.",
    },
    "Scene": {
        "id": "Unique across every file: letters, digits and `_`, not starting with a digit.",
        "title": "The scene's title; may use `{{ }}`.",
        "text": "Markdown with Jinja2: `{{ name }}`, `{% if fame > 50 %}…{% endif %}`.",
        "effects": "Applied each time the scene is entered.",
        "pool": "The storylet pools this scene joins (`draw:` and `offer:` pick from them).",
        "choices": "What the player can do; every scene but an ending needs at least one.",
        "ending": "Makes this an ending scene: `id` and `title`.",
    },
    "Origin": {
        "id": "The origin's id (transcripts and `--origin` use it).",
        "name": "The musician's name, shown when choosing whom to play.",
        "home": "Where the musician comes from (a word shown to the player).",
        "instrument": "The musician's instrument (a word shown to the player).",
        "intro": "The paragraph shown before the first scene.",
        "start": "The first scene's id.",
    },
}
# Keys whose value names variables of the story (a mapping of variable name to value).
VARIABLE_MAPS = {("Effects", k) for k in ("set", "calc", "add", "fair", "roll")} | {("Origin", "set")}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _is_mapping(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is dict:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_mapping(a) for a in typing.get_args(annotation))
    return False


def doc(model: type[BaseModel], key: str) -> str:
    field = model.model_fields.get(key)
    if field is not None and field.description:
        return field.description
    return DOCS.get(model.__name__, {}).get(key, "")


def keys_of(model: type[BaseModel]) -> list[tuple[str, str, bool]]:
    """(key, documentation, required) for every key of ``model``, in the model's order."""
    return [(name, doc(model, name), field.is_required()) for name, field in model.model_fields.items()]


def model_at(path: list[str]) -> tuple[type[BaseModel] | None, str | None]:
    """The model whose keys are written at ``path`` (parent keys, "[]" for list items), or, when the path
    is inside a mapping of variable names (`set:`, `add:`, an origin's `set:`), (None, "variables")."""
    model: type[BaseModel] | None = models.StoryFile
    pending_name = False  # inside dict[str, Model]: the next key is a name, then the model's keys
    for part in path:
        if part == "[]":
            continue
        if model is None:
            return None, None
        if pending_name:
            pending_name = False
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None, None
        if (model.__name__, part) in VARIABLE_MAPS:
            return None, "variables"
        inner = _models_in(field.annotation)
        if not inner:
            return None, None
        pending_name = _is_mapping(field.annotation)
        model = inner[0]
    if pending_name:
        return None, "names"
    return model, None
