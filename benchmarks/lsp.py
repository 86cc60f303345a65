"""The language server: from an edit in the editor to its diagnostics, on the bundled story.

Drives the real `steppe lsp` over stdio (the tests' JSON-RPC client). One file of the bundled story is
opened, then edited again and again, alternately breaking a `goto:` and mending it; each figure is the
wall time from sending `didChange` to receiving the `publishDiagnostics` that reflects that edit. It
includes the server's debounce (the pause it waits for more typing, 0.05 s by default), so it is what a
writer waits for after the last key press. The target is 300 ms.

python -m benchmarks.lsp [--edits N]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from benchmarks.common import ROOT, Row, median, percentile

TARGET_MS = 300.0
EDITED = Path("stories/steppe/shared/studio.yaml")  # a shared file every musician meets


def _latencies(edits: int, debounce: str) -> list[float]:
    from tests.lsp.client import LspClient

    path = (ROOT / EDITED).resolve()
    text = path.read_text(encoding="utf-8")
    target = next(m.group(1) for m in re.finditer(r"^ +goto: (\w+)$", text, re.MULTILINE))
    broken = text.replace(f"goto: {target}", f"goto: {target}_typo", 1)
    client = LspClient(ROOT, env={"STEPPE_LSP_DEBOUNCE": debounce})
    found: list[float] = []
    try:
        client.initialize(ROOT / "stories" / "steppe")
        client.open(path, text)
        client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == path.as_uri(), timeout=60)
        for number in range(edits):
            wrong = number % 2 == 0
            start = time.perf_counter()
            client.change(path, broken if wrong else text, number + 2)

            def reflects(params: dict, wrong: bool = wrong) -> bool:
                has = any(d["code"] == "E301" and f"{target}_typo" in d["message"] for d in params["diagnostics"])
                return params["uri"] == path.as_uri() and has == wrong

            client.wait_for("textDocument/publishDiagnostics", reflects, timeout=30)
            found.append((time.perf_counter() - start) * 1000)
    finally:
        client.close()
    return found


def run(edits: int) -> list[Row]:
    rows: list[Row] = []
    typed = _latencies(edits, "0.05")
    p50, p95 = median(typed), percentile(typed, 95)
    rows.append(
        Row(
            "lsp",
            "edit to diagnostics, p50 (0.05 s debounce included)",
            p50,
            "ms",
            target=f"≤{TARGET_MS:.0f} ms",
            ok=p50 <= TARGET_MS,
        )
    )
    rows.append(Row("lsp", "edit to diagnostics, p95", p95, "ms", target=f"≤{TARGET_MS:.0f} ms", ok=p95 <= TARGET_MS))
    bare = _latencies(edits, "0")
    rows.append(Row("lsp", "edit to diagnostics, no debounce, p50", median(bare), "ms"))
    rows.append(Row("lsp", "edit to diagnostics, no debounce, p95", percentile(bare, 95), "ms"))
    return rows


def main() -> int:
    from benchmarks.run import table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    print(table(run(args.edits)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
