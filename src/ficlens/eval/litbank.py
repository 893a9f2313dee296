"""`ficlens eval litbank-entities` and `ficlens eval litbank-coref`.

LitBank's files are tokenised one sentence a line, which hides the paragraphs ficlens reads
dialogue by, so each excerpt is analysed in its untokenised form from `original/` and every
span is carried between the two texts character by character (`align`). `--data` takes a
folder laid out like `litbank/`.

Entities: the entity models (`stages/entities`) are trained on LitBank, so they are scored by
the protocol's 10-fold cross-validation: each fold's models learn from its `train` documents
only and tag its `test` documents, on LitBank's own tokens. Gold spans come from the four nested
BIO layers of `entities/tsv`, read into spans with seqeval; a span counts when its category and
both ends match (micro-averaged over all six categories, and for PER alone). Coreference: ficlens's character
clusters (names, descriptions and pronouns) and its other entities against all gold entities,
with scorch (MUC, B³, CEAF-e), the entity models cross-validated in the same folds.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ficlens.errors import InputError
from ficlens.eval import SHARED_DATA, without_canon
from ficlens.model import Work
from ficlens.pipeline import Pipeline, stage_names

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "`": "'"})


def align(tokenised: str, source: str) -> list[int]:
    """For each character of the tokenised text, the offset of the same character in `source`
    (whitespace skipped on both sides; curly and straight quotes alike)."""
    mapping = [0] * (len(tokenised) + 1)
    a = tokenised.translate(_QUOTES)
    b = source.translate(_QUOTES)
    j = 0
    for i, ch in enumerate(a):
        if ch.isspace():
            mapping[i] = j
            continue
        k = j
        while k < len(b) and b[k].isspace():
            k += 1
        if k < len(b) and b[k] == ch:
            j = k + 1
            mapping[i] = k
            continue
        found = b.find(ch, k, k + 40)  # a character the tokeniser changed: resynchronise nearby
        mapping[i] = found if found >= 0 else k
        j = (found + 1) if found >= 0 else k
    mapping[len(tokenised)] = j
    return mapping


def token_offsets(text: str) -> list[list[tuple[int, int]]]:
    """Character span of every token of a LitBank text, by sentence (line) and position."""
    sentences, pos = [], 0
    for line in text.split("\n"):
        tokens, cursor = [], pos
        for token in line.split(" "):
            if token:
                tokens.append((cursor, cursor + len(token)))
            cursor += len(token) + 1
        sentences.append(tokens)
        pos += len(line) + 1
    return sentences


def analysed(root: Path, name: str, text: str, pipeline: Pipeline) -> tuple[Work, list[int]]:
    """The excerpt analysed in its original form, and the tokenised-to-original offset map."""
    original = root / "original" / (name.replace("_brat", "") + ".txt")
    source = original.read_text(encoding="utf-8") if original.exists() else text
    to_source = align(text, source) if original.exists() else list(range(len(text) + 1))
    end = min(len(source), to_source[len(text.rstrip()) - 1] + 2)
    return pipeline(Work(text=source[:end])), to_source


def _back(to_source: list[int]) -> dict[int, int]:
    back: dict[int, int] = {}
    for i, j in enumerate(to_source[:-1]):
        back.setdefault(j, i)
    return back


def evaluate_litbank_entities(path: Path | None = None) -> dict[str, Any]:
    """10-fold cross-validation of the entity models: per fold, train on its `train` documents,
    tag its `test` documents (LitBank's own tokens and sentences), and pool the counts."""
    root = path or SHARED_DATA / "litbank"
    tsv_dir = root / "entities" / "tsv"
    folds = sorted((root / "splits").glob("[0-9]*"), key=lambda p: int(p.name))
    if not any(tsv_dir.glob("*.tsv")) or not folds:
        raise InputError(f"{root}: no LitBank entity files (entities/tsv) or splits")
    jobs = [(str(tsv_dir), str(fold)) for fold in folds]
    workers = min(len(jobs), os.cpu_count() or 1)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results = pool.starmap(_fold_counts, jobs)
    counts = {key: [sum(r[key][i] for r in results) for i in range(3)] for key in ("all", "PER")}

    def f1(tp: int, pred: int, gold: int) -> float:
        p, r = (tp / pred if pred else 0.0), (tp / gold if gold else 0.0)
        return round(100 * 2 * p * r / (p + r), 2) if p + r else 0.0

    return {
        "f1": f1(*counts["all"]), "per_f1": f1(*counts["PER"]),
        "precision": round(100 * counts["all"][0] / counts["all"][1], 2) if counts["all"][1] else 0.0,
        "recall": round(100 * counts["all"][0] / counts["all"][2], 2) if counts["all"][2] else 0.0,
        "documents": sum(r["documents"] for r in results),
        "protocol": f"{len(folds)}-fold cross-validation over litbank/splits (train on train, score test)",
    }


def _fold_counts(tsv_dir: str, fold: str) -> dict[str, Any]:
    import tempfile

    from ficlens.stages.entities.tagger import tag
    from ficlens.stages.entities.training import read_tsv, train

    def docs(part: str) -> list[Path]:
        names = (Path(fold) / f"{part}.ids").read_text(encoding="utf-8").split()
        return [Path(tsv_dir) / name for name in names]

    counts: dict[str, Any] = {"all": [0, 0, 0], "PER": [0, 0, 0]}
    with tempfile.TemporaryDirectory(prefix="ficlens-entities-") as models:
        train([read_tsv(p) for p in docs("train")], Path(models))
        test = docs("test")
        for tsv in test:
            gold = set(_gold_spans(tsv))
            pred = set()
            offset = 0
            for sentence in read_tsv(tsv):
                words = [w for w, _ in sentence]
                pred |= {(label, offset + a, offset + b - 1) for label, a, b in tag(words, folder=models)}
                offset += len(words)
            for key, keep in (("all", lambda s: True), ("PER", lambda s: s[0] == "PER")):
                g = {x for x in gold if keep(x)}
                p = {x for x in pred if keep(x)}
                counts[key][0] += len(g & p)
                counts[key][1] += len(p)
                counts[key][2] += len(g)
    counts["documents"] = len(test)
    return counts


def _gold_spans(tsv: Path) -> Iterator[tuple[str, int, int]]:
    """Every gold entity as (type, first token, last token), through all nested layers."""
    from seqeval.metrics.sequence_labeling import get_entities

    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines() if line.strip()]
    for layer in range(1, 5):
        tags = [row[layer] if len(row) > layer and row[layer] else "O" for row in rows]
        yield from get_entities(tags)


def evaluate_litbank_coref(path: Path | None = None) -> dict[str, Any]:
    """Every entity ficlens reports against every gold entity: its character clusters (names,
    descriptions, pronouns) and the other spans the entities stage marks (a place, a building, a
    person who is no character), grouped as that stage groups them (by name). The entity models
    learn from LitBank, so they are cross-validated as in `litbank-entities`: each fold's
    documents are analysed with models trained on its `train` documents. A folder without
    `splits/` is read without the entities stage."""
    from scorch import scores

    root = path or SHARED_DATA / "litbank"
    files = sorted((root / "coref" / "conll").glob("*.conll"))
    if not files:
        raise InputError(f"{root}/coref/conll: no LitBank coreference files")
    folds = sorted((root / "splits").glob("[0-9]*"), key=lambda p: int(p.name))
    tsv_dir = root / "entities" / "tsv"
    index = {f.stem: d for d, f in enumerate(files)}
    if folds and any(tsv_dir.glob("*.tsv")):
        jobs = []
        for fold in folds:
            test = [n.removesuffix(".tsv") for n in (fold / "test.ids").read_text(encoding="utf-8").split()]
            jobs.append((str(root), str(fold), [(index[n], str(files[index[n]])) for n in test if n in index]))
        workers = min(len(jobs), os.cpu_count() or 1)
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            results = pool.starmap(_fold_coref, jobs)
        protocol = f"{len(folds)}-fold cross-validation of the entity models over litbank/splits"
        documents = sum(len(job[2]) for job in jobs)
    else:
        results = [_fold_coref(str(root), None, list(enumerate(map(str, files))))]
        protocol = "all documents, without the entities stage"
        documents = len(files)
    key = [c for k, _ in results for c in k]
    response = [c for _, r in results for c in r]
    muc, b3, ceaf = (float(f(key, response)[2]) for f in (scores.muc, scores.b_cubed, scores.ceaf_e))
    return {
        "conll_f1": round(100 * (muc + b3 + ceaf) / 3, 2),
        "muc_f1": round(100 * muc, 2), "b3_f1": round(100 * b3, 2), "ceafe_f1": round(100 * ceaf, 2),
        "documents": documents, "protocol": protocol,
    }


Clusters = list[set[tuple[int, int, int]]]


def _fold_coref(root_name: str, fold: str | None, documents: list[tuple[int, str]]) -> tuple[Clusters, Clusters]:
    """Gold and ficlens clusters over one fold's test documents, as (document, first token, last token)."""
    import tempfile

    from ficlens.stages.entities import EntitiesStage
    from ficlens.stages.entities.training import read_tsv, train

    root = Path(root_name)
    key: Clusters = []
    response: Clusters = []
    with tempfile.TemporaryDirectory(prefix="ficlens-coref-") as models:
        if fold is None:
            pipeline = without_canon(Pipeline.build([name for name in stage_names() if name != "entities"]))
        else:
            names = (Path(fold) / "train.ids").read_text(encoding="utf-8").split()
            train([read_tsv(root / "entities" / "tsv" / name) for name in names], Path(models))
            pipeline = without_canon(Pipeline.build(stage_names()))
            for k, stage in enumerate(pipeline.stages):
                if stage.name == "entities":
                    pipeline.stages[k] = EntitiesStage(models)
        for d, conll_name in documents:
            conll = Path(conll_name)
            tokens, clusters = _read_conll(conll)
            text_path = root / "coref" / "tsv" / conll.with_suffix(".txt").name
            text = text_path.read_text(encoding="utf-8") if text_path.exists() else "\n".join(" ".join(s) for s in tokens)
            flat = [t for sentence in token_offsets(text) for t in sentence]
            work, to_source = analysed(root, conll.stem, text, pipeline)
            back = _back(to_source)
            starts = {a: k for k, (a, _) in enumerate(flat)}
            ends = {b: k for k, (_, b) in enumerate(flat)}

            def tokens_of(start: int, end: int) -> tuple[int, int, int] | None:
                a, b = back.get(start), back.get(end - 1)
                if a in starts and b is not None and b + 1 in ends:
                    return (d, starts[a], ends[b + 1])
                return None

            ours: dict[str, set[tuple[int, int, int]]] = {}
            for m in work.mentions:
                span = tokens_of(m.start, m.end)
                if span:
                    ours.setdefault(m.character, set()).add(span)
            linked = {span for c in ours.values() for span in c}
            others: dict[object, set[tuple[int, int, int]]] = {}
            for k, e in enumerate(work.entities):
                span = tokens_of(e.start, e.end)
                if span and span not in linked:
                    others.setdefault(("group", e.group) if e.group is not None else k, set()).add(span)
            key += [{(d, a, b) for a, b in c} for c in clusters]
            response += list(ours.values()) + list(others.values())
    return key, response


def _read_conll(path: Path) -> tuple[list[list[str]], list[set[tuple[int, int]]]]:
    """Sentences of tokens and the gold clusters as (first token, last token) over the document."""
    sentences: list[list[str]] = [[]]
    clusters: dict[str, set[tuple[int, int]]] = {}
    opened: dict[str, list[int]] = {}
    index = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        cols = line.split("\t")
        sentences[-1].append(cols[3])
        tag = cols[-1].strip() if cols[-1].strip() else (cols[-2].strip() if len(cols) > 1 else "_")
        for part in tag.split("|"):
            if part in ("_", "-", ""):
                continue
            eid = part.strip("()")
            if part.startswith("(") and part.endswith(")"):
                clusters.setdefault(eid, set()).add((index, index))
            elif part.startswith("("):
                opened.setdefault(eid, []).append(index)
            elif part.endswith(")") and opened.get(eid):
                clusters.setdefault(eid, set()).add((opened[eid].pop(), index))
        index += 1
    return [s for s in sentences if s], list(clusters.values())
