"""Screenshots for the README: the library and a work page, from ficlens's own stories only.

Builds a throwaway library from `samples/` and `corpus/structure/dev*` (stories written for
ficlens), gives each a few declared tags of our own so the sidebar has something to show, serves
it on 127.0.0.1 and photographs two pages with Debian's Chromium through Playwright.

    .venv/bin/python scripts/screenshots.py          # writes docs/img/library.png and work.png
"""

from __future__ import annotations

import hashlib
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

import ficlens
from ficlens.store import Library
from ficlens.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FANDOMS = {
    "holmes": "Sherlock Holmes - Arthur Conan Doyle", "beekeeper": "Sherlock Holmes - Arthur Conan Doyle",
    "pride": "Pride and Prejudice - Jane Austen", "alice": "Alice in Wonderland - Lewis Carroll",
    "dracula": "Dracula - Bram Stoker", "frankenstein": "Frankenstein - Mary Shelley",
    "little-women": "Little Women - Louisa May Alcott", "oz": "The Wizard of Oz - L. Frank Baum",
    "musketeers": "Les Trois Mousquetaires | The Three Musketeers - Alexandre Dumas",
    "jane-eyre": "Jane Eyre - Charlotte Brontë", "robin-hood": "Robin Hood (Traditional)",
    "anne": "Anne of Green Gables - L. M. Montgomery", "peter-pan": "Peter Pan - J. M. Barrie",
    "treasure": "Treasure Island - Robert Louis Stevenson", "persephone": "Greek and Roman Mythology",
    "hermes": "Greek and Roman Mythology", "netherfield": "Pride and Prejudice - Jane Austen",
    "wonderland": "Alice in Wonderland - Lewis Carroll", "kore": "Greek and Roman Mythology",
}
RATINGS = ["General Audiences", "Teen And Up Audiences", "General Audiences", "Mature"]
WARNINGS = ["No Archive Warnings Apply", "Creator Chose Not To Use Archive Warnings", "No Archive Warnings Apply",
            "Major Character Death", "Graphic Depictions Of Violence"]
FREEFORM = ["Fluff", "Angst", "Hurt/Comfort", "Epistolary", "Alternate Universe - Modern Setting", "Humor",
            "Friendship", "Post-Canon"]


def stories() -> list[Path]:
    paths = [ROOT / "samples" / "the-beekeepers-letter.txt"]
    for folder in ("dev", "dev2", "dev3"):
        paths += sorted(p for p in (ROOT / "corpus" / "structure" / folder).glob("*") if p.suffix in (".txt", ".html"))
    return paths


def tagged(path: Path, n: int) -> ficlens.Work:
    work = ficlens.analyze(path)
    fandom = next((f for key, f in FANDOMS.items() if key in path.stem), "Original Work")
    tags = work.info.declared_tags or {}
    tags.update(
        fandoms=[fandom], rating=[RATINGS[n % len(RATINGS)]], warnings=[WARNINGS[n % len(WARNINGS)]],
        category=["M/M" if n % 3 == 2 else "Gen"], freeform=[FREEFORM[n % len(FREEFORM)], FREEFORM[(n * 3 + 1) % len(FREEFORM)]],
    )
    work.info.declared_tags = tags
    work.info.title = work.info.title or path.stem.replace("-", " ").title()
    return work


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "library.db")
        ids = {}
        for n, path in enumerate(stories()):
            ids[path.stem] = lib.add_work(tagged(path, n), str(path.relative_to(ROOT)), hashlib.sha256(path.read_bytes()).hexdigest())
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(lib), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/?exc_warnings=Major+Character+Death&exc_rating=Mature")
            page.screenshot(path=str(ROOT / "docs" / "img" / "library.png"))
            page.goto(f"{base}/works/{ids['the-beekeepers-letter']}")
            page.screenshot(path=str(ROOT / "docs" / "img" / "work.png"))
            browser.close()
        server.should_exit = True
        lib.close()


if __name__ == "__main__":
    main()
