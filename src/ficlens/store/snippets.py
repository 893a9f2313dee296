"""Search-result snippets: a short window of text around the first match, matches marked.

FTS5's snippet() tokenises the whole of each matching document, which for long stories cost far
more than the search itself. Here only the page of results shown gets a snippet, and the story is
read incrementally (blob I/O) only as far as its first match, with a regular expression built from
the query's terms that, like the index, ignores case and diacritics. Candidates are found with
`str.find` on the lower-cased text (C speed) and confirmed with the expression; a row where that
finds nothing (an accented spelling of an unaccented query word, a tokenizer corner case) falls
back to FTS5's snippet() for that row alone.
"""

from __future__ import annotations

import codecs
import re
import sqlite3
import unicodedata

from ficlens.store.query import MARK_CLOSE, MARK_OPEN

BEFORE, AFTER = 90, 170  # characters of context either side of the first match
CHUNK = 32_768  # bytes read at a time


def make_snippets(conn: sqlite3.Connection, ids: list[int], fts: str) -> dict[int, str]:
    if not ids:
        return {}
    finder = Finder.of(fts)
    marks = ", ".join("?" * len(ids))
    out: dict[int, str] = {}
    for work_id, title, summary in conn.execute(
        f"SELECT work_id, title, summary FROM work_body WHERE work_id IN ({marks})", ids
    ):
        found = finder and (_from_body(conn, work_id, finder) or _window(summary, finder) or _window(title, finder))
        if not found:
            row = conn.execute(
                "SELECT snippet(works_fts, -1, ?, ?, '…', 24) FROM works_fts WHERE works_fts MATCH ? AND rowid = ?",
                (MARK_OPEN, MARK_CLOSE, fts, work_id),
            ).fetchone()
            found = row[0] if row else ""
        out[work_id] = found
    return out


class Finder:
    """Finds the query's terms: `str.find` for candidates, one regex per phrase to confirm."""

    def __init__(self, phrases: list[list[str]]) -> None:
        self.phrases = [
            (words[0].lower(), re.compile(r"(?<!\w)" + r"\W+".join(map(_word, words)) + r"(?!\w)", re.I))
            for words in phrases
        ]
        self.any = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in self.phrases), re.I)

    @classmethod
    def of(cls, fts: str) -> Finder | None:
        phrases = [[_base(w) for w in p.split()] for p in re.findall(r'"([^"]*)"', fts)]
        phrases = [p for p in phrases if p]
        return cls(phrases) if phrases else None

    def first(self, text: str, low: str, start: int = 0) -> re.Match[str] | None:
        best: re.Match[str] | None = None
        for head, rx in self.phrases:
            pos = low.find(head, start)
            while pos != -1 and (best is None or pos < best.start()):
                m = rx.match(text, pos)
                if m:
                    best = m
                    break
                pos = low.find(head, pos + 1)
        return best


def _from_body(conn: sqlite3.Connection, work_id: int, finder: Finder) -> str | None:
    """Read the story in chunks until the first match and enough text after it."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = low = ""
    first, done = None, False
    try:
        blob = conn.blobopen("work_body", "body", work_id, readonly=True)
    except sqlite3.Error:
        return None
    with blob:
        while not done:
            data = blob.read(CHUNK)
            done = len(data) < CHUNK
            scanned = len(text)
            piece = decoder.decode(data, final=done)
            lowered = piece.lower()
            if len(lowered) != len(piece):  # a character whose lower case is longer: offsets would slip
                return None
            text, low = text + piece, low + lowered
            first = first or finder.first(text, low, max(0, scanned - 200))
            if first and len(text) > first.end() + AFTER + 1:
                break
    return _window(text, finder, first, complete=done) if first else None


def _window(text: str | None, finder: Finder, first: re.Match[str] | None = None, complete: bool = True) -> str | None:
    if not text:
        return None
    first = first or finder.any.search(text)
    if first is None:
        return None
    start = max(0, first.start() - BEFORE)
    end = min(len(text), first.end() + AFTER)
    if start > 0:  # start and end on word boundaries
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space != -1 else end
    pieces, at = [], start
    for m in finder.any.finditer(text, start, end):
        pieces += [text[at : m.start()], MARK_OPEN, text[m.start() : m.end()], MARK_CLOSE]
        at = m.end()
    pieces.append(text[at:end])
    body = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) or not complete else "")


def _base(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _word(word: str) -> str:
    """A regex for a word in which each letter may also be accented (é, è, ê... for e)."""
    return "".join(f"[{re.escape(c)}{_VARIANTS[c.lower()]}]" if c.lower() in _VARIANTS else re.escape(c) for c in word)


def _variants() -> dict[str, str]:
    table: dict[str, list[str]] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = _base(ch).lower()
        if len(base) == 1 and base.isascii() and base != ch.lower():
            table.setdefault(base, []).append(ch)
    return {k: "".join(v) for k, v in table.items()}


_VARIANTS = _variants()
