"""The plain-text report of an exhaustive playtest."""

from __future__ import annotations

from game.story.diagnostics import printable
from game.tools.exhaustive import ExhaustiveReport

SHOWN = 25


def _listing(lines: list[str], title: str, items: list[str]) -> None:
    lines.append(f"{title}: {len(items)}")
    lines.extend(f"  - {item}" for item in items[:SHOWN])
    if len(items) > SHOWN:
        lines.append(f"  ... and {len(items) - SHOWN} more (use --json for all)")


def _counts(lines: list[str], title: str, counts: dict[str, int]) -> None:
    """Counts as "id ×N", several to a line, fewest first (the rarely seen are what a writer looks for)."""
    ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    lines.append(f"{title} (all {len(ordered)} in --json):")
    shown = [f"{name} ×{count}" for name, count in ordered[: SHOWN * 2]]
    for start in range(0, len(shown), 5):
        lines.append("  " + ", ".join(shown[start : start + 5]))


def _span(span: list[float]) -> str:
    return f"{span[0]:g}..{span[1]:g}"


def exhaustive_text(report: ExhaustiveReport) -> str:
    data = report.to_json()
    lines = [
        f"Exhaustive playtest: {report.runs} runs ({report.random_runs} random, {report.coverage_runs} "
        f"to cover choices), seed {report.seed}",
        f"Scenes visited: {data['scenes_visited']}/{data['scenes']}   "
        f"Choices taken: {data['choices_taken']}/{data['choices']}",
        f"Stopped: {report.stop_reason}",
    ]
    _listing(lines, "Scenes never visited", [f"{s} ({report.why_not_visited(s)})" for s in report.never_visited])
    _listing(lines, "Choices never taken", [f"{s}.{c} ({report.why_not_taken(s, c)})" for s, c in report.never_taken])
    lines.append("Endings (share of runs; shortest choice path found):")
    for ending, info in sorted(data["endings"].items(), key=lambda kv: -kv[1]["count"]):
        lines.append(f"  {ending}  {info['count']} runs  {info['share']:.1%}  {info['title']}")
        shortest = info["shortest"]
        if shortest is None:
            lines.append("      never reached")
        else:
            path = " > ".join(shortest["choices"]) or "(no choices)"
            lines.append(f"      {shortest['origin']} seed {shortest['seed']}: {path}")
    _counts(lines, "Visits per scene, fewest first", data["scene_visits"])
    _counts(lines, "Times each choice was taken, fewest first", data["choice_counts"])
    starved = data["starved_pools"]
    lines.append(f"Pool draws that found nothing eligible: {len(starved)}")
    for pool, info in starved.items():
        times = "time" if info["count"] == 1 else "times"
        lines.append(f"  - {pool}: {info['count']} {times}, at {', '.join(info['scenes'][:5])}")
    never = data["never_true_conditions"]
    lines.append(f"Conditions never true: {len(never)}")
    for item in never[:SHOWN]:
        seen = ", ".join(f"{name} was {_span(span)}" for name, span in item["ranges"].items())
        where = f"{item['file']}:{item['line']}" if item["file"] else "?"
        lines.append(
            f"  - {where}: {item['where']}: `{item['condition']}` never true in {item['evaluated']} "
            f"checks" + (f" ({seen})" if seen else "")
        )
    problems = data["problems"]
    lines.append(f"Dead ends and engine errors: {len(problems)}")
    for problem in problems[:10]:
        lines.append(f"  - {problem['kind']} at '{problem['scene']}': {problem['message']}")
        switched = " (seed changed mid-game: see --json)" if problem.get("reseeds") else ""
        lines.append(
            f"    {problem['origin']} seed {problem['seed']}{switched}: {' > '.join(problem['choices'][-12:])}"
        )
    lines.append("FAILED" if report.failed else "OK")
    # Ids, conditions and engine messages come from the story: escaped and cut, so no escape code reaches
    # the terminal and no line is megabytes long.
    return "\n".join(printable(line, 2000) for line in lines)
