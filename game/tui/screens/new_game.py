"""New game: the musicians to choose from, each with home, instrument and a short intro; then a stage name."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import OptionList, Static

from game.tui.safety import shielded
from game.tui.screens.dialogs import AskText
from game.tui.text import literal
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings
from game.tui.widgets.restyling import RestylesOnTheme

NARROW = 72  # below this many columns the intro goes under the list

if TYPE_CHECKING:
    from game.story.compiled import OriginSpec, Story
    from game.tui.app import SteppeApp


class NewGameScreen(RestylesOnTheme, Screen[None]):
    # The musician's name and the small words around home and instrument ("from", "plays the").
    COMPONENT_CLASSES: ClassVar[set[str]] = {"new-game--name", "new-game--aside"}
    DEFAULT_CSS = """
    NewGameScreen > .new-game--name { color: $primary; text-style: bold; }
    NewGameScreen > .new-game--aside { text-style: dim; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Choose"),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story
        self.origins: list[OriginSpec] = list(story.origins.values())
        self._described: tuple[int, Style, Style] | None = None  # the origin shown, and the looks used

    @property
    def steppe(self) -> SteppeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Choose your musician", id="new-heading", markup=False)
        with Horizontal(id="new-body"):
            yield NumberedList(
                [Item(o.id, o.name, detail=f"{o.home} · {o.instrument}") for o in self.origins], id="origin-list"
            )
            with Vertical(id="origin-detail"):
                yield Static(id="origin-name")
                with VerticalScroll(id="origin-intro-box"):
                    yield Static(id="origin-intro")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one(NumberedList).focus()
        self._describe(0)
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def _describe(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.origins):
            return
        origin = self.origins[index]
        name, aside = (self.get_visual_style(f"new-game--{part}", partial=True) for part in ("name", "aside"))
        self._described = (index, name, aside)
        self.query_one("#origin-name", Static).update(
            Content.assemble(
                literal(origin.name).stylize(name),
                "\n",
                Content.styled("from", aside),
                " ",
                literal(origin.home),
                Content.styled(", plays the", aside),
                " ",
                literal(origin.instrument),
            )
        )
        self.query_one("#origin-intro", Static).update(literal(" ".join(origin.intro.split())))

    # A new theme: the musician's name and aside are styled when built (see RestylesOnTheme).
    def drawn_looks(self) -> object | None:
        return None if self._described is None else list(self._described[1:])

    def current_looks(self) -> object:
        return [self.get_visual_style(f"new-game--{p}", partial=True) for p in ("name", "aside")]

    def redraw(self) -> None:
        if self._described is not None:
            self._describe(self._described[0])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option_index)

    def action_pick(self, number: int) -> None:
        self.query_one(NumberedList).pick(number)

    @shielded("The game could not start")
    def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        origin = self.story.origins[event.item.key]

        def begin(name: str | None) -> None:
            if name is not None:
                self.steppe.start_game(origin.id, name.strip() or None)

        self.app.push_screen(
            AskText(
                origin.name,
                f"Play under a stage name? Leave it empty to be {origin.name}.",
                placeholder=origin.name,
                max_length=40,
                ok_label="Start",
                hint="Enter to start · Escape to choose someone else",
            ),
            begin,
        )
