"""The relationships stage: every pair of characters who really interact, and what they are.

The network (network.py) says who meets, talks to and acts on whom; the cues between them
(kinds.py) say whether that is love, kinship, friendship or enmity. Each kept pair carries the
sentences that justify its kind as evidence, and its AO3 relationship tag: "A/B" for a romance,
"A & B" otherwise, with canon names in the fandom's order.
"""

from __future__ import annotations

import math
import re

from ficlens.model import Character, Mention, Relationship, Span, Work
from ficlens.stages.relations import kinds, network, priors
from ficlens.stages.relations.lexicon import Hit, lowered, scan
from ficlens.stages.relations.units import Units

#: How many sentences a relationship cites.
MAX_EVIDENCE = 5
#: A romance weaker than this share of either person's strongest one is not named romance.
RIVAL_SHARE = 0.4
#: ... unless this much of it says the two are a couple ("my husband", "we're the kind of couple"):
#: a triad is two romances, not one and talk.
COUPLE = 1.0
#: Funny cues per thousand words that make a story comic.
COMIC = 4.0


class RelationshipsStage:
    name = "relationships"
    requires = ("characters", "mentions", "quotes", "segments")
    assigns = ("relationships",)

    def __call__(self, work: Work) -> Work:
        work.relationships = find_relationships(work)
        return work


#: "an Elliot", "a Weasley": a name after an indefinite article is any member of the family.
_INDEFINITE = re.compile(r"\b(?:a|an)\s+$")


def _generic(low: str, m: Mention) -> bool:
    """"Entitled to be in love with an Elliot": someone of that name, not the one character."""
    return m.kind == "name" and _INDEFINITE.search(low, max(0, m.start - 4), m.start) is not None


def find_relationships(work: Work) -> list[Relationship]:
    if not work.characters or not work.text:
        return []
    units = Units.of(work)
    hits = scan(work.text)
    low = lowered(work.text)
    known = {c.id: c for c in work.characters if c.named}  # a pairing is between named people
    mentions = [m for m in units.story_mentions(work.mentions) if m.character in known and not _generic(low, m)]
    pair_hits = [h for h in hits["pair"] if units.in_story(h.start)]
    net = network.build(units, mentions, units.quotes, pair_hits)
    jest_sentences, jest_paragraphs = jest_places(units, hits["context"])
    evidence = kinds.attribute(units, net, pair_hits, jest_paragraphs, jest_sentences, low)
    comic = _comic(units, hits["story"])

    married = priors.spouses(list(known.values()))
    top = max((c.strength for c in net.contacts.values()), default=1.0) or 1.0
    kept = []
    for key in set(net.contacts) | set(evidence):
        if key[0] not in known or key[1] not in known:
            continue
        contact = net.contacts.get(key) or network.Contact()
        ev = evidence.get(key)
        a, b = known[key[0]], known[key[1]]
        tie = priors.canon_tie(work.tags.fandoms, a.canonical, b.canonical)
        strongest = max(ev.weight.values(), default=0.0) if ev else 0.0
        if not (contact.real() or (contact.strength >= 1.0 and (strongest >= 2.0 or tie))):
            continue
        kept.append((key, contact, ev if tie else priors.surname_prior(ev, a, b, married), tie))
    # Each person's strongest romance: a much weaker one beside it is talk, not a second love.
    # Only a pair that would be named a romance counts: sisters who call each other "dearest"
    # all novel long do not make the elder's suitor mere talk.
    best: dict[str, float] = {}
    for (a_id, b_id), contact, ev, tie in kept:
        r = ev.weight.get("romantic", 0.0) if ev else 0.0
        if kinds.classify(ev, tie, comic, direct=contact.talk + contact.act).kind != "romantic":
            r = 0.0
        best[a_id], best[b_id] = max(best.get(a_id, 0.0), r), max(best.get(b_id, 0.0), r)
    out = []
    for (a_id, b_id), contact, ev, tie in kept:
        r = ev.weight.get("romantic", 0.0) if ev else 0.0
        rival = r < RIVAL_SHARE * max(best[a_id], best[b_id]) and not (ev and ev.status >= COUPLE)
        verdict = kinds.classify(ev, tie, comic, romance_elsewhere=rival, direct=contact.talk + contact.act)
        # How present the pair is: much contact, or the most the story has (its main pair).
        presence = max(1.0 - math.exp(-contact.strength / 5.0), contact.strength / top)
        score = round(verdict.confidence * (0.6 + 0.4 * presence), 3)
        first, second = _order(work, known[a_id], known[b_id])
        joiner = "/" if verdict.kind == "romantic" else " & "
        out.append(Relationship(
            characters=[first.id, second.id],
            kind=verdict.kind,
            tag=f"{tag_name(first)}{joiner}{tag_name(second)}",
            score=score,
            evidence=_evidence(units, ev, verdict.kind, contact),
        ))
    out.sort(key=lambda r: (-r.score, r.tag))
    return out


def jest_places(units: Units, context_hits: list[Hit]) -> tuple[set[int], set[int]]:
    """Sentences and paragraphs with a laugh, grin, wink or "just kidding" in them."""
    sentences, paragraphs = set(), set()
    for h in context_hits:
        if h.rule.cue == "jest":
            sentences.add(units.sentence(h.start))
            paragraphs.add(units.paragraph(h.start))
    return sentences, paragraphs


def _comic(units: Units, story_hits: list[Hit]) -> bool:
    """Laughter, jokes and grins at least this often per thousand words."""
    funny = sum(1 for h in story_hits if h.rule.cue == "funny" and units.in_story(h.start))
    return 1000.0 * funny / max(units.story_words(), 1) >= COMIC


def tag_name(c: Character) -> str:
    return c.canonical or c.name


def _order(work: Work, a: Character, b: Character) -> tuple[Character, Character]:
    names = priors.ordered(work.tags.fandoms, (tag_name(a), tag_name(b)))
    return (a, b) if names[0] == tag_name(a) and (names[0] != names[1] or a.id < b.id) else (b, a)


def _evidence(units: Units, ev: kinds.Evidence | None, kind: str, contact: network.Contact) -> list[Span]:
    """The sentences that carry the kind's cues, strongest first; else where the two meet."""
    ranked: dict[int, float] = {}
    for weight, s in (ev.spans.get(kind, []) if ev else []):
        ranked[s] = ranked.get(s, 0.0) + weight
    chosen = sorted(ranked, key=lambda s: (-ranked[s], s))[:MAX_EVIDENCE]
    if not chosen:
        chosen = list(dict.fromkeys(contact.where))[:MAX_EVIDENCE] or contact.seen[:MAX_EVIDENCE]
    return [Span(*units.sentence_span(s)) for s in sorted(chosen)]
