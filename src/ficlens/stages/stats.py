"""Word counts and reading time, split by what the words are (story, notes, dialogue)."""

from __future__ import annotations

import re

from ficlens.model import Stats, Work

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: Silent reading speed for fiction, words per minute.
READING_WPM = 240
NOTE_KINDS = ("author_note", "summary")


def count_words(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


class StatsStage:
    name = "stats"
    requires = ("segments", "chapters")
    assigns = ("stats",)

    def __call__(self, work: Work) -> Work:
        text = work.text
        story = sum(count_words(text[s.start : s.end]) for s in work.segments if s.kind == "story")
        notes = sum(count_words(text[s.start : s.end]) for s in work.segments if s.kind in NOTE_KINDS)
        dialogue = sum(count_words(text[q.start : q.end]) for q in work.quotes if q.kind == "speech")
        work.stats = Stats(
            words=count_words(text),
            story_words=story,
            note_words=notes,
            dialogue_words=dialogue,
            chapters=len(work.chapters),
            reading_minutes=round(story / READING_WPM, 1),
        )
        return work
