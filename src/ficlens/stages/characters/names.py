"""Name mentions: runs of capitalised words in the story, and the evidence that a run names a person.

A capitalised word is only a name if the text treats it as one. Sentence openers ("Calm",
"Baby") are capitalised by position, so a word that is capitalised only at the start of
sentences and appears in lower case elsewhere is not a name. Places show themselves by a head
noun ("Baker Street") or a preposition before them ("in Konoha"); people by what follows them
("Harry frowned", "said Hermione", a title, being spoken to). The evidence is gathered per name
string here and judged per character after aliases are merged, so "Granger" borrows the
evidence of "Hermione Granger".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ficlens.stages.regions import within
from ficlens.stages.characters import fandom
from ficlens.stages.wordtable import common_word
from ficlens.stages.characters.lexicon import first_name_gender, lexicon, person_noun

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")
_OPENERS = set("\"“‘'([*_«")
_ENDERS = set(".!?…:;")
_CLOSERS = set("”’»)")
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "la", "le", "du", "del", "da", "di", "bin", "al", "ibn", "y"})
#: "a Muggle", "his Firebolt": a determiner makes a capitalised word a thing or a kind.
_DETERMINERS = frozenset({"a", "an", "this", "that", "these", "those", "every", "each", "some", "any", "no", "his", "her",
                          "my", "your", "our", "their", "its", "another", "which", "what", "two", "three", "four",
                          "five", "six", "seven", "eight", "nine", "ten", "several", "many", "few", "both", "all"})
#: "Behind her Tobias and Marek walked": "her" after a preposition, then two names joined, is
#: whom the preposition governs, and the names a subject; "with her Jeep" stays a possession.
_OBJECT_HER = re.compile(r"\b(?:behind|beside|before|after|around|past|near|toward|towards|beyond|ahead of)\s+her\s+$", re.IGNORECASE)
_AND_NAME = re.compile(r",?\s+and\s+(?:the\s+)?[A-Z]")
#: A verb in the present tense, then the doer's own self or hands: "hauls himself", "wipes her hands".
_SELF_AFTER_VERB = re.compile(r"\s+[a-z]+s\s+(?:himself|herself|themselves|his|her|their)\b")
#: Titles written with a full stop ("Mr. Darcy"); after "Inspector." a new sentence begins.
_ABBREVIATED_TITLES = frozenset({"mr", "mrs", "ms", "dr", "st", "prof", "capt", "lt", "sgt", "rev", "gen", "col", "fr", "sr", "jr", "mme", "mlle"})
#: Words a title never precedes as a name ("Captain My ...").
_FUNCTION_WORDS = frozenset({"my", "your", "his", "her", "our", "their", "its", "the", "a", "an", "this", "that", "i", "me",
                             "we", "you", "he", "she", "it", "they", "and", "or", "but", "of", "in", "on", "at", "to"})
_POSSESSIVE = re.compile(r"['’]s?$")
#: Place nouns no name runs on past.
_STREETS = frozenset({"street", "road", "lane", "avenue", "square", "terrace", "crescent", "boulevard", "station"})
#: Words before a month that make it a date, not a name ("in May", "last June"); "and May",
#: "to May" may be a woman of that name.
_DATE_WORDS = frozenset({"in", "last", "next", "early", "late", "mid", "since", "until", "till", "during", "every",
                         "each", "through"})
#: Words right before a month that end a name run there: "by the middle of June Kitty was".
_BEFORE_DATE = _DATE_WORDS | {"of", "by"}


#: Titles no name runs on into: a new person starts there.
_TITLES_WITHIN = frozenset({"mr", "mrs", "ms", "dr"})
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "week", "last", "next"})


#: A town's name joined to its river or sea: "Montreuil-sur-Mer", "Stratford-upon-Avon".
_TOWN = re.compile(r"\w-(?:sur|sous|upon|on|en|lès|les|am|an|im|bei)-\w", re.IGNORECASE)


@dataclass(slots=True)
class Candidate:
    """One run of capitalised words that may name someone."""

    start: int
    end: int
    parts: tuple[str, ...]
    title: str | None
    initial: bool
    in_quote: bool
    prev: str
    next: str
    after_the: bool
    vocative: bool

    @property
    def key(self) -> str:
        return " ".join(self.parts)


@dataclass(slots=True)
class Evidence:
    """What the text says about one name string, over all its occurrences."""

    count: int = 0
    mid: int = 0
    person: float = 0.0
    place: float = 0.0
    after_the: int = 0
    common: int = 0
    #: "said the King", "the Doctor whispered": a role name in a speech tag outside quotes.
    spoken: int = 0
    titles: Counter[str] = field(default_factory=Counter)


#: A particle joined to a surname by an apostrophe: "d'Artagnan", "l'Estrange".
_ELIDED_PARTICLE = re.compile(r"(?:d|l|dell)['’][A-Z]")


def is_capitalised(word: str) -> bool:
    return (word[:1].isupper() or bool(_ELIDED_PARTICLE.match(word))) and not (len(word) > 1 and word.isupper())


_ROMAN = re.compile(r"[IVXLCDM]+")
#: A pronoun or question word run into its verb ("You're", "I've", "Where's"): never a name.
_CONTRACTED = re.compile(r"(?:I|You|We|They|He|She|It|That|There|Here|Who|What|Where|When|How|Let)['’](?:m|re|ve|ll|d|s)",
                         re.IGNORECASE)


def is_initials(word: str) -> bool:
    """"MJ", "CJ": two capitals a person goes by, not a shout, a numeral or an everyday acronym
    ("OK", "TV"); such a name still needs a deed or a tag to count (see the characters stage)."""
    return len(word) == 2 and word.isupper() and word.isalpha() and not _ROMAN.fullmatch(word) \
        and word.lower() not in lexicon().not_initials


def find_candidates(text: str, regions: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> list[Candidate]:
    """Every capitalised run inside `regions` (sorted, non-overlapping spans of story text)."""
    lex = lexicon()
    out: list[Candidate] = []
    quote_i = 0
    wrapped = hard_wrapped(text)
    named = tag_subjects(text, lex)
    for r_start, r_end in regions:
        tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text, r_start, r_end)]
        i = 0
        while i < len(tokens):
            start, end, word = tokens[i]
            if not (is_capitalised(word) or is_initials(word)) or (word == "O" and text[end : end + 1] == " ") \
                    or _CONTRACTED.fullmatch(word):
                i += 1  # "O Mouse, do you know...": the old vocative, not an initial; "You're Marnie"
                continue
            run = [tokens[i]]
            j = i + 1
            while j < len(tokens):
                gap = text[run[-1][1] : tokens[j][0]]
                nxt = tokens[j][2]
                if wrapped and gap.endswith("\n") and gap.strip(" .\n") == "":
                    gap = gap[:-1].rstrip(" ") + " "  # "Mrs.\nBennet" in a hard-wrapped text is "Mrs. Bennet"
                joinable = gap == " " or (gap == ". " and len(run) == 1 and run[-1][2].lower() in _ABBREVIATED_TITLES) or (gap == ". " and len(run[-1][2]) == 1) \
                    or (gap == ". " and len(run) == 1 and run[-1][2].lower() in lex.abbreviated_given)  # "Jas. Hook"
                if not joinable or nxt == "I" or _CONTRACTED.fullmatch(nxt):  # "Longitude I've got to"
                    break
                if len(run) >= 2 and run[-1][2].lower() in _STREETS:
                    break  # "the corner of Mill Street Archer turned": a street, then a name
                if len(run) == 1 and word.lower() in lex.calendar and i and tokens[i - 1][2].lower() in _BEFORE_DATE \
                        and text[tokens[i - 1][1] : start] == " ":
                    break  # "by the middle of June Kitty was...": a month, then a name
                if run[-1][2][-2:] in ("'s", "’s"):
                    break  # "Adèle's French": a possessive ends the name
                if nxt.lower() in _TITLES_WITHIN and text[tokens[j][1] : tokens[j][1] + 1] == "." \
                        and run[-1][2].lower() not in lex.titles:
                    break  # "as Miss Lucy Mrs. Ferrars told me": a second person's title ("the Reverend Mr. Hale" is one)
                if nxt.lower() in _WEEKDAYS and j + 1 < len(tokens) and tokens[j + 1][2].lower() in _PARTS_OF_DAY \
                        and text[tokens[j][1] : tokens[j + 1][0]] == " ":
                    break  # "met Colonel Brandon Monday morning": a name, then a day
                if is_capitalised(nxt):
                    run.append(tokens[j])
                    j += 1
                    continue
                # "Ludwig van Beethoven", "Mr. van der Luyden": particles, then the surname.
                k = j
                while k < len(tokens) and k - j < 2 and tokens[k][2] in _PARTICLES and (k == j or text[tokens[k - 1][1] : tokens[k][0]] in (" ", "\n")):
                    k += 1
                if k > j and k < len(tokens) and is_capitalised(tokens[k][2]) and text[tokens[k - 1][1] : tokens[k][0]] in (" ", "\n"):
                    run.extend(tokens[j : k + 1])
                    j = k + 1
                    continue
                break
            i = j
            out.extend(_split_run(text, run, tokens, quotes, lex, named))
    # Mark quotes: which candidates sit inside a quotation, and which are spoken to.
    out.sort(key=lambda c: c.start)
    for cand in out:
        while quote_i < len(quotes) and quotes[quote_i][1] <= cand.start:
            quote_i += 1
        if quote_i < len(quotes) and quotes[quote_i][0] < cand.start < quotes[quote_i][1]:
            cand.in_quote = True
            cand.vocative = _is_vocative(text, cand, quotes[quote_i])
    return out


def hard_wrapped(text: str, sample: int = 400) -> bool:
    """Whether paragraphs are broken into lines of one width (Project Gutenberg's 70 or so): then
    a line break inside a paragraph is a space, and a name may run across it."""
    lines = text.split("\n", sample * 2)[: sample * 2]
    inside = sorted(len(a) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip())
    if len(inside) < 20:
        return False
    median = inside[len(inside) // 2]
    near = sum(1 for n in inside if abs(n - median) <= 12)
    return 50 <= median <= 90 and near >= 0.7 * len(inside)


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_WORD_BEFORE = re.compile(r"([a-z]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([a-z]+)\b")


def tag_subjects(text: str, lex) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Everyday words a fandom knows as names that the story puts in a speech tag ("said Merry",
    "Happy said"): names throughout that story, though elsewhere "Merry" opens a greeting."""
    found = set()
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        if word in found or word.lower() not in lex.not_names or word.lower() in lex.person_nouns or word.lower() in lex.kinship:
            continue  # "said Papa" is a description (see the speakers stage), not a name
        before = _WORD_BEFORE.search(text, max(0, m.start() - 16), m.start())
        after = _WORD_AFTER.match(text, m.end(), m.end() + 16)
        if (before and before.group(1) in lex.speech_verbs or after and after.group(1) in lex.speech_verbs) \
                and fandom.lookup(word):
            found.add(word)
    return frozenset(found)


def _split_run(text, run, tokens, quotes, lex, named=frozenset()) -> list[Candidate]:  # type: ignore[no-untyped-def]
    # Drop sentence openers glued to a name ("Then Harry"), keep a title before a name.
    words = [w for _, _, w in run]
    # "said Merry", "Happy said": an everyday word that a speech tag makes a canon name.
    tagged = len(run) == 1 and run[0][2] in named
    while not tagged and words and words[0].lower().rstrip(".") in lex.not_names and not (len(words) > 1 and words[0].lower().rstrip(".") in lex.titles) \
            and not (len(words) > 1 and words[0].lower() != "the" and fandom.lookup(" ".join(words))):  # "Angel Dust", "Kid Flash": a canon name whole ("The Sheriff" is "the Sheriff")
        run, words = run[1:], words[1:]
    if not run:
        return []
    if len(run) > 1 and _sentence_initial(text, run[0][0]):
        # "Modest Sir Walter", "Cold-hearted Elinor": an opener before a title or a name.
        later_title = next((k for k, w in enumerate(words) if k and w.lower().rstrip(".") in lex.titles), None)
        if later_title is not None and later_title < len(words) - 1:
            run, words = run[later_title:], words[later_title:]
        elif re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[0]):
            run, words = run[1:], words[1:]
        elif re.fullmatch(r"[A-Z][a-z]{3,}ly", words[0]) and common_word(words[0]) and not first_name_gender(words[0]):
            run, words = run[1:], words[1:]  # "Presently Lucy steps out": an adverb (but "Emily", "Holly")
    title = None
    if len(words) > 1 and words[0].lower().rstrip(".") in lex.titles:
        title = words[0].lower().rstrip(".")
        name_tokens = run[1:]
    else:
        name_tokens = run
    parts = []
    for _, _, w in name_tokens:
        w = _POSSESSIVE.sub("", w) if w[-2:] in ("'s", "’s") else w
        if "-" in w and w.rsplit("-", 1)[1].lower() in lex.suffixes:
            w = w.rsplit("-", 1)[0]
        stutter = _STUTTER.fullmatch(w)
        if stutter:
            w = stutter.group(2)  # "N-Naruto" is Naruto, stammered
        parts.append(w)
    if not tagged and len(parts) == 1 and re.split("['’]", parts[0])[0].lower() in lex.not_names and "'" not in parts[0][:1] and (
            not title or parts[0].lower() in _FUNCTION_WORDS) or any(
            looks_like_handle(p) for p in parts):
        return []
    tail = parts[0].rsplit("-", 1)[-1] if len(parts) == 1 and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", parts[0]) else None
    if tail and common_word(tail) and tail not in lex.person_nouns:
        return []  # "Council-approved", "Sunday-best": a compound word, not a name (but "Spider-man" is one)
    start, end = run[0][0], name_tokens[-1][1]
    last = name_tokens[-1][2]
    if last[-2:] in ("'s", "’s"):
        end -= 2
    elif "-" in last and last.rsplit("-", 1)[1].lower() in lex.suffixes:
        end -= len(last.rsplit("-", 1)[1]) + 1
    before = text[max(0, start - 40) : start]
    prev_words = WORD.findall(before)
    after = WORD.search(text, run[-1][1], min(len(text), run[-1][1] + 40))
    if len(parts) == 1 and parts[0].lower() in _MODALS and title is None and text[end : end + 1] == " " and after \
            and after.group().lower() in _SUBJECTS and _sentence_initial(text, start):
        return []  # "Will you be staying?", "May I?": a question's verb, not Will or May
    return [
        Candidate(
            start=start,
            end=end,
            parts=tuple(parts),
            title=title,
            initial=_sentence_initial(text, start),
            in_quote=False,
            prev=prev_words[-1].lower() if prev_words else "",
            next=(after.group().lower() if after else ""),
            after_the=bool(prev_words) and prev_words[-1].lower() == "the",
            vocative=False,
        )
    ]


def _sentence_initial(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and (text[k] in " \t" or text[k] in _OPENERS):
        if text[k] in _OPENERS and text[k] not in "'":
            return True
        k -= 1
    if k > 0 and text[k] in _CLOSERS:
        k -= 1  # 'hungry too.” Giggling': a quotation's full stop ends the sentence too
    return k < 0 or text[k] == "\n" or text[k] in _ENDERS or text[k] in "—–"


_STUTTER = re.compile(r"(\w{1,2})-((?i:\1)\w+)")
_SUFFIX = re.compile(r"-([^\W\d_]+)")


def past_honorific(text: str, pos: int, end: int) -> int:
    """Where a name ends once an honorific fans keep ("Nanami-san", "Jimin-ssi") is read with it."""
    m = _SUFFIX.match(text, pos, end)
    return m.end() if m and m.group(1).lower() in lexicon().suffixes else pos


def _is_vocative(text: str, cand: Candidate, quote: tuple[int, int]) -> bool:
    """"Harry, wait" / "Wait, Harry." / "Thanks, Harry!": a name set off by a comma inside speech."""
    before = text[quote[0] : cand.start].rstrip(" ")
    after = text[past_honorific(text, cand.end, quote[1]) : quote[1]].lstrip(" ")
    at_start = before == "" or before[-1] in "\"“‘'" or before in ("Oh", "oh", "Hey", "hey", "Hi", "hi", "Dear", "dear")
    if at_start:
        return after[:1] == ","
    return before[-1] == "," and after[:1] in (",", "!", "?", ".", "…", "\"", "”", "’", "—", "")


_CAMEL = re.compile(r"[a-z][A-Z]")
_CAMEL_OK = re.compile(r"^(?:Mc|Mac|O['’]|D['’]|De|Le|La|Di|Da|Van|Von|Du|St)[A-Z]")


def looks_like_handle(word: str) -> bool:
    """"LadyOfTheMoor", "xXdarkXx": user names, not story names."""
    bumps = len(_CAMEL.findall(word))
    return bumps > 1 or (bumps == 1 and not _CAMEL_OK.match(word))


_CLOSING = re.compile(r"(?:yours|love|sincerely|regards|cheers|faithfully|truly|always|forever|affectionately|ever|xo+|thanks|best)[^\n]{0,20}[,.!]?[ \t]*\n[ \t]*$", re.IGNORECASE)


def _signature(text: str, c: Candidate) -> bool:
    """A name alone on the line after "Yours," or "Love,": whoever signs a letter."""
    line_end = text.find("\n", c.end)
    rest = text[c.end : line_end if line_end >= 0 else len(text)].strip(" .,-—~!")
    return not rest and bool(_CLOSING.search(text, max(0, c.start - 60), c.start))


_PLACE_PHRASE = re.compile(r"\b(?:out of|road to|way to|train to|train from|bound for|miles from|miles to)\s+$", re.IGNORECASE)
_CONTAINER = re.compile(r"\b(?:a|an|the|some|one|two|three|another|his|her|my|your|their|our)\s+(?:[a-z]+\s+)?([a-z]+)\s+of\s+$")
_AFTER_POSSESSIVE = re.compile(r"\s*(?:[.,;:!?)]|$|([A-Za-z]+))")
#: Prepositions whose object a name is: the verb after it has another subject.
_OBJECT_PREPOSITIONS = frozenset({"in", "at", "to", "from", "into", "onto", "of", "with", "against", "for", "near",
                                  "inside", "outside", "behind", "beyond", "across", "through", "toward", "towards"})
_THE_AFTER_VERB = re.compile(r"([A-Za-z]+)\s+the\s+$")


def _speech_tag(text: str, c: Candidate, verbs: frozenset[str]) -> bool:
    """'said the King' / 'the King said'."""
    if c.next in verbs:
        return True
    before = _THE_AFTER_VERB.search(text, max(0, c.start - 30), c.start)
    return bool(before) and before.group(1).lower() in verbs


_TO_SOMEONE = re.compile(r"\b([a-z]+)(?:\s+[a-z]+ly)?\s+to\s+$")
#: Verbs besides speech verbs whose "to" goes to a person: "turned to Ilse", "nodded to Faria".
_TURNED_TO = frozenset({"turned", "turning", "spoke", "talked", "talking", "speaking", "listened", "nodded", "waved",
                        "smiled", "grinned", "bowed", "introduced", "married", "engaged", "wrote", "writing", "leaned",
                        "according"})


def _aimed_at(text: str, c: Candidate, verbs: frozenset[str]) -> bool:
    """'said to Ada', 'turned to Ilse': a name a speech or a turn is aimed at is someone's."""
    m = _TO_SOMEONE.search(text, max(0, c.start - 40), c.start)
    return bool(m) and (m.group(1) in verbs or m.group(1) in _TURNED_TO)


#: Verbs that open a question and are also given names, and the subjects that follow them there.
_MODALS = frozenset({"will", "may", "can", "shall", "must"})
_SUBJECTS = frozenset({"you", "he", "she", "they", "we", "i", "it", "that", "this", "anyone", "someone", "somebody"})


#: An indefinite article and one to three lower-case words before a capitalised word.
_DESCRIBED_KIND = re.compile(r"\b(?:[Aa]|[Aa]n|[Aa]nother)[ \t]+(?:(?!(?:from|to|like|with|for|of|by|at|in|on|and|or|than|as|about|called|"
                             r"named|into|onto|over|under|near|behind|beside|between|without|after|before|text|"
                             r"message|letter|note|call|word|friend|visit|kiss|look|glance|hug)\b)[a-z][a-z-]*[ \t]+){1,3}$")


#: Titles a person keeps "the" before: "the Reverend Mr. Collins", "the Honourable John".
_THE_TITLES = frozenset({"reverend", "rev", "hon", "honourable", "honorable", "venerable", "right", "late", "widow"})


def gather(cands: list[Candidate], text: str) -> dict[str, Evidence]:
    lex = lexicon()
    ev: dict[str, Evidence] = {}
    for c in cands:
        e = ev.setdefault(c.key, Evidence())
        e.count += 1
        e.mid += not c.initial
        e.after_the += c.after_the
        if c.prev == "the" and not c.title and len(c.parts) >= 2 and first_name_gender(c.parts[0]) is not None \
                and not any(p.lower() in lex.titles or person_noun(p.lower()) for p in c.parts[1:]):  # "the Jade Emperor"
            e.place += 2  # "the Mary Ellen", "the Harry Potter books": a boat, a thing; a person has no "the"
        e.common += c.prev in _DETERMINERS and not c.initial and not (
            c.prev == "her" and _OBJECT_HER.search(text, max(0, c.start - 24), c.start) and _AND_NAME.match(text, c.end)) \
            and not (c.prev == "that" and first_name_gender(c.parts[0]) is not None)  # "the fire that Ezra let him keep"
        if c.prev not in _DETERMINERS and not c.title and _DESCRIBED_KIND.search(text, max(0, c.start - 40), c.start):
            e.common += 1  # "a rather burly Hyur", "an old Vulcan": a kind of person, not a name
        if c.title:
            e.titles[c.title] += 1
            if c.prev == "the" and c.title not in _THE_TITLES:
                e.place += 2  # "the Admiral Benbow", "the Queen Mary": an inn, a ship; a person has no "the"
            else:
                e.person += 1
        elif past_honorific(text, c.end, c.end + 16) > c.end:
            e.person += 0.5  # "Sakuya-kun": mostly a person takes an honorific ("Garigari-kun" is an ice lolly)
        if c.after_the and not c.in_quote and _speech_tag(text, c, lex.speech_verbs):
            e.spoken += 1
            e.person += 1
        elif not c.in_quote and c.prev in lex.speech_verbs and not c.initial:
            e.person += 1
        elif not c.in_quote and c.prev == "to" and _aimed_at(text, c, lex.speech_verbs):
            e.person += 1  # "Jory said to Ada", "she turned to Ilse"
        elif c.prev in _OBJECT_PREPOSITIONS and not c.initial and (c.next in lex.person_verbs or c.next.endswith("ed")):
            pass  # "Kenma from Nekoma says", "at Mabel's said": the verb is the one before's
        elif c.next in lex.person_verbs:
            weight = 0.3 if c.initial and c.next in lex.auxiliaries else 1
            e.person += weight if not c.in_quote else weight / 2
        elif not c.in_quote and len(c.next) > 4 and c.next.endswith("ed") and c.next not in lex.not_names:
            e.person += 0.5  # "Anna climbed": a past-tense verb right after the name
        elif not c.in_quote and c.next.endswith("s") and _SELF_AFTER_VERB.match(text, c.end):
            e.person += 1  # "Brannoch Tell hauls himself up", "Dove wipes her hands": a present-tense deed
        elif c.vocative:
            e.person += 0.5 if c.initial else 1  # "Harry, wait" / "Sit, Harry": a lone opener may be an order
        elif text[c.end : c.end + 2] in ("'s", "’s"):
            e.person += 0.25
        elif _signature(text, c):
            e.person += 1
        last = c.parts[-1].lower()
        if last in lex.place_heads and not c.title:
            # "Ada Marsh", "Tom Wood": a given name before a surname that is also a place word.
            e.place += 0.5 if len(c.parts) == 2 and last in lex.surname_heads and first_name_gender(c.parts[0]) else 2
        elif len(c.parts) > 1 and (last in lex.group_heads or c.parts[0].lower() in lex.group_prefixes) and not c.title:
            e.place += 2  # "Fire Nation", "Team Free Will": a body of people, weighed as a place
        if c.prev in lex.place_before and not c.title:
            e.place += 1
        elif not c.title and _PLACE_PHRASE.search(text, max(0, c.start - 20), c.start):
            e.place += 1  # "came out of Dartmoor", "the road to Meryton", even inside a quote
        elif c.prev in lex.weak_place_before and not c.title and not c.in_quote and \
                not (c.prev == "to" and _aimed_at(text, c, lex.speech_verbs)):
            e.place += 0.5
        if c.prev in _OBJECT_PREPOSITIONS and text[c.end : c.end + 2] in ("'s", "’s") and not c.title:
            shop = _AFTER_POSSESSIVE.match(text, c.end + 2)
            if shop and (not shop.group(1) or shop.group(1).lower() in lex.person_verbs):
                e.place += 1.5  # "pie from Mabel's said", "back to Tony's.": a shop, a house
        if c.prev in lex.place_prefixes and not c.title and text[max(0, c.start - len(c.prev) - 1)].isupper():
            e.place += 2  # "West Egg", "Upper Norwood"
        if c.prev in lex.thing_before and not c.title:
            e.place += 2  # "the crabber Kittiwake", "spoke Shyriiwook"
        held = _CONTAINER.search(text, max(0, c.start - 30), c.start) if not c.title else None
        if held and held.group(1) in lex.containers:
            e.common += 1  # "a pair of Nike boots", "a bottle of Saurian brandy": a brand
        if c.next in lex.thing_after and not c.title and len(c.parts) == 1:
            e.common += 1  # "my Christian name", "Ichiraku ramen"
        if c.key.lower() in lex.calendar and not c.title and not _dated(text, c):
            e.common += 1  # "May said", "It was June": a name only if the story shows someone
        elif (c.key in lex.places or c.key.lower() in lex.calendar or c.key.lower() in lex.worlds or _TOWN.search(c.key)) \
                and not c.title:
            e.place += 2
    never = lex.calendar | lex.not_names
    for key, e in ev.items():
        # "Vulcans", "Sundays": the plural of a kind or a day the story also names one of.
        if key.endswith("s") and not key.endswith("ss") and " " not in key and (key[:-1] in ev or key[:-1].lower() in never):
            e.common += e.count
    return ev


#: A day or a year beside a month: "May 4", "4th of May", "May, 1871".
_DAY_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?(?: of)? $")
_DAY_AFTER = re.compile(r",? \d")


def _dated(text: str, c: Candidate) -> bool:
    """A month or feast as a date ("in May", "last June", "May 4"), not the person of that name."""
    return c.prev in _DATE_WORDS or bool(_DAY_BEFORE.search(text, max(0, c.start - 12), c.start)) \
        or bool(_DAY_AFTER.match(text, c.end))


def lower_counts(text: str, keys: set[str], chats: list[tuple[int, int]] = ()) -> Counter[str]:  # type: ignore[assignment]
    """How often each single-word key appears in lower case (a common word, not a name). Text
    messages (`chats`, sorted spans) do not count: "ok but be honest nick" is a name typed fast."""
    wanted = {k.lower() for k in keys if " " not in k}
    chats = list(chats)
    counts: Counter[str] = Counter()
    for m in WORD.finditer(text):
        w = m.group()
        if w[:1].islower() and w in wanted and not within(chats, m.start()):
            counts[w] += 1
    return counts
