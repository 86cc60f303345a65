"""Parsed files, keyed by the SHA-256 of their bytes, so a file whose bytes did not change is not parsed again.

Parsing dominates loading (libyaml composes ~2 MB/s; JSON reads ~100 MB/s). Two layers:

- in memory, for this process (live reload and the writers' tools load the same story again and again);
- on disk, between runs: ``$STEPPE_CACHE_DIR``, else the per-user cache folder (``~/.cache/steppe-to-stage``
  on Linux), in a ``parse-v<VERSION>`` folder made with mode 0700. ``STEPPE_NO_CACHE=1`` turns the disk layer off.

The disk layer stores plain data only, as JSON (never pickle: nothing read back can run code), and trusts
nothing it reads: the folder and each file must belong to this user and be writable by nobody else, each
entry must be a regular file (a FIFO would block every load) of a bounded size (checked before reading),
must name the digest asked for, and must carry an HMAC-SHA-256 of its body keyed with a random per-user
secret kept in the private folder (``secret.key``, mode 0600): an entry edited and re-signed with a plain
hash of its own is refused. Every field is checked as it is turned back into a document. Any problem at
all, and the file is simply parsed again.

What is *not* checked: an entry written by this user's own account with the secret (anything that can read
the secret can also edit the story itself). The entry's data is the parsed YAML, so everything the loader
checks after parsing (shape, references, expressions, templates) is checked again on every load anyway.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Any

from game.story.safe_read import read_limited
from game.story.yamlsrc import MAX_DEPTH, MAX_NODES, SourceDoc, parse_yaml

_MEMORY: dict[str, SourceDoc] = {}
_LIMIT = 50_000
# Bump when the parser's output changes meaning: old entries are then never read (they sit in parse-vN).
VERSION = 2  # 2: keyed checksums; the parser refuses non-finite and huge numbers
FORMAT = f"steppe-parse/{VERSION}/{MAX_NODES}/{MAX_DEPTH}"
DISK_LIMIT = 4000  # entries kept on disk; past that the oldest half goes
_UNSET: Any = object()
_folder: Any = _UNSET
_secret: bytes | None = None
_written = 0
KEY_FILE = "secret.key"
# An entry holds a file's data plus a few marks: a few times the YAML's size at most. Anything much bigger
# (a 6 GiB sparse file took 48 s and 12 GB to refuse) is refused by its size, before a byte is read.
ENTRY_OVERHEAD = 1 << 20
TABLE_MAX_BYTES = 64 << 20


def get(digest: str) -> SourceDoc | None:
    return _MEMORY.get(digest)


def put(digest: str, doc: SourceDoc) -> None:
    if len(_MEMORY) >= _LIMIT:
        _MEMORY.clear()
    _MEMORY[digest] = doc


def clear() -> None:
    """Forget the in-memory layer (and re-read the disk settings on next use)."""
    global _folder, _secret
    _MEMORY.clear()
    _folder = _UNSET
    _secret = None


# -- the disk layer -------------------------------------------------------------------------------------


def _private(info: os.stat_result, *, directory: bool) -> bool:
    kind = stat.S_ISDIR if directory else stat.S_ISREG
    if not kind(info.st_mode):
        return False
    if hasattr(os, "getuid"):
        if info.st_uid != os.getuid():
            return False
        return not info.st_mode & (0o077 if directory else 0o022)
    return True  # pragma: no cover - Windows: the per-user folder is the user's own


def folder() -> Path | None:
    """The disk cache folder, made if needed; None when it is turned off or is not safely ours."""
    global _folder
    if _folder is not _UNSET:
        return _folder
    _folder = None
    if os.environ.get("STEPPE_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("STEPPE_CACHE_DIR", "").strip()
    if not base:
        try:
            import platformdirs
        except ImportError:  # a cache is an optimisation: without platformdirs, load without one
            return None
        base = platformdirs.user_cache_dir("steppe-to-stage", appauthor=False)
    path = Path(base).expanduser() / f"parse-v{VERSION}"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.lstat(path), directory=True):
            return None
    except OSError:
        return None
    secret = _load_secret(path)
    if secret is None:  # no key, no disk layer: an entry nobody can vouch for is never read
        return None
    global _secret
    _secret = secret
    _folder = path
    return path


def _own_file(info: os.stat_result) -> bool:
    return _private(info, directory=False)


def _load_secret(base: Path) -> bytes | None:
    """The per-user key of the entries' checksums: made once (random, mode 0600), then read back."""
    path = base / KEY_FILE
    with contextlib.suppress(FileExistsError, OSError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, secrets.token_hex(32).encode("ascii"))
        finally:
            os.close(fd)
    try:
        raw = read_limited(path, 4096, follow_symlinks=False, accept=_secret_file)
    except OSError:
        return None
    return raw.strip() if len(raw.strip()) >= 32 else None


def _secret_file(info: os.stat_result) -> bool:
    # Readable by nobody else either: the key is what makes an entry's checksum unforgeable.
    return _private(info, directory=False) and not (hasattr(os, "getuid") and info.st_mode & 0o077)


def _sign(body: bytes) -> bytes:
    assert _secret is not None
    return hmac.new(_secret, body, hashlib.sha256).hexdigest().encode("ascii")


def _verified(raw: bytes) -> bytes | None:
    """The body of a signed file, or None when the signature is missing or wrong."""
    check, _, body = raw.partition(b"\n")
    if _secret is None or not hmac.compare_digest(check, _sign(body)):
        return None
    return body


def _entry(digest: str) -> Path | None:
    base = folder()
    if base is None or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return base / f"{digest}.json"


def load(digest: str, text: str) -> SourceDoc | None:
    """The document for ``text`` (whose bytes hash to ``digest``) from disk, or None to parse it."""
    path = _entry(digest)
    if path is None:
        return None
    try:
        # Never follows a link, never blocks on a FIFO, never reads past a size fit for this text.
        raw = read_limited(path, ENTRY_OVERHEAD + 8 * len(text), follow_symlinks=False, accept=_own_file)
        return _decode(raw, digest, text)
    except Exception:  # noqa: BLE001 - whatever is wrong with the entry, parsing the file is always right
        return None


def _decode(raw: bytes, digest: str, text: str) -> SourceDoc | None:
    body = _verified(raw)
    if body is None:
        return None
    entry = json.loads(body)
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("digest") != digest:
        return None
    words: list[tuple[tuple[str | int, ...], str]] = []
    for path, word in entry["words"]:
        if not isinstance(word, str):
            return None
        words.append((_path(path), word))
    shallow: dict[tuple[bool, tuple[str | int, ...]], tuple[int, int]] = {}
    for is_key, path, line, col in entry["shallow"]:
        if not (isinstance(is_key, bool) and _whole(line) and _whole(col)):
            return None
        shallow[(is_key, _path(path))] = (line, col)
    return SourceDoc(entry["data"], yaml11_words=words, shallow=shallow, rebuild=lambda: parse_yaml(text))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _path(raw: Any) -> tuple[str | int, ...]:
    if not isinstance(raw, list) or not all(
        isinstance(p, str) or (isinstance(p, int) and not isinstance(p, bool)) for p in raw
    ):
        raise ValueError("bad path")
    return tuple(raw)


def store(digest: str, doc: SourceDoc) -> None:
    """Keep a freshly parsed document on disk for the next run (silently does nothing if it cannot)."""
    global _written
    path = _entry(digest)
    if path is None:
        return
    try:
        body = json.dumps(
            {
                "format": FORMAT,
                "digest": digest,
                "data": doc.data,
                "words": [[list(p), w] for p, w in doc.yaml11_words],
                "shallow": [[k, list(p), line, col] for (k, p), (line, col) in doc.shallow_marks().items()],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        _write(path, _sign(body) + b"\n" + body)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next load
        return
    _written += 1
    if _written == 1:
        _prune(path.parent)


TABLE_LIMIT = 200_000  # entries in a side table (template analyses); past that it starts afresh


def load_table(name: str) -> dict[str, Any]:
    """A side table kept beside the parsed files (e.g. template analyses), or {} when missing or unsound."""
    base = folder()
    if base is None:
        return {}
    try:
        raw = read_limited(base / f"{name}.table", TABLE_MAX_BYTES, follow_symlinks=False, accept=_own_file)
        body = _verified(raw)
        if body is None:
            return {}
        entry = json.loads(body)
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or not isinstance(entry.get("rows"), dict):
            return {}
        return entry["rows"]
    except Exception:  # noqa: BLE001 - an unsound table is an empty one
        return {}


def store_table(name: str, rows: dict[str, Any]) -> None:
    """Replace a side table (atomically; silently does nothing if it cannot)."""
    base = folder()
    if base is None:
        return
    if len(rows) > TABLE_LIMIT:
        rows = dict(list(rows.items())[-TABLE_LIMIT // 2 :])
    try:
        body = json.dumps({"format": FORMAT, "rows": rows}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        _write(base / f"{name}.table", _sign(body) + b"\n" + body)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next load
        return


def _write(path: Path, raw: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _prune(base: Path) -> None:
    """Keep the folder bounded: past DISK_LIMIT entries, remove the oldest half."""
    try:
        entries = [(e.stat().st_mtime, e.path) for e in os.scandir(base) if e.name.endswith(".json")]
    except OSError:
        return
    if len(entries) <= DISK_LIMIT:
        return
    entries.sort()
    for _, name in entries[: len(entries) // 2]:
        with contextlib.suppress(OSError):
            os.unlink(name)
