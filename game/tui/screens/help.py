"""Help: every key, and how saving works."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, Static

from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import HangingList

# Keys that are not bindings of ours (Textual's own, or the scene list's): said here, once.
OTHER_KEYS: list[tuple[str, str]] = [
    ("↑ ↓  Enter", "move through a list and pick; the mouse works too"),
    ("Ctrl+P", "command palette: save, load, journal, stats, settings, help, theme…"),
]
KEY_NAMES = {
    "question_mark": "?",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "space": "Space",
    "escape": "Escape",
    "enter": "Enter",
}


def key_name(key: str) -> str:
    """'ctrl+s' -> 'Ctrl+S', 'question_mark' -> '?', 'f5' -> 'F5'."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if len(key) == 1:
        return key
    return "+".join(part.upper() if len(part) == 1 else part.capitalize() for part in key.split("+"))


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """One row per binding that does something for the player (keys joined, the nine digits as one
    "1-9"), worded by its tooltip or else its description: the help can never drift from the bindings."""
    rows: list[tuple[str, str]] = []
    shown: set[str] = set()
    for binding in bindings:
        if not isinstance(binding, Binding) or not (binding.tooltip or binding.description):
            continue
        digit = binding.action.startswith("pick(")
        keys = "1-9" if digit else "  ".join(key_name(k.strip()) for k in binding.key.split(","))
        if keys in shown:
            continue
        shown.add(keys)
        rows.append((keys, binding.tooltip or binding.description))
    return rows


def all_key_rows() -> list[tuple[str, str]]:
    from game.tui.app import SteppeApp
    from game.tui.screens.scene import SceneScreen

    return binding_rows([*SceneScreen.BINDINGS, *SteppeApp.BINDINGS]) + OTHER_KEYS


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
    """The keys' column and what each does; the column's look is the stylesheet's (``#help-keys``)."""
    rows = all_key_rows()
    column = max(len(key) for key, _ in rows) + 3
    return [(Content(key.ljust(column)), Content(what)) for key, what in rows]


class HelpScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("Keys", classes="help-heading", markup=False)
            yield HangingList(key_rows(), id="help-keys")
            yield Markdown(SAVING, id="help-text", open_links=False)
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()
