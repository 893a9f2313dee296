"""Search-result snippets: a short window of text around the first match, matches marked.

FTS5's own snippet() tokenises the whole of every matching document, which for long stories cost
more than the search itself; here only the page of results shown gets a snippet, found with a
regular expression built from the same terms. A row the expression cannot place (a tokenizer
corner case) falls back to FTS5's snippet() for that row alone.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from ficlens.store.query import MARK_CLOSE, MARK_OPEN

BEFORE, AFTER = 90, 170  # characters of context either side of the first match
CHUNK = 20_000


def make_snippets(conn: sqlite3.Connection, ids: list[int], fts: str) -> dict[int, str]:
    if not ids:
        return {}
    pattern = _pattern(fts)
    marks = ", ".join("?" * len(ids))
    out: dict[int, str] = {}
    missing: list[int] = []
    for work_id, title, summary, body in conn.execute(
        f"SELECT rowid, title, summary, body FROM works_fts WHERE rowid IN ({marks})", ids
    ):
        found = pattern and next((s for s in (_window(t, pattern) for t in (body, summary, title)) if s), None)
        if found:
            out[work_id] = found
        else:
            missing.append(work_id)
    for work_id in missing:
        row = conn.execute(
            "SELECT snippet(works_fts, -1, ?, ?, '…', 24) FROM works_fts WHERE works_fts MATCH ? AND rowid = ?",
            (MARK_OPEN, MARK_CLOSE, fts, work_id),
        ).fetchone()
        out[work_id] = row[0] if row else ""
    return out


def _pattern(fts: str) -> re.Pattern[str] | None:
    """One alternation of the query's terms; words of a phrase may be split by any non-word run."""
    phrases = re.findall(r'"([^"]*)"', fts)
    parts = [r"\W+".join(re.escape(_fold(w)) for w in p.split()) for p in phrases if p.split()]
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _window(text: str | None, pattern: re.Pattern[str]) -> str | None:
    if not text:
        return None
    first, folded = None, ""
    for at in range(0, len(text), CHUNK):  # fold only as far as the first match (and a little on)
        folded += _fold(text[at : at + CHUNK])
        if len(folded) != min(len(text), at + CHUNK):  # folding changed lengths: offsets would slip
            return None
        first = first or pattern.search(folded, max(0, at - 200))
        if first and first.end() + AFTER + 200 < len(folded):
            break
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
    for m in pattern.finditer(folded, start, end):
        pieces += [text[at : m.start()], MARK_OPEN, text[m.start() : m.end()], MARK_CLOSE]
        at = m.end()
    pieces.append(text[at:end])
    body = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for one wherever possible (like unicode61)."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.translate(_FOLD)


class _Fold(dict):  # type: ignore[type-arg]
    """A translate table filled lazily: each character maps to its base letter, once computed."""

    def __missing__(self, code: int) -> int | str:
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        value = base if len(base) == 1 else code
        if len(self) < 65_536:
            self[code] = value
        return value


_FOLD = _Fold()
