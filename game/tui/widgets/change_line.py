"""The "what changed" line shown after a choice: "✓ It worked  ·  +3 Skill  ·  −5 Energy"."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from game.tui.text import literal

SHOWN_FOR = 8.0  # seconds: long enough to read five changes, short enough not to linger into the next scene


def change_content(changes: list[str], outcome: str | None) -> Content:
    parts: list[Content] = []
    if outcome == "success":
        parts.append(Content.styled("✓ It worked", "bold $success"))
    elif outcome == "failure":
        parts.append(Content.styled("✗ It didn't work out", "bold $error"))
    for change in changes:
        style = "$error" if change.startswith(("−", "-")) else "$success" if change.startswith("+") else ""
        parts.append(literal(change, f"bold {style}".strip()))
    return Content.styled("  ·  ", "dim").join(parts)


class ChangeLine(Static):
    """Shows the changes, then hides itself; a new choice replaces what is shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self.display = False

    def show_changes(self, changes: list[str], outcome: str | None = None, *, seconds: float = SHOWN_FOR) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not changes and not outcome:
            self.clear()
            return
        self.update(change_content(changes, outcome))
        self.display = True
        if seconds > 0:
            self._timer = self.set_timer(seconds, self.clear)

    class Cleared(Message):
        """The line was hidden (the scene's text may take the room back)."""

    def clear(self) -> None:
        was_shown = self.display
        self.display = False
        self.update("")
        if was_shown:
            self.post_message(self.Cleared())
