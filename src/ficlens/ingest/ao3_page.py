"""AO3 work pages as a browser saves them (``/works/123`` or ``?view_full_work=true``).

The page carries far more than the story (navigation, kudos, comments, a site-wide script
bundle), so this reader takes only the elements AO3 uses for the work itself: the ``dl.work.meta``
tag block, the ``#workskin`` preface, ``#chapters`` and the afterword. A page may show a single
chapter of a longer work; the chapters read are the chapters the page shows, while the declared
stats keep the work's own count.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.ingest.assemble import StoryBuilder, classes, complete_from, inline_text, new_info, set_tags
from ficlens.model import Source, Work, WorkInfo

#: dd class on the work page -> declared_tags key
TAG_CLASSES = {
    "rating": "rating", "warning": "warnings", "category": "category", "fandom": "fandoms",
    "relationship": "relationships", "character": "characters", "freeform": "freeform",
}  # fmt: skip


def detect(tree: LexborHTMLParser) -> bool:
    return tree.css_first("dl.work.meta") is not None or (
        tree.css_first("#workskin") is not None and tree.css_first("h2.title.heading") is not None
    )


def parse(tree: LexborHTMLParser, source: Source) -> Work | None:
    info = new_info(source, "ao3-page")
    for landmark in tree.css(".landmark"):  # "Chapter Text", "Work Text:" are screen-reader labels
        landmark.decompose()
    read_meta(tree, info)
    sb = StoryBuilder()
    preface = _work_preface(tree)
    if preface is not None:
        sb.summary(_box(preface, "summary"), work_level=True)
        sb.notes(_box(preface, "notes"), "work-notes")
    container = tree.css_first("#chapters")
    if container is None:
        return None
    chapters = [c for c in container.css("div.chapter") if _is_chapter(c)]
    if chapters:
        for chapter in chapters:
            _chapter(sb, chapter)
    else:
        sb.body(container.css_first("div.userstuff") or container)
    afterword = tree.css_first("div.afterword") or tree.css_first("#work_endnotes")
    if afterword is not None:
        sb.close_chapter()
        end = tree.css_first("#work_endnotes") or afterword.css_first("div.end.notes")
        if end is not None:
            sb.notes(end.css_first("blockquote"), "end-notes")
    if not sb.has_body and sb.chapters == 0:
        return None
    return sb.finish(info, source.path or "input")


def _is_chapter(node: LexborNode) -> bool:
    cls = classes(node)
    return "preface" not in cls and "chapter" in cls


def _chapter(sb: StoryBuilder, chapter: LexborNode) -> None:
    """Heading, chapter summary, chapter notes, body, chapter end notes: in that order."""
    sb.begin_chapter(inline_text(chapter.css_first("h3.title")) or None)
    sb.summary(_box(chapter, "summary"))
    sb.notes(_box(chapter, "notes"), "chapter-notes")
    body = chapter.css_first("div.userstuff")
    if body is not None:
        sb.body(body)
    sb.notes(_box(chapter, "end"), "chapter-end-notes")


def _box(scope: LexborNode, which: str) -> LexborNode | None:
    """The blockquote of a summary, notes (not end notes) or end notes module inside `scope`."""
    for module in scope.css("div.summary" if which == "summary" else "div.notes"):
        cls = classes(module)
        if which == "notes" and "end" in cls:
            continue
        if which == "end" and "end" not in cls:
            continue
        quote = module.css_first("blockquote")
        if quote is not None:
            return quote
    return None


def _work_preface(tree: LexborHTMLParser) -> LexborNode | None:
    for group in tree.css("div.preface.group"):
        if not classes(group) & {"chapter", "afterword"}:
            return group
    return None


def read_meta(tree: LexborHTMLParser, info: WorkInfo) -> None:
    info.title = inline_text(tree.css_first("h2.title")) or inline_text(tree.css_first("title")) or None
    byline = tree.css_first("h3.byline")
    if byline is not None:
        names = [inline_text(a) for a in byline.css('a[rel="author"]')] or [inline_text(byline)]
        info.authors = [n for n in names if n]
    meta = tree.css_first("dl.work.meta")
    if meta is None:
        return
    for dd in meta.css("dd"):
        cls = classes(dd)
        if "tags" in cls:
            for name, key in TAG_CLASSES.items():
                if name in cls:
                    links = dd.css("a.tag") or dd.css("a")
                    set_tags(info, key, [inline_text(a) for a in links])
        elif "language" in cls:
            info.language = inline_text(dd) or None
        elif "series" in cls:
            info.series = [inline_text(p) for p in dd.css("span.position")] or [inline_text(dd)]
    stats = meta.css_first("dl.stats")
    if stats is not None:
        label = None
        for child in stats.iter(include_text=False):
            if child.tag == "dt":
                label = inline_text(child).rstrip(":").strip().lower()
            elif child.tag == "dd" and label:
                info.declared_stats[label] = inline_text(child)
                label = None
        info.complete = complete_from(info.declared_stats.get("chapters"))
