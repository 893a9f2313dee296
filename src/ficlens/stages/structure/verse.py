"""Verse inside a story or a note: song lyrics, poems, chants.

A stanza is a run of short lines inside one paragraph, or short one-line paragraphs in a row.
Four or more such lines are verse on their shape alone; two or three need a sign: a mention of
singing around them, a music sign, or italics from end to end.
"""

from __future__ import annotations

import re

from ficlens.stages.structure.blocks import Block
from ficlens.stages.structure.chats import _CHAT, _DISCORD_HEADER
from ficlens.stages.structure.embedded import Span, _indent
from ficlens.stages.structure.lexicon import lexicon

_NARRATION = re.compile(r"\b(?:he|she|they|I)\s+(?:said|asked|looked|turned|walked|read|folded|put|set|sighed|smiled)\b|[\"“][^\"”]+[\"”]\s*,?\s*(?:he|she|[A-Z]\w+)\s+said")
_MUSIC = re.compile(r"[♪♫♬]")
#: Single-quoted speech with its tag: "'Thank you, Tam,' said Ada", "'No,' she said".
_SINGLE_TAG = re.compile(r"^['‘][^'’]*[,.!?…—-]['’]\s+(?:\w+\s+)?(?:said|asked|says|asks|replied|answered|whispered|called|cried)\b")
_VERSE_START = re.compile(r"^[\W_]*[A-Z0-9]")
_SPEECH_MARKS = re.compile(r"[\"“”]|(?:^|\s)‘")
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•·–—]|[a-z][.)])\s")


def find_lyrics(text: str, blocks: list[Block]) -> list[Span]:
    """Sung or quoted verse.

    A stanza is a run of short lines inside one paragraph (or short one-line paragraphs in a row).
    Four or more such lines are verse on their shape alone; two or three need a sign: a mention of
    singing around them, a music sign, or italics from end to end.
    """
    lex = lexicon()
    width = _verse_width(text, blocks)
    found: list[tuple[int, int, int, int]] = []  # (first block, last block, start, end)
    for first, last, lines in _verse_runs(text, blocks, width):
        start, end = lines[0][0], lines[-1][1]
        around = " ".join(blocks[k].text for k in (first - 1, last + 1) if 0 <= k < len(blocks))
        own = " ".join(blocks[k].text for k in range(first, last + 1))
        shaped = len(lines) >= 4 and first == last and not _listy(text, lines)
        signed = bool(_MUSIC.search(own) or lex.singing.search(around) or lex.singing.search(
            own.replace(text[start:end], " ")) or all(blocks[k].styled for k in range(first, last + 1)))
        if shaped or signed:
            start, end = _unquote(text, start, end)
            if found and found[-1][1] == first - 1:  # stanzas in neighbouring paragraphs
                found[-1] = (found[-1][0], last, found[-1][2], end)
            else:
                found.append((first, last, start, end))
    return [("lyrics", start, end) for _, _, start, end in found]


def _verse_runs(text: str, blocks: list[Block], width: int):  # type: ignore[no-untyped-def]
    """(first block, last block, line spans) of each run of verse-like lines."""
    wrapped = width < 70
    single: list[tuple[int, tuple[int, int]]] = []

    def flush_single():  # type: ignore[no-untyped-def]
        runs = []
        texts = [text[s:e].strip() for _, (s, e) in single]
        stopped = sum(1 for t in texts if t.endswith((".", "!", "?")))
        if len(single) >= 2 and all(_VERSE_START.match(t) for t in texts) and 2 * stopped <= len(texts):
            runs.append((single[0][0], single[-1][0], [span for _, span in single]))
        single.clear()
        return runs

    for k, block in enumerate(blocks):
        if block.kind != "para":
            yield from flush_single()
            continue
        lines = [(s + _indent(text[s:e]), e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in block.lines if text[s:e].strip()]
        if len(lines) == 1:
            if _verse_line(text[lines[0][0] : lines[0][1]], min(width, 60), wrapped) and (not single or single[-1][0] == k - 1):
                single.append((k, lines[0]))
                continue
            yield from flush_single()
            continue
        yield from flush_single()
        run: list[tuple[int, int]] = []
        for span in lines + [None]:  # type: ignore[list-item]
            if span is not None and _verse_line(text[span[0] : span[1]], width, wrapped):
                run.append(span)
                continue
            if len(run) >= 2:
                yield (k, k, run)
            run = []
    yield from flush_single()


def _listy(text: str, lines: list[tuple[int, int]]) -> bool:
    """A recipe or inventory: quantities, or "name - detail" pairs, on most lines."""
    rows = [text[s:e] for s, e in lines]
    numbered = sum(1 for r in rows if re.search(r"\d", r))
    paired = sum(1 for r in rows if re.search(r"\s[-–—]\s", r))
    return 2 * numbered >= len(rows) or 2 * paired >= len(rows)


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """The sung lines without the quotation marks around the whole verse."""
    while start < end and text[start] in "\"“‘'":
        start += 1
    while end > start and text[end - 1] in "\"”’'":
        end -= 1
    return start, end


def _verse_line(line: str, width: int, wrapped: bool) -> bool:
    line = line.strip()
    if line[:1] in "\"“" and line[-1:] in "\"”" or line[:1] in "'‘" and line[-1:] in "'’" or _SINGLE_TAG.search(line):
        return False  # a whole line of speech, or speech and its tag ("'Thank you, Tam,' said Ada.")
    return (
        3 <= len(line) <= width
        and not _SPEECH_MARKS.search(line.strip("\"“”‘’'"))  # a sung verse may sit inside quotes
        and not _NARRATION.search(line)
        and not _CHAT.match(line)
        and not _LIST_ITEM.match(line)
        and not line.endswith(":")
        and not line.startswith(("#", "@"))
        and not _DISCORD_HEADER.match(line)
        and (not wrapped or bool(_VERSE_START.match(line)))
    )


def _verse_width(text: str, blocks: list[Block]) -> int:
    """Longest line verse may have: shorter than the wrap width when the prose is hard-wrapped."""
    inner = [e - s for b in blocks if len(b.lines) > 2 for s, e in b.lines[:-1]]
    if len(inner) >= 10:
        inner.sort()
        median = inner[len(inner) // 2]
        if 45 <= median <= 80:
            return int(median * 0.75)
    return 70
