"""Peak memory and time of a full analysis at 10K, 100K and 1M words, each in a fresh process.

Inputs are built by joining LitBank novels from ../shared/data (cut at the word count), so the
text is real prose with chapters, dialogue and letters. Each size runs in its own child process
and reports its peak resident set size, so one size's memory cannot hide another's.

    .venv/bin/python benchmarks/memory.py            # table
    .venv/bin/python benchmarks/memory.py --json     # {"peak_rss_mb_10k", ..., "peak_rss_mb_1m", "seconds_1m", ...}
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "litbank" / "original"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def build_input(words: int, folder: Path) -> Path:
    texts = []
    total = 0
    for path in sorted(DATA.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        texts.append(body)
        total += len(body.split())
        if total >= words:
            break
    joined = "\n\n".join(texts).split(" ")
    out = folder / f"input-{words}.txt"
    out.write_text(" ".join(joined[:words]), encoding="utf-8")
    return out


def child(path: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import ficlens

    started = time.perf_counter()
    work = ficlens.analyze(path)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_kb / 1024, "words": work.stats.words}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if not DATA.is_dir():
        sys.exit(f"memory.py: {DATA} is missing (the LitBank texts in ../shared/data)")
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, words in SIZES.items():
            path = build_input(words, Path(tmp))
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True)
            figures = json.loads(out.stdout)
            result[f"peak_rss_mb_{name}"] = round(figures["peak_rss_mb"], 1)
            result[f"seconds_{name}"] = round(figures["seconds"], 2)
            result[f"words_per_s_{name}"] = round(figures["words"] / figures["seconds"])
    if args.json:
        print(json.dumps(result))
        return
    for name in SIZES:
        print(f"{name:>5}: peak {result[f'peak_rss_mb_{name}']:7.1f} MB, {result[f'seconds_{name}']:6.2f} s, "
              f"{result[f'words_per_s_{name}']:,} words/s")


if __name__ == "__main__":
    main()
