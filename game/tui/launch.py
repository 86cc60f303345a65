"""Entry from the CLI into the Textual app (the only place the CLI imports Textual)."""

from __future__ import annotations

import argparse
import sys

EXIT_USAGE = 2


def run_app(args: argparse.Namespace) -> int:
    sets: dict[str, str] = {}
    scene = getattr(args, "scene", None)
    origin = getattr(args, "origin", None)
    raw_sets = getattr(args, "sets", None) or []
    if (raw_sets or origin) and not scene:
        print("steppe play: --set and --origin need --scene (a debug start)", file=sys.stderr)
        return EXIT_USAGE
    if raw_sets:
        from game.engine.debug import DebugError, parse_assignments

        try:
            sets = parse_assignments(raw_sets)
        except DebugError as err:
            print(f"steppe play: {err}", file=sys.stderr)
            return EXIT_USAGE

    from game.tui.app import SteppeApp

    app = SteppeApp(
        story_dir=args.story,
        watch=bool(getattr(args, "watch", False)),
        debug_scene=scene,
        debug_sets=sets,
        debug_origin=origin,
        seed=getattr(args, "seed", None),
    )
    app.run()
    return int(app.return_code or 0)
