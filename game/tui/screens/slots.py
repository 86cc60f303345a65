"""The Save / Load modal: the slot list, saving to a new named slot, overwriting and deleting (both asked first).

Keyboard first: digits pick a slot, arrows and Enter too; ``n`` names a new save, ``d`` deletes the highlighted
slot, Escape goes back. Every slot name and musician name came from a player or a file, so it is shown as
plain :class:`Content`, never parsed as markup, with control characters stripped.

Results (``dismiss``): in load mode the :class:`LoadResult` of a save that loaded; in save mode the
:class:`SlotInfo` just written; ``None`` when the player backs out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.present.stat_rows import calendar_text
from game.saves.store import DamagedSlotError, LoadResult, SaveError, SaveStore, SlotInfo, is_reserved, slot_key
from game.tui.screens.dialogs import AskText, Confirm
from game.tui.text import literal, strip_controls
from game.tui.widgets.hanging import HangingLines

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.story.compiled import Story

Mode = Literal["save", "load"]
NEW_SLOT = "__new__"
MAX_NAME = 40


def play_time(seconds: float) -> str:
    minutes = int(seconds) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def saved_when(stamp: datetime | None) -> str:
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M") if stamp else "?"


# The parts of a slot's row with a look of their own: the slots screen's component classes ("slots--name").
PARTS = ("number", "name", "detail", "damaged", "backup")
Look = Mapping[str, Style | str]
PLAIN: Look = dict.fromkeys(PARTS, "")


def slot_label(number: int | None, info: SlotInfo, look: Look = PLAIN, story: Story | None = None) -> HangingLines:
    """One row: number, slot name, then musician · scene · week · play time · when; damage marked. Each of
    its lines wraps under its own text (a narrow terminal), never back to column 0."""
    first: list[Content] = [Content.styled(f"{number:>2}  " if number is not None else "    ", look["number"])]
    first.append(literal(info.display).stylize(look["name"]))
    if info.kind != "slot":
        first.append(Content.styled(f"  ({info.kind})", look["detail"]))
    lines = [Content.assemble(*first)]
    if info.saved_at is not None:
        detail = (
            f"{info.musician} · {info.scene_title} · {calendar_text(story, info.week)} · "
            f"{play_time(info.play_seconds)} played · saved {saved_when(info.saved_at)}"
        )
        lines.append(Content.assemble("    ", literal(detail).stylize(look["detail"])))
    if info.damaged:
        what = "damaged, loads its previous version" if info.from_backup else "damaged"
        lines.append(Content.assemble("    ", literal(f"✗ {what}: {info.damaged}").stylize(look["damaged"])))
    if info.backup_damaged:
        # Said even when the slot itself is fine: that save has nothing to fall back on if it breaks.
        problem = f"! its previous version is damaged: {info.backup_damaged}"
        lines.append(Content.assemble("    ", literal(problem).stylize(look["backup"])))
    return HangingLines(lines)


# The saves' questions use the game's one confirm dialog (the name stays for the tests that look for it).
ConfirmScreen = Confirm


class NameSlotScreen(AskText):
    """Asks for a new slot's name: the game's text-input dialog, refusing empty and reserved names."""

    error_id = "name-error"

    def __init__(self, suggestion: str = "") -> None:
        super().__init__(
            "New save",
            "Name this save:",
            default=suggestion,
            max_length=MAX_NAME,
            hint="Enter to save · Escape to go back",
            ok_label="Save",
        )

    def problem(self, text: str) -> str | None:
        name = text.strip()
        if not name:
            return "Type a name for the save."
        if is_reserved(slot_key(name)):
            return f"'{name}' is kept for the game's own saves; choose another name."
        return None

    def _answer(self, value: str) -> None:
        # The name is kept without its outer spaces, as the slot list shows it.
        text = strip_controls(value)
        reason = self.problem(text)
        if reason is None:
            self.dismiss(text.strip())
        else:
            self.show_problem(reason)


class SlotsScreen(ModalScreen[LoadResult | SlotInfo | None]):
    """Save or load: ``SlotsScreen(store, story, "load")`` or ``SlotsScreen(store, story, "save", game=…)``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"slots--{part}" for part in PARTS}
    DEFAULT_CSS = """
    SlotsScreen > .slots--number { color: $accent; text-style: bold; }
    SlotsScreen > .slots--name { text-style: bold; }
    SlotsScreen > .slots--detail { text-style: dim; }
    SlotsScreen > .slots--damaged { color: $error; }
    SlotsScreen > .slots--backup { color: $warning; }
    SlotsScreen #slots-message.-note { text-style: italic; }
    SlotsScreen #slots-message.-error { color: $error; }
    SlotsScreen { align: center middle; }
    SlotsScreen > Vertical { width: 90%; max-width: 100; height: 90%; border: thick $accent;
                             background: $surface; padding: 0 1; }
    SlotsScreen #slots-title { text-style: bold; color: $accent; padding: 1 0 0 0; }
    SlotsScreen OptionList { height: 1fr; }
    SlotsScreen #slots-message { height: auto; min-height: 1; }
    SlotsScreen #slots-help { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("d", "delete", "Delete"),
        Binding("n", "new", "New save", show=False),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(
        self, store: SaveStore, story: Story, mode: Mode, game: Game | None = None, play_seconds: float = 0.0
    ) -> None:
        super().__init__()
        if mode == "save" and game is None:
            raise ValueError("saving needs the game to save")
        self.store = store
        self.story = story
        self.mode: Mode = mode
        self.game = game
        self.play_seconds = play_seconds
        self.slots: list[SlotInfo] = []
        self._sticky: str | None = None  # the slot a sticky message is about

    # -- building ---------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        title = "Save the game" if self.mode == "save" else "Load a game"
        keys = "n new save · " if self.mode == "save" else ""
        with Vertical():
            yield Static(Content(title), id="slots-title")
            yield OptionList(id="slots-list")
            yield Static(Content(""), id="slots-message")
            yield Static(Content(f"1–9 pick · ↑↓ Enter · {keys}d delete · Esc back"), id="slots-help")

    def on_mount(self) -> None:
        self.refresh_slots()
        self.query_one(OptionList).focus()

    def refresh_slots(self, highlight: str | None = None) -> None:
        slots = self.store.list_slots(self.story)
        if self.mode == "save":
            slots = [s for s in slots if s.kind == "slot"]  # the game's own saves are not for overwriting
        self.slots = slots
        options = []
        look = {part: self.get_visual_style(f"slots--{part}", partial=True) for part in PARTS}
        if self.mode == "save":
            options.append(
                Option(Content.assemble(Content.styled(" n  ", look["number"]), Content("New save…")), id=NEW_SLOT)
            )
        options.extend(
            Option(slot_label(i + 1 if i < 9 else None, s, look, self.story), id=s.slot) for i, s in enumerate(slots)
        )
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        if not slots and self.mode == "load":
            self.say("There are no saves yet.")
        ids = [o.id for o in options]
        listing.highlighted = ids.index(highlight) if highlight in ids else (0 if options else None)

    def say(self, text: str, tone: Literal["", "note", "error"] = "", sticky: bool = False) -> None:
        """Show a message under the list, in a tone the stylesheet colours. A sticky one (the outcome of an
        action) stays until the player moves to another slot; otherwise the list's own highlight message,
        which arrives later, would wipe it."""
        message = self.query_one("#slots-message", Static)
        message.update(literal(text))
        message.set_class(tone == "note", "-note")
        message.set_class(tone == "error", "-error")
        listing = self.query_one(OptionList)
        index = listing.highlighted
        self._sticky = listing.get_option_at_index(index).id if sticky and index is not None else None

    def _highlighted(self) -> SlotInfo | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return next((s for s in self.slots if s.slot == option.id), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id == self._sticky:
            return
        self._sticky = None
        info = next((s for s in self.slots if s.slot == event.option.id), None)
        if info is not None and info.notes:
            self.say("On loading: " + "; ".join(info.notes), "note")
        elif info is not None and info.damaged and not info.loadable:
            self.say(f"This save is damaged and cannot be loaded: {info.damaged}", "error")
        else:
            self.say("")

    # -- acting -----------------------------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == NEW_SLOT:
            self.action_new()
            return
        info = next((s for s in self.slots if s.slot == event.option.id), None)
        if info is not None:
            self.use(info)

    def action_pick(self, number: int) -> None:
        if not 1 <= number <= len(self.slots):
            self.app.bell()
            return
        info = self.slots[number - 1]
        listing = self.query_one(OptionList)
        listing.highlighted = number if self.mode == "save" else number - 1
        self.use(info)

    def use(self, info: SlotInfo) -> None:
        if self.mode == "load":
            self.load(info)
        else:
            self.confirm_overwrite(info.display, info)

    def load(self, info: SlotInfo) -> None:
        result = self.store.load(info.slot, self.story)
        if result.game is None:
            self.say(f"Cannot load '{info.display}': {result.error}", "error", sticky=True)
            self.app.bell()
            return
        self.dismiss(result)

    def action_new(self) -> None:
        if self.mode != "save":
            return

        def named(name: str | None) -> None:
            if name is None:
                return
            existing = next((s for s in self.slots if s.slot == slot_key(name)), None)
            if existing is None and self.store.exists(name):
                existing = self.store.info(slot_key(name), self.story)
            if existing is not None:
                self.confirm_overwrite(name, existing)
            else:
                self.write(name, overwrite_damaged=False)

        self.app.push_screen(NameSlotScreen(), named)

    def confirm_overwrite(self, name: str, existing: SlotInfo) -> None:
        damaged = existing.damaged is not None
        if damaged:
            question = literal(
                f"The save '{existing.display}' is damaged ({existing.damaged}). Replace it with "
                f"this game? The damaged file will be overwritten."
            )
        else:
            question = literal(
                f"Overwrite the save '{existing.display}' ({existing.musician}, week "
                f"{existing.week}, saved {saved_when(existing.saved_at)}) with this game?"
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(name, overwrite_damaged=damaged)

        self.app.push_screen(Confirm(question, yes="Overwrite", danger=True), answered)

    def write(self, name: str, overwrite_damaged: bool) -> None:
        assert self.game is not None
        try:
            info = self.store.save(name, self.game, self.play_seconds, overwrite_damaged=overwrite_damaged)
        except DamagedSlotError as err:  # it went bad since the list was drawn: ask again
            self.refresh_slots()
            self.say(str(err), "error", sticky=True)
            return
        except SaveError as err:
            self.say(f"Not saved: {err}", "error", sticky=True)
            self.app.bell()
            return
        self.dismiss(info)

    def action_delete(self) -> None:
        info = self._highlighted()
        if info is None:
            self.app.bell()
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete(info.slot)
            except SaveError as err:
                self.say(str(err), "error", sticky=True)
                return
            self.refresh_slots()
            self.say(f"Deleted '{info.display}'.", sticky=True)

        self.app.push_screen(
            Confirm(literal(f"Delete the save '{info.display}'? This cannot be undone."), yes="Delete", danger=True),
            answered,
        )

    def action_back(self) -> None:
        self.dismiss(None)
