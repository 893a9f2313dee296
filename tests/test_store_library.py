"""The library's storage: adding files, skipping unchanged ones, re-analysis, dedupe, bad files,
crash safety (a killed `ficlens add`), migrations, round trips and exports."""

from __future__ import annotations

import csv
import html
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import ficlens
from ficlens.errors import FiclensError
from ficlens.model import Work, WorkInfo
from ficlens.store import Library, Query
from ficlens.store import library as library_module

STORY = "Chapter 1\n\n{body}\n\nThe rain kept falling on the {thing}, and nobody said a word about it.\n"


def story(tmp: Path, name: str, thing: str, words: int = 60) -> Path:
    body = " ".join(f"{thing}{i % 7}" if i % 11 == 0 else "and then she walked" for i in range(words))
    path = tmp / name
    path.write_text(STORY.format(body=body, thing=thing), encoding="utf-8")
    return path


def ao3_html(path: Path, title: str, tags: dict[str, list[str]], text: str) -> Path:
    """A tiny AO3 'Download as HTML' file, enough for ficlens to read the declared tags."""
    labels = {"rating": "Rating", "warnings": "Archive Warning", "category": "Category", "fandoms": "Fandom",
              "relationships": "Relationship", "characters": "Character", "freeform": "Additional Tags"}
    dl = "".join(
        f"<dt>{labels[k]}:</dt><dd>{', '.join(f'<a>{html.escape(v)}</a>' for v in values)}</dd>"
        for k, values in tags.items()
    )
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    path.write_text(
        f"<html><head><title>{html.escape(title)}</title></head><body><div id='preface'>"
        f"<h1>{html.escape(title)}</h1><div class='byline'>by <a rel='author'>someone</a></div>"
        f"<dl class='tags'>{dl}<dt>Stats:</dt><dd>Words: 40 Chapters: 1/1</dd></dl></div>"
        f"<div id='chapters'><div class='userstuff'>{paras}</div></div></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def lib(tmp_path: Path):
    library = Library(tmp_path / "lib" / "library.db")
    yield library
    library.close()


def test_new_library_uses_wal_foreign_keys_and_records_migrations(tmp_path: Path):
    with Library(tmp_path / "a.db") as lib:
        w = lib._writer
        assert w.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert w.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [r[0] for r in w.execute("SELECT name FROM migrations")] == ["0001_initial"]
    with Library(tmp_path / "a.db") as lib:  # reopening applies nothing twice
        assert lib._writer.execute("SELECT count(*) FROM migrations").fetchone()[0] == 1


def test_a_new_migration_is_applied_once_on_open(tmp_path: Path, monkeypatch):
    Library(tmp_path / "m.db").close()
    base = library_module.migrations()
    extra = base + [("0002_reading_log", "CREATE TABLE reading_log (work_id INTEGER REFERENCES works (id));")]
    monkeypatch.setattr(library_module, "migrations", lambda: extra)
    Library(tmp_path / "m.db").close()
    Library(tmp_path / "m.db").close()
    conn = sqlite3.connect(tmp_path / "m.db")
    assert [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")] == ["0001_initial", "0002_reading_log"]
    assert conn.execute("SELECT count(*) FROM reading_log").fetchone()[0] == 0


def test_not_a_library_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "x.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(FiclensError, match="not a ficlens library"):
        Library(bad)


def test_add_folder_then_readd_skips_unchanged_files(lib: Library, tmp_path: Path):
    folder = tmp_path / "stories"
    (folder / "sub").mkdir(parents=True)
    story(folder, "a.txt", "harbour")
    story(folder / "sub", "b.txt", "lantern")
    ao3_html(folder / "c.html", "Fire", {"fandoms": ["Valdemar"], "warnings": ["No Archive Warnings Apply"],
                                         "rating": ["General Audiences"]}, "One paragraph.\n\nAnother paragraph.")
    (folder / "notes.pdf").write_bytes(b"%PDF ignored: not a story suffix")
    calls: list[tuple[int, int, str]] = []
    report = lib.add([folder], progress=lambda done, total, name: calls.append((done, total, name)))
    assert (report.added, report.updated, report.skipped, report.errors) == (3, 0, 0, [])
    assert [c[:2] for c in calls] == [(1, 3), (2, 3), (3, 3)]
    again = lib.add([folder])
    assert (again.added, again.updated, again.skipped, again.errors) == (0, 0, 3, [])
    assert lib.count() == 3
    row = lib.search(Query(include={"fandoms": ["valdemar"]})).rows[0]
    assert row.title == "Fire" and row.rating == "General Audiences" and row.path == str(folder / "c.html")
    assert row.authors == ["someone"] and row.complete is True


def test_changed_file_updates_its_work_in_place(lib: Library, tmp_path: Path):
    path = story(tmp_path, "a.txt", "harbour")
    lib.add([path])
    first = lib.search(Query()).rows[0]
    story(tmp_path, "a.txt", "meadow")
    report = lib.add([path])
    assert (report.added, report.updated, report.skipped) == (0, 1, 0)
    assert lib.count() == 1
    assert lib.search(Query(text="meadow")).rows[0].id == first.id
    assert lib.search(Query(text="harbour")).total == 0  # the old text left the full-text index


def test_new_analyzer_version_reanalyses(lib: Library, tmp_path: Path, monkeypatch):
    path = story(tmp_path, "a.txt", "harbour")
    lib.add([path])
    work_id = lib.search(Query()).rows[0].id
    monkeypatch.setattr(ficlens, "__version__", "99.0.0")
    report = lib.add([path])
    assert (report.added, report.updated, report.skipped) == (0, 1, 0)
    stored = lib._reader().execute("SELECT analyzer_version FROM works WHERE id = ?", (work_id,)).fetchone()[0]
    assert stored.startswith("99.0.0:") and "structure" in stored
    assert lib.add([path]).skipped == 1


def test_duplicates_by_content_are_stored_once(lib: Library, tmp_path: Path):
    a = story(tmp_path, "a.txt", "harbour")
    b = tmp_path / "copy.txt"
    b.write_bytes(a.read_bytes())
    report = lib.add([a, b])
    assert (report.added, report.skipped) == (1, 1)
    assert lib.count() == 1
    work = Work(text="x y z", info=WorkInfo(title="hand"))
    assert lib.add_work(work, None, "same") == lib.add_work(work, "elsewhere", "same")
    assert lib.count() == 2


def test_bad_files_are_recorded_and_the_run_goes_on(lib: Library, tmp_path: Path):
    story(tmp_path, "good.txt", "harbour")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    story(tmp_path, "zgood.txt", "meadow")
    report = lib.add([tmp_path, tmp_path / "missing.txt"])
    assert report.added == 2
    failed = {Path(p).name: msg for p, msg in report.errors}
    assert set(failed) == {"empty.txt", "broken.epub", "missing.txt"}
    assert all("\n" not in m and m for m in failed.values())
    assert "empty" in failed["empty.txt"]


def test_get_returns_the_full_analysis(lib: Library, tmp_path: Path):
    path = story(tmp_path, "a.txt", "harbour")
    lib.add([path])
    row = lib.search(Query()).rows[0]
    stored = lib.get(row.id)
    assert stored is not None
    assert stored.to_json() == ficlens.analyze(path).to_json()
    assert lib.get(row.id + 100) is None


def test_upload_analyses_bytes_and_dedupes(lib: Library, tmp_path: Path):
    data = ao3_html(tmp_path / "u.html", "Uploaded", {"fandoms": ["Homestuck"]}, "Text of it.").read_bytes()
    first = lib.upload(data, "../../etc/u.html")
    assert lib.upload(data, "again.html") == first
    row = lib.search(Query(include={"fandoms": ["homestuck"]})).rows[0]
    assert row.id == first and row.title == "Uploaded" and row.path is None
    with pytest.raises(FiclensError):
        lib.upload(b"", "empty.txt")


def test_reads_from_other_threads_see_committed_works(lib: Library):
    lib.add_work(Work(text="one", info=WorkInfo(title="one")), None, "h1")
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(lib.search(Query()).total))
    thread.start()
    thread.join()
    assert seen == [1]


def test_export_csv_and_parquet(lib: Library, tmp_path: Path):
    tags = {"fandoms": ["Sherlock (TV)", "Harry Potter"], "relationships": ["Sherlock Holmes/John Watson"],
            "rating": ["Mature"], "warnings": ["No Archive Warnings Apply"]}
    work = Work(text="Fog on the river.", info=WorkInfo(title='A "quoted", title', authors=["x", "y"],
                                                        declared_tags=tags, complete=True))
    work.stats.words = 1234
    work.tags.freeform = ["Fog"]
    work_id = lib.add_work(work, "a.txt", "h1")
    lib.add_work(Work(text="bare", info=WorkInfo(title="bare")), None, "h2")
    assert lib.export_csv(tmp_path / "out" / "lib.csv") == 2
    with open(tmp_path / "out" / "lib.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["id"] == str(work_id) and rows[0]["title"] == 'A "quoted", title'
    assert rows[0]["fandoms"] == "Sherlock (TV); Harry Potter" and rows[0]["rating"] == "Mature"
    assert rows[0]["inferred_freeform"] == "Fog" and rows[0]["words"] == "1234" and rows[0]["complete"] == "True"
    assert rows[1]["fandoms"] == "" and rows[1]["complete"] == ""
    pq = pytest.importorskip("pyarrow.parquet")
    assert lib.export_parquet(tmp_path / "lib.parquet") == 2
    table = pq.read_table(tmp_path / "lib.parquet").to_pylist()
    assert table[0]["fandoms"] == ["Sherlock (TV)", "Harry Potter"] and table[0]["authors"] == ["x", "y"]
    assert table[0]["words"] == 1234 and table[0]["complete"] is True and table[1]["complete"] is None
    assert not list((tmp_path / "out").glob(".*tmp"))  # no temporary file left behind


def test_parquet_without_pyarrow_is_one_clear_line(lib: Library, tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(FiclensError, match=r"pip install 'ficlens\[parquet\]'") as info:
        lib.export_parquet(tmp_path / "x.parquet")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "x.parquet").exists()


def test_killed_add_keeps_what_was_committed(tmp_path: Path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(150):
        story(folder, f"s{i:03d}.txt", f"thing{i}", words=1500)
    db = tmp_path / "kill.db"
    env = {**os.environ, "PYTHONPATH": str(Path(ficlens.__file__).parents[1])}
    proc = subprocess.Popen([sys.executable, "-m", "ficlens", "add", str(folder), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    seen = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        seen = conn.execute("SELECT count(*) FROM works").fetchone()[0]
                except sqlite3.OperationalError:
                    seen = 0  # the schema is not there yet
                if seen >= 5:
                    break
            time.sleep(0.02)
        assert proc.poll() is None, "the add finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = conn.execute("SELECT count(*) FROM works").fetchone()[0]
    assert 5 <= kept < 150
    assert conn.execute("SELECT count(*) FROM works_fts").fetchone()[0] == kept
    conn.close()
    with Library(db) as lib:
        report = lib.add([folder])
        assert (report.skipped, report.added, report.errors) == (kept, 150 - kept, [])
        assert lib.count() == 150
