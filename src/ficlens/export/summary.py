"""The terminal summary of a Work (`ficlens analyze story.txt`), drawn with Rich."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ficlens.model import Work

PREVIEW = 70


#: Characters listed in the terminal summary (the JSON has them all).
CAST_ROWS = 12


def summary(work: Work) -> RenderableType:
    info, stats = work.info, work.stats
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold cyan")
    head.add_column()
    fallback = f"({PurePath(info.source.path).stem})" if info.source.path else "(untitled)"
    head.add_row("title", Text(info.title or fallback))
    if info.authors:
        head.add_row("by", Text(", ".join(info.authors)))
    head.add_row("source", Text(f"{info.source.path or 'stdin'} ({info.source.format})"))
    head.add_row(
        "words",
        f"{stats.words:,} in all: {stats.story_words:,} story, {stats.note_words:,} notes; "
        f"about {stats.reading_minutes:g} min to read",
    )
    kinds = Counter(s.kind for s in work.segments if s.kind not in ("story", "chapter_title"))
    if kinds:
        head.add_row("found", ", ".join(f"{n} {k.replace('_', ' ')}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items())))
    head.add_row("scenes", str(len(work.scenes)))
    quotes = Counter(q.kind for q in work.quotes)
    if quotes:
        parts_ = ", ".join(f"{n} {kind}" for kind, n in sorted(quotes.items()))
        head.add_row("quotations", f"{parts_}; {stats.dialogue_words:,} words of dialogue")
    names = {c.id: c.name for c in work.characters}
    if work.narration.person:
        told_by = names.get(work.narration.narrator or "")
        head.add_row("narration", f"{work.narration.person} person" + (f", told by {told_by}" if told_by else ""))
    if work.tags.fandoms:
        head.add_row("fandom", Text(", ".join(work.tags.fandoms)))
    for key, values in info.declared_tags.items():
        if values:
            head.add_row(f"declared {key}", Text(", ".join(values)))
    parts: list[RenderableType] = [head]
    if work.chapters:
        chapters = Table(title="Chapters", title_justify="left", show_edge=False)
        chapters.add_column("#", justify="right")
        chapters.add_column("title")
        chapters.add_column("chars", justify="right")
        for c in work.chapters:
            chapters.add_row(str(c.index), Text(c.title or "-"), f"{c.end - c.start:,}")
        parts.append(chapters)
    cast = [c for c in work.characters if c.mentions]
    if cast:
        spoken = Counter(q.speaker for q in work.quotes if q.kind == "speech" and q.speaker)
        table = Table(title="Characters", title_justify="left", show_edge=False)
        for column, justify in (("name", "left"), ("also", "left"), ("gender", "left"), ("named", "right"), ("lines", "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for c in cast[:CAST_ROWS]:
            also = ", ".join(c.aliases[:4]) + ("…" if len(c.aliases) > 4 else "")
            name = Text(c.name, style="" if c.named else "italic")  # unnamed speakers: "the old man"
            table.add_row(name, Text(also), c.gender, str(c.mentions), str(spoken.get(c.id, 0)))
        if len(cast) > CAST_ROWS:
            table.add_row("…", f"{len(cast) - CAST_ROWS} more", "", "", "")
        parts.append(table)
    notes = [s for s in work.segments if s.kind in ("author_note", "letter", "message", "lyrics")]
    if notes:
        table = Table(title="Notes and embedded texts", title_justify="left", show_edge=False)
        table.add_column("kind")
        table.add_column("ch", justify="right")
        table.add_column("begins")
        for seg in notes[:40]:
            snippet = " ".join(work.text[seg.start : seg.end].split())
            table.add_row(seg.kind, str(seg.chapter or "-"), Text(snippet[:PREVIEW] + ("…" if len(snippet) > PREVIEW else "")))
        if len(notes) > 40:
            table.add_row("…", "", f"{len(notes) - 40} more")
        parts.append(table)
    return Panel(Group(*parts), title="ficlens", expand=False)
