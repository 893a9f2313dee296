"""`ficlens batch`: every story once, bad ones recorded, resumable, the same results as analyze."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ficlens
from ficlens.batch.local import WORKS, run_batch
from ficlens.batch.tables import write_parquet

STORY = "A/N: hi!\n\nChapter 1\n\n\"Come in,\" said Holmes. I sat down by the fire and waited.\n"


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    folder = tmp_path / "fics"
    folder.mkdir()
    for n in range(5):
        (folder / f"story{n}.txt").write_text(STORY + f"It was day {n}.\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")
    return folder


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_writes_every_story_and_records_the_bad_one(stories: Path, tmp_path: Path):
    report = run_batch(stories, tmp_path / "out", workers=2)
    assert (report.done, report.failed, report.skipped) == (5, 1, 0)
    assert len(lines(tmp_path / "out" / WORKS)) == 5
    errors = lines(tmp_path / "out" / "errors.jsonl")
    assert errors[0]["input"].endswith("broken.txt") and "empty" in errors[0]["error"]


def test_batch_results_equal_analyze(stories: Path, tmp_path: Path):
    run_batch(stories, tmp_path / "out", workers=1)
    for doc in lines(tmp_path / "out" / WORKS):
        path = doc.pop("input")
        assert doc == ficlens.analyze(Path(path)).to_dict()


def test_batch_rerun_skips_finished_work(stories: Path, tmp_path: Path):
    run_batch(stories, tmp_path / "out", workers=1)
    again = run_batch(stories, tmp_path / "out", workers=1)
    assert (again.done, again.skipped) == (0, 6)
    assert len(lines(tmp_path / "out" / WORKS)) == 5


def test_batch_resumes_after_a_kill_mid_line(stories: Path, tmp_path: Path):
    out = tmp_path / "out"
    run_batch(stories, out, workers=1)
    works = out / WORKS
    kept = works.read_text(encoding="utf-8").splitlines(keepends=True)
    # What a kill -9 in the middle of writing the last line leaves behind.
    works.write_text("".join(kept[:-1]) + kept[-1][: len(kept[-1]) // 2], encoding="utf-8")
    again = run_batch(stories, out, workers=1)
    assert again.done == 1
    docs = lines(works)
    assert len(docs) == 5 and len({d["input"] for d in docs}) == 5


def test_batch_reads_a_manifest(stories: Path, tmp_path: Path):
    manifest = tmp_path / "list.txt"
    manifest.write_text("\n".join(str(p) for p in sorted(stories.glob("story*.txt"))[:2]) + "\n", encoding="utf-8")
    assert run_batch(manifest, tmp_path / "out", workers=1).done == 2


def test_batch_parquet_tables(stories: Path, tmp_path: Path):
    pq = pytest.importorskip("pyarrow.parquet")
    run_batch(stories, tmp_path / "out", workers=1)
    counts = write_parquet(tmp_path / "out")
    assert counts["works"] == 5 and counts["quotes"] == 5
    assert pq.read_table(tmp_path / "out" / "quotes.parquet").column("text").to_pylist()[0] == '"Come in,"'
