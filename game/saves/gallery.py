"""The endings gallery: every ending reached, across playthroughs, kept in ``gallery.json`` in the saves folder.

Written atomically like a save. A damaged gallery file is reported (``Gallery.damaged``) and left alone:
recording into it first moves it aside to ``gallery.json.damaged-<timestamp>`` (never deleting it), then
starts a fresh gallery. Recording re-reads the file under the saves folder's lock just before replacing
it, so two open games each add their ending to what is on disk, not to the list they read at start.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.saves.atomic import atomic_write, folder_lock
from game.saves.format import now_iso, parse_time, strip_control
from game.story.safe_read import read_limited

if TYPE_CHECKING:
    from game.engine.session import Session

GALLERY_FILE = "gallery.json"
GALLERY_FORMAT = "steppe-to-stage gallery"
GALLERY_SCHEMA = 1
MAX_GALLERY_BYTES = 8 * 1024 * 1024  # thousands of endings; a bigger file is not a gallery
LOCK_FILE = ".saves.lock"  # shared with the saves (game.saves.store.LOCK_FILE)


MAX_PLAYTHROUGHS = 500  # ids kept per ending: enough to tell any playthrough a player still has


class GalleryError(Exception):
    """The gallery could not be written (nothing that was in it is lost)."""


@dataclass(frozen=True, slots=True)
class GalleryEntry:
    """One ending reached, by whom; ``count`` is how many times, ``first``/``last`` when."""

    ending_id: str
    title: str
    origin: str
    name: str
    first: datetime
    last: datetime
    count: int = 1
    # The playthroughs (see saves.store.playthrough_id) that reached it: a playthrough counts once, however
    # often its ending is shown again (Continue after an ending, a reload, two windows on one game).
    playthroughs: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ending": self.ending_id,
            "title": self.title,
            "origin": self.origin,
            "name": self.name,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "count": self.count,
        }
        if self.playthroughs:
            data["playthroughs"] = list(self.playthroughs[-MAX_PLAYTHROUGHS:])
        return data


def _entry(item: Any) -> GalleryEntry:
    if not isinstance(item, dict):
        raise ValueError("an entry is not an object")
    texts = [item.get(k) for k in ("ending", "title", "origin", "name")]
    count = item.get("count", 1)
    if not all(isinstance(t, str) for t in texts) or isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("an entry has a field of the wrong type")
    ending, title, origin, name = (strip_control(t) for t in texts)  # type: ignore[arg-type]
    playthroughs = item.get("playthroughs", [])  # absent in galleries written before the rule
    if not isinstance(playthroughs, list) or not all(isinstance(p, str) for p in playthroughs):
        raise ValueError("an entry's playthroughs are not a list of ids")
    first, last = parse_time(item.get("first")), parse_time(item.get("last"))
    return GalleryEntry(ending, title, origin, name, first, last, count, tuple(playthroughs))


class Gallery:
    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / GALLERY_FILE
        self.damaged: str | None = None  # why the file on disk could not be read, if it could not
        self._entries = self._read()

    def _read(self) -> list[GalleryEntry]:
        try:
            raw = read_limited(self.path, MAX_GALLERY_BYTES)  # a FIFO or /dev/zero named gallery.json: refused
        except FileNotFoundError:
            return []
        except OSError as err:
            self.damaged = f"cannot be read: {err.strerror or err}"
            return []
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != GALLERY_FORMAT:
                raise ValueError("not an endings gallery")
            schema = data.get("schema")
            if not isinstance(schema, int) or isinstance(schema, bool) or schema > GALLERY_SCHEMA:
                raise ValueError(
                    "made by a newer version of the game" if isinstance(schema, int) else "no schema version"
                )
            entries = data.get("endings")
            if not isinstance(entries, list):
                raise ValueError("no list of endings")
            return [_entry(item) for item in entries]
        except (ValueError, UnicodeDecodeError, RecursionError) as err:  # JSONDecodeError is a ValueError
            self.damaged = str(err) if not isinstance(err, json.JSONDecodeError) else "not valid JSON"
            return []
        except Exception as err:  # noqa: BLE001 - SaveDamaged from a bad date, and anything a hand edit breaks
            self.damaged = str(err)
            return []

    def entries(self) -> list[GalleryEntry]:
        """Endings reached, in the order first reached."""
        return list(self._entries)

    def has(self, ending_id: str) -> bool:
        return any(e.ending_id == ending_id for e in self._entries)

    def record(
        self, ending_id: str, title: str, origin: str, name: str, playthrough: str | None = None
    ) -> GalleryEntry:
        """Remember an ending (by this origin and name); another playthrough reaching it again bumps its
        count, the same ``playthrough`` never does. Raises GalleryError."""
        now = parse_time(now_iso())
        name, title = strip_control(name), strip_control(title)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with folder_lock(self.folder / LOCK_FILE):
                # What another open game recorded since this one started is on disk: add to that.
                self.damaged = None
                entries = self._read()
                for index, entry in enumerate(entries):
                    if (entry.ending_id, entry.origin, entry.name) == (ending_id, origin, name):
                        if playthrough is not None and playthrough in entry.playthroughs:
                            self._entries = entries
                            return entry  # this playthrough is already counted: nothing to write
                        known = (*entry.playthroughs, playthrough) if playthrough else entry.playthroughs
                        entries[index] = GalleryEntry(
                            ending_id, title, origin, name, entry.first, now, entry.count + 1, known
                        )
                        break
                else:
                    known = (playthrough,) if playthrough else ()
                    entries.append(GalleryEntry(ending_id, title, origin, name, now, now, 1, known))
                data = {"format": GALLERY_FORMAT, "schema": GALLERY_SCHEMA, "endings": [e.to_json() for e in entries]}
                if self.damaged is not None and (self.path.exists() or self.path.is_symlink()):
                    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
                    os.replace(self.path, self.path.with_name(f"{GALLERY_FILE}.damaged-{stamp}"))
                atomic_write(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        except OSError as err:
            raise GalleryError(f"could not update the endings gallery: {err.strerror or err}") from err
        self.damaged = None
        self._entries = entries
        return next(e for e in entries if (e.ending_id, e.origin, e.name) == (ending_id, origin, name))


def record_ending(gallery: Gallery | None, session: Session, title: str | None = None) -> str:
    """The gallery's rule, the same in every interface: an ended playthrough enters the gallery once (a
    debug start never). Returns the line to tell the player ("" when the game has not ended)."""
    from game.saves.store import playthrough_id  # the store builds on this module

    game = session.game
    if not game.ended:
        return ""
    if not session.saving_allowed:
        return "Debug start: this ending is not recorded in the gallery."
    ending_id = game.scene.ending_id or game.state.scene
    if gallery is None:
        return ""
    if not session.ending_recorded:
        shown = title or game.scene.ending_title or ending_id
        try:
            gallery.record(ending_id, shown, game.state.origin, session.musician(), playthrough_id(game))
        except (GalleryError, OSError) as err:
            return f"The gallery could not be updated: {err}"
        session.ending_recorded = True
    found = len({e.ending_id for e in gallery.entries()})
    total = len(session.story.endings)
    return f"Recorded in the endings gallery: {found} of {total} endings found."
