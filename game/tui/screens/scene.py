"""The scene: title, where and when, the Markdown text, and the numbered choices, with the side panel.

Locked choices stay visible, dimmed, with their reason; risky ones show their odds; a choice that asks
for a name opens a dialog. After a choice, what changed is shown briefly above the new choices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from game.tui.safety import shielded
from game.tui.screens.dialogs import AskText
from game.tui.stat_rows import where_and_when
from game.tui.text import literal, markup
from game.tui.widgets.change_line import ChangeLine
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings
from game.tui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from game.engine.game import ChoiceView, SceneView
    from game.tui.app import SteppeApp

NARROW = 80  # below this many columns the side panel folds away (the `p` key brings it back)
WIDE = 120  # from this many columns the panel gets wider bars


def choice_item(choice: ChoiceView) -> Item:
    note = f"{choice.odds}% chance" if choice.odds is not None and choice.enabled else None
    if choice.input_prompt and choice.enabled:
        note = "you name it"
    return Item(choice.id, choice.text, choice.enabled, choice.locked_reason, note)


class SceneScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Choose"),
        Binding("enter", "choose", "Choose", show=False),
        Binding("j", "app.journal", "Journal"),
        Binding("s", "app.stats", "Stats"),
        Binding("u,ctrl+z", "app.undo", "Undo"),
        Binding("p", "toggle_panel", "Panel"),
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
        Binding("escape", "app.to_title", "Menu"),
        Binding("pageup", "scroll_text(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown,space", "scroll_text(1)", "Scroll down", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.panel_choice: bool | None = None  # the player's own choice overrides the automatic folding
        self.view: SceneView | None = None

    @property
    def steppe(self) -> SteppeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="scene-body"):
            with Vertical(id="scene-main"):
                yield Static(id="scene-title")
                yield Static(id="scene-where")
                with VerticalScroll(id="scene-text-box"):
                    yield Static(id="scene-outcome")
                    yield Markdown(id="scene-text", open_links=False)
                yield ChangeLine(id="scene-changes")
                yield NumberedList(id="choices")
            yield SidePanel(id="side")
        yield Footer()

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
        game = session.game
        origin = session.story.origins[session.start.origin]
        city, week = where_and_when(session.story, game.variables, origin.home)
        self.query_one("#scene-title", Static).update(literal(view.title, "bold $primary"))
        self.query_one("#scene-where", Static).update(markup("$city  ·  $week", city=city, week=week))
        outcome = self.query_one("#scene-outcome", Static)
        outcome.update(literal(outcome_text))
        outcome.display = bool(outcome_text)
        self.query_one("#scene-text", Markdown).update(view.text)
        self.query_one(NumberedList).set_items([choice_item(c) for c in view.choices])
        self.query_one(SidePanel).show(session)
        self.query_one("#scene-text-box", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._fit_text)

    def show_changes(self, changes: list[str], outcome: str | None) -> None:
        self.query_one(ChangeLine).show_changes(changes, outcome)
        self.call_after_refresh(self._fit_text)

    def on_change_line_cleared(self) -> None:
        self.call_after_refresh(self._fit_text)

    def _fit_text(self, passes: int = 3) -> None:
        """Let the text take what the title, the change line and the choices leave, so the choices sit
        right under a short scene, and a long one scrolls above choices that stay in view.

        Heights settle over a refresh or two (labels re-wrap on resize), so it checks again until stable.
        """
        main = self.query_one("#scene-main", Vertical)
        box = self.query_one("#scene-text-box", VerticalScroll)
        shown = [child for child in main.children if child.display]
        used, previous_margin = 0, 0
        for child in shown:  # heights, plus margins the way the layout collapses them (the larger wins)
            margin = child.styles.margin
            used += max(previous_margin, margin.top) + (child.outer_size.height if child is not box else 0)
            previous_margin = margin.bottom
        used += previous_margin
        room = max(3, main.content_region.height - used)
        current = box.styles.max_height
        if current is None or current.value != room:
            box.styles.max_height = room
            if passes > 1:
                self.call_after_refresh(self._fit_text, passes - 1)

    def on_numbered_list_relabelled(self) -> None:
        self.call_after_refresh(self._fit_text)

    # -- folding the panel ------------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._fold(event.size.width)
        self.call_after_refresh(self._fit_text)

    def _fold(self, width: int) -> None:
        shown = self.panel_choice if self.panel_choice is not None else width >= NARROW
        self.query_one(SidePanel).display = shown
        self.set_class(width >= WIDE, "-wide")

    def action_toggle_panel(self) -> None:
        self.panel_choice = not self.query_one(SidePanel).display
        self._fold(self.size.width)

    # -- choosing ---------------------------------------------------------------------------------------
    def action_pick(self, number: int) -> None:
        if not self.query_one(NumberedList).pick(number):
            self.app.bell()

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
        reason = event.item.reason or "not available yet"
        self.notify(f"Locked: {reason}", title="Not yet", severity="warning", markup=False)

    @shielded("That choice could not be made")
    def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        if self.view is None:
            return
        choice = next((c for c in self.view.choices if c.id == event.item.key), None)
        if choice is None:
            return
        if choice.input_prompt is None:
            self.steppe.make_choice(choice.id)
            return

        def typed(text: str | None) -> None:
            if text is not None:
                self.steppe.make_choice(choice.id, text)

        self.app.push_screen(AskText(choice.text, choice.input_prompt, default=choice.input_default,
                                     max_length=choice.input_max_length,
                                     hint="Enter to confirm · Escape to choose again"), typed)
