"""The structure stage: chapters, segments (story, notes, summary, letters, ...) and scenes.

Markup from the reader wins where it exists (AO3's notes boxes and chapter divisions are the
author's own); the text rules fill in the rest, which for plain text is everything.
"""

from __future__ import annotations

import re

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace

from ficlens.model import Chapter, Scene, Segment, Work
from ficlens.stages.structure.blocks import Block, split_blocks
from ficlens.stages.structure.chats import find_discord, find_messages, find_telegrams
from ficlens.stages.structure.embedded import (
    find_disclaimers,
    find_header_notes,
    header_block,
    find_letters,
    find_summaries,
)
from ficlens.stages.structure.lexicon import lexicon
from ficlens.stages.structure.lexicon import lexicon as structure_lexicon
from ficlens.stages.structure.notes import classify_region, shape
from ficlens.stages.structure.verse import find_lyrics

Piece = tuple[str, int, int]
BOX_KINDS = ("author_note", "summary")
STYLE_KINDS = ("emphasis", "strong")
#: Nested kinds that may overlap other nested finds (a disclaimer line inside a header block).
INNER_KINDS = ("disclaimer", "summary")
#: A divider separates scenes only when story text stands on both sides; before the first one,
#: more than a title line.
MIN_SCENE_WORDS = 12


class StructureStage:
    name = "structure"
    requires = ("text", "markup")
    assigns = ("chapters", "segments", "scenes")

    def __call__(self, work: Work) -> Work:
        text = work.text
        blocks, kinds, runs = note_runs(work)
        scene_shapes = _scene_shapes(blocks)
        for run in runs:
            for n, kind in classify_region([blocks[i] for i in run], scene_shapes).items():
                if kind == "author_note" and find_messages(text, [blocks[run[n]]]) and not _headed(blocks[run[n]]):
                    continue  # a group chat opening a chapter is the story, however chatty
                kinds[run[n]] = kind
            _site_header(blocks, kinds, run)
            _section_headers(blocks, kinds, run)
        _keep_a_story(blocks, kinds)
        pieces = _pieces(text, blocks, kinds)
        top = _partition(pieces, len(text))
        nested = _nested(text, blocks, kinds, work.chapters)
        work.segments = sorted(
            (Segment(kind, s, e, _chapter_of(work.chapters, s)) for kind, s, e in top + nested),
            key=lambda seg: (seg.start, -seg.end),
        )
        work.scenes = _scenes(blocks, kinds, work.chapters)
        return work


#: A work whose every paragraph reads as a note still has its story in its longest paragraph
#: when that paragraph is this long (words): notes are short.
STORY_FLOOR = 300


#: FanFiction.Net's story line under the summary: "Rated: Fiction T - English - Drama - ...".
_FFN_RATED = re.compile(r"^\s*Rated:\s*(?:Fiction\s+)?(?:K\+?|T|M|MA)\s+-\s+\w+")


def _site_header(blocks: list[Block], kinds: list[str], run: list[int]) -> None:
    """A saved FanFiction.Net page opens with the summary, then the site's "Rated: ..." line:
    the paragraph above that line is the summary, and the line is the site's, not a note."""
    paras = [i for i in run if blocks[i].kind == "para"][:6]
    for k, i in enumerate(paras):
        if _FFN_RATED.match(blocks[i].text):
            if kinds[i] == "author_note":
                kinds[i] = "story"
            if k and kinds[paras[k - 1]] in ("story", "author_note"):
                kinds[paras[k - 1]] = "summary"
            return


#: The section headings of a work copied from AO3's page or download: "Summary:", "Notes:",
#: "Chapter End Notes", then "Work Text:" / "Chapter Text" where the story starts.
_SECTION = re.compile(r"^\s*(?:(?:chapter\s+)?(?:end\s+)?(summary|notes?)|(?:work|chapter)\s+(text))\s*:?\s*$", re.IGNORECASE)


def _section_headers(blocks: list[Block], kinds: list[str], run: list[int]) -> None:
    """Under a lone section heading, what follows is that section (a summary or a note) up to
    "Work Text:"; where no such heading closes it, the paragraph under the heading and those
    the note rules found next to it (a story may open with no heading of its own)."""
    paras = [i for i in run if blocks[i].kind in ("para", "separator", "heading")]
    sections: list[tuple[int, str | None]] = []  # (position in paras, kind or None for the story)
    for n, i in enumerate(paras):
        block = blocks[i]
        m = _SECTION.match(block.text) if block.kind == "para" and len(block.text) <= 40 else None
        if m:
            sections.append((n, None if m.group(2) else ("summary" if m.group(1).lower() == "summary" else "author_note")))
    for k, (n, kind) in enumerate(sections):
        if kind is None:
            continue
        closed = k + 1 < len(sections) and sections[k + 1][1] is None and \
            all(blocks[i].kind == "para" for i in paras[n : sections[k + 1][0]])
        stop = sections[k + 1][0] if k + 1 < len(sections) else len(paras)
        for m, i in enumerate(paras[n:stop]):
            if blocks[i].kind != "para" or (not closed and m > 1 and kinds[i] != kind):
                break
            kinds[i] = kind


def _headed(block: Block) -> bool:
    """Under a note's own heading ("Replies to reviews:"), name-colon lines are replies, not a chat."""
    head = block.text.lstrip()[:200]
    lex = structure_lexicon()
    return bool(lex.marker_anywhere.match(head) or lex.marker_edge.match(head))


def _keep_a_story(blocks: list[Block], kinds: list[str]) -> None:
    if any(k == "story" for k in kinds) or not blocks:
        return
    longest = max(range(len(blocks)), key=lambda i: blocks[i].end - blocks[i].start)
    if kinds[longest] == "author_note" and len(blocks[longest].text.split()) >= STORY_FLOOR:
        kinds[longest] = "story"


def _mark_styled(blocks: list[Block], styles: list) -> None:
    """Flag paragraphs that one bold or italic span covers from end to end."""
    for block in blocks:
        # Plain text marks italics with underscores or asterisks: "_Short one this week, sorry!_".
        t = block.text.strip()
        if block.kind == "para" and len(t) > 2 and t[0] in "_*" and t[-1] == t[0] and t[1] not in "_* " and t.count(t[0]) == 2:
            block.styled = True
    if not styles:
        return
    styles = sorted(styles, key=lambda m: m.start)
    starts = [m.start for m in styles]
    for block in blocks:
        k = bisect_right(starts, block.start) - 1
        while k >= 0 and styles[k].start >= block.start - 4:
            k -= 1
        for m in styles[max(k, 0) : bisect_right(starts, block.start + 4)]:
            if m.start <= block.start + 4 and m.end >= block.end - 4:
                block.styled = True
                break


def _chapters(work: Work, blocks: list[Block]) -> list[Chapter]:
    marked = [m for m in work.markup if m.kind == "chapter"]
    if marked:
        return [Chapter(i + 1, m.label, m.start, m.end) for i, m in enumerate(marked)]
    heads = [b for b in blocks if b.kind == "heading"]
    if not heads:
        return [Chapter(1, None, 0, len(work.text))] if work.text.strip() else []
    starts = [h.start for h in heads] + [len(work.text)]
    return [Chapter(i + 1, h.title, h.start, starts[i + 1]) for i, h in enumerate(heads)]


def _regions(chapters: list[Chapter], length: int) -> list[tuple[int, int]]:
    """Chapters plus whatever precedes the first and follows the last (work-level notes)."""
    if not chapters:
        return [(0, length)]
    regions = [(0, chapters[0].start)] if chapters[0].start > 0 else []
    regions += [(c.start, c.end) for c in chapters]
    if chapters[-1].end < length:
        regions.append((chapters[-1].end, length))
    return regions


def note_runs(work: Work) -> tuple[list[Block], list[str], list[list[int]]]:
    """Blocks, their kinds before note detection, and the runs of story blocks notes are sought in.

    Sets `work.chapters` on the way (runs are per chapter). Public so that the note model's
    training script sees paragraphs exactly as the stage does.
    """
    headings = [(m.start, m.end) for m in work.markup if m.kind == "chapter_heading"]
    blocks = split_blocks(work.text, headings)
    _mark_styled(blocks, [m for m in work.markup if m.kind in STYLE_KINDS])
    work.chapters = _chapters(work, blocks)
    boxes = [(m.kind, m.start, m.end) for m in work.markup if m.kind in BOX_KINDS]
    kinds = ["chapter_title" if b.kind == "heading" else "story" for b in blocks]
    for i, block in enumerate(blocks):
        for kind, s, e in boxes:
            if s <= block.start and block.end <= e:
                kinds[i] = kind
    runs = []
    for start, end in _regions(work.chapters, len(work.text)):
        inside = [i for i in _within(blocks, start, end) if blocks[i].kind != "heading" and kinds[i] == "story"]
        # Split the region where a reader's notes box sits, so text rules see each run separately.
        runs += _consecutive(inside)
    return blocks, kinds, runs


def _scene_shapes(blocks: list[Block]) -> frozenset[str]:
    """Divider shapes the work repeats: its scene breaks. One used once can set off an afterword."""
    shapes = Counter(shape(b) for b in blocks if b.kind == "separator")
    return frozenset(k for k, n in shapes.items() if n > 1)


def _consecutive(indexes: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _pieces(text: str, blocks: list[Block], kinds: list[str]) -> list[Piece]:
    """Block kinds as spans, with "(A/N: ...)" asides cut out of story paragraphs."""
    inline = lexicon().inline_note
    pieces: list[Piece] = []
    for block, kind in zip(blocks, kinds):
        if kind != "story" or block.kind != "para":
            pieces.append((kind, block.start, block.end))
            continue
        cursor = block.start
        for m in inline.finditer(text, block.start, block.end):
            if m.start() > cursor:
                pieces.append(("story", cursor, m.start()))
            pieces.append(("author_note", m.start(), m.end()))
            cursor = m.end()
        if cursor < block.end:
            pieces.append(("story", cursor, block.end))
    return pieces


def _partition(pieces: list[Piece], length: int) -> list[Piece]:
    """Merge neighbouring pieces of one kind and stretch them over the whitespace between."""
    merged: list[list] = []
    for kind, s, e in sorted(pieces, key=lambda p: p[1]):
        if merged and merged[-1][0] == kind:
            merged[-1][2] = e
        else:
            merged.append([kind, s, e])
    if not merged:
        return [("story", 0, length)] if length else []
    merged[0][1] = 0
    for prev, nxt in zip(merged, merged[1:]):
        prev[2] = nxt[1]
    merged[-1][2] = length
    return [tuple(m) for m in merged]  # type: ignore[misc]


def _nested(text: str, blocks: list[Block], kinds: list[str], chapters: list[Chapter]) -> list[Piece]:
    out: list[Piece] = []
    for start, end in _regions(chapters, len(text)):
        inside = list(_within(blocks, start, end))
        story = [blocks[i] if kinds[i] == "story" else replace(blocks[i], kind="other") for i in inside]
        out += find_letters(text, story)
        out += find_messages(text, story)
        out += find_telegrams(text, story)
        out += find_discord(text, story)
        out += find_lyrics(text, [blocks[i] for i in inside if kinds[i] != "chapter_title"])
    for block, kind in zip(blocks, kinds):
        if kind == "author_note":
            out += find_disclaimers(text, block.start, block.end)
            out += find_summaries(text, block.start, block.end)
        elif kind == "story" and block.kind == "para" and header_block(text, block.start, block.end):
            out += find_header_notes(text, block.start, block.end)
            out += find_summaries(text, block.start, block.end)
    return _drop_overlaps(out)


def _drop_overlaps(spans: list[Piece]) -> list[Piece]:
    """Where two nested finds overlap, the longer one (a letter over its own verse) stands."""
    kept: list[Piece] = []
    for span in sorted(spans, key=lambda p: p[2] - p[1], reverse=True):
        if span[0] in INNER_KINDS or all(k[0] in INNER_KINDS or span[2] <= k[1] or k[2] <= span[1] for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda p: p[1])


def _chapter_of(chapters: list[Chapter], offset: int) -> int | None:
    k = bisect_right(chapters, offset, key=lambda c: c.start) - 1
    if k >= 0 and chapters[k].start <= offset < chapters[k].end:
        return chapters[k].index
    return None


def _within(blocks: list[Block], start: int, end: int) -> range:
    """Indexes of the blocks that start in [start, end); blocks are in text order."""
    return range(bisect_left(blocks, start, key=lambda b: b.start), bisect_left(blocks, end, key=lambda b: b.start))


def _story_words(blocks: list[Block], kinds: list[str], indexes: list[int]) -> int:
    return sum(blocks[j].words for j in indexes if kinds[j] == "story" and blocks[j].kind == "para")


def _scenes(blocks: list[Block], kinds: list[str], chapters: list[Chapter]) -> list[Scene]:
    """Scenes run between a chapter's start, its explicit breaks and its end."""
    scenes: list[Scene] = []
    for chapter in chapters:
        inside = list(_within(blocks, chapter.start, chapter.end))
        cursor = chapter.start
        for n, i in enumerate(inside):
            if blocks[i].kind != "separator":
                continue
            before = _story_words(blocks, kinds, inside[:n]) >= MIN_SCENE_WORDS
            after = _story_words(blocks, kinds, inside[n + 1 :]) > 0
            if before and after:
                scenes.append(Scene(cursor, blocks[i].start))
                cursor = blocks[i].end
        scenes.append(Scene(cursor, chapter.end))
    return scenes
