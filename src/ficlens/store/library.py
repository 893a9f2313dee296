"""`Library`: the one owner of the SQLite library's connections.

Writes go through a single connection behind a lock (SQLite allows one writer; serialising here
keeps the CLI and web app from tripping over "database is locked"). Reads use one connection per
thread, so a slow search never blocks the writer and the web app's worker threads never share a
connection. WAL mode lets those reads run while a write is in progress. Each work is written in its
own transaction, so a run killed midway keeps everything committed before it.
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

from ficlens.errors import FiclensError, InputError
from ficlens.ingest import format_for, read_bytes, story_files
from ficlens.model import Work
from ficlens.store import records
from ficlens.store.migrations import migrations
from ficlens.store.query import (
    MAX_LIMIT,
    TAG_TYPES,
    AddReport,
    Query,
    SearchResult,
    order_clause,
    text_only,
    where_clause,
)
from ficlens.store.snippets import make_snippets

Progress = Callable[[int, int, str], None]


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("ficlens")) / "library.db"


class Library:
    """A ficlens library at `path` (default: the user's data folder), created and migrated on open."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        try:
            self._writer = self._connect()
            self._writer.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise FiclensError(f"{self.path}: not a ficlens library ({exc})") from None

    # -- connections -----------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable against a killed process
        return conn

    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB: the tag index and FTS pages stay hot
            conn.execute("PRAGMA mmap_size = 268435456")
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        return conn

    def _migrate(self) -> None:
        with self._lock:
            w = self._writer
            w.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            for name, sql in migrations():
                w.execute("BEGIN IMMEDIATE")
                try:
                    if not w.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                        for statement in _statements(sql):
                            w.execute(statement)
                        w.execute(
                            "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, records.now())
                        )
                    w.execute("COMMIT")
                except BaseException:
                    w.execute("ROLLBACK")
                    raise

    def close(self) -> None:
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._writer.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding ----------------------------------------------------------------------------
    def add(self, paths: list[Path], progress: Progress | None = None) -> AddReport:
        """Analyse and store every story under `paths`; see AddReport for what happened."""
        from ficlens.pipeline import analyze

        report = AddReport()
        files: list[Path] = []
        for raw in paths:
            p = Path(raw)
            if p.is_dir():
                files += story_files(p)
            elif p.exists():
                files.append(p)
            else:
                report.errors.append((str(p), f"{p}: no such file or folder"))
        version = records.analyzer_version()
        for done, file in enumerate(files, 1):
            file = file.absolute()  # stored paths do not depend on where `add` was run from
            try:
                data = file.read_bytes()
                digest = records.content_hash(data)
                known = self._version_of(digest)
                if known == version:
                    report.skipped += 1
                else:
                    work = analyze(read_bytes(data, str(file), fmt=format_for(file)))  # the bytes already read
                    replace = self._id_for_path(str(file)) if known is None else None
                    self._store(work, str(file), digest, version, replace)
                    if known is None and replace is None:
                        report.added += 1
                    else:
                        report.updated += 1
            except FiclensError as exc:
                report.errors.append((str(file), records.one_line(str(exc))))
            except OSError as exc:
                report.errors.append((str(file), f"{file}: cannot read ({exc.strerror or exc})"))
            except Exception as exc:  # noqa: BLE001 - one bad story must not stop the run
                report.errors.append((str(file), records.one_line(f"{file}: internal error: {type(exc).__name__}: {exc}")))
            if progress:
                progress(done, len(files), str(file))
        if report.added or report.updated:
            self.optimize()
        return report

    def add_work(self, work: Work, path: str | None, content_hash: str) -> int:
        """Store an analysed work; a work with the same content hash is replaced, not duplicated."""
        return self._store(work, path, content_hash, records.analyzer_version(work), None)

    def upload(self, data: bytes, filename: str) -> int:
        """Analyse a file's bytes (from the browser) and add it; returns the work's id."""
        from ficlens.pipeline import analyze

        name = Path(filename or "upload").name or "upload"
        if not data:
            raise InputError(f"{name}: the file is empty")
        digest = records.content_hash(data)
        version = records.analyzer_version()
        existing = self._id_for_hash(digest)
        if existing is not None and self._version_of(digest) == version:
            return existing
        work = analyze(read_bytes(data, name, fmt=format_for(name)))
        return self._store(work, None, digest, version, None)

    def _store(self, work: Work, path: str | None, digest: str, version: str, replace: int | None) -> int:
        row = records.work_row(work, path, digest, version)
        tags = records.tag_rows(work)
        with self._lock:
            w = self._writer
            w.execute("BEGIN IMMEDIATE")
            try:
                found = w.execute("SELECT id FROM works WHERE content_hash = ?", (digest,)).fetchone()
                target = found[0] if found else replace
                if target is None:
                    work_id = w.execute(records.INSERT_WORK, row).lastrowid
                else:
                    work_id = target
                    w.execute(records.UPDATE_WORK, {**row, "id": work_id})
                    w.execute("DELETE FROM work_tags WHERE work_id = ?", (work_id,))
                    w.execute(  # an external-content FTS index is told the old text to remove
                        "INSERT INTO works_fts (works_fts, rowid, title, summary, body) "
                        "SELECT 'delete', work_id, title, summary, body FROM work_body WHERE work_id = ?",
                        (work_id,),
                    )
                    w.execute("DELETE FROM work_body WHERE work_id = ?", (work_id,))
                w.execute(records.PUT_ANALYSIS, {**row, "id": work_id})
                text = (work_id, row["title"], row["summary"] or "", work.text)
                w.execute("INSERT INTO work_body (work_id, title, summary, body) VALUES (?, ?, ?, ?)", text)
                w.execute("INSERT INTO works_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)", text)
                w.executemany(
                    "INSERT OR IGNORE INTO work_tags (work_id, type, value, value_folded, source, pos) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(work_id, *t) for t in tags],
                )
                w.execute("COMMIT")
            except BaseException:
                w.execute("ROLLBACK")
                raise
        return int(work_id)

    def optimize(self) -> None:
        """Refresh the planner's statistics (ANALYZE, sampled): with them SQLite drives a search
        from its most selective filter; without them, some filter mixes run several times slower."""
        with self._lock:
            self._writer.execute("PRAGMA analysis_limit = 1000")
            self._writer.execute("ANALYZE")

    def _version_of(self, digest: str) -> str | None:
        row = self._reader().execute("SELECT analyzer_version FROM works WHERE content_hash = ?", (digest,)).fetchone()
        return row[0] if row else None

    def _id_for_hash(self, digest: str) -> int | None:
        row = self._reader().execute("SELECT id FROM works WHERE content_hash = ?", (digest,)).fetchone()
        return row[0] if row else None

    def _id_for_path(self, path: str) -> int | None:
        row = self._reader().execute("SELECT id FROM works WHERE path = ? ORDER BY id LIMIT 1", (path,)).fetchone()
        return row[0] if row else None

    # -- reading ---------------------------------------------------------------------------
    def search(self, q: Query) -> SearchResult:
        """The works matching `q`, one page of them, with the total count."""
        source, params, fts = where_clause(q)
        conn = self._reader()
        if fts and text_only(q):  # text alone: count in the index, no join
            total = conn.execute("SELECT count(*) FROM works_fts WHERE works_fts MATCH ?", params).fetchone()[0]
        else:
            total = conn.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0]
        limit = max(0, min(int(q.limit), MAX_LIMIT))
        sql = f"SELECT {records.ROW_COLUMNS} FROM {source} ORDER BY {order_clause(q, bool(fts))} LIMIT ? OFFSET ?"
        found = conn.execute(sql, [*params, limit, max(0, int(q.offset))]).fetchall()
        ids = [r[0] for r in found]
        tags = records.tags_for(conn, ids)
        snippets = make_snippets(conn, ids, fts) if fts else {}
        return SearchResult(
            total, [records.to_row(r, tags.get(r[0], []), q.tag_source, snippets.get(r[0])) for r in found]
        )

    def facets(self, q: Query, limit: int = 30) -> dict[str, list[tuple[str, int]]]:
        """For each tag type, the commonest values among the works matching `q`, with counts.

        One grouped pass over the tag index (a few hundred ms on a big, unfiltered library), so
        results are cached per reader and reused until any connection commits a change."""
        conn = self._reader()
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        key = (repr((q.text, q.include, q.exclude, q.pov, q.words_min, q.words_max, q.complete, q.tag_source)), limit)
        cache: dict[object, tuple[int, dict[str, list[tuple[str, int]]]]] = self._local.__dict__.setdefault("facets", {})
        if key in cache and cache[key][0] == version:
            return cache[key][1]
        source, params, _ = where_clause(q)
        conds, args = [], []
        if source != "works w":
            conds.append(f"t.work_id IN (SELECT w.id FROM {source})")
            args += params
        if q.tag_source != "both":
            conds.append("t.source = ?")
            args.append(q.tag_source)
        counted = "count(DISTINCT t.work_id)" if q.tag_source == "both" else "count(*)"  # both: once a work
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        rows = conn.execute(
            f"SELECT t.type, t.value_folded, {counted} FROM work_tags t{where} GROUP BY t.type, t.value_folded", args
        ).fetchall()
        out: dict[str, list[tuple[str, int]]] = {t: [] for t in TAG_TYPES}
        for tag_type, folded, count in sorted(rows, key=lambda r: (-r[2], r[1])):
            if tag_type in out and len(out[tag_type]) < limit:
                shown = conn.execute(  # the spelling to show: the first one stored
                    "SELECT value FROM work_tags WHERE type = ? AND value_folded = ? LIMIT 1", (tag_type, folded)
                ).fetchone()
                out[tag_type].append((shown[0] if shown else folded, count))
        if len(cache) > 64:
            cache.clear()
        cache[key] = (version, out)
        return out

    def get(self, work_id: int) -> Work | None:
        """The full stored analysis of one work."""
        row = self._reader().execute("SELECT analysis FROM work_analysis WHERE work_id = ?", (int(work_id),)).fetchone()
        return Work.from_json(zlib.decompress(row[0]).decode("utf-8")) if row else None

    def count(self) -> int:
        return self._reader().execute("SELECT count(*) FROM works").fetchone()[0]

    def export_csv(self, path: Path) -> int:
        """One row per work (metadata and tags, no text); returns the number of rows."""
        from ficlens.store.export import export_csv

        return export_csv(self._reader(), Path(path))

    def export_parquet(self, path: Path) -> int:
        from ficlens.store.export import export_parquet

        return export_parquet(self._reader(), Path(path))


def _statements(sql: str) -> list[str]:
    """Split a script into statements, so a migration runs inside our own transaction."""
    out: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip() and not all(l.strip().startswith("--") or not l.strip() for l in current.splitlines()):
        out.append(current.strip())
    return out


__all__ = ["Library", "default_path"]
