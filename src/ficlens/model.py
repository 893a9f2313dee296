"""The Work: one story's text and every layer of analysis, as character offsets into that text.

Everything else in ficlens reads or writes these types. Spans never copy text; they point into
`Work.text`, so a layer can always be checked against what the user gave. The JSON form is the
``ficlens/1`` contract described in ``schema/ficlens-1.schema.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

SCHEMA = "ficlens/1"

SegmentKind = Literal[
    "story", "author_note", "summary", "disclaimer", "letter", "message", "lyrics", "chapter_title"
]
SEGMENT_KINDS: tuple[str, ...] = SegmentKind.__args__  # type: ignore[attr-defined]
#: Kinds that partition the text: every character belongs to exactly one of them.
TOP_LEVEL_KINDS = ("story", "author_note", "summary", "chapter_title")
#: Kinds nested inside a top-level segment (a disclaimer inside a note, a letter inside the story).
#: A summary is top-level when the input marks it (AO3) and nested in the author's header otherwise.
NESTED_KINDS = ("disclaimer", "letter", "message", "lyrics")
#: How each segment kind is named to readers (pages, legends, tooltips).
SEGMENT_LABELS = {
    "author_note": "Author's note",
    "summary": "Summary",
    "disclaimer": "Disclaimer",
    "letter": "Letter",
    "message": "Message",
    "lyrics": "Lyrics",
    "chapter_title": "Chapter",
}


@dataclass(slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class Source:
    path: str | None = None
    format: str = "text"


@dataclass(slots=True)
class WorkInfo:
    """What the input says about itself: the author's own metadata, never ficlens's inference."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    language: str | None = None
    summary: str | None = None
    series: list[str] = field(default_factory=list)
    complete: bool | None = None
    declared_tags: dict[str, list[str]] = field(default_factory=dict)
    declared_stats: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Markup:
    """A hint the reader found in the input's markup (a heading, an <hr>, italics, a notes box).

    Readers record what the markup says; stages decide what it means.
    """

    kind: str
    start: int
    end: int
    label: str | None = None


@dataclass(slots=True)
class Chapter:
    index: int
    title: str | None
    start: int
    end: int


@dataclass(slots=True)
class Segment:
    kind: str
    start: int
    end: int
    chapter: int | None = None


@dataclass(slots=True)
class Scene:
    start: int
    end: int
    break_: str = "explicit"
    pov: str | None = None


@dataclass(slots=True)
class Character:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str = "unknown"
    mentions: int = 0
    canonical: str | None = None
    #: False for someone the story only describes ("the old man", "her mother") and who speaks.
    named: bool = True


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    character: str
    kind: str = "name"


@dataclass(slots=True)
class Entity:
    """A person, place, building, vehicle or organisation the text names or describes."""

    start: int
    end: int
    label: str  # PER, FAC, GPE, LOC, VEH or ORG (LitBank's categories)
    #: Entities with one group number are one entity ("London" ... "London"); people of the
    #: cast are grouped as characters instead, through `mentions`.
    group: int | None = None


@dataclass(slots=True)
class Narration:
    person: str | None = None
    narrator: str | None = None
    #: In a second-person story, the character the narration calls "you".
    you: str | None = None


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    speaker: str | None = None
    addressees: list[str] = field(default_factory=list)
    kind: str = "speech"


@dataclass(slots=True)
class Relationship:
    characters: list[str]
    kind: str
    tag: str
    score: float
    evidence: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Tags:
    fandoms: list[str] = field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeform: list[str] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    #: How sure ficlens is of each tag it inferred (0..1), keyed like `evidence`.
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Stats:
    words: int = 0
    story_words: int = 0
    note_words: int = 0
    dialogue_words: int = 0
    chapters: int = 0
    reading_minutes: float = 0.0


@dataclass(slots=True)
class Work:
    text: str
    info: WorkInfo = field(default_factory=WorkInfo)
    markup: list[Markup] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    narration: Narration = field(default_factory=Narration)
    quotes: list[Quote] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    tags: Tags = field(default_factory=Tags)
    stats: Stats = field(default_factory=Stats)
    #: Names of the stages that ran, in order, and the ficlens version that ran them.
    produced_by: dict[str, Any] = field(default_factory=dict)

    # -- views -----------------------------------------------------------------------------
    def span_text(self, span: Span | Segment | Chapter | Quote | Mention | Markup) -> str:
        return self.text[span.start : span.end]

    def segments_of(self, kind: str) -> list[Segment]:
        return [s for s in self.segments if s.kind == kind]

    # -- serialisation ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA, "text": self.text, "work": asdict(self.info)}
        for f in fields(self):
            if f.name in ("text", "info"):
                continue
            out[f.name] = _plain(getattr(self, f.name))
        out["scenes"] = [_scene_dict(s) for s in self.scenes]
        return out

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Work:
        info = dict(data.get("work") or {})
        info["source"] = Source(**(info.get("source") or {}))
        tags = dict(data.get("tags") or {})
        tags["evidence"] = {k: [Span(**s) for s in v] for k, v in (tags.get("evidence") or {}).items()}
        return cls(
            text=data["text"],
            info=WorkInfo(**info),
            markup=[Markup(**m) for m in data.get("markup", [])],
            chapters=[Chapter(**c) for c in data.get("chapters", [])],
            segments=[Segment(**s) for s in data.get("segments", [])],
            scenes=[Scene(s["start"], s["end"], s["break"], s.get("pov")) for s in data.get("scenes", [])],
            characters=[Character(**c) for c in data.get("characters", [])],
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            entities=[Entity(**e) for e in data.get("entities", [])],
            narration=Narration(**(data.get("narration") or {})),
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            relationships=[
                Relationship(**{**r, "evidence": [Span(**e) for e in r.get("evidence", [])]})
                for r in data.get("relationships", [])
            ],
            tags=Tags(**tags),
            stats=Stats(**(data.get("stats") or {})),
            produced_by=data.get("produced_by") or {},
        )

    @classmethod
    def from_json(cls, text: str) -> Work:
        return cls.from_dict(json.loads(text))

    def _repr_html_(self) -> str:  # Jupyter shows a Work as its reader page
        from ficlens.export.html import render_html

        return render_html(self, standalone=False)

    def __repr__(self) -> str:
        title = self.info.title or "untitled"
        return (
            f"<Work {title!r}: {len(self.text)} chars, {len(self.chapters)} chapters, "
            f"{len(self.segments)} segments, {len(self.characters)} characters, {len(self.quotes)} quotes>"
        )


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _scene_dict(scene: Scene) -> dict[str, Any]:
    return {"start": scene.start, "end": scene.end, "break": scene.break_, "pov": scene.pov}
