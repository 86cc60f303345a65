"""The scene: title, where and when, the Markdown text, and the numbered choices, with the side panel.

Locked choices stay visible, dimmed, with their reason; risky ones show their odds; a choice that asks
for a name opens a dialog. After a choice, what changed is shown above the new choices until the next one.

Keys never choose what the player has not seen: digits and Enter pressed before a newly shown scene was
drawn (a burst of keys, a doubled press) are dropped, so one press makes one choice in the scene on screen.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.scalar import Scalar
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from game.engine.game import prepare_texts
from game.present.stat_rows import change_text, compact_stats, shown_changes, where_and_when
from game.tui.safety import shielded
from game.tui.screens.dialogs import AskText
from game.tui.text import literal
from game.tui.widgets.change_line import ChangeLine
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings
from game.tui.widgets.prose import Prose
from game.tui.widgets.side_panel import SidePanel
from game.tui.widgets.sized_ahead import OutcomeLine, SceneColumn, SceneTitle, TextBox
from game.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from game.engine.game import ChoiceView, SceneView
    from game.tui.app import SteppeApp

NARROW = 80  # below this many columns the side panel folds away (the `p` key brings it back)
WIDE = 120  # from this many columns the panel gets wider bars
MIN_TEXT_HEIGHT = 3  # the scene's text keeps this many rows however many choices there are


def choice_item(choice: ChoiceView, number: int | None = None, seen: bool = False) -> Item:
    notes = []
    if choice.cost_text and choice.enabled:  # what taking it will cost, from its effects
        notes.append(choice.cost_text)
    if choice.odds is not None and choice.enabled:
        notes.append(f"{choice.odds}% chance")
    if choice.input_prompt and choice.enabled:
        notes.append("you name it")
    note = "  ·  ".join(notes) or None
    return Item(choice.id, choice.text, choice.enabled, choice.locked_reason, note, number=number, seen=seen)


class SceneScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Choose", "pick the numbered choice (✓ marks one taken before, in any playthrough)"),
        Binding("enter", "choose", "Choose", show=False, tooltip="take the highlighted choice"),
        Binding("j", "app.journal", "Journal", tooltip="journal: the whole playthrough so far"),
        Binding("s", "app.stats", "Stats", tooltip="stats, with charts of how they moved"),
        Binding("u,ctrl+z", "app.undo", "Undo", tooltip="undo the last choice (as many times as you like)"),
        Binding("p", "toggle_panel", "Panel", show=False, tooltip="show or hide the side panel (remembered)"),
        Binding("question_mark,f1", "app.help", "Help", key_display="?", tooltip="this help"),
        Binding("escape", "app.game_menu", "Menu", tooltip="the menu: resume, save, load, settings, title"),
        Binding("pageup", "scroll_text(-1)", "Scroll up", show=False, priority=True, tooltip="scroll the text up"),
        Binding(
            "pagedown,space", "scroll_text(1)", "Scroll down", show=False, priority=True, tooltip="scroll the text down"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: SceneView | None = None
        # When the scene now shown was first on screen (0: not drawn yet): keys from before are dropped.
        self.drawn_at = 0.0
        self._draw_pending = False  # a redraw is on its way, and will set drawn_at

    @property
    def steppe(self) -> SteppeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="scene-body"):
            with SceneColumn(id="scene-main"):
                yield SceneTitle(id="scene-title")
                yield StatusLine(id="scene-where")
                with TextBox(id="scene-text-box"):
                    yield OutcomeLine(id="scene-outcome")
                    yield Prose(id="scene-text")
                yield ChangeLine(id="scene-changes")
                yield NumberedList(id="choices")
            yield SidePanel(id="side")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#scene-outcome", Static).display = False
        self._fold(self.size.width)
        self.show_scene()
        self.query_one(NumberedList).focus()

    # -- showing ----------------------------------------------------------------------------------------
    @shielded("This scene could not be shown")
    def show_scene(self, outcome_text: str = "") -> None:
        """Draw the current scene of the app's session (after a choice, an undo, a load or a reload)."""
        session = self.steppe.session
        if session is None:
            return
        view = self.steppe.guarded_view()
        if view is None:
            return
        self.view = view
        self.drawn_at = 0.0
        self._draw_pending = True
        self.call_after_refresh(self._drawn)
        self.query_one("#scene-title", Static).update(literal(view.title))
        self._show_where()
        outcome = self.query_one("#scene-outcome", Static)
        outcome.update(literal(outcome_text))
        outcome.display = bool(outcome_text)
        self.query_one("#scene-text", Prose).update(view.text)
        app = self.steppe
        scene_id = session.game.state.scene
        numbers = app.numbering.assign(scene_id, [c.id for c in view.choices])
        items = [choice_item(c, numbers[c.id], app.seen.has_choice(scene_id, c.id)) for c in view.choices]
        self.query_one(NumberedList).set_items(sorted(items, key=lambda item: item.number or 0))
        self.query_one(SidePanel).show(session, view.when)
        story = session.story
        changes, how_it_went = app.last_changes
        self.query_one(ChangeLine).show_changes(
            shown_changes(story, changes), how_it_went, lambda change: change_text(story, change)
        )
        self.query_one("#scene-text-box", VerticalScroll).scroll_home(animate=False)
        self._fit_text()

    def _show_where(self) -> None:
        """The header line: the story's header values and the calendar; with the side panel folded, the
        stats the player must not lose sight of (the story's costs, else its bars) join it."""
        session = self.steppe.session
        if session is None:
            return
        game = session.game
        origin = session.story.origins[session.start.origin]
        where, week = where_and_when(session.story, game.variables, origin.home)
        # The story's own sense of time when it has one ("Chapter 2: Youth · 1998 · age 14"), else the week.
        when = self.view.when if self.view is not None and self.view.when else week
        folded = not self.query_one(SidePanel).display
        stats = tuple(compact_stats(session.story, game.variables)) if folded else ()
        self.query_one(StatusLine).status = (where, when, stats)

    def _drawn(self) -> None:
        self._draw_pending = False
        self.drawn_at = time.monotonic()
        self._prepare_ahead()

    def _prepare_ahead(self) -> None:
        """While the player reads, compile the text of the scenes this one's choices lead to, so the next
        scene is drawn without compiling its templates first (the engine's prepare_texts; off the main
        thread: it changes nothing on screen, and a key pressed meanwhile is handled at once)."""
        session = self.steppe.session
        if session is None or session.game.ended:
            return
        ahead = session.game.texts_ahead()
        if ahead:
            self.run_worker(
                partial(prepare_texts, ahead), thread=True, exclusive=True, group="prepare", exit_on_error=False
            )

    class ChoiceMade(Message):
        """The player took a choice (the app makes it, then this screen shows where it led)."""

        def __init__(self, screen: SceneScreen, choice_id: str, text: str | None = None) -> None:
            super().__init__()
            self.screen = screen
            self.choice_id = choice_id
            self.text = text  # what the player typed, for a choice that asks for a name

    def _chosen(self, choice_id: str, text: str | None = None) -> None:
        # No key chooses again until the scene it leads to is drawn: a second press of a burst would
        # otherwise choose in this scene a second time, before the app has made the first choice.
        self.drawn_at = 0.0
        self.post_message(self.ChoiceMade(self, choice_id, text))

    def choice_settled(self) -> None:
        """The app is done with a choice. If it led nowhere (it failed, and said so), this scene is still
        the one on screen: keys choose in it again once it is drawn."""
        if self.is_attached and not self._draw_pending:
            self._draw_pending = True
            self.call_after_refresh(self._drawn)

    def accepts_choice_key(self, pressed_at: float) -> bool:
        """Whether a digit or Enter read at ``pressed_at`` (Textual's monotonic event time) may choose:
        only once the scene now shown has been drawn, and only if it was pressed after that."""
        return self.drawn_at != 0.0 and pressed_at >= self.drawn_at

    def on_numbered_list_relabelled(self) -> None:
        self._fit_text()

    def _fit_text(self) -> None:
        """Let the text take what the title, the change line and the choices leave, so the choices sit
        right under a short scene, and a long one scrolls above choices that stay in view.

        The heights are worked out from the widgets' content at the column's width before anything is
        drawn, so a new scene is laid out once: waiting for a layout to measure it and then correcting it
        drew every scene two or three times. Before the first layout (no width yet) it waits for one.
        """
        main = self.query_one("#scene-main", Vertical)
        box = self.query_one("#scene-text-box", VerticalScroll)
        region = main.content_region
        if region.width <= 0 or region.height <= 0:
            self.call_after_refresh(self._fit_text)
            return
        # The choices get their scrollbar now too, if they need one. Left to Textual, setting the new choices
        # shows or hides it against the old list's height, and the layout that gives the list its new height
        # turns it back, which asks for a second layout.
        choices = self.query_one(NumberedList)
        choices_overflow = "scroll" if self._overflows(choices, region.size) else "hidden"
        if choices.styles.overflow_y != choices_overflow:
            choices.styles.overflow_y = choices_overflow
        room = max(3, region.height - self._stacked_height(main, region.size, skip=box))
        # The text's width: the column less the box's padding and the scrollbar's column (always kept).
        inner = Size(region.width - box.styles.gutter.width - box.styles.scrollbar_size_vertical, room)
        needed = self._stacked_height(box, inner)
        # The box gets its height here rather than from Textual's auto height, which measures the text
        # without the scrollbar's column and so came out a line short for text that wraps once more.
        # Whether it scrolls is known now too, so the scrollbar is there from the first layout: left to
        # Textual, it would appear a layout later, and that layout would be followed by another.
        height = max(MIN_TEXT_HEIGHT, min(needed, room))
        overflow = "scroll" if needed > room else "hidden"
        if box.styles.height is None or box.styles.height.value != height:
            box.styles.height = height
        if box.styles.overflow_y != overflow:
            box.styles.overflow_y = overflow

    def _stacked_height(self, container: Widget, room: Size, skip: Widget | None = None) -> int:
        """Heights of ``container``'s shown children (all but ``skip``) stacked, with margins collapsed
        the way the vertical layout does (the larger of two neighbouring margins wins)."""
        used, previous_margin = 0, 0
        for child in container.children:
            if not child.display:
                continue
            margin = child.styles.margin
            used += max(previous_margin, margin.top)
            if child is not skip:
                used += self._height_of(child, room)
            previous_margin = margin.bottom
        return used + previous_margin

    @staticmethod
    def _natural_height(widget: Widget, room: Size) -> int:
        """The height of ``widget``'s content at the width it gets in a column of ``room``, plus padding
        and border: what it would take with no min or max height."""
        styles = widget.styles
        gutter = styles.gutter
        width = room.width - styles.margin.width - gutter.width
        return widget.get_content_height(room, room, width) + gutter.height

    @staticmethod
    def _limit(widget: Widget, scalar: Scalar, room: Size) -> int:
        """A min or max height in a column of ``room``, resolved as Textual's layout resolves it: a
        percentage of the column less the widget's own margins, in whole cells (60 % of a 23-row column
        is 12 rows for choices with a margin above and below, not 13: the list was given 12, was told
        it fitted in 13, and hid its last line with no scrollbar to show it)."""
        return int(scalar.resolve(room - widget.styles.margin.totals, room))

    @staticmethod
    def _overflows(widget: Widget, room: Size) -> bool:
        """Whether ``widget``'s content is taller than its max height in a column of ``room``."""
        max_height = widget.styles.max_height
        if max_height is None:
            return False
        return SceneScreen._natural_height(widget, room) > SceneScreen._limit(widget, max_height, room)

    @staticmethod
    def _height_of(widget: Widget, room: Size) -> int:
        """The height ``widget`` will be given in a column of ``room``: its content at the width it gets,
        plus padding and border, within its own min and max height."""
        styles = widget.styles
        height = SceneScreen._natural_height(widget, room)
        if styles.max_height is not None:
            height = min(height, SceneScreen._limit(widget, styles.max_height, room))
        if styles.min_height is not None:
            height = max(height, SceneScreen._limit(widget, styles.min_height, room))
        return height

    # -- folding the panel ------------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._fold(event.size.width)
        self.call_after_refresh(self._fit_text)  # the column's new size is known after the layout

    def _fold(self, width: int) -> None:
        choice = self.steppe.settings.panel  # the player's own choice overrides the automatic folding
        panel = self.query_one(SidePanel)
        shown = choice if choice is not None else width >= NARROW
        changed = panel.display != shown
        panel.display = shown
        self.set_class(width >= WIDE, "-wide")
        measure = self.steppe.settings.text_width
        self.query_one("#scene-text", Prose).styles.max_width = measure or None
        if changed:
            self._show_where()
            self.call_after_refresh(self._fit_text)

    def apply_settings(self) -> None:
        self._fold(self.size.width)

    def action_toggle_panel(self) -> None:
        self.steppe.settings.panel = not self.query_one(SidePanel).display
        self.steppe.save_settings()
        self._fold(self.size.width)

    # -- choosing ---------------------------------------------------------------------------------------
    def action_pick(self, number: int) -> None:
        # A digit chooses at once, in this handler: going through the list's Picked message would first
        # draw a frame with the highlight moved, and the new scene would wait for the frame after it.
        numbered = self.query_one(NumberedList)
        item = numbered.item_numbered(number)
        if item is None:
            self.app.bell()
        elif not item.enabled:
            self._say_locked(item)
        else:
            self._choose(item.key)

    def action_choose(self) -> None:
        self.query_one(NumberedList).action_select()

    def action_scroll_text(self, direction: int) -> None:
        box = self.query_one("#scene-text-box", VerticalScroll)
        if direction < 0:
            box.scroll_page_up(animate=False)
        else:
            box.scroll_page_down(animate=False)

    def on_numbered_list_locked_picked(self, event: NumberedList.LockedPicked) -> None:
        event.stop()
        self._say_locked(event.item)

    def _say_locked(self, item: Item) -> None:
        reason = item.reason or "not available yet"
        self.notify(f"Locked: {reason}", title="Not yet", severity="warning", markup=False)

    def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        self._choose(event.item.key)

    @shielded("That choice could not be made")
    def _choose(self, key: str) -> None:
        if self.view is None:
            return
        choice = next((c for c in self.view.choices if c.id == key), None)
        if choice is None:
            return
        if choice.input_prompt is None:
            self._chosen(choice.id)
            return

        def typed(text: str | None) -> None:
            if text is not None:
                self._chosen(choice.id, text)

        self.app.push_screen(
            AskText(
                choice.text,
                choice.input_prompt,
                default=choice.input_default,
                max_length=choice.input_max_length,
                hint="Enter to confirm · Escape to choose again",
            ),
            typed,
        )
