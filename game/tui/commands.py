"""The command palette (Ctrl+P): the game's commands, Textual's theme picker and Quit, in one provider so
they are always listed in the same order (two providers raced, and the list came out in either order)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, what it does, app action). Shown in this order when the palette opens.
GAME_COMMANDS: list[tuple[str, str, str]] = [
    ("Save game", "Save to a named slot", "save"),
    ("Load game", "Load a save", "load"),
    ("Quick save", "Save to the quick slot (F5)", "quicksave"),
    ("Quick load", "Load the quick slot (F9)", "quickload"),
    ("Journal", "The whole playthrough so far", "journal"),
    ("Stats", "Every stat, and charts of how they moved", "stats"),
    ("Undo", "Take back the last choice", "undo"),
    ("Export career story", "The playthrough as a Markdown or HTML document, beside the saves", "export"),
    ("Settings", "Theme, side panel, text width, reduced motion", "settings"),
    ("Help", "Every key, and how saving works", "help"),
    ("New game", "Choose a musician and start again", "new_game"),
    ("Endings gallery", "Every ending you have reached", "gallery"),
    ("Title screen", "Back to the title menu", "to_title"),
    ("Theme", "Change the colours (remembered for next time)", "change_theme"),
    ("Quit", "Leave the game (it is saved after every choice)", "quit"),
]


class GameCommands(Provider):
    async def _run(self, action: str) -> None:
        await self.app.run_action(f"app.{action}")

    async def discover(self) -> Hits:
        for name, help_text, action in GAME_COMMANDS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in GAME_COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_text)
