"""`ficlens batch`: analyse a folder (or a manifest) of stories on every core, resumably.

Results go to OUT/works.jsonl, one full `ficlens/1` document a line, each line written and
flushed whole, so a killed run leaves only whole lines behind. A rerun reads which inputs are
already there and skips them. A story that cannot be read is written to OUT/errors.jsonl and
the run goes on. `--parquet` then writes flat tables (works, quotes, characters,
relationships) from the JSONL. Each worker calls `ficlens.analyze`, nothing else, so batch
results are the same as `ficlens analyze`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import FiclensError, InputError
from ficlens.ingest import SUFFIXES, story_files

WORKS = "works.jsonl"
ERRORS = "errors.jsonl"


@dataclass
class BatchReport:
    done: int = 0
    skipped: int = 0
    failed: int = 0


def inputs(source: Path) -> list[Path]:
    """The stories under a folder, or the paths listed one a line in a manifest file."""
    if source.is_dir():
        return story_files(source)
    if source.is_file() and source.suffix.lower() in (".txt", ".lst", ".manifest") and _is_manifest(source):
        base = source.parent
        lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
        return [(base / line).resolve() if not Path(line).is_absolute() else Path(line) for line in lines if line and not line.startswith("#")]
    raise InputError(f"{source}: not a folder of stories or a manifest (one path a line)")


def _is_manifest(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:4096].splitlines()[:20]
    listed = [line for line in head if line.strip() and not line.startswith("#")]
    return bool(listed) and all(Path(line.strip()).suffix.lower() in SUFFIXES - {""} for line in listed)


def finished(out: Path) -> set[str]:
    """Inputs already written (or already failed) by an earlier run into `out`."""
    seen: set[str] = set()
    for name in (WORKS, ERRORS):
        path = out / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    seen.add(json.loads(line)["input"])
                except (json.JSONDecodeError, KeyError):
                    continue  # a line cut by a kill: that input runs again
    return seen


def run_batch(
    source: Path, out: Path, workers: int | None = None, progress: Callable[[int, int, str], None] | None = None
) -> BatchReport:
    todo = [str(p) for p in inputs(source)]
    pending = prepare(out, todo)
    report = BatchReport(skipped=len(todo) - len(pending))
    return write_results(out, _results(pending, workers or os.cpu_count() or 1), len(pending), report, progress)


def prepare(out: Path, todo: list[str]) -> list[str]:
    """Make `out` ready to append to and return the inputs of `todo` that it does not hold yet."""
    out.mkdir(parents=True, exist_ok=True)
    _drop_partial_line(out / WORKS)
    _drop_partial_line(out / ERRORS)
    seen = finished(out)
    return [p for p in todo if p not in seen]


def write_results(
    out: Path,
    results: Iterable[tuple[str, str, str | None]],
    total: int,
    report: BatchReport,
    progress: Callable[[int, int, str], None] | None = None,
) -> BatchReport:
    """Append each (input, JSON line, error) to works.jsonl or errors.jsonl, one whole line at a time."""
    with (out / WORKS).open("a", encoding="utf-8") as works, (out / ERRORS).open("a", encoding="utf-8") as errors:
        for n, (path, document, error) in enumerate(results, 1):
            if error is None:
                works.write(document + "\n")
                works.flush()
                report.done += 1
            else:
                errors.write(json.dumps({"input": path, "error": error}, ensure_ascii=False) + "\n")
                errors.flush()
                report.failed += 1
            if progress:
                progress(n, total, path)
    return report


def _results(paths: list[str], workers: int) -> Iterator[tuple[str, str, str | None]]:
    if workers <= 1 or len(paths) <= 1:
        yield from map(analyse_one, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(analyse_one, paths, chunksize=4)


def analyse_one(path: str) -> tuple[str, str, str | None]:
    """(input, JSON line, None) or (input, "", one-line error): never raises, so one bad file stops nothing."""
    import ficlens

    try:
        doc = ficlens.analyze(Path(path)).to_dict()
    except FiclensError as err:
        return path, "", str(err)
    except Exception as err:  # noqa: BLE001 - recorded in errors.jsonl, the run goes on
        return path, "", f"internal error: {type(err).__name__}: {err}"
    doc["input"] = path
    return path, json.dumps(doc, ensure_ascii=False), None


def _drop_partial_line(path: Path) -> None:
    """A run killed mid-write can leave half a line at the end: cut it so appends stay valid."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as handle:
        handle.seek(-1, os.SEEK_END)
        if handle.read(1) == b"\n":
            return
        data = path.read_bytes()
        handle.truncate(data.rfind(b"\n") + 1)
