"""Scene Markdown as plain wrapped paragraphs: no styling, no box drawing, nothing a screen reader trips on.

The story's text is CommonMark (see WRITING.md). Emphasis and links keep their words and lose their
markers; lists keep a "-" or "1." marker and a hanging indent; quotes get "> "; a rule is "* * *".
Substituted values were Markdown-escaped by the templates, so the parser gives them back as typed. Raw
HTML is not interpreted (it is shown as the text it is), as in the Textual game.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from game.plain.clean import clean

RULE = "* * *"
MIN_ROOM = 20  # below this many columns for the text itself, indents are dropped


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("strikethrough")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    first: str = ""  # what goes before its first line ("- ", "> ")
    rest: str = ""  # before the lines after
    gap: bool = True  # a blank line before it (not between items of a tight list)
    keep_lines: bool = False  # code: printed line by line, not re-wrapped


def _inline(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "html_inline", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
    return "".join(parts)


def paragraphs(markdown: str) -> list[Paragraph]:
    found: list[Paragraph] = []
    prefixes: list[list[str]] = []  # per open item or quote: [first-line prefix, later prefix]
    numbers: list[int | None] = []  # per open list: the next number (None for bullets)
    hidden = False  # a tight list's paragraph: no blank line before it
    list_opened = False  # but a list's first item is set apart from what comes before the list

    def add(text: str, *, keep_lines: bool = False) -> None:
        nonlocal list_opened
        first = "".join(p[0] for p in prefixes)
        rest = "".join(p[1] for p in prefixes)
        for p in prefixes:
            p[0] = p[1]  # the marker goes on the item's first line only
        gap = bool(found) and (list_opened or not hidden)
        found.append(Paragraph(text, first, rest, gap=gap, keep_lines=keep_lines))
        list_opened = False

    for token in _parser().parse(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_opened = not numbers  # a list nested in an item follows its text directly
            start = token.attrs.get("start", 1) if kind == "ordered_list_open" else None
            numbers.append(None if start is None else int(start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind == "list_item_open":
            number = numbers[-1] if numbers else None
            marker = "- " if number is None else f"{number}. "
            if number is not None:
                numbers[-1] = number + 1
            prefixes.append([marker, " " * len(marker)])
        elif kind == "blockquote_open":
            prefixes.append(["> ", "> "])
        elif kind in ("list_item_close", "blockquote_close"):
            prefixes.pop()
        elif kind == "paragraph_open":
            hidden = token.hidden
        elif kind == "paragraph_close":
            hidden = False
        elif kind == "inline":
            add(_inline(token))
        elif kind in ("fence", "code_block", "html_block"):
            add(token.content.rstrip("\n"), keep_lines=True)
        elif kind == "hr":
            add(RULE)
    return found


def to_lines(markdown: str, width: int = 80) -> list[str]:
    """The text as lines of at most ``width`` characters (a long word may overrun), blank lines between
    paragraphs, every line free of control characters."""
    lines: list[str] = []
    for para in paragraphs(markdown):
        if para.gap and lines:
            lines.append("")
        first, rest = para.first, para.rest
        if width - len(rest) < MIN_ROOM:
            first, rest = first.strip() + " " if first.strip() else "", ""
        pieces = para.text.split("\n")
        for index, piece in enumerate(pieces):
            lead = first if index == 0 else rest
            text = clean(piece)
            if para.keep_lines:
                lines.append(f"{lead}{text}".rstrip())
                continue
            wrapped = textwrap.wrap(
                text, width=max(MIN_ROOM, width), initial_indent=lead, subsequent_indent=rest, break_on_hyphens=False
            )
            lines.extend(wrapped or [lead.rstrip()])
    return lines


def wrap(text: str, width: int = 80, indent: str = "") -> list[str]:
    """Plain text (not Markdown: a typed ``*name*`` keeps its stars) wrapped to ``width``, controls removed."""
    lines: list[str] = []
    for piece in str(text).split("\n"):
        lines.extend(
            textwrap.wrap(clean(piece), width=max(MIN_ROOM, width), subsequent_indent=indent, break_on_hyphens=False)
            or [""]
        )
    return lines
