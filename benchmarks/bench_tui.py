"""Choice latency through a Pilot-driven app at 80×24, and peak memory at the title and after many choices."""

from __future__ import annotations

from benchmarks.common import Row, percentile, run_json

FRAME_MS = 1000 / 60


def run(story: str, choices: int) -> list[Row]:
    floor = run_json(["-m", "benchmarks.tui_worker", "floor", str(max(20, choices // 5))])
    floor_rss = run_json(["benchmarks/minimal_app.py", "--rss"])["rss_kb"] / 1024
    game = run_json(["-m", "benchmarks.tui_worker", "steppe", story, str(choices)])
    ms = [x * 1000 for x in game["latencies"]]
    floor_ms = [x * 1000 for x in floor["latencies"]]
    first_ms = [x * 1000 for x in game["first_frames"]]
    floor_p50, floor_p95 = percentile(floor_ms, 50), percentile(floor_ms, 95)
    p50, p95 = percentile(ms, 50), percentile(ms, 95)
    budget = floor_p95 + FRAME_MS
    note = f"{len(ms)} choices over {game['games']} games; last frame drawn"
    return [
        Row(
            "choice",
            "floor: key → new text drawn, minimal app (p50)",
            floor_p50,
            "ms",
            note="one Static gets text of a new height: Textual's own refresh and relayout",
        ),
        Row("choice", "floor: key → new text drawn, minimal app (p95)", floor_p95, "ms"),
        Row("choice", "steppe: key → first frame of the next scene (p50)", percentile(first_ms, 50), "ms"),
        Row("choice", "steppe: key → next scene rendered (p50)", p50, "ms", floor_p50, note=note),
        Row(
            "choice",
            "steppe: key → next scene rendered (p95)",
            p95,
            "ms",
            floor_p95,
            f"≤ floor p95 + {FRAME_MS:.1f} ms",
            p95 <= budget,
        ),
        Row("memory", "floor: minimal Textual app, peak RSS", floor_rss, "MB"),
        Row(
            "memory",
            "steppe at the title screen (story loaded), peak RSS",
            game["rss_title_kb"] / 1024,
            "MB",
            floor_rss,
        ),
        Row(
            "memory",
            f"steppe after {len(ms)} choices, peak RSS",
            game["rss_after_kb"] / 1024,
            "MB",
            floor_rss,
            note="new games started as games end",
        ),
    ]
