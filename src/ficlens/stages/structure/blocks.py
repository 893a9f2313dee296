"""Cut a text into blocks: paragraphs, heading lines and scene-break lines, with their offsets.

Fan writers separate paragraphs with blank lines, with single newlines (pasted from a word
processor), or hard-wrap lines at 70 characters; the block splitter decides which, once per text,
so the later rules see paragraphs whatever the source did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficlens.stages.structure.lexicon import lexicon

_ALNUM = re.compile(r"[^\W_]")
_ASIDE = re.compile(r"^\s*[\(\[]\s*(?:a/n|an\s*:|author'?s? ?notes?)\b[^\n]*[\)\]]\s*$", re.IGNORECASE)
_SPEECH_PUNCT = re.compile(r"^[\"'“”‘’.…!?\s]+$")
_DECOR = re.compile(r"^[\W_]*(?:[xo]+[XO]+[xo]+|[XO]+[xo]+[XO]+|[xX]{3,}|[oO]{3,})[\W_]*$|^[\W_]+[xXoO]{1,3}(?:[\W_]+[xXoO]{1,3})*[\W_]+$")


@dataclass(slots=True)
class Block:
    start: int
    end: int
    kind: str  # "para" | "heading" | "separator"
    text: str
    title: str | None = None
    lines: list[tuple[int, int]] = field(default_factory=list)
    #: Set in bold or italics from end to end (HTML input): authors often set notes apart so.
    styled: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def neutral(self) -> bool:
        """A title-like line or a block of verse: says little about who is speaking."""
        if self.words <= 12 and not self.text.rstrip(")]\"”’' ").endswith((".", "!", "?", ",")):
            return True
        lines = self.text.split("\n")
        return len(lines) >= 2 and all(len(line) <= 70 for line in lines)


def is_separator(line: str) -> bool:
    """A scene-break marker: a symbol line ('***', '~~~', '-o-', 'xXx') or the words 'Line Break'."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return False
    if not _ALNUM.search(stripped):
        return not _SPEECH_PUNCT.match(stripped)
    return bool(_DECOR.match(stripped) or lexicon().scene_break_words.match(stripped))


def heading_match(line: str) -> re.Match[str] | None:
    """A chapter heading line ('Chapter 3: Title', 'Ch. 4 - Title', 'Prologue'), or None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120 or stripped.endswith((",", ";")) or stripped.count('"') + stripped.count("“") > 0:
        return None
    lex = lexicon()
    m = lex.chapter_heading.match(stripped) or lex.standalone_heading.match(stripped) or lex.loose_chapter_heading.match(stripped)
    if m is None:
        return None
    title = m.groupdict().get("title") or ""
    if len(title.split()) > 14 or title.rstrip().endswith((",",)):
        return None
    return m


def numeric_heading(line: str) -> int | None:
    """The number of a bare numbered heading ('1.', 'II', '3. The Return'), for sequence checks."""
    m = lexicon().numeric_heading.match(line.strip())
    if m is None:
        return None
    num = m.group("num")
    return int(num) if num.isdigit() else _roman(num)


def _roman(value: str) -> int | None:
    digits = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for ch, nxt in zip(value, value[1:] + " "):
        v = digits.get(ch)
        if v is None:
            return None
        total += -v if digits.get(nxt, 0) > v else v
    return total or None


def split_blocks(text: str, heading_spans: list[tuple[int, int]] | None = None) -> list[Block]:
    """Blocks in text order. `heading_spans` are headings the reader already knows (from markup)."""
    lines = _lines(text)
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in lines:
        if text[start:end].strip():
            current.append((start, end))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    nonblank = sum(len(g) for g in groups)
    line_mode = bool(groups) and nonblank / len(groups) > 3 and not _hard_wrapped(text, groups)
    known = set(heading_spans or [])
    numbered = _numbered_heading_lines(text, lines)
    blocks: list[Block] = []
    for group in groups:
        pending: list[tuple[int, int]] = []
        previous_marker = False
        for i, (start, end) in enumerate(group):
            line = text[start:end]
            kind = None
            title = None
            is_first = i == 0 or line_mode or previous_marker
            if (start, end) in known or any(s <= start and end <= e for s, e in known):
                kind, title = "heading", line.strip()
            elif is_separator(line):
                kind = "separator"
            elif start in numbered or heading_match(line) and (is_first or _stands_alone(line)):
                kind, title = "heading", line.strip()
            elif _ASIDE.match(line):
                kind = "aside"  # "(A/N: ...)" typed on its own line inside a paragraph
            previous_marker = kind is not None
            if kind or line_mode:
                if pending:
                    blocks.append(_para(text, pending))
                    pending = []
                if kind == "aside":
                    blocks.append(_para(text, [(start, end)]))
                elif kind:
                    blocks.append(Block(start + _lead(line), end - _trail(line), kind, line.strip(), title, [(start, end)]))
                else:
                    blocks.append(_para(text, [(start, end)]))
            else:
                pending.append((start, end))
        if pending:
            blocks.append(_para(text, pending))
    return blocks


def _stands_alone(line: str) -> bool:
    """A heading typed on the line under a note's last line: it starts with the chapter word."""
    return bool(re.match(r"^[\W_]{0,4}(?:chapter|ch\.|chap\.|part|prologue|epilogue)\b", line.strip(), re.IGNORECASE))


def _para(text: str, lines: list[tuple[int, int]]) -> Block:
    start = lines[0][0] + _lead(text[lines[0][0] : lines[0][1]])
    end = lines[-1][1] - _trail(text[lines[-1][0] : lines[-1][1]])
    return Block(start, end, "para", text[start:end], None, lines)


def _lead(line: str) -> int:
    return len(line) - len(line.lstrip())


def _trail(line: str) -> int:
    return len(line) - len(line.rstrip())


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _hard_wrapped(text: str, groups: list[list[tuple[int, int]]]) -> bool:
    """Project Gutenberg style: most lines of multi-line paragraphs are 50-80 characters."""
    inner = [text[s:e] for g in groups if len(g) > 1 for s, e in g[:-1]]
    if len(inner) < 10:
        return False
    wrapped = sum(1 for line in inner if 45 <= len(line.rstrip()) <= 80)
    return wrapped > 0.6 * len(inner)


def _numbered_heading_lines(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Bare numbers count as headings only when they run 1, 2, 3... through the text."""
    found = [(s, numeric_heading(text[s:e])) for s, e in lines if text[s:e].strip()]
    found = [(s, n) for s, n in found if n is not None]
    accepted: set[int] = set()
    # The run may begin past 1 (a single posted chapter, "6 - Title"), then must go up in steps of one.
    expected = found[0][1] if found else 1
    run: list[int] = []
    for start, number in found:
        if number == expected:
            run.append(start)
            expected += 1
    # Numbers on consecutive lines are a list (a playlist, a recipe), not chapter headings.
    line_of = {s: n for n, (s, _) in enumerate(lines)}
    listed = any(line_of[b] - line_of[a] == 1 for a, b in zip(run, run[1:]))
    if len(run) >= 2 and not listed and (found[0][1] == 1 or _titled(text, lines, run) or _decorated(text, lines, run)):
        accepted.update(run)
    elif len(found) == 1 and _titled(text, lines, run) and any(heading_match(text[s:e]) for s, e in lines):
        accepted.update(run)  # "6 - The Drowned Bell" beside an "Epilogue": a chapter posted on its own
    return accepted


def _decorated(text: str, lines: list[tuple[int, int]], starts: list[int]) -> bool:
    """"~ 4 ~", "-5-": numbers set between ornaments are headings, not a list's items."""
    ends = dict(lines)
    return bool(starts) and all(re.fullmatch(r"([^\w\s])\1?\s*\w+\s*\1\1?", text[s : ends[s]].strip()) for s in starts)


def _titled(text: str, lines: list[tuple[int, int]], starts: list[int]) -> bool:
    ends = dict(lines)
    return bool(starts) and all(lexicon().numeric_heading.match(text[s : ends[s]].strip()).group("title") for s in starts)
