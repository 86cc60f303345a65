"""`steppe read`: a route through the story as prose, for proofreading and review.

A transcript (or an origin and a seed, played with random choices to an ending) is replayed by the engine
and printed as Markdown the way a reader meets it: each scene's title and text, every choice offered
(locked ones with their reason, risky ones with their odds), the one taken, its outcome and what changed.
Unlike `steppe export` (the player's keepsake), nothing is left out: this is for the writer's eye.

Scene text is Markdown already (substituted values were escaped by the engine); choice labels and typed
text are escaped here, so a player's name like ``**x**`` reads as typed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from game.engine.effects import visible_changes
from game.engine.game import ChoiceView, EngineError, Game
from game.story.compiled import Story
from game.story.templates import markdown_escape

MAX_TURNS = 400
_INLINE = re.compile(r"([\\`*_\[\]<>])")


def _inline(text: str) -> str:
    """Text made literal inside a Markdown line (lighter than markdown_escape: readable as plain text too)."""
    return _INLINE.sub(r"\\\1", text)


@dataclass(frozen=True, slots=True)
class Route:
    """What to read: an origin and seed, the (choice, typed text) steps to take, and whether to finish the
    route with random choices once the steps run out."""

    origin: str
    seed: int
    name: str | None
    steps: tuple[tuple[str, str | None], ...] = ()
    finish: bool = True


def _choice_line(view: ChoiceView, taken: bool) -> str:
    label = _inline(view.text or view.id)
    notes = []
    if view.odds is not None:
        notes.append(f"{view.odds}% chance")
    if view.cost_text:
        notes.append(_inline(view.cost_text))
    if not view.enabled:
        notes.append("locked: " + _inline(view.locked_reason or "not available"))
    note = f" _({'; '.join(notes)})_" if notes else ""
    shown = f"**→ {label}**" if taken else label
    return f"- {shown}{note} `{view.id}`"


def read_route(story: Story, route: Route) -> str:
    """The route as Markdown; raises EngineError where a step cannot be taken (a stale transcript)."""
    game = Game.start(story, route.origin, route.seed, route.name)
    origin = story.origins[route.origin]
    out = [
        f"# {markdown_escape(story.title)}: {markdown_escape(origin.name)}",
        "",
        f"_Origin `{origin.id}`, seed {route.seed}._",
        "",
        origin.intro,
        "",
    ]
    chooser = random.Random(f"read/{route.seed}/{route.origin}")
    steps = list(route.steps)
    turn = 0
    while True:
        view = game.view()
        turn += 1
        out += [f"## {turn}. {markdown_escape(view.title)}", "", f"_Scene `{view.scene_id}`"]
        if view.when:
            out[-1] += f" · {markdown_escape(view.when)}"
        out[-1] += "._"
        out += ["", view.text.strip(), ""]
        if game.ended:
            out += [f"**The end: {markdown_escape(view.ending_title or view.ending_id or '')}.**", ""]
            break
        if steps:
            choice_id, typed = steps.pop(0)
        elif route.finish:
            enabled = [c for c in view.choices if c.enabled]
            if not enabled:
                out += ["**Dead end: no choice can be taken here.**", ""]
                break
            pick = chooser.choice(enabled)
            choice_id, typed = pick.id, (pick.input_default or "Someone") if pick.input_prompt else None
        else:
            out += ["_(The route stops here.)_", ""]
            break
        if not any(c.id == choice_id for c in view.choices):
            raise EngineError(f"turn {turn}: scene '{view.scene_id}' offers no choice '{choice_id}'")
        out += [_choice_line(c, c.id == choice_id) for c in view.choices]
        result = game.choose(choice_id, typed)
        if typed is not None:
            out += ["", f"Typed: “{_inline(typed)}”"]
        if result.outcome:
            out += ["", f"**{result.outcome.capitalize()}.** {result.outcome_text.strip()}".rstrip()]
        changes = [_inline(c.describe()) for c in visible_changes(result.changes, story.variables)]
        if changes:
            out += ["", "_Changed: " + ", ".join(changes) + "._"]
        out.append("")
        if turn >= MAX_TURNS:
            out += [f"_(Stopped after {MAX_TURNS} scenes.)_", ""]
            break
    return "\n".join(out).rstrip() + "\n"


def run_read(story: Story, transcript: str | None, origin: str | None, seed: int, output: str | None) -> int:
    """`steppe read`: print (or write) a transcript's route, or a random one from an origin and seed."""
    import sys
    from pathlib import Path

    from game.tools.transcripts import Transcript, TranscriptError

    if transcript is not None:
        try:
            recorded = Transcript.load(Path(transcript))
        except TranscriptError as err:
            print(f"steppe read: {err}", file=sys.stderr)
            return 2
        steps = tuple((t.choice, t.input) for t in recorded.turns)
        route = Route(recorded.origin, recorded.seed, recorded.name or None, steps, finish=False)
    else:
        chosen = origin or sorted(story.origins)[0]
        if chosen not in story.origins:
            print(f"no origin '{chosen}'; the story has: {', '.join(sorted(story.origins))}", file=sys.stderr)
            return 2
        route = Route(chosen, seed, None)
    if route.origin not in story.origins:
        print(f"steppe read: the story has no origin '{route.origin}'", file=sys.stderr)
        return 1
    try:
        text = read_route(story, route)
    except EngineError as err:
        print(f"steppe read: the route no longer fits the story: {err}", file=sys.stderr)
        return 1
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        print(f"cannot write {output}: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"wrote {output}", file=sys.stderr)
    return 0
