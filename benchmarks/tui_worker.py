"""Drive the game through Textual's Pilot in a fresh interpreter, and print one JSON line.

``python -m benchmarks.tui_worker steppe STORY CHOICES``  wait for the title screen with the story loaded
    (peak RSS there), then make CHOICES random choices at 80×24 by pressing their number keys, starting a
    new game whenever one ends; each choice is timed from the key press until the next scene is rendered.
``python -m benchmarks.tui_worker floor PRESSES``  the same key-press-to-frame timing in a minimal app whose
    key puts new text of another height in one Static: Textual's own cost of showing new content.

"Rendered" is the last frame the app draws before it goes idle after the key: a new scene takes Textual
two layout passes (the second because widgets changed size in the first), so the first frame is not the
end of it. Frames are timed where Textual hands a finished frame to the terminal driver (``App._display``,
private: Textual has no public "frame drawn" signal). Pilot's own waiting (it polls for idleness in 20 ms
sleeps) is not counted: only when the frames were drawn.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
from typing import Any

SIZE = (80, 24)


def rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class FrameClock:
    """Records when each frame is handed to the driver."""

    def __init__(self, app: Any) -> None:
        self.frames: list[float] = []
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.frames.append(time.perf_counter())

        app._display = timed

    async def time_key(self, pilot: Any, key: str) -> tuple[float, float] | None:
        """(seconds to the first frame, seconds to the last) after pressing ``key``; None if nothing drew."""
        self.frames.clear()
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause(0)
        await pilot.pause()  # until idle: any later pass of the layout has drawn by now
        if not self.frames:
            return None
        return self.frames[0] - start, self.frames[-1] - start


def steppe(story: str, choices: int) -> dict[str, Any]:
    from textual.pilot import Pilot

    from game.tui.app import SteppeApp
    from game.tui.screens.scene import SceneScreen
    from game.tui.widgets.numbered_list import NumberedList

    result: dict[str, Any] = {}

    async def drive(pilot: Pilot) -> None:
        app: SteppeApp = pilot.app  # type: ignore[assignment]
        while app.loading:
            await pilot.pause(0.01)
        await pilot.pause()
        if app.story is None:
            raise RuntimeError(f"the story did not load: {app.diagnostics[:3]}")
        result["rss_title_kb"] = rss_kb()
        origins = sorted(app.story.origins)
        rng = random.Random(0)
        clock = FrameClock(app)
        latencies: list[float] = []
        first_frames: list[float] = []
        games = 0
        while len(latencies) < choices:
            screen = app.screen
            if not isinstance(screen, SceneScreen) or screen.view is None or app.session is None:
                app.start_game(origins[games % len(origins)])
                games += 1
                await pilot.pause()
                continue
            view = screen.view
            # Number keys reach 1-9, by the number each choice is shown with (an option keeps its number
            # while it is offered, so it is not always its place in the list); name dialogs are left out.
            asks = {c.id for c in view.choices if c.input_prompt}
            listed = screen.query_one(NumberedList).items
            usable = [i.number for i in listed if i.enabled and i.number and i.number <= 9 and i.key not in asks]
            if not usable:
                app.start_game(origins[games % len(origins)])
                games += 1
                await pilot.pause()
                continue
            turns = len(app.session.game.state.turns)
            number = rng.choice(usable)
            timed = await clock.time_key(pilot, str(number))
            if len(app.session.game.state.turns) != turns + 1 or timed is None:
                raise RuntimeError(f"pressing {number} in {view.scene_id} made no choice")
            first_frames.append(timed[0])
            latencies.append(timed[1])
        result.update(latencies=latencies, first_frames=first_frames, games=games, rss_after_kb=rss_kb())
        app.exit()

    with tempfile.TemporaryDirectory(prefix="steppe-bench-saves-") as saves:
        app = SteppeApp(story_dir=story, saves_dir=saves, seed=1, calm=True)
        app.run(headless=True, size=SIZE, auto_pilot=drive)
    if "latencies" not in result:
        raise RuntimeError("the app ended before the choices were made")
    return result


def floor(presses: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.pilot import Pilot
    from textual.widgets import Static

    class Floor(App[None]):
        BINDINGS = [Binding("1", "next", "Next")]  # noqa: RUF012
        count = 0

        def compose(self) -> ComposeResult:
            yield Static("0", id="text")

        def action_next(self) -> None:
            # New text of another height each time, as a new scene is: Textual relays the screen out.
            self.count += 1
            self.query_one("#text", Static).update("\n".join([f"press {self.count}"] * (1 + self.count % 5)))

    result: dict[str, Any] = {}

    async def drive(pilot: Pilot) -> None:
        await pilot.pause()
        clock = FrameClock(pilot.app)
        latencies, first_frames = [], []
        for _ in range(presses):
            timed = await clock.time_key(pilot, "1")
            if timed is None:
                raise RuntimeError("the minimal app drew nothing after a key")
            first_frames.append(timed[0])
            latencies.append(timed[1])
        result.update(latencies=latencies, first_frames=first_frames)
        pilot.app.exit()

    Floor().run(headless=True, size=SIZE, auto_pilot=drive)
    return result


def main() -> int:
    if sys.argv[1] == "steppe":
        print(json.dumps(steppe(sys.argv[2], int(sys.argv[3]))))
    elif sys.argv[1] == "floor":
        print(json.dumps(floor(int(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown mode {sys.argv[1]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
