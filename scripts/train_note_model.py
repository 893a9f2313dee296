"""Train the author's-note paragraph model from ficlens's own labelled sets.

Reads `corpus/structure/dev*` (never `test`), turns every paragraph the structure stage would
consider into `paragraph_features`, labels it a note when most of its characters lie in a
labelled author's note, fits a logistic regression, and writes its weights to
`src/ficlens/stages/structure/note_model.json` (a few kilobytes; inference needs no ML library).

    .venv/bin/pip install -e '.[train]'         # scikit-learn, for training only
    .venv/bin/python scripts/train_note_model.py            # train on every dev split and write
    .venv/bin/python scripts/train_note_model.py --heldout  # leave one dev split out at a time
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.eval.structure import gold_chars  # noqa: E402
from ficlens.ingest import read_path  # noqa: E402
from ficlens.stages.structure import note_runs  # noqa: E402
from ficlens.eval.structure import evaluate_structure  # noqa: E402
from ficlens.stages.structure import features  # noqa: E402
from ficlens.stages.structure.features import paragraph_features  # noqa: E402

CORPUS = ROOT / "corpus" / "structure"
OUT = ROOT / "src" / "ficlens" / "stages" / "structure" / "note_model.json"
C = 1.0


def examples(split: Path) -> tuple[list[dict[str, float]], list[int]]:
    labels = yaml.safe_load((split / "labels.yaml").read_text("utf-8"))
    xs: list[dict[str, float]] = []
    ys: list[int] = []
    for name, label in sorted(labels.items()):
        work = read_path(split / name)
        gold = gold_chars(work, label.get("segments") or [], "author_note", name)
        blocks, _, runs = note_runs(work)
        for run in runs:
            local = [blocks[i] for i in run]
            paras = [n for n, b in enumerate(local) if b.kind == "para"]
            for rank, n in enumerate(paras):
                block = local[n]
                chars = [i for i in range(block.start, block.end) if not work.text[i].isspace()]
                inside = sum(1 for i in chars if i in gold)
                xs.append(paragraph_features(local, n, rank, len(paras) - 1 - rank))
                ys.append(int(bool(chars) and inside * 2 >= len(chars)))
    return xs, ys


def fit(xs: list[dict[str, float]], ys: list[int]) -> dict[str, float]:
    vec = DictVectorizer(sparse=False)
    matrix = vec.fit_transform(xs)
    model = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
    model.fit(matrix, ys)
    return {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) > 1e-6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true", help="Leave each dev split out in turn, score it; write nothing.")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--train", help="Comma-separated dev splits to train on (default: every dev split).")
    parser.add_argument("--score", help="Comma-separated dev splits to score with the model trained here; write nothing.")
    args = parser.parse_args()
    splits = sorted(p for p in CORPUS.glob("dev*") if (p / "labels.yaml").exists())
    if args.train:
        splits = [CORPUS / name for name in args.train.split(",")]
    data = {p.name: examples(p) for p in splits}
    if args.score:
        features.use_weights(fit([x for sx, _ in data.values() for x in sx], [y for _, sy in data.values() for y in sy]))
        for name in args.score.split(","):
            result = evaluate_structure(CORPUS / name)
            print(name, {k: result[k] for k in ("author_note_f1", "author_note_precision", "author_note_recall")})
        return
    if args.heldout:
        for left in data:
            xs = [x for name, (sx, _) in data.items() if name != left for x in sx]
            ys = [y for name, (_, sy) in data.items() if name != left for y in sy]
            weights = fit(xs, ys)
            features.use_weights(weights)  # score the left-out split with this model
            result = evaluate_structure(CORPUS / left)
            print(left, {k: result[k] for k in ("author_note_f1", "author_note_precision", "author_note_recall")})
        return
    xs = [x for sx, _ in data.values() for x in sx]
    ys = [y for _, sy in data.values() for y in sy]
    weights = fit(xs, ys)
    model = {"weights": weights, "trained_on": list(data), "C": C, "lexicon_digest": features.lexicon_digest()}
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n")
    print(f"wrote {args.out}: {len(weights)} weights from {len(xs)} paragraphs ({sum(ys)} notes)")


if __name__ == "__main__":
    main()
