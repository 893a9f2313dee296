"""The story proper: story segments with the author's own text nested in them cut out.

Several stages read only what the story says (not the notes, disclaimers or summaries around
it); they all take their spans from here, each naming the segment kinds it leaves out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from ficlens.model import Work

#: The author's own segments, never story.
AUTHOR_KINDS = ("author_note", "summary", "disclaimer", "chapter_title")


def story_regions(work: Work, outside: Iterable[str] = AUTHOR_KINDS) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of story text, with segments of the `outside` kinds cut out."""
    if not work.segments:
        return [(0, len(work.text))] if work.text else []
    skip = set(outside)
    holes = sorted((s.start, s.end) for s in work.segments if s.kind in skip)
    out = []
    for seg in sorted((s for s in work.segments if s.kind == "story"), key=lambda s: s.start):
        cursor = seg.start
        for a, b in holes:
            if b <= cursor or a >= seg.end:
                continue
            if a > cursor:
                out.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < seg.end:
            out.append((cursor, seg.end))
    return out


def within(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies inside one of `spans` (sorted, non-overlapping (start, end) pairs)."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
