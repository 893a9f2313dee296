"""The measured inputs of docs/scale.md: AO3 work length, output size per 1,000 words, and the plan.

Work length: every distinct work in ../shared/data/ao3-samples (the HTML of each download, whose
EPUB twin is the same work, and every saved work page), both as AO3 declares it (the work's
"Words" statistic, all chapters) and as ficlens counts the text in the file (a saved page may
hold one chapter of several). Output size: `ficlens batch --parquet` on those works and on
LitBank novels cut into ~4,000-word works (the input of ray_throughput.py), in bytes per
1,000 words of works.jsonl, of works.jsonl gzipped, and of the four Parquet tables.

With --speed FILE (the JSON that `speed.py --json` printed), the plan for --works works is
computed from the measured figures: core-hours at ficlens's one-process speed, the cores that
finish in --hours, and the storage.

    .venv/bin/python benchmarks/scale.py --json
    .venv/bin/python benchmarks/speed.py --json > speed.json && .venv/bin/python benchmarks/scale.py --speed speed.json --json
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AO3 = ROOT.parent / "shared" / "data" / "ao3-samples"


def ao3_works() -> list[Path]:
    downloads = sorted((AO3 / "downloads").glob("*.html"))
    pages = sorted((AO3 / "pages").glob("*.html"))
    return downloads + pages


def declared_words(doc: dict) -> int | None:
    value = (doc["work"].get("declared_stats") or {}).get("words")
    return int(str(value).replace(",", "")) if value else None


def sizes(out: Path) -> dict[str, float]:
    """Bytes per 1,000 words of the batch outputs in `out`."""
    raw = (out / "works.jsonl").read_bytes()
    words = sum(json.loads(line)["stats"]["words"] for line in raw.decode("utf-8").splitlines())
    per = 1000 / words
    result = {"words": words, "jsonl_bytes_per_1000_words": round(len(raw) * per),
              "jsonl_gzip_bytes_per_1000_words": round(len(gzip.compress(raw, 6)) * per)}
    tables = list(out.glob("*.parquet"))
    if tables:
        result["parquet_bytes_per_1000_words"] = round(sum(t.stat().st_size for t in tables) * per)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", type=Path, help="speed.py --json output, for the plan")
    parser.add_argument("--works", type=int, default=15_000_000, help="works to plan for (default 15 million)")
    parser.add_argument("--hours", type=float, default=24.0, help="wall-clock hours of the run (default 24)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if not AO3.is_dir():
        sys.exit(f"scale.py: {AO3} is missing (../shared/data)")
    from ray_throughput import build_input

    from ficlens.batch.local import run_batch
    from ficlens.batch.tables import write_parquet

    with tempfile.TemporaryDirectory(prefix="ficlens-scale-") as tmp:
        ao3_in, ao3_out = Path(tmp) / "ao3", Path(tmp) / "ao3-out"
        ao3_in.mkdir()
        manifest = ao3_in / "works.txt"
        manifest.write_text("".join(f"{p}\n" for p in ao3_works()), encoding="utf-8")
        run_batch(manifest, ao3_out, workers=1)
        write_parquet(ao3_out)
        docs = [json.loads(line) for line in (ao3_out / "works.jsonl").read_text(encoding="utf-8").splitlines()]
        counted = [doc["stats"]["words"] for doc in docs]
        declared = [declared_words(doc) or doc["stats"]["words"] for doc in docs]
        lit_in, lit_out = Path(tmp) / "litbank", Path(tmp) / "litbank-out"
        lit_in.mkdir()
        build_input(lit_in, 500_000)
        run_batch(lit_in, lit_out, workers=1)
        write_parquet(lit_out)
        result: dict[str, object] = {
            "ao3_works": len(docs),
            "ao3_mean_words_declared": round(statistics.mean(declared)),
            "ao3_median_words_declared": round(statistics.median(declared)),
            "ao3_mean_words_in_file": round(statistics.mean(counted)),
            "output_ao3": sizes(ao3_out),
            "output_litbank_4k_works": sizes(lit_out),
        }
    if args.speed:
        speed = json.loads(args.speed.read_text(encoding="utf-8"))
        words_per_s = speed["words"] / speed["ficlens_seconds"]  # whitespace words, one process
        total_words = args.works * result["ao3_mean_words_declared"]
        core_hours = total_words / words_per_s / 3600
        per_1000 = max(result["output_ao3"]["jsonl_bytes_per_1000_words"],
                       result["output_litbank_4k_works"]["jsonl_bytes_per_1000_words"])
        per_1000_gz = max(result["output_ao3"]["jsonl_gzip_bytes_per_1000_words"],
                          result["output_litbank_4k_works"]["jsonl_gzip_bytes_per_1000_words"])
        result["plan"] = {
            "works": args.works, "words": total_words, "ficlens_words_per_s_per_core": round(words_per_s),
            "core_hours": round(core_hours), "cores_for_hours": round(core_hours / args.hours, 1), "hours": args.hours,
            "jsonl_tb": round(total_words / 1000 * per_1000 / 1e12, 2),
            "jsonl_gzip_tb": round(total_words / 1000 * per_1000_gz / 1e12, 2),
        }
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
