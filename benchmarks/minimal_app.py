"""The floor for startup and memory: the smallest Textual app that draws a frame.

``python benchmarks/minimal_app.py``        run it (the startup benchmark watches its terminal for MARKER)
``python benchmarks/minimal_app.py --rss``  run headless; print peak RSS once the first frame is drawn
"""

from __future__ import annotations

import json
import resource
import sys

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "minimal-app-ready"


class Minimal(App[None]):
    def __init__(self, report_rss: bool) -> None:
        super().__init__()
        self.report_rss = report_rss

    def compose(self) -> ComposeResult:
        yield Static(MARKER)

    def on_mount(self) -> None:
        if self.report_rss:
            self.call_after_refresh(self.done)

    def done(self) -> None:
        self.rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.exit()


if __name__ == "__main__":
    rss = "--rss" in sys.argv
    app = Minimal(rss)
    app.run(headless=rss)
    if rss:
        print(json.dumps({"rss_kb": app.rss_kb}))
