"""The plain game's loop: the title menu, a new game, then scene after scene until an ending or the end of input.

Every question works the same way: the choices are listed with numbers, the player answers with a number
or a command, and a wrong answer gets one clear line and the same question again. The game follows the
Textual game's rules (see ``game/tui/app.py``): the same save folder, an autosave after every choice (and
after a new game or an undo), an ending recorded in the gallery once per playthrough, and nothing saved or
recorded for a writer's debug start.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.game import EngineError, SceneView
from game.engine.journal import key_moments
from game.engine.session import Session
from game.plain.clean import clean
from game.plain.prose import to_lines, wrap
from game.plain.terminal import EndOfInput, Terminal
from game.plain.words import changes_in_words, choice_line, stat_lines, when, where

if TYPE_CHECKING:
    from game.saves.gallery import Gallery
    from game.saves.store import SaveStore
    from game.story.compiled import Story

EXIT_OK, EXIT_PROBLEMS, EXIT_INTERRUPTED = 0, 1, 130

HELP = """\
Type the number of a choice, or one of these commands:
  save [NAME]    save to a named slot (without a name: the quick save)
  load [NAME]    load a save (without a name: pick one from the list)
  undo           take back the last choice
  journal        the playthrough so far, scene by scene
  stats          your stats
  look           show the scene again
  export [md|html] [FILE]   write your career story to a file
  menu           back to the title menu
  help           this list
  quit           leave the game (it is autosaved after every choice)"""


class Quit(Exception):
    """The player asked to leave."""


class ToTitle(Exception):
    """Back to the title menu."""


@dataclass(frozen=True, slots=True)
class DebugStart:
    """A writer's jump straight to a scene (``--scene``): never saved, never recorded in the gallery."""

    scene: str
    sets: dict[str, str]
    origin: str | None = None


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


class PlainGame:
    def __init__(
        self,
        term: Terminal,
        story: Story,
        store: SaveStore,
        gallery: Gallery,
        *,
        seed: int | None = None,
        debug: DebugStart | None = None,
    ) -> None:
        self.term = term
        self.story = story
        self.store = store
        self.gallery = gallery
        self.seed = seed
        self.debug = debug
        self.session: Session | None = None
        self.last_autosave_failed = False  # then the goodbye must not claim the game is saved
        self._chapter_said: str | None = None  # the chapter last announced (said again only when it changes)

    # -- the whole run ----------------------------------------------------------------------------------
    def run(self) -> int:
        try:
            if self.debug is not None and not self._start_debug():
                return EXIT_PROBLEMS
            while True:
                if self.session is not None:
                    with contextlib.suppress(ToTitle):  # "menu": back to the title, the session kept
                        self.play()
                self.title_menu()
        except Quit:
            self.term.say("Goodbye." + self._saved_note())
        except EndOfInput:
            self.term.say("End of input." + self._saved_note())
        except KeyboardInterrupt:  # Ctrl+C: the usual exit status, but said in words like any other way out
            self.term.say("\nInterrupted." + self._saved_note())
            return EXIT_INTERRUPTED
        return EXIT_OK

    def _saved_note(self) -> str:
        session = self.session
        if session is None or not session.turns or session.game.ended:
            return ""
        if not session.saving_allowed:
            return " This debug start was not saved."
        if self.last_autosave_failed:
            return " The last autosave failed (see above): your latest choices are not saved."
        return " Your game was autosaved after your last choice: Continue picks it up next time."

    # -- asking -----------------------------------------------------------------------------------------
    def pick(self, prompt: str, count: int, *, allow_empty: bool = False) -> int | None:
        """A number from 1 to ``count`` (None for an empty answer, when allowed); asks again otherwise."""
        while True:
            answer = self.term.ask(prompt)
            if not answer and allow_empty:
                return None
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer)
            if answer.lower() in ("quit", "q", "exit"):
                raise Quit
            self.term.say(
                f"Please type a number from 1 to {count}" + (", or press Enter to go back." if allow_empty else ".")
            )

    def confirm(self, question: str) -> bool:
        while True:
            answer = self.term.ask(f"{question} (yes/no): ").lower()
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no", ""):
                return False
            self.term.say("Please answer yes or no.")

    # -- the title menu ---------------------------------------------------------------------------------
    def resume_summary(self) -> str | None:
        session = self.session
        if session is not None and not session.game.ended:
            title = self._view_title(session)
            return f"{session.musician()} · {title} · week {session.game.variables.get('week', '')}"
        latest = self.store.latest(self.story)
        if latest is not None:
            return f"{latest.musician} · {latest.scene_title} · week {latest.week}"
        return None

    @staticmethod
    def _view_title(session: Session) -> str:
        try:
            return session.game.view().title
        except EngineError:
            return session.game.state.scene

    def title_menu(self) -> None:
        """Returns with a session to play (or raises Quit)."""
        story = self.story
        while True:
            self.term.say()
            self.term.say(story.title or "Steppe to Stage")
            musicians, endings = len(story.origins), len(story.endings)
            self.term.say(f"{plural(musicians, 'musician')} · {plural(endings, 'ending')}")
            self.term.say()
            resume = self.resume_summary()
            items: list[tuple[str, Callable[[], bool]]] = []
            if resume is not None:
                items.append((f"Continue ({resume})", self.continue_game))
            items += [
                ("New game", self.new_game),
                ("Load a save", self.load_menu),
                ("Endings gallery", self.show_gallery),
                ("Quit", self._quit),
            ]
            for number, (label, _) in enumerate(items, start=1):
                self.term.say(f"{number}. {clean(label)}")
            if self._title_answer(items):
                return

    def _title_answer(self, items: list[tuple[str, Callable[[], bool]]]) -> bool:
        """A number, or a word: continue, new, load [NAME], gallery, help, quit. True when a game is ready."""
        words = {"continue": self.continue_game, "new": self.new_game, "gallery": self.show_gallery}
        while True:
            answer = self.term.ask(f"Your choice (1-{len(items)}): ")
            word, _, rest = answer.partition(" ")
            word, rest = word.lower(), rest.strip()
            if answer.isdigit() and 1 <= int(answer) <= len(items):
                return items[int(answer) - 1][1]()
            if word in ("quit", "q", "exit"):
                raise Quit
            if word == "load":
                return self._load(rest) if rest else self.load_menu()
            if word in words:
                return words[word]()
            if word in ("help", "h", "?"):
                self.term.say("Type a number, or: continue, new, load [NAME], gallery, quit.")
                continue
            self.term.say(f"Please type a number from 1 to {len(items)} (or help).")

    def _quit(self) -> bool:
        raise Quit

    def continue_game(self) -> bool:
        if self.session is not None and not self.session.game.ended:
            return True
        latest = self.store.latest(self.story)
        if latest is None:
            self.term.say("There is nothing to continue yet: start a new game.")
            return False
        return self._load(latest.slot, latest.display)

    def new_game(self) -> bool:
        session = self.session
        if session is not None and not session.game.ended and session.turns and session.saving_allowed:
            self.term.say(
                f"{session.musician()}'s game stays in the autosaves only for the next few choices; "
                "save it to a named slot (save NAME) to keep it."
            )
            if not self.confirm("Start a new game?"):
                return False
        origins = list(self.story.origins.values())
        self.term.say()
        self.term.say("Choose your musician:")
        for number, origin in enumerate(origins, start=1):
            self.term.say()
            self.term.say(
                f"{number}. {clean(origin.name)}, from {clean(origin.home)}, plays the {clean(origin.instrument)}"
            )
            self.term.lines(wrap(" ".join(origin.intro.split()), self.term.width))
        self.term.say()
        picked = self.pick(f"Musician (1-{len(origins)}, or Enter to go back): ", len(origins), allow_empty=True)
        if picked is None:
            return False
        origin = origins[picked - 1]
        name = self.term.ask(f"Stage name (press Enter to play as {clean(origin.name)}): ")
        try:
            self.session = Session.new(self.story, origin.id, name or None, self.seed)
        except EngineError as err:
            self.term.say(f"The game could not start: {err}")
            return False
        self.autosave()
        return True

    def _start_debug(self) -> bool:
        debug = self.debug
        assert debug is not None
        origin = debug.origin or next(iter(self.story.origins), None)
        if origin is None or origin not in self.story.origins:
            self.term.say(
                f"Debug start failed: the story has no origin '{origin}' (it has: {', '.join(self.story.origins)})"
            )
            return False
        try:
            self.session = Session.debug(self.story, origin, debug.scene, debug.sets, self.seed)
        except EngineError as err:
            self.term.say(f"Debug start failed: {err}")
            return False
        self.term.say(f"Debug start at '{clean(debug.scene)}': this game is not saved.")
        return True

    # -- saves ------------------------------------------------------------------------------------------
    def autosave(self) -> None:
        from game.saves.store import SaveError

        session = self.session
        if session is None or not session.saving_allowed:
            return
        try:
            self.store.autosave(session.game, session.play_seconds())
        except (SaveError, OSError) as err:
            self.last_autosave_failed = True
            self.term.say(f"Autosave failed: {clean(err)}")
            return
        self.last_autosave_failed = False

    def save(self, name: str) -> None:
        from game.saves.store import DamagedSlotError, SaveError

        session = self.session
        if session is None:
            self.term.say("Start or load a game first.")
            return
        if not session.saving_allowed:
            self.term.say("A debug start is not saved.")
            return
        try:
            if not name:
                self.store.quicksave(session.game, session.play_seconds())
                self.term.say("Quick saved (load quicksave brings it back).")
                return
            if self.store.exists(name) and not self.confirm(f"A save called “{clean(name)}” exists. Replace it?"):
                self.term.say("Not saved.")
                return
            try:
                info = self.store.save(name, session.game, session.play_seconds())
            except DamagedSlotError as err:
                if not self.confirm(f"The {err}"):
                    self.term.say("Not saved.")
                    return
                info = self.store.save(name, session.game, session.play_seconds(), overwrite_damaged=True)
        except (SaveError, OSError) as err:
            self.term.say(f"Not saved: {err}")
            return
        self.term.say(f"Saved: “{clean(info.display)}”.")

    def load_menu(self) -> bool:
        slots = self.store.list_slots(self.story)
        if not slots:
            self.term.say(f"No saves yet in {self.store.folder}.")
            return False
        self.term.say()
        self.term.say("Saves:")
        for number, info in enumerate(slots, start=1):
            when = info.saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.saved_at else ""
            detail = f"{info.musician}, {info.scene_title}, week {info.week}, saved {when}"
            if info.damaged and not info.loadable:
                detail = f"damaged: {info.damaged}"
            elif info.from_backup:
                detail += f" (the save is damaged, {info.damaged}; its previous version loads)"
            self.term.say(f"{number}. {clean(info.display)}: {clean(detail)}")
        picked = self.pick(f"Load which (1-{len(slots)}, or Enter to go back)? ", len(slots), allow_empty=True)
        if picked is None:
            return False
        return self._load(slots[picked - 1].slot, slots[picked - 1].display)

    def _load(self, slot: str, label: str | None = None) -> bool:
        result = self.store.load(slot, self.story)
        if result.game is None:
            self.term.say(f"The save could not be loaded: {clean(result.error or 'unknown problem')}")
            return False
        self.session = Session.from_game(self.story, result.game, result.play_seconds)
        for note in result.notes:
            self.term.say(f"Note: {clean(note)}")
        self.term.say(f"Loaded “{clean(label or slot)}”.")
        return True

    # -- playing ----------------------------------------------------------------------------------------
    def view(self, *, quiet: bool = False) -> SceneView | None:
        assert self.session is not None
        try:
            return self.session.game.view()
        except Exception as err:  # noqa: BLE001 - EngineError, or a template bug: said, never a traceback
            if not quiet:
                self.term.say(f"This scene could not be shown: {clean(err)}")
                self.term.say("Type undo to step back, load to load a save, or menu.")
            return None

    def play(self) -> None:
        """Scene after scene; returns (or raises ToTitle) when the player leaves for the title menu."""
        shown = True
        while self.session is not None:
            view = self.view(quiet=not shown)  # a scene that fails is said once, not after every answer
            if view is not None and view.is_ending:
                self.show_ending(view)
                self.ending_menu()
                shown = True
                continue
            if shown:
                self.show_scene(view)
            shown = self.ask_choice(view)

    def show_scene(self, view: SceneView | None) -> None:
        session = self.session
        if session is None or view is None:
            return
        term = self.term
        origin = self.story.origins[session.start.origin]
        variables = session.game.variables
        term.say()
        if view.chapter is not None and view.chapter != self._chapter_said:  # a new chapter of the life
            term.say(f"Chapter {view.chapter_number}: {clean(view.chapter)}")
            term.say()
        self._chapter_said = view.chapter
        term.say(view.title)
        term.say(f"{where(self.story, variables, origin.home)}, {when(self.story, variables)}")
        term.say()
        term.lines(to_lines(view.text, term.width))
        term.say()
        if not view.choices:
            term.say("There are no choices here. Type undo, load or menu.")
            return
        term.say("Choices:")
        for number, choice in enumerate(view.choices, start=1):
            term.lines(wrap(choice_line(number, choice), term.width, "   "))

    def ask_choice(self, view: SceneView | None) -> bool:
        """One answer to the scene's question. True when the scene should be shown again (it changed)."""
        choices = view.choices if view is not None else ()
        span = f"1-{len(choices)}, or help" if choices else "help"
        answer = self.term.ask(f"Your choice ({span}): ")
        if answer.isdigit():
            number = int(answer)
            if not choices or not 1 <= number <= len(choices):
                there = f"choose from 1 to {len(choices)}" if choices else "there are no choices here"
                self.term.say(f"There is no choice {number} here: {there}.")
                return False
            choice = choices[number - 1]
            if not choice.enabled:
                reason = clean(choice.locked_reason or "not available yet")
                self.term.say(f"Choice {number} is locked: {reason}. Choose another.")
                return False
            return self.make_choice(choice.id, choice.input_prompt, choice.input_default)
        return self.command(answer, view)

    def make_choice(self, choice_id: str, prompt: str | None, default: str) -> bool:
        session = self.session
        assert session is not None
        typed = None
        if prompt is not None:
            hint = f" (press Enter for “{clean(default)}”)" if default else ""
            typed = self.term.ask(f"{clean(prompt)}{hint}: ")
        try:
            result = session.choose(choice_id, typed)
        except Exception as err:  # noqa: BLE001 - EngineError from the story, or a bug: said, and the game goes on
            self.term.say(f"That choice could not be made: {clean(err)}")
            return False
        self.autosave()
        self.term.say()
        if result.outcome == "success":
            self.term.say("It worked.")
        elif result.outcome == "failure":
            self.term.say("It didn't work out.")
        if result.outcome_text:
            self.term.lines(wrap(result.outcome_text, self.term.width))
        if result.changes:
            self.term.lines(wrap(changes_in_words(self.story, result.changes), self.term.width))
        return True

    def command(self, answer: str, view: SceneView | None) -> bool:
        word, _, rest = answer.partition(" ")
        word, rest = word.lower(), rest.strip()
        if word in ("quit", "q", "exit"):
            raise Quit
        if word in ("menu", "title"):
            raise ToTitle
        if word in ("help", "h", "?"):
            self.term.say(HELP)
            return False
        if word in ("look", "l"):
            return True
        if word == "save":
            self.save(rest)
            return False
        if word == "load":
            loaded = self._load(rest) if rest else self.load_menu()
            return loaded
        if word in ("undo", "u"):
            return self.undo()
        if word in ("journal", "j"):
            self.show_journal()
            return False
        if word in ("stats", "s"):
            self.show_stats()
            return False
        if word == "export":
            self.export(rest)
            return False
        if not answer:
            self.term.say("Type a number to choose, or help for the commands.")
            return False
        self.term.say(f"“{clean(answer)}” is not a choice or a command here. Type a number, or help.")
        return False

    def undo(self) -> bool:
        session = self.session
        assert session is not None
        if not session.turns:
            self.term.say("Nothing to undo yet.")
            return False
        try:
            last = session.history().records[-1].choice_text
            session.undo(1)
        except Exception as err:  # noqa: BLE001
            self.term.say(f"Undo failed: {clean(err)}")
            return False
        self.autosave()
        self.term.say(f"Took back: {clean(last)}")
        return True

    def show_journal(self) -> None:
        session = self.session
        assert session is not None
        history = session.history()
        term = self.term
        term.say()
        term.say(f"Journal of {clean(session.musician())}, {plural(len(history.records), 'choice')}:")
        for record in history.records:
            term.say()
            term.say(f"Week {record.week}: {clean(record.scene_title)}")
            chosen = clean(record.choice_text)
            if record.typed is not None:
                chosen += f": “{clean(record.typed)}”"
            if record.outcome == "success":
                chosen += " (it worked)"
            elif record.outcome == "failure":
                chosen += " (it didn't work out)"
            term.lines(wrap(f"You chose: {chosen}", term.width))
            if record.changes:
                term.lines(wrap("Changes: " + ", ".join(clean(c) for c in record.changes), term.width))
        term.say()
        term.say(f"Week {session.game.variables.get('week', '')}: {clean(self._view_title(session))} (you are here)")
        if not history.complete:
            term.say("Some early turns are shown by their ids: the story changed since they were played.")

    def show_stats(self) -> None:
        session = self.session
        assert session is not None
        self.term.say()
        self.term.say(f"Stats of {clean(session.musician())}:")
        origin = self.story.origins[session.start.origin]
        variables = session.game.variables
        self.term.say(
            f"{clean(origin.instrument).capitalize()} player, from {clean(origin.home)}: "
            f"{where(self.story, variables, origin.home)}, {when(self.story, variables)}"
        )
        self.term.lines(stat_lines(self.story, session.game.variables))

    def export(self, rest: str) -> None:
        from game.tools.export import ExportError, default_export_name, export_session, write_export

        session = self.session
        assert session is not None
        parts = rest.split(maxsplit=1)
        fmt = "md"
        if parts and parts[0].lower() in ("md", "markdown", "html"):
            fmt = "html" if parts[0].lower() == "html" else "md"
            parts = parts[1:]
        target = Path(parts[0]).expanduser() if parts else Path(default_export_name(session, fmt))
        try:
            written = write_export(export_session(session, fmt), target, keep_existing=not parts)
        except (ExportError, OSError) as err:
            self.term.say(f"Not exported: {clean(err)}")
            return
        self.term.say(f"Your career story was written to {clean(written)}")

    # -- the ending -------------------------------------------------------------------------------------
    def show_ending(self, view: SceneView) -> None:
        session = self.session
        assert session is not None
        term, story, game = self.term, self.story, session.game
        term.say()
        term.say("THE END")
        term.say(view.ending_title or view.title)
        if view.title != (view.ending_title or view.title):
            term.say(view.title)
        term.say()
        term.lines(to_lines(view.text, term.width))
        term.say()
        term.say("Your career")
        origin = story.origins[session.start.origin]
        turns = len(session.turns)
        term.lines(
            wrap(
                f"{clean(session.musician())}, {clean(origin.instrument)} player from {clean(origin.home)}. "
                f"Ended at {where(story, game.variables, origin.home)}, {when(story, game.variables)}, "
                f"after {plural(turns, 'choice')}.",
                term.width,
            )
        )
        moments = key_moments(story, session.history())
        if moments:
            term.say()
            term.say("Key moments:")
            for moment in moments:
                term.lines(wrap(f"- {moment}", term.width, "  "))
        term.say()
        term.say("Final stats:")
        term.lines(stat_lines(story, game.variables))
        line = self.record_ending(view)
        if line:
            term.say()
            term.say(line)

    def record_ending(self, view: SceneView) -> str:
        """Remember the ending in the gallery, once per playthrough (never for a debug start)."""
        from game.saves.gallery import record_ending

        assert self.session is not None
        return record_ending(self.gallery, self.session, view.ending_title)

    def ending_menu(self) -> None:
        items = ["Play again", "Endings gallery", "Read the journal", "Title menu", "Quit"]
        self.term.say()
        for number, label in enumerate(items, start=1):
            self.term.say(f"{number}. {label}")
        while True:
            answer = self.term.ask(f"Your choice (1-{len(items)}, or help): ")
            if answer == "1":
                if self.new_game():
                    return
            elif answer == "2":
                self.show_gallery()
            elif answer == "3":
                self.show_journal()
            elif answer == "4":
                raise ToTitle
            elif answer == "5":
                raise Quit
            elif answer.isdigit():
                self.term.say(f"There is no choice {answer} here: choose from 1 to {len(items)}.")
            elif self.command(answer, None):
                return  # undo or load: the game goes on from there
            continue

    def show_gallery(self) -> bool:
        entries = self.gallery.entries()
        total = len(self.story.endings)
        found = {e.ending_id for e in entries}
        self.term.say()
        self.term.say(f"Endings gallery: {len(found)} of {total} found.")
        if self.gallery.damaged:
            self.term.say(f"The gallery file is damaged ({clean(self.gallery.damaged)}); it is kept aside.")
        for entry in entries:
            times = f", {plural(entry.count, 'time')}" if entry.count > 1 else ""
            self.term.say(f"- {clean(entry.title)}: reached by {clean(entry.name)}{times}")
        return False
