"""`ficlens batch --engine ray`: the same files as the local engine, resumable, one-line errors.

The Ray tests need `pip install -e '.[ray]'`. Those marked `ray_cluster` run only when
FICLENS_RAY_ADDRESS names a running cluster (.ci/run starts a two-node one on 127.0.0.1);
the others start a Ray instance of their own for the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.batch.local import ERRORS, WORKS, run_batch
from ficlens.cli import app

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = os.environ.get("FICLENS_RAY_ADDRESS")
TABLES = ("works", "quotes", "characters", "relationships")
RAY_INTERNALS = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, on every context copy


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    """The labelled dev stories (text and AO3 HTML), the bundled sample, and one empty file."""
    folder = tmp_path / "fics"
    folder.mkdir()
    for path in sorted((ROOT / "corpus" / "structure" / "dev").iterdir()):
        if path.suffix in (".txt", ".html"):
            shutil.copy(path, folder / path.name)
    shutil.copy(ROOT / "samples" / "the-beekeepers-letter.txt", folder)
    (folder / "zz-empty.txt").write_bytes(b"")
    return folder


def ficlens(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ficlens", *args], check=False, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def assert_same_output(local: Path, other: Path) -> None:
    """Byte for byte the same JSONL files, and equal Parquet tables."""
    for name in (WORKS, ERRORS):
        assert (other / name).read_bytes() == (local / name).read_bytes(), name
    pq = pytest.importorskip("pyarrow.parquet")
    for table in TABLES:
        assert pq.read_table(other / f"{table}.parquet").equals(pq.read_table(local / f"{table}.parquet")), table


def local_run(stories: Path, out: Path) -> Path:
    from ficlens.batch.tables import write_parquet

    run_batch(stories, out, workers=2)
    write_parquet(out)
    return out


# -- without Ray ------------------------------------------------------------------------------
def test_help_documents_engine_and_address():
    result = CliRunner().invoke(app, ["batch", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--engine" in result.output and "--address" in result.output
    assert "ficlens[ray]" in result.output and "127.0.0.1:6379" in result.output


def test_engine_ray_without_ray_is_one_line_error(stories: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` does when Ray is not installed
    result = CliRunner().invoke(app, ["batch", str(stories), "-o", str(tmp_path / "out"), "--engine", "ray"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "pip install 'ficlens[ray]'" in lines[0]


def test_address_without_engine_ray_is_refused(stories: Path, tmp_path: Path):
    result = CliRunner().invoke(app, ["batch", str(stories), "-o", str(tmp_path / "out"), "--address", "127.0.0.1:6379"])
    assert result.exit_code == 2 and "--engine ray" in result.output


def test_local_engine_refuses_remote_paths(stories: Path):
    result = CliRunner().invoke(app, ["batch", str(stories), "-o", "s3://bucket/out"])
    assert result.exit_code == 2 and "--engine ray" in result.output


# -- with Ray ---------------------------------------------------------------------------------
@RAY_INTERNALS
@pytest.mark.skipif(bool(CLUSTER), reason="a cluster is running: test_cluster_* cover the Ray engine")
def test_ray_engine_equals_local_and_resumes(stories: Path, tmp_path: Path):
    pytest.importorskip("ray.data")
    from ficlens.batch.ray_engine import run_batch_ray
    from ficlens.batch.tables import write_parquet

    local = local_run(stories, tmp_path / "local")
    out = tmp_path / "ray"
    first = sorted(stories.iterdir())[:5]
    manifest = tmp_path / "first.txt"
    manifest.write_text("\n".join(str(p) for p in first) + "\n", encoding="utf-8")
    assert run_batch_ray(str(manifest), str(out)).done == 5
    # A kill mid-write leaves half a line; the rerun cuts it and redoes that story only.
    works = out / WORKS
    works.write_bytes(works.read_bytes()[:-100])
    again = run_batch_ray(str(stories), str(out), workers=2)
    total = len(list(stories.iterdir()))
    assert (again.done + again.failed, again.skipped) == (total - 4, 4)
    write_parquet(out)
    assert_same_output(local, out)


@RAY_INTERNALS
@pytest.mark.ray_cluster
@pytest.mark.skipif(not CLUSTER, reason="set FICLENS_RAY_ADDRESS to a running Ray cluster (.ci/run starts one)")
def test_cluster_batch_equals_local_on_two_nodes(stories: Path, tmp_path: Path):
    pytest.importorskip("ray.data")
    import ray

    local = local_run(stories, tmp_path / "local")
    result = ficlens("batch", str(stories), "-o", str(tmp_path / "ray"), "--engine", "ray", "--address", CLUSTER, "--parquet")
    assert result.returncode == 1, result.stderr  # 1: the empty story is recorded as failed, the rest are done
    assert "ran on 2 Ray nodes" in result.stderr, result.stderr
    assert_same_output(local, tmp_path / "ray")
    rerun = ficlens("batch", str(stories), "-o", str(tmp_path / "ray"), "--engine", "ray", "--address", CLUSTER)
    assert rerun.returncode == 0 and f"done 0, skipped {len(list(stories.iterdir()))}" in rerun.stderr, rerun.stderr
    ray.init(address=CLUSTER, logging_level="ERROR", log_to_driver=False)
    try:
        assert sum(node["Alive"] for node in ray.nodes()) == 2
    finally:
        ray.shutdown()


@pytest.mark.ray_cluster
@pytest.mark.skipif(not CLUSTER, reason="set FICLENS_RAY_ADDRESS to a running Ray cluster (.ci/run starts one)")
def test_cluster_unreachable_address_is_one_line_error(stories: Path, tmp_path: Path):
    pytest.importorskip("ray.data")
    result = ficlens("batch", str(stories), "-o", str(tmp_path / "out"), "--engine", "ray", "--address", "127.0.0.1:1")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
