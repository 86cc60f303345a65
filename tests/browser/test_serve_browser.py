"""`steppe serve` in a real browser: headless Chromium plays the first scene of the bundled story.

Needs Debian's `chromium` and Playwright from PyPI (which drives that executable; it downloads no browser).
Skipped, saying which is missing, where either is absent (failed instead with STEPPE_REQUIRE_BROWSER=1, as
CI sets it). The terminal in the page is drawn on a canvas, so the text on screen is read from what the game
sends over the page's websocket (escape sequences stripped), and a screenshot is saved (to
$STEPPE_SCREENSHOT_DIR as well, when set).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[2]
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f]")
BUDGET = 45.0  # seconds for the whole playthrough in the browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def missing(reason: str) -> None:
    """Skip, saying what is missing; with STEPPE_REQUIRE_BROWSER=1 (CI) a missing browser fails instead."""
    if os.environ.get("STEPPE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"STEPPE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def playwright_api():
    if CHROMIUM is None:
        missing("Chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install playwright)")
    return sync_playwright


@pytest.fixture
def server(tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "STEPPE_SAVES": str(tmp_path / "saves")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its game processes too are ended with the group
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"steppe serve did not start:\n{(tmp_path / 'serve.log').read_text()}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def expected_screens() -> tuple[str, str, str, str]:
    """From the engine itself: the first musician's name, their first scene's title, the number of a choice
    there that leads to the same scene whatever the seed (no risk, no draw), and that scene's title."""
    from game.engine.game import Game
    from game.story.bundled import bundled_story_dir
    from game.story.loader import load_story

    story = load_story(bundled_story_dir())
    origin = next(iter(story.origins.values()))
    game = Game.start(story, origin.id, 1)
    view = game.view()
    number, choice = next(
        (n, c)
        for n, c in enumerate(view.choices, start=1)
        if c.enabled and c.kind == "goto" and c.odds is None and c.input_prompt is None
    )
    game.choose(choice.id)
    return origin.name, view.title, str(number), game.view().title


def test_a_scene_is_played_in_headless_chromium(playwright_api, server, tmp_path):
    musician, scene_title, choice_key, next_title = expected_screens()
    received: list[str] = []
    requested: list[str] = []

    def screen_text() -> str:
        return ESCAPES.sub("", "".join(received))

    def wait_for(text: str, page) -> None:
        deadline = started + BUDGET
        while text not in screen_text():
            if time.monotonic() > deadline:
                page.screenshot(path=str(tmp_path / "stuck.png"))
                pytest.fail(f"{text!r} never appeared in the browser; the screen had: {screen_text()[-800:]!r}")
            page.wait_for_timeout(100)

    def on_frame(payload: str | bytes) -> None:
        received.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    started = time.monotonic()
    with playwright_api() as api:
        browser = api.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
            page.on("request", lambda request: requested.append(request.url))
            page.goto(server)
            wait_for("New game", page)  # the title screen
            wait_for("endings", page)  # its status line: the story has loaded
            page.focus(".xterm-helper-textarea")  # keys go to the terminal (a click would pick a menu item)
            page.keyboard.press("1")  # New game
            wait_for(musician, page)  # the musicians to choose from
            page.keyboard.press("1")  # the first musician
            wait_for("stage name", page)  # the stage-name dialog
            page.keyboard.press("Enter")  # no stage name: play under their own
            wait_for(scene_title, page)
            page.wait_for_timeout(300)  # keys that come before the scene is ready go to the screen before it
            page.keyboard.press(choice_key)  # a choice: the next scene
            wait_for(next_title, page)
            page.wait_for_timeout(500)  # let the canvas catch up with the last frame
            shot = tmp_path / "scene.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000  # a real picture, not a blank page
    # Our own page: nothing is fetched from anywhere but the game's server (no web font from the internet).
    assert requested and all(url.startswith(server) for url in requested), requested
    assert time.monotonic() - started < 60
    target = os.environ.get("STEPPE_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / "browser-scene.png")
