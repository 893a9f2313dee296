"""Pronouns linked to characters: the `mentions` layer beyond names.

Readers resolve pronouns by who is in view, and so does this stage, in one pass over the text:
"I" in the narration is the narrator, "I" inside a quotation its speaker and "you" its one
addressee; "he" and "she" are the character of that gender named or meant most recently in the
narration (a quotation's own "he" is someone other than its speaker and addressee), and with no
one of that gender in reach, the one the scene names most ("He hangs up." before any name); a
name right before its verb is its sentence's subject, and "he wondered" is the one the scene is
told from. Plural and ambiguous pronouns ("they", "we", "it") stand for no one character and
are left alone here; the entities stage groups "they" with the people it stands for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ficlens.model import Mention, Work
from ficlens.stages.characters.lexicon import leaves_at, lexicon
from ficlens.stages.regions import AUTHOR_KINDS

_PRONOUN = re.compile(
    r"\b(I|me|my|mine|myself|you|your|yours|yourself|he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
FIRST = frozenset({"i", "me", "my", "mine", "myself"})
SECOND = frozenset({"you", "your", "yours", "yourself"})
#: The pronouns a letter gives its writer and the one it is written to.
PERSONAL = FIRST | SECOND
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
#: A third-person pronoun looks this far back (characters) for the character it stands for.
REACH = 1500
#: What a name in an object's place counts towards leading a scene, against 1 for any other.
OBJECT_WEIGHT = 0.25
#: What a verb of the mind after a name adds to it ("Sero knew").
MIND_WEIGHT = 3.0
_ALONE = re.compile(r"[.!?…]")
#: Named this much in a scene's narration (a name weighs more as a subject), the scene follows a character.
LEAD_NAMES = 2


class CorefStage:
    name = "coref"
    requires = ("characters", "mentions", "quotes", "narration", "segments")
    assigns = ("mentions",)

    def __call__(self, work: Work) -> Work:
        work.mentions = sorted(work.mentions + resolve_pronouns(work), key=lambda m: (m.start, m.end))
        return work


def resolve_pronouns(work: Work) -> list[Mention]:
    text = work.text
    gender = {c.id: c.gender for c in work.characters}
    # A letter's "I" is its writer and its "you" the one it is written to, as in speech.
    quotes = sorted((q for q in work.quotes if q.kind in ("speech", "thought", "written")), key=lambda q: q.start)
    q_starts = [q.start for q in quotes]
    holes = sorted((s.start, s.end) for s in work.segments if s.kind in AUTHOR_KINDS)
    h_starts = [a for a, _ in holes]
    # Someone the story only describes ("A woman in a green coat sat on the towpath") is who
    # "she" is as much as anyone named.
    described = {c.id for c in work.characters if not c.named}
    names = sorted((m for m in work.mentions if m.kind == "name" or m.kind == "nominal" and m.character in described),
                   key=lambda m: m.start)
    n_i = 0
    last: dict[str, tuple[int, str]] = {}  # gender -> (position, character) of the latest narration referent
    topic: dict[str, tuple[int, str]] = {}  # gender -> the latest one who was the subject of a sentence
    called: dict[str, tuple[int, str]] = {}  # gender -> the latest one called by name by someone not of it
    sentence_subject: tuple[int, str] | None = None  # the subject resolved in the current sentence
    acted_on: dict[str, bool] = {}  # gender -> whether the latest of it was named as an object
    recent: dict[str, list[tuple[int, str]]] = {}  # gender -> the last few distinct referents, latest first
    gone: dict[str, tuple[int, str]] = {}  # gender -> one who left the scene, from the end of that sentence
    narrator = work.narration.narrator if work.narration.person == "first" else None
    leads = _leads(work, names, gender, q_starts, quotes)
    scene_starts = [a for a, _ in leads]
    found: list[Mention] = []
    previous = -1  # where the narration last named or meant anyone
    for m in _PRONOUN.finditer(text):
        pos = m.start()
        k = bisect_right(scene_starts, pos) - 1
        lead = leads[k][1] if k >= 0 else {}
        while n_i < len(names) and names[n_i].start < pos:
            name = names[n_i]
            said_in = _inside(q_starts, quotes, name.start)
            if said_in is not None and said_in.speaker != name.character and gender.get(name.character) in ("male", "female") \
                    and _VOCATIVE.match(text, name.end) and gender.get(said_in.speaker or "") != gender[name.character]:
                called[gender[name.character]] = (name.start, name.character)
            if said_in is None and gender.get(name.character) in ("male", "female"):
                last[gender[name.character]] = (name.start, name.character)
                _remember(recent, gender[name.character], name.start, name.character)
                acted_on[gender[name.character]] = _object_position(text, name.start)
                exit_at = leaves_at(text, name.end)
                if exit_at is not None:
                    gone[gender[name.character]] = (exit_at, name.character)
                elif gone.get(gender[name.character], (0, ""))[1] == name.character and name.start >= gone[gender[name.character]][0]:
                    del gone[gender[name.character]]
                first = previous < 0 or _SENTENCE_BREAK.search(text, previous, name.start) is not None
                if _opens_sentence(text, name.start) or (first and _acts(text, name)):
                    topic[gender[name.character]] = (name.start, name.character)
                    sentence_subject = (name.start, name.character)
                previous = name.start
            n_i += 1
        k = bisect_right(h_starts, pos) - 1
        if k >= 0 and holes[k][0] <= pos < holes[k][1]:
            continue
        word = m.group(1).lower()
        if word == "i" and m.group(1) != "I":
            continue
        quote = _inside(q_starts, quotes, pos)
        if quote is not None and quote.kind == "written" and not (quote.speaker and word in PERSONAL):
            quote = None  # a letter's "he" and "she", and one no one is known to have written, read as narration
        if quote is None:
            previous = pos
        who: str | None = None
        if word in FIRST:
            who = quote.speaker if quote is not None else narrator
        elif word in SECOND:
            if quote is not None and len(quote.addressees) == 1:
                who = quote.addressees[0]
            elif quote is None and work.narration.person == "second":
                who = None  # the reader-insert "you" is nobody in the cast
        else:
            want = "male" if word in MALE else "female"
            opens = _opens_sentence(text, pos)
            same_sentence = sentence_subject is not None and not _SENTENCE_BREAK.search(text, sentence_subject[0], pos)
            if quote is None and word in ("he", "she") and lead.get(want) and _mind().match(text, m.end()):
                seen = (pos, lead[want])  # "He wonders", "she remembered": the mind the scene is told from
            elif quote is None and word in ("he", "she") and opens and called.get(want) and pos - called[want][0] <= REACH \
                    and called[want][0] > max(topic.get(want, (-1, ""))[0], last.get(want, (-1, ""))[0]):
                seen = called[want]  # '"John, stop," Mrs. Hudson called. He put the milk away.': the one told
            elif quote is None and word in ("he", "she") and opens and topic.get(want) and pos - topic[want][0] <= REACH:
                seen = topic[want]  # "He" opening a sentence goes on with the one the story follows
            elif quote is None and same_sentence and gender.get(sentence_subject[1]) == want and word not in ("he", "she"):
                seen = sentence_subject  # "He looked at his phone": the subject's own
            elif quote is None and word in ("he", "she") and acted_on.get(want) and topic.get(want) \
                    and pos - topic[want][0] <= REACH and topic[want][0] < last[want][0]:
                # "Sero couldn't remember when he started liking Midoriya. Sometime that year, he
                # started to feel it": the last one named was only liked; "he" goes on with Sero.
                seen = topic[want]
            else:
                seen = last.get(want)
            left = gone.get(want)
            if seen and quote is None and word in ("he", "she") and left and left[1] == seen[1] and left[0] <= pos:
                # "Josie walked out the door. ... She spoke quietly": not the one who just left.
                seen = next(((p, c) for p, c in recent.get(want, []) if c != left[1] and pos - p <= REACH), None)
            if (not seen or pos - seen[0] > REACH) and quote is None and lead.get(want):
                seen = (pos, lead[want])  # "He hangs up." before any name: the one the scene follows
            if seen and pos - seen[0] <= REACH:
                who = seen[1]
                if quote is not None and (who == quote.speaker or who in quote.addressees):
                    who = None  # inside speech "he" is someone else than the two talking
            if who and quote is None:
                last[want] = (pos, who)
                _remember(recent, want, pos, who)
                if gone.get(want, (0, ""))[1] == who and pos >= gone[want][0]:
                    del gone[want]
                if opens:
                    topic[want] = (pos, who)
                    sentence_subject = (pos, who)
        if who:
            found.append(Mention(pos, m.end(), who, "pronoun"))
    return found


def _remember(recent: dict[str, list[tuple[int, str]]], gender: str, pos: int, who: str) -> None:
    recent[gender] = ([(pos, who)] + [(p, c) for p, c in recent.get(gender, []) if c != who])[:3]


def _leads(work: Work, names: list[Mention], gender: dict[str, str], q_starts: list[int], quotes) -> list[tuple[int, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """Per scene, from its start: the character of each gender its narration names most, as the
    one who acts and thinks more than as the one acted on."""
    scenes = sorted((s.start, s.end) for s in work.scenes) or [(0, len(work.text))]
    starts = [a for a, _ in scenes]
    counts: list[dict[str, dict[str, float]]] = [{} for _ in scenes]
    for m in names:
        k = bisect_right(starts, m.start) - 1
        g = gender.get(m.character)
        if k < 0 or m.start >= scenes[k][1] or g not in ("male", "female") or _inside(q_starts, quotes, m.start) is not None:
            continue
        # Told as the one who acts and, more, the one who thinks: "Sero knew".
        # One only looked at or liked ("liking Midoriya", "tell Deku") is seen from the lead, not the lead.
        # Nor is a name said over to oneself, a sentence of its own ("Izuku. Izuku.").
        if _object_position(work.text, m.start) or _ALONE.match(work.text, m.end) and _opens_sentence(work.text, m.start):
            weight = OBJECT_WEIGHT
        else:
            weight = 1.0 + (_opens_sentence(work.text, m.start) or _acts(work.text, m)) + MIND_WEIGHT * bool(_mind().match(work.text, m.end))
        per_gender = counts[k].setdefault(g, {})
        per_gender[m.character] = per_gender.get(m.character, 0.0) + weight
    return [(start, {g: max(c, key=lambda x: c[x]) for g, c in scene.items() if max(c.values()) >= LEAD_NAMES})
            for (start, _), scene in zip(scenes, counts)]


_SENTENCE_BREAK = re.compile(r"[.!?…]\s|\n")


#: What may stand between "he" and a verb of the mind ("he still could not remember").
_MIND_GAP = r"(?:\s+(?:still|just|only|really|always|never|suddenly|even|already|then|also|could|can|would|did|does|had|has|couldn't|can't|didn't|doesn't))*"


@lru_cache(maxsize=1)
def _mind() -> re.Pattern[str]:
    """A verb of the mind after a name or pronoun: whoever thinks and feels in a scene is mostly
    the one it is told from."""
    verbs = "|".join(sorted(lexicon().mind_verbs, key=len, reverse=True))
    return re.compile(_MIND_GAP + r"\s+(?:" + verbs + r")\b")


_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")


def _acts(text: str, name: Mention) -> bool:
    """"and MJ walked in", "…,” Peter mumbled": a name right before its verb is the subject (of
    its sentence, when no one is named or meant before it there)."""
    m = _NEXT_WORD.match(text, name.end)
    if not m:
        return False
    word = m.group(1)
    lex = lexicon()
    return word in lex.speech_verbs or word in lex.person_verbs or (len(word) > 4 and word.endswith("ed") and word not in lex.not_names)


#: A name spoken to: followed by a comma, "!" or "?" ("John, stop", "Sorry, John!").
_VOCATIVE = re.compile(r"\s*[,!?]")


_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$")


def _object_position(text: str, pos: int) -> bool:
    """A name right after a preposition or a verb ("liking Midoriya", "spoke to Deku") is acted on."""
    before = _WORD_BEFORE.search(text, max(0, pos - 16), pos)
    if not before:
        return False
    word = before.group(1)
    return word in lexicon().object_before or word.endswith(("ing", "ed"))


def _opens_sentence(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t\"“”'‘’*_(":
        k -= 1
    return k < 0 or text[k] in ".!?…\n"


def _inside(starts: list[int], quotes, pos: int):  # type: ignore[no-untyped-def]
    k = bisect_right(starts, pos) - 1
    if k >= 0 and quotes[k].start <= pos < quotes[k].end:
        return quotes[k]
    return None
