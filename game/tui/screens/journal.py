"""The journal: the whole playthrough so far, scene by scene, with the choices made. Scrollable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static

from game.tui.safety import shielded
from game.tui.text import literal
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import HangingList, RowText
from game.tui.widgets.parts_line import PartsLine
from game.tui.widgets.restyling import RestylesOnTheme

JOURNAL_COLUMN = 10  # "Week 100" and a gap
# The parts of a row with a look of their own: the journal screen's component classes ("journal--week").
PARTS = ("week", "scene", "typed", "worked", "failed", "changes", "here", "here-note", "warning")
Look = Mapping[str, Style | str]
PLAIN: Look = dict.fromkeys(PARTS, "")

if TYPE_CHECKING:
    from game.engine.journal import History
    from game.engine.session import Session


def journal_rows(
    session: Session, history: History, current_title: str, look: Look = PLAIN
) -> list[tuple[Content, RowText]]:
    """Week in the left column; the scene, the choice made and what it changed to its right."""
    rows: list[tuple[Content, RowText]] = []
    blank = Content("")

    def styled(text: object, part: str) -> Content:
        return literal(text).stylize(look[part])

    for record in history.records:
        rows.append((styled(f"Week {record.week}", "week"), styled(record.scene_title, "scene")))
        choice = [literal("→ "), literal(record.choice_text)]
        if record.typed is not None:
            choice += [literal(": “"), styled(record.typed, "typed"), literal("”")]
        if record.outcome == "success":
            choice.append(styled("  ✓ it worked", "worked"))
        elif record.outcome == "failure":
            choice.append(styled("  ✗ it didn't work out", "failed"))
        rows.append((blank, Content.assemble(*choice)))
        if record.changes:
            between = styled("  ·  ", "changes")
            rows.append((blank, PartsLine([(between, styled(change, "changes")) for change in record.changes])))
    week = session.game.variables.get("week", "")
    rows.append(
        (
            styled(f"Week {week}", "week"),
            Content.assemble(styled(current_title, "here"), styled("  (you are here)", "here-note")),
        )
    )
    if not history.complete:
        rows.append(
            (
                blank,
                styled("Some early turns are shown by their ids: the story changed since they were played.", "warning"),
            )
        )
    return rows


class JournalScreen(RestylesOnTheme, Screen[None]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"journal--{part}" for part in PARTS}
    DEFAULT_CSS = """
    JournalScreen > .journal--week { text-style: dim; }
    JournalScreen > .journal--scene { text-style: bold; }
    JournalScreen > .journal--typed { color: $primary; text-style: italic; }
    JournalScreen > .journal--worked { color: $success; }
    JournalScreen > .journal--failed { color: $error; }
    JournalScreen > .journal--changes { text-style: dim; }
    JournalScreen > .journal--here { color: $primary; text-style: bold; }
    JournalScreen > .journal--here-note { text-style: italic dim; }
    JournalScreen > .journal--warning { color: $warning; text-style: italic; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,j,q", "app.pop_screen", "Back"),
        Binding("s", "app.switch_to_stats", "Stats"),
        Binding("e", "app.export", "Export", tooltip="export the career story (Markdown or HTML)"),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "End", show=False),
    ]

    def __init__(self, session: Session, current_title: str) -> None:
        super().__init__()
        self.session = session
        self.current_title = current_title  # the scene the player is in, as shown
        self._look: dict[str, Style | str] | None = None  # the looks the rows were built with

    def compose(self) -> ComposeResult:
        yield Static(id="journal-heading")
        with VerticalScroll(id="journal-box"):
            yield HangingList(id="journal-text", column=JOURNAL_COLUMN)
        yield GameFooter()

    def _parts_look(self) -> dict[str, Style | str]:
        return {part: self.get_visual_style(f"journal--{part}", partial=True) for part in PARTS}

    @shielded("The journal could not be shown")
    def on_mount(self) -> None:
        session = self.session
        history = session.history()
        heading = f"Journal of {session.musician()}  ·  {len(history.records)} choices"
        self.query_one("#journal-heading", Static).update(literal(heading))
        self._fill()
        box = self.query_one("#journal-box", VerticalScroll)
        box.focus()
        box.scroll_end(animate=False, immediate=True)

    def _fill(self) -> None:
        self._look = self._parts_look()
        rows = journal_rows(self.session, self.session.history(), self.current_title, self._look)
        self.query_one("#journal-text", HangingList).set_rows(rows)

    # A new theme: the rows are styled when built (see RestylesOnTheme).
    def drawn_looks(self) -> object | None:
        return self._look

    def current_looks(self) -> object:
        return self._parts_look()

    def redraw(self) -> None:
        self._fill()

    def action_scroll(self, where: str) -> None:
        box = self.query_one("#journal-box", VerticalScroll)
        if where == "home":
            box.scroll_home(animate=False)
        else:
            box.scroll_end(animate=False)
