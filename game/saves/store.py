"""The save folder: named slots, a quicksave, rotating autosaves, each written atomically with a backup.

Files in the folder (all JSON, see :mod:`game.saves.format`):

- ``<key>.save.json``: a slot; ``<key>`` is the player's slot name made safe for a file name (the name as
  typed is kept inside the file and shown from there);
- ``<key>.backup.json``: the previous good save of that slot, the fallback when the slot is damaged;
- ``autosave-<playthrough>-1.save.json`` (newest) … ``-N``: rotated after every choice, one chain per
  playthrough, so two copies of the game on one folder never rotate each other's files (older versions
  wrote ``autosave-1`` …; those are still listed and loaded);
- ``quicksave.save.json``: the quick-save key's slot;
- ``gallery.json``: endings reached across playthroughs (:mod:`game.saves.gallery`).

Nothing here deletes or overwrites a damaged save unless the caller says the player agreed
(``overwrite_damaged=True``, ``delete``); a damaged autosave that would rotate out, or a damaged backup
that a save would replace, is moved aside instead. Files are read with :func:`read_limited` (regular
files only, with a size limit): a FIFO or a link to ``/dev/zero`` named like a save is listed as damaged,
never waited on. A file whose name the game would not make (``Victim.save.json``) is listed as foreign.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.saves.atomic import atomic_write, folder_lock, fsync_dir, link_or_copy, remove_stale_temps, write_temp
from game.saves.format import (
    FORMAT_NAME,
    MAX_SAVE_BYTES,
    SCHEMA_VERSION,
    SaveDamaged,
    decode,
    encode,
    now_iso,
    parse_time,
    state_json,
    strip_control,
)
from game.saves.migrate import restore_state
from game.story.safe_read import read_limited

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.story.compiled import Story

SAVE_SUFFIX = ".save.json"
BACKUP_SUFFIX = ".backup.json"
AUTOSAVE_PREFIX = "autosave-"
AUTOSAVES_KEPT = 3
QUICKSAVE = "quicksave"
APP_NAME = "steppe-to-stage"
MAX_KEY_LENGTH = 60
_HASH_LENGTH = 6  # hex digits added to a key whose readable part lost something of the name
LOCK_FILE = ".saves.lock"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True, slots=True)
class PendingAutosave:
    """An autosave taken but not yet written: its bytes, the story they belong to, and how it will list."""

    data: bytes
    story: Story
    info: SlotInfo


class SaveError(Exception):
    """A save could not be written (disk full, no permission, a damaged slot in the way); nothing was lost."""


class DamagedSlotError(SaveError):
    """Saving would overwrite a damaged save; the UI must ask the player and pass ``overwrite_damaged=True``."""


def default_saves_dir() -> Path:
    """``$STEPPE_SAVES`` (set by ``--saves``), else the checkout's ``saves/``, else the per-user data folder."""
    from game.story.bundled import is_source_checkout

    chosen = os.environ.get("STEPPE_SAVES")
    if chosen:
        return Path(chosen).expanduser()
    if is_source_checkout():
        return Path(__file__).resolve().parent.parent.parent / "saves"
    try:
        import platformdirs
    except ImportError:  # a declared dependency, but never worth a crash: use the XDG default
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        return Path(base) / APP_NAME
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _identity(name: str) -> str:
    """What makes two slot names the same slot: the name without control or bidi characters, outer
    spaces, Unicode compatibility forms, or case (case-insensitive file systems could not tell them apart),
    with each run of spaces and underscores read as one ``_`` ("Before the gig" is before_the_gig)."""
    text = unicodedata.normalize("NFKC", strip_control(name)).strip()
    return re.sub(r"[\s_]+", "_", unicodedata.normalize("NFKC", text.casefold()))


def slot_key(name: str) -> str:
    """A safe, stable file-name stem for a slot name a player typed; distinct names get distinct stems.

    Letters and digits (any script) stay; everything else becomes ``_``; lower case so that case-insensitive
    file systems agree; never empty, never ``..``, never a Windows device name. When that readable form
    lost anything of the name (punctuation, an emoji, accents, length), a short hash of the name is added,
    so ``..``, ``/`` and ``🎸🎸`` do not all become one file. ``slot_key(slot_key(x)) == slot_key(x)``, so a
    key passed back in finds the same file.
    """
    identity = _identity(name)
    chars = []
    for ch in identity:
        if ch.isalnum() or ch == "-":
            chars.append(ch)
        elif not unicodedata.combining(ch):  # a mark left over by case folding (the dot of İ) is dropped
            chars.append("_")
    readable = re.sub(r"_+", "_", "".join(chars)).strip("_-")
    if readable.split("-")[0] in _WINDOWS_RESERVED or readable in _WINDOWS_RESERVED:
        readable = f"slot_{readable}"
    if readable and readable == identity and len(readable) <= MAX_KEY_LENGTH:
        return readable
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]
    stem = readable[: MAX_KEY_LENGTH - _HASH_LENGTH - 1].strip("_-") or "save"
    return f"{stem}-{digest}"


_AUTOSAVE_KEY = re.compile(rf"{AUTOSAVE_PREFIX}(?:[0-9a-f]{{8}}-)?(\d+)")


def is_reserved(key: str) -> bool:
    """Keys the game manages itself: the quicksave and the rotating autosaves (of any playthrough)."""
    return key == QUICKSAVE or _AUTOSAVE_KEY.fullmatch(key) is not None


def playthrough_id(game: Game) -> str:
    """Eight hex digits naming a playthrough (its story, origin, seed and musician): its autosave chain.

    A game continued from a save keeps the chain it had; a new game (a new seed) starts another.
    """
    state = game.state
    text = f"{state.story_id}\0{state.origin}\0{state.seed}\0{state.name}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def autosave_key(chain: str, index: int) -> str:
    return f"{AUTOSAVE_PREFIX}{chain}-{index}"


def slot_kind(key: str) -> str:
    if key == QUICKSAVE:
        return "quicksave"
    if is_reserved(key):
        return "autosave"
    return "slot" if slot_key(key) == key else "foreign"


@dataclass(slots=True)
class SlotInfo:
    """One slot as the slot list shows it. Text fields come from the file: shown literally, never as markup."""

    slot: str  # the key: pass it to load/delete
    display: str  # the name the player gave the slot (or "Autosave 1", "Quicksave")
    kind: str  # "slot" | "autosave" | "quicksave" | "foreign" (a file named unlike any the game makes)
    musician: str = ""
    origin: str = ""
    scene: str = ""
    scene_title: str = ""
    week: int = 0
    play_seconds: float = 0.0
    saved_at: datetime | None = None
    damaged: str | None = None  # why the slot's file cannot be used, or None
    from_backup: bool = False  # the details shown (and what loads) come from the backup
    resumes_elsewhere: bool = False  # the saved scene was cut from the story: play resumes at an earlier one
    loadable: bool = True
    notes: list[str] = field(default_factory=list)  # what loading will change (story edits), if a story was given
    backup_damaged: str | None = None  # the slot's backup file exists but cannot be used, and why


@dataclass(slots=True)
class LoadResult:
    game: Game | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    from_backup: bool = False
    slot: str = ""
    play_seconds: float = 0.0
    saved_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.game is not None


@dataclass(slots=True)
class _Read:
    """A verified file: its document, or why it cannot be used."""

    document: dict[str, Any] | None
    reason: str | None


def _display_name(key: str, document: dict[str, Any] | None) -> str:
    if key == QUICKSAVE:
        return "Quicksave"
    match = _AUTOSAVE_KEY.fullmatch(key)
    if match:
        return f"Autosave {match.group(1)}"
    if key not in (slot_key(key), QUICKSAVE):
        return strip_control(key)[: MAX_KEY_LENGTH * 2]  # a foreign file: its name as it is
    name = document.get("slot") if document else None
    return strip_control(name)[: MAX_KEY_LENGTH * 2] if isinstance(name, str) and name.strip() else key


class SaveStore:
    """The saves in one folder. ``story`` is what saves load into (it may also be passed per call)."""

    def __init__(
        self, folder: str | os.PathLike[str], story: Story | None = None, autosaves_kept: int = AUTOSAVES_KEPT
    ) -> None:
        self.folder = Path(folder)
        self.story = story
        self.autosaves_kept = max(1, autosaves_kept)
        self._known_good: set[tuple[Any, ...]] = set()
        remove_stale_temps(self.folder)

    # -- paths ------------------------------------------------------------------------------------------
    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SAVE_SUFFIX}"

    def backup_path(self, key: str) -> Path:
        return self.folder / f"{key}{BACKUP_SUFFIX}"

    def _key(self, slot: str) -> str:
        key = slot_key(slot)
        # Never let a name escape the folder, whatever slot_key becomes one day.
        if self.path(key).parent != self.folder or os.sep in key or (os.altsep and os.altsep in key):
            raise SaveError(f"not a usable slot name: {slot!r}")
        return key

    def _is_foreign_file(self, stem: str) -> bool:
        """Whether ``stem`` names a file in the folder that the game would not have named so."""
        separators = [os.sep, os.altsep or os.sep]
        if slot_kind(stem) != "foreign" or any(sep in stem for sep in separators) or stem in ("", ".", ".."):
            return False
        return self.path(stem).exists() or self.backup_path(stem).exists()

    # -- reading ----------------------------------------------------------------------------------------
    def _read(self, path: Path) -> _Read:
        try:
            # Regular files only, never more than a save can be: a FIFO named like a save would block the
            # game for good, a link to /dev/zero would never end.
            raw = read_limited(path, MAX_SAVE_BYTES)
        except FileNotFoundError:
            return _Read(None, "missing")
        except OSError as err:
            return _Read(None, f"cannot be read: {err.strerror or err}")
        try:
            return _Read(decode(raw), None)
        except SaveDamaged as err:
            return _Read(None, err.reason)
        except Exception as err:  # noqa: BLE001 - whatever else a hostile file provokes, it is a damaged save
            return _Read(None, f"not a usable save ({type(err).__name__})")

    def _restore(self, document: dict[str, Any], story: Story) -> tuple[Game, list[str]]:
        from game.engine.game import EngineError, Game

        try:
            state, notes = restore_state(story, document["state"])
            return Game(story, state), notes
        except EngineError as err:
            raise SaveDamaged(str(err)) from None
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError) as err:
            # a shape restore_state did not foresee
            raise SaveDamaged(f"the game state is malformed ({type(err).__name__}: {str(err)[:200]})") from None

    @staticmethod
    def _moved(document: dict[str, Any], story: Story) -> bool:
        """Whether the saved scene is gone from ``story`` (play resumes at an earlier one)."""
        return story.resolve_scene(document["state"]["scene"]) is None

    def _story(self, story: Story | None) -> Story | None:
        return story if story is not None else self.story

    def load(self, slot: str, story: Story | None = None) -> LoadResult:
        """Load a slot into ``story``; on a damaged slot, its backup. Never raises, never writes."""
        story = self._story(story)
        if self._is_foreign_file(slot):
            return LoadResult(error=_foreign_reason(slot), slot=slot)
        try:
            key = self._key(slot)
        except SaveError as err:
            return LoadResult(error=str(err))
        result = LoadResult(slot=key)
        if story is None:
            result.error = "no story is loaded to resume the save in"
            return result
        main = self._read(self.path(key))
        reason = main.reason
        if main.document is not None:
            try:
                game, notes = self._restore(main.document, story)
            except SaveDamaged as err:
                reason = err.reason
            else:
                return self._loaded(result, main.document, game, notes)
        backup = self._read(self.backup_path(key))
        if backup.document is not None:
            try:
                game, notes = self._restore(backup.document, story)
            except SaveDamaged:
                pass
            else:
                result.from_backup = True
                when = parse_time(backup.document["saved_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
                why = "is missing" if reason == "missing" else f"is damaged ({reason})"
                notes.insert(0, f"the save {why}; loaded its previous version, saved {when}")
                return self._loaded(result, backup.document, game, notes)
        result.error = f"there is no save called '{key}'" if reason == "missing" else reason
        return result

    @staticmethod
    def _loaded(result: LoadResult, document: dict[str, Any], game: Game, notes: list[str]) -> LoadResult:
        result.game = game
        result.notes = notes
        result.play_seconds = float(document.get("play_seconds", 0))
        result.saved_at = parse_time(document["saved_at"])
        return result

    def info(self, key: str, story: Story | None = None) -> SlotInfo:
        """What the slot list shows for one key (its backup's details when the slot itself is damaged).

        Never raises: whatever is in the file, the slot is listed (damaged, if nothing else fits)."""
        try:
            return self._info(key, story)
        except Exception as err:  # noqa: BLE001 - one hostile file must not stop the game from listing the rest
            info = SlotInfo(key, strip_control(key), slot_kind(key))
            info.damaged = f"not a usable save ({type(err).__name__})"
            info.loadable = False
            return info

    def _info(self, key: str, story: Story | None) -> SlotInfo:
        story = self._story(story)
        if slot_kind(key) == "foreign":
            info = SlotInfo(key, _display_name(key, None), "foreign", damaged=_foreign_reason(key), loadable=False)
            return info
        main = self._read(self.path(key))
        info = SlotInfo(key, _display_name(key, main.document), slot_kind(key))
        reason, notes = main.reason, []
        if main.document is not None and story is not None:
            try:
                notes = self._restore(main.document, story)[1]
            except SaveDamaged as err:
                reason = err.reason
        if reason is None:
            assert main.document is not None
            _fill(info, main.document)
            info.notes = notes
            info.resumes_elsewhere = story is not None and self._moved(main.document, story)
            info.backup_damaged = self._backup_problem(key)
            return info
        info.damaged = reason if reason != "missing" else "the save file is missing"
        info.loadable = False
        backup = self._read(self.backup_path(key))
        if backup.document is not None:
            try:
                notes = self._restore(backup.document, story)[1] if story is not None else []
            except SaveDamaged as err:
                info.backup_damaged = err.reason
                return info
            _fill(info, backup.document)
            info.display = _display_name(key, backup.document)
            info.from_backup = info.loadable = True
            info.notes = notes
            info.resumes_elsewhere = story is not None and self._moved(backup.document, story)
        elif backup.reason != "missing":
            info.backup_damaged = backup.reason
        return info

    def _backup_problem(self, key: str, story: Story | None = None) -> str | None:
        """Why the slot's backup file cannot be used, or None when it is good or absent."""
        path = self.backup_path(key)
        story = self._story(story)
        try:
            if not path.exists() and not path.is_symlink():
                return None
            if story is not None and self._fingerprint(path, story) in self._known_good:
                return None  # the hard link this store made of a file it had checked
        except OSError as err:
            return f"cannot be read: {err.strerror or err}"
        read = self._read(path)
        return None if read.document is not None else read.reason

    def keys(self) -> list[str]:
        """Every slot key in the folder (a slot whose main file is gone but whose backup remains included).

        Files named like saves that the game would not have named so (``Victim.save.json``) are included
        too, as foreign keys (:func:`slot_kind`): listed, never loaded, never hidden."""
        try:
            names = [p.name for p in self.folder.iterdir()]
        except OSError:
            return []
        keys = set()
        for name in names:
            for suffix in (SAVE_SUFFIX, BACKUP_SUFFIX):
                if name.endswith(suffix) and not name.startswith("."):
                    stem = name[: -len(suffix)]
                    if stem:
                        keys.add(stem)
        return sorted(keys)

    def list_slots(self, story: Story | None = None) -> list[SlotInfo]:
        """Named slots newest first, then the quicksave, then autosaves newest first, then foreign files;
        damaged ones marked."""
        infos = [self.info(key, story) for key in self.keys()]

        def order(info: SlotInfo) -> tuple[int, float, str]:
            rank = {"slot": 0, "quicksave": 1, "autosave": 2}.get(info.kind, 3)
            return rank, -info.saved_at.timestamp() if info.saved_at else float("inf"), info.slot

        return sorted(infos, key=order)

    def latest(self, story: Story | None = None) -> SlotInfo | None:
        """The most recently saved slot that loads (for Continue on the title screen)."""
        loadable = [i for i in self.list_slots(story) if i.loadable and i.saved_at is not None]
        return max(loadable, key=lambda i: i.saved_at, default=None)  # type: ignore[arg-type,return-value]

    # -- writing ----------------------------------------------------------------------------------------
    def _document(
        self, game: Game, display: str, play_seconds: float | None, scene_title: str | None = None
    ) -> dict[str, Any]:
        from game.engine.game import EngineError

        state = game.state
        title = scene_title
        if title is None:
            try:
                title = game.view().title
            except EngineError:
                title = state.scene
        seconds = max(0.0, float(play_seconds or 0.0))
        return {
            "format": FORMAT_NAME,
            "schema": SCHEMA_VERSION,
            "slot": display,
            "saved_at": now_iso(),
            "play_seconds": round(seconds, 1),
            "story": {"id": game.story.id, "version": game.story.version, "title": game.story.title},
            "summary": {
                "name": state.name,
                "origin": state.origin,
                "scene": state.scene,
                "scene_title": title,
                "week": state.variables.get("week", 0),
                "turns": len(state.turns),
            },
            "state": state_json(state),
        }

    def _write_slot(self, key: str, data: bytes, story: Story, overwrite_damaged: bool) -> None:
        """Back up the slot's current good file, then replace it. Both steps are atomic.

        "Good" means it would load into this story: a file that is damaged, or belongs to another story, or
        does not fit this one, is only replaced with the player's say-so, and never becomes the backup.
        """
        target, backup = self.path(key), self.backup_path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if target.exists():
                problem = self._problem(target, story)
                if problem is None:
                    if self._backup_problem(key, story) is not None:
                        self._set_aside(backup)  # a damaged backup is kept aside, like any damaged save
                    link_or_copy(target, backup)
                    self._remember(backup, story)
                elif not overwrite_damaged:
                    raise DamagedSlotError(f"the save '{key}' is damaged ({problem}); overwrite it?")
                # else: agreed to overwrite; the backup stays as it is (the last good save of this slot)
            atomic_write(target, data)
            self._remember(target, story)
        except OSError as err:
            raise SaveError(f"could not save to {target}: {err.strerror or err}") from err

    # A file this store wrote and has not changed since (same inode, size and time) needn't be parsed again
    # to know it is good: that keeps a save of a long playthrough to one write.
    @staticmethod
    def _fingerprint(path: Path, story: Story) -> tuple[Any, ...]:
        stat = path.stat()
        return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, story.id, story.version

    def _remember(self, path: Path, story: Story) -> None:
        with contextlib.suppress(OSError):
            self._known_good.add(self._fingerprint(path, story))

    def _problem(self, path: Path, story: Story) -> str | None:
        """Why this file would not load into ``story``, or None (checked for real unless this store wrote it)."""
        try:
            if self._fingerprint(path, story) in self._known_good:
                return None
        except OSError as err:
            return f"cannot be read: {err.strerror or err}"
        read = self._read(path)
        if read.document is None:
            return read.reason
        try:
            restore_state(story, read.document["state"])
        except SaveDamaged as err:
            return err.reason
        self._remember(path, story)
        return None

    def save(
        self, slot: str, game: Game, play_seconds: float | None = None, *, overwrite_damaged: bool = False
    ) -> SlotInfo:
        """Save to a named slot (replacing it; the UI asks first when it exists). Raises SaveError."""
        display = strip_control(slot).strip()
        key = self._key(display)
        if is_reserved(key):
            raise SaveError(f"'{display}' is kept for the game's own saves; choose another name")
        return self._save_key(key, display, game, play_seconds, overwrite_damaged)

    def _save_key(
        self, key: str, display: str, game: Game, play_seconds: float | None, overwrite_damaged: bool
    ) -> SlotInfo:
        document = self._document(game, display, play_seconds)
        self._write_slot(key, encode(document), game.story, overwrite_damaged)
        info = SlotInfo(key, _display_name(key, document), slot_kind(key))
        _fill(info, document)
        return info

    def exists(self, slot: str) -> bool:
        key = slot_key(slot)
        return self.path(key).exists() or self.backup_path(key).exists()

    def quicksave(self, game: Game, play_seconds: float | None = None) -> SlotInfo:
        """Quick save: one slot, replaced each time (its previous version kept as the backup).

        The quick-save key cannot stop to ask, so a damaged quicksave is moved aside (never deleted) first.
        """
        target = self.path(QUICKSAVE)
        try:
            if target.exists() and self._problem(target, game.story) is not None:
                self._set_aside(target)
        except OSError as err:
            raise SaveError(f"could not quick save in {self.folder}: {err.strerror or err}") from err
        return self._save_key(QUICKSAVE, "Quicksave", game, play_seconds, overwrite_damaged=False)

    def quickload(self, story: Story | None = None) -> LoadResult:
        return self.load(QUICKSAVE, story)

    def autosave(self, game: Game, play_seconds: float | None = None) -> SlotInfo:
        """Save after a choice: the playthrough's autosave 1 is the newest; older ones shift down and the
        oldest drops off. Each playthrough has its own chain (:func:`playthrough_id`)."""
        pending = self.prepare_autosave(game, play_seconds)
        self.write_autosave(pending)
        return pending.info

    def prepare_autosave(
        self, game: Game, play_seconds: float | None = None, *, scene_title: str | None = None
    ) -> PendingAutosave:
        """The autosave as bytes, taken now: the game may go on while :meth:`write_autosave` writes it
        (the game uses this to keep disk writes off its UI thread). ``scene_title`` saves rendering the
        scene again when the caller has just shown it."""
        key = autosave_key(playthrough_id(game), 1)
        document = self._document(game, "Autosave", play_seconds, scene_title)
        info = SlotInfo(key, _display_name(key, document), "autosave")
        _fill(info, document)
        return PendingAutosave(encode(document), game.story, info)

    def write_autosave(self, pending: PendingAutosave) -> None:
        """Write ``pending`` as its chain's autosave 1, rotating the chain. Raises SaveError if it cannot.

        The new file is written and synced under a temporary name first; only then does the chain rotate
        (so a full disk never costs an older autosave), and the rotation runs under the folder's lock (so
        two games saving at once never rename each other's files away)."""
        first = self.path(pending.info.slot)
        chain = pending.info.slot.removeprefix(AUTOSAVE_PREFIX).rsplit("-", 1)[0]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = write_temp(first, pending.data)
            try:
                with folder_lock(self.folder / LOCK_FILE):
                    self._rotate(chain, pending.story)
                    os.replace(temp, first)
            except BaseException:
                with contextlib.suppress(OSError):
                    temp.unlink()
                raise
            fsync_dir(self.folder)
            self._remember(first, pending.story)
        except OSError as err:
            raise SaveError(f"could not autosave in {self.folder}: {err.strerror or err}") from err

    def _rotate(self, chain: str, story: Story) -> None:
        """Shift the chain's autosave i to i+1. The one dropping off is deleted only if it is a good save."""
        last = self.path(autosave_key(chain, self.autosaves_kept))
        if last.exists() and self._problem(last, story) is not None:
            self._set_aside(last)
        for index in range(self.autosaves_kept - 1, 0, -1):
            with contextlib.suppress(FileNotFoundError):  # another game without the lock may have moved it
                os.replace(self.path(autosave_key(chain, index)), self.path(autosave_key(chain, index + 1)))

    def _set_aside(self, path: Path) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        aside = path.with_name(f"{path.name}.damaged-{stamp}")
        os.replace(path, aside)
        return aside

    def delete(self, slot: str) -> None:
        """Delete a slot and its backup (the UI asks first). Raises SaveError if it cannot."""
        if self._is_foreign_file(slot):
            # never delete the file of another name that slot_key(slot) happens to give
            raise SaveError(_foreign_reason(slot))
        key = self._key(slot)
        try:
            for path in (self.path(key), self.backup_path(key)):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        except OSError as err:
            raise SaveError(f"could not delete the save '{key}': {err.strerror or err}") from err


def _foreign_reason(stem: str) -> str:
    shown = strip_control(stem)[:MAX_KEY_LENGTH]
    return (
        f"the file name '{shown}{SAVE_SUFFIX}' is not one the game makes, so it is not loaded; "
        f"rename it to '{slot_key(stem)}{SAVE_SUFFIX}' to load it"
    )


def _fill(info: SlotInfo, document: dict[str, Any]) -> None:
    """Copy the listing details from a verified document (types checked: a hand-made file may lie)."""
    state = document["state"]
    summary = document.get("summary", {})

    def text(value: Any) -> str:
        return strip_control(value) if isinstance(value, str) else ""

    info.musician = text(state.get("name"))
    info.origin = text(state.get("origin"))
    info.scene = text(state.get("scene"))
    info.scene_title = text(summary.get("scene_title")) or info.scene
    variables = state.get("variables")
    week = variables.get("week") if isinstance(variables, dict) else None
    info.week = week if isinstance(week, int) and not isinstance(week, bool) else 0
    info.play_seconds = float(document.get("play_seconds", 0))
    info.saved_at = parse_time(document["saved_at"])
