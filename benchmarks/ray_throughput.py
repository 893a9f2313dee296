"""Words a second per worker: `ficlens batch --engine ray` against the local engine, same input.

The input is LitBank novels from ../shared/data (file-name order) cut at paragraph breaks into
works of about 4,000 words, written to a temporary folder: many fanfiction-sized works rather
than a few novels, so the figure is throughput, not how evenly a few big files share out. Both
engines run the whole folder into empty output folders with the same number of workers (the
Ray cluster's CPUs); the outputs are checked to be identical. Words are the works' own counts
(`stats.words`). Outside the Ray timing: joining the cluster, and a warm-up batch of a few
short works that starts Ray's worker processes (fresh interpreters that import ficlens and load
its models, a few seconds a worker, which the local engine's forked workers mostly inherit);
a long run pays that once. Everything after it is inside.
With --repeat N the engines take turns N times and each one's fastest run counts.

    pip install -e '.[ray]'
    .venv/bin/python benchmarks/ray_throughput.py --json                          # a Ray started here, 2 CPUs
    .venv/bin/python benchmarks/ray_throughput.py --address 127.0.0.1:6379 --json # a running cluster
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "litbank" / "original"
PIECE_WORDS = 4_000


def build_input(folder: Path, words: int) -> int:
    """Cut novels into ~4,000-word works until `words` are written; returns how many works."""
    written = n = 0
    for novel in sorted(DATA.glob("*.txt")):
        piece: list[str] = []
        count = 0
        for paragraph in novel.read_text(encoding="utf-8").split("\n\n"):
            piece.append(paragraph)
            count += len(paragraph.split())
            if count >= PIECE_WORDS:
                n += 1
                (folder / f"{n:05d}-{novel.stem[:40]}.txt").write_text("\n\n".join(piece), encoding="utf-8")
                written += count
                piece, count = [], 0
                if written >= words:
                    return n
    return n


def words_in(out: Path) -> int:
    with (out / "works.jsonl").open(encoding="utf-8") as handle:
        return sum(json.loads(line)["stats"]["words"] for line in handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--address", help="a running Ray cluster (default: start Ray here with --workers CPUs)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="CPUs of a Ray started here")
    parser.add_argument("--words", type=int, default=2_000_000, help="words of input (default 2,000,000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each engine, alternating; the fastest counts")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    try:
        import ray
    except ImportError:
        sys.exit("ray_throughput.py: Ray is not installed: pip install -e '.[ray]'")
    if not DATA.is_dir():
        sys.exit(f"ray_throughput.py: {DATA} is missing (the LitBank novels in ../shared/data)")
    from ficlens.batch.local import run_batch
    from ficlens.batch.ray_engine import run_batch_ray

    with tempfile.TemporaryDirectory(prefix="ficlens-ray-bench-") as tmp:
        stories, tmp_path = Path(tmp) / "stories", Path(tmp)
        stories.mkdir()
        works = build_input(stories, args.words)
        warm = tmp_path / "warm"
        warm.mkdir()
        for k, story in enumerate(sorted(stories.iterdir())[: 2 * (os.cpu_count() or 1)]):
            (warm / f"{k}.txt").write_text(story.read_text(encoding="utf-8")[:2000], encoding="utf-8")
        ray_times, local_times, same, used = [], [], True, set()
        for n in range(args.repeat):  # the engines take turns, so other load on the machine hits both
            ray_out, local_out = tmp_path / f"ray{n}", tmp_path / f"local{n}"
            if args.address:
                ray.init(address=args.address, logging_level="ERROR", log_to_driver=False)
            else:
                ray.init(num_cpus=args.workers, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
            try:
                workers = int(ray.cluster_resources().get("CPU", 1))
                nodes = sum(node["Alive"] for node in ray.nodes())
                # Warm-up, untimed: Ray's worker processes start fresh and import ficlens and its
                # models once (a few seconds); the local engine's forked workers inherit the
                # imports. Throughput is what a long run sees after that.
                run_batch_ray(str(warm), str(tmp_path / f"warm{n}"))
                started = time.perf_counter()
                used |= run_batch_ray(str(stories), str(ray_out)).nodes
                ray_times.append(time.perf_counter() - started)
            finally:
                ray.shutdown()  # before the local engine forks its workers: a fork of a Ray driver can hang
            started = time.perf_counter()
            run_batch(stories, local_out, workers=workers)
            local_times.append(time.perf_counter() - started)
            same &= all((ray_out / name).read_bytes() == (local_out / name).read_bytes()
                        for name in ("works.jsonl", "errors.jsonl"))
        words = words_in(tmp_path / "local0")
    local_s, ray_s = min(local_times), min(ray_times)
    local_rate, ray_rate = words / local_s / workers, words / ray_s / workers
    result = {
        "works": works, "words": words, "workers": workers, "ray_nodes": nodes, "ray_nodes_used": len(used), "repeats": args.repeat,
        "local_seconds": round(local_s, 2), "ray_seconds": round(ray_s, 2),
        "local_words_per_s_per_worker": round(local_rate), "ray_words_per_s_per_worker": round(ray_rate),
        "ray_vs_local": round(ray_rate / local_rate, 3), "same_output": same,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{works} works, {words:,} words, {workers} workers ({nodes} Ray nodes, {len(used)} used), best of {args.repeat}")
        print(f"local: {local_s:6.2f} s, {local_rate:,.0f} words/s per worker")
        print(f"ray:   {ray_s:6.2f} s, {ray_rate:,.0f} words/s per worker ({ray_rate / local_rate:.1%} of local)")
        print(f"same output: {same}")
    if not same:
        sys.exit("ray_throughput.py: the Ray and local outputs differ")


if __name__ == "__main__":
    main()
