"""Hand-built Works for the web tests: every layer the reader page draws, at known offsets.

The analysis stages for characters, dialogue and tags land later, so the tests build those layers
by hand to check the page draws them (and jumps to tag evidence) before any stage fills them.
"""

from __future__ import annotations

import re

from ficlens.model import (
    Chapter, Character, Mention, Quote, Relationship, Scene, Segment, Span, Stats, Tags, Work, WorkInfo,
)

XSS = "<script>alert(1)</script> and <img src=x onerror=alert(1)>"


class _Builder:
    def __init__(self) -> None:
        self.text = ""
        self.segments: list[Segment] = []

    def add(self, kind: str, body: str, chapter: int | None) -> tuple[int, int]:
        start = len(self.text)
        self.text += body
        self.segments.append(Segment(kind, start, len(self.text), chapter))
        self.text += "\n\n"
        return start, start + len(body)


def rich_work(title: str = "The Honey Thief", extra: str = "") -> Work:
    """Two chapters with a note, dialogue, a divider, a letter, a relationship and tag evidence."""
    b = _Builder()
    b.add("chapter_title", "Chapter 1: Bees", 1)
    b.add("author_note", "Note: thank you for reading!", 1)
    s1 = b.add("story", '"Where is the honey?" asked Sherlock.\n\n"Gone," said John. Sherlock frowned.', 1)
    b.add("story", "* * *", 1)  # a divider between two scenes
    s2 = b.add("story", "Dear John, the bees are restless tonight.", 1)
    b.segments.append(Segment("letter", s2[0], s2[1], 1))
    c2 = b.add("chapter_title", "Chapter 2: Hive", 2)
    s3 = b.add("story", f"John and Sherlock walked to the hive together. {extra}".strip(), 2)
    text = b.text.rstrip("\n")
    # merge the story pieces of chapter 1 into one story segment, as the structure stage would
    segs = [s for s in b.segments if s.kind != "story"]
    segs += [Segment("story", s1[0], s2[1], 1), Segment("story", s3[0], len(text), 2)]
    cast = [Character("sherlock", "Sherlock Holmes", ["Sherlock"]), Character("john", "John Watson", ["John"])]
    mentions = [
        Mention(m.start(), m.end(), "sherlock" if m.group() == "Sherlock" else "john")
        for m in re.finditer(r"Sherlock|John", text)
    ]
    for c in cast:
        c.mentions = sum(1 for m in mentions if m.character == c.id)
    q1 = text.index('"Where is the honey?"')
    q2 = text.index('"Gone,"')
    quotes = [Quote(q1, q1 + 21, "sherlock", ["john"]), Quote(q2, q2 + 7, "john", ["sherlock"])]
    walk = text.index("John and Sherlock walked")
    bees = text.index("the bees are restless")
    return Work(
        text=text,
        info=WorkInfo(
            title=title,
            authors=["honeybadger"],
            summary="Someone has taken the honey.",
            complete=True,
            declared_tags={
                "rating": ["General Audiences"],
                "warnings": ["No Archive Warnings Apply"],
                "fandoms": ["Sherlock (TV)"],
                "relationships": ["Sherlock Holmes/John Watson"],
                "characters": ["Sherlock Holmes", "John Watson"],
            },
        ),
        chapters=[Chapter(1, "Chapter 1: Bees", 0, c2[0]), Chapter(2, "Chapter 2: Hive", c2[0], len(text))],
        segments=sorted(segs, key=lambda s: (s.start, -s.end)),
        scenes=[Scene(s1[0], s1[1]), Scene(s2[0], s2[1]), Scene(s3[0], len(text))],
        characters=cast,
        mentions=mentions,
        quotes=quotes,
        relationships=[
            Relationship(["sherlock", "john"], "romantic", "Sherlock Holmes/John Watson", 0.8, [Span(walk, walk + 17)])
        ],
        tags=Tags(
            fandoms=["Sherlock (TV)"],
            rating="Teen And Up Audiences",
            relationships=["Sherlock Holmes/John Watson"],
            freeform=["Beekeeping"],
            evidence={"Beekeeping": [Span(bees, bees + 21)]},
        ),
        stats=Stats(words=len(text.split()), story_words=len(text.split()), chapters=2, reading_minutes=0.1),
        produced_by={"ficlens": "test", "stages": ["hand-built"]},
    )


def tagged_work(title: str, fandom: str, warning: str, body: str) -> Work:
    """A one-paragraph work with declared tags only, for the library filters."""
    return Work(
        text=body,
        info=WorkInfo(title=title, authors=["tester"], declared_tags={"fandoms": [fandom], "warnings": [warning]}),
        chapters=[Chapter(1, None, 0, len(body))],
        segments=[Segment("story", 0, len(body), 1)],
        stats=Stats(words=len(body.split()), story_words=len(body.split()), chapters=1),
        produced_by={"ficlens": "test", "stages": ["hand-built"]},
    )


def fill_library(lib) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Three tagged works and the rich one; returns their ids by title."""
    works = [
        tagged_work("Bees in Baker Street", "Sherlock (TV)", "No Archive Warnings Apply", "The honey jar was empty."),
        tagged_work("The Last Hive", "Sherlock (TV)", "Major Character Death", "The queen bee died at dawn."),
        tagged_work("Camelot Apiary", "Merlin (TV)", "No Archive Warnings Apply", "Merlin kept bees by the lake."),
        rich_work(),
    ]
    return {w.info.title: lib.add_work(w, None, f"hash-{n}") for n, w in enumerate(works)}  # type: ignore[misc]
