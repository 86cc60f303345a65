"""The endings gallery as a goal: every ending of the story, the found ones (by whom, how often) to open and
read again, the others with the hint the story writes for them; and how much of the story has been seen,
across every playthrough."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui.text import literal
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings
from game.tui.widgets.prose import Prose

if TYPE_CHECKING:
    from game.saves.gallery import GalleryEntry
    from game.story.compiled import Story
    from game.tui.seen import Seen


@dataclass(frozen=True, slots=True)
class GalleryRow:
    ending_id: str
    title: str
    found: bool
    hint: str
    detail: str  # who reached it, how often, when


def gallery_rows(story: Story | None, entries: list[GalleryEntry]) -> list[GalleryRow]:
    """The story's endings in its order (then any the gallery knows that the story no longer has)."""
    by_ending: dict[str, list[GalleryEntry]] = {}
    for entry in entries:
        by_ending.setdefault(entry.ending_id, []).append(entry)
    endings = [
        (scene.ending_id or "", scene.ending_title or scene.id, scene.ending_hint)
        for scene in (story.endings.values() if story is not None else [])
    ]
    known = {ending_id for ending_id, _, _ in endings}
    endings += [(e.ending_id, e.title, "") for e in entries if e.ending_id not in known]
    rows: list[GalleryRow] = []
    done: set[str] = set()
    for ending_id, title, hint in endings:
        if ending_id in done:
            continue
        done.add(ending_id)
        reached = by_ending.get(ending_id, [])
        detail = "; ".join(
            f"{e.name}{f' ({e.count}×)' if e.count > 1 else ''}, {e.last.astimezone():%d %b %Y}" for e in reached
        )
        rows.append(GalleryRow(ending_id, (reached[0].title if reached else "") or title, bool(reached), hint, detail))
    return rows


def seen_summary(story: Story | None, seen: Seen) -> str:
    """How much of the story has been seen across plays: scenes entered and choices taken."""
    if story is None:
        return ""
    scenes = sum(1 for scene_id in story.scenes if scene_id in seen.scenes)
    all_choices = {(scene.id, choice.id) for scene in story.scenes.values() for choice in scene.choices}
    taken = {(scene_id, choice_id.split(":", 1)[0]) for scene_id, choice_id in seen.choices} & all_choices
    return f"Seen across your plays: {scenes} of {len(story.scenes)} scenes, {len(taken)} of {len(all_choices)} choices"


def row_item(row: GalleryRow) -> Item:
    if row.found:
        return Item(row.ending_id, f"★ {row.title}", detail=row.detail or None)
    return Item(row.ending_id, "? Not found yet", False, detail=row.hint or None, lock_label=False)


class GalleryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Read", "open a found ending and read it again"),
        Binding("escape,q,g", "app.pop_screen", "Back"),
    ]

    def __init__(
        self, story: Story | None, entries: list[GalleryEntry], seen: Seen, problem: str | None = None
    ) -> None:
        super().__init__()
        self.story = story
        self.rows = gallery_rows(story, entries)
        self.seen = seen
        self.problem = problem

    def compose(self) -> ComposeResult:
        found = sum(1 for row in self.rows if row.found)
        yield Static(literal(f"Endings gallery  ·  {found} of {len(self.rows)} found"), id="gallery-heading")
        yield Static(literal(seen_summary(self.story, self.seen)), id="gallery-seen")
        if self.problem:
            yield Static(literal(self.problem), id="gallery-problem")
        if self.rows:
            yield NumberedList([row_item(row) for row in self.rows], id="gallery-list")
        else:
            yield Static("No endings yet: play one through to the end.", id="gallery-empty", markup=False)
        yield GameFooter()

    def on_mount(self) -> None:
        if self.rows:
            self.query_one(NumberedList).focus()

    def action_pick(self, number: int) -> None:
        if self.rows and not self.query_one(NumberedList).pick(number):
            self.app.bell()

    def on_numbered_list_locked_picked(self, event: NumberedList.LockedPicked) -> None:
        event.stop()
        self.notify("Not found yet: " + (event.item.detail or "keep playing."), markup=False)

    def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        reading = self.seen.endings.get(event.item.key)
        if reading is None:
            self.notify(
                "Found before the game kept endings' text: reach it again to read it here.", timeout=4, markup=False
            )
            return
        self.app.push_screen(EndingReadingScreen(reading.title, reading.text, reading.musician))


class EndingReadingScreen(Screen[None]):
    """A found ending, opened from the gallery: its text as it was last read."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "Back")]

    def __init__(self, title: str, text: str, musician: str) -> None:
        super().__init__()
        self.title_text, self.text, self.musician = title, text, musician

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reading-box"):
            yield Static(literal(self.title_text), id="reading-title")
            yield Static(literal(f"as {self.musician} lived it"), id="reading-who")
            yield Prose(id="reading-text")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one(Prose).update(self.text)
        self.query_one("#reading-box", VerticalScroll).focus()
