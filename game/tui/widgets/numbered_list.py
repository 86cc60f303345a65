"""A list whose items carry numbers: digit keys 1–9 pick them, as do arrows, Enter and the mouse.

Used for the title menu, the musicians, the scene's choices and the ending's menu. Labels are built as
:class:`Content` (never parsed as markup), so a choice text holding ``[b]`` or ``[@click=…]`` is shown
exactly as written. Locked items stay visible, dimmed, with the reason; picking one says why it is locked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.text import literal, wrap
from game.tui.widgets.sized_ahead import SteadyScrollbars


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    text: str
    enabled: bool = True
    reason: str | None = None  # why a locked item is locked
    note: str | None = None  # a short aside: "60% chance"
    detail: str | None = None  # a second, dimmer line
    number: int | None = None  # the number shown and picked by digit (default: its place in the list)
    seen: bool = False  # taken in an earlier playthrough or earlier in this one: shown dimmer, marked
    lock_label: bool = True  # a disabled item says "locked" (off where "not found yet" says it already)


def digit_bindings(description: str = "Choose", tooltip: str = "") -> list[Binding]:
    """1–9 pick the numbered item; the footer and the help show them once, as "1-9"."""
    return [
        Binding(str(n), f"pick({n})", description, key_display="1-9", show=n == 1, tooltip=tooltip)
        for n in range(1, 10)
    ]


INDENT = 3  # the number column: " 1 "
# The parts of a label that have a look of their own: the list's component classes ("numbered-list--seen").
PARTS = ("number", "seen", "mark", "lock", "note", "detail", "dot")
Look = Mapping[str, Style | str]
PLAIN: Look = dict.fromkeys(PARTS, "")


def item_label(number: int | None, item: Item, width: int = 0, look: Look = PLAIN) -> Content:
    """The item's label: number, text, odds or lock reason, and a dim detail line.

    With a known ``width``, long labels wrap under the text rather than under the number (a hanging indent).
    """
    seen = item.seen and item.enabled
    parts: list[Content] = [literal(item.text).stylize(look["seen"]) if seen else literal(item.text)]
    if seen:
        parts.append(Content.styled("  ✓", look["mark"]))
    if not item.enabled and item.lock_label:
        parts.append(literal(f"  — locked: {item.reason}" if item.reason else "  — locked").stylize(look["lock"]))
    body = Content.assemble(*parts)
    indent = INDENT if number is not None else 0
    room = width - indent
    lines = wrap(body, room) if room >= 10 else [body]
    if item.note:
        # The odds stay in one piece: after the text when they fit, else on a line of their own.
        note = literal(item.note).stylize(look["note"])
        if room < 10 or lines[-1].cell_length + 5 + note.cell_length <= room:
            lines[-1] = Content.assemble(lines[-1], Content.styled("  ·  ", look["dot"]), note)
        else:
            lines.append(note)
    if item.detail:
        detail = literal(item.detail).stylize(look["detail"])
        lines += wrap(detail, room) if room >= 10 else [detail]
    pad = Content(" " * indent)
    label = Content("\n").join(Content.assemble(pad, line) if index else line for index, line in enumerate(lines))
    if number is None:
        return label
    return Content.assemble(Content.styled(f"{number:>2} " if number < 10 else f"{number}", look["number"]), label)


class NumberedList(SteadyScrollbars, OptionList):
    """An OptionList of :class:`Item` with numbers shown and picked by digit. The look of a label's parts is
    the list's component classes; labels are built again when that look changes (a new theme)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*OptionList.COMPONENT_CLASSES, *(f"numbered-list--{p}" for p in PARTS)}
    DEFAULT_CSS = """
    NumberedList > .numbered-list--number { color: $accent; text-style: bold; }
    NumberedList > .numbered-list--seen { color: $text-muted; }
    NumberedList > .numbered-list--mark { text-style: dim; }
    NumberedList > .numbered-list--lock { text-style: italic; }
    NumberedList > .numbered-list--note { color: $warning; text-style: italic; }
    NumberedList > .numbered-list--detail { text-style: dim; }
    NumberedList > .numbered-list--dot { text-style: dim; }
    """

    class Picked(Message):
        """An enabled item was chosen (by number, Enter or click)."""

        def __init__(self, numbered: NumberedList, item: Item) -> None:
            super().__init__()
            self.numbered = numbered
            self.item = item

        @property
        def control(self) -> NumberedList:
            return self.numbered

    class Relabelled(Message):
        """The labels were rebuilt (new items, or re-wrapped for a new width): the list's height may differ."""

    class LockedPicked(Message):
        """A locked item was picked: the screen tells the player why."""

        def __init__(self, numbered: NumberedList, item: Item) -> None:
            super().__init__()
            self.numbered = numbered
            self.item = item

    def __init__(
        self,
        items: list[Item] | None = None,
        *,
        numbered: bool = True,
        hanging: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.numbered = numbered
        self.hanging = hanging  # wrap long labels under their text (off for lists sized to their content)
        self.items: list[Item] = []
        self._label_width = 0
        self._lines_width = -1  # the width OptionList last wrapped the options at (-1: not yet)
        self._look: Look = PLAIN  # the look the labels were built with (plain until styles are known)
        if items:
            self.set_items(items)

    def set_items(self, items: list[Item], *, keep_highlight: bool = False) -> None:
        keep = self.highlighted if keep_highlight else None
        self.items = list(items)
        self.clear_options()
        width = self._label_width
        if self.is_mounted:
            self._look = self.look()
        look = self._look
        self.add_options(
            [
                Option(
                    item_label(self.number_of(index) if self.numbered else None, item, width, look),
                    id=str(index),
                    disabled=not item.enabled,
                )
                for index, item in enumerate(self.items)
            ]
        )
        self._lines_width = self.scrollable_content_region.width  # what the options were just wrapped at
        first = next((i for i, item in enumerate(self.items) if item.enabled), None)
        self.highlighted = keep if keep is not None and keep < len(self.items) else first
        self.post_message(self.Relabelled())

    def look(self) -> Look:
        return {part: self.get_visual_style(f"numbered-list--{part}", partial=True) for part in PARTS}

    def on_mount(self) -> None:
        self._relook()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            # After the whole stylesheet pass: the component classes' styles may be updated after ours.
            self.call_later(self._relook)

    def _relook(self) -> None:
        # Labels hold resolved colours: build them again only when the look really changed (a theme, not
        # a focus change), so a list is not relabelled for nothing.
        if self.items and self.look() != self._look:
            self.set_items(self.items, keep_highlight=True)

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width == self._lines_width and (not self.hanging or width == self._label_width):
            # OptionList's own handler (called after this one) forgets how every option wraps and redraws
            # them all a frame later, on any resize; but only a new width changes the wrapping. A scene with
            # more or fewer choices than the last gives the list a new height alone, and that redraw came
            # 25-35 ms after the scene was drawn.
            event.prevent_default()
            return
        self._lines_width = width
        # Labels are wrapped by hand (for the hanging indent), so a new width means new labels.
        if self.hanging and width != self._label_width:
            self._label_width = width
            if self.items:
                self.set_items(self.items, keep_highlight=True)

    def highlighted_item_key(self) -> str | None:
        index = self.highlighted
        return self.items[index].key if index is not None and 0 <= index < len(self.items) else None

    def highlight_key(self, key: str | None) -> None:
        for index, item in enumerate(self.items):
            if item.key == key and item.enabled:
                self.highlighted = index
                return

    def number_of(self, index: int) -> int:
        number = self.items[index].number
        return number if number is not None else index + 1

    def _index_numbered(self, number: int) -> int | None:
        return next((i for i in range(len(self.items)) if self.number_of(i) == number), None)

    def item_numbered(self, number: int) -> Item | None:
        """The item shown with ``number``, if there is one."""
        index = self._index_numbered(number)
        return None if index is None else self.items[index]

    def pick(self, number: int) -> bool:
        """Choose the item shown with ``number``. Returns False when there is no such item."""
        index = self._index_numbered(number)
        if index is None:
            return False
        item = self.items[index]
        if not item.enabled:
            self.post_message(self.LockedPicked(self, item))
            return True
        self.highlighted = index
        self.post_message(self.Picked(self, item))
        return True

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        item = self.items[int(event.option.id)]
        if item.enabled:
            self.post_message(self.Picked(self, item))
