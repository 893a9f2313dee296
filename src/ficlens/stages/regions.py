"""The story proper: story segments with the author's own text nested in them cut out.

Several stages read only what the story says (not the notes, disclaimers or summaries around
it); they all take their spans from here, each naming the segment kinds it leaves out.
"""

from __future__ import annotations

import re
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
    story = sorted((s.start, s.end) for s in work.segments if s.kind == "story")
    return _cut(story, holes)


def _cut(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with every part that a hole covers taken out (both sorted by start)."""
    out = []
    for start, end in spans:
        cursor = start
        for a, b in holes:
            if b <= cursor or a >= end:
                continue
            if a > cursor:
                out.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < end:
            out.append((cursor, end))
    return out


def within(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies inside one of `spans` (sorted, non-overlapping (start, end) pairs)."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


#: A line of a work's header block as archives and fans write it: "Rating: Teen And Up",
#: "Additional Tags: Sibling Recognition", "Original Work | Rating: Teen | 1/1".
HEADER_FIELD = re.compile(
    r"^(?:[^\n|]{0,60}\|\s*)?(?:title|author|fandoms?|rating|archive warnings?|warnings?|categor(?:y|ies)|relationships?|"
    r"pairings?|characters?|additional tags|freeform|tags|language|stats|words|word count|chapters|series|collections|"
    r"published|updated|completed|status|genres?|beta(?:'d| reader)?|prompt|recipient)\s*:[^\n]*$",
    re.IGNORECASE | re.MULTILINE)


def without_header_fields(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with the lines of a header block cut out: their tags and character lists are the
    archive's or the author's words about the story, not the story."""
    holes = [(m.start(), m.end()) for a, b in spans for m in HEADER_FIELD.finditer(text, a, b)]
    return _cut(spans, holes) if holes else spans
