"""The endings gallery: every ending of the story, the ones reached (by whom, how often) and the ones not yet."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.tui.text import literal

if TYPE_CHECKING:
    from game.saves.gallery import GalleryEntry
    from game.story.compiled import Story


def gallery_content(story: Story | None, entries: list[GalleryEntry]) -> tuple[str, Content]:
    by_ending: dict[str, list[GalleryEntry]] = {}
    for entry in entries:
        by_ending.setdefault(entry.ending_id, []).append(entry)
    endings: list[tuple[str, str]] = []
    if story is not None:
        endings = [(scene.ending_id or "", scene.ending_title or scene.id) for scene in story.endings.values()]
    known = {ending_id for ending_id, _ in endings}
    endings += [(e.ending_id, e.title) for e in entries if e.ending_id not in known]
    lines: list[Content] = []
    found = 0
    seen: set[str] = set()
    for ending_id, title in endings:
        if ending_id in seen:
            continue
        seen.add(ending_id)
        reached = by_ending.get(ending_id, [])
        if not reached:
            lines.append(Content.styled("  ?  not found yet", "dim"))
            continue
        found += 1
        lines.append(Content.assemble(Content.styled("  ★  ", "$accent"), literal(reached[0].title or title, "bold")))
        for entry in reached:
            times = f" ({entry.count}×)" if entry.count > 1 else ""
            lines.append(literal(f"       {entry.name}{times}, {entry.last.astimezone():%d %b %Y}", "dim"))
    heading = f"Endings gallery  ·  {found} of {len(seen)} found"
    if not lines:
        lines.append(literal("No endings yet: play one through to the end.", "italic"))
    return heading, Content("\n").join(lines)


class GalleryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,g", "app.pop_screen", "Back")]

    def __init__(self, story: Story | None, entries: list[GalleryEntry], problem: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.entries = entries
        self.problem = problem

    def compose(self) -> ComposeResult:
        heading, body = gallery_content(self.story, self.entries)
        yield Static(literal(heading, "bold $primary"), id="gallery-heading")
        with VerticalScroll(id="gallery-box"):
            if self.problem:
                yield Static(literal(self.problem, "italic $warning"))
            yield Static(body, id="gallery-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#gallery-box", VerticalScroll).focus()
