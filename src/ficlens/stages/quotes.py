"""Quotations: what characters say aloud, think, or write, as fan writers mark them.

Speech is found paragraph by paragraph: straight and curly double quotes, British single
quotes (only in paragraphs with no double quotes, where an apostrophe cannot be mistaken for
one), and a quote left open at a paragraph's end closes there (the commonest typo in fan
writing). A short quoted phrase inside narration with no speech punctuation is a scare quote or
a title, not dialogue. Thoughts are whole italic sentences (HTML emphasis, or *...* and _..._ in
plain text); letters and messages the structure stage found are quotations of kind "written".
Speakers are left for the speaker stage.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ficlens.model import Quote, Work

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SPEECH_END = re.compile(r"[,.!?…—–-]\s*$")
_SAID = re.compile(
    r"\b(?:said|says|asked|asks|replied|whispered|shouted|(?<!so-)called|cried|answered|muttered|murmured|snapped|"
    r"added|went on|continued|told|yelled|screamed|hissed|sighed|laughed|began|repeated|insisted)\b",
    re.IGNORECASE,
)
_STARRED = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]{3,400}?)(?<=\S)\1(?![\w*])")
_MARK = re.compile("[\"“”‘’']")
_DASH_LINE = re.compile(r"[ \t]*([—–―][ \t]*)(?=\S)")
NOT_SPOKEN = ("author_note", "summary", "chapter_title", "disclaimer")
WRITTEN = ("letter", "message")


class QuotesStage:
    name = "quotes"
    requires = ("segments",)
    assigns = ("quotes",)

    def __call__(self, work: Work) -> Work:
        text = work.text
        skip = sorted((s.start, s.end) for s in work.segments if s.kind in NOT_SPOKEN + WRITTEN)
        quotes = [Quote(s, e, kind="speech") for s, e in speech_spans(text) if not _inside(skip, s, e)]
        quotes += [Quote(s, e, kind="thought") for s, e in _thoughts(work) if not _inside(skip, s, e)]
        quotes += [Quote(a, b, kind="written") for s in work.segments if s.kind in WRITTEN for a, b in written_spans(text, s.start, s.end, s.kind)]
        work.quotes = sorted(_without_overlaps(quotes), key=lambda q: (q.start, q.end))
        return work


#: A chat or text-message line: "Wil: where r u", "[10:42] sherlock_h: come at once".
CHAT_LINE = re.compile(r"^[ \t]*(?:\[[^\]\n]{1,20}\][ \t]*)?(?P<who>[^\s:][^:\n]{0,30}?)[ \t]*:[ \t]+(?P<said>\S[^\n]*)$", re.MULTILINE)


def written_spans(text: str, start: int, end: int, kind: str) -> list[tuple[int, int]]:
    """A letter is one quotation; a chat is one per line, the sender's name left outside it."""
    if kind == "message":
        lines = list(CHAT_LINE.finditer(text, start, end))
        if len(lines) >= 2:
            return [(m.start("said"), m.end("said")) for m in lines]
    return [(start, end)]


def speech_spans(text: str, by_paragraph: bool = True) -> list[tuple[int, int]]:
    """(start, end) of every quotation that reads as speech, marks included."""
    spans: list[tuple[int, int]] = []
    for start, end in paragraphs(text) if by_paragraph else [(0, len(text))]:
        before = len(spans)
        for s, e in _quoted(text, start, end):
            if _is_speech(text, s, e):
                spans.append((s, e))
        if by_paragraph and len(spans) == before:
            spans += _dashed(text, start, end)
    return spans


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    """Every quoted stretch, speech or not (titles, scare quotes), marks included."""
    return [span for start, end in paragraphs(text) for span in _quoted(text, start, end)]


def _dashed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Dialogue opened by a dash ("— Come up, Kinch!"): to the next spaced dash or the paragraph end."""
    m = _DASH_LINE.match(text, start, end)
    if not m:
        return []
    stop = text.find(" — ", m.end(), end)
    close = stop if stop > 0 else len(text[:end].rstrip())
    return [(m.start(1), close)] if close > m.end() else []


def paragraphs(text: str) -> list[tuple[int, int]]:
    if not _PARAGRAPH_BREAK.search(text):  # one paragraph a line
        spans, pos = [], 0
        for line in text.split("\n"):
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans
    spans, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


#: A word that drops its last letters in dialect ("th'", "o'", "wi'", "an'", "goin'"), then the
#: next word: an apostrophe, not a closing single quote.
_ELIDED = re.compile(r"(?<!\w)(?:[Tt]h|[Oo]|[Ww]i|[Aa]n|[Hh]a|[A-Za-z]{2,}in)['’] [a-z]")


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches of one paragraph; an unclosed one ends with the paragraph."""
    british = '"' not in text[start:end] and "“" not in text[start:end]
    found: list[tuple[int, int]] = []
    opened: int | None = None
    mark = ""
    for m in _MARK.finditer(text, start, end):  # visit quote marks only, not every character
        k = m.start()
        ch = text[k]
        prev = text[k - 1] if k > start else " "
        nxt = text[k + 1] if k + 1 < end else " "
        if opened is None:
            if ch in "\"“" or british and ch in "‘'" and not prev.isalnum() and (nxt.isalpha() or nxt in " …"):
                opened, mark = k, ch
            continue
        if mark in "‘'" and ch in "’'" and _ELIDED.search(text, max(start, k - 8), k + 3):
            continue  # "'Lost th' key, has she?'": a dropped letter, not the quote's end
        if mark == '"' and ch == '"' or mark == "“" and ch in "”\"" or mark in "‘'" and ch in "’'" and not nxt.isalnum():
            found.append((opened, k + 1))
            opened = None
    if opened is not None:
        tail = text[opened:end].rstrip()
        found.append((opened, opened + len(tail)))
    return found


#: Words that make the quoted phrase after them a name or a label, not speech: an article or a
#: possessive ("a 'registered community exchange'", "her 'accident'") or "called", "so-called".
_NAMING = re.compile(r"\b(?:(?:a|an|the|his|her|their|its|our|my|your|this|that|so-called|word|term|phrase)|"
                     r"(?:called|calls|call|calling|named|dubbed|labell?ed)(?:\s+[\w'’]+){0,2})\s+$", re.IGNORECASE)


#: Words before a quoted title: "the chorus of", "a song called", "she was reading".
_TITLE_BEFORE = re.compile(r"\b(?:songs?|books?|films?|movies?|albums?|chorus|novels?|poems?|plays?|shows?|series|episodes?|"
                           r"tracks?|singles?|titled|entitled|called|named|of|read|reading|reads|watched|watching|sang|"
                           r"singing|sings|hummed|humming|hums|playing|played)\s+$", re.IGNORECASE)
_TITLE_SMALL = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "from", "by", "into"})


def _title(inner: str) -> bool:
    """Title Case with a small word inside: "Paper Boats in April", "The Lord of the Rings"."""
    words = inner.rstrip(",.!?;:…").split()
    if len(words) < 3 or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return False
    small = [w for w in words if w in _TITLE_SMALL]
    return bool(small) and all(w in _TITLE_SMALL or w[:1].isupper() for w in words)


_WORD_BEFORE = re.compile(r"\b[a-z]+[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([a-z]+)\b")
#: A tag's first word after a quotation: then the quoted words were said.
_TAG_WORDS = frozenset({"he", "she", "i", "you", "we", "they", "it", "said", "says", "asked", "asks"})


def _inline(text: str, start: int, end: int) -> bool:
    """A quotation inside a running sentence: a lower-case word just before and just after it."""
    after = _WORD_AFTER.match(text, end)
    return bool(_WORD_BEFORE.search(text, max(0, start - 30), start)) and bool(after) and after.group(1) not in _TAG_WORDS


def _is_speech(text: str, start: int, end: int) -> bool:
    closed = end - start > 1 and text[end - 1] in "\"“”‘’'"
    inner = text[start + 1 : end - 1 if closed else end].strip() if end - start > 1 else ""
    if not inner:
        return False
    words = len(inner.split())
    if words <= 6 and inner[:1].islower() and _NAMING.search(text, max(0, start - 30), start):
        return False  # calls it a "registered community exchange," which ...: a name for a thing
    if _title(inner) and _TITLE_BEFORE.search(text, max(0, start - 30), start):
        return False  # the chorus of "Paper Boats in April," which ...: a song, a book, a film
    if _title(inner) and inner[-1:].isalnum() and _inline(text, start, end):
        return False  # with 'The Mysteries of Udolpho' open on her knee: a title in a sentence
    if words >= 4 or _SPEECH_END.search(inner.rstrip("'‘’")):  # "You said 'un-person,'": a quote inside ends it
        return True
    # A short quoted phrase counts only when someone is said to say it.
    around = text[max(0, start - 40) : start] + " " + text[end : end + 40]
    return bool(_SAID.search(around)) and not inner[:1].isupper() or bool(_SAID.search(text[end : end + 25]))


def _thoughts(work: Work) -> list[tuple[int, int]]:
    text = work.text
    spans = [(m.start, m.end) for m in work.markup if m.kind == "emphasis" and _thought_like(text, m.start, m.end)]
    spans += [(m.start(), m.end()) for m in _STARRED.finditer(text) if _thought_like(text, m.start(), m.end())]
    return spans


_THOUGHT_TAG = re.compile(r"[,.!?…]?\s*(?:\w+\s+){0,3}?(?:thought|thinks?|wonder(?:ed|s)?|mused?|muses|reali[sz](?:ed|es?)|"
                          r"(?:told|tells?) (?:him|her|them|my|your)sel(?:f|ves))\b")


def _thought_like(text: str, start: int, end: int) -> bool:
    """A whole italic sentence, or italics a thought tag follows (`*Some day soon*, he thought`)."""
    piece = text[start:end].strip("*_ ")
    if not _sentence(piece) and len(piece.split()) < 2 and piece[-1:] not in ",.!?…":
        return False  # "the *Times*, I think": a title or one stressed word
    return _sentence(piece) or bool(_THOUGHT_TAG.match(text, end, end + 40))


def _sentence(piece: str) -> bool:
    """Italics that hold a thought: a few words ending like a sentence, not one stressed word."""
    piece = piece.strip("*_ ")
    return len(piece.split()) >= 3 and piece[-1:] in ".!?…"


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of `spans` (sorted, not overlapping much)."""
    k = bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def _without_overlaps(quotes: list[Quote]) -> list[Quote]:
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: (q.start, -(q.end - q.start))):
        if kept and q.start < kept[-1].end:
            continue
        kept.append(q)
    return kept
