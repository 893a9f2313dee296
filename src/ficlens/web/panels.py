"""What the work page shows beside the text: cast, timeline and tags, as plain data for templates.

Each builder reads one or two layers of the Work and copes with them being empty, because the
character, dialogue and tag stages land after the structure stage and older analyses lack them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ficlens.model import Span, Work

PALETTE = 8  # speaker colours defined in the stylesheet (spk-0 .. spk-7)
TAG_ORDER = [
    ("rating", "Rating"),
    ("warnings", "Warnings"),
    ("category", "Category"),
    ("fandoms", "Fandoms"),
    ("relationships", "Relationships"),
    ("characters", "Characters"),
    ("freeform", "Additional tags"),
]


@dataclass(slots=True)
class CastMember:
    id: str
    name: str
    aliases: list[str]
    mentions: int
    quotes: int
    colour: int | None


@dataclass(slots=True)
class TagChip:
    value: str
    status: str  # "both", "declared" (declared only) or "inferred" (inferred only)
    evidence: list[int] = field(default_factory=list)  # anchor numbers: ev-N


def speaker_colours(work: Work) -> dict[str, int]:
    """The busiest speakers get the distinct colours; the rest share them round the palette."""
    counts = Counter(q.speaker for q in work.quotes if q.speaker)
    return {speaker: n % PALETTE for n, (speaker, _) in enumerate(counts.most_common())}


def cast(work: Work, colours: dict[str, int]) -> list[CastMember]:
    mentions = Counter(m.character for m in work.mentions)
    quotes = Counter(q.speaker for q in work.quotes if q.speaker)
    known = {c.id for c in work.characters}
    members = [
        CastMember(c.id, c.name, c.aliases, max(c.mentions, mentions[c.id]), quotes[c.id], colours.get(c.id))
        for c in work.characters
    ]
    members += [  # speakers or mentions pointing at ids the character list lacks
        CastMember(cid, cid, [], mentions[cid], quotes[cid], colours.get(cid))
        for cid in sorted((set(mentions) | set(quotes)) - known)
    ]
    return sorted(members, key=lambda m: (-m.mentions - m.quotes, m.name.casefold()))


def timeline(work: Work, members: list[CastMember], limit: int = 15) -> dict:
    """Mentions per character per chapter, with a 0-4 shade level per cell."""
    chapters = sorted(work.chapters, key=lambda c: c.start)
    if not work.mentions or not members:
        return {"chapters": [], "rows": []}
    starts = [c.start for c in chapters] or [0]
    indexes = [c.index for c in chapters] or [1]
    counts: Counter[tuple[str, int]] = Counter()
    for m in work.mentions:
        counts[(m.character, max(bisect_right(starts, m.start) - 1, 0))] += 1
    top = max(counts.values())
    rows = []
    for member in [m for m in members if m.mentions][:limit]:
        cells = []
        for col, index in enumerate(indexes):
            n = counts[(member.id, col)]
            cells.append({"chapter": index, "count": n, "level": 0 if not n else 1 + min(3, 4 * n // (top + 1))})
        rows.append({"name": member.name, "colour": member.colour, "cells": cells})
    return {"chapters": indexes, "rows": rows}


class Evidence:
    """Numbers every evidence span once, so tags and relationships can link to `#ev-N`."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self._seen: dict[tuple[int, int], int] = {}

    def add(self, span: Span) -> int:
        key = (span.start, span.end)
        if key not in self._seen:
            self._seen[key] = len(self.spans)
            self.spans.append(span)
        return self._seen[key]


def tags(work: Work, evidence: Evidence) -> tuple[list[tuple[str, str, list[TagChip]]], list[tuple[str, list[int]]]]:
    """Declared and inferred tags side by side, with the evidence keys no tag claimed."""
    by_key = {k.casefold(): v for k, v in work.tags.evidence.items()}
    used: set[str] = set()
    groups = []
    for key, label in TAG_ORDER:
        declared = _strings(work.info.declared_tags.get(key))
        inferred = _strings(getattr(work.tags, key))
        folded_d = {v.casefold() for v in declared}
        folded_i = {v.casefold() for v in inferred}
        chips = []
        for value in declared + [v for v in inferred if v.casefold() not in folded_d]:
            f = value.casefold()
            status = "both" if f in folded_d and f in folded_i else ("declared" if f in folded_d else "inferred")
            spans: list[Span] = []
            for name in (f"{key}:{f}", f"{key}/{f}", f):
                if name in by_key and name not in used:
                    used.add(name)
                    spans += by_key[name]
            chips.append(TagChip(value, status, [evidence.add(s) for s in spans]))
        if chips:
            groups.append((key, label, chips))
    other = [(k, [evidence.add(s) for s in v]) for k, v in work.tags.evidence.items() if k.casefold() not in used and v]
    return groups, other


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value if str(v).strip()]  # type: ignore[union-attr]
