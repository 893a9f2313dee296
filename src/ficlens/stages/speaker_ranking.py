"""A second look at each quotation's speaker: the rules' choice weighed against everyone in view.

The rules (speakers.py) are right almost always when a tag names the speaker, and much less
often when turn-taking or the nearest name has to decide. Here every character named around a
quotation, or speaking just before or after it, is a candidate, described by a few facts a
reader weighs (did a rule pick them and how, did they speak the turn before last, does the quote
call them by name, how near was their name, does "she said" fit them); a logistic model learnt
on PDNC novels (`scripts/train_speaker_model.py`) scores each, and the best scored speaks.
The weights live in `speaker_ranking.json`; without that file the rules stand alone.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from ficlens.model import Mention, Quote

#: How far around a quote a named character is a candidate (characters).
BEFORE, AFTER = 2000, 400
#: How many candidates by nearness, besides the speakers of the turns around.
MAX_NAMED = 6
#: How a rule found a speaker, for the choices that anchor an exchange.
ANCHORS = ("tag", "beat", "preceding", "reply")
_TAG_PRONOUN_AFTER = re.compile(r"[\s,—–-]*(?:\w+\s+){0,1}?(he|she)\b", re.IGNORECASE)
_TAG_PRONOUN_BEFORE = re.compile(r"\b(he|she)\s+\w+(?:\s+\w+)?[,:]?\s*$", re.IGNORECASE)
MODEL_FILE = "speaker_ranking.json"

Features = dict[str, float]


def candidates(quotes: Sequence[Quote], i: int, names: list[Mention], name_starts: list[int],
               narrator: str | None) -> list[str]:
    """The rule's pick, the speakers of the turns around, the narrator, and the nearest named."""
    q = quotes[i]
    out: list[str] = []
    for j in (i, i - 1, i - 2, i + 1, i + 2):
        if 0 <= j < len(quotes) and quotes[j].speaker and quotes[j].kind == "speech":
            out.append(quotes[j].speaker)  # type: ignore[arg-type]
    if narrator:
        out.append(narrator)
    lo, hi = bisect_left(name_starts, q.start - BEFORE), bisect_right(name_starts, q.end + AFTER)
    near = sorted(names[lo:hi], key=lambda m: abs(m.start - q.start))
    named: list[str] = []
    for m in near:
        if m.character not in named:
            named.append(m.character)
        if len(named) >= MAX_NAMED:
            break
    return list(dict.fromkeys(out + named))


def features(text: str, quotes: Sequence[Quote], i: int, cands: list[str], how: Sequence[str | None],
             para_of: Sequence[int], paragraphs: Sequence[tuple[int, int]], names: list[Mention], name_starts: list[int],
             inside: Callable[[Quote], list[Mention]], vocatives: Callable[[Quote], list[Mention]],
             gender: dict[str, str], mentions: dict[str, int], narrator: str | None,
             told: Sequence[str | None] = ()) -> list[Features]:
    """What a reader weighs about each candidate as the speaker of quote i (see the module
    docstring). What concerns the quote alone is read once, then each candidate is described."""
    q = quotes[i]
    same_para_before = bool(i) and para_of[i - 1] == para_of[i]
    named_inside = {m.character for m in inside(q)}
    called = {m.character for m in vocatives(q)}
    called_before = {m.character for m in vocatives(quotes[i - 1])} if i else None
    # Whom the tag of the turn before said it was for ("she said to me"): likely to answer.
    j = i - 1
    while j >= 0 and para_of[j] == para_of[i]:
        j -= 1
    told_before = told[j] if 0 <= j < len(told) and para_of[i] - para_of[j] <= 2 else None
    p_start, p_end = paragraphs[para_of[i]]
    prev_start = paragraphs[para_of[i] - 1][0] if para_of[i] > 0 else None
    lo, hi = bisect_left(name_starts, q.start - BEFORE), bisect_right(name_starts, q.end + AFTER)
    window = names[lo:hi]
    last_before = next((m.character for m in reversed(window) if m.start < q.start), None)
    # The pronoun of a lead-in ("he said:") only: which "she" a tag after the quote means, the
    # rules settle with the vocatives and turns this model does not see.
    said = lead_in_pronoun(text, q, p_start)
    # Which of the people of that gender named last: the last, or the one before.
    order = list(dict.fromkeys(m.character for m in reversed(window) if m.start < q.start
                               and gender.get(m.character) == said)) if said else []
    # The same facts weigh differently by how the rules decided this quote: after a tag the
    # rule is nearly always right, after turn-taking the turn before last matters more.
    context = how[i] or "none"
    if context == "tag" and said:
        context = "pronoun_tag"  # "he said": which "he" is the question

    def one(cand: str) -> Features:
        f: Features = {"bias": 1.0}
        if q.speaker == cand:
            f["rule"] = 1.0
            f[f"rule_{how[i] or 'none'}"] = 1.0

        def spoke(j: int) -> bool:
            return 0 <= j < len(quotes) and quotes[j].speaker == cand and quotes[j].kind == "speech"

        f["prev_same_para"] = float(same_para_before and spoke(i - 1))
        for name, j in (("prev1", i - 1), ("prev2", i - 2), ("next1", i + 1), ("next2", i + 2)):
            if spoke(j) and not (name == "prev1" and same_para_before):
                f[name] = 1.0
                if how[j] in ANCHORS:
                    f[name + "_anchored"] = 1.0
        f["told_before"] = float(cand == told_before)
        f["named_inside"] = float(cand in named_inside)
        f["vocative"] = float(cand in called)
        if called_before is not None:
            f["called_before"] = float(cand in called_before)
        before = [m.start for m in window if m.character == cand and m.start < q.start]
        after = [m.start for m in window if m.character == cand and m.start >= q.end]
        f["in_para_before"] = float(any(s >= p_start for s in before))
        if prev_start is not None:
            f["in_prev_para"] = float(any(prev_start <= s < p_start for s in before))
        f["last_named"] = float(last_before == cand)
        f["in_para_after"] = float(any(s < p_end for s in after))
        f["dist_before"] = math.log1p(q.start - before[-1]) / 8 if before else 1.0
        f["none_before"] = float(not before)
        f["dist_after"] = math.log1p(after[0] - q.end) / 8 if after else 1.0
        f["window_count"] = math.log1p(len(before) + len(after)) / 3
        f["frequency"] = math.log1p(mentions.get(cand, 0)) / 8
        f["narrator"] = float(cand == narrator)
        g = gender.get(cand, "unknown")
        if said and g in ("male", "female"):
            f["pronoun_fits" if said == g else "pronoun_clashes"] = 1.0
            if cand in order[:3]:
                f[f"gender_rank{order.index(cand)}"] = 1.0
        for k, v in list(f.items()):
            if k != "bias" and v:
                f[f"{context}|{k}"] = v
        return f

    return [one(c) for c in cands]


def tag_pronoun(text: str, q: Quote, p_start: int, p_end: int) -> str | None:
    """"she said" right after the quote or "he said:" right before: the gender of the speaker."""
    m = _TAG_PRONOUN_AFTER.match(text, q.end, min(p_end, q.end + 30))
    if not m:
        return lead_in_pronoun(text, q, p_start)
    return "female" if m.group(1).lower() == "she" else "male"


def lead_in_pronoun(text: str, q: Quote, p_start: int) -> str | None:
    """"he said:" right before the quote: the gender of the speaker."""
    m = _TAG_PRONOUN_BEFORE.search(text, max(p_start, q.start - 30), q.start)
    if not m:
        return None
    return "female" if m.group(1).lower() == "she" else "male"


@lru_cache(maxsize=1)
def shipped_passes() -> list[dict[str, float]]:
    """The shipped model's passes (each a weight per feature); none when the file is missing."""
    try:
        raw: dict[str, Any] = json.loads(resources.files(__package__).joinpath(MODEL_FILE).read_text("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return []
    return [{str(k): float(v) for k, v in weights.items()} for weights in raw.get("passes", [])]


def score(f: Features, weights: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in f.items())
