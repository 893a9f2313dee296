"""Narrative person: is the story told as "I", as "you", or about "he" and "she"?

Only narration counts, so speech is masked first (with the quote finder of the quotes stage): a
character saying "I" in dialogue says nothing about who tells the story.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ficlens.model import Narration, Work
from ficlens.stages.quotes import speech_spans

_FRONT_MATTER = re.compile(r"^\W*(?:preface|foreword|introduction|dedication|author'?s note|prefatory|to the reader)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
FIRST = frozenset({"i", "me", "my", "myself", "mine", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll"})
SECOND = frozenset({"you", "your", "yours", "yourself", "you're", "you’re", "you'd", "you’d", "you'll", "you’ll"})
THIRD = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
#: Per thousand words of narration: this many "I"s, or this share of "I" against "he/she", make it first person.
FIRST_RATE = 12.0
FIRST_SHARE = 0.3
SECOND_RATE = 15.0
#: "You" this common beside "he" and "she" is the narration's: the others are many, "you" is one.
SECOND_SHARE = 0.8
#: ... or this common whatever else: no third-person narrator says "you" every thirty words
#: (a crew of five all "she" and "he" around the one "you").
SECOND_SURE = 30.0


class NarrationStage:
    name = "narration"
    requires = ("segments", "quotes")
    assigns = ("narration",)

    def __call__(self, work: Work) -> Work:
        # Narration proper: story text inside the chapters, not a dedication or preface.
        front = [c for c in work.chapters if c.title and _FRONT_MATTER.match(c.title)]
        chapters = [c for c in work.chapters if c not in front]
        start = chapters[0].start if chapters else 0
        # Speech, thoughts, letters and messages speak as "I" whoever tells the story around them.
        skip = sorted([(c.start, c.end) for c in front] + [(q.start, q.end) for q in work.quotes])
        story = "\n\n".join(
            piece
            for s in work.segments
            if s.kind == "story" and s.end > start
            for piece in _cut(work.text, max(s.start, start), s.end, skip)
        )
        work.narration = Narration(person=person_of(story), narrator=work.narration.narrator, you=work.narration.you)
        return work


def _cut(text: str, start: int, end: int, holes: list[tuple[int, int]]) -> list[str]:
    """text[start:end] without the spans in `holes` (sorted by start)."""
    pieces, cursor = [], start
    for a, b in holes[max(0, bisect_left(holes, (start, -1)) - 1) :]:
        if a >= end:
            break
        if b <= cursor:
            continue
        pieces.append(text[cursor:a])
        cursor = max(cursor, b)
    pieces.append(text[cursor:end])
    return [p for p in pieces if p.strip()]


def narrative_person(text: str) -> str | None:
    """The person of a piece of prose, its speech found and set aside first."""
    return person_of(mask_speech(text))


def person_of(narration: str) -> str | None:
    """The person of narration that has no speech left in it."""
    raw = _WORD.findall(narration)
    words = [w.lower() for w in raw]
    if len(words) < 50:
        return None
    n = len(words)
    # "I" counts as the narrator only before a lower-case word: "I." and "I" alone are numerals.
    is_first = [w in FIRST and (w != "i" or k + 1 < n and raw[k + 1][:1].islower()) for k, w in enumerate(words)]
    first = sum(is_first) * 1000 / n
    second = sum(w in SECOND for w in words) * 1000 / n
    third = sum(w in THIRD for w in words) * 1000 / n
    # A story told to "you" may have an "I" now and then (a thought, a letter); "you" leads it.
    if second >= SECOND_RATE and (second >= SECOND_SHARE * third or second >= SECOND_SURE) and second >= 2 * first:
        return "second"
    if first >= FIRST_RATE or first >= 3 and first >= FIRST_SHARE * third:
        return "first"
    return "third"


def mask_speech(text: str) -> str:
    """The text with every quotation blanked out (same length, so offsets still hold)."""
    chars = list(text)
    for start, end in speech_spans(text):
        chars[start:end] = [ch if ch == "\n" else " " for ch in text[start:end]]
    return "".join(chars)
