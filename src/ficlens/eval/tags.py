"""`ficlens eval tags`: relationships, warnings, rating and fandoms on hand-labelled works
(`corpus/tags/{dev,test}/labels.yaml`).

Entries are our own stories (beside the labels), AO3 pages, public-domain novels and GOLEM
stories named by `source` under `../shared/data` (`golem-en/dev.conllu#DOC` is that document's
sentences). The author's declared tags are removed before analysis, so they cannot leak into
the answer. Scoring:

- pairs: romantic pairs, predicted as `tags.relationships` romances, match gold pairs when both
  people match by name, alias or canonical name, in either order;
- kind accuracy: over gold pairs ficlens found at all (any kind), is the kind right;
- warnings: micro precision/recall over the four real warnings ("No Archive Warnings Apply" is the
  empty set; works whose author chose not to warn are not scored);
- fandoms: the exact set, where fandoms ficlens has no file for are expected to be absent;
- rating and category: exact ("Not Rated" is not scored); content: precision/recall over the
  freeform tags ficlens can infer at all.
`dev` is for tuning, `test` is held out and only scored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ficlens.errors import InputError
from ficlens.eval import PROJECT_ROOT, SHARED_DATA, labelled_splits, name_key, split_report
from ficlens.ingest import read_bytes, read_path
from ficlens.model import Character, Work
from ficlens.pipeline import Pipeline

DEFAULT_DATA = PROJECT_ROOT / "corpus" / "tags"
REAL_WARNINGS = ("Graphic Depictions Of Violence", "Major Character Death", "Rape/Non-Con", "Underage Sex")
NOT_WARNED = "Creator Chose Not To Use Archive Warnings"
#: The freeform tags ficlens infers; gold content tags outside this list are not scored.
INFERABLE = ("Self-Harm", "Suicide Attempt", "Suicidal Thoughts", "Abuse", "Drug Use", "Alcohol", "Eating Disorders",
             "Panic Attacks", "Depression", "Kidnapping", "Break Up", "Angst", "Fluff", "Humor", "Hurt/Comfort",
             "Character Death", "Fake/Temporary Character Death", "Romance", "Happy Ending", "Epistolary",
             "Alternate Universe - Modern Setting", "Post-Canon")


def evaluate_tags(path: Path | None = None) -> dict[str, Any]:
    root = path or DEFAULT_DATA
    splits = labelled_splits(root)
    pipeline = Pipeline.build(_stage_names())
    per_split = {name: _score_split(folder, pipeline) for name, folder in splits.items()}
    return split_report(per_split, _figures)


def _stage_names() -> list[str]:
    """The default pipeline with the relations stages before `stats`, registered here if the
    pipeline does not list them yet."""
    from ficlens.pipeline import _FACTORIES, DEFAULT_STAGES, register, register_stages
    from ficlens.stages.relations import RelationshipsStage, TagsStage

    register_stages()
    for name, factory in (("relationships", RelationshipsStage), ("tags", TagsStage)):
        if name not in _FACTORIES:
            register(name, factory, default=False)
    names = [n for n in DEFAULT_STAGES if n not in ("relationships", "tags")]
    at = names.index("stats") if "stats" in names else len(names)
    return names[:at] + ["relationships", "tags"] + names[at:]


def load_work(folder: Path, name: str, label: dict[str, Any], data: Path = SHARED_DATA) -> Work:
    """The labelled work, with the author's declared tags removed."""
    source = label.get("source")
    if not source:
        work = read_path(folder / name)
    else:
        file, _, doc = str(source).partition("#")
        path = data / file
        if not path.exists():
            raise InputError(f"{name}: source {path} not found")
        work = read_bytes(conllu_text(path, doc).encode("utf-8"), name, fmt="text") if doc else read_path(path)
    work.info.declared_tags = {}
    return work


def conllu_text(path: Path, doc: str) -> str:
    """One document of a CoNLL-U file, as its `# text =` sentences joined by spaces."""
    sentences: list[str] = []
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            inside = line.split("=", 1)[1].strip() == doc
        elif inside and line.startswith("# text ="):
            sentences.append(line.split("=", 1)[1].strip())
    if not sentences:
        raise InputError(f"{path}: no document '{doc}'")
    return " ".join(sentences)


def _score_split(folder: Path, pipeline: Pipeline) -> dict[str, Any]:
    labels = yaml.safe_load((folder / "labels.yaml").read_text("utf-8")) or {}
    c: dict[str, Any] = {k: 0 for k in ("files", "pair_tp", "pair_fp", "pair_fn", "other_tp", "other_fp", "other_fn",
                                        "kinds", "kinds_right", "warn_tp", "warn_fp", "warn_fn", "warned_files",
                                        "fandoms", "fandoms_right", "ratings", "ratings_right", "categories",
                                        "categories_right", "content_tp", "content_fp", "content_fn")}
    c["errors"] = []
    for name, label in sorted(labels.items()):
        work = pipeline(load_work(folder, name, label))
        c["files"] += 1
        score_work(name, work, label, c)
    return c


def score_work(name: str, work: Work, label: dict[str, Any], c: dict[str, Any]) -> None:
    gold_pairs = [(tuple(p["pair"]), p["kind"]) for p in label.get("relationships") or []]
    names = [n for pair, _ in gold_pairs for n in pair]
    by_id = {ch.id: ch for ch in work.characters}
    tagged = set(work.tags.relationships)

    def gold_of(rel_chars: list[str]) -> set[tuple[str, ...]]:
        matches = [_matches(by_id[i], names) if i in by_id else set() for i in rel_chars]
        return {p for p, _ in gold_pairs if len(matches) == 2 and
                ((p[0] in matches[0] and p[1] in matches[1]) or (p[1] in matches[0] and p[0] in matches[1]))}

    for group, kinds in (("pair", ("romantic",)), ("other", ("family", "platonic"))):
        gold = {p for p, k in gold_pairs if k in kinds}
        found: set[tuple[str, ...]] = set()
        for r in work.relationships:
            if r.tag not in tagged or r.kind not in kinds:
                continue
            hits = gold_of(r.characters) & gold
            if hits:
                found |= hits
            else:
                c[f"{group}_fp"] += 1
                c["errors"].append(f"{name}: extra {r.kind} {r.tag}")
        c[f"{group}_tp"] += len(found)
        c[f"{group}_fn"] += len(gold - found)
        c["errors"] += [f"{name}: missed {group} {' / '.join(p)}" for p in sorted(gold - found)]

    for p, kind in gold_pairs:
        rel = next((r for r in work.relationships if p in gold_of(r.characters)), None)
        if rel is not None:
            c["kinds"] += 1
            c["kinds_right"] += rel.kind == kind
            if rel.kind != kind:
                c["errors"].append(f"{name}: {' / '.join(p)} is {rel.kind} (gold {kind})")

    gold_w = label.get("warnings") or []
    if NOT_WARNED not in gold_w:
        c["warned_files"] += 1
        g, w = set(gold_w) & set(REAL_WARNINGS), set(work.tags.warnings) & set(REAL_WARNINGS)
        c["warn_tp"] += len(g & w)
        c["warn_fp"] += len(w - g)
        c["warn_fn"] += len(g - w)
        if g != w:
            c["errors"].append(f"{name}: warnings {sorted(w)} (gold {sorted(g)})")
    if "fandoms" in label:
        c["fandoms"] += 1
        gold_f = sorted(f for f in label.get("fandoms") or [] if f in _known_fandoms())
        c["fandoms_right"] += sorted(work.tags.fandoms) == gold_f
        if sorted(work.tags.fandoms) != gold_f:
            c["errors"].append(f"{name}: fandoms {work.tags.fandoms} (gold {gold_f})")
    if label.get("rating") and label["rating"] != "Not Rated":
        c["ratings"] += 1
        c["ratings_right"] += work.tags.rating == label["rating"]
        if work.tags.rating != label["rating"]:
            c["errors"].append(f"{name}: rating {work.tags.rating} (gold {label['rating']})")
    if label.get("category"):
        c["categories"] += 1
        c["categories_right"] += sorted(work.tags.category) == sorted(label["category"])
        if sorted(work.tags.category) != sorted(label["category"]):
            c["errors"].append(f"{name}: category {work.tags.category} (gold {label['category']})")
    gold_c = {t for t in label.get("content") or [] if t in INFERABLE}
    mine = {t for t in work.tags.freeform if t in INFERABLE}
    c["content_tp"] += len(gold_c & mine)
    c["content_fp"] += len(mine - gold_c)
    c["content_fn"] += len(gold_c - mine)


def _matches(ch: Character, gold_names: list[str]) -> set[str]:
    """The gold names this character goes by: a full name, alias or canonical name, or a
    single name that is part of exactly one gold name ("Jane" for "Patrick Jane")."""
    forms = {name_key(f) for f in (ch.name, ch.canonical or "", *ch.aliases) if f}
    out = set()
    for g in set(gold_names):
        full = {name_key(g), name_key(re.sub(r"\s*\([^)]*\)", "", g))}
        if forms & full:
            out.add(g)
    for f in forms:
        if " " in f or len(f) < 2:
            continue
        # Words of the name, a nickname in quotes among them ('Theodore "Laurie" Laurence').
        owners = {g for g in set(gold_names) if f in re.findall(r"[\w'’.-]+", name_key(re.sub(r"\s*\([^)]*\)", "", g)))}
        if len(owners) == 1:
            out |= owners
    return out




def _known_fandoms() -> set[str]:
    from ficlens.knowledge import load_fandoms

    return {f.name for f in load_fandoms()}


def _figures(c: dict[str, Any]) -> dict[str, Any]:
    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "pair_precision": ratio(c["pair_tp"], c["pair_tp"] + c["pair_fp"]),
        "pair_recall": ratio(c["pair_tp"], c["pair_tp"] + c["pair_fn"]),
        "other_pair_precision": ratio(c["other_tp"], c["other_tp"] + c["other_fp"]),
        "other_pair_recall": ratio(c["other_tp"], c["other_tp"] + c["other_fn"]),
        "kind_accuracy": ratio(c["kinds_right"], c["kinds"]),
        "warning_precision": ratio(c["warn_tp"], c["warn_tp"] + c["warn_fp"]),
        "warning_recall": ratio(c["warn_tp"], c["warn_tp"] + c["warn_fn"]),
        "fandom_accuracy": ratio(c["fandoms_right"], c["fandoms"]),
        "rating_accuracy": ratio(c["ratings_right"], c["ratings"]),
        "category_accuracy": ratio(c["categories_right"], c["categories"]),
        "content_precision": ratio(c["content_tp"], c["content_tp"] + c["content_fp"]),
        "content_recall": ratio(c["content_tp"], c["content_tp"] + c["content_fn"]),
        "files": c["files"],
        "errors": c["errors"],
    }
