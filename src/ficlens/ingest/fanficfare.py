"""FanFicFare output: a title page of "Label: value" lines, then one section per chapter.

FanFicFare writes its title page either as a table (``<td><b>Label:</b></td><td>value</td>``) or
as lines (``<b>Label:</b> value<br/>``); both are read by `labelled_values`. Only the summary from
the title page enters the text; every other line is metadata. A page is taken for FanFicFare's
only when several of its known labels appear *and* it has FanFicFare's chapter anchors or its
"Title by Author" heading, so an ordinary page with a bold "Note:" is not mistaken for one.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.ingest.assemble import StoryBuilder, classes, inline_text, new_info, set_tags
from ficlens.model import Source, Work, WorkInfo

TAG_LABELS = {
    "rating": "rating", "warnings": "warnings", "ao3 categories": "category", "fandoms": "fandoms",
    "fandom": "fandoms", "relationship": "relationships", "relationships": "relationships",
    "ships": "relationships", "pairing": "relationships", "characters": "characters",
    "genre": "freeform", "freeform tags": "freeform", "extra tags": "freeform", "additional tags": "freeform",
}  # fmt: skip
STAT_LABELS = {
    "status", "published", "updated", "packaged", "words", "chapters", "kudos", "hits", "comments",
    "bookmarks", "reviews", "favorites", "follows", "story id", "site", "words added",
}  # fmt: skip
KNOWN = set(TAG_LABELS) | STAT_LABELS | {"title", "author", "category", "language", "summary", "series"}
_LABEL = re.compile(r"([A-Za-z][A-Za-z0-9 ()]{0,30}):")
_MAX_SIBLINGS = 5000


def labelled_values(root: LexborNode | None) -> list[tuple[str, list[LexborNode]]]:
    """Each bold 'Label:' with the nodes holding its value (the next cell, or up to the next <br>)."""
    found: list[tuple[str, list[LexborNode]]] = []
    if root is None:
        return found
    for bold in root.css("b, strong"):
        m = _LABEL.fullmatch(inline_text(bold))
        if not m:
            continue
        parent = bold.parent
        if parent is not None and parent.tag == "td" and inline_text(parent) == m.group(0):
            cell = parent.next
            while cell is not None and cell.tag != "td":
                cell = cell.next
            found.append((m.group(1).lower(), [cell] if cell is not None else []))
            continue
        # A summary may hold its own <br>s, so it runs to the next label; other values to the next <br>.
        stop_at_br = m.group(1).lower() != "summary"
        nodes, node = [], bold.next
        while node is not None and len(nodes) < _MAX_SIBLINGS and not (stop_at_br and node.tag == "br"):
            if node.tag in ("b", "strong") and _LABEL.fullmatch(inline_text(node)):
                break
            nodes.append(node)
            node = node.next
        found.append((m.group(1).lower(), nodes))
    return found


def is_title_page(values: list[tuple[str, list[LexborNode]]]) -> bool:
    return len({label for label, _ in values if label in KNOWN}) >= 3


def _is_anchor(node: LexborNode) -> bool:
    """FanFicFare opens each chapter with <a name="section0001"><h2>title</h2></a>."""
    return node.tag == "a" and (node.attributes.get("name") or "").startswith("section")


def detect_html(tree: LexborHTMLParser) -> bool:
    body = tree.body
    if body is None or not is_title_page(labelled_values(body)):
        return False
    if any(_is_anchor(n) for n in body.iter(include_text=False)):
        return True
    heading = tree.css_first("h1") or tree.css_first("h3")
    return heading is not None and " by " in inline_text(heading) and heading.css_first("a") is not None


def read_title_page(root: LexborNode, info: WorkInfo, sb: StoryBuilder) -> None:
    """Metadata from the title page into `info`; the summary is rendered into the text."""
    heading = root.css_first("h1") or root.css_first("h3")
    links = heading.css("a") if heading is not None else []
    if links:
        info.title = inline_text(links[0]) or None
        info.authors = [inline_text(a) for a in links[1:] if inline_text(a)]
    fandom_seen = False
    for label, nodes in labelled_values(root):
        value = " ".join(inline_text(n) if n.tag != "-text" else (n.text_content or "") for n in nodes)
        value = re.sub(r"\s+", " ", value).strip()
        if label == "summary":
            sb.summary_nodes(nodes)
        elif label == "title" and value:
            info.title = value
        elif label == "author" and value:
            info.authors = [a.strip() for a in re.split(r",\s*| & ", value) if a.strip()]
        elif label == "language":
            info.language = value or None
        elif label == "series" and value:
            info.series = [value]
        elif label in TAG_LABELS or label == "category":
            key = TAG_LABELS.get(label, "fandoms")  # FanFicFare's "Category" is the fandom
            fandom_seen |= key == "fandoms" and label != "category"
            if label == "category" and fandom_seen:
                continue
            tags = [value] if key == "rating" else [t.strip() for t in value.split(",")]
            set_tags(info, key, [t for t in tags if t])
        elif label in STAT_LABELS and value:
            info.declared_stats[label.replace(" ", "_")] = value
    status = info.declared_stats.get("status", "").lower()
    if status:
        info.complete = status.startswith("complete")


def parse_html(tree: LexborHTMLParser, source: Source) -> Work | None:
    body = tree.body
    if body is None:
        return None
    info = new_info(source, "fanficfare-html")
    sb = StoryBuilder()
    read_title_page(body, info, sb)
    started = False
    for child in list(body.iter(include_text=True)):
        if _is_anchor(child):
            sb.begin_chapter(inline_text(child) or None)
            started = True
        elif started:
            sb.extend(child)
    if not started:
        return None
    return sb.finish(info, source.path or "input")


def read_chapter_document(sb: StoryBuilder, body: LexborNode) -> None:
    """One FanFicFare EPUB chapter file: its h3 (or first heading) is the chapter heading."""
    heading = body.css_first("h3.fff_chapter_title") or body.css_first("h1, h2, h3")
    title = inline_text(heading) or None
    if heading is not None:
        heading.decompose()
    sb.begin_chapter(title)
    sb.body(body)


def is_chapter_document(href: str, body: LexborNode) -> bool:
    return "fff_chapter" in classes(body) or bool(re.search(r"(^|/)file\d+\.x?html?$", href))
