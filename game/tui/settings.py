"""The player's settings, kept beside the saves in ``settings.json``: theme, side panel, text width, motion.

Read when the app starts (a few hundred bytes of JSON, before the first frame: the theme must be known
before the stylesheet is read) and written whenever one changes. A damaged or hand-edited file never stops
the game: each value that does not fit is replaced by its default, and the file is rewritten on the next
change. Written atomically (a temporary file, then a rename), so a crash leaves the old settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"
MAX_BYTES = 64_000  # a settings file is tiny; anything bigger is not ours
TEXT_WIDTHS = (0, 60, 72, 88, 100)  # 0: as wide as the column


@dataclass(slots=True)
class Settings:
    theme: str = ""  # "" means the game's own theme
    panel: bool | None = None  # None: the panel folds by itself below 80 columns
    text_width: int = 0  # the scene text's measure, in columns (0: the whole column)
    reduced_motion: bool = False

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        """Settings from parsed JSON; anything of the wrong type falls back to its default."""
        settings = cls()
        if not isinstance(data, dict):
            return settings
        if isinstance(data.get("theme"), str) and len(data["theme"]) <= 80:
            settings.theme = data["theme"]
        if data.get("panel") is None or isinstance(data.get("panel"), bool):
            settings.panel = data.get("panel")
        if type(data.get("text_width")) is int and data["text_width"] in TEXT_WIDTHS:
            settings.text_width = data["text_width"]
        if isinstance(data.get("reduced_motion"), bool):
            settings.reduced_motion = data["reduced_motion"]
        return settings


def load_settings(folder: Path) -> Settings:
    """The settings in ``folder``, or the defaults (missing, unreadable, damaged: never an error)."""
    path = folder / SETTINGS_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return Settings()
        return Settings.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, UnicodeDecodeError):
        return Settings()


def save_settings(folder: Path, settings: Settings) -> str | None:
    """Write the settings; returns why it failed (a read-only folder, say), or None."""
    data = {f.name: getattr(settings, f.name) for f in fields(settings)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The saves' own atomic write: a crash mid-write leaves the previous file, and no temp behind.
        # (Imported here: the saves package brings the engine with it, and this module is imported before
        # the title's first frame.)
        from game.saves.atomic import atomic_write

        atomic_write(folder / SETTINGS_FILE, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    except OSError as err:
        return err.strerror or str(err)
    return None
