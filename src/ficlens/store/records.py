"""Turning a Work into library rows and library rows back into `WorkRow`s.

Kept apart from `Library` so the mapping (which tags are stored, how they are folded, what a
results row shows) can be read in one place without the connection handling around it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import ficlens
from ficlens.model import Work
from ficlens.store.query import TAG_TYPES, WorkRow, fold

WORK_FIELDS = (
    "title", "authors_json", "path", "content_hash", "analyzer_version", "added_at", "words",
    "complete", "pov", "rating_declared", "rating_inferred",
)
INSERT_WORK = (
    f"INSERT INTO works ({', '.join(WORK_FIELDS)}) VALUES ({', '.join(':' + f for f in WORK_FIELDS)})"
)
#: A re-analysis keeps the work's id and the date it was first added.
UPDATE_WORK = "UPDATE works SET " + ", ".join(f"{f} = :{f}" for f in WORK_FIELDS if f != "added_at") + " WHERE id = :id"
PUT_ANALYSIS = "INSERT OR REPLACE INTO work_analysis (work_id, analysis) VALUES (:id, :analysis)"
ROW_COLUMNS = (
    "w.id, w.title, w.authors_json, w.path, w.rating_declared, w.rating_inferred, w.words, "
    "w.complete, w.pov, w.added_at"
)
_POVS = {"first": "first", "1st": "first", "second": "second", "2nd": "second", "third": "third", "3rd": "third"}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def analyzer_version(work: Work | None = None) -> str:
    """ficlens version plus the stage list: a change to either means stored analyses are stale."""
    if work is not None and work.produced_by.get("ficlens"):
        version, stages = work.produced_by["ficlens"], work.produced_by.get("stages") or []
    else:
        from ficlens.pipeline import stage_names

        version, stages = ficlens.__version__, stage_names()
    return f"{version}:{','.join(stages)}"


def one_line(message: str) -> str:
    return " ".join(message.split())


def _values(raw: Any) -> list[str]:
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [" ".join(str(v).split()) for v in items if str(v).strip()]


def tag_rows(work: Work) -> list[tuple[str, str, str, str, int]]:
    """(type, value, folded value, source, position) for each declared and inferred tag."""
    rows: list[tuple[str, str, str, str, int]] = []
    declared = work.info.declared_tags or {}
    for tag_type in TAG_TYPES:
        for pos, value in enumerate(_values(declared.get(tag_type))):
            rows.append((tag_type, value, fold(value), "declared", pos))
        for pos, value in enumerate(_values(getattr(work.tags, tag_type, None))):
            rows.append((tag_type, value, fold(value), "inferred", pos))
    return rows


def work_row(work: Work, path: str | None, digest: str, version: str) -> dict[str, Any]:
    info = work.info
    title = (info.title or "").strip() or (Path(path).stem if path else "") or (
        Path(info.source.path).stem if info.source.path else "Untitled"
    )
    declared_rating = _values((info.declared_tags or {}).get("rating"))
    person = (work.narration.person or "").strip().casefold()
    return {
        "title": title,
        "authors_json": json.dumps(list(info.authors), ensure_ascii=False),
        "path": path,
        "content_hash": digest,
        "analyzer_version": version,
        "added_at": now(),
        "words": int(work.stats.words or 0),
        "complete": None if info.complete is None else int(bool(info.complete)),
        "pov": _POVS.get(person, person or None),
        "rating_declared": declared_rating[0] if declared_rating else None,
        "rating_inferred": work.tags.rating or None,
        "summary": info.summary,
        "analysis": zlib.compress(work.to_json().encode("utf-8"), 6),
    }


def tags_for(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """work id -> [(type, value, source)] for a page of results, in one query."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    out: dict[int, list[tuple[str, str, str]]] = {}
    for work_id, tag_type, value, source in conn.execute(
        f"SELECT work_id, type, value, source FROM work_tags WHERE work_id IN ({marks}) "
        "ORDER BY work_id, source, type, pos",
        ids,
    ):
        out.setdefault(work_id, []).append((tag_type, value, source))
    return out


def to_row(r: tuple[Any, ...], tags: list[tuple[str, str, str]], tag_source: str, snippet: str | None) -> WorkRow:
    """A results row; tags shown are those `tag_source` selects (declared first for "both")."""
    chosen: dict[str, list[str]] = {t: [] for t in TAG_TYPES}
    seen: set[tuple[str, str]] = set()
    for wanted in ("declared", "inferred"):
        if tag_source not in ("both", wanted):
            continue
        for tag_type, value, source in tags:
            if source == wanted and (tag_type, fold(value)) not in seen:
                seen.add((tag_type, fold(value)))
                chosen[tag_type].append(value)
    rating = {"declared": r[4], "inferred": r[5]}.get(tag_source, r[4] or r[5])
    return WorkRow(
        id=r[0], title=r[1], authors=json.loads(r[2] or "[]"), path=r[3],
        fandoms=chosen["fandoms"], relationships=chosen["relationships"], warnings=chosen["warnings"],
        rating=rating, category=chosen["category"], words=r[6],
        complete=None if r[7] is None else bool(r[7]), pov=r[8], added_at=r[9], snippet=snippet,
    )
