"""What a reader knows before the text says anything: canon families and shared surnames.

A fandom file's family ties make two characters kin even where the story is silent about it,
and its character order is the fandom's usual order for a relationship tag ("Sherlock
Holmes/John Watson"). Two people with one surname are presumably kin ("the Aldous siblings"),
and a Mr. and a Mrs. of one name husband and wife: a weak prior the text can outweigh.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ficlens.knowledge import load_fandoms
from ficlens.model import Character
from ficlens.stages.relations.kinds import Evidence

#: What a shared surname weighs (kin, or husband and wife for a Mr. and a Mrs.).
SURNAME = 1.5


_TITLED = re.compile(r"^(mrs|mr|miss|ms|lady|lord|sir|dr|admiral|captain|colonel|mister|madam)\.?\s+", re.IGNORECASE)


def surname_prior(ev: Evidence | None, a: Character, b: Character) -> Evidence | None:
    """Two people with one surname are kin, as a reader assumes ("the Aldous siblings"); a Mr.
    and a Mrs. of one name are husband and wife. Weak: the text can outweigh it."""
    sa, sb = _surname(a), _surname(b)
    if not sa or sa != sb:
        return ev
    ev = ev or Evidence()
    wives = [c for c in (a, b) if any(n.lower().startswith(("mrs ", "mrs.")) for n in (c.name, c.canonical or "", *c.aliases))]
    husbands = [c for c in (a, b) if c.gender == "male"]
    if len(wives) == 1 and husbands and husbands[0] is not wives[0]:
        ev.weight["romantic"] += SURNAME
    else:
        ev.weight["family"] += SURNAME
    return ev


def _surname(c: Character) -> str | None:
    for name in (c.canonical, c.name):
        words = _TITLED.sub("", re.sub(r"\s*\([^)]*\)", "", name or "")).split()  # "Crowley (Good Omens)"
        if len(words) >= 2 or (words and name and _TITLED.match(name)):
            last = words[-1].strip(".,")
            if len(last) >= 3 and last[0].isupper():
                return last
    return None


@lru_cache(maxsize=1)
def _canon() -> tuple[dict[tuple[str, str, str], str], dict[tuple[str, str], int]]:
    """(fandom, name, name) -> relation, both ways; (fandom, name) -> position in its file."""
    ties: dict[tuple[str, str, str], str] = {}
    order: dict[tuple[str, str], int] = {}
    for fandom in load_fandoms():
        for k, char in enumerate(fandom.characters):
            order[(fandom.name, char.name)] = k
            for relation, other in char.family:
                ties[(fandom.name, char.name, other)] = relation
                ties.setdefault((fandom.name, other, char.name), relation)
    return ties, order


def canon_tie(fandoms: list[str], a: str | None, b: str | None) -> str | None:
    if not a or not b:
        return None
    ties, _ = _canon()
    return next((ties[(f, a, b)] for f in fandoms if (f, a, b) in ties), None)


def ordered(fandoms: list[str], names: tuple[str, str]) -> tuple[str, str]:
    """The fandom file's order when both are canon characters of one fandom, else alphabetical."""
    _, order = _canon()
    for f in fandoms:
        if (f, names[0]) in order and (f, names[1]) in order:
            return tuple(sorted(names, key=lambda n: order[(f, n)]))  # type: ignore[return-value]
    return tuple(sorted(names, key=str.casefold))  # type: ignore[return-value]
