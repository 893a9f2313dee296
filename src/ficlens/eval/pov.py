"""`ficlens eval pov`: narrative person of the PDNC novels against `PDNC-Novel-Index.csv`.

`--data DIR` takes any folder laid out like PDNC (`DIR/PDNC-Novel-Index.csv` naming each novel's
`Folder Name` and `Narrative Person`, texts in `DIR/data/<Folder Name>/novel_text.txt`).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ficlens.errors import InputError
from ficlens.eval import SHARED_DATA
from ficlens.ingest import read_path
from ficlens.pipeline import Pipeline

PERSONS = {"1": "first", "2": "second", "3": "third"}


def evaluate_pov(path: Path | None = None) -> dict[str, Any]:
    root = path or SHARED_DATA / "pdnc"
    index = root / "PDNC-Novel-Index.csv"
    if not index.exists():
        raise InputError(f"{index}: not found (pass --data with a PDNC-style folder)")
    pipeline = Pipeline.build(["structure", "quotes", "narration"])
    right, novels, wrong = 0, 0, []
    with index.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            gold = PERSONS.get(str(row["Narrative Person"]).split(".")[0])
            if gold is None:
                continue
            work = pipeline(read_path(root / "data" / row["Folder Name"] / "novel_text.txt"))
            novels += 1
            if work.narration.person == gold:
                right += 1
            else:
                wrong.append(f"{row['Folder Name']}: {work.narration.person} (gold {gold})")
    return {"accuracy": round(right / novels, 4) if novels else None, "novels": novels, "wrong": wrong}
