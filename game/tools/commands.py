"""The writers' toolkit subcommands: schema, graph, record, replay, compat, and playtest --exhaustive.

``register(sub)`` adds them to the `steppe` parser; each handler imports what it needs when it runs, so
`steppe --help` stays fast and nothing here pulls in Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.story.bundled import story_dir

if TYPE_CHECKING:
    from game.engine.state import GameState
    from game.story.compiled import Story

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def load_or_report(root: Path, stream: TextIO | None = None) -> Story | None:
    """The story, or None after printing its errors (a tool cannot work on a story that does not load).

    The errors go to ``stream`` (default: stderr, looked up at call time); the hint always goes to stderr.
    """
    from game.story.loader import check_story

    stream = stream or sys.stderr

    story, diagnostics = check_story(root)
    if story is None:
        for diagnostic in diagnostics:
            if diagnostic.severity == "error":
                print(diagnostic, file=stream)
        print(f"{root}: the story does not load; fix the errors above (steppe check {root})", file=sys.stderr)
    return story


def _write(text: str, target: str | None) -> int:
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as err:
        print(f"cannot write {target}: {err.strerror or err}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {target}", file=sys.stderr)
    return EXIT_OK


# -- schema ----------------------------------------------------------------------------------------------
def cmd_schema(args: argparse.Namespace) -> int:
    from game.tools.schema import schema_text

    return _write(schema_text(), args.output)


# -- graph -----------------------------------------------------------------------------------------------
def cmd_graph(args: argparse.Namespace) -> int:
    from game.tools.graph import render

    story = load_or_report(story_dir(args.story))
    if story is None:
        return EXIT_PROBLEMS
    if args.origin is not None and args.origin not in story.origins:
        print(f"no origin '{args.origin}'; the story has: {', '.join(sorted(story.origins))}", file=sys.stderr)
        return EXIT_USAGE
    return _write(render(story, args.format, args.origin), args.output)


# -- compat ----------------------------------------------------------------------------------------------
def cmd_compat(args: argparse.Namespace) -> int:
    from game.tools.compat import compare

    old = load_or_report(Path(args.old))
    new = load_or_report(Path(args.new))
    if old is None or new is None:
        return EXIT_PROBLEMS
    report = compare(old, new, args.old, args.new)
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if args.json else report.text())
    return EXIT_PROBLEMS if report.failed else EXIT_OK


# -- record / replay -------------------------------------------------------------------------------------
def _record_ending(story: Story, args: argparse.Namespace) -> int:
    """`steppe record --ending ID`: a route to one ending, for the gallery's blessed transcripts."""
    from game.tools.transcripts import find_ending

    if args.ending not in story.endings:
        print(f"no ending '{args.ending}'; the story has: {', '.join(sorted(story.endings))}", file=sys.stderr)
        return EXIT_USAGE
    if args.origin is not None and args.origin not in story.origins:
        print(f"no origin '{args.origin}'; the story has: {', '.join(sorted(story.origins))}", file=sys.stderr)
        return EXIT_USAGE
    if args.choices or args.runs != 1 or args.tries < 1:
        print(
            "--ending searches random playthroughs: without --choices or --runs, with --tries of 1 or more",
            file=sys.stderr,
        )
        return EXIT_USAGE
    origins = [args.origin] if args.origin else sorted(story.origins)
    transcript = find_ending(story, args.ending, origins, args.seed, args.tries, args.name)
    if transcript is None:
        print(f"no playthrough of {args.tries} reached '{args.ending}' ({', '.join(origins)})", file=sys.stderr)
        return EXIT_PROBLEMS
    path = Path(args.output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        transcript.save(path)
    except OSError as err:
        print(f"cannot write {path}: {err.strerror or err}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{path}: {transcript.origin} seed {transcript.seed}, {len(transcript.turns)} turns, ending '{args.ending}'")
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from game.engine.game import EngineError
    from game.tools.transcripts import parse_choice, record

    story = load_or_report(story_dir(args.story))
    if story is None:
        return EXIT_PROBLEMS
    if args.ending is not None:
        return _record_ending(story, args)
    if args.origin not in story.origins:
        print(f"no origin '{args.origin}'; the story has: {', '.join(sorted(story.origins))}", file=sys.stderr)
        return EXIT_USAGE
    if args.runs < 1 or (args.runs > 1 and args.choices):
        print("--runs must be at least 1, and --choices records a single run", file=sys.stderr)
        return EXIT_USAGE
    choices = [parse_choice(token) for token in args.choices or []]
    target = Path(args.output)
    if args.runs > 1:
        target.mkdir(parents=True, exist_ok=True)
    for index in range(args.runs):
        seed = args.seed + index
        try:
            transcript = record(
                story, args.origin, seed, args.name, choices, finish_randomly=args.finish or not choices
            )
        except EngineError as err:
            print(f"{args.origin} seed {seed}: cannot record: {err}", file=sys.stderr)
            return EXIT_PROBLEMS
        path = target / f"{args.origin}-{seed}.json" if args.runs > 1 else target
        try:
            transcript.save(path)
        except OSError as err:
            print(f"cannot write {path}: {err.strerror or err}", file=sys.stderr)
            return EXIT_PROBLEMS
        ending = (
            f"ending '{transcript.ending}'"
            if transcript.ending
            else f"at '{transcript.turns[-1].scene}'"
            if transcript.turns
            else "at the start"
        )
        print(f"{path}: {len(transcript.turns)} turns, {ending}")
    return EXIT_OK


def _transcript_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return found


def cmd_replay(args: argparse.Namespace) -> int:
    from game.tools.transcripts import ReplayResult, Transcript, TranscriptError, replay

    story = load_or_report(story_dir(args.story))
    if story is None:
        return EXIT_PROBLEMS
    results: list[ReplayResult] = []
    unreadable: list[str] = []
    files = _transcript_files(args.files)
    if not files:
        print("no transcripts found", file=sys.stderr)
        return EXIT_USAGE
    for path in files:
        try:
            transcript = Transcript.load(path)
        except TranscriptError as err:
            unreadable.append(str(err))
            continue
        results.append(replay(story, transcript, str(path)))
    diverged = [r for r in results if not r.ok]
    if args.json:
        print(
            json.dumps(
                {
                    "story": story.root,
                    "ok": not diverged and not unreadable,
                    "replayed": len(results),
                    "diverged": len(diverged),
                    "unreadable": unreadable,
                    "results": [r.to_json() for r in results],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for result in results:
            print(result.text())
        for problem in unreadable:
            print(f"UNREADABLE {problem}")
        print(
            f"{len(results)} replayed, {len(diverged)} diverged, {len(unreadable)} unreadable — "
            + ("FAILED" if diverged or unreadable else "OK")
        )
    return EXIT_PROBLEMS if diverged or unreadable else EXIT_OK


# -- playtest --exhaustive -------------------------------------------------------------------------------
def run_exhaustive_playtest(args: argparse.Namespace, story: Story) -> int:
    """The `--exhaustive` branch of `steppe playtest` (called from game.cli.cmd_playtest)."""
    from game.tools.exhaustive import plain_route, run_exhaustive
    from game.tools.progress import ProgressBar
    from game.tools.report import exhaustive_text
    from game.tools.transcripts import Transcript, TranscriptTurn

    starts = _saved_starts(args.from_saves or [], story)
    if isinstance(starts, str):
        print(f"steppe playtest: {starts}", file=sys.stderr)
        return EXIT_USAGE
    bar = ProgressBar("exhaustive")
    report = run_exhaustive(
        story,
        args.seed,
        args.runs,
        args.max_runs,
        progress=lambda runs, done, total: bar.update(done, total, f"choices, {runs} runs"),
        starts=starts,
    )
    bar.close()
    if args.transcripts:
        folder = Path(args.transcripts)
        folder.mkdir(parents=True, exist_ok=True)
        from game.engine.game import EngineError, Game

        for ending, found in sorted(report.ending_routes.items()):
            route = plain_route(story, found, ending)
            if route is None:
                print(f"{ending}: reached only by changing the seed mid-game; no transcript saved", file=sys.stderr)
                continue
            try:
                game = Game.replay(story, route.origin, route.seed, None, route.steps)
            except EngineError:
                continue
            turns = [TranscriptTurn(t.choice, t.target, t.input) for t in game.state.turns]
            Transcript(story.id, story.version, route.origin, route.seed, game.state.name, turns, ending).save(
                folder / f"{ending}.json"
            )
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(exhaustive_text(report))
    return EXIT_PROBLEMS if report.failed else EXIT_OK


def _saved_starts(paths: list[str], story: Story) -> dict[str, GameState] | str:
    """The states of the saves named by ``--from-saves`` (files, or folders of them), loaded as the game loads them
    (renames followed, new variables filled in); a save that cannot be loaded is an error, not skipped."""
    from game.saves.store import SAVE_SUFFIX, SaveStore

    starts: dict[str, GameState] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            folder, keys = path, SaveStore(path, story).keys()  # the names only: each file is read once, below
        elif path.name.endswith(SAVE_SUFFIX) and path.is_file():
            folder, keys = path.parent, [path.name[: -len(SAVE_SUFFIX)]]
        else:
            return f"--from-saves {given}: not a save file ({SAVE_SUFFIX}) or a folder of them"
        store = SaveStore(folder, story)
        for key in keys:
            loaded = store.load(key, story)
            if loaded.game is None:
                return f"--from-saves {folder / (key + SAVE_SUFFIX)}: {loaded.error}"
            starts[str(folder / key)] = loaded.game.state.copy()
    return starts


def add_playtest_options(playtest: argparse.ArgumentParser) -> None:
    playtest.add_argument(
        "--exhaustive",
        action="store_true",
        help="after --runs random runs, try every choice of every reachable scene at least once",
    )
    playtest.add_argument(
        "--max-runs",
        type=int,
        default=5000,
        metavar="N",
        help="with --exhaustive: at most N runs to cover choices (default 5000)",
    )
    playtest.add_argument(
        "--from-saves",
        action="append",
        metavar="PATH",
        help="with --exhaustive: also explore from these saves (a save file or a folder of them; repeatable), "
        "e.g. saves made by an earlier edition, to reach the choices a story keeps for them",
    )
    playtest.add_argument(
        "--transcripts",
        metavar="DIR",
        help="with --exhaustive: save the shortest run to each ending as a transcript in DIR",
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    story_help = "story folder (default: the bundled story)"

    schema = sub.add_parser("schema", help="print the JSON Schema of a story file (for editors)")
    schema.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of printing it")
    schema.set_defaults(func=cmd_schema)

    graph = sub.add_parser("graph", help="the story map: scenes, choices and pools as Mermaid or Graphviz dot")
    graph.add_argument("story", nargs="?", help=story_help)
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="output format")
    graph.add_argument("--origin", metavar="ID", help="only what this origin can reach")
    graph.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    graph.set_defaults(func=cmd_graph)

    record = sub.add_parser("record", help="record a playthrough as a transcript (seed and choice ids)")
    record.add_argument("story", nargs="?", help=story_help)
    record.add_argument("--origin", metavar="ID", help="which musician (with --ending: default every one in turn)")
    record.add_argument("--seed", type=int, default=0, help="the game's seed (default 0)")
    record.add_argument("--name", help="the stage name typed at the start")
    record.add_argument(
        "--choices",
        nargs="+",
        metavar="CHOICE",
        help="choice ids to take in order; `id=text` types text into an input choice",
    )
    record.add_argument("--finish", action="store_true", help="with --choices: play on randomly to an ending")
    record.add_argument(
        "--runs", type=int, default=1, help="record N random playthroughs (seeds S, S+1, ...); -o is then a folder"
    )
    record.add_argument(
        "--ending",
        metavar="ID",
        help="record the first random playthrough (seeds S, S+1, ...) that reaches this ending",
    )
    record.add_argument(
        "--tries", type=int, default=2000, help="with --ending: how many playthroughs to try (default 2000)"
    )
    record.add_argument("-o", "--output", required=True, metavar="FILE", help="the transcript file to write")
    record.set_defaults(func=cmd_record)

    replay = sub.add_parser("replay", help="replay transcripts against today's story; report where they diverge")
    replay.add_argument("files", nargs="+", metavar="FILE", help="transcript files, or folders of them")
    replay.add_argument("--story", help=story_help)
    replay.add_argument("--json", action="store_true", help="print the results as JSON")
    replay.set_defaults(func=cmd_replay)

    compat = sub.add_parser("compat", help="which saves of OLD the story NEW would break, and which renames cover")
    compat.add_argument("old", metavar="OLD_STORY_DIR")
    compat.add_argument("new", metavar="NEW_STORY_DIR")
    compat.add_argument("--json", action="store_true", help="print the report as JSON")
    compat.set_defaults(func=cmd_compat)
