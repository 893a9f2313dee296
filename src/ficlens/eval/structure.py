"""`ficlens eval structure`: segments and chapters against a hand-labelled set.

Labels (`labels.yaml` beside the stories) name spans by exact text snippets, so one file serves
plain text and HTML alike. `corpus/structure/` holds folders of such sets; the rules are tuned on
`dev*` and the headline figures come from `test`, which is only ever scored. Scores are character-level over non-space characters, summed over
all files of a split (micro average); chapters count as right only when every heading matches.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ficlens.errors import InputError
from ficlens.eval import PROJECT_ROOT, labelled_splits, split_report
from ficlens.model import Work
from ficlens.pipeline import Pipeline
from ficlens.ingest import read_path

SCORED_KINDS = ("author_note", "letter", "message", "lyrics", "disclaimer", "summary")
DEFAULT_DATA = PROJECT_ROOT / "corpus" / "structure"


def evaluate_structure(path: Path | None = None) -> dict[str, Any]:
    root = path or DEFAULT_DATA
    splits = labelled_splits(root)
    pipeline = Pipeline.build(["structure"])
    per_split = {name: _score_split(folder, pipeline) for name, folder in splits.items()}
    # The headline is the held-out split when there is one: the rules were tuned on the others.
    return split_report(per_split, _figures, None if "test" in per_split else _merge(list(per_split.values())))


def _score_split(folder: Path, pipeline: Pipeline) -> dict[str, Any]:
    labels = yaml.safe_load((folder / "labels.yaml").read_text("utf-8")) or {}
    counts: dict[str, Any] = {k: [0, 0, 0] for k in SCORED_KINDS}
    counts.update(files=0, chapters_right=0, breaks_right=0, misses=[])
    for name, label in sorted(labels.items()):
        work = pipeline(read_path(folder / name))
        counts["files"] += 1
        for kind in SCORED_KINDS:
            gold = gold_chars(work, label.get("segments") or [], kind, name)
            pred = pred_chars(work, kind)
            tp = len(gold & pred)
            counts[kind][0] += tp
            counts[kind][1] += len(pred) - tp
            counts[kind][2] += len(gold) - tp
        titles = [" ".join(c.title.split()) for c in work.chapters if c.title]
        gold_titles = [" ".join(t.split()) for t in label.get("chapters") or []]
        if titles == gold_titles:
            counts["chapters_right"] += 1
        else:
            counts["misses"].append(f"{name}: chapters {titles} != {gold_titles}")
        breaks = len(work.scenes) - len(work.chapters)
        if breaks == int(label.get("scene_breaks", 0)):
            counts["breaks_right"] += 1
    return counts


def gold_chars(work: Work, segments: list[dict[str, Any]], kind: str, name: str) -> set[int]:
    chars: set[int] = set()
    text = work.text
    for seg in segments:
        if seg["kind"] != kind:
            continue
        start = -1
        for _ in range(int(seg.get("occurrence", 1))):
            start = text.find(seg["from"], start + 1)
        end = text.find(seg["to"], max(start, 0))
        if start < 0 or end < 0:
            raise InputError(f"{name}: label snippet not found in the analysed text: {seg['from']!r} / {seg['to']!r}")
        chars.update(i for i in range(start, end + len(seg["to"])) if not text[i].isspace())
    return chars


def pred_chars(work: Work, kind: str) -> set[int]:
    text = work.text
    return {i for s in work.segments if s.kind == kind for i in range(s.start, s.end) if not text[i].isspace()}


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {k: [sum(p[k][n] for p in parts) for n in range(3)] for k in SCORED_KINDS}
    for key in ("files", "chapters_right", "breaks_right"):
        total[key] = sum(p[key] for p in parts)
    total["misses"] = [m for p in parts for m in p["misses"]]
    return total


def _f1(tp: int, fp: int, fn: int) -> float | None:
    if tp + fp + fn == 0:
        return None
    return round(2 * tp / (2 * tp + fp + fn), 4)


def _figures(counts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {f"{kind}_f1": _f1(*counts[kind]) for kind in SCORED_KINDS}
    for kind in ("author_note", "letter"):
        tp, fp, fn = counts[kind]
        out[f"{kind}_precision"] = round(tp / (tp + fp), 4) if tp + fp else None
        out[f"{kind}_recall"] = round(tp / (tp + fn), 4) if tp + fn else None
    files = counts["files"] or 1
    out["chapter_accuracy"] = round(counts["chapters_right"] / files, 4)
    out["scene_break_accuracy"] = round(counts["breaks_right"] / files, 4)
    out["files"] = counts["files"]
    if counts["misses"]:
        out["chapter_misses"] = counts["misses"]
    return out
