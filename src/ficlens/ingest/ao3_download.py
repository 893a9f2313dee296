"""AO3 "Download as HTML" files, and the same markup inside AO3's EPUBs.

AO3 labels its boxes with a bare paragraph ("Summary", "Chapter Notes", "End Notes") followed by
a blockquote, and its chapters with an ``h2.heading``. Calibre (which builds AO3's EPUBs) renames
most classes and splits the file, so this reader walks the document in order and keys on those
labels, on ``h2.heading`` and on ``userstuff*`` bodies, which survive both forms, rather than on
the exact ``div.meta.group`` nesting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.ingest.assemble import (
    TAG_LABELS,
    StoryBuilder,
    classes,
    complete_from,
    inline_text,
    new_info,
    parse_stats,
    set_tags,
)
from ficlens.model import Source, Work, WorkInfo

#: label paragraph -> (markup kind, author_note label, scope)
BOX_LABELS = {
    "summary": ("summary", None, "work"),
    "notes": ("author_note", "work-notes", "work"),
    "chapter summary": ("summary", None, "chapter"),
    "chapter notes": ("author_note", "chapter-notes", "chapter"),
    "chapter end notes": ("author_note", "chapter-end-notes", "chapter"),
    "end notes": ("author_note", "end-notes", "end"),
}
_SKIP_TAGS = frozenset({"head", "dl", "h1", "ul", "ol", "table", "form", "nav"})
_SKIP_CLASSES = frozenset({"message", "endnote-link", "toc-heading", "byline", "landmark"})
_SERIES = re.compile(r"(Part \d+ of .+?)(?=,?\s*Part \d+ of |$)")


def detect(tree: LexborHTMLParser) -> bool:
    return tree.css_first("#preface") is not None and (
        tree.css_first("dl.tags") is not None or tree.css_first("#chapters") is not None
    )


def parse(tree: LexborHTMLParser, source: Source, fmt: str = "ao3-html") -> Work | None:
    """Read an AO3 download (or concatenated AO3 EPUB documents); None when nothing was found."""
    if tree.body is None:
        return None
    info = new_info(source, fmt)
    read_meta(tree, info)
    sb = StoryBuilder()
    pending: tuple[str, str | None, str] | None = None
    for kind, node in _events(tree.body):
        if kind == "heading":
            sb.begin_chapter(inline_text(node))
            pending = None
        elif kind == "label":
            pending = BOX_LABELS[inline_text(node).rstrip(":").strip().lower()]
        elif kind == "box" and pending:
            mkind, label, scope = pending
            pending = None
            if scope == "end":
                sb.close_chapter()
            elif scope == "chapter" and not sb.in_chapter:
                sb.begin_chapter(None)
            if mkind == "summary":
                sb.summary(node, work_level=scope == "work")
            else:
                sb.notes(node, label or "work-notes")
        elif kind == "body":
            sb.body(node)
            pending = None
    if sb.chapters == 0 and not sb.has_body:
        chapters = tree.css_first("#chapters")
        if chapters is not None:  # an old download whose text sits directly in #chapters
            for toc in chapters.css(".toc-heading"):
                toc.decompose()
            sb.body(chapters)
    if not sb.has_body:
        return None
    return sb.finish(info, source.path or "input")


def _events(root: LexborNode) -> Iterator[tuple[str, LexborNode]]:
    """Headings, box labels, boxes and bodies in document order (iterative: no recursion)."""
    stack = [root]
    while stack:
        node = stack.pop()
        tag = node.tag or ""
        if tag.startswith(("-", "_")) or tag in _SKIP_TAGS:
            continue
        cls = classes(node)
        if cls & _SKIP_CLASSES:
            continue
        if tag in ("h2", "h3") and "heading" in cls:
            yield "heading", node
        elif tag == "p":
            if inline_text(node).rstrip(":").strip().lower() in BOX_LABELS:
                yield "label", node
        elif tag == "blockquote":
            yield "box", node
        elif tag == "div" and node.id != "chapters" and any(c.startswith("userstuff") for c in cls):
            yield "body", node
        else:
            stack.extend(reversed(list(node.iter(include_text=False))))


def read_meta(tree: LexborHTMLParser, info: WorkInfo) -> None:
    """Title, byline and the dl.tags dt/dd pairs of the preface."""
    h1 = tree.css_first("#preface h1") or tree.css_first("h1")
    info.title = inline_text(h1) or inline_text(tree.css_first("title")) or None
    byline = tree.css_first(".byline")
    if byline is not None:
        names = [inline_text(a) for a in byline.css('a[rel="author"]')]
        if not names:
            names = [re.sub(r"^by\s+", "", inline_text(byline))]
        info.authors = [n for n in names if n]
    dl = tree.css_first("dl.tags")
    if dl is None:
        return
    label = None
    for child in dl.iter(include_text=False):
        if child.tag == "dt":
            label = inline_text(child).rstrip(":").strip().lower()
        elif child.tag == "dd" and label:
            _meta_value(info, label, child)
            label = None


def _meta_value(info: WorkInfo, label: str, dd: LexborNode) -> None:
    text = inline_text(dd)
    if label in TAG_LABELS:
        links = [inline_text(a) for a in dd.css("a")]
        set_tags(info, TAG_LABELS[label], links or [t.strip() for t in text.split(",")])
    elif label == "language":
        info.language = text or None
    elif label == "series":
        info.series = [m.strip() for m in _SERIES.findall(text)] or ([text] if text else [])
    elif label == "stats":
        info.declared_stats = parse_stats(dd.text(deep=True, separator=" "))
        info.complete = complete_from(info.declared_stats.get("chapters"))
