"""The `steppe` command. Subcommands that don't show the game never import Textual."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from game import __version__
from game.story.bundled import story_dir
from game.tools.commands import add_playtest_options, load_or_report
from game.tools.commands import register as register_tool_commands

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _print_diagnostics(diagnostics: Sequence[object]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def cmd_check(args: argparse.Namespace) -> int:
    from game.story import verdicts

    root = story_dir(args.story)
    # An unchanged story checked again by the same checker gets its remembered answer (game.story.verdicts).
    key = verdicts.story_key(root)
    remembered = verdicts.recall(key) if key is not None else None
    if remembered is not None:
        diagnostics, counts = remembered
    else:
        from game.story.loader import check_story

        story, diagnostics = check_story(root)
        counts = verdicts.counts_of(story) if story is not None else None
        if key is not None:
            verdicts.remember(key, diagnostics, counts)
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity == "warning"]
    failed = bool(errors) or (args.strict and bool(warnings))
    if args.format == "json":
        summary = {
            "story": str(root),
            "ok": not failed,
            "errors": len(errors),
            "warnings": len(warnings),
            "diagnostics": [d.to_json() for d in diagnostics],
        }
        if counts is not None:
            summary.update(scenes=counts["scenes"], origins=counts["origins"], endings=counts["endings"])
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return EXIT_PROBLEMS if failed else EXIT_OK
    _print_diagnostics(diagnostics)
    problems = f"{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}"
    if counts is not None:
        print(
            f"{root}: {_count(counts['scenes'], 'scene')}, {_count(counts['origins'], 'origin')}, "
            f"{_count(counts['endings'], 'ending')}, {_count(counts['pools'], 'pool')} — {problems}"
        )
    else:
        print(f"{root}: {problems} — the story does not load")
    if args.strict and warnings and not errors:
        print("--strict: warnings count as failures")
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_playtest(args: argparse.Namespace) -> int:
    from game.cli_report import print_playtest
    from game.engine.playtest import run_playtest

    story = load_or_report(story_dir(args.story), sys.stdout)
    if story is None:
        return EXIT_PROBLEMS
    if args.runs < 1:
        print("--runs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if args.exhaustive:
        from game.tools.commands import run_exhaustive_playtest

        return run_exhaustive_playtest(args, story)
    report = run_playtest(story, args.runs, args.seed)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print_playtest(report)
    return EXIT_PROBLEMS if report.failed else EXIT_OK


def cmd_saves_check(args: argparse.Namespace) -> int:
    from game.saves.check import check_folder, format_check
    from game.saves.store import default_saves_dir

    story = load_or_report(story_dir(args.story), sys.stdout)
    if story is None:
        return EXIT_PROBLEMS
    folder = Path(args.dir) if args.dir else default_saves_dir()
    if not folder.is_dir():
        print(f"{folder}: no saves folder here (nothing to check)")
        return EXIT_OK
    result = check_folder(folder, story)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_check(result, story)))
    return EXIT_PROBLEMS if result.failed else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from game.tools.scaffold import run_new

    return run_new(args.dir, args.title)


def cmd_read(args: argparse.Namespace) -> int:
    from game.tools.read import run_read

    story = load_or_report(story_dir(args.story))
    if story is None:
        return EXIT_PROBLEMS
    return run_read(story, args.transcript, args.origin, args.seed, args.output)


def _options_after_the_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`steppe play DIR --saves X` as well as `steppe --saves X play DIR`: every subcommand (and theirs)
    takes the global options too; SUPPRESS keeps a value given before the command."""
    for parser in sub.choices.values():
        if not any("--saves" in action.option_strings for action in parser._actions):
            parser.add_argument("--saves", metavar="DIR", default=argparse.SUPPRESS, help="folder for saves")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _options_after_the_command(action)


def cmd_lsp(args: argparse.Namespace) -> int:
    from game.tools.lsp.server import serve

    return serve()


def cmd_play(args: argparse.Namespace) -> int:
    if getattr(args, "plain", False):
        from game.plain.launch import run_plain  # never imports Textual

        return run_plain(args)
    from game.tui.launch import run_app

    return run_app(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from game.tools.serve import run_serve

    return run_serve(args)


def cmd_export(args: argparse.Namespace) -> int:
    from game.tools.export import run_export

    return run_export(args)


def build_parser(*, only_play: bool = False) -> argparse.ArgumentParser:
    """The command line. ``only_play``: the top level and ``play`` alone, for a bare ``steppe``."""
    parser = argparse.ArgumentParser(
        prog="steppe",
        description="Steppe to Stage: live out the rise of a Kazakh musician. With no command, plays the game.",
        epilog="Saves go to --saves DIR, else $STEPPE_SAVES, else the checkout's saves/ folder when run from "
        "a source checkout, else the per-user data folder (~/.local/share/steppe-to-stage on Linux).",
    )
    parser.add_argument("--version", action="version", version=f"steppe-to-stage {__version__}")
    parser.add_argument("--saves", metavar="DIR", help="folder for saves (default: see below)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play the game in the terminal (the default)")
    play.add_argument("story", nargs="?", help="story folder (default: the bundled story)")
    play.add_argument(
        "--watch",
        action="store_true",
        help="reload the story when a file in STORY_DIR changes, keeping the game in progress",
    )
    play.add_argument("--scene", metavar="ID", help="writer's debug start: jump straight to this scene")
    play.add_argument(
        "--set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        dest="sets",
        help="with --scene: set a variable first (repeatable)",
    )
    play.add_argument("--origin", metavar="ID", help="with --scene: the musician to start as (default: the first)")
    play.add_argument("--seed", type=int, help="seed for the game's random draws (default: a new one each game)")
    play.add_argument(
        "--plain",
        action="store_true",
        help="line by line, no full-screen drawing: for screen readers, dumb terminals, ssh and pipes",
    )
    # Also accepted after `play` (`steppe play --plain --saves DIR`); SUPPRESS keeps the main option's value.
    play.add_argument("--saves", metavar="DIR", default=argparse.SUPPRESS, help="folder for saves")
    play.set_defaults(func=cmd_play)
    if only_play:
        return parser

    serve = sub.add_parser("serve", help="serve the game to a web browser (textual-serve), on localhost by default")
    serve.add_argument("story", nargs="?", help="story folder (default: the bundled story)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--saves", metavar="DIR", default=argparse.SUPPRESS, help="folder for saves")
    serve.set_defaults(func=cmd_serve)

    export = sub.add_parser("export", help="a save or a transcript as a career story (Markdown or HTML)")
    export.add_argument("source", metavar="SAVE_OR_TRANSCRIPT", help="a save file (.save.json) or a transcript")
    export.add_argument("--format", choices=("md", "html"), default="md", help="output format (default md)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--story", help="story folder (default: the bundled story)")
    export.set_defaults(func=cmd_export)

    check = sub.add_parser("check", help="validate a story: every problem as path:line:col: CODE message")
    check.add_argument("story", nargs="?", help="story folder (default: the bundled story)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.set_defaults(func=cmd_check)

    playtest = sub.add_parser("playtest", help="random seeded playthroughs of every origin")
    playtest.add_argument("story", nargs="?", help="story folder (default: the bundled story)")
    playtest.add_argument("--runs", type=int, default=1000, help="number of playthroughs (default 1000)")
    playtest.add_argument("--seed", type=int, default=0, help="seed for the whole run (default 0)")
    playtest.add_argument("--json", action="store_true", help="print the report as JSON")
    add_playtest_options(playtest)
    playtest.set_defaults(func=cmd_playtest)
    register_tool_commands(sub)

    lsp = sub.add_parser("lsp", help="the language server for story folders (editors start it; LSP over stdio)")
    lsp.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default, and the only way)")
    lsp.set_defaults(func=cmd_lsp)

    new = sub.add_parser("new", help="start a new story folder that loads, plays and passes check --strict")
    new.add_argument("dir", metavar="DIR", help="the folder to create (must not exist, or be empty)")
    new.add_argument("--title", help="the story's title (default: from the folder's name)")
    new.set_defaults(func=cmd_new)

    read = sub.add_parser("read", help="a playthrough as Markdown prose, for proofreading and review")
    read.add_argument("story", nargs="?", help="story folder (default: the bundled story)")
    read.add_argument("--transcript", metavar="FILE", help="the route to read (from steppe record)")
    read.add_argument("--origin", metavar="ID", help="without --transcript: play as this origin (default: first)")
    read.add_argument("--seed", type=int, default=0, help="without --transcript: the seed of a random route")
    read.add_argument("-o", "--output", metavar="FILE", help="write the Markdown to FILE")
    read.set_defaults(func=cmd_read)

    saves = sub.add_parser("saves", help="manage saves: `steppe saves check` tests a folder against the story")
    saves_sub = saves.add_subparsers(dest="saves_command", metavar="ACTION", required=True)
    saves_check = saves_sub.add_parser("check", help="which saves load cleanly, fall back, or are damaged (and why)")
    saves_check.add_argument("dir", nargs="?", help="saves folder (default: the folder the game uses)")
    saves_check.add_argument("--story", help="story folder (default: the bundled story)")
    saves_check.add_argument("--json", action="store_true", help="print the report as JSON")
    saves_check.set_defaults(func=cmd_saves_check)
    _options_after_the_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # A bare `steppe` (how players start the game) needs only play's options: building every command's
    # parser first was a fortieth of the time to the title's first frame.
    parser = build_parser(only_play=not argv)
    args = parser.parse_args(argv)
    if args.saves:
        os.environ["STEPPE_SAVES"] = args.saves
    if args.command is None:
        args = parser.parse_args([*argv, "play"])
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # a one-line message, not a traceback; STEPPE_DEBUG=1 shows it
        if os.environ.get("STEPPE_DEBUG"):
            raise
        print(
            f"steppe: unexpected error: {type(err).__name__}: {err} (run with STEPPE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_USAGE
