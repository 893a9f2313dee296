"""Sentences and tokens with offsets, cut the way LitBank's annotators' text was cut.

The entity models learnt from LitBank's tokens, so text is tokenised alike: punctuation on its
own, clitics split off ("Lincoln 's", "did n't"), hyphenated words and "Mr." kept whole.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"(?:Mrs|Mr|Ms|Dr|St|Messrs|Mme|Mlle|Capt|Col|Gen|Lt|Rev|Prof)\.(?=\s)"  # titles keep their full stop
    r"|[^\W_]+(?:[-'’.][^\W_]+)*"
    r"|-{2,}|\.{3,}|…|\S",
)
_CLITIC = re.compile(r"(?i)(n['’]t|['’](?:s|ll|ve|re|m|d|em))$")
_SENTENCE_END = frozenset({".", "!", "?", "…", "...", "...."})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]"})


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every token of text[start:end]."""
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        a, b = m.span()
        clitic = _CLITIC.search(text, a, b)
        if clitic and clitic.start() > a:
            out += [(a, clitic.start()), (clitic.start(), b)]
        else:
            out.append((a, b))
    return out


def sentences(text: str, start: int = 0, end: int | None = None) -> list[list[tuple[int, int]]]:
    """Tokens grouped into sentences: a sentence ends after . ! ? (and any closing quotes) or at a blank line."""
    out: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    toks = tokens(text, start, end)
    for k, (a, b) in enumerate(toks):
        if current and "\n\n" in text[current[-1][1] : a].replace("\r", ""):
            out.append(current)
            current = []
        current.append((a, b))
        closes = k + 1 >= len(toks) or not _closer(text, *toks[k + 1])
        if closes and (text[a:b] in _SENTENCE_END or _closer(text, a, b) and len(current) > 1 and text[current[-2][0] : current[-2][1]] in _SENTENCE_END):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _closer(text: str, a: int, b: int) -> bool:
    """A closing quote or bracket: not one that opens ('"Well' after a space)."""
    if text[a:b] not in _CLOSERS:
        return False
    opens = (a == 0 or text[a - 1].isspace()) and b < len(text) and not text[b].isspace()
    return not opens
