"""`ficlens eval dialogue`: speakers of the quotations in hand-labelled fanfics (`corpus/dialogue/`).

Each gold quotation is named by its first words; the predicted quotation that covers them is
scored. Its speaker is right when one of the predicted character's names is a name the labels
give the gold speaker (a first-person narrator counts by the narrator's name). A quotation
ficlens did not find counts as wrong. `dev` is for tuning; `test` is held out and only scored.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from ficlens.errors import InputError
from ficlens.eval import PROJECT_ROOT, identify, labelled_splits, name_key, split_report
from ficlens.ingest import read_path
from ficlens.model import Work
from ficlens.pipeline import Pipeline

DEFAULT_DATA = PROJECT_ROOT / "corpus" / "dialogue"


def evaluate_dialogue(path: Path | None = None) -> dict[str, Any]:
    root = path or DEFAULT_DATA
    splits = labelled_splits(root)
    pipeline = Pipeline.build()
    per_split = {name: _score_split(folder, pipeline) for name, folder in splits.items()}
    return split_report(per_split, _figures)


def _score_split(folder: Path, pipeline: Pipeline) -> dict[str, Any]:
    labels = yaml.safe_load((folder / "labels.yaml").read_text("utf-8")) or {}
    counts: dict[str, Any] = {"right": Counter(), "total": Counter(), "found": 0, "addr_right": 0, "addr_total": 0,
                              "stories": 0, "errors": []}
    for name, label in sorted(labels.items()):
        work = pipeline(read_path(folder / name))
        counts["stories"] += 1
        _score_work(name, work, label, counts)
    return counts


def _score_work(name: str, work: Work, label: dict[str, Any], c: dict[str, Any]) -> None:
    text = work.text
    aliases = {g["name"]: {name_key(a) for a in (g["name"], *(g.get("aliases") or []))} for g in label.get("characters") or []}
    who = identify(work.characters, aliases)
    quotes = sorted(work.quotes, key=lambda q: q.start)
    starts = [q.start for q in quotes]
    cursor = 0
    for gold in label.get("quotes") or []:
        at = text.find(gold["text"], cursor)
        if at < 0:
            at = text.find(gold["text"])
        if at < 0:
            raise InputError(f"{name}: label text not in the story: {gold['text']!r}")
        cursor = at + 1
        kind = gold.get("attribution", "implicit")
        k = bisect_right(starts, at) - 1
        predicted = quotes[k] if k >= 0 and quotes[k].start <= at < quotes[k].end else None
        for key in ("all", kind):
            c["total"][key] += 1
        if predicted is None:
            c["errors"].append(f"{name}: not found {gold['text'][:40]!r}")
            continue
        c["found"] += 1
        want = gold.get("speaker")
        ok = (want is None and predicted.speaker is None) or (
            want is not None and predicted.speaker is not None and who.get(predicted.speaker) == want)
        if ok:
            for key in ("all", kind):
                c["right"][key] += 1
        else:
            got = next((ch.name for ch in work.characters if ch.id == predicted.speaker), None)
            c["errors"].append(f"{name}: {gold['text'][:40]!r} -> {got} (gold {want}, {kind})")
        gold_to = gold.get("addressees") or []
        if gold_to and gold.get("kind", "speech") == "speech":
            c["addr_total"] += 1
            if any(who.get(a) in gold_to for a in predicted.addressees):
                c["addr_right"] += 1




def _figures(c: dict[str, Any]) -> dict[str, Any]:
    def acc(key: str) -> float | None:
        return round(c["right"][key] / c["total"][key], 4) if c["total"][key] else None

    return {
        "speaker_accuracy": acc("all"), "explicit": acc("explicit"), "anaphoric": acc("anaphoric"),
        "implicit": acc("implicit"), "quotes": c["total"]["all"], "stories": c["stories"],
        "detection_recall": round(c["found"] / c["total"]["all"], 4) if c["total"]["all"] else None,
        "addressee_accuracy": round(c["addr_right"] / c["addr_total"], 4) if c["addr_total"] else None,
        "errors": c["errors"],
    }
