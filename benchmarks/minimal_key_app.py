"""The floors for key → new content drawn on a real terminal (``benchmarks/bench_pty.py``).

``python benchmarks/minimal_key_app.py``        a minimal Textual app: each "1" puts new text of another
    height into one Static (Textual's own cost of showing new content: refresh, relayout, two passes)
``python benchmarks/minimal_key_app.py --raw``  no Textual: each "1" rewrites the whole 80×24 screen with
    plain escape codes (the cost of the pty, the terminal's reading and Python itself)

Both draw ``press NNNN`` (the press count, four digits) so the benchmark can tell each press's frame.
"""

from __future__ import annotations

import os
import sys
import termios
import tty

READY = "minimal-key-app-ready"


def marker(count: int) -> str:
    return f"press {count:04d}"


def raw() -> None:
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    out = sys.stdout.fileno()
    try:
        os.write(out, f"\x1b[?1049h\x1b[2J\x1b[H{READY}".encode())
        count = 0
        while True:
            key = os.read(fd, 1)
            if not key or key == b"q":
                break
            if key == b"1":
                count += 1
                lines = [f"{marker(count)} " + "steppe " * 9] * (1 + count % 5) + ["~"] * 18
                os.write(out, ("\x1b[H\x1b[2J" + "\r\n".join(line[:80] for line in lines)).encode())
    finally:
        os.write(out, b"\x1b[?1049l")
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def textual_app() -> None:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Static

    class KeyFloor(App[None]):
        BINDINGS = [Binding("1", "next", "Next"), Binding("q", "quit", "Quit")]  # noqa: RUF012
        count = 0

        def compose(self) -> ComposeResult:
            yield Static(READY, id="text")

        def action_next(self) -> None:
            # New text of another height each time, as a new scene is: Textual relays the screen out.
            self.count += 1
            self.query_one("#text", Static).update("\n".join([marker(self.count)] * (1 + self.count % 5)))

    KeyFloor().run()


if __name__ == "__main__":
    raw() if "--raw" in sys.argv else textual_app()
