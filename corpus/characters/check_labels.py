"""Check the hand labels in corpus/characters/ against the story files.

    python corpus/characters/check_labels.py            # every split
    python corpus/characters/check_labels.py dev test   # named splits

It checks the labels only; it does not run ficlens. For every split folder (a folder holding a
labels.yaml) it asserts that:

- labels.yaml has exactly one entry per .txt file in the folder, and the reverse;
- every story is 800-2000 words (whole file, notes included);
- fandoms is a list; person is first, second or third; narrator is set (and is one of the
  story's characters) for first person, and null otherwise;
- every character has a name, a non-empty alias list and a gender from female, male,
  nonbinary, unknown; no two characters in a story share a name or an alias (ignoring case);
- every alias occurs verbatim, as a whole word, in the story proper, that is the text between
  the first and the last divider line: every story here keeps its author's notes, title block
  and disclaimer before the first divider and its end notes after the last one;
- every not_characters entry occurs verbatim somewhere in the file and is not also an alias.

Exit status 0 when all is well, 1 with a list of problems otherwise.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PERSONS = {"first", "second", "third"}
GENDERS = {"female", "male", "nonbinary", "unknown"}
# A divider is a line made only of these marks (and spaces), or one of the "oOo" styles.
DIVIDER = re.compile(r"^\s*(?:[-~*=+/oO ]*[-~*=+/][-~*=+/oO ]*|oOoOo|o o o)\s*$")


def story_proper(text: str) -> str:
    lines = text.split("\n")
    marks = [i for i, line in enumerate(lines) if line.strip() and DIVIDER.match(line)]
    if len(marks) < 2:
        raise ValueError("fewer than two divider lines, cannot find the story proper")
    return "\n".join(lines[marks[0] + 1 : marks[-1]])


def occurs(needle: str, hay: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(needle) + r"(?![\w])", hay) is not None


def check_split(folder: Path) -> list[str]:
    problems: list[str] = []
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8")) or {}
    files = sorted(p.name for p in folder.glob("*.txt"))
    for name in sorted(set(files) - set(labels)):
        problems.append(f"{folder.name}/{name}: no entry in labels.yaml")
    for name in sorted(set(labels) - set(files)):
        problems.append(f"{folder.name}/{name}: labelled but no such file")

    for name in sorted(set(files) & set(labels)):
        where = f"{folder.name}/{name}"
        entry = labels[name]
        text = (folder / name).read_text(encoding="utf-8")
        words = len(text.split())
        if not 800 <= words <= 2000:
            problems.append(f"{where}: {words} words, outside 800-2000")
        try:
            story = story_proper(text)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue

        if not isinstance(entry.get("fandoms"), list):
            problems.append(f"{where}: fandoms must be a list")
        person = entry.get("person")
        if person not in PERSONS:
            problems.append(f"{where}: person {person!r} not in {sorted(PERSONS)}")
        chars = entry.get("characters") or []
        names = [c.get("name") for c in chars]
        narrator = entry.get("narrator")
        if person == "first":
            if narrator not in names:
                problems.append(f"{where}: first-person narrator {narrator!r} is not among the characters")
        elif narrator is not None:
            problems.append(f"{where}: narrator must be null for {person} person")

        if len(set(names)) != len(names):
            problems.append(f"{where}: duplicate character names")
        seen: dict[str, str] = {}
        for c in chars:
            cname = c.get("name")
            if not cname:
                problems.append(f"{where}: a character has no name")
                continue
            if c.get("gender") not in GENDERS:
                problems.append(f"{where}: {cname}: gender {c.get('gender')!r} not in {sorted(GENDERS)}")
            aliases = c.get("aliases") or []
            if not aliases:
                problems.append(f"{where}: {cname}: no aliases")
            for alias in aliases:
                key = alias.casefold()
                if key in seen and seen[key] != cname:
                    problems.append(f"{where}: alias {alias!r} given to both {seen[key]} and {cname}")
                seen[key] = cname
                if not occurs(alias, story):
                    problems.append(f"{where}: {cname}: alias {alias!r} not found in the story proper")

        for nc in entry.get("not_characters") or []:
            if nc not in text:
                problems.append(f"{where}: not_character {nc!r} not found in the file")
            if nc.casefold() in seen:
                problems.append(f"{where}: {nc!r} is both an alias of {seen[nc.casefold()]} and a not_character")
    return problems


def main(argv: list[str]) -> int:
    splits = [HERE / s for s in argv] if argv else sorted(p.parent for p in HERE.glob("*/labels.yaml"))
    problems: list[str] = []
    for folder in splits:
        problems += check_split(folder)
    for p in problems:
        print(p)
    total = sum(len(list(f.glob("*.txt"))) for f in splits)
    print(f"{len(splits)} splits, {total} stories: " + ("OK" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
