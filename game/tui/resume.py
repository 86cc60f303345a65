"""Which save Continue resumes: the game the player was last playing, never one that has ended."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.saves.store import SaveStore, SlotInfo
    from game.story.compiled import Story


def has_ended(story: Story, scene_id: str) -> bool:
    current = story.resolve_scene(scene_id)
    return current is not None and story.scenes[current].is_ending


# An autosave's key: the playthrough's chain and its place in it (1 is the newest).
_CHAIN = re.compile(r"autosave-([0-9a-f]{8})-(\d+)")


def resumable(store: SaveStore, story: Story) -> SlotInfo | None:
    """The most recently written save that loads and whose game goes on (an ending is read, not resumed):
    once a playthrough's newest autosave is an ending, its older autosaves are not offered either.

    Loading a save writes an autosave of it at once (see the app), so the newest save is the game last
    played even when it came from an older named slot."""
    slots = store.list_slots(story)
    newest: dict[str, tuple[int, bool]] = {}  # chain -> (index, ended) of its newest autosave
    for info in slots:
        match = _CHAIN.fullmatch(info.slot)
        if match and info.saved_at is not None:
            chain, index = match.group(1), int(match.group(2))
            if chain not in newest or index < newest[chain][0]:
                newest[chain] = (index, has_ended(story, info.scene))
    finished = {chain for chain, (_, ended) in newest.items() if ended}

    def goes_on(info: SlotInfo) -> bool:
        match = _CHAIN.fullmatch(info.slot)
        return not has_ended(story, info.scene) and not (match and match.group(1) in finished)

    candidates = [info for info in slots if info.loadable and info.saved_at is not None and goes_on(info)]
    return max(candidates, key=lambda info: info.saved_at, default=None)  # type: ignore[arg-type, return-value]
