"""Where a compiled story's conditions came from, as file:line, for reports that name a `when:`.

The compiled story keeps a scene's file and line but not each condition's; rather than widen the engine's
structures for tools, re-read the scene files (parsed files are cached by content hash, so this is cheap).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.story.compiled import Story
from game.story.yamlsrc import SourceDoc, SourceError, parse_yaml


@dataclass(frozen=True, slots=True)
class Site:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def _parse(file: str) -> SourceDoc | None:
    try:
        return parse_yaml(Path(file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, SourceError):
        return None


def condition_sites(story: Story) -> dict[tuple[str, str, str, str], Site]:
    """("choice", scene, choice, when|require) and ("pool", scene, pool, "when") -> where it is written."""
    sites: dict[tuple[str, str, str, str], Site] = {}
    by_file: dict[str, list[str]] = {}
    for scene in story.scenes.values():
        by_file.setdefault(scene.file, []).append(scene.id)
    for file, scene_ids in by_file.items():
        doc = _parse(file)
        if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("scenes"), list):
            for scene_id in scene_ids:
                scene = story.scenes[scene_id]
                for choice in scene.choices:
                    for key in ("when", "require"):
                        sites[("choice", scene_id, choice.id, key)] = Site(file, scene.line)
            continue
        for index, data in enumerate(doc.data["scenes"]):
            if not isinstance(data, dict) or data.get("id") not in scene_ids:
                continue
            base = ("scenes", index)
            for cindex, choice in enumerate(data.get("choices") or []):
                if isinstance(choice, dict) and isinstance(choice.get("id"), str):
                    for key in ("when", "require"):
                        mark = doc.mark((*base, "choices", cindex, key))
                        sites[("choice", data["id"], choice["id"], key)] = Site(file, mark.line)
            pool = data.get("pool")
            entries = (
                [(pool, (*base, "pool"))]
                if isinstance(pool, dict)
                else [(entry, (*base, "pool", i)) for i, entry in enumerate(pool or []) if isinstance(pool, list)]
            )
            for entry, path in entries:
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    sites[("pool", data["id"], entry["name"], "when")] = Site(file, doc.mark((*path, "when")).line)
    return sites
