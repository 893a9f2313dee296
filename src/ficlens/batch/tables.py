"""Flat Parquet tables from a batch's works.jsonl: one row per work, quote, character, relationship."""

from __future__ import annotations

import json
from pathlib import Path

from ficlens.errors import FiclensError
from ficlens.export.files import write_atomic


def write_parquet(out: Path) -> dict[str, int]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise FiclensError("Parquet output needs pyarrow: pip install 'ficlens[parquet]'") from None
    rows: dict[str, list[dict]] = {"works": [], "quotes": [], "characters": [], "relationships": []}
    with (out / "works.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            work_id = doc["input"]
            info, stats, narration = doc["work"], doc["stats"], doc["narration"]
            rows["works"].append({
                "input": work_id, "title": info["title"], "authors": info["authors"], "format": info["source"]["format"],
                "words": stats["words"], "story_words": stats["story_words"], "note_words": stats["note_words"],
                "dialogue_words": stats["dialogue_words"], "chapters": stats["chapters"], "person": narration["person"],
                "declared_fandoms": info["declared_tags"].get("fandoms", []),
                "declared_warnings": info["declared_tags"].get("warnings", []),
            })
            text = doc["text"]
            rows["quotes"] += [{"input": work_id, "start": q["start"], "end": q["end"], "kind": q["kind"],
                                "speaker": q["speaker"], "text": text[q["start"] : q["end"]]} for q in doc["quotes"]]
            rows["characters"] += [{"input": work_id, **{k: c[k] for k in ("id", "name", "gender", "mentions", "canonical")}}
                                   for c in doc["characters"]]
            rows["relationships"] += [{"input": work_id, "a": r["characters"][0], "b": r["characters"][1], "kind": r["kind"],
                                       "tag": r["tag"], "score": r["score"]} for r in doc["relationships"]]
    for name, table in rows.items():
        write_atomic(out / f"{name}.parquet", lambda handle, t=table: pq.write_table(pa.Table.from_pylist(t), handle), binary=True)
    return {name: len(table) for name, table in rows.items()}
