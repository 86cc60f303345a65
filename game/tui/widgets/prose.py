"""Scene text: Markdown drawn as one widget, wrapped to whatever width it has.

Textual's ``Markdown`` widget mounts a widget per paragraph and re-parses on every update: a scene change
cost more than everything else on the screen together. Scene prose only needs paragraphs, emphasis, lists,
quotes, headings, rules and code, so it is parsed here with markdown-it (the parser Textual's own widget
uses, and a dependency of Rich) into styled blocks, and drawn as lines of :class:`Content`.

Text is never treated as Textual markup: every run of text goes in as plain content and is styled by spans,
so ``[b]`` in a scene, or in a name a player typed, is shown exactly as written. How each part looks
(emphasis, headings, code, list markers, rules) is the widget's component classes, set in its DEFAULT_CSS
and restyled by any stylesheet or theme; parsed without a widget (tests, measuring) the parts use the same
look written as styles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from game.tui.text import wrap
from game.tui.widgets.restyling import RestylesOnTheme
from game.tui.widgets.sized_ahead import SizedAhead
from game.tui.widgets.strip_cache import StripCache

BULLETS = ("•", "◦", "▪")
QUOTE_BAR = "▌ "
INLINE = ("em", "strong", "s", "link")  # Markdown's inline styles, each a part with a look of its own
# The parts with a look of their own (the Prose widget's component classes, "prose--h1"), and how they
# look when no stylesheet says (the widget's DEFAULT_CSS says the same).
PARTS = ("em", "strong", "s", "link", "h1", "h2", "heading", "code", "marker", "rule")
Look = Mapping[str, Style | str]
PLAIN: Look = {
    "em": "italic",
    "strong": "bold",
    "s": "strike",
    "link": "underline",
    "h1": "bold underline $accent",
    "h2": "bold $accent",
    "heading": "bold",
    "code": "$text-accent",
    "marker": "dim",
    "rule": "dim",
}
MIN_WIDTH = 10  # below this the prefixes are dropped rather than squeezing the text to nothing


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like piece: its text, and what is drawn to its left on the first and later lines."""

    body: Content
    first: str = ""  # "• " on a list item's first line, "▌ " in a quote
    rest: str = ""  # the same width in spaces (or the quote bar) on the lines after
    gap: bool = True  # a blank line before it (not between the items of a tight list)
    rule: bool = False  # a horizontal rule: a dim line across the width


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark (as `steppe check` expects) plus ~~strike~~; raw HTML is shown as text, never interpreted.
    return MarkdownIt("commonmark", {"html": False}).enable("strikethrough")


def _styled(text: str, styles: list[Style | str]) -> Content:
    piece = Content(text)
    for style in styles:
        piece = piece.stylize(style)
    return piece


def _inline(token: Token, look: Look) -> Content:
    """An inline token's children as styled Content: plain text with spans, never markup."""
    pieces: list[Content] = []
    open_styles: list[Style | str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "html_inline"):
            pieces.append(_styled(child.content, open_styles))
        elif kind == "code_inline":
            pieces.append(_styled(child.content, [*open_styles, look["code"]]))
        elif kind == "softbreak":
            pieces.append(Content(" "))
        elif kind == "hardbreak":
            pieces.append(Content("\n"))
        elif kind == "image":
            pieces.append(_styled(child.content or "", open_styles))
        elif kind.endswith("_open") and kind[:-5] in INLINE:
            open_styles.append(look[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in INLINE and open_styles:
            open_styles.pop()
    return Content.assemble(*pieces)


@dataclass(slots=True)
class _Frame:
    """An open list item or quote: the prefix its lines get, and whether its first line is still to come."""

    first: str
    rest: str
    pending: bool = True


def parse_blocks(markdown: str, look: Look = PLAIN) -> list[Block]:
    """Markdown → blocks. Nested lists and quotes combine their prefixes."""
    blocks: list[Block] = []
    frames: list[_Frame] = []
    lists: list[list[int | None]] = []  # per open list: [next number] (None for bullets)
    style: Style | str = ""
    hidden = False  # a paragraph of a tight list: it follows the previous item without a blank line
    list_opened = False  # a list's first item is set apart from what comes before the list

    def prefixes() -> tuple[str, str]:
        first = "".join(frame.first if frame.pending else frame.rest for frame in frames)
        rest = "".join(frame.rest for frame in frames)
        for frame in frames:
            frame.pending = False
        return first, rest

    def add(body: Content, *, rule: bool = False) -> None:
        nonlocal list_opened
        first, rest = prefixes()
        gap = bool(blocks) and (list_opened or not hidden)
        blocks.append(Block(body, first, rest, gap=gap, rule=rule))
        list_opened = False

    for token in _parser().parse(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrs.get("start", 1) if kind == "ordered_list_open" else None
            list_opened = not lists  # a list nested in an item follows its text directly
            lists.append([int(start) if start is not None else None])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "paragraph_open":
            hidden = token.hidden
        elif kind == "paragraph_close":
            hidden = False
        elif kind == "list_item_open":
            number = lists[-1][0] if lists else None
            if number is None:
                marker = BULLETS[(len(lists) - 1) % len(BULLETS)] + " "
            else:
                marker = f"{number}. "
                lists[-1][0] = number + 1
            frames.append(_Frame(marker, " " * len(marker)))
        elif kind == "blockquote_open":
            frames.append(_Frame(QUOTE_BAR, QUOTE_BAR))
        elif kind in ("list_item_close", "blockquote_close"):
            if frames and frames[-1].pending:  # an empty item still shows its bullet
                add(Content(""))
            frames.pop()
        elif kind == "heading_open":
            style = look[token.tag] if token.tag in ("h1", "h2") else look["heading"]
        elif kind == "heading_close":
            style = ""
        elif kind == "inline":
            body = _inline(token, look)
            add(body.stylize(style) if style else body)
        elif kind in ("fence", "code_block"):
            add(Content.styled(token.content.rstrip("\n"), look["code"]))
        elif kind == "html_block":
            add(Content(token.content.rstrip("\n")))
        elif kind == "hr":
            add(Content(""), rule=True)
    return blocks


def layout(blocks: list[Block], width: int, look: Look = PLAIN) -> list[Content]:
    """The blocks as lines of at most ``width`` cells, each wrapped under its own text (a hanging indent)."""
    lines: list[Content] = []
    marker = look["marker"]
    for block in blocks:
        if block.gap and lines:
            lines.append(Content(""))
        indent = len(block.first)
        room = width - indent
        if room < MIN_WIDTH:  # too narrow for an indent: the marker goes inline and the text wraps under it
            lines.extend(
                wrap(Content.assemble(Content.styled(block.first, marker), block.body), max(1, width)) or [Content("")]
            )
            continue
        wrapped = [Content.styled("─" * room, look["rule"])] if block.rule else wrap(block.body, room) or [Content("")]
        for index, line in enumerate(wrapped):
            lead = block.first if index == 0 else block.rest
            lines.append(Content.assemble(Content.styled(lead, marker), line) if lead else line)
    return lines


class Prose(SizedAhead, RestylesOnTheme, Widget):
    """Markdown text drawn in one piece; its height is whatever the text needs at the current width."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"prose--{part}" for part in PARTS}
    # Lines are wrapped here (for the hanging indents), so Textual's own wrapping is skipped.
    DEFAULT_CSS = """
    Prose {
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    Prose > .prose--em { text-style: italic; }
    Prose > .prose--strong { text-style: bold; }
    Prose > .prose--s { text-style: strike; }
    Prose > .prose--link { text-style: underline; }
    Prose > .prose--h1 { text-style: bold underline; color: $accent; }
    Prose > .prose--h2 { text-style: bold; color: $accent; }
    Prose > .prose--heading { text-style: bold; }
    Prose > .prose--code { color: $text-accent; }
    Prose > .prose--marker { text-style: dim; }
    Prose > .prose--rule { text-style: dim; }
    """

    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._markdown = markdown
        self._look: Look | None = None  # the parts' looks the blocks were parsed with (None: not yet)
        self._blocks: list[Block] = []
        self._lines: tuple[int, list[Content]] = (-1, [])
        self._strips = StripCache()

    def update(self, markdown: str) -> None:
        self._markdown = markdown
        self._look = None
        self._lines = (-1, [])
        self._strips.clear()
        self.refresh(layout=True)

    def _parts_look(self) -> Look:
        if not self.is_mounted:
            return PLAIN
        return {part: self.get_visual_style(f"prose--{part}", partial=True) for part in PARTS}

    # A new theme (or stylesheet): the text is parsed with the parts' looks (see RestylesOnTheme).
    def drawn_looks(self) -> object | None:
        return self._look

    def current_looks(self) -> object:
        return self._parts_look()

    def redraw(self) -> None:
        self._look = None
        self._lines = (-1, [])
        self._strips.clear()
        self.refresh()

    def blocks(self) -> list[Block]:
        if self._look is None:
            self._look = self._parts_look()
            self._blocks = parse_blocks(self._markdown, self._look)
        return self._blocks

    def render_line(self, y: int) -> Strip:
        return self._strips.line(self, y)

    def lines(self, width: int) -> list[Content]:
        blocks = self.blocks()
        if self._lines[0] != width:
            self._lines = (width, layout(blocks, width, self._look or PLAIN))
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width or 80))
