"""Which of the entity layer's spans are one place, building or organisation.

ficlens links people to characters (the characters and coref stages); the rest of the entity
layer is grouped by the one cue that is nearly always right within a story: the same kind of
entity under the same name ("London" ... "London"), or the same definite description of a
thing ("the drawing-room" ... "The drawing-room"). People outside the cast are grouped only by
a name, never by a description: "the old man" of one scene is seldom the old man of the next.
"""

from __future__ import annotations

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
