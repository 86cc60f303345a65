"""Which save Continue resumes: the game the player was last playing, never one that has ended."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.saves.store import SaveStore, SlotInfo
    from game.story.compiled import Story


def has_ended(story: Story, scene_id: str) -> bool:
    current = story.resolve_scene(scene_id)
    return current is not None and story.scenes[current].is_ending


def resumable(store: SaveStore, story: Story) -> SlotInfo | None:
    """The most recently written save that loads and whose game goes on (an ending is read, not resumed).

    Loading a save writes an autosave of it at once (see the app), so the newest save is the game last
    played even when it came from an older named slot."""
    candidates = [
        info
        for info in store.list_slots(story)
        if info.loadable and info.saved_at is not None and not has_ended(story, info.scene)
    ]
    return max(candidates, key=lambda info: info.saved_at, default=None)  # type: ignore[arg-type, return-value]
