"""`steppe serve`: the Textual game in a web browser, through textual-serve.

textual-serve runs one game process per browser tab (the same `steppe play` command, with Textual's web
driver) and relays its screen over a websocket. It is meant for playing on your own machine or a trusted
network: there are no accounts and no isolation between players, and every tab shares one saves folder
(the same folder rules as `steppe play`: the child processes inherit `--saves` as STEPPE_SAVES).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from game.story.bundled import story_dir

EXIT_PROBLEMS = 1
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
PAGE = Path(__file__).parent / "serve_page"  # our page: nothing loaded from outside, no start button


def play_command(story: str | None) -> str:
    """The shell command each tab runs: this interpreter, so the tab plays the same installed game."""
    return shlex.join([sys.executable, "-m", "game", "play", str(story_dir(story))])


def run_serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print("steppe serve needs textual-serve: pip install textual-serve", file=sys.stderr)
        return EXIT_PROBLEMS
    if not 0 < args.port < 65536:
        print(f"steppe serve: --port must be between 1 and 65535, not {args.port}", file=sys.stderr)
        return 2
    root = story_dir(args.story)
    if not root.is_dir():
        print(f"steppe serve: no story folder at {root}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.host not in LOCAL_HOSTS:
        print(
            f"Note: serving on {args.host}: anyone who can reach this address can play and use the saves "
            "folder (no accounts, no isolation between players).",
            file=sys.stderr,
        )
    server = Server(
        play_command(args.story), host=args.host, port=args.port, title="Steppe to Stage", templates_path=PAGE
    )
    try:
        server.serve()
    except OSError as err:  # the port is taken, or the address is not this machine's
        print(f"steppe serve: cannot listen on {args.host}:{args.port}: {err.strerror or err}", file=sys.stderr)
        return EXIT_PROBLEMS
    return 0
