"""Turn HTML into ficlens text: one paragraph per block element, markup kept as offset hints.

Every HTML reader (AO3 downloads, saved AO3 pages, EPUB chapters, generic pages) renders through
`TextBuilder`, so paragraphs, line breaks and italics come out the same whatever the source.
Scripts, styles and other non-text elements are dropped here, which is why nothing executable in
an input can reach an output: only text nodes are ever copied.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.model import Markup

BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header li main nav ol p pre section table tbody thead tfoot tr td "
    "th ul body html".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template head title iframe object embed svg math canvas video audio "
    "select button input textarea map area meta link base -comment".split()
)
#: Inline tags whose extent is worth keeping as a hint for later stages (thoughts, emphasis).
INLINE_HINTS = {"em": "emphasis", "i": "emphasis", "strong": "strong", "b": "strong", "u": "underline"}
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
SCENE_BREAK_TEXT = "* * *"
_SPACE = re.compile(r"[ \t\r\n\f\v\u200b\xa0]+")


class TextBuilder:
    """Accumulates paragraphs into one text, recording where each hinted element landed."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._line: list[str] = []
        self._hints: list[tuple[str, int, int]] = []
        self.markup: list[Markup] = []

    @property
    def position(self) -> int:
        """Offset where the next paragraph will start."""
        self._flush()
        return self._length + (2 if self._length else 0)

    def paragraph(self, text: str, kind: str | None = None, label: str | None = None) -> tuple[int, int]:
        """Append one paragraph of plain text; returns its span."""
        self._flush()
        text = text.strip()
        if not text:
            return (self._length, self._length)
        start = self._append_paragraph(text)
        if kind:
            self.markup.append(Markup(kind, start, start + len(text), label))
        return (start, start + len(text))

    def node(self, node: LexborNode | None, kind: str | None = None, label: str | None = None) -> tuple[int, int]:
        """Render an element's content as paragraphs; returns the span they cover."""
        if node is None:
            return (self._length, self._length)
        self._flush()
        first = len(self.markup)
        start_len = self._length
        self._walk(node)
        self._flush()
        if self._length == start_len:
            return (start_len, start_len)
        start = start_len + (2 if start_len else 0)
        if kind:
            self.markup.insert(first, Markup(kind, start, self._length, label))
        return (start, self._length)

    def scene_break(self) -> None:
        start = self._append_paragraph(SCENE_BREAK_TEXT)
        self.markup.append(Markup("hr", start, start + len(SCENE_BREAK_TEXT)))

    def build(self) -> tuple[str, list[Markup]]:
        self._flush()
        return "".join(self._parts), sorted(self.markup, key=lambda m: (m.start, -m.end))

    # -- internals ------------------------------------------------------------------------
    def _append_paragraph(self, text: str) -> int:
        self._flush()
        if self._length:
            self._parts.append("\n\n")
            self._length += 2
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    def _flush(self) -> None:
        if not self._line:
            return
        raw = "".join(self._line)
        self._line = []
        text, where = _collapse(raw)
        hints, self._hints = self._hints, []
        if not text:
            return
        start = self._append_paragraph(text)
        for kind, lo, hi in hints:
            span = _map_span(where, lo, hi)
            if span:
                self.markup.append(Markup(kind, start + span[0], start + span[1]))

    def _walk(self, root: LexborNode) -> None:
        # Iterative, so a hostile document nested 100,000 deep cannot exhaust the stack.
        stack: list[tuple[LexborNode, bool]] = [(root, False)]
        open_hints: list[tuple[str, int]] = []
        while stack:
            node, closing = stack.pop()
            tag = node.tag or ""
            if closing:
                if (tag in INLINE_HINTS or tag in HEADINGS) and open_hints:
                    kind, raw_start = open_hints.pop()
                    self._close_inline(kind, raw_start)
                if tag in BLOCK_TAGS:
                    self._flush()
                continue
            if tag == "-text":
                self._line.append(node.text_content or "")
                continue
            if tag in SKIP_TAGS or tag.startswith("-"):
                continue
            if tag == "br":
                self._line.append("\n")
                continue
            if tag == "hr":
                self._flush()
                self.scene_break()
                continue
            if tag in BLOCK_TAGS:
                self._flush()
            if tag in INLINE_HINTS:
                open_hints.append((INLINE_HINTS[tag], sum(len(p) for p in self._line)))
            elif tag in HEADINGS:
                open_hints.append(("heading", 0))
            stack.append((node, True))
            children = list(node.iter(include_text=True))
            stack.extend((child, False) for child in reversed(children))

    def _close_inline(self, kind: str, raw_start: int) -> None:
        self._hints.append((kind, raw_start, sum(len(p) for p in self._line)))


def _collapse(raw: str) -> tuple[str, list[int]]:
    """Collapse HTML whitespace; `where[i]` is the output offset of raw character i (or -1)."""
    out: list[str] = []
    where = [-1] * len(raw)
    space = newline = False
    for i, ch in enumerate(raw):
        if ch == "\n":
            newline = bool(out)
        elif ch in " \t\r\f\v\u200b\xa0":
            space = bool(out)
        else:
            if newline:
                out.append("\n")
            elif space:
                out.append(" ")
            space = newline = False
            where[i] = len(out)
            out.append(ch)
    return "".join(out), where


def _map_span(where: list[int], lo: int, hi: int) -> tuple[int, int] | None:
    inside = [where[i] for i in range(lo, min(hi, len(where))) if where[i] >= 0]
    if not inside:
        return None
    return inside[0], inside[-1] + 1


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def clean_text(node: LexborNode | None) -> str:
    """An element's visible text on one line, whitespace collapsed."""
    if node is None:
        return ""
    return _SPACE.sub(" ", node.text(separator=" ", deep=True)).strip()
