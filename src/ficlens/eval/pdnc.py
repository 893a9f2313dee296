"""`ficlens eval pdnc`: speaker attribution on the Project Dialogism Novel Corpus.

The protocol is PDNC's `leave-x-out` one (whole novels held out). ficlens trains nothing on
PDNC, but its attribution rules were written while reading the errors on the novels of
`split_0/train` and `split_0/val` only; the headline figures are therefore those of
`split_0/test` (five novels never looked at), and `all_test_parts` adds the other four test
parts, whose novels were seen during development. Quotations are given (the gold spans), as in the published attribution results;
characters are not: ficlens finds its own, each is identified with one PDNC character (the one
whose names include its own name, else the one sharing most names with it), and a predicted
speaker is right when that is the gold speaker: a character merged from two people is right
for one of them only. `--data DIR` scores every novel of any folder
laid out like PDNC (`DIR/data/<Novel>/{novel_text.txt,quotation_info.csv,character_info.csv}`).
"""

from __future__ import annotations

import ast
import csv
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ficlens.errors import InputError
from ficlens.eval import SHARED_DATA, identify, name_key, name_uses, without_canon
from ficlens.model import Quote, Source, Work, WorkInfo
from ficlens.pipeline import Pipeline
from ficlens.stages.speakers import attribute

_MARKS = "\"“”‘’'"


def evaluate_pdnc(path: Path | None = None) -> dict[str, Any]:
    root = path or SHARED_DATA / "pdnc"
    data = root / "data"
    if not data.is_dir():
        raise InputError(f"{data}: not found (pass --data with a PDNC-style folder)")
    folders = sorted(p.name for p in data.iterdir() if (p / "quotation_info.csv").exists())
    wanted = {_folder(name, folders): ids for name, ids in _test_quotes(root).items()}
    novels = sorted(wanted) if wanted else folders
    pipeline = without_canon(Pipeline.build(["structure", "quotes", "narration", "entities", "characters"]))
    held_out = {_folder(n, folders) for n in _split_novels(root, "split_0", "test")} if wanted else set(novels)
    scores = {novel: _score_novel(data / novel, wanted.get(novel), pipeline) for novel in novels}
    result = _figures([scores[n] for n in novels if n in held_out])
    result["split"] = "leave-x-out split_0 test" if wanted else "all"
    result["all_test_parts"] = _figures(list(scores.values()))
    result["per_novel"] = {n: round(r["all"] / t["all"], 4) if t["all"] else None for n, (r, t) in scores.items()}
    return result


def _figures(scores: list[tuple[Counter[str], Counter[str]]]) -> dict[str, Any]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for r, t in scores:
        right.update(r)
        total.update(t)

    def acc(key: str) -> float | None:
        return round(right[key] / total[key], 4) if total[key] else None

    return {"accuracy": acc("all"), "explicit": acc("Explicit"), "anaphoric": acc("Anaphoric"),
            "implicit": acc("Implicit"), "addressee_accuracy": acc("addressee"), "quotes": total["all"],
            "novels": len(scores)}


def _split_novels(root: Path, split: str, part: str) -> set[str]:
    path = root / "splits" / "leave-x-out" / split / f"{part}.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as handle:
        return {row[0] for row in csv.reader(handle) if row and row[0] != "novel"}


def _folder(name: str, folders: list[str]) -> str:
    """The data folder of a novel the split files name a little differently ("SignOfFour")."""
    from rapidfuzz import process

    if name in folders:
        return name
    return process.extractOne(name.lower(), folders, processor=str.lower)[0]


def _test_quotes(root: Path) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for test in sorted((root / "splits" / "leave-x-out").glob("split_*/test.csv")):
        with test.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                if len(row) >= 2 and row[0] != "novel":
                    wanted[row[0]].add(row[1])
    return wanted


def _score_novel(folder: Path, wanted: set[str] | None, pipeline: Pipeline) -> tuple[Counter[str], Counter[str]]:
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    work = pipeline(Work(text=text, info=WorkInfo(title=folder.name, source=Source(str(folder), "text"))))
    gold_names = _characters(folder / "character_info.csv")
    rows = list(csv.DictReader((folder / "quotation_info.csv").open(encoding="utf-8")))
    subquotes = []
    for row in rows:
        for k, (start, end) in enumerate(ast.literal_eval(row["quoteByteSpans"])):
            sub_id = f"{row['quoteID']}-{k}"
            if wanted is None or sub_id in wanted:
                subquotes.append((start, end, row["speaker"], row["quoteType"], _listed(row["addressees"])))
    # The given quotations replace the found ones; their spans are widened to take in the marks.
    work.quotes = [Quote(*_with_marks(text, s, e), kind="speech") for s, e, *_ in subquotes]
    attribute(work)
    by_span = {(q.start, q.end): q for q in work.quotes}
    who = identify(work.characters, gold_names, _genders(folder / "character_info.csv"), name_uses(text, work.mentions))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for s, e, speaker, kind, addressees in subquotes:
        quote = by_span.get(_with_marks(text, s, e))
        ok = quote is not None and quote.speaker is not None and who.get(quote.speaker) == _gold_id(speaker, gold_names)
        for key in ("all", kind):
            total[key] += 1
            right[key] += ok
        # Addressed as in the dialogue set: right when any one found is one of the gold addressees.
        gold_to = {_gold_id(a, gold_names) for a in addressees if a != "_unknowable"}
        if gold_to:
            total["addressee"] += 1
            right["addressee"] += quote is not None and any(who.get(a) in gold_to for a in quote.addressees)
    return right, total


def _listed(cell: str) -> list[str]:
    """PDNC's list and set columns ("['Anne Elliot', 'Mary']", "{'Anne', 'Miss Anne'}"); an
    unreadable cell lists no one."""
    try:
        value = ast.literal_eval(cell) if cell else []
    except (ValueError, SyntaxError):
        return []
    return [str(v) for v in value] if isinstance(value, (list, set, tuple)) else []


def _genders(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return {row["Main Name"]: {"M": "male", "F": "female"}.get(row.get("Gender", ""), "unknown")
                for row in csv.DictReader(handle)}


def _gold_id(speaker: str, gold: dict[str, set[str]]) -> str:
    """The character-list entry a quotation's speaker names: quotation files sometimes give an
    alias ("Lucy") where the list's main name is another ("Miss Honeychurch")."""
    if speaker in gold:
        return speaker
    owners = [g for g, keys in gold.items() if name_key(speaker) in keys]
    return owners[0] if len(owners) == 1 else speaker


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1] in _MARKS:
        start -= 1
    while end < len(text) and text[end] in _MARKS:
        end += 1
    return start, end


def _characters(path: Path) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            aliases = _listed(row["Aliases"])
            names[row["Main Name"]] = {name_key(row["Main Name"])} | {name_key(a) for a in aliases}
    return names


