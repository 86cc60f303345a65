"""What the title screen must know on its first frame, found without loading the story or the saves code.

The title's numbered menu must not change under the player's finger: whether it has a Continue item is
decided here, from a glance at the saves folder's file names (a listing, no file read). Importing the saves
package costs about 100 ms (it brings the engine); this module imports nothing of the game but the
checkout test, so the folder rule is repeated from ``game.saves.store.default_saves_dir`` (a test checks
that both agree).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "steppe-to-stage"
SAVE_SUFFIX = ".save.json"


def saves_folder(chosen: str | os.PathLike[str] | None = None) -> Path:
    """``chosen`` (``--saves``), else ``$STEPPE_SAVES``, else the checkout's ``saves/``, else the user's."""
    if chosen:
        return Path(chosen)
    from game.story.bundled import is_source_checkout

    env = os.environ.get("STEPPE_SAVES")
    if env:
        return Path(env).expanduser()
    if is_source_checkout():
        return Path(__file__).resolve().parent.parent.parent / "saves"
    try:
        import platformdirs
    except ImportError:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        return Path(base) / APP_NAME
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def has_saves(folder: Path) -> bool:
    """Whether the folder holds any save file at all (then the title offers Continue from the start)."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(SAVE_SUFFIX) and not e.name.startswith(".") for e in entries)
    except OSError:
        return False
