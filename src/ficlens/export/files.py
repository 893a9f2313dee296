"""Writing outputs so that an interrupted run never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ficlens.errors import FiclensError


def write_atomic(path: Path, content: str | Callable[[IO[Any]], object], binary: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    `content` is the text itself, or a function that writes to the open file (CSV, Parquet).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as handle:
            if callable(content):
                content(handle)
            else:
                handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise FiclensError(f"{path}: cannot write ({err.strerror or err})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def output_stem(source_path: str | None, fallback: str = "story") -> str:
    """A safe file name for a work's outputs, from its input's name."""
    name = Path(source_path).stem if source_path else fallback
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip("._")
    return safe[:120] or fallback
