-- The ficlens library, version 1. Applied once as migration "0001_initial"; later changes are
-- new files in migrations/ (NNNN_name.sql), never edits to this one.

CREATE TABLE works (
    id               INTEGER PRIMARY KEY,
    title            TEXT NOT NULL DEFAULT '',
    authors_json     TEXT NOT NULL DEFAULT '[]',
    path             TEXT,
    content_hash     TEXT NOT NULL UNIQUE,
    analyzer_version TEXT NOT NULL,
    added_at         TEXT NOT NULL,             -- UTC, ISO 8601, sortable as text
    words            INTEGER NOT NULL DEFAULT 0,
    complete         INTEGER,                   -- 1, 0, or NULL when the work does not say
    pov              TEXT,                      -- first / second / third / NULL
    rating_declared  TEXT,
    rating_inferred  TEXT
);
CREATE INDEX works_added ON works (added_at, id);
CREATE INDEX works_words ON works (words, id);
CREATE INDEX works_title ON works (title COLLATE NOCASE, id);
CREATE INDEX works_path ON works (path);

-- The bulky parts of a work, kept out of `works` so that its rows stay small: searches join and
-- sort thousands of `works` rows, and a row carrying a large value costs page reads of its own.
CREATE TABLE work_analysis (
    work_id  INTEGER PRIMARY KEY REFERENCES works (id) ON DELETE CASCADE,
    analysis BLOB NOT NULL                      -- zlib of the full ficlens/1 JSON
);
-- What full-text search indexes (and shows snippets from); the FTS table below reads its content
-- from here (external content), so the text is stored once.
CREATE TABLE work_body (
    work_id INTEGER PRIMARY KEY REFERENCES works (id) ON DELETE CASCADE,
    title   TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    body    TEXT NOT NULL DEFAULT ''
);

-- One row per tag of a work; `value_folded` is what filters compare (see query.fold).
CREATE TABLE work_tags (
    work_id      INTEGER NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    value        TEXT NOT NULL,
    value_folded TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('declared', 'inferred')),
    pos          INTEGER NOT NULL DEFAULT 0,  -- the tag's place in the author's (or stage's) list
    PRIMARY KEY (work_id, type, value_folded, source)
) WITHOUT ROWID;
CREATE INDEX work_tags_lookup ON work_tags (type, value_folded, source, work_id);

-- Full text of title, summary and story; rowid = works.id. Kept in step with work_body by
-- Library._store (insert, and the 'delete' command with the old values before a change).
CREATE VIRTUAL TABLE works_fts USING fts5 (
    title, summary, body,
    content = 'work_body', content_rowid = 'work_id', tokenize = 'unicode61 remove_diacritics 2'
);
