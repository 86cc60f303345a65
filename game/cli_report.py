"""Plain-text reports for the CLI's playtest (kept apart so cli.py stays a thin dispatcher)."""

from __future__ import annotations

from game.engine.playtest import PlaytestReport

_SHOWN = 25


def _listing(title: str, items: list[str]) -> None:
    print(f"{title}: {len(items)}")
    for item in items[:_SHOWN]:
        print(f"  - {item}")
    if len(items) > _SHOWN:
        print(f"  ... and {len(items) - _SHOWN} more (use --json for all)")


def print_playtest(report: PlaytestReport) -> None:
    data = report.to_json()
    turns = data["choices_per_run"]
    print(f"Playtest: {report.runs} runs, seed {report.seed}")
    print(
        f"Scenes visited: {data['scenes_visited']}/{data['scenes']}   "
        f"Choices taken: {data['choices_taken']}/{data['choices']}"
    )
    print(f"Choices per playthrough: min {turns['min']}, median {turns['median']}, max {turns['max']}")
    share = data["text_seen_share"]
    print(f"Share of the story's text seen in one playthrough: mean {share['mean']:.0%}, max {share['max']:.0%}")
    _listing("Scenes never visited", report.never_visited)
    _listing("Choices never taken", [f"{s}.{c}" for s, c in report.never_taken])
    print("Endings reached:")
    width = max((len(k) for k in data["endings"]), default=0)
    for ending, info in sorted(data["endings"].items(), key=lambda kv: -kv[1]["count"]):
        count = info["count"]
        marker = "" if count else "   <- never reached"
        print(f"  {ending:<{width}}  {count:>6}  {count / report.runs:6.1%}  {info['title']}{marker}")
    if report.starved:
        print("Pool draws that found nothing eligible:")
        for pool, count in report.starved.most_common():
            print(f"  {pool}: {count}")
    dead = [p for p in report.problems if p.kind != "error"]
    errors = [p for p in report.problems if p.kind == "error"]
    for label, problems in (("Dead ends", dead), ("Engine errors", errors)):
        print(f"{label}: {len(problems)}")
        for problem in problems[:10]:
            print(f"  - [{problem.origin} seed {problem.seed}] at '{problem.scene}': {problem.message}")
            if problem.choices:
                print(f"    choices: {' '.join(problem.choices[-12:])}")
    print("FAILED" if report.failed else "OK")
