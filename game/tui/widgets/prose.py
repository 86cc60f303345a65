"""Scene text: Markdown drawn as one widget, wrapped to whatever width it has.

Textual's ``Markdown`` widget mounts a widget per paragraph and re-parses on every update: a scene change
cost more than everything else on the screen together. Scene prose only needs paragraphs, emphasis, lists,
quotes, headings, rules and code, so it is parsed here with markdown-it (the parser Textual's own widget
uses, and a dependency of Rich) into styled blocks, and drawn as lines of :class:`Content`.

Text is never treated as Textual markup: every run of text goes in as plain content and is styled by spans,
so ``[b]`` in a scene, or in a name a player typed, is shown exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from game.tui.widgets.strip_cache import StripCache

BULLETS = ("•", "◦", "▪")
QUOTE_BAR = "▌ "
INLINE_STYLES = {"em": "italic", "strong": "bold", "s": "strike", "link": "underline"}
HEADING_STYLES = {"h1": "bold underline $accent", "h2": "bold $accent"}
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


def _inline(token: Token) -> Content:
    """An inline token's children as styled Content: plain text with spans, never markup."""
    pieces: list[tuple[str, str]] = []
    open_styles: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "html_inline"):
            pieces.append((child.content, " ".join(open_styles)))
        elif kind == "code_inline":
            pieces.append((child.content, " ".join([*open_styles, "$text-accent"])))
        elif kind == "softbreak":
            pieces.append((" ", ""))
        elif kind == "hardbreak":
            pieces.append(("\n", ""))
        elif kind == "image":
            pieces.append((child.content or "", " ".join(open_styles)))
        elif kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            open_styles.append(INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES and open_styles:
            open_styles.pop()
    return Content.assemble(*((text, style) if style else text for text, style in pieces))


@dataclass(slots=True)
class _Frame:
    """An open list item or quote: the prefix its lines get, and whether its first line is still to come."""

    first: str
    rest: str
    pending: bool = True


def parse_blocks(markdown: str) -> list[Block]:
    """Markdown → blocks. Nested lists and quotes combine their prefixes."""
    blocks: list[Block] = []
    frames: list[_Frame] = []
    lists: list[list[int | None]] = []  # per open list: [next number] (None for bullets)
    style = ""
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
            style = HEADING_STYLES.get(token.tag, "bold")
        elif kind == "heading_close":
            style = ""
        elif kind == "inline":
            body = _inline(token)
            add(body.stylize(style) if style else body)
        elif kind in ("fence", "code_block"):
            add(Content.styled(token.content.rstrip("\n"), "$text-accent"))
        elif kind == "html_block":
            add(Content(token.content.rstrip("\n")))
        elif kind == "hr":
            add(Content(""), rule=True)
    return blocks


def layout(blocks: list[Block], width: int) -> list[Content]:
    """The blocks as lines of at most ``width`` cells, each wrapped under its own text (a hanging indent)."""
    lines: list[Content] = []
    for block in blocks:
        if block.gap and lines:
            lines.append(Content(""))
        indent = len(block.first)
        room = width - indent
        if room < MIN_WIDTH:  # too narrow for an indent: the marker goes inline and the text wraps under it
            lines.extend(
                Content.assemble(Content.styled(block.first, "dim"), block.body).wrap(max(1, width)) or [Content("")]
            )
            continue
        wrapped = [Content.styled("─" * room, "dim")] if block.rule else block.body.wrap(room) or [Content("")]
        for index, line in enumerate(wrapped):
            lead = block.first if index == 0 else block.rest
            lines.append(Content.assemble(Content.styled(lead, "dim"), line) if lead else line)
    return lines


class Prose(Widget):
    """Markdown text drawn in one piece; its height is whatever the text needs at the current width."""

    # Lines are wrapped here (for the hanging indents), so Textual's own wrapping is skipped.
    DEFAULT_CSS = """
    Prose {
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks = parse_blocks(markdown)
        self._lines: tuple[int, list[Content]] = (-1, [])
        self._strips = StripCache()

    def update(self, markdown: str) -> None:
        self._blocks = parse_blocks(markdown)
        self._lines = (-1, [])
        self._strips.clear()
        self.refresh(layout=True)

    def render_line(self, y: int) -> Strip:
        return self._strips.line(self, y)

    def lines(self, width: int) -> list[Content]:
        if self._lines[0] != width:
            self._lines = (width, layout(self._blocks, width))
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width or 80))
