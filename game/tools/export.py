"""A playthrough as a document to keep: the career story, in Markdown or as one self-contained HTML file.

The story is rebuilt from the turn log (the engine's one replay routine), recording what the player read
before each choice: the scene's title and text, the choice taken (and the text typed for it), a risky
choice's outcome and what changed. Scenes are grouped into chapters by where the musician was (the same
header values the game shows above each scene), then come the key moments, the final stats and the ending.

Everything a player typed or a save held is escaped for the format: Markdown punctuation is backslashed,
HTML is escaped and scene Markdown is rendered with raw HTML turned off. The HTML page has inline CSS, no
scripts, and a Content-Security-Policy that forbids loading anything, so it opens the same offline and
prints cleanly.

From Python (the Textual game's export button): ``export_session(session, "html")`` gives the text and
``write_export(text, path)`` writes it; ``steppe export FILE`` reads a save or a transcript.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt

from game.engine.effects import visible_changes
from game.plain.clean import clean
from game.plain.words import stat_line, when, where
from game.present.stat_rows import stat_rows

if TYPE_CHECKING:
    from game.engine.game import ChoiceResult, Game
    from game.engine.session import Session
    from game.story.compiled import Story

FORMATS = ("md", "html")
MAX_SOURCE_BYTES = 32 * 1024 * 1024  # the same cap as a save file


class ExportError(Exception):
    """The source cannot be exported (not a save or transcript, damaged, another story); says why."""


# -- the career, as data ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SceneRead:
    """One scene as the player read it, and the choice taken there."""

    week: int
    title: str
    text: str  # Markdown, as rendered for the player
    choice: str
    moment: str  # when it was, as the game's header said it: "1998 · age 14", else "Week 12"
    typed: str | None = None
    outcome: str | None = None
    outcome_text: str = ""
    changes: tuple[str, ...] = ()


@dataclass(slots=True)
class Chapter:
    """The story's own chapter (when it declares chapters), else a stretch of the life in one place."""

    place: str
    scenes: list[SceneRead] = field(default_factory=list)
    declared: bool = False  # `place` is the title of one of the story's chapters

    @property
    def weeks(self) -> str:
        if self.declared:  # the span in the story's calendar, as the header showed it
            first, last = self.scenes[0].moment, self.scenes[-1].moment
            return first if first == last else f"{first} to {last}"
        first_week, last_week = self.scenes[0].week, self.scenes[-1].week
        return f"week {first_week}" if first_week == last_week else f"weeks {first_week} to {last_week}"

    @property
    def heading(self) -> str:
        return f"{self.place} ({self.weeks})" if self.declared else f"{self.place}, {self.weeks}"


@dataclass(slots=True)
class Career:
    story_title: str
    musician: str
    origin_name: str
    instrument: str
    home: str
    chapters: list[Chapter]
    final_title: str
    final_text: str
    ending_title: str | None  # None: the playthrough has not ended yet
    place: str
    week: str
    turns: int
    moments: list[str]
    stats: list[str]
    complete: bool = True  # False when the story changed and only part of the log could be replayed


def build_career(session: Session) -> Career:
    from game.engine.journal import key_moments
    from game.engine.replay import replay

    story = session.story
    origin = story.origins[session.start.origin]
    game = session.start.begin(story)
    chapters: list[Chapter] = []
    # Before each choice: week, chapter (or place), whether that is a declared chapter, the header's moment,
    # title, text and the choice's text.
    seen: list[tuple[int, str, bool, str, str, str, str]] = []

    def place_of(playing: Game) -> str:
        return where(story, playing.variables, origin.home)

    def before(playing: Game, index: int, choice_id: str) -> None:
        view = playing.view()
        text = next((c.text for c in view.choices if c.id == choice_id), choice_id)
        week = int(playing.variables.get("week", story.start_week))
        moment = " · ".join(str(v) for v in (view.year, None if view.age is None else f"age {view.age}") if v)
        chapter = view.chapter or place_of(playing)
        seen.append((week, chapter, view.chapter is not None, moment or f"Week {week}", view.title, view.text, text))

    def after(playing: Game, index: int, result: ChoiceResult) -> None:
        week, place, declared, moment, title, text, choice = seen[index]
        read = SceneRead(
            week,
            title,
            text,
            choice,
            moment,
            playing.state.turns[-1].input,  # as the game kept it (control characters stripped)
            result.outcome,
            result.outcome_text,
            tuple(c.describe() for c in visible_changes(result.changes, story.variables)),
        )
        if not chapters or chapters[-1].place != place:
            chapters.append(Chapter(place, declared=declared))
        chapters[-1].scenes.append(read)

    done = replay(game, session.turns, before=before, after=after, describe=True)
    final = done.game
    view = final.view()
    return Career(
        story_title=story.title,
        musician=session.musician(),
        origin_name=origin.name,
        instrument=origin.instrument,
        home=origin.home,
        chapters=chapters,
        final_title=view.title,
        final_text=view.text,
        ending_title=(view.ending_title or view.title) if view.is_ending else None,
        place=where(story, final.variables, origin.home),
        week=when(story, final.variables),
        turns=done.applied,
        moments=key_moments(story, session.history()),
        stats=[stat_line(row) for row in stat_rows(story, final.variables)],
        complete=done.complete,
    )


# -- Markdown --------------------------------------------------------------------------------------------
# What could start emphasis, code, a link, raw HTML, an entity or a table cell inside a line. Every one of
# our lines begins with its own marker ("# ", "- ", "> "), so line-start syntax (1., +, #) cannot arise;
# leaving periods and brackets of ordinary prose alone keeps the .md file readable as plain text.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|!&])")


def _md(text: object) -> str:
    """One line of text from the game or a player, safe inside a Markdown line: shown as typed."""
    return _MD_INLINE.sub(r"\\\1", clean(text))


def _choice_words(read: SceneRead) -> str:
    said = read.choice
    if read.typed is not None:
        said += f": “{read.typed}”"
    if read.outcome == "success":
        said += " (it worked)"
    elif read.outcome == "failure":
        said += " (it didn't work out)"
    return said


def _summary(career: Career) -> str:
    turns = f"{career.turns} choice{'s' if career.turns != 1 else ''}"
    state = "Ended" if career.ending_title is not None else "So far"
    return (
        f"{career.musician}, {career.instrument} player from {career.home}. "
        f"{state} at {career.place}, {career.week}, after {turns}."
    )


def render_markdown(career: Career) -> str:
    out: list[str] = [f"# {_md(career.musician)}: a career in {_md(career.story_title)}", ""]
    out += [_md(_summary(career)), ""]
    if not career.complete:
        out += ["*The story has changed since this was played: only the turns that still fit are told.*", ""]
    for number, chapter in enumerate(career.chapters, start=1):
        out += [f"## Chapter {number}: {_md(chapter.heading)}", ""]
        for read in chapter.scenes:
            out += [f"### {_md(read.title)}", "", f"*{_md(read.moment)}*", "", clean_block(read.text), ""]
            out += [f"> **You chose:** {_md(_choice_words(read))}", ""]
            if read.outcome_text:  # plain text in the game (not Markdown), so escaped like a typed line
                out += [_md(" ".join(read.outcome_text.split())), ""]
            if read.changes:
                out += [f"*{_md(', '.join(read.changes))}*", ""]
    heading = f"The end: {_md(career.ending_title)}" if career.ending_title is not None else "Where things stand"
    out += [f"## {heading}", "", f"### {_md(career.final_title)}", "", clean_block(career.final_text), ""]
    if career.moments:
        out += ["## Key moments", "", *(f"- {_md(m)}" for m in career.moments), ""]
    out += ["## Final stats", "", *(f"- {_md(s)}" for s in career.stats), ""]
    return "\n".join(out)


def clean_block(markdown: str) -> str:
    """Scene Markdown (values already escaped by the templates) with control characters removed."""
    return "\n".join(clean(line) for line in markdown.splitlines()).strip()


# -- HTML ------------------------------------------------------------------------------------------------
CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 42em; margin: 2em auto; padding: 0 1em;
       line-height: 1.55; color: #1d1d1d; background: #fdfbf6; }
h1 { font-size: 1.9em; margin-bottom: .2em; color: #7a3e12; }
h2 { margin-top: 2em; border-bottom: 1px solid #c9b38f; padding-bottom: .2em; color: #7a3e12; }
h3 { margin-bottom: .1em; }
.summary { font-style: italic; }
.week { color: #6b6b6b; font-size: .9em; margin-top: 0; }
.chose { border-left: 3px solid #c9b38f; padding-left: .8em; margin-left: 0; }
.changes { color: #555; font-size: .92em; }
.note { color: #8a4b00; font-style: italic; }
section.scene { break-inside: avoid; }
@media print {
  body { background: #fff; color: #000; max-width: none; margin: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
}
"""


@lru_cache(maxsize=1)
def _html_parser() -> MarkdownIt:
    # Raw HTML off: a tag in a scene or a name is shown as text. markdown-it refuses javascript: links.
    return MarkdownIt("commonmark", {"html": False}).enable("strikethrough")


def _h(text: object) -> str:
    return html.escape(clean(text), quote=True)


def _prose(markdown: str) -> str:
    return _html_parser().render(clean_block(markdown))


def render_html(career: Career) -> str:
    title = f"{career.musician}: a career in {career.story_title}"
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may load or run: the page is the whole document.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(career.musician)}</h1>",
        f'<p class="summary">A career in {_h(career.story_title)}. {_h(_summary(career))}</p>',
    ]
    if not career.complete:
        out.append(
            '<p class="note">The story has changed since this was played: only the turns that still fit are told.</p>'
        )
    for number, chapter in enumerate(career.chapters, start=1):
        out.append(f"<h2>Chapter {number}: {_h(chapter.heading)}</h2>")
        for read in chapter.scenes:
            out += ['<section class="scene">', f"<h3>{_h(read.title)}</h3>", f'<p class="week">{_h(read.moment)}</p>']
            out.append(_prose(read.text))
            out.append(f'<p class="chose"><strong>You chose:</strong> {_h(_choice_words(read))}</p>')
            if read.outcome_text:
                out.append(f"<p>{_h(read.outcome_text)}</p>")
            if read.changes:
                out.append(f'<p class="changes">{_h(", ".join(read.changes))}</p>')
            out.append("</section>")
    heading = f"The end: {career.ending_title}" if career.ending_title is not None else "Where things stand"
    out += [f"<h2>{_h(heading)}</h2>", f"<h3>{_h(career.final_title)}</h3>", _prose(career.final_text)]
    if career.moments:
        out += ["<h2>Key moments</h2>", "<ul>", *(f"<li>{_h(m)}</li>" for m in career.moments), "</ul>"]
    out += ["<h2>Final stats</h2>", "<ul>", *(f"<li>{_h(s)}</li>" for s in career.stats), "</ul>"]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# -- entry points ----------------------------------------------------------------------------------------
def export_session(session: Session, fmt: str) -> str:
    """The playthrough of ``session`` as a document in ``fmt`` ("md" or "html")."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}' (use md or html)")
    from game.engine.game import EngineError

    try:
        career = build_career(session)
    except EngineError as err:  # a scene that can no longer be shown (a template failing at runtime)
        raise ExportError(f"the playthrough cannot be told: {err}") from None
    return render_html(career) if fmt == "html" else render_markdown(career)


def default_export_name(session: Session, fmt: str) -> str:
    from game.saves.store import slot_key

    return f"career-{slot_key(session.musician())}.{fmt}"


def write_export(text: str, target: Path, *, keep_existing: bool = False) -> Path:
    """Write the document; with ``keep_existing`` a file already there is kept and a new name is used
    ("career-ana-2.md"). Returns the path written. Raises OSError."""
    path = target
    if keep_existing:
        number = 2
        while path.exists():
            path = target.with_name(f"{target.stem}-{number}{target.suffix}")
            number += 1
    path.write_text(text, encoding="utf-8")
    return path


def _read_json(path: Path) -> tuple[bytes, Any]:
    try:
        info = path.stat()
    except OSError as err:
        raise ExportError(f"cannot read {path}: {err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block, /dev/zero would never end
        raise ExportError(f"{path} is not a regular file")
    if info.st_size > MAX_SOURCE_BYTES:
        raise ExportError(f"{path} is too large to be a save or a transcript ({info.st_size:,} bytes)")
    try:
        raw = path.read_bytes()
        return raw, json.loads(raw.decode("utf-8"))
    except OSError as err:
        raise ExportError(f"cannot read {path}: {err.strerror or err}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ExportError(f"{path} is not a save or a transcript (not JSON)") from None


def load_session(path: Path, story: Story) -> Session:
    """A save file or a transcript as a session on ``story``. Raises ExportError saying why not."""
    from game.engine.game import EngineError, Game
    from game.engine.replay import replay
    from game.engine.session import Session
    from game.saves.format import FORMAT_NAME, SaveDamaged, decode
    from game.saves.migrate import restore_state
    from game.tools.transcripts import FORMAT as TRANSCRIPT_FORMAT
    from game.tools.transcripts import Transcript, TranscriptError

    raw, data = _read_json(path)
    kind = data.get("format") if isinstance(data, dict) else None
    try:
        if kind == FORMAT_NAME:
            document = decode(raw)
            state, _notes = restore_state(story, document["state"])
            return Session.from_game(story, Game(story, state), float(document.get("play_seconds", 0)))
        if kind == TRANSCRIPT_FORMAT:
            transcript = Transcript.from_json(data)
            if transcript.story_id != story.id:
                raise ExportError(f"{path} was recorded on story '{transcript.story_id}', not '{story.id}'")
            session = Session.new(story, transcript.origin, transcript.name or None, transcript.seed)
            done = replay(session.game, transcript.turns)
            session.game = done.game
            return session
    except SaveDamaged as err:
        raise ExportError(f"{path}: the save cannot be used: {err.reason}") from None
    except TranscriptError as err:
        raise ExportError(f"{path}: {err}") from None
    except EngineError as err:
        raise ExportError(f"{path}: {err}") from None
    raise ExportError(f"{path} is not a save or a transcript")


def run_export(args: argparse.Namespace) -> int:
    """``steppe export SAVE_OR_TRANSCRIPT --format md|html [-o FILE]``."""
    from game.story.bundled import story_dir
    from game.tools.commands import load_or_report

    story = load_or_report(story_dir(args.story))
    if story is None:
        return 1
    try:
        session = load_session(Path(args.source), story)
        text = export_session(session, args.format)
    except ExportError as err:
        print(f"steppe export: {clean(err)}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        written = write_export(text, Path(os.path.expanduser(args.output)))
    except OSError as err:
        print(f"steppe export: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"wrote {written}", file=sys.stderr)
    return 0
