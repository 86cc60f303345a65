"""The key hints at the bottom of every screen. Below 80 columns the command palette's hint gives way and
the hints sit closer (Textual's compact footer), so every key hint of the screen fits (Ctrl+P still opens
the palette)."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

ROOMY = 80


class GameFooter(Footer):
    def on_resize(self, event: events.Resize) -> None:
        roomy = event.size.width >= ROOMY
        self.show_command_palette = roomy
        self.compact = not roomy
