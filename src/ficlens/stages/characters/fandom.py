"""Which fandom(s) a story belongs to, from the characters it names.

Every alias of every fandom file goes into one Aho-Corasick automaton, built once. A story's
name forms are looked up whole; a form that several fandoms share ("John", "Sam") counts for
each of them in proportion, so a fandom wins on the names that are its own. A crossover shows
as two fandoms that each clear the bar.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import math
import re
from collections.abc import Callable

import ahocorasick

from ficlens.knowledge import CanonCharacter, Fandom, load_fandoms
from ficlens.stages.characters.aliases import TITLE_CLASS

#: A fandom needs this much weight (about two characters of its own) to be named.
MIN_SCORE = 1.6
#: A fandom the author's notes name ("I don't own Sherlock") weighs like one character of its own.
NAMED_IN_NOTES = 1.0
#: A fandom short of the weight still wins with this many of the story's characters when no
#: other fandom has two of them, and at least this weight.
COHORT = 3
COHORT_SCORE = 0.4
#: A second fandom (a crossover) must reach this share of the first's weight.
CROSSOVER_SHARE = 0.35
#: A related fandom scoring this much less than its twin still wins when only it fits the
#: story's era (the files of a book and its adaptation list much the same names).
ERA_SHARE = 0.2


@dataclass(frozen=True)
class Index:
    automaton: ahocorasick.Automaton
    fandoms: dict[str, Fandom]
    #: slug -> the file's `not_people`, case-folded.
    not_people: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def index() -> Index:
    entries: dict[str, list[tuple[str, CanonCharacter]]] = defaultdict(list)
    fandoms = {f.slug: f for f in load_fandoms()}
    for fandom in fandoms.values():
        for char in fandom.characters:
            for alias in {char.name, *char.aliases}:
                entries[alias.casefold()].append((fandom.slug, char))
    automaton = ahocorasick.Automaton()
    for alias, hits in entries.items():
        automaton.add_word(alias, (alias, tuple(hits)))
    automaton.make_automaton()
    not_people = {slug: frozenset(n.casefold() for n in f.not_people) for slug, f in fandoms.items()}
    return Index(automaton, fandoms, not_people)


@lru_cache(maxsize=1)
def _title_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """Titles of more than one word match in any case ("good omens"); a one-word title only as
    spelt ("Persuasion", not "some persuasion"), and never one that is also a given name ("thanks
    Emma"). Both are folded into one pattern whose matches look up `names` by casefold."""
    from ficlens.stages.characters.lexicon import first_name_gender

    names: dict[str, str] = {}
    words: dict[str, str] = {}
    for slug, fandom in index().fandoms.items():
        for title in (fandom.name, *fandom.also_known_as):
            short = title.split(" - ")[0].split(" (")[0].strip()
            for form in {title, short}:
                if len(form) < 4:
                    continue
                if " " in form:
                    names.setdefault(form.casefold(), slug)
                elif first_name_gender(form) is None:
                    words.setdefault(form, slug)
    for form, slug in words.items():
        names.setdefault(form.casefold(), slug)
    phrases = "|".join(re.escape(n) for n in sorted((n for n in names if " " in n), key=len, reverse=True))
    single = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    parts = [f"(?i:{phrases})"] if phrases else []
    parts += [single] if single else []
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"), names


def named_in(notes: str) -> set[str]:
    """Fandoms whose names the notes spell out."""
    if not notes.strip():
        return set()
    pattern, names = _title_pattern()
    return {names[m.group().casefold()] for m in pattern.finditer(notes)}


def lookup(form: str) -> tuple[tuple[str, CanonCharacter], ...]:
    """(fandom slug, character) for every canon character with this exact alias."""
    found = index().automaton.get(form.casefold(), None)
    return found[1] if found else ()


def detect(forms_by_group: list[list[str]], mentions_by_group: list[int], notes: str = "",
           now: Callable[[], bool] | None = None) -> list[str]:
    """Fandom slugs, best first. `forms_by_group`: each story character's name forms; `notes`:
    the author's notes and disclaimers, where "I don't own Doctor Who" names the fandom; `now`:
    whether the story is set in the present day (asked only when two related fandoms tie)."""
    score: dict[str, float] = defaultdict(float)
    cast: dict[str, int] = defaultdict(int)  # how many of the story's characters each fandom has
    for slug in named_in(notes):
        score[slug] += NAMED_IN_NOTES
    for forms, count in zip(forms_by_group, mentions_by_group):
        best: dict[str, float] = {}
        for form in telling_forms(forms):
            hits = lookup(form)
            slugs = {slug for slug, _ in hits}
            if not slugs:
                continue
            weight = 1.0 / _families(slugs) * _distinctiveness(form)
            for slug in slugs:
                best[slug] = max(best.get(slug, 0.0), weight)
        strength = min(1.5, 0.5 + 0.25 * math.log2(max(count, 1)))
        for slug, weight in best.items():
            score[slug] += weight * strength
            cast[slug] += 1
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked and ranked[0][1] < MIN_SCORE and _cohort(ranked[0], cast, ranked[1:]):
        return [ranked[0][0]]
    if not ranked or ranked[0][1] < MIN_SCORE:
        return []
    top = ranked[0][1]
    chosen = [slug for slug, s in ranked if s >= MIN_SCORE and s >= CROSSOVER_SHARE * top]
    # Related fandoms sharing one cast (a book and its adaptation) tie: keep one only, the
    # present-day one for a story set now, else the other.
    kept: list[str] = []
    for slug in chosen:
        twin = next((k for k in kept if k in index().fandoms[slug].related or slug in index().fandoms[k].related), None)
        if twin is None:
            kept.append(slug)
        elif score[slug] >= (1.0 - ERA_SHARE) * score[twin] and _fits_era(slug, now) and not _fits_era(twin, now):
            kept[kept.index(twin)] = slug
    return kept


def _families(slugs: set[str]) -> int:
    """How many casts these fandoms are: a book and its adaptation ("Sherlock Holmes" in both
    Conan Doyle's and the BBC's) share one, so a name of both counts fully for each."""
    fandoms = index().fandoms
    count, seen = 0, set()
    for slug in sorted(slugs):
        if slug not in seen:
            count += 1
            seen |= {slug, *(k for k in slugs if k in fandoms[slug].related or slug in fandoms[k].related)}
    return count


def _fits_era(slug: str, now: Callable[[], bool] | None) -> bool:
    setting = index().fandoms[slug].setting
    if now is None or setting is None:
        return False
    return (setting == "modern") == now()


def _cohort(top: tuple[str, float], cast: dict[str, int], rest: list[tuple[str, float]]) -> bool:
    """"Dean", "Sam" and "Bobby" are common names, but all three in one fandom's cast and no
    other's is Supernatural: a fandom holding several of the story's people, when no other
    fandom holds more than one, is named even on common names."""
    slug, weight = top
    return cast[slug] >= COHORT and weight >= COHORT_SCORE and all(cast[s] <= 1 for s, _ in rest)


def _distinctiveness(form: str) -> float:
    """A full name or a rare given name points at a fandom; "Alan" or "Sheriff" hardly does."""
    if " " in form.strip():
        return 1.0
    from ficlens.stages.characters.lexicon import first_name_gender, lexicon

    if form.lower() in lexicon().titles or first_name_gender(form) is not None:
        return 0.25
    return 1.0


def telling_forms(forms: list[str]) -> list[str]:
    """A person the story names in full is known by that name: "Charles Musgrove" is not
    Charles Bingley however often he is "Charles". Bare names count only for people never
    named in full."""
    full = [f for f in forms if " " in f.strip() and not f.startswith("the ")]  # "the Sokka" is Sokka
    return full or [f for f in forms if not f.startswith("the ")] or forms


def canon_for(forms: list[str], fandoms: list[str]) -> CanonCharacter | None:
    """The canon character of the chosen fandoms these forms name; longest form decides. When
    only a title makes a form long ("Lord Zuko", a title the file does not list), the name
    without it decides."""
    telling = telling_forms(forms)
    found = _canon_of(telling, fandoms)
    if found is None and len(telling) < len(forms):
        from ficlens.stages.characters.lexicon import lexicon

        titles = lexicon().titles
        firsts = [f.split()[0].rstrip(".").lower() for f in telling]
        if all(w in titles for w in firsts):
            found = _canon_of([f for f in forms if f not in telling], fandoms)
            said = {titles[w] for w in firsts}
            if found and found.gender in ("male", "female") and ({"male", "female"} - {found.gender}) & said:
                return None  # "Mrs. Rochester" is not Edward Rochester
            if found and any(_other_title(found, w) for w in firsts):
                return None  # "Mrs. Kiramman" is not the one the file calls "Miss Kiramman"
    if found is None:  # a role the file lists with its article: "the Doctor", "the Master"
        found = _canon_of([f for f in forms if f.startswith("the ")], fandoms)
    return found or None


#: Titles of address that tell apart people of one surname: a Miss is no Mrs.
_ADDRESS = {title: kind for title, kind in TITLE_CLASS.items() if kind in ("mr", "mrs", "miss")}


def _other_title(found: CanonCharacter, title: str) -> bool:
    """Whether the file calls `found` by another title of address with the surname ("Miss
    Kiramman") and never by this one."""
    mine = _ADDRESS.get(title)
    if mine is None:
        return False
    theirs = {_ADDRESS.get(a.split()[0].rstrip(".").lower()) for a in found.aliases if len(a.split()) == 2} - {None}
    return bool(theirs) and mine not in theirs


def _canon_of(forms: list[str], fandoms: list[str]) -> CanonCharacter | None:
    for form in sorted(forms, key=lambda f: (-len(f.split()), -len(f))):
        hits = [(slug, c) for slug, c in lookup(form) if slug in fandoms]
        names = {c.name for _, c in hits}
        if len(names) == 1:
            return hits[0][1]
        if len(names) > 1:
            return None
    return None


def no_one(form: str, fandoms: list[str]) -> bool:
    """Whether a chosen fandom's file says this name is a place, a school or a team, no one."""
    key = form.casefold()
    return any(key in index().not_people[slug] for slug in fandoms)


def fandom_name(slug: str) -> str:
    return index().fandoms[slug].name
