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
from dataclasses import replace
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.eval import SHARED_DATA, identify, name_uses, without_canon  # noqa: E402
from ficlens.eval import pdnc as P  # noqa: E402
from ficlens.model import Quote, Source, Work, WorkInfo  # noqa: E402
from ficlens.pipeline import Pipeline  # noqa: E402
from ficlens.stages import speaker_ranking  # noqa: E402
from ficlens.stages.speakers import attribute  # noqa: E402

OUT = ROOT / "src" / "ficlens" / "stages" / speaker_ranking.MODEL_FILE
STAGES = ["structure", "quotes", "narration", "entities", "characters"]
C = 0.5
#: Passes of the model, each reading the speakers the one before chose.
PASSES = 1


def prepared(folder: Path, pipeline: Pipeline) -> tuple[Work, dict[tuple[int, int], tuple[str, str]], tuple]:
    """A novel through ficlens's stages, its gold quotations (span -> id, speaker) and its
    character list (names, genders)."""
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    work = pipeline(Work(text=text, info=WorkInfo(title=folder.name, source=Source(str(folder), "text"))))
    gold = P._characters(folder / "character_info.csv")
    speaker_of: dict[tuple[int, int], tuple[str, str]] = {}
    with (folder / "quotation_info.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for k, (start, end) in enumerate(ast.literal_eval(row["quoteByteSpans"])):
                speaker_of[P._with_marks(text, start, end)] = (f"{row['quoteID']}-{k}", P._gold_id(row["speaker"], gold))
    return work, speaker_of, (gold, P._genders(folder / "character_info.csv"))


def rows_of(novel: tuple[Work, dict, dict], passes: list[dict[str, float]]) -> list[tuple[str, list[dict[str, float]], list[int]]]:
    """Per spoken quotation after `passes` of the model: its id, its candidates' features and
    which of them is the gold speaker."""
    work, speaker_of, (gold, genders) = novel
    work = replace(work, characters=list(work.characters), mentions=list(work.mentions),
                   quotes=[Quote(a, b, kind="speech") for a, b in sorted(speaker_of)])  # the speakers stage adds to these
    collected: list = []
    attribute(work, collect=collected, passes=[*passes, {}])
    who = identify(work.characters, gold, genders, name_uses(work.text, work.mentions))  # unnamed speakers ("the man") included
    out = []
    for q, cands, feats in collected:
        if (q.start, q.end) in speaker_of:
            qid, want = speaker_of[(q.start, q.end)]
            out.append((qid, feats, [int(who.get(c) == want) for c in cands]))
    return out


def train(novels: list[tuple[Work, dict, dict]], ids: list[set[str]], n_passes: int) -> list[dict[str, float]]:
    """Fit one pass after another, each on the features the passes before it leave."""
    passes: list[dict[str, float]] = []
    for _ in range(n_passes):
        groups = [g for novel, keep in zip(novels, ids) for g in rows_of(novel, passes) if g[0] in keep]
        passes.append(fit(groups))
    return passes


def fit(groups: list[tuple[str, list[dict[str, float]], list[int]]]) -> dict[str, float]:
    rows = [(f, y) for _, feats, labels in groups if any(labels) for f, y in zip(feats, labels)]
    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in rows])
    model = LogisticRegression(C=C, max_iter=2000).fit(x, [y for _, y in rows])
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 5)
    return weights


def accuracy(novels: list[tuple[Work, dict, dict]], passes: list[dict[str, float]]) -> tuple[float, int]:
    """Share of quotations whose chosen speaker is the gold one, after `passes` (none: the rules)."""
    right = total = 0
    for novel in novels:
        for _, feats, labels in rows_of(novel, passes):
            best = next((k for k, f in enumerate(feats) if f.get("rule")), None)
            right += best is not None and labels[best] == 1
            total += 1
    return right / max(1, total), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="split_0")
    parser.add_argument("--passes", type=int, default=PASSES)
    parser.add_argument("--folds", type=int, default=4, help="novel-level cross-validation folds for the report")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    root = SHARED_DATA / "pdnc"
    folders = sorted(p.name for p in (root / "data").iterdir() if (p / "quotation_info.csv").exists())
    split = root / "splits" / "leave-x-out" / args.split
    with (split / "train.csv").open(encoding="utf-8") as handle:
        train_ids = {(P._folder(r[0], folders), r[1]) for r in csv.reader(handle) if r and r[0] != "novel"}
    names = sorted({n for n, _ in train_ids})
    pipeline = without_canon(Pipeline.build(STAGES))
    novels = {n: prepared(root / "data" / n, pipeline) for n in names}
    keep = {n: {q for m, q in train_ids if m == n} for n in names}
    # Novel-level cross-validation: how the model does on novels it never saw.
    totals = [0.0] * (args.passes + 1)
    held = 0
    for k in range(args.folds):
        out = names[k :: args.folds]
        inside = [n for n in names if n not in out]
        passes = train([novels[n] for n in inside], [keep[n] for n in inside], args.passes)
        figures = [accuracy([novels[n] for n in out], passes[:p]) for p in range(args.passes + 1)]
        held += figures[0][1]
        for p, (acc, n) in enumerate(figures):
            totals[p] += acc * n
        print(f"fold {k}: {', '.join(out)}: " + ", ".join(f"{p} passes {acc:.4f}" for p, (acc, _) in enumerate(figures)))
    print(f"unseen novels ({held} quotes): " + ", ".join(f"{p} passes {t / held:.4f}" for p, t in enumerate(totals)) +
          " (0 passes: the rules alone)")
    passes = train([novels[n] for n in names], [keep[n] for n in names], args.passes)
    if not args.no_write:
        OUT.write_text(json.dumps({"split": args.split, "trained_on": names, "C": C,
                                   "passes": [dict(sorted(w.items())) for w in passes]}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
