"""What a reader knows before the text says anything: canon families and shared surnames.

A fandom file's family ties make two characters kin even where the story is silent about it,
and its character order is the fandom's usual order for a relationship tag ("Sherlock
Holmes/John Watson"). Two people with one surname are presumably kin ("the Aldous siblings"),
and a Mr. and a Mrs. of one name husband and wife: a weak prior the text can outweigh.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ficlens.knowledge import load_fandoms, relatives
from ficlens.model import Character
from ficlens.stages.relations.kinds import Evidence

#: What a shared surname weighs (kin, or husband and wife for a Mr. and a Mrs.).
SURNAME = 1.5
#: What being a Mr. and a Mrs. of one name weighs towards husband and wife.
SPOUSES = 3.0


_TITLED = re.compile(r"^(mrs|mr|miss|ms|lady|lord|sir|dr|admiral|captain|colonel|mister|madam)\.?\s+", re.IGNORECASE)


def surname_prior(ev: Evidence | None, a: Character, b: Character, spouses: set[tuple[str, str]] = frozenset()) -> Evidence | None:  # type: ignore[assignment]
    """Two people with one surname are kin, as a reader assumes ("the Aldous siblings"); a
    married couple (`spouses`) husband and wife. Weak: the text can outweigh it."""
    if (a.id, b.id) in spouses or (b.id, a.id) in spouses:
        ev = ev or Evidence()
        ev.weight["romantic"] += SPOUSES
        return ev
    sa, sb = _surname(a), _surname(b)
    if not sa or sa != sb:
        return ev
    ev = ev or Evidence()
    ev.weight["family"] += SURNAME
    return ev


def spouses(characters: list[Character]) -> set[tuple[str, str]]:
    """Husband and wife as period fiction names them: "Mrs. Charles Musgrove" is Charles's wife;
    a bare "Mrs. Bennet" the wife of the man called "Mr. Bennet" (or "Admiral Croft"), or of the
    one man of her name when no man is called so."""
    men: dict[str, list[Character]] = {}
    for c in characters:
        if c.gender == "male" and (s := _surname(c)):
            men.setdefault(s, []).append(c)
    out = set()
    for wife in characters:
        if wife.gender == "male":
            continue
        for name in (n for n in (wife.name, wife.canonical or "", *wife.aliases) if _MRS.match(n)):
            if husband := _husband(name, men):
                out.add((husband.id, wife.id))
                break
    return out


def _husband(name: str, men: dict[str, list[Character]]) -> Character | None:
    """"Mrs. Wickham" (whatever her maiden name) is Mr. Wickham's wife."""
    rest = _MRS.sub("", name).split()
    if not rest or not men.get(rest[-1]):
        return None
    surname = rest[-1]
    if len(rest) >= 2:  # "Mrs. Charles Musgrove"
        husbands = [m for m in men[surname] if _given(m) == rest[0]]
    else:
        husbands = [m for m in men[surname] if _titled_surname(m, surname)] or men[surname]
    return husbands[0] if len(husbands) == 1 else None


_MRS = re.compile(r"^mrs\.?\s+", re.IGNORECASE)


def _given(c: Character) -> str | None:
    for name in (c.canonical, c.name, *c.aliases):
        words = _TITLED.sub("", re.sub(r"\s*\([^)]*\)", "", name or "")).split()
        if len(words) >= 2 and not _TITLED.match(name or ""):
            return words[0]
    return None


def _titled_surname(c: Character, surname: str) -> bool:
    """Known as "Mr. Bennet", "Admiral Croft": title and surname alone."""
    return any(_TITLED.match(n) and _TITLED.sub("", n).split() == [surname] for n in (c.name, *c.aliases))


def _surname(c: Character) -> str | None:
    for name in (c.canonical, c.name):
        words = _TITLED.sub("", re.sub(r"\s*\([^)]*\)", "", name or "")).split()  # "Crowley (Good Omens)"
        if len(words) >= 2 or (words and name and _TITLED.match(name)):
            last = words[-1].strip(".,")
            if len(last) >= 3 and last[0].isupper():
                return last
    return None


@lru_cache(maxsize=1)
def _order() -> dict[tuple[str, str], int]:
    """(fandom, name) -> position in its file."""
    return {(fandom.name, char.name): k for fandom in load_fandoms() for k, char in enumerate(fandom.characters)}


def canon_tie(fandoms: list[str], a: str | None, b: str | None) -> str | None:
    """The tie the fandom files record between two canon characters (what `b` is to `a`)."""
    if not a or not b:
        return None
    return next((tie for tie, other in relatives(fandoms, a) if other == b), None)


def ordered(fandoms: list[str], names: tuple[str, str]) -> tuple[str, str]:
    """The fandom file's order when both are canon characters of one fandom, else alphabetical."""
    order = _order()
    for f in fandoms:
        if (f, names[0]) in order and (f, names[1]) in order:
            return tuple(sorted(names, key=lambda n: order[(f, n)]))  # type: ignore[return-value]
    return tuple(sorted(names, key=str.casefold))  # type: ignore[return-value]
