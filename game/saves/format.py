"""The save file: JSON a person can read, with a schema version and a checksum that catches damage and edits.

A save is one JSON object::

    {
      "format": "steppe-to-stage save",
      "schema": 1,
      "slot": "Before the audition",          # the name the player typed, shown as typed
      "saved_at": "2026-11-21T06:30:00+00:00",
      "play_seconds": 1234.5,
      "story": {"id": "steppe-to-stage", "version": 3, "title": "..."},
      "summary": {"name": ..., "origin": ..., "scene": ..., "scene_title": ..., "week": ..., "turns": ...},
      "state": { ...GameState.to_json(): seed, origin, name, scene, variables, visits, turns... },
      "checksum": "sha256:<hex of canonical JSON of everything else>"
    }

The ``state`` is the source of truth; ``summary`` only lets the slot list show a save without rebuilding it.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.engine.state import GameState

FORMAT_NAME = "steppe-to-stage save"
SCHEMA_VERSION = 1
MAX_SAVE_BYTES = 32 * 1024 * 1024  # far above any real playthrough; refuse to parse anything bigger
_EXPANDED_DEPTH = 3  # containers this deep are spread over lines; deeper ones stay on one line


class SaveDamaged(Exception):
    """A save that cannot be used, with a reason a player can read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Bidirectional controls (category Cf, not Cc): a right-to-left override in a name reverses what follows
# it on screen, so "evil\u202eexe.txt" reads as "eviltxt.exe"; names shown to the player lose them too.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def strip_control(text: str) -> str:
    """Remove control characters (ESC sequences included) and bidi controls from text that came from a file."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc" and ch not in BIDI_CONTROLS)


# The largest whole number a save may hold anywhere: far beyond any story value, and small enough that
# turning it into a float or formatting it can never overflow (10**400 raised OverflowError in the listing).
MAX_SAVE_INT = 2**63


def canonical(payload: dict[str, Any]) -> bytes:
    """One byte sequence per value: sorted keys, no spaces, UTF-8 (the C encoder: fast)."""
    return _CANONICAL.encode(payload).encode("utf-8")


def checksum(payload: dict[str, Any]) -> str:
    body = {k: v for k, v in payload.items() if k != "checksum"}
    return "sha256:" + hashlib.sha256(canonical(body)).hexdigest()


# Built once: ``json.dumps`` with non-default options builds a new encoder on every call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
_CANONICAL = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), sort_keys=True)


def state_json(state: GameState) -> dict[str, Any]:
    """The state's JSON form: the engine's own format is the source of truth."""
    return state.to_json()


def _compact_encoder() -> Callable[[Any], str]:
    """``_COMPACT.encode``, with the C encoder made once: ``JSONEncoder.encode`` builds a new one on every
    call, which was most of a save's CPU (a 500-choice save encodes some 900 small values)."""
    if c_make_encoder is None:  # pragma: no cover - an interpreter without the C accelerator
        return _COMPACT.encode

    def unencodable(value: Any) -> Any:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    # markers None: no cycle check (a game state is a tree); allow_nan False, as _COMPACT.
    encoder = c_make_encoder(None, unencodable, encode_basestring, None, ": ", ", ", False, False, False)

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return encode_basestring(value)  # type: ignore[no-any-return]
        return "".join(encoder(value, 0))

    return encode


_encode_compact = _compact_encoder()


def _pretty(value: Any, depth: int = 0) -> str:
    """Indented JSON for the top levels, compact below.

    ``json.dumps(indent=...)`` falls back to the pure-Python encoder, several times slower on a long turn log;
    this keeps one turn per line, which also reads better.
    """
    compact = (isinstance(value, dict | list) and depth >= _EXPANDED_DEPTH) or not isinstance(value, dict | list)
    if compact or not value:
        return _encode_compact(value)
    pad = "  " * (depth + 1)
    if isinstance(value, dict):
        inner = [f"{pad}{_encode_compact(k)}: {_pretty(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(inner) + "\n" + "  " * depth + "}"
    inner = [f"{pad}{_pretty(v, depth + 1)}" for v in value]
    return "[\n" + ",\n".join(inner) + "\n" + "  " * depth + "]"


def encode(payload: dict[str, Any]) -> bytes:
    """The file's bytes: the payload with its checksum added last."""
    document = dict(payload)
    document.pop("checksum", None)
    document["checksum"] = checksum(document)
    return (_pretty(document) + "\n").encode("utf-8")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_time(text: Any) -> datetime:
    """A save's timestamp, checked to be usable everywhere it is shown (local time included)."""
    if not isinstance(text, str) or len(text) > 64:
        raise SaveDamaged("'saved_at' is not a date")
    try:
        stamp = datetime.fromisoformat(text)
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        # A date at the edge of the calendar (year 1 at +14:00) is out of range once moved to UTC or local
        # time: the Load screen died on it. No save was made before 1970 or will be after 9000.
        if not 1970 <= stamp.astimezone(UTC).year <= 9000:
            raise ValueError("out of range")
        stamp.astimezone()
        stamp.timestamp()
    except (ValueError, OverflowError, OSError):
        raise SaveDamaged(f"'saved_at' is not a date: {strip_control(text)[:40]!r}") from None
    return stamp


def _bounded_int(text: str) -> int:
    # Checked on the digits, before int() sees them: 5,000 digits raise ValueError, and any number past
    # MAX_SAVE_INT would overflow later, when shown or turned into a float.
    if len(text.lstrip("-")) > 20 or abs(value := int(text)) > MAX_SAVE_INT:
        raise SaveDamaged("the file holds a number far too large for a save")
    return value


def _reject_constant(name: str) -> Any:
    raise SaveDamaged(f"the file contains {name}, which is not a number a save can hold")


def _json_error(raw: str, err: json.JSONDecodeError) -> str:
    # A save always ends with its closing brace: a file cut short by a crash or a full disk does not.
    if err.pos >= len(raw.rstrip()) or (raw.lstrip().startswith("{") and not raw.rstrip().endswith("}")):
        return "the file is truncated: it ends in the middle of the save"
    return f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"


# Upgrades from older save schemas, applied one step at a time: MIGRATIONS[n] turns schema n into n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def decode(raw: bytes) -> dict[str, Any]:
    """Parse and verify a save file's bytes; raises :class:`SaveDamaged` with the reason."""
    if not raw.strip():
        raise SaveDamaged("the file is empty")
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveDamaged(f"the file is too large to be a save ({len(raw):,} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveDamaged("the file is not text (not UTF-8): damaged or not a save") from None
    try:
        document = json.loads(text, parse_constant=_reject_constant, parse_int=_bounded_int)
    except json.JSONDecodeError as err:
        raise SaveDamaged(_json_error(text, err)) from None
    except RecursionError:
        raise SaveDamaged("not a save: nested too deeply") from None
    except (ValueError, OverflowError):  # a number of thousands of digits (Python's int-string limit)
        raise SaveDamaged("the file holds a number far too large for a save") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise SaveDamaged("not a Steppe to Stage save")
    schema = document.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise SaveDamaged("the save has no valid schema version")
    if schema > SCHEMA_VERSION:
        raise SaveDamaged(
            f"made by a newer version of the game (save schema {schema}; this game reads up to "
            f"{SCHEMA_VERSION}): update the game to load it"
        )
    stored = document.get("checksum")
    if not isinstance(stored, str):
        raise SaveDamaged("the save has no checksum")
    try:
        expected = checksum(document)
    except ValueError:
        raise SaveDamaged("the save holds a value JSON cannot represent") from None
    if stored != expected:
        raise SaveDamaged("the checksum does not match: the file was damaged or edited by hand")
    while schema < SCHEMA_VERSION:  # verified first, then upgraded: the checksum covers what was written
        document = MIGRATIONS[schema](document)
        schema += 1
        document["schema"] = schema
    _check_envelope(document)
    return document


def _check_envelope(document: dict[str, Any]) -> None:
    """The fields outside the game state: present and of the right type."""
    if not isinstance(document.get("state"), dict):
        raise SaveDamaged("the save has no game state")
    story = document.get("story")
    if not isinstance(story, dict) or not isinstance(story.get("id"), str):
        raise SaveDamaged("the save does not say which story it belongs to")
    parse_time(document.get("saved_at"))
    seconds = document.get("play_seconds", 0)
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
        or not 0 <= seconds <= MAX_SAVE_INT
    ):
        raise SaveDamaged("'play_seconds' is not a valid duration")
    if not isinstance(document.get("slot", ""), str):
        raise SaveDamaged("the slot name is not text")
    if not isinstance(document.get("summary", {}), dict):
        raise SaveDamaged("the summary is not an object")
