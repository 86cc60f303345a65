"""The game's own theme: dusk over the steppe (ochre sun, felt red, evening sky). Textual's themes stay on offer."""

from __future__ import annotations

from textual.theme import Theme

STEPPE_THEME = Theme(
    name="steppe",
    primary="#D9A441",  # sun on dry grass
    secondary="#5B8DB8",  # evening sky
    accent="#C8553D",  # the red of a felt rug
    warning="#E0A03A",
    error="#D0493B",
    success="#7FA65A",
    foreground="#EDE3CF",
    background="#1B1A17",
    surface="#24221E",
    panel="#2E2B25",
    dark=True,
)

DEFAULT_THEME = STEPPE_THEME.name
