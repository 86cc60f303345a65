"""`steppe schema`: the JSON Schema of a story file, generated from the pydantic models.

The committed copy lives at ``game/story/story.schema.json`` so story files can point editors at it with
``# yaml-language-server: $schema=<relative path>``; a test keeps it equal to what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.story.models import story_json_schema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "story" / "story.schema.json"


def _accept_single_pool(schema: dict[str, Any]) -> None:
    """`pool:` takes one entry or a list (a before-validator turns one into a list); say so to editors.

    The model's own schema only shows the list, so an editor would flag the common `pool: {name: gigs}`.
    """
    scene = schema.get("$defs", {}).get("Scene", {})
    pool = scene.get("properties", {}).get("pool")
    if pool is None or "anyOf" in pool:
        return
    entry = {"$ref": "#/$defs/PoolEntry"}
    listed = {key: value for key, value in pool.items() if key in ("items", "type")}
    rest = {key: value for key, value in pool.items() if key not in ("items", "type")}
    scene["properties"]["pool"] = {**rest, "anyOf": [entry, listed]}


# JSON Schema's names for the bounds pydantic leaves under its own names when it cannot push them into the
# branches of a union (`weight: int | float` with gt=0 came out as "gt": 0, which no editor understands).
_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
# The format's rules between keys, which the models check in code (E303, E304, E307): said to editors too.
_RULES: dict[str, dict[str, Any]] = {
    "Choice": {
        "allOf": [
            {
                "oneOf": [{"required": [k]} for k in ("goto", "draw", "offer", "check")],
                "description": "A choice does exactly one of goto, draw, offer, check.",
            },
            {"anyOf": [{"required": ["text"]}, {"required": ["offer"]}], "description": "text is required"},
        ],
        "dependentRequired": {
            "check": ["success", "failure"],
            "success": ["check"],
            "failure": ["check"],
            "limit": ["offer"],
            "require": ["locked"],
        },
    },
    "Outcome": {"oneOf": [{"required": ["goto"]}, {"required": ["draw"]}]},
    "Check": {"oneOf": [{"required": ["stat", "difficulty"]}, {"required": ["chance"]}]},
}


def _document(schema: dict[str, Any]) -> None:
    """Every key gets its documentation (lsp.keys completes the models' own), and no key a title: editors
    show a title per branch of a union ("When || When") and the description says it better."""
    from game.story import models
    from game.tools.lsp.keys import doc

    for name, definition in schema.get("$defs", {}).items():
        model = getattr(models, name, None)
        for key, prop in definition.get("properties", {}).items():
            _tidy(prop)
            if "description" not in prop and model is not None:
                text = doc(model, key) or _inner_description(prop)
                if text:
                    prop["description"] = text
        definition.update(_RULES.get(name, {}))
    for key, prop in schema.get("properties", {}).items():
        _tidy(prop)
        prop.setdefault("description", doc(models.StoryFile, key))


def _inner_description(prop: dict[str, Any]) -> str:
    for branch in prop.get("anyOf", []):
        if isinstance(branch, dict) and branch.get("description"):
            return str(branch["description"])
    return ""


def _tidy(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("title", None)
        for ours, theirs in _BOUNDS.items():
            if ours in node:
                node[theirs] = node.pop(ours)
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):  # a mapping of key names: "title" is a key
                for prop in value.values():
                    _tidy(prop)
            else:
                _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)


def schema() -> dict[str, Any]:
    generated = story_json_schema()
    _accept_single_pool(generated)
    _document(generated)
    return generated


def schema_text() -> str:
    """The schema as the committed file holds it: stable key order, two-space indent, final newline."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(target: Path) -> None:
    target.write_text(schema_text(), encoding="utf-8")
