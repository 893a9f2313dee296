"""Entities: the people, places, buildings, vehicles and organisations of the story.

A statistical layer beside the rule-based characters stage: two CRF models trained on LitBank
(`scripts/train_entities.py`) mark names and descriptions alike ("Elizabeth", "the old man",
"the drawing-room", "London") with LitBank's six categories, nested one level deep, and
spans that name one place or thing share a group (`groups.py`); so do the plural pronouns that
stand for one group of people ("they", "them"). Only the
story proper is read; author's notes name singers and sites, not the story's world.
"""

from __future__ import annotations

from ficlens.model import Entity, Work
from ficlens.stages.entities.groups import entity_groups, plural_groups
from ficlens.stages.entities.tagger import tag
from ficlens.stages.entities.tokens import sentences
from ficlens.stages.regions import story_regions

#: Sentences longer than this many tokens are tagged in pieces (a run-on line of a chat log).
MAX_TOKENS = 200


class EntitiesStage:
    name = "entities"
    requires = ("segments",)
    assigns = ("entities",)

    def __init__(self, models: str | None = None) -> None:
        #: A folder of models other than the shipped ones (a benchmark's cross-validation fold).
        self.models = models

    def __call__(self, work: Work) -> Work:
        work.entities = find_entities(work.text, story_regions(work), self.models)
        return work


def find_entities(text: str, regions: list[tuple[int, int]] | None = None, models: str | None = None) -> list[Entity]:
    found: list[Entity] = []
    for start, end in regions if regions is not None else [(0, len(text))]:
        for sentence in sentences(text, start, end):
            for k in range(0, len(sentence), MAX_TOKENS):
                piece = sentence[k : k + MAX_TOKENS]
                for label, a, b in tag([text[s:e] for s, e in piece], folder=models):
                    found.append(Entity(piece[a][0], piece[b - 1][1], label))
    found.sort(key=lambda e: (e.start, -e.end, e.label))
    for e, group in zip(found, entity_groups(text, found)):
        e.group = group
    found += plural_groups(text, regions if regions is not None else [(0, len(text))], found)
    found.sort(key=lambda e: (e.start, -e.end, e.label))
    return found
