"""Entry from the CLI into the Textual app (the only place the CLI imports Textual)."""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    from game.tui.app import SteppeApp

    app = SteppeApp(story_dir=args.story)
    app.run()
    return int(app.return_code or 0)
