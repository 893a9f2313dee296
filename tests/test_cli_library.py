"""`ficlens add`, `ficlens search` and `ficlens export`, run as a user would run them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_store_library import ao3_html, story

WORKS = {
    "hp.html": ("Quiet Hall", {"fandoms": ["Harry Potter"], "warnings": ["No Archive Warnings Apply"],
                               "rating": ["General Audiences"], "relationships": ["Harry Potter/Draco Malfoy"],
                               "freeform": ["Fluff"]}, "The dragon slept.\n\nHarry read by the fire."),
    "hp2.html": ("Loud Hall", {"fandoms": ["Harry Potter"], "warnings": ["Graphic Depictions Of Violence"],
                               "rating": ["Mature"], "freeform": ["Angst"]}, "A duel in the corridor.\n\nBlood."),
    "sh.html": ("Fog", {"fandoms": ["Sherlock (TV)"], "warnings": ["Major Character Death"], "rating": ["Explicit"],
                        "relationships": ["Sherlock Holmes/John Watson"]}, "Fog on the river.\n\nA dragon tattoo."),
}


def ficlens(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ficlens", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, (title, tags, text) in WORKS.items():
        ao3_html(folder / name, title, tags, text)
    db = tmp_path / "library.db"
    result = ficlens("add", str(folder), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "added 3, updated 0, skipped 0, errors 0" in result.stdout
    return folder, db


def search(db: Path, *args: str) -> list[dict]:
    result = ficlens("search", *args, "--db", str(db), "--format", "json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_add_twice_skips_and_reports(library):
    folder, db = library
    result = ficlens("add", str(folder), "--db", str(db))
    assert result.returncode == 0
    assert "added 0, updated 0, skipped 3, errors 0" in result.stdout


def test_add_with_a_bad_file_exits_1_and_keeps_the_rest(tmp_path: Path):
    story(tmp_path, "good.txt", "harbour")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = ficlens("add", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "added 1, updated 0, skipped 0, errors 1" in result.stdout
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr


def test_search_json_lines_have_the_listed_fields(library):
    _, db = library
    rows = search(db, "--sort", "title")
    assert [r["title"] for r in rows] == ["Fog", "Loud Hall", "Quiet Hall"]
    assert set(rows[0]) == {"id", "title", "path", "fandoms", "relationships", "warnings", "words"}
    assert rows[0]["relationships"] == ["Sherlock Holmes/John Watson"] and rows[0]["path"].endswith("sh.html")


def test_search_include_exclude_text_and_words(library):
    _, db = library
    assert {r["title"] for r in search(db, "--fandom", "harry potter")} == {"Quiet Hall", "Loud Hall"}
    assert {r["title"] for r in search(db, "--exclude-warning", "Graphic Depictions Of Violence",
                                       "--exclude-warning", "major character death")} == {"Quiet Hall"}
    assert {r["title"] for r in search(db, "dragon")} == {"Quiet Hall", "Fog"}
    assert {r["title"] for r in search(db, "dragon", "--exclude-rating", "Explicit")} == {"Quiet Hall"}
    assert {r["title"] for r in search(db, "--tag", "angst", "--rating", "mature")} == {"Loud Hall"}
    assert search(db, "--words", "100000-") == []
    assert len(search(db, "--words", "1-100000")) == 3
    assert search(db, "--fandom", "x' OR 1=1 --") == []
    assert len(search(db, "--limit", "2", "--sort", "words", "--desc")) == 2
    assert len(search(db, "--tags", "inferred", "--fandom", "Harry Potter")) == 0


def test_search_table_and_bad_options(library):
    _, db = library
    result = ficlens("search", "--db", str(db), "--fandom", "Sherlock (TV)")
    assert result.returncode == 0 and "Fog" in result.stdout and "1 works match" in result.stdout
    bad = ficlens("search", "--db", str(db), "--words", "lots")
    assert bad.returncode == 2 and "--words" in bad.stderr and "Traceback" not in bad.stderr
    bad = ficlens("search", "--db", str(db), "--pov", "fourth")
    assert bad.returncode == 2 and "--pov" in bad.stderr


def test_export_csv_and_parquet(library, tmp_path: Path):
    _, db = library
    result = ficlens("export", "--db", str(db), "--csv", str(tmp_path / "out.csv"))
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["title"] for r in rows) == ["Fog", "Loud Hall", "Quiet Hall"]
    pq = pytest.importorskip("pyarrow.parquet")
    assert ficlens("export", "--db", str(db), "--parquet", str(tmp_path / "out.parquet")).returncode == 0
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 3
    both = ficlens("export", "--db", str(db))
    assert both.returncode == 2 and "exactly one" in both.stderr
