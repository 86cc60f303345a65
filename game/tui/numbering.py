"""Numbers for a scene's options that stay put while an option stays on offer.

A hub's options come and go as conditions change; numbered by position, "Go into the studio" was 2 one
visit and 3 the next, and a player's habit picked the wrong thing. Here an option keeps the number it was
first shown with for as long as it is offered; a new one takes the lowest free number. The list is shown in
number order (so a gap can appear where an option went away: better than a number that moves).
"""

from __future__ import annotations

from itertools import count


class StableNumbers:
    def __init__(self) -> None:
        self._by_scene: dict[str, dict[str, int]] = {}

    def assign(self, scene_id: str, option_ids: list[str]) -> dict[str, int]:
        """The number of each option now offered in ``scene_id`` (keeping earlier numbers)."""
        offered = set(option_ids)
        kept = {key: number for key, number in self._by_scene.get(scene_id, {}).items() if key in offered}
        used = set(kept.values())
        free = (n for n in count(1) if n not in used)
        numbers = {key: kept[key] if key in kept else next(free) for key in option_ids}
        self._by_scene[scene_id] = numbers
        return numbers

    def forget(self) -> None:
        """A new playthrough: the numbers start again from the story's order."""
        self._by_scene.clear()
