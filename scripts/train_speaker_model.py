"""Train the speaker ranking model (src/ficlens/stages/speaker_ranking.py) on PDNC novels.

Reads the quotations of one `leave-x-out` split's `train` part in `../shared/data/pdnc` (never
its `test` novels), runs ficlens's own stages on each, gives every spoken quotation its gold span,
lets the speaker rules decide, and collects each candidate's features with a label: is this
character (identified with a PDNC character as `ficlens eval pdnc` does) the gold speaker.
A logistic regression over those rows gives the weights, written with what they were trained on
to `src/ficlens/stages/speaker_ranking.json` (a few kilobytes; inference needs no ML library).
Novel-level cross-validation over the training novels reports rules alone against rules and
model on novels the model did not see.

    .venv/bin/pip install -e '.[train]'                       # scikit-learn, for training only
    .venv/bin/python scripts/train_speaker_model.py           # split_0: cross-validate, train, write
    .venv/bin/python scripts/train_speaker_model.py --no-write
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import sys
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.eval import SHARED_DATA, identify  # noqa: E402
from ficlens.eval import pdnc as P  # noqa: E402
from ficlens.model import Quote, Source, Work, WorkInfo  # noqa: E402
from ficlens.pipeline import Pipeline  # noqa: E402
from ficlens.stages import speaker_ranking  # noqa: E402
from ficlens.stages.speakers import attribute  # noqa: E402

OUT = ROOT / "src" / "ficlens" / "stages" / speaker_ranking.MODEL_FILE
STAGES = ["structure", "quotes", "narration", "entities", "characters"]
C = 0.5


def rows_of(folder: Path, pipeline: Pipeline) -> list[tuple[str, list[dict[str, float]], list[int]]]:
    """Per spoken quotation: its id, its candidates' features and which is the gold speaker."""
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    work = pipeline(Work(text=text, info=WorkInfo(title=folder.name, source=Source(str(folder), "text"))))
    gold = P._characters(folder / "character_info.csv")
    speaker_of: dict[tuple[int, int], tuple[str, str]] = {}
    with (folder / "quotation_info.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for k, (start, end) in enumerate(ast.literal_eval(row["quoteByteSpans"])):
                speaker_of[P._with_marks(text, start, end)] = (f"{row['quoteID']}-{k}", P._gold_id(row["speaker"], gold))
    work.quotes = [Quote(a, b, kind="speech") for a, b in sorted(speaker_of)]
    collected: list = []
    attribute(work, collect=collected, weights={})
    who = identify(work.characters, gold, P._genders(folder / "character_info.csv"))
    out = []
    for q, cands, feats in collected:
        if (q.start, q.end) in speaker_of:
            qid, want = speaker_of[(q.start, q.end)]
            out.append((qid, feats, [int(who.get(c) == want) for c in cands]))
    return out


def fit(groups: list[tuple[str, list[dict[str, float]], list[int]]]) -> dict[str, float]:
    rows = [(f, y) for _, feats, labels in groups if any(labels) for f, y in zip(feats, labels)]
    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in rows])
    model = LogisticRegression(C=C, max_iter=2000).fit(x, [y for _, y in rows])
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 5)
    return weights


def accuracy(groups: list[tuple[str, list[dict[str, float]], list[int]]], weights: dict[str, float] | None) -> float:
    """Share of quotations whose best-scored candidate (or the rules' pick) is the speaker."""
    right = 0
    for _, feats, labels in groups:
        if weights is None:
            best = next((k for k, f in enumerate(feats) if f.get("rule")), None)
        else:
            best = max(range(len(feats)), key=lambda k: speaker_ranking.score(feats[k], weights))
        right += best is not None and labels[best] == 1
    return right / max(1, len(groups))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="split_0")
    parser.add_argument("--folds", type=int, default=4, help="novel-level cross-validation folds for the report")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    root = SHARED_DATA / "pdnc"
    folders = sorted(p.name for p in (root / "data").iterdir() if (p / "quotation_info.csv").exists())
    split = root / "splits" / "leave-x-out" / args.split
    with (split / "train.csv").open(encoding="utf-8") as handle:
        train_ids = {(P._folder(r[0], folders), r[1]) for r in csv.reader(handle) if r and r[0] != "novel"}
    novels = sorted({n for n, _ in train_ids})
    pipeline = Pipeline.build(STAGES)
    by_novel = {n: rows_of(root / "data" / n, pipeline) for n in novels}
    train = {n: [g for g in groups if (n, g[0]) in train_ids] for n, groups in by_novel.items()}
    # Novel-level cross-validation: how the model does on novels it never saw.
    held, rules_right, model_right = 0, 0.0, 0.0
    for k in range(args.folds):
        out = novels[k :: args.folds]
        weights = fit([g for n in novels if n not in out for g in train[n]])
        groups = [g for n in out for g in by_novel[n]]
        held += len(groups)
        rules_right += accuracy(groups, None) * len(groups)
        model_right += accuracy(groups, weights) * len(groups)
        print(f"fold {k}: {', '.join(out)}: rules {accuracy(groups, None):.4f}, rules and model {accuracy(groups, weights):.4f}")
    print(f"unseen novels ({held} quotes): rules {rules_right / held:.4f}, rules and model {model_right / held:.4f}")
    weights = fit([g for n in novels for g in train[n]])
    if not args.no_write:
        OUT.write_text(json.dumps({"split": args.split, "trained_on": novels, "C": C,
                                   "weights": dict(sorted(weights.items()))}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
