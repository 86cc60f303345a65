"""Entry from the CLI into the plain game: load the story, open the saves folder, run the loop."""

from __future__ import annotations

import argparse
import io
import sys

from game.plain.clean import clean
from game.plain.play import EXIT_PROBLEMS, DebugStart, PlainGame
from game.plain.terminal import Terminal

EXIT_USAGE = 2


def _text_streams() -> None:
    """Never a UnicodeError: bytes that are not UTF-8 on standard input become U+FFFD, and a terminal
    that cannot show "₸" gets a "?" rather than a crash."""
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def run_plain(args: argparse.Namespace) -> int:
    from game.engine.debug import DebugError, parse_assignments
    from game.saves.gallery import Gallery
    from game.saves.store import SaveStore, default_saves_dir
    from game.story.bundled import story_dir
    from game.story.loader import check_story

    _text_streams()
    if getattr(args, "watch", False):
        print("steppe play: --watch needs the full-screen game (leave out --plain)", file=sys.stderr)
        return EXIT_USAGE
    scene, origin = getattr(args, "scene", None), getattr(args, "origin", None)
    raw_sets = getattr(args, "sets", None) or []
    if (raw_sets or origin) and not scene:
        print("steppe play: --set and --origin need --scene (a debug start)", file=sys.stderr)
        return EXIT_USAGE
    try:
        sets = parse_assignments(raw_sets)
    except DebugError as err:
        print(f"steppe play: {err}", file=sys.stderr)
        return EXIT_USAGE

    root = story_dir(args.story)
    story, diagnostics = check_story(root)
    if story is None:
        for diagnostic in diagnostics:
            if diagnostic.severity == "error":
                print(clean(diagnostic))
        print(f"The story in {clean(root)} has errors and cannot be played. Run: steppe check {clean(root)}")
        return EXIT_PROBLEMS
    folder = default_saves_dir()
    try:
        store = SaveStore(folder, story)
        gallery = Gallery(folder)
    except OSError as err:
        print(f"The saves folder {clean(folder)} cannot be used: {clean(err)}")
        return EXIT_PROBLEMS
    debug = DebugStart(scene, sets, origin) if scene else None
    game = PlainGame(Terminal(), story, store, gallery, seed=getattr(args, "seed", None), debug=debug)
    return game.run()
