"""The pygls server: documents in, diagnostics and answers out, over stdio.

Diagnostics come from :func:`game.story.loader.check_story` run on the whole story folder with the
editor's open buffers standing in for the files on disk, so they are exactly `steppe check`'s (codes and
line:col) and cover every file: an edit in one file updates the others' diagnostics. A check runs at most
once per pause in typing (``STEPPE_LSP_DEBOUNCE`` seconds, default 0.05); unchanged files are not parsed
again (the loader's parse cache), so a re-check of the bundled story takes tens of milliseconds.

The check runs on the server's event loop, not in a thread: the loader's caches are not shared between
threads, and a request that arrives during a check waits for it (at most a check's time).
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from game import __version__
from game.story.diagnostics import Diagnostic
from game.tools.lsp import features
from game.tools.lsp.hints import fix_for
from game.tools.lsp.index import StoryIndex

MANIFEST = "story.yaml"
REQUEST_FAILED = -32803
_TOKEN_END = re.compile(r"""("[^"]*"?|'[^']*'?|[^\s:,\]\}#]+)""")


def _debounce() -> float:
    try:
        return max(0.0, float(os.environ.get("STEPPE_LSP_DEBOUNCE", "0.05")))
    except ValueError:
        return 0.05


def story_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding a story.yaml."""
    for folder in (path.parent, *path.parent.parents):
        if (folder / MANIFEST).is_file():
            return folder
    return None


def _path(uri: str) -> Path | None:
    fs = to_fs_path(uri)
    return Path(fs).resolve() if fs else None


class StoryServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("steppe-lsp", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.indexes: dict[Path, StoryIndex] = {}
        self.published: dict[Path, set[Path]] = {}
        self.timers: dict[Path, asyncio.TimerHandle] = {}
        self.disk: dict[Path, tuple[int, str]] = {}
        self.debounce = _debounce()
        self.checks = 0  # how many checks ran (the benchmark and tests read it through a log message)

    # -- texts ---------------------------------------------------------------------------------------------
    def buffers(self, root: Path) -> dict[Path, str]:
        """Open documents inside ``root``: the editor's text, saved or not."""
        found: dict[Path, str] = {}
        for uri, document in self.workspace.text_documents.items():
            path = _path(uri)
            if path is not None and (path == root or root in path.parents):
                found[path] = document.source
        return found

    def text_of(self, path: Path, buffers: dict[Path, str]) -> str:
        if path in buffers:
            return buffers[path]
        try:
            stamp = path.stat().st_mtime_ns
            known = self.disk.get(path)
            if known is not None and known[0] == stamp:
                return known[1]
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return ""
        self.disk[path] = (stamp, text)
        return text

    def index_for(self, path: Path) -> StoryIndex | None:
        """The index of the story holding ``path``, brought up to date with the buffers and the disk."""
        from game.story.loader import story_files

        root = story_root(path)
        if root is None:
            return None
        index = self.indexes.setdefault(root, StoryIndex(root))
        buffers = self.buffers(root)
        present = set(story_files(root)) | set(buffers)
        for file in present:
            index.update(file, self.text_of(file, buffers))
        index.forget_missing(present)
        return index

    # -- diagnostics ---------------------------------------------------------------------------------------
    def schedule(self, path: Path, delay: float) -> None:
        root = story_root(path)
        if root is None:
            return
        pending = self.timers.pop(root, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self.timers[root] = loop.call_later(delay, self.check, root)

    def check(self, root: Path) -> None:
        from game.story.loader import check_story

        self.timers.pop(root, None)
        buffers = self.buffers(root)
        try:
            _, diagnostics = check_story(root, buffers, reuse=True)
        except Exception as err:  # noqa: BLE001 - a checker bug must not take the editor's server down
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"steppe check failed: {err!r}"))
            return
        self.checks += 1
        by_file: dict[Path, list[lsp.Diagnostic]] = {}
        for diagnostic in diagnostics:
            target = Path(diagnostic.path)
            target = (target if target.is_absolute() else Path.cwd() / target).resolve()
            by_file.setdefault(target, []).append(self.to_lsp(diagnostic, self.text_of(target, buffers)))
        previous = self.published.get(root, set())
        for target in sorted(previous | set(by_file) | set(buffers)):  # open files hear "none" too
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(features.uri(target), by_file.get(target, []))
            )
        self.published[root] = set(by_file)
        self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Log, f"checked {root}: check #{self.checks}"))

    @staticmethod
    def to_lsp(diagnostic: Diagnostic, text: str) -> lsp.Diagnostic:
        lines = text.splitlines()
        line = max(diagnostic.line - 1, 0)
        content = lines[line] if line < len(lines) else ""
        col = min(max(diagnostic.col - 1, 0), len(content))
        token = _TOKEN_END.match(content, col)
        end = token.end() if token and token.end() > col else min(col + 1, len(content))
        if end <= col:
            end = len(content)
        fix = fix_for(diagnostic.code)
        return lsp.Diagnostic(
            range=lsp.Range(
                lsp.Position(line, features.utf16_col(content, col)),
                lsp.Position(line, features.utf16_col(content, end)),
            ),
            message=diagnostic.message + (f"\nfix: {fix}" if fix else ""),
            severity=lsp.DiagnosticSeverity.Warning
            if diagnostic.severity == "warning"
            else lsp.DiagnosticSeverity.Error,
            code=diagnostic.code,
            source="steppe",
            data={"fix": fix} if fix else None,
        )


SERVER = StoryServer()


def _where(
    ls: StoryServer, document: lsp.TextDocumentIdentifier, position: lsp.Position
) -> tuple[StoryIndex, Path, list[str], int] | None:
    path = _path(document.uri)
    if path is None:
        return None
    index = ls.index_for(path)
    if index is None:
        return None
    lines = ls.workspace.get_text_document(document.uri).lines
    text = lines[position.line].rstrip("\r\n") if position.line < len(lines) else ""
    return index, path, [line.rstrip("\r\n") for line in lines], features.from_utf16(text, position.character)


@SERVER.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: StoryServer, params: lsp.DidOpenTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path is not None:
        ls.schedule(path, 0)


@SERVER.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StoryServer, params: lsp.DidChangeTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path is not None:
        ls.schedule(path, ls.debounce)


@SERVER.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: StoryServer, params: lsp.DidSaveTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path is not None:
        ls.schedule(path, 0)


@SERVER.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: StoryServer, params: lsp.DidCloseTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path is not None:
        ls.schedule(path, 0)  # the disk's text now stands for it


@SERVER.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_files(ls: StoryServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        path = _path(change.uri)
        if path is not None:
            ls.schedule(path, ls.debounce)


@SERVER.feature(
    lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", " ", '"', "'", "(", "{", ","])
)
def completion(ls: StoryServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    where = _where(ls, params.text_document, params.position)
    if where is None:
        return None
    index, path, lines, col = where
    return lsp.CompletionList(False, features.completion(index, path, lines, params.position.line, col))


@SERVER.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: StoryServer, params: lsp.HoverParams) -> lsp.Hover | None:
    where = _where(ls, params.text_document, params.position)
    if where is None:
        return None
    index, path, _, col = where
    return features.hover(index, path, params.position.line, col)


@SERVER.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: StoryServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    where = _where(ls, params.text_document, params.position)
    if where is None:
        return None
    index, path, _, col = where
    return features.definitions(index, path, params.position.line, col) or None


@SERVER.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: StoryServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    where = _where(ls, params.text_document, params.position)
    if where is None:
        return None
    index, path, _, col = where
    return features.references(index, path, params.position.line, col, params.context.include_declaration) or None


@SERVER.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: StoryServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
    where = _where(ls, params.text_document, params.position)
    if where is None:
        return None
    index, path, _, col = where
    return features.prepare_rename(index, path, params.position.line, col)


@SERVER.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: StoryServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    where = _where(ls, params.text_document, params.position)
    if where is None:
        return None
    index, path, _, col = where
    try:
        return features.rename(index, path, params.position.line, col, params.new_name)
    except features.RenameRefused as err:
        raise JsonRpcException(str(err), code=REQUEST_FAILED) from None


@SERVER.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: StoryServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
    path = _path(params.text_document.uri)
    index = ls.index_for(path) if path is not None else None
    if index is None or path is None:
        return None
    return features.symbols(index, path)


def serve(argv: Any = None) -> int:
    """Run the server on stdin/stdout until the editor shuts it down."""
    del argv
    SERVER.start_io()
    return 0
