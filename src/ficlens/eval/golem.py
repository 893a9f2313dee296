"""`ficlens eval golem`: character coreference on GOLEMcoref English fanfiction.

The default file is `../shared/data/golem-en/dev.conllu` (only the dev part is shipped: the test
stories are held out); `--file` takes any CorefUD file. Each document's text is rebuilt from its
tokens (with `SpaceAfter=No`), analysed by the whole pipeline, and ficlens's character mentions
(names and pronouns, clustered by character) and its groups of characters (the entity groups
holding a plural pronoun: "the brothers ... they") are scored against the gold entities with scorch
(MUC, B³, CEAF-e; `conll_f1` is their mean). LEA (Moosavi and Strube, 2016) is not in scorch and
is computed here from its definition; `mention_f1` is exact token-span match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Any

from scorch import scores

from ficlens.errors import InputError
from ficlens.eval import SHARED_DATA
from ficlens.model import Work
from ficlens.pipeline import Pipeline
from ficlens.stages.entities.groups import plural_pronoun

_ENTITY = re.compile(r"\(([^()|]+)(\))?|([^()|]+)\)")


def evaluate_golem(path: Path | None = None) -> dict[str, Any]:
    source = path or SHARED_DATA / "golem-en" / "dev.conllu"
    if not source.exists():
        raise InputError(f"{source}: not found (pass --file with a CorefUD .conllu file)")
    docs = read_conllu(source)
    if not docs:
        raise InputError(f"{source}: no documents")
    pipeline = Pipeline.build()
    keys, responses, per_doc = [], [], {}
    for name, (text, spans, gold) in docs.items():
        work = pipeline(Work(text=text))
        response = _clusters(work, spans)
        keys.append(gold)
        responses.append(response)
        per_doc[name] = round(scores.conll2012(gold, response), 4)
    # Documents are scored as one: mentions are made unique per document first.
    key = [{(d, m) for m in c} for d, doc in enumerate(keys) for c in doc]
    response = [{(d, m) for m in c} for d, doc in enumerate(responses) for c in doc]
    muc, b3, ceaf = scores.muc(key, response), scores.b_cubed(key, response), scores.ceaf_e(key, response)
    gold_mentions = {m for c in key for m in c}
    pred_mentions = {m for c in response for m in c}
    tp = len(gold_mentions & pred_mentions)
    p = tp / len(pred_mentions) if pred_mentions else 0.0
    r = tp / len(gold_mentions) if gold_mentions else 0.0
    return {
        "conll_f1": round(100 * (muc[2] + b3[2] + ceaf[2]) / 3, 2),
        "lea_f1": round(100 * lea(key, response)[2], 2),
        "mention_f1": round(100 * (2 * p * r / (p + r) if p + r else 0.0), 2),
        "muc_f1": round(100 * muc[2], 2), "b3_f1": round(100 * b3[2], 2), "ceafe_f1": round(100 * ceaf[2], 2),
        "documents": len(docs), "per_document_conll": per_doc,
    }


def read_conllu(path: Path) -> dict[str, tuple[str, list[tuple[int, int]], list[set[tuple[int, int]]]]]:
    """Per document: its text, each token's character span, and the gold clusters as sets of
    (first token, last token) spans."""
    docs: dict[str, tuple[list[str], list[tuple[int, int]], dict[str, set[tuple[int, int]]]]] = {}
    name = None
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    clusters: dict[str, set[tuple[int, int]]] = {}
    open_: dict[str, list[int]] = {}
    length = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            name = line.split("=", 1)[1].strip()
            pieces, spans, clusters, open_, length = [], [], {}, {}, 0
            docs[name] = (pieces, spans, clusters)
            continue
        if not line or line.startswith("#") or name is None:
            if not line and pieces and not pieces[-1].endswith((" ", "\n")):
                pieces.append(" ")
                length += 1
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        form, misc = cols[1], cols[9]
        index = len(spans)
        spans.append((length, length + len(form)))
        pieces.append(form)
        length += len(form)
        if "SpaceAfter=No" not in misc:
            pieces.append(" ")
            length += 1
        entity = next((f.split("=", 1)[1] for f in misc.split("|") if f.startswith("Entity=")), "")
        for m in _ENTITY.finditer(entity):
            if m.group(1):
                eid = m.group(1).split("-")[0]
                if m.group(2):
                    clusters.setdefault(eid, set()).add((index, index))
                else:
                    open_.setdefault(eid, []).append(index)
            else:
                eid = m.group(3).split("-")[0]
                if open_.get(eid):
                    clusters.setdefault(eid, set()).add((open_[eid].pop(), index))
    return {n: ("".join(p), s, list(c.values())) for n, (p, s, c) in docs.items()}


def _clusters(work: Work, spans: list[tuple[int, int]]) -> list[set[tuple[int, int]]]:
    starts = [a for a, _ in spans]
    by_character: dict[str, set[tuple[int, int]]] = {}
    for m in work.mentions:
        first = bisect_right(starts, m.start) - 1
        last = bisect_right(starts, m.end - 1) - 1
        if first < 0:
            continue
        by_character.setdefault(m.character, set()).add((first, last))
    # Groups of characters too ("the brothers ... they"): the entity groups that hold a plural
    # pronoun. The entity layer's other people are seldom more than a passing "a waiter".
    linked = {span for c in by_character.values() for span in c}
    plural = {e.group for e in work.entities if plural_pronoun(work.text[e.start : e.end])}
    groups: dict[int, set[tuple[int, int]]] = {}
    for e in work.entities:
        first = bisect_right(starts, e.start) - 1
        last = bisect_right(starts, e.end - 1) - 1
        if e.label == "PER" and e.group in plural and first >= 0 and (first, last) not in linked:
            groups.setdefault(e.group, set()).add((first, last))
    return list(by_character.values()) + list(groups.values())


def lea(key: list[set], response: list[set]) -> tuple[float, float, float]:
    """LEA recall, precision and F1: each entity weighs by its size and scores by the share of its
    coreference links the other side recovers (a singleton's one "self-link" counts too)."""

    def links(n: int) -> int:
        return n * (n - 1) // 2

    def score(a: list[set], b: list[set]) -> float:
        where = {m: k for k, cluster in enumerate(b) for m in cluster}
        total = weight = 0.0
        for cluster in a:
            size = len(cluster)
            if size == 1:
                (m,) = cluster
                k = where.get(m)
                resolved = 1.0 if k is not None and len(b[k]) == 1 else 0.0
            else:
                overlap: dict[int, int] = {}
                for m in cluster:
                    if m in where:
                        overlap[where[m]] = overlap.get(where[m], 0) + 1
                resolved = sum(links(n) for n in overlap.values()) / links(size)
            total += size * resolved
            weight += size
        return total / weight if weight else 0.0

    r, p = score(key, response), score(response, key)
    return r, p, (2 * p * r / (p + r) if p + r else 0.0)
