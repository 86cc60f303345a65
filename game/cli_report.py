"""Plain-text reports for the CLI's playtest (kept apart so cli.py stays a thin dispatcher)."""

from __future__ import annotations

from game.engine.playtest import PlaytestReport
from game.story.diagnostics import printable

_SHOWN = 25


def _say(line: str) -> None:
    # Titles, ids and engine messages come from the story: escaped and cut, so no escape code (a title of
    # "\e]0;PWNED\a" retitled the terminal) reaches it and no line is megabytes long.
    print(printable(line, 2000))


def _listing(title: str, items: list[str]) -> None:
    _say(f"{title}: {len(items)}")
    for item in items[:_SHOWN]:
        _say(f"  - {item}")
    if len(items) > _SHOWN:
        _say(f"  ... and {len(items) - _SHOWN} more (use --json for all)")


def print_playtest(report: PlaytestReport) -> None:
    data = report.to_json()
    turns = data["choices_per_run"]
    _say(f"Playtest: {report.runs} runs, seed {report.seed}")
    _say(
        f"Scenes visited: {data['scenes_visited']}/{data['scenes']}   "
        f"Choices taken: {data['choices_taken']}/{data['choices']}"
    )
    _say(f"Choices per playthrough: min {turns['min']}, median {turns['median']}, max {turns['max']}")
    share = data["text_seen_share"]
    _say(f"Share of the story's text seen in one playthrough: mean {share['mean']:.0%}, max {share['max']:.0%}")
    _listing("Scenes never visited", report.never_visited)
    _listing("Choices never taken", [f"{s}.{c}" for s, c in report.never_taken])
    _say("Endings reached:")
    width = max((len(k) for k in data["endings"]), default=0)
    for ending, info in sorted(data["endings"].items(), key=lambda kv: -kv[1]["count"]):
        count = info["count"]
        marker = "" if count else "   <- never reached"
        _say(f"  {ending:<{width}}  {count:>6}  {count / report.runs:6.1%}  {info['title']}{marker}")
    if report.starved:
        _say("Pool draws that found nothing eligible:")
        for pool, count in report.starved.most_common():
            _say(f"  {pool}: {count}")
    dead = [p for p in report.problems if p.kind != "error"]
    errors = [p for p in report.problems if p.kind == "error"]
    for label, problems in (("Dead ends", dead), ("Engine errors", errors)):
        _say(f"{label}: {len(problems)}")
        for problem in problems[:10]:
            _say(f"  - [{problem.origin} seed {problem.seed}] at '{problem.scene}': {problem.message}")
            if problem.choices:
                _say(f"    choices: {' '.join(problem.choices[-12:])}")
    _say("FAILED" if report.failed else "OK")
