"""A before/after table in Markdown from two runs' JSON: ``python -m benchmarks.compare BEFORE.json AFTER.json``.

Rows are matched by group and name (a row only one run has is shown with a blank on the other side). The
floor, ratio, target and verdict are the "after" run's, as its own table printed them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.run import _fmt


def _ratio(row: dict[str, Any] | None) -> str:
    return f"{row['ratio']:.2f}×" if row and row.get("ratio") else ""


def table(before: dict[str, Any], after: dict[str, Any]) -> str:
    old = {(r["group"], r["name"]): r for r in before["rows"]}
    lines = [
        "| figure | unit | before | after | floor or peer (after) | ratio before | ratio after | target | met |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    seen = set()
    for row in after["rows"]:
        key = (row["group"], row["name"])
        seen.add(key)
        was = old.get(key)
        met = {True: "yes", False: "**no**", None: ""}[row["ok"]]
        lines.append(
            f"| {row['group']}: {row['name']} | {row['unit']} | {_fmt(was['value'], was['unit']) if was else ''} "
            f"| {_fmt(row['value'], row['unit'])} | {_fmt(row['floor'], row['unit'])} | {_ratio(was)} "
            f"| {_ratio(row)} | {row['target']} | {met} |"
        )
    for key, row in old.items():
        if key not in seen:
            lines.append(f"| {key[0]}: {key[1]} | {row['unit']} | {_fmt(row['value'], row['unit'])} | | | | | | |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv)
    print(table(before, after))
    for name, run in (("before", before), ("after", after)):
        machine = run["machine"]
        start = machine.get("load_average_at_start", ["?"])[0]
        print(
            f"\n{name}: {run['when']}, {run['seconds']} s, load average {start} at the start, "
            f"{machine['load_average'][0]:.2f} at the end"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
