"""Where things are: sentences, paragraphs, scenes, quotes and the story proper, as sorted offsets.

Cues count only in the story: author's notes, summaries, disclaimers and chapter titles are the
author speaking about the story ("TW: self-harm"), never the story itself. Every lookup is a
bisection into lists built once, so a stage touches each sentence and mention a fixed number of
times however long the work is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ficlens.model import Mention, Quote, Work
from ficlens.stages.quotes import paragraphs
from ficlens.stages.regions import story_regions

#: Segment kinds that are the author speaking, not the story.
_BREAK = re.compile(r"\n[ \t]*\n[\s]*")  # a blank line (and the space after it)
_LINE = re.compile(r"\n\s*")
_END = re.compile(r"[.!?…][.!?…\"”’')\]]*[ \t]*\n?")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "capt", "col", "gen", "lt", "sgt", "rev", "vs"})

_SENTENCES: list[tuple[str, list[int]]] = []


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin: after a full stop, question or exclamation mark (not after
    "Mr", not inside "3.5"), and at a paragraph break. Where blank lines part paragraphs, a lone
    line break is the text's wrapping, not an end; where they do not, every line is a paragraph."""
    last = _SENTENCES[0] if _SENTENCES else None  # read once: another thread may replace it
    if last and last[0] is text:
        return last[1]
    n = len(text)
    breaks = _BREAK if _BREAK.search(text) else _LINE
    starts = [m.end() for m in breaks.finditer(text)]
    for m in _END.finditer(text):
        end = m.end()
        if end == m.start() + 1 and end < n and text[end] not in " \t\n":
            continue  # "3.5", "e.g"
        if text[m.start()] == "." and text[max(0, m.start() - 5) : m.start()].rsplit(None, 1)[-1:] and \
                text[max(0, m.start() - 5) : m.start()].rsplit(None, 1)[-1].lower().lstrip("(\"“") in _ABBREVIATIONS:
            continue
        starts.append(end)
    starts = sorted({0, *(x for x in starts if x < n)})
    bounds = starts[1:] + [n]
    starts = [0] + [a for a, b in zip(starts, bounds) if a > 0 and not text[a:b].isspace()]
    _SENTENCES[:] = [(text, starts)]
    return starts


@dataclass
class Units:
    text: str
    sentences: list[int]  # starts
    paragraphs: list[int]  # starts
    paragraph_ends: list[int]
    scenes: list[int]  # starts
    chapters: list[int]  # starts
    regions: list[tuple[int, int]]  # the story proper
    quotes: list[Quote]
    quote_starts: list[int] = field(default_factory=list)
    region_starts: list[int] = field(default_factory=list)
    povs: list[str | None] = field(default_factory=list)  # each scene's viewpoint character

    @classmethod
    def of(cls, work: Work) -> Units:
        text = work.text
        paras = paragraphs(text)
        ordered = sorted(work.scenes, key=lambda sc: sc.start)
        scenes = [sc.start for sc in ordered] or [0]
        quotes = sorted(work.quotes, key=lambda q: q.start)
        units = cls(text, sentence_starts(text), [a for a, _ in paras], [b for _, b in paras], scenes,
                    sorted(c.start for c in work.chapters) or [0], story_regions(work), quotes)
        units.quote_starts = [q.start for q in quotes]
        units.povs = [sc.pov for sc in ordered] or [None]
        units.region_starts = [a for a, _ in units.regions]
        return units

    def sentence(self, pos: int) -> int:
        return bisect_right(self.sentences, pos) - 1

    def sentence_span(self, k: int) -> tuple[int, int]:
        start = self.sentences[k]
        end = self.sentences[k + 1] if k + 1 < len(self.sentences) else len(self.text)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def paragraph(self, pos: int) -> int:
        return max(0, bisect_right(self.paragraphs, pos) - 1)

    def paragraph_span(self, k: int) -> tuple[int, int]:
        return self.paragraphs[k], self.paragraph_ends[k]

    def scene(self, pos: int) -> int:
        return max(0, bisect_right(self.scenes, pos) - 1)

    def pov(self, pos: int) -> str | None:
        """The viewpoint character of the scene at `pos`, when the pov stage has run."""
        k = self.scene(pos)
        return self.povs[k] if k < len(self.povs) else None

    def chapter(self, pos: int) -> int:
        return max(0, bisect_right(self.chapters, pos) - 1)

    def quote(self, pos: int) -> Quote | None:
        k = bisect_right(self.quote_starts, pos) - 1
        if k >= 0 and self.quotes[k].start <= pos < self.quotes[k].end:
            return self.quotes[k]
        return None

    def in_story(self, pos: int) -> bool:
        k = bisect_right(self.region_starts, pos) - 1
        return k >= 0 and pos < self.regions[k][1]

    def story_mentions(self, mentions: list[Mention]) -> list[Mention]:
        """The mentions inside the story proper, in text order (one merge, no lookups)."""
        ordered = mentions if all(mentions[i].start <= mentions[i + 1].start for i in range(len(mentions) - 1)) \
            else sorted(mentions, key=lambda m: (m.start, m.end))
        out, k, regions = [], 0, self.regions
        for m in ordered:
            while k < len(regions) and regions[k][1] <= m.start:
                k += 1
            if k == len(regions):
                break
            if regions[k][0] <= m.start:
                out.append(m)
        return out

    def story_chars(self) -> int:
        return sum(b - a for a, b in self.regions)

    def story_words(self) -> int:
        return sum(len(self.text[a:b].split()) for a, b in self.regions)

