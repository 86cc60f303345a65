"""Completion, hover, definition, references, rename and the outline, answered from a :class:`StoryIndex`.

Positions here are the index's (0-based lines, code-point columns); :func:`lsp_range` turns them into the
protocol's UTF-16 columns using the file's text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from lsprotocol import types as lsp
from pygls.uris import from_fs_path

from game.story.compiled import BUILTIN_VARIABLES
from game.story.expressions import FUNCTION_ARITY
from game.tools.lsp import keys
from game.tools.lsp.context import Context, cursor_context
from game.tools.lsp.index import ChoiceInfo, RenamedFrom, SceneInfo, Span, StoryIndex, VariableInfo

ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCENE_KEYS = {"goto", "start", "return_to"}
_POOL_KEYS = {"draw", "offer", "available"}
_CODE_KEYS = {"when", "require", "chance"}
_FIXED_VALUES = {
    "type": ("number", "counter", "string", "flag"),
    "show": ("bar", "value", "hidden"),
    "unit": ("currency", "percent", "weeks", "none"),
}


class RenameRefused(ValueError):
    """A rename that cannot be done (the message is shown to the writer)."""


def utf16_col(line: str, col: int) -> int:
    return len(line[:col].encode("utf-16-le")) // 2


def from_utf16(line: str, units: int) -> int:
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()


def lsp_range(index: StoryIndex, span: Span) -> lsp.Range:
    file = index.file_of(span.path)
    text = file.lines[span.line] if file and span.line < len(file.lines) else ""
    return lsp.Range(
        lsp.Position(span.line, utf16_col(text, span.start)), lsp.Position(span.line, utf16_col(text, span.end))
    )


def location(index: StoryIndex, span: Span) -> lsp.Location:
    return lsp.Location(uri(span.path), lsp_range(index, span))


def _display(index: StoryIndex, path: Path) -> str:
    try:
        return str(path.relative_to(index.root))
    except ValueError:
        return str(path)


# -- hover -----------------------------------------------------------------------------------------------
def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def scene_hover(index: StoryIndex, scene: SceneInfo) -> str:
    lines = [f"**{scene.title or scene.id}** — scene `{scene.id}`", ""]
    lines.append(f"{_display(index, scene.span.path)}:{scene.span.line + 1}")
    first = _first_line(scene.text)
    if first:
        lines += ["", f"> {first}"]
    if scene.ending:
        lines += ["", f"Ending `{scene.ending}`."]
    if scene.pools:
        lines += ["", "Joins " + ", ".join(f"`{p}`" for p in scene.pools) + "."]
    return "\n".join(lines)


def variable_hover(index: StoryIndex, variable: VariableInfo) -> str:
    data = variable.data
    kind = str(data.get("type", "?"))
    lines = [f"**{variable.name}** — {kind}"]
    if kind in ("number", "counter"):
        low = data.get("min", 0 if kind == "counter" else None)
        high = data.get("max")
        lines.append(f"bounds {low if low is not None else '…'}..{high if high is not None else '…'}")
    default = {"counter": data.get("min", 0), "number": data.get("min"), "flag": False, "string": ""}.get(kind)
    lines.append(f"initial {data.get('initial', default)!r}")
    if data.get("values"):
        lines.append("values: " + ", ".join(map(str, data["values"])))
    if data.get("label"):
        lines.append(f"shown as “{data['label']}”")
    if data.get("help"):
        lines += ["", str(data["help"])]
    lines += ["", f"{_display(index, variable.span.path)}:{variable.span.line + 1}"]
    return "\n".join(lines)


def _key_at(lines: list[str], line: int, col: int) -> tuple[str, int, int] | None:
    text = lines[line] if 0 <= line < len(lines) else ""
    match = re.match(r"^( *(?:- +)?)([A-Za-z_]\w*)\s*:", text)
    if match and match.start(2) <= col <= match.end(2):
        return match.group(2), match.start(2), match.end(2)
    return None


def hover(index: StoryIndex, path: Path, line: int, col: int) -> lsp.Hover | None:
    ref = index.ref_at(path, line, col)
    text: str | None = None
    span: Span | None = ref.span if ref else None
    if ref is not None:
        if ref.kind == "scene" and ref.name in index.scenes():
            text = scene_hover(index, index.scenes()[ref.name])
        elif ref.kind == "variable":
            variable = index.variables().get(ref.name)
            if variable is not None:
                text = variable_hover(index, variable)
            elif ref.name in BUILTIN_VARIABLES:
                text = f"**{ref.name}** — built in (kept by the game; it cannot be declared or set)"
        elif ref.kind == "choice":
            choice = _choice(index, ref.scene, ref.name)
            if choice is not None:
                text = f"**{choice.text or choice.id}** — choice `{choice.id}` of scene `{choice.scene}`"
        elif ref.kind == "pool":
            members = index.pools().get(ref.name, [])
            text = f"**{ref.name}** — pool of {len(members)} scene{'s' if len(members) != 1 else ''}: " + ", ".join(
                f"`{m}`" for m in members
            )
    file = index.file_of(path)
    if text is None and file is not None:
        found = _key_at(file.lines, line, col)
        if found is not None:
            key, start, end = found
            ctx = cursor_context(file.lines, line, start)
            model, _ = keys.model_at(ctx.parents)
            documentation = keys.doc(model, key) if model is not None else ""
            if documentation:
                text = f"**{key}** ({model.__name__ if model else ''})\n\n{documentation}"
                span = Span(path, line, start, end)
    if text is None:
        return None
    return lsp.Hover(
        lsp.MarkupContent(lsp.MarkupKind.Markdown, text), lsp_range(index, span) if span is not None else None
    )


# -- completion ------------------------------------------------------------------------------------------
def _item(
    label: str, kind: lsp.CompletionItemKind, detail: str = "", doc: str = "", insert: str | None = None
) -> lsp.CompletionItem:
    return lsp.CompletionItem(
        label=label,
        kind=kind,
        detail=detail or None,
        documentation=lsp.MarkupContent(lsp.MarkupKind.Markdown, doc) if doc else None,
        insert_text=insert,
    )


def _scene_items(index: StoryIndex, with_return: bool = False) -> list[lsp.CompletionItem]:
    items = [
        _item(s.id, lsp.CompletionItemKind.Module, s.title, scene_hover(index, s))
        for s in sorted(index.scenes().values(), key=lambda s: s.id)
    ]
    if with_return:
        items.insert(0, _item("$return", lsp.CompletionItemKind.Keyword, "back to the scene that drew this one"))
    return items


def _pool_items(index: StoryIndex) -> list[lsp.CompletionItem]:
    return [
        _item(name, lsp.CompletionItemKind.Enum, f"pool of {len(members)}", ", ".join(members))
        for name, members in sorted(index.pools().items())
    ]


def _variable_items(
    index: StoryIndex, types: tuple[str, ...] | None = None, functions: bool = False
) -> list[lsp.CompletionItem]:
    items = [
        _item(v.name, lsp.CompletionItemKind.Variable, str(v.data.get("type", "")), variable_hover(index, v))
        for v in sorted(index.variables().values(), key=lambda v: v.name)
        if types is None or v.data.get("type") in types
    ]
    if types is None:
        items += [_item(name, lsp.CompletionItemKind.Constant, "built in") for name in BUILTIN_VARIABLES]
    if functions:
        items += [_item(name, lsp.CompletionItemKind.Function, "function") for name in sorted(FUNCTION_ARITY)]
    return items


def _choice(index: StoryIndex, scene_id: str, choice_id: str) -> ChoiceInfo | None:
    scene = index.scenes().get(scene_id)
    return scene.choices.get(choice_id) if scene else None


def _owning_scene(index: StoryIndex, path: Path, line: int) -> SceneInfo | None:
    file = index.file_of(path)
    if file is None:
        return None
    before = [s for s in file.scenes if s.span.line <= line]
    return max(before, key=lambda s: s.span.line) if before else None


def completion(index: StoryIndex, path: Path, lines: list[str], line: int, col: int) -> list[lsp.CompletionItem]:
    ctx = cursor_context(lines, line, col)
    if ctx.call is not None:
        func, argument, first = ctx.call
        if func == "available":
            return _pool_items(index)
        if argument == 1:
            return _scene_items(index)
        scene = index.scenes().get(first)
        return [
            _item(c.id, lsp.CompletionItemKind.Field, c.text, f"choice of `{first}`")
            for c in (scene.choices.values() if scene else [])
        ]
    if ctx.in_template:
        return _variable_items(index, functions=True)
    last = next((p for p in reversed(ctx.parents) if p != "[]"), "")
    if ctx.key is not None:
        return _value_items(index, ctx, last)
    if last == "renamed_from":
        return _scene_items(index)
    if ctx.typing_key:
        model, special = keys.model_at(ctx.parents)
        if special == "variables":
            return [
                _item(v.name, lsp.CompletionItemKind.Variable, str(v.data.get("type", "")), insert=f"{v.name}: ")
                for v in sorted(index.variables().values(), key=lambda v: v.name)
            ]
        if model is not None:
            return [
                _item(
                    name,
                    lsp.CompletionItemKind.Property,
                    ("required — " if required else "") + model.__name__,
                    documentation,
                    insert=f"{name}: ",
                )
                for name, documentation, required in keys.keys_of(model)
            ]
        return []
    if last in _CODE_KEYS:
        return _variable_items(index, functions=True)
    return []


def _value_items(index: StoryIndex, ctx: Context, parent: str) -> list[lsp.CompletionItem]:
    key = ctx.key or ""
    if key in _SCENE_KEYS:
        return _scene_items(index, with_return=key == "goto")
    if key == "renamed_from":
        return _scene_items(index)
    if key in _POOL_KEYS or (key == "name" and parent == "pool"):
        return _pool_items(index)
    if key == "stat":
        return _variable_items(index, ("number", "counter"))
    if key == "variable" and parent == "input":
        return _variable_items(index, ("string",))
    if key in _CODE_KEYS:
        return _variable_items(index, functions=True)
    model, special = keys.model_at(ctx.parents)
    if special == "variables" and parent == "calc":
        return _variable_items(index, functions=True)
    if key in _FIXED_VALUES and parent != "set":
        return [_item(v, lsp.CompletionItemKind.EnumMember) for v in _FIXED_VALUES[key]]
    del model
    return []


# -- definition and references ---------------------------------------------------------------------------
def definitions(index: StoryIndex, path: Path, line: int, col: int) -> list[lsp.Location]:
    ref = index.ref_at(path, line, col)
    if ref is None:
        return []
    return [location(index, r.span) for r in index.occurrences(ref) if r.definition]


def references(index: StoryIndex, path: Path, line: int, col: int, declaration: bool) -> list[lsp.Location]:
    ref = index.ref_at(path, line, col)
    if ref is None:
        return []
    return [location(index, r.span) for r in index.occurrences(ref) if declaration or not r.definition]


# -- rename ----------------------------------------------------------------------------------------------
def prepare_rename(index: StoryIndex, path: Path, line: int, col: int) -> lsp.Range | None:
    ref = index.ref_at(path, line, col)
    if ref is None or ref.kind not in ("scene", "choice"):
        return None
    return lsp_range(index, ref.span)


def _renamed_from_edit(
    index: StoryIndex, path: Path, where: RenamedFrom | None, key_col: int, id_line: int, old: str
) -> lsp.TextEdit:
    """The edit that adds ``old`` to an item's renamed_from (creating the key after its `id:` line)."""
    file = index.file_of(path)
    lines = file.lines if file else []
    if where is None:
        at = lsp.Position(id_line + 1, 0)
        return lsp.TextEdit(lsp.Range(at, at), f"{' ' * key_col}renamed_from: [{old}]\n")
    if where.flow_close is not None:
        line, col = where.flow_close
        text = lines[line] if line < len(lines) else ""
        at = lsp.Position(line, utf16_col(text, col))
        return lsp.TextEdit(lsp.Range(at, at), old if where.empty_flow else f", {old}")
    if where.last_item_line is not None:
        at = lsp.Position(where.last_item_line + 1, 0)
        return lsp.TextEdit(lsp.Range(at, at), f"{' ' * where.item_col}- {old}\n")
    line = where.key_line
    text = lines[line] if line < len(lines) else ""
    at = lsp.Position(line, utf16_col(text, len(text)))
    return lsp.TextEdit(lsp.Range(at, at), f" [{old}]")


def rename(index: StoryIndex, path: Path, line: int, col: int, new: str) -> lsp.WorkspaceEdit:
    """Rename a scene or choice id everywhere, and add the old id to its `renamed_from:` (saves keep loading)."""
    ref = index.ref_at(path, line, col)
    if ref is None or ref.kind not in ("scene", "choice"):
        raise RenameRefused("only a scene id or a choice id can be renamed (saves record those by id)")
    if not ID.match(new):
        raise RenameRefused(f"'{new}' is not an id: letters, digits and _, not starting with a digit")
    if new == ref.name:
        raise RenameRefused("that is already its id")
    scenes = index.scenes()
    edits: dict[Path, list[lsp.TextEdit]] = defaultdict(list)
    if ref.kind == "scene":
        scene = scenes.get(ref.name)
        if scene is None:
            raise RenameRefused(f"no scene '{ref.name}' to rename")
        if new in scenes:
            raise RenameRefused(f"a scene '{new}' already exists")
        edits[scene.span.path].append(
            _renamed_from_edit(index, scene.span.path, scene.renamed_from, scene.key_col, scene.span.line, ref.name)
        )
    else:
        choice = _choice(index, ref.scene, ref.name)
        if choice is None:
            raise RenameRefused(f"no choice '{ref.name}' in scene '{ref.scene}' to rename")
        if new in scenes[ref.scene].choices:
            raise RenameRefused(f"scene '{ref.scene}' already has a choice '{new}'")
        edits[choice.span.path].append(
            _renamed_from_edit(index, choice.span.path, choice.renamed_from, choice.key_col, choice.span.line, ref.name)
        )
    for found in index.occurrences(ref):
        edits[found.span.path].append(lsp.TextEdit(lsp_range(index, found.span), new))
    return lsp.WorkspaceEdit(changes={uri(p): e for p, e in sorted(edits.items())})


# -- outline ---------------------------------------------------------------------------------------------
def _symbol(
    index: StoryIndex, name: str, detail: str, kind: lsp.SymbolKind, span: Span, end_line: int
) -> lsp.DocumentSymbol:
    file = index.file_of(span.path)
    last = file.lines[end_line] if file and 0 <= end_line < len(file.lines) else ""
    whole = lsp.Range(lsp.Position(span.line, 0), lsp.Position(end_line, utf16_col(last, len(last))))
    return lsp.DocumentSymbol(name, kind, whole, lsp_range(index, span), detail=detail or None, children=[])


def symbols(index: StoryIndex, path: Path) -> list[lsp.DocumentSymbol]:
    file = index.file_of(path)
    if file is None:
        return []
    last_line = max(len(file.lines) - 1, 0)
    out: list[lsp.DocumentSymbol] = []
    for variable in file.variables:
        out.append(
            _symbol(
                index,
                variable.name,
                str(variable.data.get("type", "")),
                lsp.SymbolKind.Variable,
                variable.span,
                variable.span.line,
            )
        )
    for origin, span in file.origins:
        out.append(_symbol(index, origin, "origin", lsp.SymbolKind.Constructor, span, span.line))
    for number, scene in enumerate(file.scenes):
        following = file.scenes[number + 1].span.line - 1 if number + 1 < len(file.scenes) else last_line
        end = max(following, scene.span.line)
        symbol = _symbol(index, scene.id, scene.title, lsp.SymbolKind.Class, scene.span, end)
        choices = sorted(scene.choices.values(), key=lambda c: c.span.line)
        for cnumber, choice in enumerate(choices):
            cend = choices[cnumber + 1].span.line - 1 if cnumber + 1 < len(choices) else end
            symbol.children.append(  # type: ignore[union-attr]
                _symbol(index, choice.id, choice.text, lsp.SymbolKind.Method, choice.span, max(cend, choice.span.line))
            )
        out.append(symbol)
    return out
