"""Who interacts with whom: the network under every relationship.

Three kinds of contact, as a reader notices them: two people named in one sentence, paragraph or
scene (co-occurrence); one speaking to the other (a quote's speaker and addressees); one acting
on the other (a name, then a verb of touch, speech or regard, then the other name, in one
sentence: "Harry kissed Ginny", "she smiled at him"). Pronouns count once coreference has linked
them. Contact in a crowd weighs less: a sentence listing six guests is not six friendships.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby, repeat
from operator import itemgetter

from ficlens.model import Mention, Quote
from ficlens.stages.relations.lexicon import Hit
from ficlens.stages.relations.units import Units

Pair = tuple[str, str]

#: How much each kind of contact says about a pair.
WEIGHTS = {"talk": 1.0, "act": 1.0, "sentence": 0.5, "paragraph": 0.2, "scene": 0.05}
#: A pair is kept with this much contact, and two direct contacts or two shared sentences.
MIN_INTERACTION = 1.5


@dataclass
class Contact:
    talk: float = 0.0
    act: float = 0.0
    sentence: float = 0.0
    paragraph: float = 0.0
    scene: float = 0.0
    #: Sentences (by index) where the two speak to or act on each other, strongest first later.
    where: list[int] = field(default_factory=list)
    #: The first sentences that name both.
    seen: list[int] = field(default_factory=list)

    @property
    def strength(self) -> float:
        return sum(WEIGHTS[k] * getattr(self, k) for k in WEIGHTS)

    def real(self) -> bool:
        return self.strength >= MIN_INTERACTION and (self.talk + self.act >= 2 or self.sentence >= 2)


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass
class Network:
    contacts: dict[Pair, Contact]
    #: Characters named in each sentence, in order: sentence index -> [(offset, end, character)].
    by_sentence: dict[int, list[tuple[int, int, str]]]
    by_paragraph: dict[int, set[str]]
    #: Name mentions as sorted (start, end): a cue inside a name ("Big Brother") is no cue.
    name_starts: list[int] = field(default_factory=list)
    name_ends: list[int] = field(default_factory=list)

    def on_name(self, hit: Hit) -> bool:
        k = bisect_right(self.name_starts, hit.end - 1) - 1
        return k >= 0 and self.name_ends[k] > hit.start


def build(units: Units, mentions: list[Mention], quotes: list[Quote], pair_hits: list[Hit]) -> Network:
    contacts: dict[Pair, Contact] = defaultdict(Contact)
    starts = [m.start for m in mentions]
    # Mentions are in text order, so each sentence's (paragraph's, scene's) mentions are a run:
    # bisection mapped in C finds the runs, groupby cuts them.
    def runs(bounds: list[int]):  # type: ignore[no-untyped-def]
        return groupby(zip(map(bisect_right, repeat(bounds), starts), mentions), key=itemgetter(0))

    by_sentence = {k - 1: [(m.start, m.end, m.character) for _, m in run] for k, run in runs(units.sentences)}
    by_paragraph = {max(k - 1, 0): {m.character for _, m in run} for k, run in runs(units.paragraphs)}
    by_scene = {max(k - 1, 0): {m.character for _, m in run} for k, run in runs(units.scenes)}

    levels = {level: _co_occurrence(groups) for level, groups in (
        ("sentence", ({c for _, _, c in members} for members in by_sentence.values())),
        ("paragraph", by_paragraph.values()),
        ("scene", by_scene.values()),
    )}
    for level, counts in levels.items():
        for key, n in counts.items():
            setattr(contacts[key], level, n)
    for s, members in by_sentence.items():
        people = sorted({c for _, _, c in members})
        if 1 < len(people) <= 3:
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    if len(contacts[(a, b)].seen) < 5:
                        contacts[(a, b)].seen.append(s)

    for q in quotes:
        if q.speaker and units.in_story(q.start):
            for other in q.addressees:
                if other != q.speaker:
                    c = contacts[pair(q.speaker, other)]
                    c.talk += 1
                    c.where.append(units.sentence(q.start))

    names = sorted((m.start, m.end) for m in mentions if m.kind == "name")
    net = Network(dict(contacts), by_sentence, by_paragraph, [a for a, _ in names], [b for _, b in names])
    for hit in pair_hits:  # "A <verb> B" in one sentence
        if net.on_name(hit):
            continue
        s = units.sentence(hit.start)
        members = by_sentence.get(s)
        if not members or len(members) < 2:
            continue
        before = next((c for a, _, c in reversed(members) if a < hit.start), None)
        after = next((c for a, _, c in members if a >= hit.end), None)
        if before and after and before != after:
            c = net.contacts.setdefault(pair(before, after), Contact())
            c.act += 1
            c.where.append(s)
    return net


def _co_occurrence(groups) -> dict[Pair, float]:  # type: ignore[no-untyped-def]
    """Pairs named together, summed over groups (sentences, paragraphs or scenes). In a crowd
    each pair gets a share: the weight of one contact spread over the others."""
    counts: dict[Pair, float] = defaultdict(float)
    for people in groups:
        n = len(people)
        if n < 2:
            continue
        share = 1.0 if n <= 3 else 2.0 / (n - 1)
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                counts[(a, b)] += share
    return counts
