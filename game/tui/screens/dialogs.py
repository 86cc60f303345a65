"""Modal dialogs: ask for a line of text, confirm, pick one of a few, and show an error or a story's
diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from game.tui.text import literal, strip_controls
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings


class CleanInput(Input):
    """An Input that takes no control characters, typed or pasted: a bracketed paste holding ESC
    sequences keeps its text, in order, without them (line breaks and tabs become spaces). Text cut at
    ``max_length`` is said, not silently dropped."""

    class Cut(Message):
        """Pasted text did not fit: ``kept`` of it went in."""

        def __init__(self, kept: int, given: int) -> None:
            super().__init__()
            self.kept, self.given = kept, given

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        text = strip_controls(event.text)
        if not text:
            return
        selection = self.selection
        start, end = sorted((selection.start, selection.end))
        if self.max_length:
            room = max(0, self.max_length - (len(self.value) - (end - start)))
            if len(text) > room:
                self.post_message(self.Cut(room, len(text)))
                text = text[:room]
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, start, end)


class AskText(ModalScreen[str | None]):
    """The one text-input dialog: a line of text (a band name, a stage name, a save's name). Dismisses with
    the text (control characters stripped), or None on Escape. A subclass refuses some answers by
    overriding :meth:`problem` (the reason is shown under the field and the dialog stays)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back")]

    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        default: str = "",
        placeholder: str = "",
        max_length: int = 30,
        hint: str = "",
        ok_label: str = "OK",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.prompt = prompt
        self.default = default
        self.placeholder = placeholder
        self.max_length = max_length
        self.hint = hint
        self.ok_label = ok_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.prompt), classes="dialog-prompt")
            field = CleanInput(
                value=self.default, placeholder=self.placeholder, max_length=self.max_length, id="ask-input"
            )
            field.cursor_blink = getattr(self.app, "cursor_blink", True)
            yield field
            yield Static(id="ask-limit", classes="dialog-hint")
            yield Static(id=self.error_id, classes="dialog-error")
            if self.hint:
                yield Static(literal(self.hint), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self.ok_label), variant="primary", id="ok", compact=True)
                yield Button(Content("Back"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one("#ask-limit", Static).display = False
        self.query_one(f"#{self.error_id}", Static).display = False

    def _say_limit(self, message: str) -> None:
        limit = self.query_one("#ask-limit", Static)
        limit.update(literal(message))
        limit.display = bool(message)

    def on_input_changed(self, event: Input.Changed) -> None:
        full = len(event.value) >= self.max_length
        self._say_limit(f"That is the most it can hold: {self.max_length} characters." if full else "")

    def on_clean_input_cut(self, event: CleanInput.Cut) -> None:
        event.stop()
        self.call_after_refresh(
            self._say_limit,
            f"Cut to fit: {event.kept} of the {event.given} characters pasted went in (at most {self.max_length}).",
        )

    error_id = "ask-error"

    def problem(self, text: str) -> str | None:
        """Why ``text`` cannot be the answer, or None to accept it."""
        return None

    def _answer(self, value: str) -> None:
        text = strip_controls(value)
        reason = self.problem(text)
        if reason is None:
            self.dismiss(text)
        else:
            self.show_problem(reason)

    def show_problem(self, reason: str) -> None:
        error = self.query_one(f"#{self.error_id}", Static)
        error.update(literal(reason))
        error.display = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._answer(self.query_one(Input).value)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """The one yes/no question of the game. ``y`` (or the Yes button) agrees; ``n``, Escape or No declines.

    Enter takes the focused button: Yes for an ordinary question, No for a ``danger`` one (overwriting or
    deleting a save), so a hurried Enter never destroys anything."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str | Content, *, yes: str = "Yes", no: str = "No", danger: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question if isinstance(question, Content) else literal(question)
        self.yes, self.no = yes, no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-prompt", id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content(f"{self.yes} (y)"), variant="error" if self.danger else "primary", id="yes", compact=True
                )
                yield Button(Content(f"{self.no} (n)"), id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PickOne(ModalScreen[str | None]):
    """The one "which of these?" dialog (the export's format): numbered items picked by digit, arrows and
    Enter, or the mouse. Dismisses with the picked item's key, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Pick"),
        Binding("escape,q", "cancel", "Back"),
    ]

    def __init__(self, title: str, items: list[Item], hint: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.items = items
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog menu-dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            yield NumberedList(self.items, hanging=False, id="pick-list")
            if self.hint:
                yield Static(literal(self.hint), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(NumberedList).focus()

    def action_pick(self, number: int) -> None:
        if not self.query_one(NumberedList).pick(number):
            self.app.bell()

    def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        self.dismiss(event.item.key)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ErrorScreen(ModalScreen[None]):
    """Something went wrong: say what, readably, and let the player carry on."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, title: str, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.details = list(details)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.message), classes="dialog-prompt")
            if self.details:
                with VerticalScroll(classes="dialog-details"):
                    yield Static(Content("\n").join(literal(line) for line in self.details))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Close"), variant="primary", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
