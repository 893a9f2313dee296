"""Unnamed people: "the old man", "her mother", "a tall soldier", found in the narration.

Much dialogue is tagged with a description instead of a name (`"Awfully," the young man
answered`; `said her father`). Attributing such a quote to the nearest named character is
usually wrong, so the speakers stage reads these phrases as mentions of unnamed characters.
A description names the same person through a passage: phrases with the same determiner and
head noun ("the tall soldier", later "the soldier") share one key; "a"/"an" count as "the",
since a person introduced as "a stranger" is "the stranger" after.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ficlens.model import Character, Mention, Quote, Work
from ficlens.stages.characters.lexicon import lexicon, person_noun
from ficlens.stages.regions import within

_DETERMINERS = re.compile(r"\b(the|a|an|her|his|my|our|their|your|its|this|that)\s+", re.IGNORECASE)
_WORD = re.compile(r"([a-z][a-z-]*)(\s*)")
_CAPITAL_WORD = re.compile(r"([A-Z][a-z]+)(?![\w'’-])(\s*)")
#: Words that cannot stand between a determiner and the noun of one description.
_NOT_MODIFIERS = frozenset({
    "and", "or", "but", "of", "to", "in", "on", "at", "with", "for", "from", "who", "whom", "whose", "which",
    "that", "was", "is", "were", "had", "has", "said", "own", "very", "same", "other", "first", "last",
    "the", "a", "an", "her", "his", "my", "our", "their", "your", "its", "this", "not", "no", "as", "so",
})
#: At most this many words between the determiner and the noun ("the tall old soldier").
_MAX_MODIFIERS = 2


@dataclass(frozen=True, slots=True)
class Nominal:
    start: int
    end: int
    key: str  # "the man", "her mother": one unnamed character per key
    phrase: str  # the words as written, to name the character
    gender: str
    definite: bool  # "the man", "her mother"; not "a man", who is someone new


def find_nominals(text: str, lo: int = 0, hi: int | None = None) -> list[Nominal]:
    """Descriptions of a person in text[lo:hi], in order; the head noun must be a person noun."""
    stop = len(text) if hi is None else hi
    found: list[Nominal] = []
    for d in _DETERMINERS.finditer(text, lo, stop):
        pos = d.end()
        for step in range(_MAX_MODIFIERS + 1):
            w = _WORD.match(text, pos, stop)
            if not w and step == 0 and d.group(1).lower() == "the":
                w = _CAPITAL_WORD.match(text, pos, stop)  # "the Voice says", "the Angel": a description made a title
            if not w:
                break
            word = w.group(1).lower()
            gender = person_noun(word)
            if gender:
                if not _compound(text, w.end(1), stop):
                    det = d.group(1).lower()
                    definite = det not in ("a", "an")
                    det = "the" if det in ("a", "an", "this", "that") else det
                    found.append(Nominal(d.start(), w.end(1), f"{det} {word}",
                                         " ".join(text[d.start() : w.end(1)].split()), gender, definite))
                break
            if word in _NOT_MODIFIERS or not w.group(2) or "\n\n" in w.group(2):
                break
            pos = w.end()
    return sorted(found + _bare_in_tags(text, lo, stop), key=lambda n: n.start)


@lru_cache(maxsize=1)
def _bare_tag() -> re.Pattern[str]:
    verbs = "|".join(sorted(lexicon().speech_verbs, key=len, reverse=True))
    return re.compile(rf"\b(?:{verbs})[ \t]+([a-z]+)\b(?![-'’]\w)|[,!?…—-][\"”’'][ \t]+([a-z]+)[ \t]+(?:{verbs})\b")


def _bare_in_tags(text: str, lo: int, hi: int) -> list[Nominal]:
    """'"Eat up your supper," said nanny': a person noun with no determiner in a speech tag is
    what the household calls someone ("nanny", "papa", "nurse"), one person through the story."""
    found = []
    for m in _bare_tag().finditer(text, lo, hi):
        noun, at = (m.group(1), m.start(1)) if m.group(1) else (m.group(2), m.start(2))
        gender = person_noun(noun)
        if gender and noun not in _NOT_MODIFIERS and noun in lexicon().person_nouns:
            found.append(Nominal(at, at + len(noun), f"the {noun}", noun, gender, True))
    return found


def _compound(text: str, end: int, stop: int) -> bool:
    """'the boy scouts', 'the mother ship', 'the men': not one person ('the man's hat' is)."""
    nxt = text[end : min(stop, end + 1)]
    if nxt.isalpha():
        return True  # the match stopped inside a longer word
    follow = re.match(r" ([a-z]+)\b", text[end : min(stop, end + 24)])
    return bool(follow) and follow.group(1) in _HEAD_AFTER


#: Nouns that follow a person noun when it is only a modifier.
_HEAD_AFTER = frozenset({"scouts", "ship", "tongue", "country", "land", "figure", "servants", "friends", "children"})


_ENTITY_HEAD = re.compile(r"\b(the|a|an|her|his|my|our|their|your)\s+(?:[a-z][a-z-]*\s+){0,2}([a-z]+)$", re.IGNORECASE)


def from_entities(text: str, entities) -> list[Nominal]:  # type: ignore[no-untyped-def]
    """Descriptions the entity models mark as people: "the mariner", whose noun the word list
    lacks, or "the first cabman", whose words the list's own search stops at. A determiner, at
    most two modifiers, a lower-case noun."""
    found = []
    for e in entities:
        if e.label != "PER":
            continue
        m = _ENTITY_HEAD.fullmatch(text, e.start, e.end)
        if not m or m.group(2).endswith("s") or not m.group(2).islower():
            continue
        det = m.group(1).lower()
        definite = det not in ("a", "an")
        det = "the" if det in ("a", "an") else det
        found.append(Nominal(e.start, e.end, f"{det} {m.group(2)}", " ".join(text[e.start : e.end].split()),
                             person_noun(m.group(2)) or "unknown", definite))
    return found


#: Unnamed characters' ids start with this, so that they never clash with a name's slug.
UNNAMED = "unnamed:"


def described(work: Work, spans: list[tuple[int, int]], names: list[Mention]):  # type: ignore[no-untyped-def]
    """Descriptions of people in the narration as mentions of unnamed characters; per character
    id its display phrase and gender, and where an indefinite description ("a man") introduced
    them. A description overlapping a name is the name's."""
    taken = sorted((m.start, m.end) for m in names)
    found: list[Mention] = []
    phrases: dict[str, tuple[str, str]] = {}
    introduced: dict[str, list[int]] = {}
    listed = find_nominals(work.text)
    starts = {n.start for n in listed}
    extra = [n for n in from_entities(work.text, work.entities) if n.start not in starts]
    roles, titled = named_roles(work, [m for m in names if not within(spans, m.start)])
    starts |= {n.start for n in extra}
    extra += [n for n in _role_mentions(work.text, roles, titled) if n.start not in starts]
    for n in sorted(listed + extra, key=lambda n: n.start):
        if within(spans, n.start) or _overlaps(taken, n.start, n.end):
            continue
        if n.key in roles:
            found.append(Mention(n.start, n.end, roles[n.key], "nominal"))
            continue
        cid = UNNAMED + n.key.replace(" ", "-")
        phrases.setdefault(cid, (n.key, n.gender))
        if not n.definite:
            introduced.setdefault(cid, []).append(n.start)
        found.append(Mention(n.start, n.end, cid, "nominal"))
    return found, phrases, introduced


#: The share of a role's links one named character must hold for "the <role>" to be them.
ROLE_SHARE = 0.75
#: "the painter Basil Hallward", "the poet Syme".
_ROLE_BEFORE = re.compile(r"\bthe\s+([a-z]+)\s+$")
#: "Hallward, the painter,", "Ratcliffe, the new policeman.", "Mr. Hubbard himself, the
#: celebrated frame-maker of South Audley Street".
_ROLE_AFTER = re.compile(r"(?:\s+(?:himself|herself))?,\s+the\s+(?:[a-z-]+\s+){0,2}?([a-z][a-z-]*)"
                         r"(?:\s*[,.;]|\s+(?:of|at|from|in)\s)")


#: A capitalised word just before a name, read as its title when the story also uses it as a noun.
_ROLE_TITLE = re.compile(r"\b([A-Z][a-z]{2,})\s+$")
#: "Crale, a slow, kindly man who had been harbourmaster for years", "Jones, who was the detective".
_ROLE_WHO = re.compile(r"[^.!?\n\"“”]{0,60}?\bwho\s+(?:had\s+been|has\s+been|was|is)\s+(?:the\s+|a\s+|an\s+)?([a-z]+)\b")


def named_roles(work: Work, names: list[Mention]) -> tuple[dict[str, str], set[str]]:
    """Descriptions that stand for one named character: "the count" of a story whose only count
    is Count Fosco, "the painter" of a story that introduced "the painter Basil Hallward". A
    plain noun ("the man") or a role several people hold in about equal measure stays unnamed.
    `names`: name mentions in the narration. Also returns the roles that are someone's title."""
    lex = lexicon()
    text = work.text
    # "Harbourmaster Crale" in a story that also says "said the harbourmaster" or "the
    # harbourmaster." (a noun, not "the old"): a title of its own.
    # "The abbé had a theory": a verb after it, as after someone.
    said = "|".join(sorted(lex.speech_verbs | lex.auxiliaries | lex.person_verbs))
    after_the = set(re.findall(r"\b[Tt]he ([a-zà-ÿ]+)(?=[,.;:!?]|['’]s\b|\s+(?:" + said + r")\b)", text))
    links: dict[str, Counter[str]] = {}
    titled: set[str] = set()
    for ch in work.characters:
        for form in {ch.name, *ch.aliases}:
            words = form.split()
            first = words[0].rstrip(".").lower() if len(words) > 1 else ""
            role = lex.role_titles.get(first) or (first if first in after_the and first not in lex.titles else None)
            if role and ch.named and role not in lex.plain_people:
                links.setdefault(role, Counter())[ch.id] += 2
                titled.add(role)
    for m in names:
        if text[m.end : m.end + 1] == ":" and text[max(0, m.start - 1) : m.start] in ("", "\n"):
            continue  # "it was the captain / Amy: WHAT": a chat line's sender, after someone else's words
        before = _ROLE_BEFORE.search(text, max(0, m.start - 24), m.start)
        after = _ROLE_AFTER.match(text, m.end, min(len(text), m.end + 48))
        who = _ROLE_WHO.match(text, m.end, min(len(text), m.end + 120))
        title = _ROLE_TITLE.search(text, max(0, m.start - 24), m.start)
        if title and title.group(1).lower() in after_the and title.group(1).lower() not in lex.titles:
            links.setdefault(title.group(1).lower(), Counter())[m.character] += 2  # "Harbourmaster Crale came up"
            titled.add(title.group(1).lower())
        for found in (before, after, who):
            noun = found.group(1) if found else None
            if noun and noun not in lex.plain_people and noun not in lex.kinship and noun not in _NOT_MODIFIERS:
                links.setdefault(noun, Counter())[m.character] += 1
                if found is who and noun in after_the:
                    titled.add(noun)  # "Crale, who had been harbourmaster ...", then "said the harbourmaster"
    roles = {}
    for noun, counts in links.items():
        cid, n = counts.most_common(1)[0]
        if n >= ROLE_SHARE * sum(counts.values()):
            roles[f"the {noun}"] = cid
    return roles, titled


def _role_mentions(text: str, roles: dict[str, str], titled: set[str]) -> list[Nominal]:
    """"the count" where the word list has no "count": a title a named character holds is a person.
    Other role words come from the word list or the entity model: "the way" is no one."""
    lex = lexicon()
    wanted = [key.split()[1] for key in roles if key.split()[1] in titled and key.split()[1] not in lex.person_nouns]
    if not wanted:
        return []
    pattern = re.compile(r"\b[Tt]he\s+(" + "|".join(map(re.escape, wanted)) + r")\b(?![-]\w)")
    return [Nominal(m.start(), m.end(), f"the {m.group(1)}", m.group(), "unknown", True) for m in pattern.finditer(text)]


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    k = bisect_left(spans, (b, b))
    return k > 0 and spans[k - 1][1] > a


def keep_speaking(work: Work, quotes: list[Quote], nominals: list[Mention], phrases: dict[str, tuple[str, str]],
                  canonical: dict[str, str] | None = None) -> None:
    """Unnamed people who speak or are spoken to become characters, with their descriptions as
    mentions; `canonical` gives the canon name of those a fandom file identifies ("my mother")."""
    used = {q.speaker for q in quotes if q.speaker} | {a for q in quotes for a in q.addressees}
    used = {cid for cid in used if cid.startswith(UNNAMED)}
    if not used:
        return
    kept = [m for m in nominals if m.character in used]
    counts: dict[str, int] = {}
    for m in kept:
        counts[m.character] = counts.get(m.character, 0) + 1
    for cid in sorted(used, key=lambda c: (-counts.get(c, 0), c)):  # a total order: outputs never vary by run
        phrase, gender = phrases[cid]
        work.characters.append(Character(id=cid, name=phrase, gender=gender, mentions=counts.get(cid, 0), named=False,
                                         canonical=(canonical or {}).get(cid)))
    work.mentions = sorted(work.mentions + kept, key=lambda m: (m.start, m.end))
