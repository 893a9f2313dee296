"""The library as a table (CSV or Parquet): one row per work, metadata and tags but no text.

For looking at a collection in a spreadsheet or a dataframe. Declared and inferred tags get their
own columns so neither hides the other. Files are written beside the target and renamed into place,
so an interrupted export never leaves half a file under the requested name.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ficlens.errors import FiclensError
from ficlens.export.files import write_atomic
from ficlens.store.query import TAG_TYPES

LIST_SEP = "; "
SCALAR_COLUMNS = [
    "id", "title", "authors", "path", "words", "complete", "pov", "rating", "inferred_rating",
    "added_at", "content_hash", "analyzer_version",
]
LIST_TYPES = [t for t in TAG_TYPES if t != "rating"]
COLUMNS = SCALAR_COLUMNS + LIST_TYPES + [f"inferred_{t}" for t in LIST_TYPES]


def records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every work as a dict of COLUMNS (lists for authors and tags), in id order."""
    tags: dict[int, dict[str, list[str]]] = {}
    for work_id, tag_type, value, source in conn.execute(
        "SELECT work_id, type, value, source FROM work_tags WHERE type != 'rating' ORDER BY work_id, type, pos"
    ):
        key = tag_type if source == "declared" else f"inferred_{tag_type}"
        tags.setdefault(work_id, {}).setdefault(key, []).append(value)
    for row in conn.execute(
        "SELECT id, title, authors_json, path, words, complete, pov, rating_declared, rating_inferred, "
        "added_at, content_hash, analyzer_version FROM works ORDER BY id"
    ):
        out = dict(zip(SCALAR_COLUMNS, row))
        out["authors"] = json.loads(out["authors"] or "[]")
        out["complete"] = None if out["complete"] is None else bool(out["complete"])
        mine = tags.get(out["id"], {})
        out.update({key: mine.get(key, []) for key in COLUMNS[len(SCALAR_COLUMNS):]})
        yield out


def export_csv(conn: sqlite3.Connection, path: Path) -> int:
    count = 0

    def write(handle: Any) -> None:
        nonlocal count
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for rec in records(conn):
            writer.writerow({k: LIST_SEP.join(v) if isinstance(v, list) else v for k, v in rec.items()})
            count += 1

    write_atomic(path, write)
    return count


def export_parquet(conn: sqlite3.Connection, path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise FiclensError("Parquet export needs pyarrow: pip install 'ficlens[parquet]'") from None
    rows = list(records(conn))
    strings = pa.list_(pa.string())
    schema = pa.schema(
        [("id", pa.int64()), ("title", pa.string()), ("authors", strings), ("path", pa.string()),
         ("words", pa.int64()), ("complete", pa.bool_()), ("pov", pa.string()), ("rating", pa.string()),
         ("inferred_rating", pa.string()), ("added_at", pa.string()), ("content_hash", pa.string()),
         ("analyzer_version", pa.string())]
        + [(c, strings) for c in COLUMNS[len(SCALAR_COLUMNS):]]
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    write_atomic(path, lambda handle: pq.write_table(table, handle), binary=True)
    return len(rows)
