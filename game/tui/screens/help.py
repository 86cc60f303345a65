"""Help: every key, and how saving works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from game.tui.widgets.hanging import HangingList

KEYS: list[tuple[str, str]] = [
    ("1 – 9", "pick the numbered choice or menu item"),
    ("↑ ↓  Enter", "move through a list and pick; the mouse works too"),
    ("PgUp PgDn  Space", "scroll a long scene"),
    ("j", "journal: the whole playthrough so far"),
    ("s", "stats, with charts of how they moved"),
    ("u  Ctrl+Z", "undo the last choice (as many times as you like)"),
    ("p", "show or fold the side panel (it folds by itself on narrow terminals)"),
    ("Ctrl+S", "save to a named slot"),
    ("Ctrl+O", "load a save"),
    ("F5  F9", "quick save, quick load"),
    ("Ctrl+P", "command palette: save, load, journal, stats, help, theme, quit…"),
    ("Escape", "back: close a screen or dialog; from a scene, the title menu"),
    ("? F1", "this help"),
    ("Ctrl+Q", "quit (your game is already saved)"),
]

SAVING = """\
## How saving works

- **The game saves itself after every choice** (three autosaves, newest first), so quitting never loses
  anything: **Continue** on the title screen picks up where you left off.
- **Named saves**: press **Ctrl+S** and give the save a name. Saving over a name asks first.
- **Quick save**: **F5** saves to one quick slot, **F9** loads it back.
- **Load**: **Ctrl+O**, or *Load* on the title screen, lists every save with the musician, scene, week
  and play time. A damaged save is marked and never deleted; its previous version loads instead when
  there is one.
- Saves keep the story's ids and your choices, so they still load after the story is updated.
- **Undo** (**u**) takes back choices one at a time, even after loading.
- Endings you reach are kept in the **endings gallery**, across every playthrough.
"""


def key_rows() -> list[tuple[Content, Content]]:
    column = max(len(key) for key, _ in KEYS) + 3
    return [(Content.styled(key.ljust(column), "bold $accent"), Content(what)) for key, what in KEYS]


class HelpScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Content.styled("Keys", "bold $primary"), classes="help-heading")
            yield HangingList(key_rows(), id="help-keys")
            yield Markdown(SAVING, id="help-text", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()
