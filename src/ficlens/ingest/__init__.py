"""Readers: files, bytes or pasted text in, a `Work` with text, metadata and markup hints out.

Readers only say what the input contains (its text, the author's tags, where its markup put
headings, notes boxes and rules); deciding what the text means is the stages' job.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ficlens.errors import InputError
from ficlens.model import Source, Work

#: Largest input read, in bytes. A million-word story is about 6 MB; far larger is not a story.
MAX_BYTES = int(os.environ.get("FICLENS_MAX_BYTES", 64 * 1024 * 1024))

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
EPUB_SUFFIXES = {".epub"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | EPUB_SUFFIXES
_PATHLIKE = re.compile(r"^\S[^\n]*\.[A-Za-z0-9]{1,6}$")


def read(source: str | os.PathLike[str] | bytes) -> Work:
    """Read a path, raw bytes, or a story given as a string."""
    if isinstance(source, bytes):
        return read_bytes(source, "input")
    if isinstance(source, os.PathLike) or looks_like_path(source):
        return read_path(source)
    if not source.strip():
        raise InputError("input: the text is empty")
    return read_bytes(source.encode("utf-8"), "input", fmt="text")


def looks_like_path(value: str) -> bool:
    """A short one-line string naming a story file is a path; anything else is story text."""
    if len(value) > 4096 or "\n" in value:
        return False
    return value == "-" or bool(_PATHLIKE.match(value)) or Path(value).exists()


def read_path(path: str | os.PathLike[str]) -> Work:
    p = Path(path)
    if str(path) == "-":
        return read_bytes(_read_limited(sys.stdin.buffer, "stdin"), "stdin")
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder (analyse its stories one by one, or pass -o DIR)")
    fmt = format_for(p)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{p}: too large ({size // 1_048_576} MB; the limit is {MAX_BYTES // 1_048_576} MB)")
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror or err})") from None
    return read_bytes(data, str(p), fmt=fmt)


def format_for(path: str | os.PathLike[str]) -> str | None:
    """The reader a file's name asks for ("epub", "html"), None to sniff text; unknown types are refused."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{Path(path).name}: unsupported file type '{suffix}' (expected .txt, .html or .epub)")
    return "epub" if suffix in EPUB_SUFFIXES else "html" if suffix in HTML_SUFFIXES else None


def story_files(folder: Path) -> list[Path]:
    """Every story file under a folder, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES - {""})


def read_bytes(data: bytes, name: str, fmt: str | None = None) -> Work:
    """Dispatch on the declared format, else on what the bytes look like."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large (the limit is {MAX_BYTES // 1_048_576} MB)")
    fmt = fmt or sniff(data)
    source = Source(path=None if name in ("input", "stdin") else name, format=fmt)
    if fmt == "epub":
        from ficlens.ingest.epub import read_epub

        return read_epub(data, source)
    if fmt == "html":
        from ficlens.ingest.html import read_html

        return read_html(data, source)
    from ficlens.ingest.text import read_text

    return read_text(data, source)


def sniff(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "epub"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "text"


def _read_limited(stream, name: str) -> bytes:  # type: ignore[no-untyped-def]
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large (the limit is {MAX_BYTES // 1_048_576} MB)")
    return data
