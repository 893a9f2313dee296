"""Fandom knowledge: one YAML file per fandom with its characters, aliases, genders and families.

The files are data, not code: users add a fandom by dropping a file of the same form into a
folder named in `FICLENS_FANDOM_DIRS` (os.pathsep-separated). `load_fandoms()` reads and checks
every file once; a malformed file is reported by name instead of breaking the run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ficlens.errors import FiclensError

GENDERS = ("female", "male", "nonbinary", "unknown")
SETTINGS = (None, "modern", "period")
RELATIONS = ("parent", "child", "sibling", "half-sibling", "step-sibling", "cousin", "grandparent", "grandchild",
             "aunt-uncle", "niece-nephew", "in-law", "adoptive-parent", "adoptive-child")


@dataclass(frozen=True, slots=True)
class CanonCharacter:
    name: str
    aliases: tuple[str, ...]
    gender: str
    family: tuple[tuple[str, str], ...] = ()  # (relation, other character's name)


@dataclass(frozen=True, slots=True)
class Fandom:
    slug: str
    name: str
    also_known_as: tuple[str, ...]
    characters: tuple[CanonCharacter, ...] = field(default=())
    related: tuple[str, ...] = ()
    #: Names in the fandom that are no one: places, schools, teams, ships ("Nekoma", "Trost").
    not_people: tuple[str, ...] = ()
    #: "modern" for a canon set in the present day (BBC's Sherlock), "period" for one set before
    #: phones and cars or in a world without them (Conan Doyle's, Tolkien's): it tells apart two
    #: related fandoms that share one cast, and makes phones in a period canon a modern AU.
    setting: str | None = None


#: libyaml's loader when PyYAML was built with it (ten times faster on 40 files), else the pure one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(FiclensError):
    """A fandom file that does not follow the format."""


def parse_fandom(slug: str, data: object) -> Fandom:
    if not isinstance(data, dict) or not isinstance(data.get("fandom"), str):
        raise KnowledgeError(f"fandom file {slug}: needs a 'fandom' name")
    chars = []
    names = {c.get("name") for c in data.get("characters") or [] if isinstance(c, dict)}
    seen: dict[str, str] = {}
    for raw in data.get("characters") or []:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise KnowledgeError(f"fandom file {slug}: every character needs a 'name'")
        name = raw["name"]
        gender = raw.get("gender", "unknown")
        if gender not in GENDERS:
            raise KnowledgeError(f"fandom file {slug}: {name}: gender must be one of {', '.join(GENDERS)}")
        aliases = tuple(str(a) for a in raw.get("aliases") or [])
        for alias in (name, *aliases):
            key = alias.casefold()
            if key in seen and seen[key] != name:
                raise KnowledgeError(f"fandom file {slug}: alias '{alias}' names both {seen[key]} and {name}")
            seen[key] = name
        family = []
        for tie in raw.get("family") or []:
            if not isinstance(tie, dict) or tie.get("relation") not in RELATIONS or tie.get("with") not in names:
                raise KnowledgeError(f"fandom file {slug}: {name}: bad family entry {tie!r}")
            family.append((tie["relation"], tie["with"]))
        chars.append(CanonCharacter(name, aliases, gender, tuple(family)))
    if data.get("setting") not in SETTINGS:
        raise KnowledgeError(f"fandom file {slug}: setting must be one of {', '.join(str(v) for v in SETTINGS[1:])}")
    for thing in data.get("not_people") or []:
        if str(thing).casefold() in seen:
            raise KnowledgeError(f"fandom file {slug}: '{thing}' is in not_people and names {seen[str(thing).casefold()]}")
    return Fandom(
        slug,
        data["fandom"],
        tuple(str(a) for a in data.get("also_known_as") or []),
        tuple(chars),
        tuple(str(r) for r in data.get("related") or []),
        tuple(str(n) for n in data.get("not_people") or []),
        data.get("setting"),
    )


def fandom_files() -> list[Path]:
    folders = [Path(str(resources.files(__package__).joinpath("fandoms")))]
    folders += [Path(p) for p in os.environ.get("FICLENS_FANDOM_DIRS", "").split(os.pathsep) if p]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.y*ml"))


@lru_cache(maxsize=1)
def load_fandoms() -> tuple[Fandom, ...]:
    fandoms = []
    for path in fandom_files():
        try:
            data = yaml.load(path.read_text("utf-8"), Loader=_LOADER)
        except (OSError, yaml.YAMLError) as err:
            raise KnowledgeError(f"fandom file {path}: cannot read ({err})") from None
        fandoms.append(parse_fandom(path.stem, data))
    return tuple(fandoms)


#: A file's tie read from the other side: Katara's "child of Hakoda" makes Hakoda her parent.
_INVERSE = {"parent": "child", "child": "parent", "grandparent": "grandchild", "grandchild": "grandparent",
            "aunt-uncle": "niece-nephew", "niece-nephew": "aunt-uncle", "adoptive-parent": "adoptive-child",
            "adoptive-child": "adoptive-parent"}


@lru_cache(maxsize=1)
def _relatives() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """(fandom name, character) -> (what each relative is to them, the relative's name)."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for fandom in load_fandoms():
        for char in fandom.characters:
            for relation, other in char.family:
                # "Katara: child of Hakoda": Hakoda is Katara's parent, Katara is Hakoda's child.
                out.setdefault((fandom.name, char.name), []).append((_INVERSE.get(relation, relation), other))
                out.setdefault((fandom.name, other), []).append((relation, char.name))
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def relatives(fandoms: list[str], name: str) -> tuple[tuple[str, str], ...]:
    """A canon character's family in the named fandoms: (what they are to `name`, their name)."""
    return tuple(tie for f in fandoms for tie in _relatives().get((f, name), ()))


@lru_cache(maxsize=1)
def modern_things() -> frozenset[str]:
    """Words and two-word phrases for things of the present day (`modern.yaml`): phones,
    laptops, coffee shops. A story full of them is set now, whatever its canon's era."""
    data = yaml.load(resources.files(__package__).joinpath("modern.yaml").read_text("utf-8"), Loader=_LOADER)
    return frozenset(" ".join(str(p).lower().split()) for p in data["phrases"])


#: Mentions of present-day things, and how many different ones, that set a story now.
MODERN_MIN, MODERN_DISTINCT = 3, 2
_WORD = re.compile(r"[a-z][a-z'-]*")


def modern_hits(text: str) -> list[str]:
    """The present-day things `text` names, in order, each as often as it is named."""
    things = modern_things()
    words = _WORD.findall(text.lower())
    out = []
    for i, w in enumerate(words):
        if i + 1 < len(words) and f"{w} {words[i + 1]}" in things:
            out.append(f"{w} {words[i + 1]}")
        elif w in things:
            out.append(w)
    return out


def setting_of(fandom_name: str) -> str | None:
    """The `setting` of the fandom AO3 calls by this name, if its file gives one."""
    return next((f.setting for f in load_fandoms() if f.name == fandom_name), None)


def kinds_of_thing(hits: list[str]) -> int:
    """How many different things the hits name: "car" and "cars" are one."""
    return len({h.removesuffix("s") for h in hits})


def set_now(text: str) -> bool:
    hits = modern_hits(text)
    return len(hits) >= MODERN_MIN and kinds_of_thing(hits) >= MODERN_DISTINCT
