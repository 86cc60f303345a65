"""`steppe export` and the export API: a save or a transcript as a Markdown or HTML career story."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.session import Session
from game.saves.store import SaveStore
from game.tools.export import (
    ExportError,
    build_career,
    export_session,
    load_session,
    render_html,
    render_markdown,
    write_export,
)
from game.tools.transcripts import from_game

HOSTILE = "<img src=x onerror=alert(1)> *Ana* & [x](javascript:alert(1))"


def finish(session: Session) -> None:
    """Play the mini story to its ending: a typed band name, gigs until Finish shows, then Finish."""
    for _ in range(60):
        if session.game.ended:
            return
        view = session.game.view()
        enabled = {c.text: c for c in view.choices if c.enabled}
        for wanted in ("Finish", "Name your band", "Play a gig", "Play"):
            if wanted in enabled:
                choice = enabled[wanted]
                session.game.choose(choice.id, "<b>Dunes</b> **x**" if choice.input_prompt else None)
                break
        else:
            session.game.choose(next(iter(enabled.values())).id)
    raise AssertionError("the mini story did not end")


@pytest.fixture
def ended(mini) -> Session:
    session = Session.new(mini, "ana", HOSTILE, seed=5)
    finish(session)
    return session


def test_the_career_tells_every_scene_read_and_choice_taken(ended) -> None:
    career = build_career(ended)
    scenes = [read for chapter in career.chapters for read in chapter.scenes]
    assert len(scenes) == len(ended.turns) == career.turns
    assert scenes[0].title.startswith("Hello ") and scenes[0].choice == "Name your band"
    assert scenes[0].typed == "<b>Dunes</b> **x**"
    assert career.ending_title == "Done" and career.complete
    assert [c.place for c in career.chapters] == ["Almaty"]
    assert any(line.startswith("Fame: ") for line in career.stats)


def test_markdown_escapes_what_the_player_typed(ended) -> None:
    text = render_markdown(build_career(ended))
    assert text.startswith(
        "# \\<img src=x onerror=alert(1)\\> \\*Ana\\* \\& \\[x\\](javascript:alert(1)): a career in Mini"
    )
    assert "> **You chose:** Name your band: “\\<b\\>Dunes\\</b\\> \\*\\*x\\*\\*”" in text
    assert "## Chapter 1: Almaty, weeks 1 to " in text
    assert "## The end: Done" in text and "## Final stats" in text
    # Rendered back, the typed text reads exactly as typed, nothing becomes a tag or a link.
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": False}).render(text)
    assert "<img" not in rendered and "<b>" not in rendered and "href" not in rendered


def test_html_is_one_self_contained_page_with_player_text_escaped(ended) -> None:
    page = render_html(build_career(ended))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page and "@media print" in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert not re.search(r"""(src|href)=["']?(https?:|//|javascript:)""", page)
    assert "default-src 'none'" in page  # nothing may load, even if something slipped through
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "&lt;b&gt;Dunes&lt;/b&gt; **x**" in page
    assert page.count('<section class="scene">') == len(ended.turns)


def test_a_game_in_progress_says_where_things_stand(mini) -> None:
    session = Session.new(mini, "bek", seed=1)
    text = export_session(session, "md")
    assert "## Where things stand" in text and ", after 0 choices." in text and "## The end" not in text
    with pytest.raises(ExportError):
        export_session(session, "pdf")


def test_a_save_and_a_transcript_export_the_same_story(ended, mini, tmp_path) -> None:
    store = SaveStore(tmp_path, mini)
    store.save("kept", ended.game, 12.0)
    transcript = tmp_path / "run.json"
    from_game(ended.game).save(transcript)
    from_save = export_session(load_session(store.path("kept"), mini), "md")
    from_transcript = export_session(load_session(transcript, mini), "md")
    assert from_save == from_transcript == export_session(ended, "md")


def test_write_export_keeps_an_existing_file_when_asked(tmp_path) -> None:
    target = tmp_path / "career.md"
    assert write_export("one", target) == target
    second = write_export("two", target, keep_existing=True)
    assert second == tmp_path / "career-2.md" and target.read_text() == "one" and second.read_text() == "two"


def steppe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STEPPE_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=60, cwd=cwd, env=env
    )


def test_the_export_command(ended, mini, mini_dir, tmp_path) -> None:
    store = SaveStore(tmp_path, mini)
    store.save("kept", ended.game)
    out = tmp_path / "career.html"
    run = steppe(
        "export", str(store.path("kept")), "--story", str(mini_dir), "--format", "html", "-o", str(out), cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")
    shown = steppe("export", str(store.path("kept")), "--story", str(mini_dir), cwd=tmp_path)
    assert shown.returncode == 0 and "## The end: Done" in shown.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "is not a regular file"),
        (b"\xff\xfe not json", "is not a save or a transcript (not JSON)"),
        (b'{"format": "something else"}', "is not a save or a transcript"),
        (b'{"format": "steppe-to-stage save", "schema": 1}', "the save cannot be used"),
        (b'{"format": "steppe-transcript", "format_version": 1}', "is missing or not a"),
    ],
)
def test_bad_sources_get_one_clear_line(mini_dir, tmp_path, content, message) -> None:
    source = tmp_path / "source.json"
    if content is None:
        source.mkdir()
    else:
        source.write_bytes(content)
    run = steppe("export", str(source), "--story", str(mini_dir), cwd=tmp_path)
    assert run.returncode == 1
    assert message in run.stderr and "Traceback" not in run.stderr


def test_a_scene_that_no_longer_renders_is_an_export_error(make_story) -> None:
    from game.story.loader import load_story

    root = make_story(
        {
            "scenes.yaml": """\
            scenes:
              - id: start
                title: Start
                text: "{{ 10 // fame }} a week."
                choices:
                  - id: go
                    text: Go
                    goto: start
            """
        }
    )
    session = Session.new(load_story(root), "ana", seed=1)
    with pytest.raises(ExportError, match="the playthrough cannot be told"):
        export_session(session, "md")


def test_a_story_with_chapters_is_told_in_its_own_chapters_and_dates(tmp_path) -> None:
    """The guide's "A life in chapters" story: the export's chapters are the story's, dated as the header."""
    from game.story.loader import load_story

    guide = (Path(__file__).resolve().parents[2] / "WRITING.md").read_text(encoding="utf-8")
    body = next(b for b in re.findall(r"```yaml\n(.*?)```", guide, re.S) if "a-life-in-chapters" in b)
    (tmp_path / "story.yaml").write_text(body, encoding="utf-8")
    story = load_story(tmp_path)
    session = Session.new(story, "timur", seed=2)
    for _ in range(80):  # the first enabled choice each time, to an ending
        if session.game.ended:
            break
        session.choose(next(c.id for c in session.game.view().choices if c.enabled))
    markdown = render_markdown(build_career(session))
    assert "## Chapter 1: Childhood (1990 · age 7" in markdown
    assert "*1990 · age 7*" in markdown and "Week 10" not in markdown
