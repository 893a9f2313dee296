"""EPUB stories: AO3's, FanFicFare's, or any other book, read in spine order.

An EPUB is a zip archive from an unknown source, so the archive is measured with `zipfile`
before ebooklib (which reads every entry into memory) ever sees it: corrupt or truncated
archives, archives with absurd entry counts, and zip bombs are refused with one line. After
that, every exception ebooklib or lxml can raise becomes an `InputError`.

AO3's EPUBs are its HTML download split into several files by Calibre, so their documents are
joined back into one page and read by `ao3_download`, which gives the same title, tags and
chapters as the HTML download of the same work.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from ficlens.errors import InputError
from ficlens.ingest import ao3_download, fanficfare
from ficlens.ingest.assemble import StoryBuilder, classes, inline_text, new_info, parse
from ficlens.ingest.text import decode
from ficlens.model import Source, Work, WorkInfo

MAX_ENTRIES = 5_000
MAX_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 200
#: Tiny entries compress absurdly well (a run of spaces) and cannot hurt; the ratio test starts here.
RATIO_MIN_SIZE = 100_000
DOCUMENT = re.compile(r"\.(x?html?|xml)$", re.IGNORECASE)
_BODY_TAG = re.compile(r"^<body[^>]*>|</body>$")

Docs = list[tuple[str, LexborHTMLParser]]


def read_epub(data: bytes, source: Source) -> Work:
    name = source.path or "input"
    check_archive(data, name)
    book = _load(data, name)
    docs = _documents(book, name)
    if not docs:
        raise InputError(f"{name}: not a readable EPUB (no readable documents)")
    is_ao3 = "Archive of Our Own" in _meta(book, "publisher") or any(
        tree.css_first("#preface dl.tags") is not None for _, tree in docs
    )
    work = _attempt(_ao3, docs, source) if is_ao3 else None
    work = work or _attempt(_fanficfare, docs, source, book) or _generic(docs, source)
    return _fill(work, book)


def _attempt(reader: Any, *args: Any) -> Work | None:
    """A flavour reader that finds no text, or trips over unexpected markup, yields to the next."""
    try:
        return reader(*args)
    except Exception:  # noqa: BLE001 - untrusted input; the generic reader reports a real failure
        return None


def _ao3(docs: Docs, source: Source) -> Work | None:
    """AO3's EPUB is its HTML download split by Calibre: join the bodies back into one page."""
    joined = "".join(_BODY_TAG.sub("", tree.body.html or "") for _, tree in docs if tree.body is not None)
    return ao3_download.parse(parse(f"<html><body>{joined}</body></html>"), source, fmt="ao3-epub")


def check_archive(data: bytes, name: str) -> None:
    """Refuse archives that are broken, oversized or built to explode when decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InputError(f"{name}: not a readable EPUB (truncated or corrupt zip archive)") from None
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"{name}: not a readable EPUB (more than {MAX_ENTRIES:,} files in the archive)")
    total = sum(e.file_size for e in entries)
    if total > MAX_TOTAL:
        raise InputError(f"{name}: refused: the EPUB would unpack to {total // 1_048_576} MB (limit 256 MB)")
    for entry in entries:
        if entry.file_size >= RATIO_MIN_SIZE and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise InputError(f"{name}: refused: '{entry.filename[:60]}' compresses {MAX_RATIO}x+ (a zip bomb?)")
    if not any(DOCUMENT.search(e.filename) for e in entries if not e.is_dir()):
        raise InputError(f"{name}: not a readable EPUB (no readable documents)")


def _load(data: bytes, name: str) -> Any:
    from ebooklib import epub

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return epub.read_epub(io.BytesIO(data), {"ignore_ncx": True})
    except Exception as err:  # noqa: BLE001 - ebooklib/lxml/zipfile raise many types
        reason = re.sub(r"\s+", " ", str(err) or type(err).__name__)[:100]
        raise InputError(f"{name}: not a readable EPUB ({reason})") from None


def _documents(book: Any, name: str) -> Docs:
    """Spine documents, in reading order, parsed; navigation and unreadable documents skipped."""
    import ebooklib

    docs: Docs = []
    try:
        for idref, _linear in book.spine:
            item = book.get_item_with_id(idref)
            if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
                continue
            if "nav" in (getattr(item, "properties", None) or []):
                continue
            content = item.get_content()
            try:
                html = decode(content, name)
            except InputError:
                continue
            docs.append((item.get_name() or "", parse(html)))
    except Exception as err:  # noqa: BLE001
        raise InputError(f"{name}: not a readable EPUB ({type(err).__name__} in its documents)") from None
    return docs


def _meta(book: Any, field: str) -> str:
    try:
        return " ".join(str(v[0]) for v in book.get_metadata("DC", field) if v and v[0])
    except Exception:  # noqa: BLE001
        return ""


def _fill(work: Work, book: Any) -> Work:
    """Complete the metadata from the OPF where the documents did not say."""
    info: WorkInfo = work.info
    info.title = info.title or _meta(book, "title").strip() or None
    if not info.authors:
        try:
            info.authors = [str(v[0]).strip() for v in book.get_metadata("DC", "creator") if v and v[0]]
        except Exception:  # noqa: BLE001
            info.authors = []
    info.language = info.language or _meta(book, "language").strip() or None
    return work


def _fanficfare(docs: Docs, source: Source, book: Any) -> Work | None:
    title_page = next((t for href, t in docs if t.body is not None and _is_title_page(href, t)), None)
    if title_page is None and "FanFicFare" not in _meta(book, "contributor"):
        return None
    info = new_info(source, "fanficfare-epub")
    sb = StoryBuilder()
    if title_page is not None:
        fanficfare.read_title_page(title_page.body, info, sb)
    for href, tree in docs:
        if tree.body is not None and fanficfare.is_chapter_document(href, tree.body):
            fanficfare.read_chapter_document(sb, tree.body)
    if sb.chapters == 0 and not sb.has_body:
        return None
    return sb.finish(info, source.path or "input")


def _is_title_page(href: str, tree: LexborHTMLParser) -> bool:
    if "fff_titlepage" in classes(tree.body) or href.rsplit("/", 1)[-1].startswith("title_page"):
        return fanficfare.is_title_page(fanficfare.labelled_values(tree.body))
    return False


def _generic(docs: Docs, source: Source) -> Work:
    """One chapter per spine document with text; a heading that opens it is its chapter heading."""
    info = new_info(source, "epub")
    sb = StoryBuilder()
    for _, tree in docs:
        if tree.body is None or not inline_text(tree.body):
            continue
        first = len(sb.tb.markup)
        sb.body(tree.body)
        sb.opening_heading(first, _heading_text(tree))
    return sb.finish(info, source.path or "input")


def _heading_text(tree: LexborHTMLParser) -> str | None:
    head = tree.body.css_first("h1, h2, h3, h4, h5, h6") if tree.body is not None else None
    return inline_text(head) or None
