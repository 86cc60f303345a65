"""A shield for the app's handlers: an unexpected error becomes a message in the app, not a dead terminal.

Textual ends the app and prints a traceback on any exception a handler lets out. Game actions are wrapped
in :func:`shielded` so a bug (or a story that fails at runtime in a way nobody foresaw) shows a dialog,
and the player can carry on (the game was autosaved after the last choice).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _ShowsErrors(Protocol):
    def show_error(self, title: str, message: str) -> None: ...


def describe(err: BaseException) -> str:
    from game.engine.game import EngineError

    if isinstance(err, EngineError):
        return str(err)
    return (
        f"{type(err).__name__}: {err}\n\nThis is a bug in the game, not something you did; your last choice was saved."
    )


def shielded(what: str) -> Callable[[F], F]:
    """Run the method; on any exception, show ``what`` went wrong (in the app) and return None."""

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as err:  # noqa: BLE001 - the point: nothing gets past to kill the terminal
                target: _ShowsErrors = self if hasattr(self, "show_error") else self.app
                target.show_error(what, describe(err))
                return None

        return run  # type: ignore[return-value]

    return wrap
