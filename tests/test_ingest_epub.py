"""EPUB reader: AO3 EPUBs against their HTML downloads, FanFicFare and generic books, and the
archive checks that keep a hostile zip away from ebooklib."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.ingest import epub as epub_reader
from ficlens.ingest import read_bytes, read_path
from ficlens.model import Work

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ao3-samples"  # ../shared beside the repo
PAIRS = [  # (epub, html download of the same work, posted chapter count)
    ("218676-incompleteWork.epub", "218676-incompleteWork.html", 3),
    ("23009290-epubTest.epub", "23009290-htmlTest.html", 1),
    ("334557-workInSeries.epub", "334557-workInSeries.html", 8),
]


@pytest.fixture(scope="module")
def downloads() -> Path:
    if not (SAMPLES / "downloads").is_dir():
        pytest.skip("../shared/data/ao3-samples is not beside this checkout (evaluation data is not shipped)")
    return SAMPLES / "downloads"


def marks(work: Work, kind: str, label: str | None = None) -> list[str]:
    return [work.span_text(m) for m in work.markup if m.kind == kind and (label is None or m.label == label)]


def test_every_sample_epub_is_paired(downloads: Path):
    assert sorted(p.name for p in downloads.glob("*.epub")) == sorted(e for e, _, _ in PAIRS)


@pytest.mark.parametrize(("epub_name", "html_name", "posted"), PAIRS)
def test_ao3_epub_matches_html_download(downloads: Path, epub_name: str, html_name: str, posted: int):
    book, page = read_path(downloads / epub_name), read_path(downloads / html_name)
    assert book.info.source.format == "ao3-epub" and page.info.source.format == "ao3-html"
    for field in ("title", "authors", "language", "series", "complete", "declared_tags", "declared_stats", "summary"):
        assert getattr(book.info, field) == getattr(page.info, field), field
    assert len(marks(book, "chapter")) == len(marks(page, "chapter")) == posted
    assert int(book.info.declared_stats["chapters"].split("/")[0]) == posted
    for kind in ("summary", "author_note"):
        assert marks(book, kind) == marks(page, kind)
    assert [m.label for m in book.markup if m.kind == "author_note"] == [
        m.label for m in page.markup if m.kind == "author_note"
    ]
    assert "Posted originally on the" not in book.text and "Preface" not in book.text


def test_ao3_epub_facts(downloads: Path):
    work = read_path(downloads / "218676-incompleteWork.epub")
    info = work.info
    assert info.title == "Fire and Feather" and info.authors == ["nianeyna"]
    assert info.declared_tags["rating"] == ["General Audiences"]
    assert info.declared_tags["warnings"] == ["No Archive Warnings Apply"]
    assert info.declared_tags["fandoms"] == ["Valdemar Series - Mercedes Lackey"]
    assert info.declared_tags["relationships"] == []
    assert info.complete is False and info.declared_stats["chapters"] == "3/?"
    assert marks(work, "chapter_heading") == [
        "Chapter 1: Festival", "Chapter 2: Riversong K'Vala", "Chapter 3: Conversations"]
    assert marks(work, "author_note", "chapter-notes") == [
        "Only one more chapter of this, and then I'm done posting my high school fic. THANK YOU RAPTOR JESUS."]
    assert marks(work, "author_note", "end-notes") == [
        "I think this is my longest published work to date. That's depressing."]


def test_older_ao3_epub_keeps_its_own_headings(downloads: Path):
    """The 2012 EPUB titles its chapters without 'Chapter N:'; the reader reports what it shows."""
    work = read_path(downloads / "334557-workInSeries.epub")
    assert marks(work, "chapter_heading") == [
        "Prologue", "Chapter 2", "Part 2", "Part 3", "Part 4", "Part 5", "Part 6", "Epilogue"]
    assert work.info.series == ["Part 1 of Watches 'Verse"]
    assert "Works inspired by this one" not in work.text


# -- building small EPUBs --------------------------------------------------------------------

CONTAINER = """<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"""


def make_epub(docs: list[tuple[str, str]], metadata: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    manifest = "".join(f'<item id="d{i}" href="{n}" media-type="application/xhtml+xml"/>' for i, (n, _) in enumerate(docs))
    spine = "".join(f'<itemref idref="d{i}"/>' for i in range(len(docs)))
    opf = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:identifier id="id">x</dc:identifier><dc:title>Opf Title</dc:title><dc:language>en</dc:language>{metadata}</metadata>
<manifest>{manifest}</manifest><spine>{spine}</spine></package>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("content.opf", opf)
        for name, body in docs:
            z.writestr(name, f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>{body}</html>')
        for name, payload in (extra or {}).items():
            z.writestr(name, payload)
    return buffer.getvalue()


FFF_DOCS = [
    ("title_page.xhtml", """<body class="fff_titlepage"><h3><a href="https://archiveofourown.org/works/1">Night Shift</a>
     by <a href="https://archiveofourown.org/users/owl">owl</a></h3><div>
     <b>Fandoms:</b> Good Omens (TV)<br /><b>Rating:</b> Mature<br />
     <b>Warnings:</b> No Archive Warnings Apply<br /><b>Relationship:</b> Aziraphale/Crowley (Good Omens)<br />
     <b>Characters:</b> Aziraphale (Good Omens), Crowley (Good Omens)<br /><b>Freeform Tags:</b> Fluff, Pining<br />
     <b>Status:</b> In-Progress<br /><b>Published:</b> 2020-01-01<br /><b>Chapters:</b> 2/3<br />
     <b>Summary:</b> <p>A bookshop at <i>night</i>.</p><br /></div></body>"""),
    ("toc_page.xhtml", '<body class="fff_tocpage"><div><h3>Table of Contents</h3><a href="file0001.xhtml">One</a></div></body>'),
    ("file0001.xhtml", '<body class="fff_chapter"><h3 class="fff_chapter_title">Chapter 1: Closing</h3><p>Crowley knocked.</p></body>'),
    ("file0002.xhtml", '<body class="fff_chapter"><h3 class="fff_chapter_title">Chapter 2</h3><p>Aziraphale opened.</p></body>'),
]


def test_fanficfare_epub():
    data = make_epub(FFF_DOCS, '<dc:contributor>FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>')
    work = read_bytes(data, "story.epub")
    info = work.info
    assert info.source.format == "fanficfare-epub"
    assert (info.title, info.authors, info.complete) == ("Night Shift", ["owl"], False)
    assert info.declared_tags["fandoms"] == ["Good Omens (TV)"]
    assert info.declared_tags["relationships"] == ["Aziraphale/Crowley (Good Omens)"]
    assert info.declared_tags["freeform"] == ["Fluff", "Pining"] and info.declared_tags["rating"] == ["Mature"]
    assert info.declared_stats["chapters"] == "2/3" and info.declared_stats["published"] == "2020-01-01"
    assert work.text == "A bookshop at night.\n\nChapter 1: Closing\n\nCrowley knocked.\n\nChapter 2\n\nAziraphale opened."
    assert marks(work, "summary") == ["A bookshop at night."] == [info.summary]
    assert [m.label for m in work.markup if m.kind == "chapter"] == ["Chapter 1: Closing", "Chapter 2"]
    assert marks(work, "chapter_heading") == ["Chapter 1: Closing", "Chapter 2"]


def test_generic_epub_one_chapter_per_document():
    docs = [
        ("cover.xhtml", "<body><div></div></body>"),
        ("ch1.xhtml", "<body><h1>The Start</h1><p>It began <em>here</em>.</p><script>alert(1)</script></body>"),
        ("ch2.xhtml", "<body><p>No heading, just text.</p></body>"),
    ]
    work = read_bytes(make_epub(docs, "<dc:creator>Someone</dc:creator>"), "book.epub")
    assert work.info.source.format == "epub"
    assert (work.info.title, work.info.authors, work.info.language) == ("Opf Title", ["Someone"], "en")
    assert work.text == "The Start\n\nIt began here.\n\nNo heading, just text."
    assert [m.label for m in work.markup if m.kind == "chapter"] == ["The Start", None]
    assert marks(work, "chapter") == ["The Start\n\nIt began here.", "No heading, just text."]
    assert marks(work, "chapter_heading") == ["The Start"] and marks(work, "emphasis") == ["here"]
    assert "alert" not in work.to_json()


# -- refusals: one line each, before ebooklib ---------------------------------------------------

def refused(data: bytes) -> str:
    with pytest.raises(InputError) as err:
        read_bytes(data, "book.epub")
    message = str(err.value)
    assert "\n" not in message and message.startswith("book.epub:")
    return message


def test_truncated_epub_is_refused():
    data = make_epub([("ch1.xhtml", "<body><p>" + "word " * 5000 + "</p></body>")])
    assert "truncated or corrupt" in refused(data[: len(data) // 2])


def test_zip_bomb_is_refused_before_reading():
    data = make_epub([("ch1.xhtml", "<body><p>x</p></body>")], extra={"OEBPS/pad.xhtml": b"\0" * (20 * 1024 * 1024)})
    assert "zip bomb" in refused(data)


def test_too_many_entries_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for i in range(5_001):
            z.writestr(f"f{i}.xhtml", b"")
    assert "more than 5,000 files" in refused(buffer.getvalue())


def test_huge_total_size_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(epub_reader, "MAX_TOTAL", 50_000)  # 256 MB of incompressible data is too slow to build
    data = make_epub([("ch1.xhtml", "<body><p>x</p></body>")], extra={"big.bin": os.urandom(60_000)})
    assert "would unpack to" in refused(data)


def test_archive_without_documents_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("style.css", "p {}")
    assert "no readable documents" in refused(buffer.getvalue())


def test_zip_that_is_not_an_epub_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("ch1.xhtml", "<html><body><p>orphan</p></body></html>")  # no container.xml, no OPF
    assert "not a readable EPUB" in refused(buffer.getvalue())


def test_corrupt_entry_data_is_refused():
    data = bytearray(make_epub([("ch1.xhtml", "<body><p>" + "Holmes looked up. " * 400 + "</p></body>")]))
    at = data.index(b"ch1.xhtml") + 40  # inside the deflated body of the document
    data[at : at + 40] = bytes(40)
    assert "not a readable EPUB" in refused(bytes(data))


def test_spine_of_empty_documents_is_refused():
    assert refused(make_epub([("ch1.xhtml", "<body> </body>"), ("ch2.xhtml", "<body><div></div></body>")])) == (
        "book.epub: no story text found")
