"""Load a story folder: read every YAML file, validate it against the models, and compile it.

Every problem in every file is collected (never just the first) and reported with its position.
``load_story`` raises :class:`StoryError` when any error was found; ``check_story`` returns the
diagnostics and the story (when it loaded) for tools that want warnings too.
"""

from __future__ import annotations

import contextvars
import copy
import difflib
import gc
import hashlib
import os
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.story import cache, lifecycle, templates, textcheck, wording
from game.story.compiled import (
    BUILTIN_VARIABLES,
    DATE_VARIABLES,
    RETURN,
    VISIT_VARIABLES,
    CalendarSpec,
    CheckSpec,
    ChoiceSpec,
    EffectsSpec,
    InputField,
    OriginSpec,
    OutcomeSpec,
    PoolMembership,
    PresentationSpec,
    SceneSpec,
    Story,
    VariableSpec,
)
from game.story.diagnostics import Diagnostic, StoryError
from game.story.expressions import Expression, ExpressionError, compile_expression, reserved_name_problem
from game.story.files import MANIFEST, MAX_FILE_BYTES, story_files
from game.story.memory import release_freed_memory
from game.story.models import (
    Calendar,
    Choice,
    Effects,
    Origin,
    Outcome,
    PoolEntry,
    PoolRule,
    Scene,
    StoryFile,
    StoryInfo,
    Variable,
)
from game.story.safe_read import read_limited
from game.story.templates import TemplateProblem, Text, compile_text, markdown_problems
from game.story.units import legacy_currency, resolve_unit
from game.story.yamlsrc import Path as DataPath
from game.story.yamlsrc import SourceDoc, SourceError, forget_resolved, parse_yaml, shallow_copy

TEMPLATE_TABLE = "templates"  # the disk cache's table of template analyses (see templates.remember_analyses)
_ALL_FIELDS = sorted(
    {
        name
        for model in (StoryFile, StoryInfo, Variable, Effects, Scene, Choice, Origin, Outcome, PoolEntry, Calendar)
        for name in model.model_fields
    }
    | {
        "if",
        "else",
        "when_empty",
        "name",
        "weight",
        "once",
        "stat",
        "difficulty",
        "chance",
        "variable",
        "prompt",
        "default",
        "max_length",
        "start_week",
    }
)


@dataclass(slots=True)
class _File:
    path: str
    doc: SourceDoc
    text: str = ""  # the file's text, to place problems inside block text at their own line and column


@dataclass(slots=True)
class _Located:
    """A validated model, with the file and data path it came from."""

    model: Any
    file: _File
    path: DataPath


@dataclass(slots=True)
class _Collected:
    info: _Located | None = None
    variables: dict[str, _Located] = field(default_factory=dict)
    origins: dict[str, _Located] = field(default_factory=dict)
    scenes: dict[str, _Located] = field(default_factory=dict)
    broken_scene_ids: set[str] = field(default_factory=set)
    file_chapters: dict[str, str] = field(default_factory=dict)  # file path -> its scenes' default chapter
    pool_rules: dict[str, _Located] = field(default_factory=dict)  # pool name -> its declared rule


class _Report:
    def __init__(self) -> None:
        self.items: list[Diagnostic] = []
        # (file, data path) of every unknown key and every value of the wrong type: later checks that would
        # read those keys as absent ("needs text", "has none of goto...") stay quiet, the cause is reported.
        self.shape: set[tuple[str, DataPath]] = set()
        self.names: Collection[str] = frozenset()  # the declared names (set by the compiler)

    def shaky(self, file: _File, path: DataPath) -> bool:
        """Whether a key at or under ``path`` was unknown or had a value of the wrong type."""
        size = len(path)
        return any(f == file.path and p[:size] == path for f, p in self.shape)

    def add(
        self,
        file: _File | str,
        path: DataPath,
        code: str,
        message: str,
        *,
        key: bool = False,
        line_offset: int = 0,
        col: int | None = None,
    ) -> None:
        if isinstance(file, str):
            self.items.append(Diagnostic(code, message, file, 1, 1))
            return
        mark = file.doc.mark(path, key=key)
        self.items.append(
            Diagnostic(code, message, file.path, mark.line + line_offset, col if col is not None else mark.col)
        )

    def expr(self, file: _File, path: DataPath, err: ExpressionError) -> None:
        mark = file.doc.mark(path)
        message = err.message
        prefix = "unknown variable '"
        if err.code == "E401" and message.startswith(prefix) and message.endswith("'"):
            close = difflib.get_close_matches(message[len(prefix) : -1], sorted(self.names), n=1)
            message += f" (did you mean '{close[0]}'?)" if close else ""
        # The expression usually sits on its own line: point at the column inside it.
        self.items.append(Diagnostic(err.code, message, file.path, mark.line, mark.col + err.col - 1))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read(path: Path, report: _Report, buffers: Mapping[Path, str] | None = None) -> _File | None:
    shown = _display(path)
    buffer = buffers.get(path) if buffers else None
    try:
        # An editor's unsaved text stands in for the file (the language server checks what is typed).
        # Regular files only, with a size limit: a FIFO named pipe.yaml would block `steppe check` for good.
        raw = read_limited(path, MAX_FILE_BYTES) if buffer is None else buffer.encode("utf-8", "surrogatepass")
    except OSError as err:
        report.add(shown, (), "E004", f"cannot read the file: {err.strerror or err}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        report.items.append(Diagnostic("E004", f"not UTF-8 text (byte 0x{raw[err.start]:02x})", shown, line, 1))
        return None
    digest = hashlib.sha256(raw).hexdigest()
    reuse = _REUSE.get()
    doc = cache.get(digest) if reuse else None
    if doc is None:
        doc = cache.load(digest, text)
        if doc is None:
            try:
                doc = parse_yaml(text)
            except SourceError as err:
                lines = text.splitlines()
                at = lines[err.mark.line - 1] if 0 < err.mark.line <= len(lines) else ""
                message = wording.yaml_message(err.message, at) if err.code == "E001" else err.message
                report.items.append(Diagnostic(err.code, message, shown, err.mark.line, err.mark.col))
                return None
            if buffer is None:  # an editor's buffer changes with every key: keep it out of the disk cache
                cache.store(digest, doc)
            if not reuse:
                # Keep only where each item's id is, as a cached copy does: the full tables of positions
                # are most of a parse's memory, and are needed only to report a problem (then the file is
                # parsed again). Dropped file by file, they never pile up over the whole story.
                doc = shallow_copy(doc, text)
        if reuse:
            cache.put(digest, doc)
    return _File(shown, doc, text)


def _pydantic_problems(report: _Report, file: _File, base: DataPath, data: Any, err: ValidationError) -> None:
    seen: set[tuple[DataPath, str]] = set()
    for problem in err.errors():
        # Walk the error's location through the data, skipping union-branch tags pydantic inserts.
        path: list[str | int] = list(base)
        node = data
        for part in problem["loc"]:
            in_dict = isinstance(node, dict) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if in_dict or in_list:
                path.append(part)
                node = node[part]
            elif problem["type"] in ("extra_forbidden", "missing") and part == problem["loc"][-1]:
                path.append(part)
        where = tuple(path)
        kind = problem["type"]
        if kind == "extra_forbidden":
            key = str(where[-1])
            close = difflib.get_close_matches(key, _ALL_FIELDS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            if (where, "E101") not in seen:
                report.add(file, where, "E101", f"unknown key '{key}'{hint}", key=True)
            seen.add((where, "E101"))
            report.shape.add((file.path, where))
        elif kind == "missing":
            if (where, "E103") not in seen:
                report.add(file, where[:-1], "E103", f"missing required key '{where[-1]}'")
            seen.add((where, "E103"))
        else:
            if any(p == where for p, _ in seen):
                continue  # one message per place: the first union branch's complaint is enough
            seen.add((where, "E102"))
            report.shape.add((file.path, where))
            field_name = next((str(p) for p in reversed(where) if isinstance(p, str)), "value")
            words = dict(file.doc.yaml11_words)
            report.add(file, where, "E102", wording.value_message(field_name, problem, words.get(where)))


# Validated models by (model, the parsed data's identity). The parse cache hands out the same document for
# a file whose bytes did not change, so a re-check after one edit (the language server's, --watch's) meets
# the same data again: validating it again was nearly half of such a check. The data is kept with its model,
# so its id cannot be reused while the entry stands; only successes are kept (problems are reported anew).
_VALIDATED: dict[tuple[type[BaseModel], int], tuple[Any, Any]] = {}
# Whether this load keeps what it parsed and validated for the next (check_story's `reuse`); per thread,
# as the game loads in a worker thread.
_REUSE: contextvars.ContextVar[bool] = contextvars.ContextVar("steppe_reuse", default=False)
_VALIDATED_LIMIT = 100_000


def _validated(model: type[BaseModel], data: Any) -> Any:
    """``model.model_validate(data)``, remembered while ``data`` is the same object (when reusing)."""
    if not _REUSE.get():
        return model.model_validate(data)
    key = (model, id(data))
    known = _VALIDATED.get(key)
    if known is not None and known[0] is data:
        return known[1]
    result = model.model_validate(data)
    if len(_VALIDATED) >= _VALIDATED_LIMIT:
        _VALIDATED.clear()
    _VALIDATED[key] = (data, result)
    return result


def _validate(model: type[BaseModel], data: Any, file: _File, path: DataPath, report: _Report) -> Any | None:
    try:
        return _validated(model, data)
    except ValidationError as err:
        _pydantic_problems(report, file, path, data, err)
        return None


def _salvage(model: type[BaseModel], data: Any, err: ValidationError) -> Any | None:
    """The item with the keys at fault removed, if that validates: its other problems (references,
    expressions, text) can then still be reported in the same run. Its own errors are already reported."""
    pruned = copy.deepcopy(data)
    for problem in err.errors():
        # Follow the location through the data (skipping union-branch tags), then drop the last key found.
        parent, key, node = None, None, pruned
        for part in problem["loc"]:
            in_dict = isinstance(node, dict) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if in_dict or in_list:
                parent, key, node = node, part, node[part]
        if isinstance(parent, dict) and key in parent:
            del parent[key]
    try:
        return model.model_validate(pruned)
    except ValidationError:
        return None


def _collect(files: Iterable[_File], report: _Report) -> _Collected:
    found = _Collected()
    for file in files:
        data = file.doc.data
        if data is None:
            continue
        if not isinstance(data, dict):
            report.add(file, (), "E102", "a story file must be a mapping with variables:, origins: or scenes:")
            continue
        for key in data:
            if key not in StoryFile.model_fields:
                close = difflib.get_close_matches(str(key), list(StoryFile.model_fields), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                report.add(file, (key,), "E101", f"unknown key '{key}'{hint}", key=True)
        if "story" in data:
            if not file.path.endswith(MANIFEST) or found.info is not None:
                report.add(file, ("story",), "E005", "`story:` belongs in the story folder's story.yaml only", key=True)
            else:
                info = _validate(StoryInfo, data["story"], file, ("story",), report)
                if info is not None:
                    found.info = _Located(info, file, ("story",))
        _collect_variables(data.get("variables"), file, found, report)
        _collect_file_defaults(data, file, found, report)
        _collect_list(data.get("origins"), "origins", Origin, file, found.origins, "E204", "origin", report)
        _collect_list(
            data.get("scenes"),
            "scenes",
            Scene,
            file,
            found.scenes,
            "E201",
            "scene",
            report,
            broken=found.broken_scene_ids,
        )
    return found


def _collect_file_defaults(data: dict[Any, Any], file: _File, found: _Collected, report: _Report) -> None:
    """A file's `chapter:` (the default of its scenes) and its `pools:` rules (each pool's declared once)."""
    if "chapter" in data:
        chapter = _validate(StoryFile, {"chapter": data["chapter"]}, file, (), report)
        if chapter is not None and chapter.chapter is not None:
            found.file_chapters[file.path] = chapter.chapter
    block = data.get("pools")
    if block is None:
        return
    if not isinstance(block, dict):
        report.add(file, ("pools",), "E102", "pools: must be a mapping of pool name to its rule")
        return
    for name, rule_data in block.items():
        path = ("pools", name)
        rule = _validate(PoolRule, rule_data, file, path, report)
        if rule is None:
            continue
        if name in found.pool_rules:
            first = found.pool_rules[name]
            where = f"{first.file.path}:{first.file.doc.mark(first.path, key=True).line}"
            report.add(file, path, "E208", f"pool '{name}' already has its rule, at {where}", key=True)
            continue
        found.pool_rules[str(name)] = _Located(rule, file, path)


def _collect_variables(block: Any, file: _File, found: _Collected, report: _Report) -> None:
    if block is None:
        return
    if not isinstance(block, dict):
        report.add(file, ("variables",), "E102", "variables: must be a mapping of name to declaration")
        return
    for name, data in block.items():
        path = ("variables", name)
        if name in BUILTIN_VARIABLES:
            report.add(file, path, "E207", f"'{name}' is built in and cannot be declared", key=True)
            continue
        if not name.isidentifier():
            report.add(file, path, "E102", f"'{name}' is not a valid variable name", key=True)
            continue
        reserved = reserved_name_problem(name, templates.TEMPLATE_FUNCTIONS)
        if reserved is not None:
            report.add(file, path, "E207", reserved, key=True)
            continue
        model = _validate(Variable, data, file, path, report)
        if model is None:
            continue
        if name in found.variables:
            first = found.variables[name]
            report.add(
                file,
                path,
                "E203",
                f"variable '{name}' is already declared at "
                f"{first.file.path}:{first.file.doc.mark(first.path, key=True).line}",
                key=True,
            )
            continue
        found.variables[name] = _Located(model, file, path)


def _collect_list(
    block: Any,
    key: str,
    model_type: type[BaseModel],
    file: _File,
    into: dict[str, _Located],
    dup_code: str,
    noun: str,
    report: _Report,
    broken: set[str] | None = None,
) -> None:
    if block is None:
        return
    if not isinstance(block, list):
        report.add(file, (key,), "E102", f"{key}: must be a list (each item starting with '- id:')")
        return
    for index, data in enumerate(block):
        path = (key, index)
        try:
            model: Any = _validated(model_type, data)
        except ValidationError as err:
            _pydantic_problems(report, file, path, data, err)
            model = _salvage(model_type, data, err)
            if model is None:
                if broken is not None and isinstance(data, dict) and isinstance(data.get("id"), str):
                    broken.add(data["id"])
                continue
        if model.id in into:
            first = into[model.id]
            report.add(
                file,
                (*path, "id"),
                dup_code,
                f"{noun} id '{model.id}' is already used at "
                f"{first.file.path}:{first.file.doc.mark((*first.path, 'id')).line}",
            )
            continue
        into[model.id] = _Located(model, file, path)


class _Compiler:
    """Turns validated models into the engine's compiled structures, reporting reference problems."""

    def __init__(self, found: _Collected, report: _Report) -> None:
        self.found = found
        self.report = report
        self.variables: dict[str, VariableSpec] = {}
        self.known: frozenset[str] = frozenset()
        self.pools: dict[str, list[PoolMembership]] = {}
        self.pool_uses: list[tuple[str, _File, DataPath]] = []
        self.scene_refs: list[tuple[str, _File, DataPath]] = []
        self.choice_refs: list[tuple[str, str, _File, DataPath]] = []
        self.success_refs: list[tuple[str, str, _File, DataPath]] = []  # succeeded(): must name a risky choice
        self.dated = self.aged = self.visit_names = False
        self.calendar = CalendarSpec()
        self.bad_file_chapters: set[str] = set()
        self.root: Path | None = None  # the story folder, resolved: chapters by folder are found under it

    # -- variables -------------------------------------------------------------------------------------
    def compile_variables(self) -> None:
        for name, located in self.found.variables.items():
            spec = self._variable(name, located.model, located)
            if spec is not None:
                spec.cost = located.model.cost
                self.variables[name] = spec
        # Dates exist with a calendar's start year, `age` when every origin gives one: otherwise a story
        # reading them is told what to declare (E408), rather than reading a value that means nothing.
        info = self.found.info.model if self.found.info else None
        if info is not None:
            given = info.calendar
            self.calendar = CalendarSpec(given.start_week, given.start_year, given.weeks_per_year, given.cost)
        self.dated = info is not None and info.calendar.start_year is not None
        origins = [located.model for located in self.found.origins.values()]
        self.aged = bool(origins) and all(o.age is not None or o.birth_year is not None for o in origins)
        hidden = set(DATE_VARIABLES if not self.dated else ()) | set(() if self.aged else ("age",))
        self.known = frozenset(self.found.variables) | frozenset(n for n in BUILTIN_VARIABLES if n not in hidden)
        # For "did you mean" on unknown variables. The names themselves, not a function reading them from
        # the compiler: the report holding the compiler would make every load one reference cycle, kept
        # (every scene's models with it) until the cyclic collector's next full pass.
        self.report.names = self.known

    def _variable(self, name: str, var: Variable, at: _Located) -> VariableSpec | None:
        def bad(message: str, part: str = "initial") -> None:
            self.report.add(at.file, (*at.path, part), "E405", f"variable '{name}': {message}")

        label = var.label or name.replace("_", " ").capitalize()
        if var.type in ("number", "counter"):
            low = var.min if var.min is not None else (0 if var.type == "counter" else None)
            high = var.max
            if var.type == "number" and (low is None or high is None):
                bad("a number needs both min and max", "type")
                return None
            initial = var.initial if var.initial is not None else (low if low is not None else 0)
            if isinstance(initial, bool) or not isinstance(initial, (int, float)):
                bad(f"initial value {wording.shown(initial)} is not a number")
                return None
            if var.type == "counter" and not isinstance(initial, int):
                bad("a counter's initial value must be a whole number")
                return None
            if low is not None and high is not None and low >= high:
                bad(f"min {low} must be below max {high}", "min")
                return None
            if (low is not None and initial < low) or (high is not None and initial > high):
                bad(f"initial value {initial} is outside {low}..{high}")
                return None
            show = var.show or "value"
            info = self.found.info.model.presentation if self.found.info else None
            unit, prefix, suffix = resolve_unit(var.unit, info.currency if info else None)
            return VariableSpec(
                name,
                var.type,
                initial,
                low,
                high,
                label,
                show,
                unit,
                var.low_label,
                var.high_label,
                None,
                var.help,
                prefix,
                suffix,
            )
        if var.min is not None or var.max is not None:
            bad("only numbers and counters have min and max", "min" if var.min is not None else "max")
        if var.type == "string":
            initial = var.initial if var.initial is not None else ""
            if not isinstance(initial, str):
                bad(f"initial value {wording.shown(initial)} is not text (put it in quotes)")
                return None
            values = tuple(var.values) if var.values else None
            if values and initial and initial not in values:
                bad(f"initial value {wording.shown(initial)} is not one of its values")
                return None
            stray = [value for value in var.labels if values and value not in values]
            if stray:
                bad(f"labels for values it does not have: {', '.join(stray)}", "labels")
            return VariableSpec(
                name,
                "string",
                initial,
                label=label,
                show=var.show or "value",
                values=values,
                help=var.help,
                value_labels=dict(var.labels),
            )
        initial = var.initial if var.initial is not None else False
        if not isinstance(initial, bool):
            bad(f"a flag's initial value must be true or false, not {wording.shown(initial)}")
            return None
        return VariableSpec(name, "flag", initial, label=label, show=var.show or "hidden", help=var.help)

    def check_value(self, name: str, value: Any, file: _File, path: DataPath) -> bool:
        spec = self.variables.get(name)
        if spec is None:
            if name in BUILTIN_VARIABLES:
                self.report.add(file, path, "E405", f"'{name}' is built in and cannot be set", key=True)
            elif name not in self.found.variables:
                self.report.add(file, path, "E401", f"undeclared variable '{name}'{self._suggest(name)}", key=True)
            return False
        ok = True
        if spec.type in ("number", "counter"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if ok and spec.type == "counter" and not isinstance(value, int):
                ok = False
            if ok and not ((spec.min is None or value >= spec.min) and (spec.max is None or value <= spec.max)):
                self.report.add(file, path, "E405", f"{value} is outside {name}'s bounds {spec.min}..{spec.max}")
                return False
        elif spec.type == "string":
            ok = isinstance(value, str)
            if ok and spec.values and value not in spec.values:
                self.report.add(
                    file, path, "E405", f"'{value}' is not one of {name}'s values: " + ", ".join(spec.values)
                )
                return False
        else:
            ok = isinstance(value, bool)
        if not ok:
            self.report.add(file, path, "E405", f"{name} is a {spec.type}; {wording.shown(value)} does not fit")
        return ok

    # -- expressions and text --------------------------------------------------------------------------
    def expression(self, source: Any, file: _File, path: DataPath) -> Expression | None:
        try:
            expr = compile_expression(source, self.known)
        except ExpressionError as err:
            self.report.expr(file, path, self._undated(err))
            return None
        if not self.visit_names and not expr.names.isdisjoint(VISIT_VARIABLES):
            self.visit_names = True
        if "season" in expr.names:
            for word, col in lifecycle.unknown_seasons(expr.source):
                message = f"season is never {word!r}: it is one of {', '.join(lifecycle.SEASONS)}"
                self.report.expr(file, path, ExpressionError("W608", message, col))
        for func, args in expr.calls:
            if func == "available":
                self.pool_uses.append((args[0], file, path))
            elif func == "visited":
                self.scene_refs.append((args[0], file, path))
            elif func == "chose":
                self.choice_refs.append((args[0], args[1], file, path))
            elif func == "succeeded":
                self.choice_refs.append((args[0], args[1], file, path))
                self.success_refs.append((args[0], args[1], file, path))
        return expr

    def _suggest(self, name: str) -> str:
        close = difflib.get_close_matches(name, sorted(self.found.variables), n=1)
        return f" (did you mean '{close[0]}'?)" if close else ""

    def _undated(self, err: ExpressionError) -> ExpressionError:
        """An unknown `year`/`month`/`season`/`age` is a calendar or origin left undeclared: say which."""
        match = re.fullmatch(r"unknown variable '(\w+)'", err.message)
        name = match.group(1) if match else ""
        if name in DATE_VARIABLES:
            return ExpressionError(
                "E408", f"'{name}' needs a dated calendar: give story.calendar a start_year", err.col
            )
        if name == "age":
            return ExpressionError("E408", "'age' needs every origin to give birth_year: or age:", err.col)
        return err

    def text(self, source: str, file: _File, path: DataPath, *, markdown: bool) -> Text:
        if not self.visit_names and ("first_visit" in source or "visits_here" in source):
            self.visit_names = True  # a rough test: keeping the two values when unread costs next to nothing
        try:
            compiled = compile_text(source, self.known, markdown=markdown)
        except TemplateProblem as err:
            if err.code == "E502" and err.names:  # each name at its own line and column, with a suggestion
                for name, line, col in textcheck.name_places(source, set(err.names)):
                    undated = self._undated(ExpressionError("E401", f"unknown variable '{name}'", col))
                    if undated.code == "E408":  # a date or an age the story does not give: say what to declare
                        self._in_text(file, path, source, "E408", undated.message, line, col)
                        continue
                    close = difflib.get_close_matches(name, sorted(self.known), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    self._in_text(file, path, source, "E502", f"unknown name '{name}'{hint}", line, col)
                return Text(source)
            plain = textcheck.plain_template_message(err.message, source) if err.code == "E501" else None
            if plain is not None:
                self._in_text(file, path, source, err.code, *plain)
            else:
                self._in_text(file, path, source, err.code, err.message, err.line, 1)
            return Text(source)
        for call in textcheck.calls(source):
            code, problem = ("E402", call.problem) if call.problem else self._call_problem(call)
            if problem:
                self._in_text(file, path, source, code, problem, call.line, call.col)
        if markdown:
            for line, message in markdown_problems(source):
                self.report.add(file, path, "E503", message, line_offset=line)
        return compiled

    def _in_text(self, file: _File, path: DataPath, source: str, code: str, message: str, line: int, col: int) -> None:
        """Report a problem at line:col of a text value, placed at its own position in the file."""
        mark = file.doc.mark(path)
        at_line, at_col = textcheck.file_position(file.text.splitlines(), mark.line, mark.col, source, line, col)
        self.report.items.append(Diagnostic(code, message, file.path, at_line, at_col))

    def _call_problem(self, call: textcheck.Call) -> tuple[str, str]:
        """A call in text names ids as `when:` does: the same checks, the same codes (E301, E302)."""
        scenes = self.found.scenes
        if call.func == "available":
            pools = {e.name for s in scenes.values() for e in s.model.pool}
            if call.args[0] not in pools:
                close = difflib.get_close_matches(call.args[0], sorted(pools), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                return "E302", f"available(): no scene joins the pool '{call.args[0]}'{hint}"
            return "", ""
        scene_id = call.args[0]
        if scene_id in self.found.broken_scene_ids:
            return "", ""
        if scene_id not in scenes:
            close = difflib.get_close_matches(scene_id, list(scenes), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return "E301", f"{call.func}(): no scene '{scene_id}'{hint}"
        if len(call.args) == 2:
            ids = [c.id for c in scenes[scene_id].model.choices]
            if call.args[1] not in ids:
                close = difflib.get_close_matches(call.args[1], ids, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                return "E301", f"{call.func}(): scene '{scene_id}' has no choice '{call.args[1]}'{hint}"
            choice = scenes[scene_id].model.choices[ids.index(call.args[1])]
            if call.func == "succeeded" and choice.check is None:
                return (
                    "E311",
                    f"succeeded(): choice '{call.args[1]}' of scene '{scene_id}' is not risky (it has no check:)",
                )
        return "", ""

    def effects(self, effects: Effects | None, file: _File, path: DataPath, *, key: str = "effects") -> EffectsSpec:
        if effects is None:
            return EffectsSpec()
        path = (*path, key)
        branch = None
        if effects.if_ is not None:
            condition = self.expression(effects.if_, file, (*path, "if"))
            if effects.then is None and effects.else_ is None:
                self.report.add(file, (*path, "if"), "E307", "if: needs a then: or an else: to apply", key=True)
            if condition is not None:
                then = self.effects(effects.then, file, path, key="then")
                otherwise = self.effects(effects.else_, file, path, key="else")
                branch = (condition, then, otherwise)
        elif effects.then is not None or effects.else_ is not None:
            which = "then" if effects.then is not None else "else"
            self.report.add(file, (*path, which), "E307", f"{which}: only applies with an if: condition", key=True)
        sets = tuple((k, v) for k, v in effects.set.items() if self.check_value(k, v, file, (*path, "set", k)))
        calcs = []
        for name, source in effects.calc.items():
            if self._numeric_or_declared(name, file, (*path, "calc", name), numeric=False):
                expr = self.expression(source, file, (*path, "calc", name))
                if expr is not None:
                    calcs.append((name, expr))
        adds = tuple((k, v) for k, v in effects.add.items() if self._numeric_or_declared(k, file, (*path, "add", k)))
        fairs = []
        for name, amount in effects.fair.items():
            if self._numeric_or_declared(name, file, (*path, "fair", name)):
                if not -100 <= amount <= 100:
                    self.report.add(file, (*path, "fair", name), "E405", "fair takes a percent from -100 to 100")
                else:
                    fairs.append((name, amount))
        rolls = []
        for name, span in effects.roll.items():
            if self._numeric_or_declared(name, file, (*path, "roll", name)):
                if len(span) != 2 or span[0] > span[1]:
                    self.report.add(file, (*path, "roll", name), "E405", "roll takes [low, high] with low <= high")
                else:
                    rolls.append((name, span[0], span[1]))
        weeks = self.calendar.weeks_of(effects.weeks, effects.months, effects.years)
        until = self._until_age(effects.until_age, file, (*path, "until_age"))
        return EffectsSpec(sets, tuple(calcs), adds, tuple(fairs), tuple(rolls), weeks, branch, until)

    def _until_age(self, given: int | str | None, file: _File, path: DataPath) -> Expression | int | None:
        if given is None:
            return None
        if not self.aged:
            self.report.add(
                file, path, "E405", "until_age: needs an age: give every origin `age:` or `birth_year:`", key=True
            )
            return None
        if isinstance(given, bool) or (isinstance(given, int) and not 0 <= given <= 150):
            self.report.add(file, path, "E405", "until_age: takes an age from 0 to 150, or an expression")
            return None
        if isinstance(given, int):
            return given
        return self.expression(given, file, path)

    def _numeric_or_declared(self, name: str, file: _File, path: DataPath, numeric: bool = True) -> bool:
        spec = self.variables.get(name)
        if spec is None:
            if name in BUILTIN_VARIABLES:
                self.report.add(file, path, "E405", f"'{name}' is built in; use weeks: to move the calendar", key=True)
            elif name not in self.found.variables:
                self.report.add(file, path, "E401", f"undeclared variable '{name}'{self._suggest(name)}", key=True)
            return False
        if numeric and spec.type not in ("number", "counter"):
            self.report.add(file, path, "E405", f"'{name}' is a {spec.type}, not a number", key=True)
            return False
        return True

    # -- scenes ----------------------------------------------------------------------------------------
    def scene(self, located: _Located) -> SceneSpec:
        scene: Scene = located.model
        file, path = located.file, located.path
        for index, entry in enumerate(scene.pool):
            epath = (*path, "pool", index)
            when = None if entry.when is True else self.expression(entry.when, file, (*epath, "when"))
            when = self._window(entry, when, file, epath)
            score = None if entry.score is None else self.expression(entry.score, file, (*epath, "score"))
            self.pools.setdefault(entry.name, []).append(
                PoolMembership(entry.name, scene.id, when, float(entry.weight), entry.once, entry.cooldown, score)
            )
        choices: list[ChoiceSpec] = []
        seen: dict[str, int] = {}
        for index, choice in enumerate(scene.choices):
            cpath = (*path, "choices", index)
            if choice.id in seen:
                self.report.add(
                    file, (*cpath, "id"), "E202", f"choice id '{choice.id}' is already used in scene '{scene.id}'"
                )
                continue
            seen[choice.id] = index
            choices.append(self.choice(scene.id, choice, file, cpath))
        if scene.ending is not None and scene.choices:
            self.report.add(file, (*path, "choices"), "E305", f"ending scene '{scene.id}' has choices", key=True)
        if scene.ending is None and not scene.choices:
            self.report.add(
                file,
                (*path, "id"),
                "E306",
                f"scene '{scene.id}' has no choices and is not an ending: the player would be stuck",
            )
        return SceneSpec(
            id=scene.id,
            title=self.text(scene.title, file, (*path, "title"), markdown=False),
            text=self.text(scene.text, file, (*path, "text"), markdown=True),
            teaser=self.text(scene.teaser, file, (*path, "teaser"), markdown=False) if scene.teaser else None,
            effects=self.effects(scene.effects, file, path),
            choices=tuple(choices),
            ending_id=scene.ending.id if scene.ending else None,
            ending_title=scene.ending.title if scene.ending else None,
            ending_hint=scene.ending.hint if scene.ending else "",
            file=file.path,
            line=file.doc.mark((*path, "id")).line,
            chapter=self._chapter(scene, file, path),
        )

    def _chapter(self, scene: Scene, file: _File, path: DataPath) -> str | None:
        info = self.found.info.model if self.found.info else None
        ids = [c.id for c in info.chapters] if info else []
        chapter = scene.chapter or self.found.file_chapters.get(file.path) or self._folder_chapter(file, ids)
        if chapter is None:
            return None
        if chapter not in ids:
            close = difflib.get_close_matches(chapter, ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (declare it in story.yaml's chapters:)"
            if scene.chapter or file.path not in self.bad_file_chapters:  # a file's default: said once
                at = (*path, "chapter") if scene.chapter else ("chapter",)
                self.report.add(file, at, "E309", f"no chapter '{chapter}'{hint}")
                self.bad_file_chapters.add(file.path)
            return None
        return chapter

    def _window(self, entry: PoolEntry, when: Expression | None, file: _File, path: DataPath) -> Expression | None:
        """A membership's `season:` and `from_year:`/`until_year:` joined to its `when:` as one condition: the
        engine (and its caching of pool answers by what the conditions read) sees one ordinary expression."""
        parts: list[str] = []
        if entry.season is not None:
            parts.append(f"season in {sorted(set(entry.season))!r}")
        if entry.from_year is not None:
            parts.append(f"year >= {entry.from_year}")
        if entry.until_year is not None:
            parts.append(f"year <= {entry.until_year}")
        if not parts:
            return when
        key = "season" if entry.season is not None else "from_year" if entry.from_year is not None else "until_year"
        if not self.dated:
            message = f"{key}: needs a dated calendar: give story.calendar a start_year"
            self.report.add(file, (*path, key), "E408", message, key=True)
            return when
        if entry.from_year is not None and entry.until_year is not None and entry.from_year > entry.until_year:
            self.report.add(file, (*path, "until_year"), "E405", "until_year is before from_year: never eligible")
        if when is not None:
            parts.insert(0, f"({when.source})")
        try:
            return compile_expression(" and ".join(parts), self.known)
        except ExpressionError as err:  # the writer's when: and the window, together over the length cap
            self.report.add(file, (*path, key), err.code, err.message, key=True)
            return when

    def _folder_chapter(self, file: _File, ids: list[str]) -> str | None:
        """By folder: a file inside a folder named as a chapter (`youth/`, nearest folder first) is in it."""
        if not ids or self.root is None:
            return None
        try:
            folders = Path(file.path).resolve().parent.relative_to(self.root).parts
        except ValueError:
            return None
        return next((part for part in reversed(folders) if part in ids), None)

    def choice(self, scene_id: str, choice: Choice, file: _File, path: DataPath) -> ChoiceSpec:
        actions = [a for a in ("goto", "draw", "offer", "check") if getattr(choice, a) is not None]
        if len(actions) != 1 and not (not actions and self.report.shaky(file, path)):
            what = "none" if not actions else " and ".join(actions)
            self.report.add(
                file,
                (*path, "id"),
                "E303",
                f"choice '{choice.id}' must do exactly one of goto, draw, offer, check (it has {what})",
            )
        if not choice.text and choice.offer is None and not self.report.shaky(file, (*path, "text")):
            self.report.add(file, (*path, "id"), "E103", f"choice '{choice.id}' needs text")
        if choice.return_to is not None:
            if choice.draw is None and choice.offer is None:
                self.report.add(
                    file, (*path, "return_to"), "E307", "return_to: only applies with draw: or offer:", key=True
                )
            self._target(choice.return_to, file, (*path, "return_to"))
        if choice.limit is not None and choice.offer is None:
            self.report.add(file, (*path, "limit"), "E307", "limit: only applies with offer:", key=True)
        if choice.locked is not None and choice.when is None and choice.require is None:
            self.report.add(
                file, (*path, "locked"), "E307", "locked: needs a when: or require: condition to explain", key=True
            )
        if choice.require is not None and choice.locked is None:
            self.report.add(
                file, (*path, "require"), "E307", "require: needs a locked: reason to show the player", key=True
            )
        lone_outcome = (choice.success or choice.failure) and choice.check is None
        if lone_outcome and not self.report.shaky(file, (*path, "check")):
            self.report.add(
                file,
                (*path, "success" if choice.success else "failure"),
                "E307",
                "success:/failure: only apply with check:",
                key=True,
            )
        when = None
        if choice.when is not None and choice.when is not True:
            when = self.expression(choice.when, file, (*path, "when"))
        require = None
        if choice.require is not None and choice.require is not True:
            require = self.expression(choice.require, file, (*path, "require"))
        self._target(choice.goto, file, (*path, "goto"))
        for pool_key in ("draw", "offer"):
            if getattr(choice, pool_key):
                self.pool_uses.append((getattr(choice, pool_key), file, (*path, pool_key)))
        check = None
        success = failure = None
        if choice.check is not None:
            check = self._check(choice, file, path)
            success = self._outcome(choice.success, file, (*path, "success"))
            failure = self._outcome(choice.failure, file, (*path, "failure"))
        input_field = None
        if choice.input is not None:
            spec = self.variables.get(choice.input.variable)
            if spec is None or spec.type != "string":
                what = "undeclared" if spec is None else f"a {spec.type}"
                code = "E401" if spec is None and choice.input.variable not in self.found.variables else "E307"
                self.report.add(
                    file,
                    (*path, "input", "variable"),
                    code,
                    f"input needs a declared string variable; '{choice.input.variable}' is {what}",
                )
            i = choice.input
            input_field = InputField(i.variable, i.prompt, i.default, i.max_length)
        return ChoiceSpec(
            id=choice.id,
            text=self.text(choice.text, file, (*path, "text"), markdown=False),
            when=when,
            locked=self.text(choice.locked, file, (*path, "locked"), markdown=False) if choice.locked else None,
            effects=self.effects(choice.effects, file, path),
            require=require,
            return_to=choice.return_to,
            goto=choice.goto,
            draw=choice.draw,
            offer=choice.offer,
            limit=choice.limit,
            check=check,
            success=success,
            failure=failure,
            input=input_field,
        )

    def _target(self, target: str | None, file: _File, path: DataPath) -> None:
        if target is not None and target != RETURN:
            self.scene_refs.append((target, file, path))

    def _check(self, choice: Choice, file: _File, path: DataPath) -> CheckSpec | None:
        check = choice.check
        assert check is not None
        cpath = (*path, "check")
        if choice.success is None or choice.failure is None:
            self.report.add(file, cpath, "E304", "a check needs both success: and failure:", key=True)
        by_stat = check.stat is not None or check.difficulty is not None
        if by_stat == (check.chance is not None) or (by_stat and (check.stat is None or check.difficulty is None)):
            if not self.report.shaky(file, cpath):  # a bad difficulty: is reported as what it is (E102)
                message = "a check needs stat: and difficulty:, or chance: (not both)"
                self.report.add(file, cpath, "E304", message, key=True)
            return None
        if check.stat is not None and not self._numeric_or_declared(check.stat, file, (*cpath, "stat")):
            return None
        chance = self.expression(check.chance, file, (*cpath, "chance")) if check.chance is not None else None
        return CheckSpec(check.stat, check.difficulty, chance)

    def _outcome(self, outcome: Outcome | None, file: _File, path: DataPath) -> OutcomeSpec | None:
        if outcome is None:
            return None
        if (outcome.goto is None) == (outcome.draw is None):
            self.report.add(file, path, "E303", "an outcome must have exactly one of goto, draw", key=True)
        self._target(outcome.goto, file, (*path, "goto"))
        if outcome.draw:
            self.pool_uses.append((outcome.draw, file, (*path, "draw")))
        return OutcomeSpec(
            self.text(outcome.text, file, (*path, "text"), markdown=True),
            self.effects(outcome.effects, file, path),
            outcome.goto,
            outcome.draw,
        )

    def origin(self, located: _Located) -> OriginSpec:
        origin: Origin = located.model
        file, path = located.file, located.path
        self._target(origin.start, file, (*path, "start"))
        sets = tuple((k, v) for k, v in origin.set.items() if self.check_value(k, v, file, (*path, "set", k)))
        return OriginSpec(
            origin.id,
            origin.name,
            origin.home,
            origin.instrument,
            origin.intro.strip(),
            origin.start,
            sets,
            self._origin_age(origin, file, path),
        )

    def _origin_age(self, origin: Origin, file: _File, path: DataPath) -> int | None:
        """The age at the start, from `age:` or from `birth_year:` and the calendar's start year."""
        if origin.age is not None and origin.birth_year is not None:
            self.report.add(file, (*path, "age"), "E307", "give birth_year: or age:, not both", key=True)
        if origin.age is not None:
            return origin.age
        if origin.birth_year is None:
            if any(o.model.age is not None or o.model.birth_year is not None for o in self.found.origins.values()):
                self.report.add(
                    file, (*path, "id"), "E103", f"origin '{origin.id}' needs birth_year: or age: (others have one)"
                )
            return None
        start = self.calendar.start_year
        if start is None:
            self.report.add(
                file,
                (*path, "birth_year"),
                "E408",
                "birth_year: needs story.calendar.start_year (or give age:)",
                key=True,
            )
            return None
        year = start + self.calendar.year_index(self.calendar.start_week)
        if origin.birth_year > year:
            self.report.add(
                file, (*path, "birth_year"), "E405", f"born in {origin.birth_year}, after the story starts ({year})"
            )
            return None
        return year - origin.birth_year


def _resolve_references(
    compiler: _Compiler, scenes: dict[str, SceneSpec], renames: dict[str, str], report: _Report
) -> None:
    found = compiler.found
    for target, file, path in compiler.scene_refs:
        if target not in scenes and target not in found.broken_scene_ids:
            close = difflib.get_close_matches(target, list(scenes), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            moved = f" (it was renamed to '{renames[target]}')" if target in renames else ""
            report.add(file, path, "E301", f"no scene '{target}'{moved or hint}")
    for scene_id, choice_id, file, path in compiler.choice_refs:
        scene = scenes.get(scene_id)
        if scene is None:
            if scene_id not in found.broken_scene_ids:
                report.add(file, path, "E301", f"no scene '{scene_id}'")
        elif not any(c.id == choice_id for c in scene.choices):
            report.add(file, path, "E301", f"scene '{scene_id}' has no choice '{choice_id}'")
    for pool, file, path in compiler.pool_uses:
        if pool not in compiler.pools:
            close = difflib.get_close_matches(pool, list(compiler.pools), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            report.add(file, path, "E302", f"no scene joins the pool '{pool}'{hint}")


def _renames(found: _Collected, report: _Report) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    scene_renames: dict[str, str] = {}
    choice_renames: dict[tuple[str, str], str] = {}
    for scene_id, located in found.scenes.items():
        scene: Scene = located.model
        for index, old in enumerate(scene.renamed_from):
            if old in found.scenes or old in scene_renames:
                report.add(
                    located.file,
                    (*located.path, "renamed_from", index),
                    "E206",
                    f"renamed_from '{old}': that id is still in use",
                )
            else:
                scene_renames[old] = scene_id
        ids = {c.id for c in scene.choices}
        for cindex, choice in enumerate(scene.choices):
            for index, old in enumerate(choice.renamed_from):
                if old in ids:
                    report.add(
                        located.file,
                        (*located.path, "choices", cindex, "renamed_from", index),
                        "E206",
                        f"renamed_from '{old}': that choice id is still in use",
                    )
                else:
                    choice_renames[(scene_id, old)] = choice.id
    return scene_renames, choice_renames


def check_story(
    root: str | os.PathLike[str], buffers: Mapping[Path, str] | None = None, *, reuse: bool = False
) -> tuple[Story | None, list[Diagnostic]]:
    """Load and validate a story folder. Returns the story (None on errors) and every diagnostic.

    ``buffers`` maps absolute file paths to text that replaces what is on disk (an editor's unsaved files).
    ``reuse``: keep the parsed and validated files in this process for the next check (the language
    server's, live reload's), where an unchanged file is then neither parsed nor validated again. A
    one-time load leaves it off: the documents with their source positions are about twice the size of
    the story itself (measured: 200 of 245 MB on a 10,000-scene story).
    """
    # A load builds hundreds of thousands of objects and frees few: the cyclic collector would run
    # thousands of times over a graph that only grows (a quarter of a cold load, a third of a warm one,
    # measured), and finds nothing to free. Paused for the load, never left paused.
    paused = gc.isenabled()
    gc.disable()
    keeping = _REUSE.set(reuse)
    try:
        return _check_story(root, buffers)
    finally:
        _REUSE.reset(keeping)
        if paused:
            gc.enable()
        if not reuse:  # what a one-time load parsed is gone now: hand its pages back (see game.story.memory)
            forget_resolved()
            release_freed_memory()


def _check_story(
    root: str | os.PathLike[str], buffers: Mapping[Path, str] | None
) -> tuple[Story | None, list[Diagnostic]]:
    from game.story.validate import graph_diagnostics  # the graph checks need the compiled story

    root_path = Path(root)
    report = _Report()
    if not (root_path / MANIFEST).is_file():
        shown = _display(root_path / MANIFEST)
        what = "story folder not found" if not root_path.is_dir() else "the story folder has no story.yaml"
        return None, [Diagnostic("E005", what, shown, 1, 1)]
    remembered = cache.load_table(TEMPLATE_TABLE)
    templates.remember_analyses(remembered)
    files = [f for f in (_read(p, report, buffers) for p in story_files(root_path)) if f is not None]
    found = _collect(files, report)
    _yaml11_warnings(files, found, report)
    if found.info is None and not any(
        d.code == "E005" or (d.path.endswith(MANIFEST) and d.code.startswith("E0")) for d in report.items
    ):
        manifest = next((f for f in files if f.path.endswith(MANIFEST)), None)
        if manifest is not None and not any(d.path == manifest.path for d in report.items):
            report.add(manifest, (), "E005", "story.yaml needs a `story:` block with id and title")
    compiler = _Compiler(found, report)
    compiler.root = root_path.resolve()
    compiler.compile_variables()
    origins = {oid: compiler.origin(loc) for oid, loc in found.origins.items()}
    scenes = {sid: compiler.scene(loc) for sid, loc in found.scenes.items()}
    scene_renames, choice_renames = _renames(found, report)
    _resolve_references(compiler, scenes, scene_renames, report)
    endings: dict[str, SceneSpec] = {}
    for scene in scenes.values():
        if scene.ending_id is None:
            continue
        if scene.ending_id in endings:
            located = found.scenes[scene.id]
            first = endings[scene.ending_id]
            report.add(
                located.file,
                (*located.path, "ending", "id"),
                "E205",
                f"ending id '{scene.ending_id}' is already used by scene '{first.id}'",
            )
        else:
            endings[scene.ending_id] = scene
    if not origins and not any(d.code == "E001" for d in report.items):
        report.add(_display(root_path / MANIFEST), (), "E103", "the story has no origins: nobody to play")
    info: StoryInfo | None = found.info.model if found.info else None
    story = Story(
        id=info.id if info else "",
        title=info.title if info else "",
        version=info.version if info else 1,
        author=info.author if info else "",
        start_week=info.calendar.start_week if info else 1,
        root=str(root_path),
        variables=compiler.variables,
        origins=origins,
        scenes=scenes,
        pools={name: tuple(members) for name, members in compiler.pools.items()},
        scene_renames=scene_renames,
        choice_renames=choice_renames,
        endings=endings,
        presentation=_presentation(info, compiler.variables, found, report),
        calendar=compiler.calendar,
        dated=compiler.dated,
        aged=compiler.aged,
        visit_names=compiler.visit_names,
    )
    _second_edition(story, compiler, report)
    learned = templates.learned_analyses()
    if learned:
        cache.store_table(TEMPLATE_TABLE, {**remembered, **learned})
    locate = {sid: (loc.file, loc.path) for sid, loc in found.scenes.items()}
    if not any(d.severity == "error" for d in report.items):  # the map of a broken story says nothing true
        for code, message, scene_id, key in graph_diagnostics(story, compiler.pool_uses):
            file, path = locate[scene_id]
            report.add(file, (*path, key), code, message)
    diagnostics = sorted(
        _causes_first(report.items), key=lambda d: (d.code not in _UNREADABLE, d.path, d.line, d.col, d.code)
    )
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    story.warnings = [d for d in diagnostics if d.severity == "warning"]
    return story, diagnostics


def _second_edition(story: Story, compiler: _Compiler, report: _Report) -> None:
    """Chapters, pool rules, succeeded() references and scored pools: checks that need the whole story."""
    found = compiler.found
    if found.info is not None:
        story.chapters, duplicates = lifecycle.chapters(found.info.model.chapters)
        for index, message in duplicates:
            report.add(found.info.file, ("story", "chapters", index, "id"), "E209", message)
    story.declared_pools = frozenset(found.pool_rules)
    for pool, located in found.pool_rules.items():
        rule = located.model.when_empty
        problem = lifecycle.when_empty_problem(pool, rule, story)
        if problem is not None:
            code = "E302" if pool not in story.pools else "E301"
            report.add(located.file, (*located.path, "when_empty") if code == "E301" else located.path, code, problem)
        elif rule != lifecycle.DISABLE:
            story.when_empty[pool] = rule
    for scene_id, choice_id, file, path in compiler.success_refs:
        scene = story.scenes.get(scene_id)
        choice = next((c for c in scene.choices if c.id == choice_id), None) if scene else None
        if choice is not None and choice.check is None:
            message = f"succeeded(): choice '{choice_id}' of scene '{scene_id}' is not risky (it has no check:)"
            report.add(file, path, "E311", message)
    locate = {sid: (loc.file, loc.path) for sid, loc in found.scenes.items()}
    for code, message, scene_id, key in lifecycle.scored_pool_problems(story) + lifecycle.storylet_warnings(story):
        file, path = locate[scene_id]
        report.add(file, (*path, key), code, message, key=True)


def _presentation(
    info: StoryInfo | None, variables: dict[str, VariableSpec], found: _Collected, report: _Report
) -> PresentationSpec:
    """The manifest's `presentation:`, each name checked: the header shows any variable, a chart a number."""
    if info is None or found.info is None:
        return PresentationSpec(currency=legacy_currency(variables))
    given = info.presentation
    for key, names in (("header", given.header), ("charted", given.charted)):
        for index, name in enumerate(names):
            spec = variables.get(name)
            if spec is None and name not in found.variables:
                at = ("story", "presentation", key, index)
                report.add(found.info.file, at, "E401", f"undeclared variable '{name}'")
            elif key == "charted" and spec is not None and spec.type not in ("number", "counter"):
                report.add(
                    found.info.file,
                    ("story", "presentation", key, index),
                    "E405",
                    f"'{name}' is a {spec.type}: only numbers and counters can be charted",
                )
    currency = given.currency
    return PresentationSpec(
        tagline=given.tagline,
        header=tuple(given.header),
        charted=tuple(given.charted),
        currency=(currency.prefix, currency.suffix) if currency else legacy_currency(variables),
    )


# A file that cannot be read or parsed hides its scenes, variables and pools from the others: what other
# files then report about missing names follows from it, and is left out until the file reads again.
_UNREADABLE = frozenset({"E001", "E002", "E003", "E004"})
_CONSEQUENCES = frozenset({"E301", "E302", "E401", "E502", "E311", "W601", "W602", "W604", "W605"})


def _causes_first(items: list[Diagnostic]) -> list[Diagnostic]:
    unreadable = {d.path for d in items if d.code in _UNREADABLE}
    if not unreadable:
        return items
    return [d for d in items if d.path in unreadable or d.code not in _CONSEQUENCES]


def _yaml11_warnings(files: list[_File], found: _Collected, report: _Report) -> None:
    """W603 where a bare yes/no/on/off was probably meant as a word: not where a true/false is what the key
    takes (a flag's value, a condition, `once:`), and not where E102 already said it."""
    flags = {name for name, located in found.variables.items() if located.model.type == "flag"}
    for file in files:
        for path, word in file.doc.yaml11_words:
            last = path[-1] if path else ""
            owner = path[-2] if len(path) > 1 else ""
            if (file.path, path) in report.shape:
                continue
            if last in ("when", "require", "once", "if") or (owner == "set" and last in flags):
                continue
            if last == "initial" and owner in flags:
                continue
            meaning = "true" if word.lower() in ("yes", "on", "y") else "false"
            report.add(
                file,
                path,
                "W603",
                f"YAML 1.1 reads {word!r} as {meaning}: write {meaning}, or quote it if you meant the word",
            )


def load_story(root: str | os.PathLike[str]) -> Story:
    """Load a story for play; raise :class:`StoryError` with every diagnostic if it has errors."""
    story, diagnostics = check_story(root)
    if story is None:
        raise StoryError(diagnostics)
    return story
