"""Which of the entity layer's spans are one place, building or organisation.

ficlens links people to characters (the characters and coref stages); the rest of the entity
layer is grouped by the one cue that is nearly always right within a story: the same kind of
entity under the same name ("London" ... "London"), or the same definite description of a
thing ("the drawing-room" ... "The drawing-room"). People outside the cast are grouped only by
a name, never by a description: "the old man" of one scene is seldom the old man of the next.
Groups of people get entities of their own: "they", "them" and "their" in close succession are
one group, joined to the plural description of people they follow ("the brothers").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ficlens.model import Entity


def entity_groups(text: str, entities: list[Entity]) -> list[int]:
    """A group number for each entity, in order; entities with one number are one entity."""
    keys: dict[tuple[str, str], int] = {}
    out = []
    for k, e in enumerate(entities):
        surface = " ".join(text[e.start : e.end].split())
        low = surface.lower()
        named = surface[:1].isupper() and not low.startswith(("a ", "an ", "the "))
        described = low.startswith("the ") and e.label != "PER"
        if named or described:
            out.append(keys.setdefault((e.label, low), len(keys) + len(entities)))
        else:
            out.append(k)
    # Number the groups 0, 1, 2 ... in order of first appearance.
    renumber: dict[int, int] = {}
    return [renumber.setdefault(g, len(renumber)) for g in out]


#: A plural pronoun this far (characters) from the last one starts another group: "they" two
#: paragraphs on is seldom the same crowd.
PLURAL_GAP = 300
_PLURAL = re.compile(r"\b(?:they|them|their|theirs|themselves)\b", re.IGNORECASE)


def plural_pronoun(word: str) -> bool:
    return _PLURAL.fullmatch(word) is not None


#: The last word of a description of several people ("the brothers", "the Bennet girls", "the
#: couple"): "they" just after it is them.
_SEVERAL = re.compile(r"(?:[a-z]{2,}[^s'’]s|couple|family|pair|party|twins|crowd|group|team|crew)$", re.IGNORECASE)


def plural_groups(text: str, regions: list[tuple[int, int]], entities: list[Entity]) -> list[Entity]:
    """"They", "them" and "their" as a group of people: one entity while they follow each other
    closely, the same entity as the plural description of people just before them ("The
    brothers came in. They were soaked.")."""
    several = [e for e in entities if e.label == "PER" and _SEVERAL.search(text[e.start : e.end])]
    starts = [e.start for e in several]
    next_group = 1 + max((e.group for e in entities if e.group is not None), default=-1)
    found: list[Entity] = []
    for start, end in regions:
        group, last = None, -PLURAL_GAP - 1
        for m in _PLURAL.finditer(text, start, end):
            if group is None or m.start() - last > PLURAL_GAP:
                k = bisect_right(starts, m.start()) - 1
                if k >= 0 and m.start() - several[k].end <= PLURAL_GAP and several[k].group is not None and several[k].start > last:
                    group = several[k].group
                else:
                    group, next_group = next_group, next_group + 1
            last = m.end()
            found.append(Entity(m.start(), m.end(), "PER", group=group))
    return found
