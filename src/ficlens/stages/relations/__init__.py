"""Relationships and tags: who is what to whom, and the AO3 tags a reader would give the story.

`RelationshipsStage` builds the interaction network and names each real pair's kind;
`TagsStage` turns that, and the cues of `lexicon.yaml`, into AO3's relationship tags,
category, archive warnings, content and genre tags and a rating, each with the sentences that
justify it. Only the story text is read: never the author's notes, never the tags the author
declared.
"""

from ficlens.stages.relations.relationships import RelationshipsStage
from ficlens.stages.relations.tags import TagsStage

__all__ = ["RelationshipsStage", "TagsStage"]
