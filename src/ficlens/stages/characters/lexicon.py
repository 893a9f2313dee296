"""The characters stage's word lists, read once from `lexicon.yaml`, and the first-name lists.

First names come from the `gender_guesser` and `nicknames` packages, loaded on first use: they
tell a rare given name from a capitalised common word and give a fallback gender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Lexicon:
    titles: dict[str, str | None]
    #: Titles that may stand before a given name ("Miss Catherine", "Sir William", "Aunt May");
    #: the rest ("Colonel Fitzwilliam", "Mrs. Bennet") go before a surname.
    given_titles: frozenset[str]
    elder_titles: frozenset[str]
    suffixes: frozenset[str]
    not_names: frozenset[str]
    place_heads: frozenset[str]
    surname_heads: frozenset[str]
    place_before: frozenset[str]
    place_prefixes: frozenset[str]
    not_initials: frozenset[str]
    containers: frozenset[str]
    group_heads: frozenset[str]
    group_prefixes: frozenset[str]
    weak_place_before: frozenset[str]
    thing_before: frozenset[str]
    thing_after: frozenset[str]
    person_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    mind_verbs: frozenset[str]
    places: frozenset[str]
    #: Real people named as cultural references (real_people.txt).
    real_people: frozenset[str]
    #: Brands, drinks and dishes named like people (things.txt).
    things: frozenset[str]
    auxiliaries: frozenset[str]
    calendar: frozenset[str]
    #: Words of an AO3 point-of-view tag that name no one ("POV Outsider", "First Person POV").
    pov_words: frozenset[str]
    #: Words before a name that make it acted on: "looked at Sam", "kissed Dean".
    object_before: frozenset[str]
    prepositions: frozenset[str]
    exits: re.Pattern[str]
    worlds: frozenset[str]
    #: A common noun for a person -> the gender it implies ("male", "female", "unknown").
    person_nouns: dict[str, str]
    kinship: frozenset[str]
    elders: frozenset[str]
    #: Pet form -> given names, beside the `nicknames` package's tables.
    nicknames: dict[str, frozenset[str]]
    #: "jas" -> "james": a given name written short with a full stop.
    abbreviated_given: dict[str, str]
    #: An ending that makes a compound a person noun ("gatekeeper", "saloon-keeper") -> its gender.
    person_endings: dict[str, str]
    not_person_endings: frozenset[str]
    #: Person nouns too plain to stand for one named character ("the man").
    plain_people: frozenset[str]
    service_people: frozenset[str]
    #: A title -> the noun that stands for its holder ("dr" -> "doctor": "the doctor").
    role_titles: dict[str, str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files(__package__).joinpath("lexicon.yaml").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw[key])

    return Lexicon(
        titles={str(k).lower(): v for k, v in raw["titles"].items()},
        given_titles=words("given_titles"),
        elder_titles=words("elder_titles"),
        suffixes=words("suffixes"),
        not_names=words("not_names"),
        place_heads=words("place_heads"),
        surname_heads=words("surname_heads"),
        place_before=words("place_before"),
        place_prefixes=words("place_prefixes"),
        not_initials=words("not_initials"),
        containers=words("containers"),
        group_heads=words("group_heads"),
        group_prefixes=words("group_prefixes"),
        weak_place_before=words("weak_place_before"),
        thing_before=words("thing_before"),
        thing_after=words("thing_after"),
        person_verbs=words("person_verbs"),
        speech_verbs=words("speech_verbs"),
        mind_verbs=words("mind_verbs"),
        auxiliaries=words("auxiliaries"),
        calendar=words("calendar"),
        pov_words=words("pov_words"),
        object_before=words("object_before"),
        prepositions=words("prepositions"),
        exits=re.compile(r"\b(?:" + "|".join(str(e) for e in raw["exits"]) + r")\b", re.IGNORECASE),
        worlds=words("worlds"),
        kinship=words("kinship"),
        elders=words("elders"),
        person_nouns={str(w).lower(): ("unknown" if g == "any" else g)
                      for g, ws in raw["person_nouns"].items() for w in ws},
        person_endings={str(w).lower(): ("unknown" if g == "any" else g)
                        for g, ws in raw["person_endings"].items() for w in ws},
        not_person_endings=words("not_person_endings"),
        nicknames={str(k).lower(): frozenset(str(v).lower() for v in vs) for k, vs in raw["nicknames"].items()}
        | {str(k).lower(): frozenset({str(v).lower()}) for k, v in raw["abbreviated_given"].items()},
        abbreviated_given={str(k).lower(): str(v).lower() for k, v in raw["abbreviated_given"].items()},
        plain_people=words("plain_people"),
        service_people=words("service_people"),
        role_titles={str(k).lower(): str(v).lower() for k, v in raw["role_titles"].items()},
        places=_name_list("places.txt"),
        real_people=_name_list("real_people.txt"),
        things=_name_list("things.txt"),
    )


@lru_cache(maxsize=8192)
def person_noun(word: str) -> str | None:
    """The gender a lower-case noun for a person implies ("male", "female", "unknown"), or None
    when it is no person noun: a listed one, or a compound ending in one or in a trade's ending
    ("the gatekeeper", "the saloon-keeper", "a fishmonger")."""
    lex = lexicon()
    if word in lex.person_nouns:
        return lex.person_nouns[word]
    if word in lex.not_person_endings:
        return None
    if word.endswith("-in-law"):
        return person_noun(word[: -len("-in-law")])
    if "-" in word:
        tail = word.rsplit("-", 1)[1]
        return lex.person_endings.get(tail) or person_noun(tail)  # "rat-catcher", "saloon-keeper"
    for ending, gender in lex.person_endings.items():
        if word.endswith(ending) and len(word) >= len(ending) + 3:
            return gender
    return None


def _name_list(filename: str) -> frozenset[str]:
    """A list file beside this module: one name a line, "#" lines are comments."""
    lines = resources.files(__package__).joinpath(filename).read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    import gender_guesser.detector as guesser

    return guesser.Detector(case_sensitive=False)


def first_name_gender(name: str) -> str | None:
    """'male' / 'female' for a known given name, 'unknown' for a known unisex one, None if unknown."""
    answer = _detector().get_gender(name)
    if answer in ("male", "mostly_male"):
        return "male"
    if answer in ("female", "mostly_female"):
        return "female"
    if answer == "andy":
        return "unknown"
    return None


_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)|\n")


def leaves_at(text: str, after: int) -> int | None:
    """Where the sentence ends in which the one named just before `after` walks out, if they do."""
    end = _SENTENCE_END.search(text, after)
    stop = end.end() if end else len(text)
    return stop if lexicon().exits.search(text, after, stop) else None


def firmly_gendered(name: str) -> bool:
    """A given name nearly always borne by one sex ("Robert", not "Sam" or "Alex")."""
    return _detector().get_gender(name) in ("male", "female")


@lru_cache(maxsize=1)
def _nicknamer():  # type: ignore[no-untyped-def]
    from nicknames import NickNamer

    return NickNamer()


def name_forms(name: str) -> set[str]:
    """Lower-case nicknames and full forms of a given name ("lizzy" -> {"elizabeth", ...})."""
    key = name.lower()
    namer = _nicknamer()
    extra = lexicon().nicknames
    own = set(extra.get(key, ())) | {pet for pet, fulls in extra.items() if key in fulls}
    return set(namer.nicknames_of(key)) | set(namer.canonicals_of(key)) | own

