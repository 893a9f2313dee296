"""The web app through FastAPI's TestClient, against a real Library in a temporary folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from ficlens.model import Work  # noqa: E402
from ficlens.store import Library  # noqa: E402
from ficlens.web import create_app  # noqa: E402
from ficlens.web.app import MAX_UPLOAD  # noqa: E402
from ficlens.web.filters import Filters  # noqa: E402
from web_fixtures import XSS, fill_library, rich_work  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "the-beekeepers-letter.txt"


@pytest.fixture
def lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = Library(tmp_path / "library.db")
    yield library
    library.close()


@pytest.fixture
def ids(lib: Library) -> dict[str, int]:
    return fill_library(lib)


@pytest.fixture
def client(lib: Library) -> TestClient:
    return TestClient(create_app(lib))


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/works/\d+">([^<]*)</a></h3>', html)


def test_library_lists_every_work_with_facet_counts(client: TestClient, ids: dict[str, int]) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert sorted(titles(page.text)) == sorted(ids)
    assert 'aria-label="Exclude Sherlock (TV)"' in page.text
    assert re.search(r'Sherlock \(TV\)</span>\s*<span class="count">3</span>', page.text)


def test_include_and_exclude_filters(client: TestClient, ids: dict[str, int]) -> None:
    only = client.get("/", params={"inc_fandoms": "sherlock (tv)", "source": "declared"})
    assert sorted(titles(only.text)) == ["Bees in Baker Street", "The Honey Thief", "The Last Hive"]
    fewer = client.get("/", params={"inc_fandoms": "Sherlock (TV)", "exc_warnings": "Major Character Death"})
    assert sorted(titles(fewer.text)) == ["Bees in Baker Street", "The Honey Thief"]
    assert 'class="chip exclude"' in fewer.text  # the active exclusion is shown, with a remove link
    # the excluded value stays in the sidebar, ticked, though no listed work has it any more
    assert re.search(r'name="exc_warnings" value="Major Character Death"[^>]*checked', fewer.text)
    merlin_out = client.get("/", params={"exc_fandoms": "Merlin (TV)"})
    assert "Camelot Apiary" not in titles(merlin_out.text)


def test_full_text_search_and_word_range(client: TestClient, ids: dict[str, int]) -> None:
    hits = client.get("/", params={"q": "queen"})
    assert titles(hits.text) == ["The Last Hive"]
    assert "<mark>queen</mark>" in hits.text
    short = client.get("/", params={"words_max": "6"})
    assert "The Honey Thief" not in titles(short.text)
    assert client.get("/", params={"words_min": "lots", "page": "-3", "sort": "nonsense"}).status_code == 200


def test_filters_round_trip_through_the_url() -> None:
    from starlette.datastructures import QueryParams

    f = Filters.parse(QueryParams("q=bees&inc_fandoms=A&exc_warnings=B&exc_warnings=b&words_min=1,000&pov=first"))
    assert f.exclude["warnings"] == ["B"] and f.words_min == 1000
    again = Filters.parse(QueryParams(f.url().split("?", 1)[1]))
    assert again.pairs() == f.pairs()
    assert "exc_warnings" not in f.without("exclude", "warnings", "B")


def test_work_page_draws_every_layer(client: TestClient, ids: dict[str, int]) -> None:
    page = client.get(f"/works/{ids['The Honey Thief']}")
    assert page.status_code == 200
    html = page.text
    assert '<div class="box seg-author_note">' in html and '<div class="box seg-letter">' in html
    assert '<p class="scene-break explicit" role="separator">* * *</p>' in html
    assert 'class="q spk-0" title="Sherlock Holmes"' in html  # dialogue coloured by speaker
    assert re.search(r"Sherlock Holmes.*?<td class=\"num\">3</td><td class=\"num\">1</td>", html, re.S)
    assert '<svg class="relgraph"' in html and "rel-romantic" in html
    assert '<table class="timeline">' in html and 'href="#ch2"' in html
    # tag evidence links jump to an anchor in the text
    links = set(re.findall(r'href="#(ev-\d+)"', html))
    assert links and all(f'id="{a}"' in html for a in links)
    # declared and inferred tags side by side, differences marked
    assert re.search(r'class="tag declared"[^>]*><a [^>]*>General Audiences', html)
    assert re.search(r'class="tag inferred"[^>]*><a [^>]*>Teen And Up Audiences', html)
    assert re.search(r'class="tag both"[^>]*><a [^>]*>Sherlock \(TV\)', html)
    assert f'href="/works/{ids["The Honey Thief"]}.json"' in html


def test_work_page_copes_with_empty_layers(client: TestClient, lib: Library) -> None:
    report = lib.add([SAMPLE])
    assert report.added == 1
    work_id = client.get("/").text.split('href="/works/')[1].split('"')[0]
    page = client.get(f"/works/{work_id}")
    assert page.status_code == 200
    assert "Sherlock Holmes" in page.text  # the cast the characters stage found
    assert 'class="chapter-title" id="ch1"' in page.text


def test_json_download(client: TestClient, ids: dict[str, int]) -> None:
    response = client.get(f"/works/{ids['The Honey Thief']}.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "attachment" in response.headers["content-disposition"]
    assert Work.from_json(response.text).text == rich_work().text


def test_unknown_and_malformed_ids_are_404(client: TestClient, ids: dict[str, int]) -> None:
    for path in ("/works/999", "/works/0", "/works/abc", "/works/-1", "/works/1e3", "/works/99999999999999999999999",
                 "/works/999.json", "/works/..%2f..%2fetc%2fpasswd"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "content-security-policy" in response.headers


def test_upload_analyses_and_redirects(client: TestClient) -> None:
    response = client.post("/upload", files={"file": (SAMPLE.name, SAMPLE.read_bytes(), "text/plain")},
                           follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "A Jar of Honey" in page.text


def test_upload_too_large_is_413(client: TestClient) -> None:
    big = b"a" * (MAX_UPLOAD + 1)
    response = client.post("/upload", files={"file": ("big.txt", big, "text/plain")})
    assert response.status_code == 413
    assert "at most 20 MB" in response.text
    assert "content-security-policy" in response.headers


def test_upload_too_large_without_content_length_is_413(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(22):
            yield b"a" * (1024 * 1024)

    response = client.post("/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("story.exe", b"MZ\x90\x00", "none of these"),
        ("story.txt", b"\x00\x01\x02\x03" * 200, "story.txt"),
        ("story.epub", b"not a zip file at all", "story.epub"),
        ("empty.txt", b"   ", "empty"),
    ],
)
def test_upload_bad_file_is_400_with_a_message(client: TestClient, name: str, data: bytes, words: str) -> None:
    response = client.post("/upload", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 400
    assert "Could not read this file" in response.text and words in response.text


def test_upload_without_a_file_is_400(client: TestClient) -> None:
    assert client.post("/upload", data={"x": "1"}).status_code == 400


def test_cross_site_post_is_refused(client: TestClient) -> None:
    response = client.post("/upload", files={"file": (SAMPLE.name, SAMPLE.read_bytes(), "text/plain")},
                           headers={"origin": "https://evil.example"})
    assert response.status_code == 403


def test_security_headers_on_every_response(client: TestClient, ids: dict[str, int]) -> None:
    for path in ("/", f"/works/{ids['The Honey Thief']}", "/upload", "/static/ficlens.css", "/export.csv", "/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client: TestClient, ids: dict[str, int]) -> None:
    for path in ("/", f"/works/{ids['The Honey Thief']}", "/upload", "/nope"):
        html = client.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
        assert "<style" not in html and " style=" not in html


def test_hostile_story_is_shown_escaped(client: TestClient, lib: Library) -> None:
    work_id = lib.add_work(rich_work(title=f"Title {XSS}", extra=XSS), None, "hash-xss")
    for path in (f"/works/{work_id}", "/", "/?q=alert"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html and "onerror=alert" not in html.replace(
            "onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_upload_is_shown_escaped(client: TestClient) -> None:
    story = f"Chapter 1\n\nShe typed {XSS} into the chat.\n".encode()
    response = client.post("/upload", files={"file": ("evil.txt", story, "text/plain")})
    assert response.status_code == 200  # followed the redirect to the work page
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_host_check_when_hosts_are_given(lib: Library) -> None:
    client = TestClient(create_app(lib, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1:8765")
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400


def test_export_csv(client: TestClient, ids: dict[str, int]) -> None:
    response = client.get("/export.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "The Last Hive" in response.text
