"""Named schema migrations, applied in name order and recorded in the `migrations` table.

`schema.sql` is the first migration ("0001_initial"). A later change to the library's tables is a
new `NNNN_name.sql` file in this folder: an existing library picks it up the next time it opens,
and a name already recorded is never run again, so a migration's file must never be edited.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def migrations() -> list[tuple[str, str]]:
    """(name, SQL) for every migration, oldest first."""
    found = [("0001_initial", (HERE.parent / "schema.sql").read_text(encoding="utf-8"))]
    for path in sorted(HERE.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((path.stem, path.read_text(encoding="utf-8")))
    return found
