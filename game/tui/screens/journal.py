"""The journal: the whole playthrough so far, scene by scene, with the choices made. Scrollable."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.tui.safety import shielded
from game.tui.text import literal
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import HangingList

JOURNAL_COLUMN = 10  # "Week 100" and a gap

if TYPE_CHECKING:
    from game.engine.journal import History
    from game.engine.session import Session


def journal_rows(session: Session, history: History, current_title: str) -> list[tuple[Content, Content]]:
    """Week in the left column; the scene, the choice made and what it changed to its right."""
    rows: list[tuple[Content, Content]] = []
    blank = Content("")
    for record in history.records:
        rows.append((literal(f"Week {record.week}", "dim"), literal(record.scene_title, "bold")))
        choice = [literal("→ "), literal(record.choice_text)]
        if record.typed is not None:
            choice += [literal(": “"), literal(record.typed, "italic $primary"), literal("”")]
        if record.outcome == "success":
            choice.append(Content.styled("  ✓ it worked", "$success"))
        elif record.outcome == "failure":
            choice.append(Content.styled("  ✗ it didn't work out", "$error"))
        rows.append((blank, Content.assemble(*choice)))
        if record.changes:
            rows.append((blank, literal("  ·  ".join(record.changes), "dim")))
    week = session.game.variables.get("week", "")
    rows.append(
        (
            literal(f"Week {week}", "dim"),
            Content.assemble(literal(current_title, "bold $primary"), literal("  (you are here)", "italic dim")),
        )
    )
    if not history.complete:
        rows.append(
            (
                blank,
                literal(
                    "Some early turns are shown by their ids: the story changed since they were played.",
                    "italic $warning",
                ),
            )
        )
    return rows


class JournalScreen(Screen[None]):
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

    def compose(self) -> ComposeResult:
        yield Static(id="journal-heading")
        with VerticalScroll(id="journal-box"):
            yield HangingList(id="journal-text", column=JOURNAL_COLUMN)
        yield GameFooter()

    @shielded("The journal could not be shown")
    def on_mount(self) -> None:
        session = self.session
        history = session.history()
        heading = f"Journal of {session.musician()}  ·  {len(history.records)} choices"
        self.query_one("#journal-heading", Static).update(literal(heading))
        self.query_one("#journal-text", HangingList).set_rows(journal_rows(session, history, self.current_title))
        box = self.query_one("#journal-box", VerticalScroll)
        box.focus()
        box.scroll_end(animate=False, immediate=True)

    def action_scroll(self, where: str) -> None:
        box = self.query_one("#journal-box", VerticalScroll)
        if where == "home":
            box.scroll_home(animate=False)
        else:
            box.scroll_end(animate=False)
