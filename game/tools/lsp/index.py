"""The story's names and every place each one is written, for completion, hover, definition and rename.

Built from the same parser as the loader (:func:`game.story.yamlsrc.parse_yaml`, which keeps a position for
every value and key), one file at a time, from the editor's text when a file is open. A file that does not
parse keeps its last good index, so completion still works on the line being typed.

Names inside expressions and text (`fame >= 30`, `{{ city }}`, `chose("gig", "play")`) are found by a small
scanner rather than by the expression compiler, because the line being edited is usually not yet valid.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from game.story.yamlsrc import SourceDoc, SourceError, parse_yaml

Kind = Literal["scene", "choice", "pool", "variable"]
STATE_CALLS = {"visited": 1, "chose": 2, "succeeded": 2, "available": 1}
# Words in expressions and templates that are not story names.
NOT_NAMES = frozenset(
    """if elif else endif for endfor in not and or is set endset true false none null True False None loop
    with endwith macro endmacro call filter endfilter block endblock include import from as recursive
    defined min max abs round raw endraw""".split()  # noqa: SIM905 - a list of words reads better as words
)
_TOKEN = re.compile(r"""(["'])(?:\\.|(?!\1).)*\1|[A-Za-z_]\w*|\S""", re.DOTALL)
_CALL = re.compile(r"""\b(visited|chose|succeeded|available)\s*\(\s*(["'])(\w*)\2(?:\s*,\s*(["'])(\w*)\4)?""")
TEMPLATE_BLOCK = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Span:
    """A range on one line: 0-based line, code-point columns [start, end)."""

    path: Path
    line: int
    start: int
    end: int

    def contains(self, path: Path, line: int, col: int) -> bool:
        return path == self.path and line == self.line and self.start <= col <= self.end


@dataclass(frozen=True, slots=True)
class Ref:
    """One place a name is written. ``scene`` is the owning scene for choice ids."""

    kind: Kind
    name: str
    span: Span
    scene: str = ""
    definition: bool = False


@dataclass(slots=True)
class RenamedFrom:
    """Where an item's `renamed_from:` list is written, so a rename can add to it."""

    key_line: int
    flow_close: tuple[int, int] | None  # (line, col) of the `]` of a one-line [a, b] list
    empty_flow: bool
    last_item_line: int | None  # a block list's last `- old` line
    item_col: int


@dataclass(slots=True)
class ChoiceInfo:
    scene: str
    id: str
    text: str
    span: Span
    key_col: int
    renamed_from: RenamedFrom | None


@dataclass(slots=True)
class SceneInfo:
    id: str
    title: str
    text: str
    span: Span
    key_col: int
    renamed_from: RenamedFrom | None
    choices: dict[str, ChoiceInfo] = field(default_factory=dict)
    pools: list[str] = field(default_factory=list)
    ending: str | None = None


@dataclass(slots=True)
class VariableInfo:
    name: str
    data: dict[str, Any]
    span: Span


@dataclass(slots=True)
class FileIndex:
    path: Path
    digest: str
    lines: list[str]
    scenes: list[SceneInfo] = field(default_factory=list)
    variables: list[VariableInfo] = field(default_factory=list)
    origins: list[tuple[str, Span]] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def scan_code(code: str) -> Iterator[tuple[Kind, str, int, str]]:
    """Names in an expression or a template tag: (kind, name, offset in ``code``, owning scene for choices)."""
    for match in _CALL.finditer(code):
        func, first = match.group(1), match.group(3)
        if first:
            yield ("pool" if func == "available" else "scene"), first, match.start(3), ""
        if match.group(5) and STATE_CALLS[func] == 2:
            yield "choice", match.group(5), match.start(5), first
    previous = ""
    tokens = list(_TOKEN.finditer(code))
    for index, token in enumerate(tokens):
        word = token.group(0)
        following = tokens[index + 1].group(0) if index + 1 < len(tokens) else ""
        if (
            (word[0].isalpha() or word[0] == "_")
            and word not in NOT_NAMES
            and word not in STATE_CALLS
            and previous not in (".", "|")
            and following != "("
        ):
            yield "variable", word, token.start(), ""
        previous = word


def scan_template(text: str) -> Iterator[tuple[Kind, str, int, str]]:
    """Names used in `{{ }}` and `{% %}` of writer text, with their offsets in ``text``."""
    for block in TEMPLATE_BLOCK.finditer(text):
        group = 1 if block.group(1) is not None else 2
        base = block.start(group)
        for kind, name, offset, scene in scan_code(block.group(group)):
            yield kind, name, base + offset, scene


class _Builder:
    def __init__(self, path: Path, lines: list[str], doc: SourceDoc) -> None:
        self.path = path
        self.lines = lines
        self.doc = doc
        self.out = FileIndex(path, "", lines)

    # -- positions -------------------------------------------------------------------------------------
    def _mark(self, dpath: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int] | None:
        table = self.doc.key_marks if key else self.doc.marks
        self.doc.mark(())  # fills the tables of a document restored from the cache
        found = table.get(dpath)
        return (found[0] - 1, found[1] - 1) if found else None

    def _line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def scalar(self, dpath: tuple[str | int, ...], value: str, *, key: bool = False) -> Span | None:
        mark = self._mark(dpath, key=key)
        if mark is None:
            return None
        line, col = mark
        if self._line(line)[col : col + 1] in ("'", '"'):
            col += 1
        return Span(self.path, line, col, col + len(value))

    def inside(self, dpath: tuple[str | int, ...], value: str, offset: int, token: str) -> Span | None:
        """Where ``token`` at ``offset`` of the string value at ``dpath`` is in the file."""
        mark = self._mark(dpath)
        if mark is None:
            return None
        line0, col0 = mark
        row = value.count("\n", 0, offset)
        col_in_row = offset - (value.rfind("\n", 0, offset) + 1)
        opener = self._line(line0)[col0 : col0 + 1]
        guess: tuple[int, int] | None = None
        if opener in ("|", ">"):
            first = line0 + 1
            while first < len(self.lines) and not self.lines[first].strip():
                first += 1
            indent = len(self._line(first)) - len(self._line(first).lstrip(" "))
            guess = (line0 + 1 + row, indent + col_in_row)
        elif row == 0:
            guess = (line0, col0 + col_in_row + (1 if opener in ("'", '"') else 0))
        if guess is not None and self._line(guess[0])[guess[1] : guess[1] + len(token)] == token:
            return Span(self.path, guess[0], guess[1], guess[1] + len(token))
        # Folded or quoted over several lines: the first whole-word match from the expected line on.
        pattern = re.compile(rf"(?<![\w]){re.escape(token)}(?![\w])")
        start = guess[0] if guess else line0
        for number in range(max(start, line0), min(len(self.lines), line0 + value.count("\n") + 40)):
            found = pattern.search(self._line(number), col0 if number == line0 else 0)
            if found:
                return Span(self.path, number, found.start(), found.end())
        return None

    def _renamed(self, dpath: tuple[str | int, ...], data: Any) -> RenamedFrom | None:
        key = self._mark((*dpath, "renamed_from"), key=True)
        if key is None:
            return None
        value = self._mark((*dpath, "renamed_from"))
        line = self._line(value[0]) if value else ""
        close = None
        if value and line[value[1] : value[1] + 1] == "[" and "]" in line[value[1] :]:
            close = (value[0], line.index("]", value[1]))
        items = data if isinstance(data, list) else []
        last = self._mark((*dpath, "renamed_from", len(items) - 1)) if items else None
        return RenamedFrom(
            key[0],
            close,
            close is not None and not items,
            last[0] if last and close is None else None,
            (last[1] - 2) if last and close is None else key[1],
        )

    def ref(self, kind: Kind, name: str, span: Span | None, scene: str = "", definition: bool = False) -> None:
        if span is not None and name:
            self.out.refs.append(Ref(kind, name, span, scene, definition))

    def code(self, dpath: tuple[str | int, ...], value: Any, *, template: bool) -> None:
        if not isinstance(value, str):
            return
        found: Iterable[tuple[Kind, str, int, str]] = scan_template(value) if template else scan_code(value)
        for kind, name, offset, scene in found:
            self.ref(kind, name, self.inside(dpath, value, offset, name), scene)

    # -- the file's structure --------------------------------------------------------------------------
    def build(self) -> FileIndex:
        data = self.doc.data
        if not isinstance(data, dict):
            return self.out
        variables = data.get("variables")
        if isinstance(variables, dict):
            for name, decl in variables.items():
                span = self.scalar(("variables", name), name, key=True)
                if span is not None:
                    self.out.variables.append(VariableInfo(name, decl if isinstance(decl, dict) else {}, span))
                    self.ref("variable", name, span, definition=True)
        origins = data.get("origins")
        for index, origin in enumerate(origins if isinstance(origins, list) else []):
            if not isinstance(origin, dict):
                continue
            base: tuple[str | int, ...] = ("origins", index)
            if isinstance(origin.get("id"), str):
                span = self.scalar((*base, "id"), origin["id"])
                if span is not None:
                    self.out.origins.append((origin["id"], span))
            self._target((*base, "start"), origin.get("start"))
            self._set_keys((*base, "set"), origin.get("set"))
        scenes = data.get("scenes")
        for index, scene in enumerate(scenes if isinstance(scenes, list) else []):
            if isinstance(scene, dict):
                self._scene(("scenes", index), scene)
        return self.out

    def _target(self, dpath: tuple[str | int, ...], value: Any) -> None:
        if isinstance(value, str) and value != "$return":
            self.ref("scene", value, self.scalar(dpath, value))

    def _set_keys(self, dpath: tuple[str | int, ...], block: Any) -> None:
        if isinstance(block, dict):
            for name in block:
                self.ref("variable", str(name), self.scalar((*dpath, name), str(name), key=True))

    def _effects(self, dpath: tuple[str | int, ...], effects: Any) -> None:
        if not isinstance(effects, dict):
            return
        for part in ("set", "calc", "add", "fair", "roll"):
            self._set_keys((*dpath, part), effects.get(part))
        calc = effects.get("calc")
        if isinstance(calc, dict):
            for name, source in calc.items():
                self.code((*dpath, "calc", name), source, template=False)

    def _scene(self, base: tuple[str | int, ...], scene: dict[str, Any]) -> None:
        scene_id = scene.get("id")
        sid = scene_id if isinstance(scene_id, str) else ""
        span = self.scalar((*base, "id"), sid) if sid else None
        info: SceneInfo | None = None
        if span is not None:
            key = self._mark((*base, "id"), key=True)
            info = SceneInfo(
                sid,
                str(scene.get("title") or ""),
                str(scene.get("text") or ""),
                span,
                key[1] if key else span.start,
                self._renamed(base, scene.get("renamed_from")),
            )
            ending = scene.get("ending")
            if isinstance(ending, dict) and isinstance(ending.get("id"), str):
                info.ending = ending["id"]
            self.out.scenes.append(info)
            self.ref("scene", sid, span, definition=True)
        for part in ("title", "text", "teaser"):
            self.code((*base, part), scene.get(part), template=True)
        self._effects((*base, "effects"), scene.get("effects"))
        pool = scene.get("pool")
        entries = [((*base, "pool"), pool)] if isinstance(pool, dict) else []
        if isinstance(pool, list):
            entries = [((*base, "pool", i), entry) for i, entry in enumerate(pool)]
        for epath, entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                self.ref("pool", entry["name"], self.scalar((*epath, "name"), entry["name"]), definition=True)
                if info is not None:
                    info.pools.append(entry["name"])
                self.code((*epath, "when"), entry.get("when"), template=False)
        choices = scene.get("choices")
        for cindex, choice in enumerate(choices if isinstance(choices, list) else []):
            if isinstance(choice, dict):
                self._choice((*base, "choices", cindex), choice, info)

    def _choice(self, base: tuple[str | int, ...], choice: dict[str, Any], scene: SceneInfo | None) -> None:
        sid = scene.id if scene else ""
        cid = choice.get("id")
        if isinstance(cid, str) and scene is not None:
            span = self.scalar((*base, "id"), cid)
            key = self._mark((*base, "id"), key=True)
            if span is not None:
                scene.choices.setdefault(
                    cid,
                    ChoiceInfo(
                        sid,
                        cid,
                        str(choice.get("text") or ""),
                        span,
                        key[1] if key else span.start,
                        self._renamed(base, choice.get("renamed_from")),
                    ),
                )
                self.ref("choice", cid, span, sid, definition=True)
        for part in ("text", "locked"):
            self.code((*base, part), choice.get(part), template=True)
        for part in ("when", "require"):
            self.code((*base, part), choice.get(part), template=False)
        self._effects((*base, "effects"), choice.get("effects"))
        self._target((*base, "goto"), choice.get("goto"))
        self._target((*base, "return_to"), choice.get("return_to"))
        for part in ("draw", "offer"):
            value = choice.get(part)
            if isinstance(value, str):
                self.ref("pool", value, self.scalar((*base, part), value))
        check = choice.get("check")
        if isinstance(check, dict):
            if isinstance(check.get("stat"), str):
                self.ref("variable", check["stat"], self.scalar((*base, "check", "stat"), check["stat"]))
            self.code((*base, "check", "chance"), check.get("chance"), template=False)
        for part in ("success", "failure"):
            outcome = choice.get(part)
            if isinstance(outcome, dict):
                self._target((*base, part, "goto"), outcome.get("goto"))
                if isinstance(outcome.get("draw"), str):
                    self.ref("pool", outcome["draw"], self.scalar((*base, part, "draw"), outcome["draw"]))
                self.code((*base, part, "text"), outcome.get("text"), template=True)
                self._effects((*base, part, "effects"), outcome.get("effects"))
        field_ = choice.get("input")
        if isinstance(field_, dict) and isinstance(field_.get("variable"), str):
            name = field_["variable"]
            self.ref("variable", name, self.scalar((*base, "input", "variable"), name))


def index_file(path: Path, text: str) -> FileIndex | None:
    """The names in one file, or None when it does not parse (the caller keeps the last good index)."""
    try:
        doc = parse_yaml(text)
    except SourceError:
        return None
    out = _Builder(path, text.splitlines(), doc).build()
    out.digest = digest_of(text)
    return out


class StoryIndex:
    """Every file of one story folder; refreshed file by file as texts change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[Path, FileIndex] = {}

    def update(self, path: Path, text: str) -> None:
        known = self.files.get(path)
        if known is not None and known.digest == digest_of(text):
            return
        fresh = index_file(path, text)
        if fresh is not None:
            self.files[path] = fresh
        elif known is not None:
            known.lines = text.splitlines()  # keep the names, show the new text

    def forget_missing(self, present: set[Path]) -> None:
        for path in [p for p in self.files if p not in present]:
            del self.files[path]

    # -- queries ---------------------------------------------------------------------------------------
    def scenes(self) -> dict[str, SceneInfo]:
        found: dict[str, SceneInfo] = {}
        for file in self.files.values():
            for scene in file.scenes:
                found.setdefault(scene.id, scene)
        return found

    def variables(self) -> dict[str, VariableInfo]:
        found: dict[str, VariableInfo] = {}
        for file in self.files.values():
            for variable in file.variables:
                found.setdefault(variable.name, variable)
        return found

    def pools(self) -> dict[str, list[str]]:
        """Pool name -> the scenes that join it."""
        found: dict[str, list[str]] = {}
        for scene in self.scenes().values():
            for pool in scene.pools:
                found.setdefault(pool, []).append(scene.id)
        return found

    def refs(self) -> Iterator[Ref]:
        for file in self.files.values():
            yield from file.refs

    def ref_at(self, path: Path, line: int, col: int) -> Ref | None:
        file = self.files.get(path)
        if file is None:
            return None
        return next((r for r in file.refs if r.span.contains(path, line, col)), None)

    def occurrences(self, ref: Ref) -> list[Ref]:
        """Every place the name under ``ref`` is written (a choice id only within its own scene)."""
        return [
            r
            for r in self.refs()
            if r.kind == ref.kind and r.name == ref.name and (ref.kind != "choice" or r.scene == ref.scene)
        ]

    def file_of(self, path: Path) -> FileIndex | None:
        return self.files.get(path)
