"""A list whose items carry numbers: digit keys 1–9 pick them, as do arrows, Enter and the mouse.

Used for the title menu, the musicians, the scene's choices and the ending's menu. Labels are built as
:class:`Content` (never parsed as markup), so a choice text holding ``[b]`` or ``[@click=…]`` is shown
exactly as written. Locked items stay visible, dimmed, with the reason; picking one says why it is locked.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.text import literal


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    text: str
    enabled: bool = True
    reason: str | None = None  # why a locked item is locked
    note: str | None = None  # a short aside: "60% chance"
    detail: str | None = None  # a second, dimmer line


def digit_bindings(description: str = "Choose") -> list[Binding]:
    """1–9 pick the numbered item; the footer shows them once, as "1-9"."""
    return [Binding(str(n), f"pick({n})", description, key_display="1-9", show=n == 1) for n in range(1, 10)]


INDENT = 3  # the number column: " 1 "


def item_label(number: int | None, item: Item, width: int = 0) -> Content:
    """The item's label: number, text, odds or lock reason, and a dim detail line.

    With a known ``width``, long labels wrap under the text rather than under the number (a hanging indent).
    """
    parts: list[Content] = [literal(item.text)]
    if not item.enabled:
        parts.append(literal(f"  — locked: {item.reason}" if item.reason else "  — locked", "italic"))
    body = Content.assemble(*parts)
    indent = INDENT if number is not None else 0
    room = width - indent
    lines = body.wrap(room) if room >= 10 else [body]
    if item.note:
        # The odds stay in one piece: after the text when they fit, else on a line of their own.
        note = literal(item.note, "italic $warning")
        if room < 10 or lines[-1].cell_length + 5 + note.cell_length <= room:
            lines[-1] = Content.assemble(lines[-1], Content.styled("  ·  ", "dim"), note)
        else:
            lines.append(note)
    if item.detail:
        detail = literal(item.detail, "dim")
        lines += detail.wrap(room) if room >= 10 else [detail]
    pad = Content(" " * indent)
    label = Content("\n").join(Content.assemble(pad, line) if index else line for index, line in enumerate(lines))
    if number is None:
        return label
    return Content.assemble(Content.styled(f"{number:>2} " if number < 10 else f"{number}", "bold $accent"), label)


class NumberedList(OptionList):
    """An OptionList of :class:`Item` with numbers shown and picked by digit."""

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
        if items:
            self.set_items(items)

    def set_items(self, items: list[Item], *, keep_highlight: bool = False) -> None:
        keep = self.highlighted if keep_highlight else None
        self.items = list(items)
        self.clear_options()
        width = self._label_width
        self.add_options(
            [
                Option(
                    item_label(index + 1 if self.numbered else None, item, width),
                    id=str(index),
                    disabled=not item.enabled,
                )
                for index, item in enumerate(self.items)
            ]
        )
        first = next((i for i, item in enumerate(self.items) if item.enabled), None)
        self.highlighted = keep if keep is not None and keep < len(self.items) else first
        self.post_message(self.Relabelled())

    def on_resize(self) -> None:
        # Labels are wrapped by hand (for the hanging indent), so a new width means new labels.
        width = self.scrollable_content_region.width
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

    def item_numbered(self, number: int) -> Item | None:
        """The item shown with ``number`` (1-based), if there is one."""
        return self.items[number - 1] if 0 < number <= len(self.items) else None

    def pick(self, number: int) -> bool:
        """Choose the item shown with ``number`` (1-based). Returns False when there is no such item."""
        item = self.item_numbered(number)
        if item is None:
            return False
        index = number - 1
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
