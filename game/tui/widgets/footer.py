"""The key hints at the bottom of every screen. Below 80 columns the command palette's hint gives way and
the hints sit closer (Textual's compact footer), so every key hint of the screen fits (Ctrl+P still opens
the palette).

Textual's footer rebuilds all its keys whenever the screen's bindings are refreshed (a focus change, a
screen resumed, a dialog closed), even when the same keys come out, and each new key restyles itself once
mounted to match the footer's compactness. On this game's screens that was a sixth of the work of drawing
a new scene. Here the footer rebuilds only when what it shows changed, and its keys are built already
matching, so mounting them restyles nothing.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ROOMY = 80


class GameFooter(Footer):
    _shown: Hashable = None  # what the keys now mounted show (None: nothing composed yet)

    def on_resize(self, event: events.Resize) -> None:
        roomy = event.size.width >= ROOMY
        self.compact = not roomy  # the keys follow this themselves
        if self.show_command_palette != roomy:
            self.show_command_palette = roomy
            # The palette's key comes or goes only when the keys are rebuilt (a terminal narrowed below 80
            # columns kept it, and "esc Menu" was cut off).
            if self._shown is not None:
                self.call_after_refresh(self.recompose)

    def _what_it_shows(self, screen: Screen) -> Hashable:
        keys = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip, binding.group)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )
        return keys, self.show_command_palette, self.compact, self.app.ENABLE_COMMAND_PALETTE

    def bindings_changed(self, screen: Screen) -> None:
        if (
            self._shown is not None
            and screen.app.app_focus
            and self.is_attached
            and screen is self.screen
            and self._what_it_shows(screen) == self._shown
        ):
            return  # the same keys again: nothing to rebuild
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._what_it_shows(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # What the key's compact binding (or, for the palette's key, its default) would set once
                # mounted, set before it is styled for the first time.
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
