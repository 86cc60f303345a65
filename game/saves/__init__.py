"""Saving and resuming: atomic save files with backups, story-edit migration, and the endings gallery.

Never imports Textual. The slot list screen lives in ``game.tui.screens.slots``.
"""

from game.saves.store import (
    DamagedSlotError,
    LoadResult,
    SaveError,
    SaveStore,
    SlotInfo,
    default_saves_dir,
    slot_key,
)

__all__ = ["DamagedSlotError", "LoadResult", "SaveError", "SaveStore", "SlotInfo", "default_saves_dir", "slot_key"]
