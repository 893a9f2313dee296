"""The web app in a real Chromium: filters, the reader's evidence links, upload, and hostile stories.

The app runs under uvicorn in a background thread on a free localhost port, exactly as
`ficlens serve` runs it, so the CSP and the static script are exercised for real.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
uvicorn = pytest.importorskip("uvicorn")

from ficlens.store import Library  # noqa: E402
from ficlens.web import create_app  # noqa: E402
from web_fixtures import XSS, fill_library, rich_work  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "the-beekeepers-letter.txt"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    lib = Library(tmp_path_factory.mktemp("web") / "library.db")
    ids = fill_library(lib)
    ids["hostile"] = lib.add_work(rich_work(title=f"Hostile {XSS}", extra=XSS), None, "hash-hostile")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(lib, allowed_hosts=["127.0.0.1"]), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    server.should_exit = True
    thread.join(10)
    lib.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page that records dialogs and console errors; any of either fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.dialogs, pg.errors = [], []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        pg.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))  # type: ignore[attr-defined]
    yield pg
    assert pg.dialogs == []  # type: ignore[attr-defined]
    assert pg.errors == []  # type: ignore[attr-defined]
    context.close()


def titles(pg) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(pg.locator("ol.works h3 a").all_inner_texts())


def test_filter_with_include_and_exclude(page, served) -> None:  # type: ignore[no-untyped-def]
    base, ids = served
    page.goto(base + "/")
    assert len(titles(page)) == len(ids)
    with page.expect_navigation():
        page.get_by_role("checkbox", name="Include Sherlock (TV)", exact=True).click()
    assert "inc_fandoms=Sherlock" in page.url
    assert "Camelot Apiary" not in titles(page) and "The Last Hive" in titles(page)
    with page.expect_navigation():
        page.get_by_role("checkbox", name="Exclude Major Character Death", exact=True).click()
    assert "exc_warnings=Major+Character+Death" in page.url
    assert "The Last Hive" not in titles(page)
    assert "Bees in Baker Street" in titles(page)
    assert page.locator(".chip.exclude").count() == 1
    with page.expect_navigation():  # the chip's x removes the exclusion again
        page.get_by_role("link", name="Remove exclude Major Character Death").click()
    assert "The Last Hive" in titles(page)


def test_open_a_work_and_jump_to_tag_evidence(page, served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    page.goto(base + "/")
    page.get_by_role("link", name="The Honey Thief").click()
    page.wait_for_url(re.compile(r"/works/\d+$"))
    assert page.locator("h1").inner_text() == "The Honey Thief"
    link = page.locator(".tags-panel .tag", has_text="Beekeeping").locator("a.ev-link")
    target = link.get_attribute("href")
    assert target and target.startswith("#ev-")
    link.click()
    page.wait_for_function("location.hash !== ''")
    assert page.evaluate("location.hash") == target
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == target[1:]
    run = page.locator(f".ev-{target[4:]}").first
    assert "targeted" in (run.get_attribute("class") or "")  # our script ran under the CSP
    assert run.inner_text() == "the bees are restless"
    box, height = run.bounding_box(), page.evaluate("innerHeight")
    assert box and 0 <= box["y"] <= height  # scrolled into view


def test_upload_a_file_through_the_form(page, served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    page.goto(base + "/upload")
    page.set_input_files("#file", str(SAMPLE))
    page.get_by_role("button", name="Analyse and add").click()
    page.wait_for_url(re.compile(r"/works/\d+$"), timeout=60_000)
    assert "A Jar of Honey" in page.locator("article.story").inner_text()


def test_hostile_story_runs_nothing(page, served) -> None:  # type: ignore[no-untyped-def]
    base, ids = served
    for path in (f"/works/{ids['hostile']}", "/", "/?q=alert"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator("img").count() == 0
        assert page.locator("script:not([src])").count() == 0
        assert "<script>alert(1)</script>" in page.locator("main").inner_text()
    page.wait_for_timeout(300)  # give any injected handler a chance to fire before the checks
