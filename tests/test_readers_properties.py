"""Property tests: random bytes and random HTML never crash a reader with anything but InputError."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficlens.errors import InputError
from ficlens.ingest import read_bytes
from ficlens.pipeline import Pipeline
from ficlens.schema import validate

PIPELINE = Pipeline.build()
FORMATS = ["text", "html", "epub", None]

TAGS = ["p", "div", "em", "i", "b", "br", "hr", "h1", "h2", "blockquote", "script", "style", "span", "dl", "dt", "dd",
        "table", "td", "li", "ul", "a", "img", "svg", "template", "iframe"]


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if choice == 0:
            parts.append(f"<{tag}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            attr = draw(st.sampled_from(['class="userstuff"', 'id="chapters"', 'id="preface"', 'class="meta group"',
                                         'onerror="x()"', 'class="tags"', 'class="heading"']))
            parts.append(f"<{tag} {attr}>")
        else:
            parts.append(draw(st.text(max_size=30)))
    return "".join(parts)


def analyse_or_refuse(data: bytes, fmt: str | None) -> None:
    try:
        work = PIPELINE(read_bytes(data, "input", fmt=fmt))
    except InputError as err:
        assert str(err) and "\n" not in str(err)
        return
    n = len(work.text)
    assert all(0 <= s.start <= s.end <= n for s in work.segments + work.chapters + work.markup + work.quotes)
    validate(work.to_dict())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(FORMATS))
def test_readers_random_bytes(data: bytes, fmt: str | None):
    analyse_or_refuse(data, fmt)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_documents())
def test_readers_random_html(doc: str):
    analyse_or_refuse(doc.encode("utf-8"), "html")
    analyse_or_refuse(("<!DOCTYPE html><html><body>" + doc).encode("utf-8"), None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["mimetype", "META-INF/container.xml", "content.opf", "ch1.xhtml", "toc.ncx"]),
                          st.binary(max_size=400)), max_size=5))
def test_readers_random_epub_archives(entries: list[tuple[str, bytes]]):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, payload in entries:
            z.writestr(name, payload)
    analyse_or_refuse(buffer.getvalue(), "epub")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_readers_random_text(text: str):
    analyse_or_refuse(text.encode("utf-8"), "text")
