"""Who dies in the story, and who comes back: the Major Character Death warning done carefully.

A death counts for the character the sentence makes its subject ("Sirius died", "he was dead",
"Boromir's funeral") or object ("killed him", "the death of Fred"), never for a possessive
("his father died" is not his death). Deaths told as backstory ("years ago", "as a child")
are the past of the story, not events in it. A death the story later undoes ("he wasn't
dead", "brought back to life", "faked his death") makes Fake/Temporary Character Death instead,
and one whose character goes on speaking afterwards is left unwarned: a reader could not say.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ficlens.model import Mention, Quote
from ficlens.stages.relations.content import Content
from ficlens.stages.relations.lexicon import Hit
from ficlens.stages.relations.units import Units

POSSESSIVE = frozenset({"his", "my", "your", "their", "our", "its"})
OBJECT = frozenset({"him", "me", "them", "us"})
SUBJECT = frozenset({"he", "she", "i", "we", "they"})
#: What may stand between a subject and its death: "Fred, the bravest of them, had finally died".
_GAP_BEFORE = re.compile(
    r"(?:\s|,|'|'s|'re|'m|'d|\b(?:had|has|have|was|is|were|are|finally|just|then|suddenly|already|quietly|peacefully|"
    r"actually|really|tragically|slowly|instantly|eventually|later|soon|also|too|both|himself|herself|themselves|"
    r"simply|truly|now|all|apparently|officially|clearly)\b)*")
_APPOSITION = re.compile(r"\s*,[^,.;!?\"“”]{1,60},\s*(?:(?:had|has|was|is|finally|just|then)\s+)*")
_GAP_AFTER = re.compile(r"[\s,]*(?:(?:poor|dear|the|young|old|little|brave|sweet)\s+)?")
_OBJECT_FOLLOW = frozenset({"and", "with", "in", "on", "at", "before", "after", "too", "first", "then", "now", "off", "as",
                            "while", "when", "because", "instantly", "slowly", "quickly", "again", "that", "for", "to"})
#: Speech after a death that leaves a reader unsure it was final.
SPEAKS_AFTER = 3


@dataclass
class Fate:
    deaths: list[tuple[float, int, int]] = field(default_factory=list)  # (weight, sentence, offset)
    past: list[tuple[float, int, int]] = field(default_factory=list)
    revivals: list[tuple[float, int, int]] = field(default_factory=list)
    speaks_after: int = 0

    @property
    def died(self) -> bool:
        """One plain statement of death ("died", "was killed"), not hints ("lifeless") alone."""
        return any(w >= 2.0 for w, _, _ in self.deaths)

    @property
    def told_twice(self) -> bool:
        """A death the story dwells on (said again, or buried and mourned): what the warning is for."""
        weight = sum(w for w, _, _ in self.deaths)
        return weight >= 3.0 and (len({s for _, s, _ in self.deaths}) >= 2 or max(w for w, _, _ in self.deaths) >= 3.0)

    @property
    def undone(self) -> bool:
        return self.died and sum(w for w, _, p in self.revivals if p > self.deaths[0][2]) >= 2.0

    @property
    def alive_after(self) -> bool:
        """The dead go on talking: a reader cannot take the death as final."""
        return self.speaks_after >= SPEAKS_AFTER

    @property
    def final(self) -> bool:
        return self.died and not self.undone and self.speaks_after < SPEAKS_AFTER


def fates(units: Units, content: Content, mentions: list[Mention], quotes: list[Quote], text: str, low: str) -> dict[str, Fate]:
    starts = [m.start for m in mentions]
    out: dict[str, Fate] = {}
    loose: list[tuple[float, int, int]] = []  # revivals that name no one
    for h in content.counted:
        if h.rule.cue not in ("death", "revival"):
            continue
        s = units.sentence(h.start)
        who = _subject(h, mentions, starts, units, s, text, low)
        entry = (h.rule.weight, s, h.start)
        if who is None:
            if h.rule.cue == "revival":
                loose.append(entry)
            continue
        fate = out.setdefault(who, Fate())
        if h.rule.cue == "revival":
            fate.revivals.append(entry)
        elif s in content.backstory_sentences:
            fate.past.append(entry)
        else:
            fate.deaths.append(entry)
    dead = [c for c, f in out.items() if f.died]
    # "He's alive!" after the one death in the story is about that death, whoever the sentence
    # seems to name ("believe me dead" from a speaker the story never named as the dead man).
    loose += [e for c, f in out.items() if not f.died for e in f.revivals]
    if len(dead) == 1:
        out[dead[0]].revivals += [e for e in loose if e[0] >= 2.0]
    for c in dead:
        last = out[c].deaths[-1][2]
        out[c].speaks_after = sum(1 for q in quotes if q.speaker == c and q.kind == "speech" and q.start > last)
    return out


def major(mentions: list[Mention]) -> set[str]:
    """The characters a story is about: the most mentioned (by name or pronoun), and anyone
    mentioned nearly as often."""
    counts = Counter(m.character for m in mentions)
    ranked = [(c, n) for c, n in counts.most_common() if n >= 3]
    if not ranked:
        return set()
    top = ranked[0][1]
    return {c for k, (c, n) in enumerate(ranked) if k < 4 or n >= 0.25 * top}


def _subject(h: Hit, mentions: list[Mention], starts: list[int], units: Units, s: int, text: str, low: str) -> str | None:
    lo, hi = units.sentences[s], units.sentence_span(s)[1]
    if h.rule.who == "inside":
        k = bisect_left(starts, h.start)
        return mentions[k].character if k < len(mentions) and mentions[k].start < h.end else None
    if h.rule.who == "before":
        k = bisect_right(starts, h.start - 1) - 1
        if k < 0 or mentions[k].start < lo or mentions[k].end > h.start:
            return None
        m = mentions[k]
        word = low[m.start : m.end]
        gap = low[m.end : h.start]
        if (word in POSSESSIVE or word == "her") and gap == " ":
            return m.character  # "his breathing stopped", "her heart stopped"
        if word in POSSESSIVE or word in OBJECT or word == "her":
            return None
        if _GAP_BEFORE.fullmatch(gap) or _APPOSITION.fullmatch(gap):
            return m.character
        return None
    if h.rule.who == "after":
        k = bisect_left(starts, h.end)
        if k >= len(mentions) or mentions[k].start >= hi:
            return None
        m = mentions[k]
        word = low[m.start : m.end]
        if word in POSSESSIVE or word in SUBJECT or not _GAP_AFTER.fullmatch(low[h.end : m.start]):
            return None
        follow = low[m.end : m.end + 20]
        if follow.startswith("'s") or (word == "her" and _possessive_her(follow)):
            return None
        return m.character
    return None


def _possessive_her(follow: str) -> bool:
    """"killed her father": `her` before a noun is a possessive."""
    m = re.match(r"\s+([a-z]+)", follow)
    return bool(m) and m.group(1) not in _OBJECT_FOLLOW and not m.group(1).endswith("ly")
