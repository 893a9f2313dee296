"""Train the shipped entity models on all 100 LitBank documents (`../shared/data/litbank`).

Writes `src/ficlens/stages/entities/models/layer0.crfsuite` and `layer1.crfsuite`. The word
clusters they use come first (`scripts/build_word_clusters.py`). The benchmark
(`ficlens eval litbank-entities`) does not use these models: it trains one set per fold.

    .venv/bin/python scripts/train_entities.py
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "litbank"
OUT = ROOT / "src" / "ficlens" / "stages" / "entities" / "models"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from ficlens.stages.entities.training import read_tsv, train

    files = sorted((args.data / "entities" / "tsv").glob("*.tsv"))
    started = time.perf_counter()
    paths = train([read_tsv(f) for f in files], args.out)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in paths)
    print(f"{len(files)} documents, {time.perf_counter() - started:.0f} s: {sizes}")


if __name__ == "__main__":
    main()
