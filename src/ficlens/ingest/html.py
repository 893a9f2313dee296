"""HTML stories: recognise where the file came from, then let that flavour's reader take it.

Flavours are tried from the most specific markup to the least (a saved AO3 page, an AO3
download, FanFicFare output), and anything unrecognised is read as a generic page: the whole
body through TextBuilder. A flavour reader that finds nothing, or trips over markup it did not
expect, hands over to the generic reader rather than failing: the input is untrusted and a
half-recognised page is still a readable story.
"""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from ficlens.ingest import ao3_download, ao3_page, fanficfare
from ficlens.ingest.assemble import StoryBuilder, inline_text, new_info, parse
from ficlens.ingest.text import decode
from ficlens.model import Source, Work

Reader = Callable[[LexborHTMLParser, Source], "Work | None"]
FLAVOURS: list[tuple[Callable[[LexborHTMLParser], bool], Reader]] = [
    (ao3_page.detect, ao3_page.parse),
    (ao3_download.detect, ao3_download.parse),
    (fanficfare.detect_html, fanficfare.parse_html),
]


def read_html(data: bytes, source: Source) -> Work:
    name = source.path or "input"
    html = decode(data, name)
    tree = parse(html)  # parsing is the costly step on hostile nesting: done again only if needed
    for detect, reader in FLAVOURS:
        if not detect(tree):
            continue
        try:
            work = reader(tree, source)
        except Exception:  # noqa: BLE001 - untrusted input; the generic reader reports a real failure
            work = None
        if work is not None:
            return work
        tree = parse(html)  # the reader may have removed elements it consumed
    return read_generic(tree, source)


def read_generic(tree: LexborHTMLParser, source: Source, fmt: str = "html") -> Work:
    """Any page: its whole body as text, its <title> (else first <h1>) as the title."""
    info = new_info(source, fmt)
    info.title = inline_text(tree.css_first("title")) or inline_text(tree.css_first("h1")) or None
    sb = StoryBuilder()
    sb.tb.node(tree.body or tree.root)
    return sb.finish(info, source.path or "input")
