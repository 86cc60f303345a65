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


def schema() -> dict[str, Any]:
    generated = story_json_schema()
    _accept_single_pool(generated)
    return generated


def schema_text() -> str:
    """The schema as the committed file holds it: stable key order, two-space indent, final newline."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(target: Path) -> None:
    target.write_text(schema_text(), encoding="utf-8")
