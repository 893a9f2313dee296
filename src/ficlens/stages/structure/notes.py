"""Tell author's notes from story text, in plain text with or without an "A/N" marker.

Notes sit at the edges of a chapter: a run of paragraphs before the story starts and after it
ends. Inside those runs each paragraph is scored by how much it talks to readers (thanks, reviews,
updates, the fic itself) against how much it narrates (dialogue tags, "she said"); a divider line
or an "on to the story!" closes an opening run. Only an explicit marker ("A/N:") makes a note in
the middle of a chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from ficlens.stages.structure.blocks import Block
from ficlens.stages.structure.lexicon import lexicon

#: A paragraph scoring this much is a note on its own.
STRONG = 2.5
#: A paragraph next to a note that scores this much continues it.
CONTINUE = 0.8
#: How far from a chapter edge a run of notes may reach.
MAX_EDGE_PARAGRAPHS = 10
MAX_EDGE_WORDS = 500


@dataclass(slots=True)
class ParagraphCues:
    score: float
    marker: bool  # opens with A/N, Author's note: a note anywhere
    edge_marker: bool  # opens with Notes:, Disclaimer:, Warning: a note at a chapter's edge
    summary: bool
    story: float  # the narration part of the score (<= 0)


def cues(text: str) -> ParagraphCues:
    lex = lexicon()
    head = text.lstrip()[:200]
    hits = [weight for pattern, weight in lex.note_cues if pattern.search(text)]
    note = sum(hits)
    story = sum(weight for pattern, weight in lex.story_cues if pattern.search(text))
    words = max(1, len(text.split()))
    if words > 120:
        note *= 120 / words
    if len(hits) < 2 and words > 60:
        note = min(note, STRONG - 0.1)  # one stray cue word does not make a long paragraph a note
    return ParagraphCues(
        score=note + story,
        marker=bool(lex.marker_anywhere.match(head)),
        edge_marker=bool(lex.marker_edge.match(head) or lex.summary_marker.match(head)) or bool(lex.disclaimer.search(head[:60])),
        summary=bool(lex.summary_marker.match(head)),
        story=story,
    )


def classify_region(blocks: list[Block], region_start_kind: str = "chapter") -> dict[int, str]:
    """Kinds ("author_note" or "summary") for the note paragraphs of one chapter's blocks.

    `blocks` are the chapter's blocks after its heading, in order; the result maps block indexes
    to kinds; unlisted paragraphs are story.
    """
    paras = [i for i, b in enumerate(blocks) if b.kind == "para"]
    if not paras:
        return {}
    # Only paragraphs near an edge can be unmarked notes, so only they are scored in full.
    edges = set(_edge_window(blocks, paras)) | set(_edge_window(blocks, paras[::-1]))
    scored = {i: cues(blocks[i].text) for i in edges}
    marker = lexicon().marker_anywhere
    kinds: dict[int, str] = {i: "author_note" for i in paras if marker.match(blocks[i].text.lstrip()[:200])}

    _opening_run(blocks, paras, scored, kinds)
    _closing_run(blocks, paras, scored, kinds)
    return kinds


def _is_note(c: ParagraphCues, at_edge: bool) -> bool:
    return c.marker or (at_edge and c.edge_marker) or c.score >= STRONG


def _opening_run(blocks: list[Block], paras: list[int], scored: dict[int, ParagraphCues], kinds: dict[int, str]) -> None:
    window = _edge_window(blocks, paras)
    if not window:
        return
    run_end = -1  # index into window of the last note paragraph
    for n, i in enumerate(window):
        c = scored[i]
        if _is_note(c, at_edge=True) or (run_end == n - 1 and run_end >= 0 and c.score >= CONTINUE and c.story > -1):
            kinds.setdefault(i, "author_note")
            run_end = n
            continue
        break
    # A divider after the opening paragraphs closes a note that some of them clearly are.
    divider = _first_separator_after(blocks, window)
    if divider is not None:
        before = [i for i in window if i < divider]
        while before and blocks[before[0]].neutral:
            before = before[1:]  # a title line above the note stays with the story
        if before and _looks_like_note_run(blocks, before, scored, share=0.5):
            for i in before:
                kinds.setdefault(i, "author_note")


def _closing_run(blocks: list[Block], paras: list[int], scored: dict[int, ParagraphCues], kinds: dict[int, str]) -> None:
    window = _edge_window(blocks, paras[::-1])  # last paragraph first
    if not window:
        return
    run_start = -1
    for n, i in enumerate(window):
        c = scored[i]
        if _is_note(c, at_edge=True) or (run_start == n - 1 and run_start >= 0 and c.score >= CONTINUE and c.story > -1):
            kinds.setdefault(i, "author_note")
            run_start = n
            continue
        break
    divider = _last_separator_before(blocks, window)
    if divider is not None:
        after = [i for i in window if i > divider]
        if after and _looks_like_note_run(blocks, after, scored, share=1.0):
            for i in after:
                kinds.setdefault(i, "author_note")


def _edge_window(blocks: list[Block], paras: list[int]) -> list[int]:
    """The first paragraphs of a region, as far as a note could reach."""
    out: list[int] = []
    words = 0
    for i in paras[:MAX_EDGE_PARAGRAPHS]:
        words += blocks[i].words
        if words > MAX_EDGE_WORDS and out:
            break
        out.append(i)
    return out


def _first_separator_after(blocks: list[Block], window: list[int]) -> int | None:
    last = window[-1]
    for i in range(window[0], min(len(blocks), last + 2)):
        if blocks[i].kind == "separator":
            return i
    return None


def _last_separator_before(blocks: list[Block], window: list[int]) -> int | None:
    first = min(window)
    for i in range(max(window), max(-1, first - 2), -1):
        if blocks[i].kind == "separator":
            return i
    return None


def _looks_like_note_run(blocks: list[Block], indexes: list[int], scored: dict[int, ParagraphCues], share: float) -> bool:
    """Paragraphs cut off by a divider are a note when enough talk to readers and none narrates.

    Openings ask for half (a note's second paragraph often just goes on chatting); endings ask
    for all, since a story's last scene is often one short paragraph after a divider.
    """
    clear = any(scored[i].marker or scored[i].edge_marker or scored[i].score >= 1.5 for i in indexes)
    narrates = any(scored[i].story <= -1 for i in indexes)
    # Titles and quoted verse say nothing either way; the rest must talk to readers.
    counted = [i for i in indexes if not blocks[i].neutral]
    noteish = [i for i in counted if scored[i].marker or scored[i].edge_marker or scored[i].score >= CONTINUE]
    return clear and not narrates and len(noteish) >= share * len(counted)
