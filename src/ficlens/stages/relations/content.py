"""What the story contains, cue by cue: the sums that warnings, content tags and the rating read.

A cue counts where a reader would take it at its word. Not in an author's note (the author's
"TW: self-harm" is a declaration, not the story), not where its clause denies it ("he didn't
bleed"), not as a joke (violence or death said laughing or winking), and no sexual cue inside a
scene that is a sex-education talk.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ficlens.stages.relations.lexicon import Hit, hedged
from ficlens.stages.relations.units import Units

#: Cues a joke cancels: "I'll kill myself if I fail," she laughed.
JESTABLE = frozenset({"violence", "violence_graphic", "death", "suicidal", "suicide_attempt", "self_harm", "rape"})
#: Characters per word, to turn a window's length into words.
CHARS_PER_WORD = 5.6
#: Cues a sex-education scene cancels.
SEXUAL = frozenset({"sex_explicit", "sex_act", "rape", "underage"})


@dataclass
class Tally:
    weight: float = 0.0
    #: (weight, sentence index, offset) of each counted hit
    hits: list[tuple[float, int, int]] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return len({s for _, s, _ in self.hits})

    def strong(self) -> int:
        return len({s for w, s, _ in self.hits if w >= 2.0})

    def window(self, size: int) -> Tally:
        """The hits of the stretch of `size` characters that holds the most weight: a warning is
        about a scene, not about words scattered through a novel."""
        best, best_range, total, lo = 0.0, (0, 0), 0.0, 0
        for hi, (w, _, pos) in enumerate(self.hits):
            total += w
            while pos - self.hits[lo][2] > size:
                total -= self.hits[lo][0]
                lo += 1
            if total > best:
                best, best_range = total, (lo, hi + 1)
        return Tally(best, self.hits[best_range[0] : best_range[1]])

    def top(self, n: int = 5) -> list[int]:
        """The sentences with the most weight, in text order."""
        per: dict[int, float] = defaultdict(float)
        for w, s, _ in self.hits:
            per[s] += w
        return sorted(sorted(per, key=lambda s: (-per[s], s))[:n])


@dataclass
class Content:
    tallies: dict[str, Tally]
    counted: list[Hit]  # the story-layer hits that count, in text order
    words: int
    jest_sentences: set[int]
    jest_paragraphs: set[int]
    backstory_sentences: set[int]

    def tally(self, cue: str, window: int | None = None) -> Tally:
        t = self.tallies.get(cue) or Tally()
        return t.window(window) if window else t

    def meets(self, spec: dict[str, Any], window: int | None = None) -> bool:
        """Whether a cue reaches a spec's thresholds: over the whole story, or within the
        `window` (characters) where it is densest."""
        t = self.tally(spec["cue"], window)
        words = min(self.words, window / CHARS_PER_WORD) if window else self.words
        return (t.weight >= spec.get("min", 0.0) and t.sentences >= spec.get("sentences", 1)
                and t.strong() >= spec.get("strong", 0) and 1000.0 * t.weight / max(words, 1) >= spec.get("per_1000", 0.0))

    def density(self, cue: str) -> float:
        return 1000.0 * self.tally(cue).weight / max(self.words, 1)


def gather(units: Units, hits: dict[str, list[Hit]], low: str, words: int) -> Content:
    jest_s, jest_p, back_s, sex_ed_scenes = set(), set(), set(), set()
    for h in hits["context"]:
        if not units.in_story(h.start):
            continue
        cue = h.rule.cue
        if cue == "jest":
            jest_s.add(units.sentence(h.start))
            jest_p.add(units.paragraph(h.start))
        elif cue == "backstory":
            back_s.add(units.sentence(h.start))
        elif cue == "sex_ed":
            sex_ed_scenes.add(units.scene(h.start))
    tallies: dict[str, Tally] = defaultdict(Tally)
    counted = []
    for h in hits["story"]:
        cue = h.rule.cue
        if not units.in_story(h.start):
            continue
        s = units.sentence(h.start)
        if h.rule.negatable and hedged(low, h.start, units.sentences[s]):
            continue
        if cue in JESTABLE and (s in jest_s or (units.quote(h.start) is not None and units.paragraph(h.start) in jest_p)):
            continue
        if cue in SEXUAL and units.scene(h.start) in sex_ed_scenes:
            continue
        t = tallies[cue]
        t.weight += h.rule.weight
        t.hits.append((h.rule.weight, s, h.start))
        counted.append(h)
    return Content(dict(tallies), counted, words, jest_s, jest_p, back_s)
