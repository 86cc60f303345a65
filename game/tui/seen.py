"""What the player has seen across every playthrough: scenes entered and choices taken, in ``seen.json``
beside the saves. The scene screen marks choices already taken (as Ren'Py greys them) so the player sees
which paths are new, and the gallery counts how much of the story has been seen. The text of each ending
as it was last read is kept too, so the gallery can open a found ending again.

Ids, and the endings' text as shown (a musician's name in it is shown literally, through the same Markdown
renderer as the scene, so it can hold nothing that runs). A damaged file is read as nothing seen (and
replaced on the next write); writes are atomic. Debug starts record nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SEEN_FILE = "seen.json"
MAX_BYTES = 4_000_000
MAX_ENDING_TEXT = 40_000


@dataclass(frozen=True, slots=True)
class Reading:
    """An ending as it was last read: its title, its text (Markdown) and whose ending it was."""

    title: str
    text: str
    musician: str


class Seen:
    def __init__(self, folder: Path, *, read: bool = True) -> None:
        self.folder = folder
        self.scenes: set[str] = set()
        self.choices: set[tuple[str, str]] = set()
        self.endings: dict[str, Reading] = {}
        if read:
            self._read()

    def _read(self) -> None:
        path = self.folder / SEEN_FILE
        try:
            if not path.is_file() or path.stat().st_size > MAX_BYTES:
                return
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return
        if not isinstance(data, dict):
            return
        scenes, choices = data.get("scenes"), data.get("choices")
        if isinstance(scenes, list):
            self.scenes = {s for s in scenes if isinstance(s, str)}
        endings = data.get("endings")
        if isinstance(endings, dict):
            for ending_id, item in endings.items():
                if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("title", "text", "musician")):
                    self.endings[ending_id] = Reading(item["title"], item["text"][:MAX_ENDING_TEXT], item["musician"])
        if isinstance(choices, list):
            self.choices = {
                (c[0], c[1])
                for c in choices
                if isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) for x in c)
            }

    def has_choice(self, scene_id: str, choice_id: str) -> bool:
        return (scene_id, choice_id) in self.choices

    def mark(self, scene_id: str, choice_id: str | None, target: str | None) -> bool:
        """Record a choice taken (and the scene it led to); True when something new was learned."""
        before = (len(self.scenes), len(self.choices))
        self.scenes.add(scene_id)
        if choice_id is not None:
            self.choices.add((scene_id, choice_id))
        if target:
            self.scenes.add(target)
        return (len(self.scenes), len(self.choices)) != before

    def keep_ending(self, ending_id: str, title: str, text: str, musician: str) -> None:
        self.endings[ending_id] = Reading(title, text[:MAX_ENDING_TEXT], musician)

    def snapshot(self) -> dict[str, Any]:
        """The data to write, taken now (the writing happens on another thread while play goes on)."""
        return {
            "scenes": sorted(self.scenes),
            "choices": [list(c) for c in sorted(self.choices)],
            "endings": {key: asdict(reading) for key, reading in sorted(self.endings.items())},
        }

    def write(self, data: dict[str, Any] | None = None) -> str | None:
        """Write the file atomically (``data`` from :meth:`snapshot`); returns why it failed, or None."""
        data = data if data is not None else self.snapshot()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # The saves' own atomic write: a crash mid-write leaves the previous file, and no temp behind.
            # (Imported here: the saves package brings the engine with it, and this module is imported
            # before the title's first frame.)
            from game.saves.atomic import atomic_write

            atomic_write(self.folder / SEEN_FILE, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        except OSError as err:
            return err.strerror or str(err)
        return None
