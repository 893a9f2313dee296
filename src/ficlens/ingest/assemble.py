"""What every HTML-based reader shares: chapter bookkeeping, AO3 tag labels, stats parsing.

The readers differ only in *where* they find a summary, a notes box or a chapter body; once
found, every one of them hands the element to `StoryBuilder`, so the text order and the Markup
contract (summary / author_note / chapter / chapter_heading) are produced in exactly one place.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.errors import InputError
from ficlens.ingest.html_text import TextBuilder
from ficlens.model import Markup, Source, Work, WorkInfo

TAG_KEYS = ("rating", "warnings", "category", "fandoms", "relationships", "characters", "freeform")
#: AO3's tag labels (singular and plural forms both occur) to WorkInfo.declared_tags keys.
TAG_LABELS = {
    "rating": "rating", "ratings": "rating",
    "archive warning": "warnings", "archive warnings": "warnings", "warning": "warnings", "warnings": "warnings",
    "category": "category", "categories": "category",
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships",
    "character": "characters", "characters": "characters",
    "additional tags": "freeform", "additional tag": "freeform", "freeform": "freeform",
}  # fmt: skip
#: Elements whose content is never text: removed before any metadata is read.
UNSAFE_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math"]
_SPACE = re.compile(r"[\s\u200b\xa0]+")
_STAT = re.compile(r"([A-Za-z][A-Za-z ]{0,30}?):\s*([^\s:]+)")
_CHAPTERS = re.compile(r"^\s*(\d[\d,]*)\s*/\s*(\d[\d,]*|\?)\s*$")


def parse(html: str) -> LexborHTMLParser:
    """Parse and drop every element whose content could be code, so no script reaches metadata."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(UNSAFE_TAGS)
    return tree


def inline_text(node: LexborNode | None) -> str:
    """An inline element's text with whitespace collapsed (no spaces invented between children)."""
    if node is None:
        return ""
    return _SPACE.sub(" ", node.text(deep=True, separator="")).strip()


def classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def parse_stats(text: str) -> dict[str, str]:
    """'Published: 2020-03-04 Words: 4,559 Chapters: 1/1' -> {'published': ..., 'words': ..., ...}."""
    return {k.strip().lower(): v for k, v in _STAT.findall(_SPACE.sub(" ", text))}


def complete_from(chapters: str | None) -> bool | None:
    """AO3 'Chapters: 3/3' is complete, '3/?' or '2/5' is not; anything else is unknown."""
    m = _CHAPTERS.match(chapters or "")
    if not m:
        return None
    return m.group(2) != "?" and m.group(1).replace(",", "") == m.group(2).replace(",", "")


def empty_tags() -> dict[str, list[str]]:
    return {key: [] for key in TAG_KEYS}


class StoryBuilder:
    """A TextBuilder that also knows which chapter is open, so chapter spans are exact."""

    def __init__(self) -> None:
        self.tb = TextBuilder()
        self.chapters = 0
        self.summary_span: tuple[int, int] | None = None
        self.in_chapter = False
        self.has_body = False
        self._label: str | None = None
        self._start: int | None = None
        self._end = 0

    def _note(self, span: tuple[int, int]) -> tuple[int, int]:
        if span[1] > span[0] and self.in_chapter:
            if self._start is None:
                self._start = span[0]
            self._end = span[1]
        return span

    def begin_chapter(self, heading: str | None = None) -> None:
        """Close the open chapter and start one; `heading` is shown as its heading paragraph."""
        self.close_chapter()
        self.in_chapter, self.has_body, self._label, self._start = True, False, heading or None, None
        if heading:
            self._note(self.tb.paragraph(heading, "chapter_heading", label=heading))

    def close_chapter(self) -> None:
        if self.in_chapter and self._start is not None:
            self.tb.markup.append(Markup("chapter", self._start, self._end, self._label))
            self.chapters += 1
        self.in_chapter = False

    def summary(self, node: LexborNode | None, work_level: bool = False) -> None:
        span = self._note(self.tb.node(node, "summary"))
        if work_level and self.summary_span is None and span[1] > span[0]:
            self.summary_span = span

    def summary_nodes(self, nodes: list[LexborNode]) -> None:
        """A work summary given as loose siblings (FanFicFare's '<b>Summary:</b> ...<br>')."""
        start = None
        end = 0
        for n in nodes:
            s, e = self.tb.node(n)
            if e > s:
                start = s if start is None else start
                end = e
        if start is not None:
            self.tb.markup.append(Markup("summary", start, end))
            self.summary_span = self.summary_span or (start, end)

    def notes(self, node: LexborNode | None, label: str) -> None:
        self._note(self.tb.node(node, "author_note", label))

    def body(self, node: LexborNode | None) -> None:
        """A chapter's text; a second body without a heading between starts a new chapter."""
        if self.has_body:
            self.begin_chapter(None)
        self.extend(node)

    def extend(self, node: LexborNode | None) -> None:
        """More text for the open chapter (FanFicFare's chapters are loose sibling elements)."""
        if not self.in_chapter:
            self.begin_chapter(None)
        self._note(self.tb.node(node))
        self.has_body = True

    def opening_heading(self, first_markup: int, label: str | None) -> None:
        """Mark the heading that opens the current chapter (EPUB chapters carry their own h1/h2).

        `first_markup` is how many markup hints existed before the chapter body was rendered.
        """
        heads = [m for m in self.tb.markup[first_markup:] if m.kind == "heading"]
        if label and heads and self.in_chapter and heads[0].start == self._start:
            self._label = label
            self.tb.markup.append(Markup("chapter_heading", heads[0].start, heads[0].end, label))

    def finish(self, info: WorkInfo, name: str) -> Work:
        self.close_chapter()
        text, markup = self.tb.build()
        if not text.strip():
            raise InputError(f"{name}: no story text found")
        if info.summary is None and self.summary_span:
            info.summary = text[self.summary_span[0] : self.summary_span[1]]
        return Work(text=text, info=info, markup=markup)


def new_info(source: Source, fmt: str) -> WorkInfo:
    source.format = fmt
    return WorkInfo(source=source)


def set_tags(info: WorkInfo, key: str, values: list[str]) -> None:
    """Record one tag field, creating every declared_tags key on first use (the contract)."""
    if not info.declared_tags:
        info.declared_tags = empty_tags()
    for value in values:
        if value and value not in info.declared_tags[key]:
            info.declared_tags[key].append(value)
