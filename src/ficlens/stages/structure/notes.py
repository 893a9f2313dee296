"""Tell author's notes from story text, in plain text with or without an "A/N" marker.

Notes sit at the edges of a chapter: a run of paragraphs before the story starts and after it
ends. Inside those runs each paragraph is scored by how much it talks to readers (thanks, reviews,
updates, the fic itself) against how much it narrates (dialogue tags, "she said"); a divider line
or an "on to the story!" closes an opening run. Only an explicit marker ("A/N:") makes a note in
the middle of a chapter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ficlens.stages.structure.blocks import Block
from ficlens.stages.structure.features import (
    FIRST_PERSON_REGION,
    cue_hits,
    first_person_share,
    plain_voices,
    model_available,
    note_probability,
    paragraph_features,
    present_tense,
    says_i,
)
from ficlens.stages.structure.lexicon import lexicon

_BARE_MARKER = re.compile(
    r"^[\W_]*(?:a/n|an|a\.n\.|author'?s?'? ?notes?|notes?|disclaimer|edit|review (?:responses|replies))[\W_]*$", re.IGNORECASE
)
#: How much the note model counts against the hand-weighted cues (chosen by cross-validation
#: over the dev splits, `scripts/train_note_model.py`).
MODEL_WEIGHT = 0.5
#: A paragraph scoring this much is a note on its own.
STRONG = 2.5
#: The very first paragraph of a chapter scoring this much is a note on its own ("For Ruth,
#: who asked for autumn", "Okay, so this one is a bit weird"): a story rarely opens talking so.
FIRST_STRONG = 2.0
#: A paragraph next to a note that scores this much continues it.
CONTINUE = 1.0
#: Behind a divider, a paragraph scoring this much leans towards the note side.
LEAN = 0.8
#: A paragraph with a speech tag ("said Amy") scores this low on the story side.
SPEECH = -4.0
#: No paragraph of an end note behind a scene-break divider scores below this (and the ones
#: that do not lean to the note side muse in the present tense).
ESSAY_FLOOR = -0.3
MUSING_FLOOR = -1.1
#: After an end note's own marker ("AN:"), no paragraph scores below this.
MARKED_FLOOR = -1.5
#: How far from a chapter edge a run of notes may reach.
MAX_EDGE_PARAGRAPHS = 12
MAX_EDGE_WORDS = 800


@dataclass(slots=True)
class ParagraphCues:
    score: float
    marker: bool  # opens with A/N, Author's note: a note anywhere
    edge_marker: bool  # opens with Notes:, Disclaimer:, Warning: a note at a chapter's edge
    summary: bool
    story: float  # the narration part of the score (<= 0)


def cues(text: str, blocks: list[Block] | None = None, i: int = 0, from_top: int = 0, from_bottom: int = 0) -> ParagraphCues:
    """Cue score of one paragraph; with its blocks and position, the note model's view too."""
    lex = lexicon()
    head = text.lstrip()[:200]
    note_hits, story_hits = cue_hits(text)
    hits = [lex.note_cues[k][1] for k in note_hits]
    note = sum(hits)
    story = sum(lex.story_cues[k][1] for k in story_hits)
    words = max(1, len(text.split()))
    if words > 120:
        note *= 120 / words
    if len(hits) < 2 and words > 60:
        note = min(note, STRONG - 0.1)  # one stray cue word does not make a long paragraph a note
    score = note + story
    if blocks and model_available():
        probability = note_probability(paragraph_features(blocks, i, from_top, from_bottom, (note_hits, story_hits)))
        # The model's log-odds, put on the cue scale (STRONG at p = 0.8); cues and model vote together.
        model = math.log(probability / (1 - probability + 1e-9) + 1e-9) + STRONG - math.log(4)
        score = (1 - MODEL_WEIGHT) * score + MODEL_WEIGHT * model
    summary = bool(lex.summary_marker.match(head))
    return ParagraphCues(
        score=score,
        marker=bool(lex.marker_anywhere.match(head)),
        edge_marker=summary or bool(lex.marker_edge.match(head) or lex.disclaimer.search(head[:60])),
        summary=summary,
        story=story,
    )


def shape(block: Block) -> str:
    return block.text.replace(" ", "")


def classify_region(blocks: list[Block], scene_shapes: frozenset[str] = frozenset()) -> dict[int, str]:
    """Which paragraphs of one chapter's blocks are author's notes.

    `blocks` are the chapter's blocks after its heading, in order; the result maps block indexes
    to "author_note"; unlisted paragraphs are story. `scene_shapes` are the divider shapes the
    work repeats (its scene breaks): a closing divider of another shape sets off an afterword.
    """
    paras = [i for i, b in enumerate(blocks) if b.kind == "para"]
    if not paras:
        return {}
    # Only paragraphs near an edge (or set in bold or italics) can be unmarked notes, so only
    # they are scored in full.
    opening = _edge_window(blocks, paras)
    closing = _edge_window(blocks, paras[::-1])
    styled = [i for i in paras if blocks[i].styled]
    rank = {i: n for n, i in enumerate(paras)}
    scored = {i: cues(blocks[i].text, blocks, i, rank[i], len(paras) - 1 - rank[i]) for i in {*opening, *closing, *styled}}
    marker = lexicon().marker_anywhere
    kinds = {i: "author_note" for i in paras if marker.match(blocks[i].text.lstrip()[:200])}
    kinds.update({i: "author_note" for i in styled if scored[i].score >= STRONG})
    voices = cache(lambda: plain_voices(blocks))  # the region's plain paragraphs, read only when an aside needs them

    def told_in_first_person(skip: int) -> float:
        return first_person_share(voices(), skip)

    for window in (opening, closing):
        for i in _edge_run(blocks, window, scored, told_in_first_person, opening=window is opening):
            kinds[i] = "author_note"
    for i in _divided_run(blocks, opening, closing, scored, scene_shapes):
        kinds[i] = "author_note"
    for i in _marked_ending(paras, closing, scored):
        kinds[i] = "author_note"
    return kinds


def _marked_ending(paras: list[int], closing: list[int], scored: dict[int, ParagraphCues]) -> list[int]:
    """"AN: Soooo... yeah." near a chapter's end opens its end note: all that follows it belongs
    to the note (replies to reviews, a plea for prompts, the sign-off), short of narration. The
    story must come before it: a marked note that opens the chapter is an opening note."""
    for n, i in enumerate(closing):
        if scored[i].marker:
            k = paras.index(i)
            told = k > 0 and (paras[k - 1] not in scored or scored[paras[k - 1]].score < 0)
            return closing[: n + 1] if told else []
        if scored[i].story <= -1 or scored[i].score < MARKED_FLOOR:
            return []
    return []


def _edge_run(blocks: list[Block], window: list[int], scored: dict[int, ParagraphCues],
              share: Callable[[int], float], opening: bool) -> list[int]:
    """The note paragraphs at one edge; `window` lists paragraphs from the edge inwards.

    A run holds at least one clear note; around it, paragraphs that talk to readers a little
    (a reply to a commenter, "anyway, here it is") or say nothing either way (a quoted verse)
    belong to it too. Neutral lines at either end of the run (a title) stay with the story.
    """
    run: list[int] = []
    clear = False
    for n, i in enumerate(window):
        c = scored[i]
        if n and opening and _bare_marker(blocks[window[n - 1]]) and c.story > -1:
            run.append(i)  # the paragraph under a lone "A/N" line is that note's text
            clear = True
            continue
        # Set in italics or bold from end to end at a chapter's edge, a little reader-talk is enough.
        strong = c.marker or c.edge_marker or c.score >= STRONG or (blocks[i].styled and c.score >= LEAN) or \
            (opening and n == 0 and c.score >= FIRST_STRONG and c.story > -2)
        weak = (c.score >= CONTINUE or blocks[i].styled and c.score >= 0 or _aside(blocks, i, share)) and c.story > -1
        if not (strong or weak or blocks[i].neutral and c.story > -1):
            break
        clear = clear or strong
        run.append(i)
    if not clear:
        return []
    while run and blocks[run[-1]].neutral and scored[run[-1]].score < CONTINUE and not _is_clear(scored[run[-1]]):
        run.pop()
    while run and blocks[run[0]].neutral and scored[run[0]].score < CONTINUE and not _is_clear(scored[run[0]]):
        run.pop(0)
    return run


#: The longest paragraph (in words) that saying "I" makes part of a note next to it.
ASIDE_WORDS = 60
#: A line this short above a paragraph is its heading.
ENTRY_HEADING_WORDS = 6


def _aside(blocks: list[Block], i: int, share: Callable[[int], float]) -> bool:
    """"I know. I'm sorry." beside a note, in a story told in the third person: the author
    talking, since the story's narration never says "I"."""
    text = blocks[i].text
    # Under a line of its own ("Wednesday, 10th October."), "I" opens a diary's entry.
    entry = i > 0 and blocks[i - 1].kind == "para" and len(blocks[i - 1].text.split()) <= ENTRY_HEADING_WORDS
    return len(text.split()) <= ASIDE_WORDS and not re.search(r"[\"“”]", text) and says_i(text) \
        and not entry and share(i) < FIRST_PERSON_REGION


def _bare_marker(block: Block) -> bool:
    return bool(_BARE_MARKER.match(block.text))


def _is_clear(c: ParagraphCues) -> bool:
    return c.marker or c.edge_marker or c.score >= STRONG


def _divided_run(
    blocks: list[Block], opening: list[int], closing: list[int], scored: dict[int, ParagraphCues],
    scene_shapes: frozenset[str],
) -> list[int]:
    """Paragraphs cut off from the story by a divider line at either edge."""
    found: list[int] = []
    divider = _first_separator_after(blocks, opening) if opening else None
    if divider is not None:
        before = [i for i in opening if i < divider]
        while before and blocks[before[0]].neutral:
            before = before[1:]  # a title line above the note stays with the story
        if before and (_looks_like_note_run(blocks, before, scored, share=0.5) or _sandwich(before, scored)):
            found += before
    divider = _last_separator_before(blocks, closing) if closing else None
    if divider is not None:
        after = [i for i in closing if i > divider]
        # A divider of its own shape sets off an afterword; one like the scene breaks may end a scene.
        unique = shape(blocks[divider]) not in scene_shapes
        if after and unique and _is_clear(scored[after[0]]) and not any(scored[i].story <= -1 for i in after):
            found += after  # an afterword behind a divider of its own, opening as a clear note
        elif after and _looks_like_note_run(blocks, after, scored, share=0.5 if unique else 1.0):
            found += after
        elif after and _essay(blocks, after, scored):
            found += after
    return found


def _sandwich(indexes: list[int], scored: dict[int, ParagraphCues]) -> bool:
    """Above the first divider, a clear note first and last ("Author's Note: thanks ..." and
    "Disclaimer: ..."): what lies between (replies to reviewers) is the note too, short of a
    line of tagged dialogue."""
    return len(indexes) >= 3 and _is_clear(scored[indexes[0]]) and _is_clear(scored[indexes[-1]]) and \
        all(scored[i].story > SPEECH for i in indexes)


def _essay(blocks: list[Block], indexes: list[int], scored: dict[int, ParagraphCues]) -> bool:
    """A long end note behind the last divider: it opens or closes talking to readers ("sorry in
    advance", "thanks for reading"), and in between muses on the canon or the writing without a
    paragraph that reads like narration."""
    ends = (scored[indexes[0]], scored[indexes[-1]])
    return len(indexes) >= 2 and any(_is_clear(c) for c in ends) and all(
        scored[i].story > -1 and (scored[i].score > ESSAY_FLOOR or (scored[i].score > MUSING_FLOOR and present_tense(blocks[i].text)))
        for i in indexes)


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
    # Set in italics from end to end, a paragraph beside a clear note is the note's, short of narrating.
    noteish = [i for i in counted if scored[i].marker or scored[i].edge_marker or scored[i].score >= LEAN
               or blocks[i].styled and scored[i].story > -1 and scored[i].score > ESSAY_FLOOR - 0.5]
    return clear and not narrates and len(noteish) >= share * len(counted)
