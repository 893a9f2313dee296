#!/usr/bin/env python3
"""Check a dialogue-attribution split: its labels.yaml against the stories beside it.

    python corpus/dialogue/check_labels.py corpus/dialogue/test
    python corpus/dialogue/check_labels.py corpus/dialogue/dev --min 0

Errors (exit status 1):
  - a labelled story file is missing, or the YAML does not have the documented shape;
  - a quote's `text` does not occur verbatim in its story, or not after the previous quote's
    (quotes are listed in reading order, so each is searched for from the previous one onwards);
  - a speaker, addressee or narrator is not a `name` under `characters`;
  - `kind` or `attribution` is not one of the allowed values, or `speaker` is null with a kind
    other than speech;
  - fewer quotes in the whole split than --min (default 440).
Warnings (reported, not fatal): a `text` that occurs more than once in its story, a `text`
shorter than three words that is not the whole quotation, a character who never speaks and is
never addressed, an alias that does not occur in the story, a .txt with no labels.

Prints the number of stories and quotes, and counts by attribution and by kind.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

KINDS = {"speech", "thought", "written"}
ATTRIBUTIONS = {"explicit", "anaphoric", "implicit"}
QUOTE_KEYS = {"text", "speaker", "addressees", "kind", "attribution"}
CLOSERS = "\"”’'*"


def check_split(folder: Path, minimum: int) -> tuple[list[str], list[str], Counter, Counter, int, int]:
    errors: list[str] = []
    warnings: list[str] = []
    by_attr: Counter = Counter()
    by_kind: Counter = Counter()
    labels_path = folder / "labels.yaml"
    if not labels_path.is_file():
        return [f"{labels_path}: not found"], warnings, by_attr, by_kind, 0, 0
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    if not isinstance(labels, dict) or not labels:
        return [f"{labels_path}: expected a mapping of story file -> labels"], warnings, by_attr, by_kind, 0, 0

    total = 0
    for story in sorted(p.name for p in folder.glob("*.txt")):
        if story not in labels:
            warnings.append(f"{story}: no entry in labels.yaml")

    for story, entry in labels.items():
        where = f"{folder.name}/{story}"
        path = folder / story
        if not path.is_file():
            errors.append(f"{where}: story file missing")
            continue
        text = path.read_text(encoding="utf-8")
        if not isinstance(entry, dict) or not {"narrator", "characters", "quotes"} <= set(entry):
            errors.append(f"{where}: needs narrator, characters and quotes")
            continue

        names: set[str] = set()
        for ch in entry["characters"] or []:
            if not isinstance(ch, dict) or not isinstance(ch.get("name"), str):
                errors.append(f"{where}: character without a name: {ch!r}")
                continue
            if ch["name"] in names:
                errors.append(f"{where}: character listed twice: {ch['name']}")
            names.add(ch["name"])
            for alias in ch.get("aliases") or []:
                if not re.search(r"(?<!\w)%s(?!\w)" % re.escape(alias), text):
                    warnings.append(f"{where}: alias {alias!r} of {ch['name']} does not occur in the story")

        narrator = entry["narrator"]
        if narrator is not None and narrator not in names:
            errors.append(f"{where}: narrator {narrator!r} is not among the characters")

        quotes = entry["quotes"] or []
        used: set[str] = set()
        cursor = 0
        for i, q in enumerate(quotes, 1):
            label = f"{where} quote {i}"
            if not isinstance(q, dict) or set(q) != QUOTE_KEYS:
                errors.append(f"{label}: keys must be exactly {sorted(QUOTE_KEYS)}, got {q!r}")
                continue
            snippet = q["text"]
            if not isinstance(snippet, str) or not snippet.strip():
                errors.append(f"{label}: empty text")
                continue
            label = f"{label} {snippet[:40]!r}"
            found = text.find(snippet, cursor)
            if found < 0:
                where_else = text.find(snippet)
                errors.append(f"{label}: " + ("not in the story" if where_else < 0 else "out of reading order"))
            else:
                cursor = found + 1
                if text.count(snippet) > 1:
                    warnings.append(f"{label}: occurs {text.count(snippet)} times in the story")
                end = found + len(snippet)
                ends_quote = text[end:end + 1] in (*CLOSERS, "", "\n") or text[end:end + 3] == " — "
                if len(snippet.split()) < 3 and not ends_quote:
                    warnings.append(f"{label}: shorter than three words but not the whole quotation")
            speaker = q["speaker"]
            if speaker is None:
                if q["kind"] != "speech":
                    errors.append(f"{label}: a {q['kind']} needs a speaker")
            elif speaker not in names:
                errors.append(f"{label}: speaker {speaker!r} is not among the characters")
            else:
                used.add(speaker)
            if not isinstance(q["addressees"], list):
                errors.append(f"{label}: addressees must be a list")
            else:
                for a in q["addressees"]:
                    if a not in names:
                        errors.append(f"{label}: addressee {a!r} is not among the characters")
                    used.add(a)
                if speaker is not None and speaker in q["addressees"]:
                    errors.append(f"{label}: speaker is also an addressee")
            if q["kind"] not in KINDS:
                errors.append(f"{label}: kind {q['kind']!r} not in {sorted(KINDS)}")
            if q["attribution"] not in ATTRIBUTIONS:
                errors.append(f"{label}: attribution {q['attribution']!r} not in {sorted(ATTRIBUTIONS)}")
            by_attr[q["attribution"]] += 1
            by_kind[q["kind"]] += 1
            total += 1
        for name in sorted(names - used):
            warnings.append(f"{where}: {name} neither speaks nor is addressed")

    if total < minimum:
        errors.append(f"{folder}: {total} quotes, fewer than the required {minimum}")
    return errors, warnings, by_attr, by_kind, total, len(labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path, help="a split folder holding stories and labels.yaml, e.g. corpus/dialogue/test")
    parser.add_argument("--min", type=int, default=440, help="fewest quotes the split must hold (default 440)")
    args = parser.parse_args(argv)
    errors, warnings, by_attr, by_kind, total, stories = check_split(args.split, args.min)
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"ERROR: {e}")
    print(f"{args.split}: {stories} stories, {total} quotes")
    print("  by attribution: " + ", ".join(f"{k} {by_attr[k]}" for k in sorted(ATTRIBUTIONS)))
    print("  by kind:        " + ", ".join(f"{k} {by_kind[k]}" for k in sorted(KINDS)))
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
