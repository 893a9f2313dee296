"""What a library search asks for (`Query`), what it returns, and the SQL it becomes.

The SQL is built here, in one place, so it can be read and tested apart from connections. Values
never enter the SQL text: every user value becomes a `?` parameter; only fixed column names,
chosen from the whitelists below, are written into the statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Tag types a Query may filter on (the keys of `Query.include` / `Query.exclude`).
TAG_TYPES = ("fandoms", "characters", "relationships", "freeform", "warnings", "category", "rating")
TAG_SOURCES = ("declared", "inferred", "both")
SORTS = ("added", "words", "title", "relevance")
#: Highlight markers inside `WorkRow.snippet`: control characters, so they never clash with story
#: text and survive HTML escaping; use `WorkRow.snippet_parts()` to render them.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
MAX_LIMIT = 1000

_ORDER = {
    "added": "w.added_at {d}, w.id {d}",
    "words": "w.words {d}, w.id {d}",
    "title": "w.title COLLATE NOCASE {d}, w.id {d}",
}


@dataclass(slots=True)
class Query:
    """A library search; every field is optional and an empty Query matches every work."""

    text: str | None = None
    include: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    pov: str | None = None
    words_min: int | None = None
    words_max: int | None = None
    complete: bool | None = None
    tag_source: str = "both"
    sort: str = "added"
    descending: bool = False
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class WorkRow:
    """One search hit: the metadata a results list shows, without the full analysis."""

    id: int
    title: str
    authors: list[str]
    path: str | None
    fandoms: list[str]
    relationships: list[str]
    warnings: list[str]
    rating: str | None
    category: list[str]
    words: int
    complete: bool | None
    pov: str | None
    added_at: str
    snippet: str | None = None

    def snippet_parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, highlighted) pieces, for callers that escape and mark up."""
        if not self.snippet:
            return []
        parts: list[tuple[str, bool]] = []
        for piece in re.split(f"({MARK_OPEN}.*?{MARK_CLOSE})", self.snippet, flags=re.S):
            if piece.startswith(MARK_OPEN) and piece.endswith(MARK_CLOSE):
                parts.append((piece[1:-1], True))
            elif piece:
                parts.append((piece, False))
        return parts


@dataclass(slots=True)
class SearchResult:
    total: int
    rows: list[WorkRow]


@dataclass(slots=True)
class AddReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def fold(value: str) -> str:
    """How tag strings are compared: case-insensitive, blank runs collapsed."""
    return " ".join(value.split()).casefold()


def fts_expression(text: str) -> str | None:
    """User text as an FTS5 query: each word a quoted term (all must match), so punctuation or
    FTS syntax typed by a user can never raise a syntax error. "Double-quoted phrases" are kept."""
    terms: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        words = re.findall(r"\w+", phrase or word)
        if words:
            terms.append('"' + " ".join(words) + '"')
    return " AND ".join(terms) if terms else None


def where_clause(q: Query) -> tuple[str, list[object], str | None]:
    """(SQL after FROM, parameters, FTS expression or None) for the works matching `q`."""
    if q.tag_source not in TAG_SOURCES:
        raise ValueError(f"tag_source must be one of {', '.join(TAG_SOURCES)}")
    params: list[object] = []
    conds: list[str] = []
    fts = fts_expression(q.text) if q.text else None
    source_sql = ""
    source_params: list[object] = []
    if q.tag_source != "both":
        source_sql, source_params = " AND t.source = ?", [q.tag_source]
    for tag_type, values in (q.include or {}).items():
        _check_type(tag_type)
        for value in dict.fromkeys(fold(v) for v in values if v and v.strip()):
            conds.append(
                "w.id IN (SELECT t.work_id FROM work_tags t WHERE t.type = ? AND t.value_folded = ?"
                f"{source_sql})"
            )
            params += [tag_type, value, *source_params]
    for tag_type, values in (q.exclude or {}).items():
        _check_type(tag_type)
        folded = list(dict.fromkeys(fold(v) for v in values if v and v.strip()))
        if folded:
            marks = ", ".join("?" * len(folded))
            conds.append(
                "w.id NOT IN (SELECT t.work_id FROM work_tags t WHERE t.type = ? "
                f"AND t.value_folded IN ({marks}){source_sql})"
            )
            params += [tag_type, *folded, *source_params]
    if q.pov:
        conds.append("w.pov = ?")
        params.append(q.pov.casefold())
    if q.words_min is not None:
        conds.append("w.words >= ?")
        params.append(int(q.words_min))
    if q.words_max is not None:
        conds.append("w.words <= ?")
        params.append(int(q.words_max))
    if q.complete is not None:
        conds.append("w.complete = ?")
        params.append(1 if q.complete else 0)
    sql = "works w"
    if fts and q.sort == "relevance":  # join, so that the rank of each match is at hand
        sql += " JOIN works_fts ON works_fts.rowid = w.id"
        conds.insert(0, "works_fts MATCH ?")
        params.insert(0, fts)
    elif fts:  # a set of ids the planner can probe while it walks an index in sort order
        conds.insert(0, "w.id IN (SELECT rowid FROM works_fts WHERE works_fts MATCH ?)")
        params.insert(0, fts)
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    return sql, params, fts


def text_only(q: Query) -> bool:
    """True when a query is full text and nothing else, so the FTS index alone can count it."""
    return bool(q.text) and not (
        any(v for v in (q.include or {}).values()) or any(v for v in (q.exclude or {}).values())
        or q.pov or q.words_min is not None or q.words_max is not None or q.complete is not None
    )


def order_clause(q: Query, has_fts: bool) -> str:
    if q.sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    direction = "DESC" if q.descending else "ASC"
    if q.sort == "relevance":
        if has_fts:  # best match first whatever `descending` says (bm25: lower is better)
            return "works_fts.rank, w.id"
        return _ORDER["added"].format(d=direction)
    return _ORDER[q.sort].format(d=direction)


def _check_type(tag_type: str) -> None:
    if tag_type not in TAG_TYPES:
        raise ValueError(f"unknown tag type {tag_type!r} (known: {', '.join(TAG_TYPES)})")
