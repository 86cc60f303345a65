"""The writers' tools are headless: none of them may import Textual (startup time, and no terminal needed)."""

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = Path(__file__).parent.parent / "fixtures" / "mini"


def test_tools_never_import_textual(tmp_path):
    script = f"""
import sys
from game.cli import main
for argv in (["schema", "-o", {str(tmp_path / "s.json")!r}],
             ["graph", {str(FIXTURES / "graphs")!r}, "-o", {str(tmp_path / "m.mmd")!r}],
             ["compat", {str(FIXTURES / "compat_old")!r}, {str(FIXTURES / "compat_renamed")!r}],
             ["record", {str(MINI)!r}, "--origin", "ana", "-o", {str(tmp_path / "t.json")!r}],
             ["replay", {str(tmp_path / "t.json")!r}, "--story", {str(MINI)!r}],
             ["playtest", {str(MINI)!r}, "--exhaustive", "--runs", "2"]):
    assert main(argv) == 0, argv
import game.tools.commands, game.tools.exhaustive, game.tools.graph, game.tools.compat  # noqa
import game.tools.transcripts, game.tools.schema, game.tools.report, game.tools.progress  # noqa
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not bad, bad
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
