"""Library benchmark: add throughput and search latency on a synthetic library of N works.

Works are cut from the novels under ../shared/data (LitBank originals and PDNC) into AO3-sized
pieces (log-normal lengths, median about 2,000 words) and given AO3-style declared tags drawn from
small, skewed pools, so some tags are common and some rare, as on AO3. The data is read in place;
the library is written to a temporary folder and deleted afterwards.

    .venv/bin/python benchmarks/library.py               # 20,000 works
    .venv/bin/python benchmarks/library.py --works 2000 --json
    .venv/bin/python benchmarks/library.py --analyze     # run the full pipeline on each piece

By default each piece becomes a Work with its text, declared metadata and word count (what the
library stores and filters on) without running the structure stage, which would dominate the run
(~130k words/s); `--analyze` runs `ficlens.analyze` on every piece instead. `add_works_per_s`
always measures `Library.add_work` alone (storage), and analysis time is reported separately.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from ficlens import __version__  # noqa: E402
from ficlens.model import Stats, Tags, Work, WorkInfo  # noqa: E402
from ficlens.pipeline import analyze, stage_names  # noqa: E402
from ficlens.stages.stats import count_words  # noqa: E402
from ficlens.store import Library, Query  # noqa: E402

FANDOMS = [f"Fandom {name}" for name in (
    "Harry Potter", "Sherlock (TV)", "Marvel", "Star Wars", "Supernatural", "Naruto", "Good Omens",
    "Doctor Who", "Haikyuu!!", "Pride and Prejudice", "Critical Role", "Hetalia", "Genshin Impact",
    "Teen Wolf", "Stranger Things", "Final Fantasy XIV", "Arcane", "The Witcher", "Dragon Age",
    "Mass Effect", "Les Misérables", "Homestuck", "Bleach", "One Piece", "Yuri!!! on Ice",
)]
CHARACTERS = [f"Character {i:02d}" for i in range(80)]
RELATIONSHIPS = [f"Character {a:02d}/Character {b:02d}" for a, b in zip(range(0, 60, 2), range(1, 61, 2))] + [
    f"Character {a:02d} & Character {b:02d}" for a, b in zip(range(0, 30), range(40, 70))
]
WARNINGS = ["No Archive Warnings Apply", "Creator Chose Not To Use Archive Warnings",
            "Graphic Depictions Of Violence", "Major Character Death", "Rape/Non-Con", "Underage"]
RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"]
CATEGORIES = ["Gen", "M/M", "F/M", "F/F", "Multi", "Other"]
FREEFORM = [f"Freeform {word}" for word in (
    "Fluff", "Angst", "Hurt/Comfort", "Alternate Universe", "Slow Burn", "Humor", "Canon Compliant",
    "Happy Ending", "Friendship", "Found Family", "Enemies to Lovers", "Pining", "Romance", "Drama",
    "Mystery", "Adventure", "Character Study", "Post-Canon", "Pre-Canon", "Time Travel",
)] + [f"Freeform tag {i:03d}" for i in range(130)]
FTS_TERMS = ["love", "letter", "carriage", "sea", "war", "morning", "candle", "garden", "sword",
             "whisper", "dinner", "storm", "river", "church", "horse", "money", "winter", "dream",
             "\"at once\"", "\"my dear\"", "ghost", "ship", "mother", "secret", "kiss"]


def skewed(rng: random.Random, pool: list[str], k: int) -> list[str]:
    """k distinct values, earlier pool entries far more likely (a Zipf-like popularity)."""
    weights = [1 / (i + 1) for i in range(len(pool))]
    out: list[str] = []
    while len(out) < min(k, len(pool)):
        value = rng.choices(pool, weights)[0]
        if value not in out:
            out.append(value)
    return out


def sources() -> list[str]:
    files = sorted((DATA / "litbank" / "original").glob("*.txt")) + sorted((DATA / "pdnc" / "data").glob("*/novel_text.txt"))
    if not files:
        sys.exit(f"no novels under {DATA} (LitBank originals and PDNC are needed)")
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def pieces(n: int, rng: random.Random) -> list[str]:
    novels = sources()
    out: list[str] = []
    for _ in range(n):
        novel = rng.choice(novels)
        words = int(min(40_000, max(100, rng.lognormvariate(7.6, 1.0))))  # median ~2,000 words
        size = min(len(novel), words * 6)
        start = rng.randrange(0, max(1, len(novel) - size))
        start = novel.rfind("\n\n", 0, start) + 2 if start else 0  # begin at a paragraph
        out.append(novel[start : start + size].strip())
    return out


def make_work(text: str, i: int, rng: random.Random, full: bool) -> Work:
    fandoms = skewed(rng, FANDOMS, rng.choice([1, 1, 1, 2]))
    declared = {
        "rating": [rng.choices(RATINGS, [5, 6, 3, 3, 1])[0]],
        "warnings": skewed(rng, WARNINGS, rng.choice([1, 1, 1, 2, 3])),
        "category": skewed(rng, CATEGORIES, rng.choice([1, 1, 2])),
        "fandoms": fandoms,
        "relationships": skewed(rng, RELATIONSHIPS, rng.choice([0, 1, 1, 2, 3])),
        "characters": skewed(rng, CHARACTERS, rng.randint(1, 6)),
        "freeform": skewed(rng, FREEFORM, rng.randint(2, 12)),
    }
    info = WorkInfo(title=f"Work {i}: " + " ".join(text.split()[:4]), authors=[f"author{rng.randrange(3000)}"],
                    summary=" ".join(text.split()[:30]), complete=rng.random() < 0.7, declared_tags=declared)
    work = Work(text=text, info=info)
    if full:
        work = analyze(work)
    else:
        work.stats = Stats(words=count_words(text), story_words=count_words(text))
        work.produced_by = {"ficlens": __version__, "stages": ["bench"]}
    if rng.random() < 0.3:  # some works carry inferred tags, so tag_source has something to choose
        work.tags = Tags(freeform=skewed(rng, FREEFORM, 3), rating=rng.choice(RATINGS), warnings=[])
    work.narration.person = rng.choices(["first", "second", "third", None], [3, 1, 6, 2])[0]
    return work


def queries(rng: random.Random, count: int) -> list[Query]:
    """A fixed mix: tag include/exclude, word ranges, full text alone and with filters, sorts."""
    out: list[Query] = []
    sorts = ["added", "words", "title", "relevance"]
    for i in range(count):
        kind = i % 8
        q = Query(sort=rng.choice(sorts[:3]), descending=rng.random() < 0.5, offset=rng.choice([0, 0, 0, 50]))
        if kind == 0:
            q.include = {"fandoms": [rng.choice(FANDOMS[:10])]}
        elif kind == 1:
            q.include = {"fandoms": [rng.choice(FANDOMS)]}
            q.exclude = {"warnings": rng.sample(WARNINGS[2:], 2)}
        elif kind == 2:
            q.include = {"relationships": [rng.choice(RELATIONSHIPS[:20])], "characters": [rng.choice(CHARACTERS[:20])]}
        elif kind == 3:
            q.exclude = {"warnings": rng.sample(WARNINGS[2:], 2), "rating": ["Explicit"]}
            q.include = {"freeform": [rng.choice(FREEFORM[:10])]}
        elif kind == 4:
            low = rng.choice([0, 1000, 5000, 10000])
            q.words_min, q.words_max = low, low + rng.choice([2000, 10000, 50000])
            q.include = {"freeform": [rng.choice(FREEFORM[:30])]}
            q.complete = rng.choice([True, None])
        elif kind == 5:
            q.text = rng.choice(FTS_TERMS)
            q.sort = rng.choice(sorts)
        elif kind == 6:
            q.text = rng.choice(FTS_TERMS)
            q.include = {"fandoms": [rng.choice(FANDOMS[:12])]}
            q.exclude = {"warnings": [rng.choice(WARNINGS[2:])], "freeform": [rng.choice(FREEFORM[:5])]}
            q.sort = rng.choice(sorts)
        else:
            q.text = " ".join(rng.sample([t for t in FTS_TERMS if '"' not in t], 2))
            q.words_min, q.words_max = 1000, 20000
            q.exclude = {"rating": ["Explicit", "Mature"]}
            q.tag_source = rng.choice(["declared", "both"])
        out.append(q)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--analyze", action="store_true", help="Run the full ficlens pipeline on each piece.")
    parser.add_argument("--json", action="store_true", help="Print the figures as one JSON object.")
    args = parser.parse_args()
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    rng = random.Random(20240601)
    texts = pieces(args.works, rng)
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-") as tmp:
        lib = Library(Path(tmp) / "library.db")
        prepare = storing = 0.0
        for i, text in enumerate(texts):
            started = time.perf_counter()
            work = make_work(text, i, rng, args.analyze)
            middle = time.perf_counter()
            lib.add_work(work, f"bench/{i}.txt", f"bench-{i}")
            storing += time.perf_counter() - middle
            prepare += middle - started
            if (i + 1) % 2000 == 0:
                log(f"  {i + 1} works stored ({(i + 1) / storing:.0f} works/s)")
        started = time.perf_counter()
        lib.optimize()  # what `Library.add` does after a run: refresh the planner's statistics
        optimize_s = time.perf_counter() - started
        words = lib._reader().execute("SELECT sum(words) FROM works").fetchone()[0]
        size_mb = (Path(tmp) / "library.db").stat().st_size / 1e6
        mix = queries(random.Random(7), args.queries)
        for q in mix[:20]:  # warm the page cache, as a library in use would be
            lib.search(q)
        times, facet_times = [], []
        for q in mix:
            started = time.perf_counter()
            lib.search(q)
            times.append((time.perf_counter() - started) * 1000)
        for q in mix[:40]:  # uncached: each query's first facets call
            started = time.perf_counter()
            lib.facets(q, limit=29 + len(facet_times))
            facet_times.append((time.perf_counter() - started) * 1000)
        lib.close()
    figures = {
        "works": args.works,
        "add_works_per_s": round(args.works / storing, 1),
        "search_p50_ms": round(percentile(times, 50), 2),
        "search_p95_ms": round(percentile(times, 95), 2),
        "search_p99_ms": round(percentile(times, 99), 2),
    }
    extra = {
        "queries": len(mix), "words": words, "db_mb": round(size_mb, 1),
        "prepare_works_per_s": round(args.works / prepare, 1), "analysed": args.analyze,
        "optimize_s": round(optimize_s, 2),
        "search_mean_ms": round(statistics.mean(times), 2), "facets_p95_ms": round(percentile(facet_times, 95), 2),
        "stages": stage_names() if args.analyze else ["bench"],
    }
    if args.json:
        print(json.dumps(figures))
        log(json.dumps(extra))
    else:
        for key, value in {**figures, **extra}.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
