"""`ficlens eval characters`: the cast of hand-labelled fanfics (`corpus/characters/`).

A predicted character is right when one of its names is a name the labels give one gold
character, and each gold character is matched at most once: a person split in two costs
precision, two people merged into one cost recall. Narrator identity counts in first-person
stories; gender over the matched characters; fandoms as the exact set. `dev` is for tuning,
`test` is held out and only scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ficlens.eval import PROJECT_ROOT, labelled_splits, split_report
from ficlens.ingest import read_path
from ficlens.model import Work
from ficlens.pipeline import Pipeline

DEFAULT_DATA = PROJECT_ROOT / "corpus" / "characters"


def evaluate_characters(path: Path | None = None) -> dict[str, Any]:
    root = path or DEFAULT_DATA
    splits = labelled_splits(root)
    pipeline = Pipeline.build(["structure", "quotes", "narration", "entities", "characters"])
    per_split = {name: _score_split(folder, pipeline) for name, folder in splits.items()}
    return split_report(per_split, _figures)


def _score_split(folder: Path, pipeline: Pipeline) -> dict[str, Any]:
    labels = yaml.safe_load((folder / "labels.yaml").read_text("utf-8")) or {}
    c: dict[str, Any] = dict(files=0, tp=0, fp=0, fn=0, narrators=0, narrators_right=0, gender=0, gender_right=0,
                             fandoms=0, fandoms_right=0, person=0, person_right=0, errors=[])
    for name, label in sorted(labels.items()):
        work = pipeline(read_path(folder / name))
        c["files"] += 1
        _score_work(name, work, label, c)
    return c


def _score_work(name: str, work: Work, label: dict[str, Any], c: dict[str, Any]) -> None:
    gold = label.get("characters") or []
    owner: dict[str, int] = {}
    for k, g in enumerate(gold):
        for alias in {g["name"], *(g.get("aliases") or [])}:
            owner.setdefault(_norm(alias), k)
    matched: dict[int, str] = {}
    for ch in work.characters:
        if not ch.mentions:
            continue  # an unnamed narrator: scored as narrator identity, not as a name found
        hits = {owner[_norm(a)] for a in (ch.name, *ch.aliases, ch.canonical or "") if _norm(a) in owner}
        free = sorted(h for h in hits if h not in matched)
        if free:
            matched[free[0]] = ch.id
            c["tp"] += 1
            g = gold[free[0]]
            if g.get("gender") in ("male", "female", "nonbinary"):
                c["gender"] += 1
                if ch.gender == g["gender"]:
                    c["gender_right"] += 1
                else:
                    c["errors"].append(f"{name}: {ch.name} gender {ch.gender} (gold {g['gender']})")
        else:
            c["fp"] += 1
            c["errors"].append(f"{name}: extra {ch.name!r}" + (" (split)" if hits else ""))
    for k, g in enumerate(gold):
        if k not in matched:
            c["fn"] += 1
            c["errors"].append(f"{name}: missed {g['name']!r}")
    person = label.get("person")
    if person:
        c["person"] += 1
        c["person_right"] += work.narration.person == person
    if person == "first" and label.get("narrator"):
        c["narrators"] += 1
        gold_k = owner.get(_norm(label["narrator"]))
        if gold_k is not None and matched.get(gold_k) == work.narration.narrator and work.narration.narrator:
            c["narrators_right"] += 1
        else:
            c["errors"].append(f"{name}: narrator {work.narration.narrator} (gold {label['narrator']})")
    if "fandoms" in label:
        c["fandoms"] += 1
        # ficlens can only name fandoms it has a file for; for any other the right answer is none.
        gold_f = sorted(f for f in label.get("fandoms") or [] if f in _known_fandoms())
        if sorted(work.tags.fandoms) == gold_f:
            c["fandoms_right"] += 1
        else:
            c["errors"].append(f"{name}: fandoms {work.tags.fandoms} (gold {gold_f})")


def _known_fandoms() -> set[str]:
    from ficlens.knowledge import load_fandoms

    return {f.name for f in load_fandoms()}


def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def _figures(c: dict[str, Any]) -> dict[str, Any]:
    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    p, r = ratio(c["tp"], c["tp"] + c["fp"]), ratio(c["tp"], c["tp"] + c["fn"])
    return {
        "precision": p,
        "recall": r,
        "f1": round(2 * p * r / (p + r), 4) if p and r else None,
        "narrator_accuracy": ratio(c["narrators_right"], c["narrators"]),
        "gender_accuracy": ratio(c["gender_right"], c["gender"]),
        "fandom_accuracy": ratio(c["fandoms_right"], c["fandoms"]),
        "person_accuracy": ratio(c["person_right"], c["person"]),
        "files": c["files"],
        "errors": c["errors"],
    }
