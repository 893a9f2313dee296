"""Speakers and addressees: who says each quotation, and to whom.

The rules follow how readers attribute dialogue, strongest first: a speech tag next to the
quote ("said Hermione", "Harry whispered", "he said", "I asked"); an action beat in the same
paragraph (`Sherlock frowned. "No."`); a later quote in the paragraph continuing the earlier
one; and, with no tag at all, turn-taking between the two people of an exchange. A name the
quote addresses ("John, stop") cannot be its speaker. Pronoun tags go to the latest character
of that gender named in the narration; "I" to the narrator.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ficlens.knowledge import relatives
from ficlens.model import Character, Mention, Quote, Work
from ficlens.stages.characters.lexicon import leaves_at, lexicon, person_noun
from ficlens.stages.characters import nominals as unnamed
from ficlens.stages.characters.names import past_honorific
from ficlens.stages.characters.nominals import UNNAMED
from ficlens.stages import speaker_ranking as ranking
from ficlens.stages.quotes import paragraphs as _paragraphs
from ficlens.stages.regions import within

_PRONOUN_SUBJECT = re.compile(r"\b(he|she|i|they)\b", re.IGNORECASE)
#: In a second-person story "you" is a subject too ("you say").
_PRONOUN_SUBJECT_YOU = re.compile(r"\b(he|she|i|they|you)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z’']+")
_SENTENCE_END = re.compile(r"[.!?…][\"”’']?\s+")
#: How far back a pronoun looks for the character it stands for.
PRONOUN_REACH = 2500
#: Characters of narration after the last quotation of a turn that still leave it answerable by name.
CALLED_TAIL = 40
#: How far back a pronoun with no one of its gender within PRONOUN_REACH still looks.
FAR_REACH = 10000
#: How far back a definite description ("the young man") looks for the named character it stands for.
NOMINAL_REACH = 1500
#: How far from the quote a tag may sit.
TAG_REACH = 160
#: How far back the other party of an exchange may have been named.
OTHER_REACH = 1500
#: How far before the turn answered (characters) the narration naming its speaker with someone
#: else ("The Scarecrow and the Tin Woodman walked ...") still says who answers.
PAIR_REACH = 400


@dataclass(slots=True)
class _Ctx:
    text: str
    names: list[Mention]  # name mentions outside quotes, by start
    name_starts: list[int]
    all_names: list[Mention]
    all_starts: list[int]
    gender: dict[str, str]
    narrator: str | None
    first_person: bool
    you: str | None  # the "you" of a second-person story
    pronouns: re.Pattern[str]  # the subject pronouns that name a speaker
    nominals: list[Mention]  # descriptions of people outside quotes ("the old man"), by start
    nominal_starts: list[int]
    introduced: dict[str, list[int]]  # unnamed character -> where descriptions brought them in ("a man")
    display: dict[str, str] = field(default_factory=dict)  # named character -> the name they go by
    kin: dict[str, str | None] = field(default_factory=dict)  # "sister" -> who "my sister" is, once looked up
    canonical: dict[str, str] = field(default_factory=dict)  # character -> canon name, in the story's `fandoms`
    fandoms: list[str] = field(default_factory=list)
    #: A role description -> the named character it turned out to be ("Giles, ..." answered by
    #: "..., the librarian said"): the story's name for that person from then on.
    known_as: dict[str, str] = field(default_factory=dict)
    #: Where each scene starts: an exchange does not run on across a scene break.
    scene_starts: list[int] = field(default_factory=list)
    #: A description the narration names right after it -> (that character, where it named them).
    named_after: dict[str, tuple[str, int]] = field(default_factory=dict)
    kin_of: dict[str, dict[str, str]] = field(default_factory=dict)  # "brother" -> {Ada: Tam}, once looked up


class SpeakersStage:
    name = "speakers"
    requires = ("quotes", "characters", "mentions", "narration")
    assigns = ("quotes", "characters", "mentions")  # speakers, addressees, and unnamed speakers

    def __call__(self, work: Work) -> Work:
        attribute(work)
        return work


def attribute(work: Work, collect: list | None = None, passes: list[dict[str, float]] | None = None) -> None:
    """Fill `speaker` and `addressees` of every quote of `work` in place.

    The rules decide first; the ranking model (speaker_ranking.py: `passes`, or the shipped
    ones) then weighs their choice against everyone in view, once per pass, each pass reading
    the speakers the one before chose. `collect`, when given, receives (quote, candidates,
    features) for every spoken quote as the last pass sees them, as the training script needs;
    an empty last pass collects without choosing."""
    text = work.text
    quotes = sorted(work.quotes, key=lambda q: q.start)
    spans = [(q.start, q.end) for q in quotes]
    names = [m for m in work.mentions if m.kind == "name"]
    outside = [m for m in names if not within(spans, m.start)]
    narrator = work.narration.narrator
    nominals, described, introduced = unnamed.described(work, spans, names)
    gender = {c.id: c.gender for c in work.characters}
    gender.update({cid: g for cid, (_, g) in described.items()})
    ctx = _Ctx(text, outside, [m.start for m in outside], names, [m.start for m in names],
               gender, narrator, work.narration.person == "first",
               work.narration.you if work.narration.person == "second" else None,
               _PRONOUN_SUBJECT_YOU if work.narration.person == "second" else _PRONOUN_SUBJECT, nominals, [m.start for m in nominals], introduced)
    ctx.display = {c.id: c.name for c in work.characters if c.named}
    ctx.canonical = {c.id: c.canonical for c in work.characters if c.canonical}
    ctx.fandoms = list(work.tags.fandoms)
    ctx.scene_starts = [sc.start for sc in work.scenes[1:]]
    ctx.named_after = _named_after(ctx, quotes)
    paragraphs = _paragraphs(text)
    para_of = [_paragraph_index(paragraphs, q.start) for q in quotes]
    how: list[str | None] = [None] * len(quotes)

    for i, q in enumerate(quotes):
        if q.kind == "written":
            q.speaker = _writer(ctx, q, work) or _signed(ctx, q, work)
            q.addressees = q.addressees or _greeted(ctx, q)
            continue
        if (signer := _signed(ctx, q, work)):
            q.speaker, how[i] = signer, "signed"
            continue
        p_start, p_end = paragraphs[para_of[i]]
        lo, hi = _narration_around(quotes, para_of, paragraphs, i)
        answered = quotes[i - 1].speaker if i and para_of[i - 1] == para_of[i] - 1 else None
        # Only a quotation opening its paragraph answers the turn before with no one else acting
        # first, or after a "he" or "she" of its own ('He put the milk away. "Sorry," he said.').
        called = _called_before(ctx, quotes, para_of, i, paragraphs) if answered and _unnamed_lead_in(ctx, p_start, q.start) else set()
        if _led_in_and_on(text, quotes, para_of, i, lo):
            # 'Milly said, "Are you in town?" Babs said, "Have you a cigarette?"': the words
            # after the quote lead into the next one; its own lead-in names this speaker.
            found = _tag_before(ctx, q, lo) or _tag_after(ctx, q, hi, answered, called) or _self_named(ctx, q)
        else:
            found = _tag_after(ctx, q, hi, answered, called) or _tag_before(ctx, q, lo) or _self_named(ctx, q)
        if not found and lo == p_start and para_of[i] > 0:
            # "... when Elinor cried out,\n\n"Indeed, ..."": the lead-in closes the paragraph before.
            prev_start, prev_end = paragraphs[para_of[i] - 1]
            if re.search(r"[,:]\s*(?:--|—|–)?\s*$", text[prev_start:prev_end]) and not (i and quotes[i - 1].end >= prev_end - 2):
                found = _tag_before(ctx, Quote(prev_end, prev_end), max(prev_start, quotes[i - 1].end if i and quotes[i - 1].end > prev_start else prev_start))
        # The speaker of the paragraph before, whom a description in this one is not.
        previous = quotes[i - 1].speaker if i and para_of[i - 1] < para_of[i] else None
        if found and _voice(found):
            found = _revealed(ctx, q.end, p_end) or found
        if found:
            q.speaker, how[i] = _named_for(ctx, found, quotes, i, previous), "tag"
            continue
        if i and para_of[i - 1] == para_of[i] and quotes[i - 1].speaker and how[i - 1]:
            q.speaker, how[i] = quotes[i - 1].speaker, "continued"
            continue
        beat = _beat(ctx, quotes, i, p_start, p_end, answered)
        if beat:
            q.speaker, how[i] = _named_for(ctx, beat, quotes, i, previous), "beat"
            continue
        if lo == p_start and para_of[i] > 0 and (i == 0 or para_of[i - 1] < para_of[i] - 1):
            # `Merlin mentioned it.` then `"You're bleeding."`: the narration just before speaks.
            before = _last_subject(ctx, paragraphs[para_of[i] - 1], q.start)
            # '"Cratchit!" / Bob jumped ... Scrooge was standing in the doorway. / "Sir?"': the one
            # just called, whom the narration shows answering to it first, is who replies.
            first = _first_subject(ctx, paragraphs[para_of[i] - 1])
            if i and first and first != before and first in {m.character for m in _vocatives(ctx, quotes[i - 1])}:
                before = first
            before = before or first  # "Fen beamed at him. I don't think she saw it." / "Two pieces."
            if before:
                previous = quotes[i - 1].speaker if i else None
                who = _named_for(ctx, before, quotes, i, previous)
                # "Bob kept glancing at the coal-box." / "Cratchit!": Bob is called, not calling.
                if who not in {m.character for m in _vocatives(ctx, q)}:
                    q.speaker, how[i] = who, "preceding"

    # A later tag in the same paragraph names the speaker of the untagged quotes before it.
    for i in range(len(quotes) - 2, -1, -1):
        if quotes[i].speaker is None and para_of[i] == para_of[i + 1] and quotes[i + 1].speaker and quotes[i].kind != "written":
            quotes[i].speaker, how[i] = quotes[i + 1].speaker, "continued"

    told = [_told(ctx, quotes, i, paragraphs, para_of) if q.kind == "speech" else None for i, q in enumerate(quotes)]
    _turn_taking(quotes, para_of, how, ctx, told)
    _pronoun_tags_in_exchanges(ctx, quotes, para_of, paragraphs, how)
    for i, q in enumerate(quotes):
        if q.speaker is None and q.kind == "speech":
            # Nothing else to go on: whoever the narration named last, unless the quote calls them,
            # or, answering the turn just before, the one who spoke it: then the other party,
            # the narrator of a first-person story or whoever else was named last.
            called = {m.character for m in _vocatives(ctx, q)}
            turns = _turns_before(quotes, para_of, i, limit=2, scenes=ctx.scene_starts)
            answered = quotes[turns[0][1]].speaker if turns else None
            if answered:
                protagonist = ctx.narrator if ctx.first_person else ctx.you  # "I" or "you", in every scene
                # A, B, A, [B]: the other party, once a guess here has named them; the one the
                # narration just named together with A ("Dove and Hesper are at it again"), before
                # even the narrator.
                others = [quotes[j].speaker for _, j in turns[1:] if how[j] == "nearest"]
                others += _paired_with(ctx, answered, quotes[turns[0][1]].start, PAIR_REACH)
                others += [protagonist] if protagonist else []
                others += _recent_subjects(ctx, q.start, OTHER_REACH)
                others += _called_later(ctx, quotes, para_of, i, answered)
                guess = next((w for w in others if w and w != answered and w not in called), None)
            else:
                guess = _recent_subject(ctx, q.start, 300)
            if guess and guess not in called:
                q.speaker, how[i] = guess, "nearest"
    for n, weights in enumerate(passes if passes is not None else ranking.shipped_passes()):
        last = passes is not None and n == len(passes) - 1
        _rerank(ctx, work, quotes, para_of, paragraphs, how, collect if last else None, weights, told)
    _one_sided_calls(text, quotes, how)
    for i, q in enumerate(quotes):
        if q.kind == "thought" and q.speaker is None:
            # A thought is the narrator's in first person, "you"'s in second, else the one the narration follows.
            q.speaker = narrator if ctx.first_person else ctx.you or _recent_subject(ctx, q.start)
    _addressees(ctx, quotes, para_of, told)
    work.quotes = quotes
    unnamed.keep_speaking(work, quotes, nominals, described, _canon_kin(ctx, described))


def _rerank(ctx: _Ctx, work: Work, quotes: list[Quote], para_of: list[int], paragraphs: list[tuple[int, int]],
            how: list[str | None], collect: list | None, weights: dict[str, float],
            told: Sequence[str | None] = ()) -> None:
    """Every spoken quote's candidates scored by one pass of the ranking model, all from the
    speakers chosen before it."""
    if not weights and collect is None:
        return
    mentions = {c.id: c.mentions for c in work.characters}
    narrator = ctx.narrator if ctx.first_person else ctx.you

    def inside(q: Quote) -> list[Mention]:
        lo, hi = bisect_left(ctx.all_starts, q.start), bisect_left(ctx.all_starts, q.end)
        return ctx.all_names[lo:hi]

    chosen: list[tuple[Quote, str]] = []
    for i, q in enumerate(quotes):
        if q.kind != "speech" or how[i] == "signed":
            continue  # a signature is the writer's own word
        cands = ranking.candidates(quotes, i, ctx.names, ctx.name_starts, narrator)
        if not cands:
            continue
        rows = ranking.features(ctx.text, quotes, i, cands, how, para_of, paragraphs, ctx.names, ctx.name_starts,
                                inside, lambda q_: _vocatives(ctx, q_), ctx.gender, mentions, narrator, told)
        if collect is not None:
            collect.append((q, cands, rows))
        if weights:
            best = max(range(len(cands)), key=lambda k: ranking.score(rows[k], weights))
            chosen.append((q, cands[best]))
    for q, speaker in chosen:
        q.speaker = speaker


def _named_for(ctx: _Ctx, cid: str, quotes: list[Quote], i: int, previous: str | None) -> str:
    """The named character a definite description stands for, if one is in view.

    Novels call their people by description as often as by name ("said her mother", "the
    young girl cried"): a definite description goes to the latest person in view (named in the
    narration, speaking or spoken to in the last stretch of text) whose gender fits, other than
    the one its possessive points at ("her"), the quote's addressees and the previous speaker.
    Someone a story has just brought in with "a"/"an" ("a man ... the man") and a description
    nobody in view fits stay unnamed."""
    q = quotes[i]
    if not cid.startswith(UNNAMED):
        return cid
    if cid in ctx.named_after and q.start >= ctx.named_after[cid][1]:
        return ctx.named_after[cid][0]  # "The new clerk ... His name was Oren Lisle."
    intro = ctx.introduced.get(cid, [])
    k = bisect_left(intro, q.start) - 1
    if k >= 0 and q.start - intro[k] <= NOMINAL_REACH:
        return cid
    own_calls = {m.character for m in _vocatives(ctx, q)}
    if cid in ctx.known_as and ctx.known_as[cid] not in own_calls:
        return ctx.known_as[cid]
    if i and previous and quotes[i - 1].speaker == previous and cid.startswith(UNNAMED + "the-"):
        # "Giles, this thing has a lock on it." / "It had a lock on it," the librarian said: the
        # one just called by name answers, and the description is theirs from then on.
        called = {m.character for m in _vocatives(ctx, quotes[i - 1])} - {previous}
        gender = ctx.gender.get(cid, "unknown")
        if len(called) == 1 and not (called & own_calls):
            who = next(iter(called))
            if gender == "unknown" or ctx.gender.get(who, "unknown") in (gender, "unknown"):
                if cid.rsplit("-", 1)[-1] not in lexicon().plain_people:  # "the man" is many men
                    ctx.known_as.setdefault(cid, who)
                return who
    noun_gender = ctx.gender.get(cid, "unknown")
    noun = cid[len(UNNAMED):].split("-", 1)[-1]
    owner = cid[len(UNNAMED):].split("-", 1)[0]
    # "her best friend said": someone of either sex, but someone's, so one of the people in view.
    tied = noun_gender == "unknown" and noun in _TIES and owner in ("her", "his", "my")
    if noun_gender == "unknown" and not tied or noun not in lexicon().person_nouns or noun in lexicon().service_people:
        return cid  # "said the barman", "the butler said": someone serving in passing is someone of their own
    excluded = {previous} | {m.character for m in _vocatives(ctx, q)}
    kin = noun in lexicon().kinship
    elder = noun in lexicon().elders  # a parent or spouse: the one other of that surname and gender
    if owner in ("her", "his"):
        want = "female" if owner == "her" else "male"
        whose = _pronoun(ctx, "she" if owner == "her" else "he", q.start)
        if kin and (relative := _canon_relative(ctx, whose, noun, noun_gender) or _only_canon_relative(ctx, want, noun, noun_gender)):
            return relative  # "her brother" of Katara: Sokka, as the fandom file knows
        if elder and (relative := _relative(ctx, whose, noun_gender)):
            return relative  # "his father" of Victor Frankenstein: Alphonse Frankenstein
        if kin and whose and (relative := _kin_beside(ctx, noun).get(whose)):
            return relative  # "her brother said" of Ada, whose brother the story named: "Her brother Tam"
        if not (previous and ctx.gender.get(previous) == want):
            excluded.add(whose)
    elif owner == "my":
        if kin and (relative := _canon_relative(ctx, ctx.narrator, noun, noun_gender)):
            return relative
        if kin:
            # "said my mother": the narrator's mother, whom the story names only if it says so.
            return (_relative(ctx, ctx.narrator, noun_gender) if elder else None) or _kin_named(ctx, noun) or cid
        excluded.add(ctx.narrator)
    lo = q.start - NOMINAL_REACH
    seen: list[tuple[int, str]] = []
    k = bisect_right(ctx.name_starts, q.start) - 1
    while k >= 0 and ctx.names[k].start > lo:
        seen.append((ctx.names[k].start, ctx.names[k].character))
        k -= 1
    j = i - 1
    while j >= 0 and quotes[j].start > lo:
        if quotes[j].speaker:
            seen.append((quotes[j].start, quotes[j].speaker))
        seen += [(m.start, m.character) for m in _vocatives(ctx, quotes[j])]
        j -= 1
    for _, who in sorted(seen, reverse=True):
        if who in excluded or who.startswith(UNNAMED):
            continue
        if tied:
            return who
        if ctx.gender.get(who) in (noun_gender, "unknown"):
            # "the old woman says" of Greasy Sae, whose pronouns the story left unclear: what
            # "she" can stand for from here on.
            if ctx.gender.get(who, "unknown") == "unknown":
                ctx.gender[who] = noun_gender
            return who
    return cid


#: Person nouns of either sex that tie their owner to one other person: "her friend", "his partner".
_TIES = frozenset({"friend", "companion", "partner", "spouse", "boss", "neighbour", "neighbor"})


#: A family word -> the tie a fandom file records for that relative.
_KIN_TIES = {"brother": ("sibling", "half-sibling", "step-sibling"), "sister": ("sibling", "half-sibling", "step-sibling"),
             "twin": ("sibling",), "sibling": ("sibling",), "cousin": ("cousin",), "uncle": ("aunt-uncle",),
             "aunt": ("aunt-uncle",), "nephew": ("niece-nephew",), "niece": ("niece-nephew",), "son": ("child", "adoptive-child"),
             "daughter": ("child", "adoptive-child"), "father": ("parent", "adoptive-parent"), "mother": ("parent", "adoptive-parent"),
             "grandfather": ("grandparent",), "grandmother": ("grandparent",)}
_KIN_WORD = {"dad": "father", "daddy": "father", "papa": "father", "pa": "father", "mom": "mother", "mum": "mother",
             "mam": "mother", "ma": "mother", "mama": "mother",
             "mamma": "mother", "mommy": "mother", "mummy": "mother", "grandpa": "grandfather", "grandma": "grandmother",
             "granny": "grandmother"}


def _canon_kin_of(ctx: _Ctx, whose: str | None, noun: str) -> list[str]:
    """The canon names the fandom files give `whose`'s relatives of this kind ("mother", "brother")."""
    if not whose or whose not in ctx.canonical:
        return []
    ties = _KIN_TIES.get(_KIN_WORD.get(noun, noun), ())
    return [other for tie, other in relatives(ctx.fandoms, ctx.canonical[whose]) if tie in ties]


#: "Emma's father": a name, then whose relative.
_KIN_AFTER_NAME = re.compile(r"['’]s\s+([a-z]+)")


def _kin_of_named(ctx: _Ctx, mention: Mention) -> str | None:
    """The one a tag names, or, for "said Emma's father", Emma's father if the story or its
    fandom file tells who he is (else no one: Emma is not her own father)."""
    kin = _KIN_AFTER_NAME.match(ctx.text, mention.end)
    if not kin or kin.group(1) not in lexicon().kinship:
        return mention.character
    noun, whose = kin.group(1), mention.character
    gender = person_noun(noun) or "unknown"
    return _relative_of(ctx, whose, noun, gender) or _kin_beside(ctx, noun).get(whose)


def _relative_of(ctx: _Ctx, whose: str, noun: str, gender: str) -> str | None:
    """`whose`'s relative of this kind as the fandom file knows them, or, for a parent or
    spouse, the one other of their surname and that gender."""
    return _canon_relative(ctx, whose, noun, gender) or (_relative(ctx, whose, gender) if noun in lexicon().elders else None)


def _canon_relative(ctx: _Ctx, whose: str | None, noun: str, gender: str) -> str | None:
    """The one character of the story the fandom file makes `whose`'s relative of this kind."""
    names = set(_canon_kin_of(ctx, whose, noun))
    found = [cid for cid, name in ctx.canonical.items() if name in names and ctx.gender.get(cid) in (gender, "unknown")]
    return found[0] if len(found) == 1 else None


def _only_canon_relative(ctx: _Ctx, owner_gender: str, noun: str, gender: str) -> str | None:
    """"said his father" when the story holds one man's canon father and no other: him, whoever
    "his" turns out to be."""
    found = {r for cid in ctx.canonical if ctx.gender.get(cid) == owner_gender
             if (r := _canon_relative(ctx, cid, noun, gender)) and r != cid}
    return found.pop() if len(found) == 1 else None


#: "It is Raoul.", "Hi, it's Sam.", "I'm Oriel Marr": a speaker saying who is speaking.
_SELF_NAMING = re.compile(r"(?:^|[.!?,;:—–-]\s*|\s)(?:it is|it's|it’s|this is|i am|i'm|i’m|my name is|my name's|"
                          r"my name’s|the name's|the name’s)\s+$", re.IGNORECASE)


def _self_named(ctx: _Ctx, q: Quote) -> str | None:
    """The one a quotation says is speaking ("Mademoiselle Daaé? It is Raoul."), when the name
    ends its clause: "It is Raoul who knows" names someone else."""
    k = bisect_left(ctx.all_starts, q.start)
    while k < len(ctx.all_names) and ctx.all_names[k].start < q.end:
        m = ctx.all_names[k]
        k += 1
        if not _SELF_NAMING.search(ctx.text, max(q.start + 1, m.start - 24), m.start):
            continue
        after = ctx.text[m.end : m.end + 2]
        if after[:1] in ("", ".", "!", ",", "—", "–", "\"", "”") and not after.startswith(("'s", "’s")):
            return m.character
    return None


def _canon_kin(ctx: _Ctx, described: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Canon names for the narrator's unnamed kin: "my mother" in a story Katniss Everdeen tells is
    Mrs. Everdeen, when the fandom file gives her exactly one mother."""
    whose = ctx.narrator if ctx.first_person else None
    out = {}
    for cid in described:
        owner, _, noun = cid[len(UNNAMED):].partition("-")
        if owner != "my" or noun not in lexicon().kinship:
            continue
        names = _canon_kin_of(ctx, whose, noun)
        if len(names) == 1 and names[0] not in ctx.canonical.values():
            out[cid] = names[0]
    return out


def _voice(cid: str) -> bool:
    return cid.startswith(UNNAMED) and cid.rsplit("-", 1)[-1] == "voice"


def _revealed(ctx: _Ctx, start: int, end: int) -> str | None:
    """"...," said a voice from the doorway, and Daisy came out": the person the narration
    brings in next, as the subject of what follows or as "it was Grantaire"."""
    k = bisect_left(ctx.name_starts, start)
    while k < len(ctx.names) and ctx.names[k].start < end:
        m = ctx.names[k]
        if _verb_follows(ctx.text, m.end, end) or re.search(r"\b(?:it|that) was\s+$", ctx.text[max(start, m.start - 12) : m.start], re.IGNORECASE):
            return m.character
        k += 1
    return None


#: The narration naming someone it has just described: "The new clerk sat by the window. His
#: name was Oren Lisle", "a Peacekeeper ..., a man called Darius", "whose name was Ilse".
_NAME_GIVEN = re.compile(r"\b(?i:(?:his|her|their)\s+name\s+(?:was|is)|(?:he|she)\s+(?:was|is)\s+(?:called|named)|"
                         r"whose\s+name\s+(?:was|is)|(?:a|an)\s+(?:\w+\s+)?(?:called|named))\s+(?=[A-Z])")
#: How far after a description (characters) the narration may name the one described.
NAMED_AFTER_REACH = 200
#: ... or, with "Her name is ..." and no one else of her sex named between, a page later.
NAMED_LATER_REACH = 2500


def _named_after(ctx: _Ctx, quotes: list[Quote]) -> dict[str, tuple[str, int]]:
    """Each description the narration names right after it ("The new clerk ... His name was
    Oren Lisle"), or that someone greets by a name the story had not used before ("There is a
    woman in the shop ... 'Mrs. Oyelaran, this is my sister'"): the named character it stands
    for from then on, and from where."""
    found: dict[str, tuple[str, int]] = _greeted_on_arrival(ctx, quotes)
    for m in ctx.nominals:
        if not m.character.startswith(UNNAMED) or m.character in found:
            continue
        end = min(len(ctx.text), m.end + NAMED_AFTER_REACH)
        para = ctx.text.find("\n\n", m.end, end)
        given = _NAME_GIVEN.search(ctx.text, m.end, para if para >= 0 else end)
        if given is None:
            continue
        name = _mention_at(ctx, given.end())
        if name is not None and name.start - given.end() <= 1 and not name.character.startswith(UNNAMED):
            gender = ctx.gender.get(m.character, "unknown")
            if gender == "unknown" or ctx.gender.get(name.character, "unknown") in (gender, "unknown"):
                found[m.character] = (name.character, name.start)
    # Named later, after some talk: "The woman on the landing ... [a page of talk] ... She laughs
    # and comes in. Her name is Priya." Her name is the description's, from its first mention on,
    # when no one else of her sex was named in the narration between.
    for given in _NAME_GIVEN.finditer(ctx.text):
        owner = given.group(0).split()[0].lower()
        if owner not in ("his", "her"):
            continue
        name = _mention_at(ctx, given.end())
        want = "female" if owner == "her" else "male"
        if name is None or name.character.startswith(UNNAMED) or ctx.gender.get(name.character, "unknown") not in (want, "unknown"):
            continue
        k = bisect_left(ctx.nominal_starts, given.start()) - 1
        while k >= 0 and given.start() - ctx.nominals[k].start <= NAMED_LATER_REACH:
            m = ctx.nominals[k]
            if m.character.startswith(UNNAMED) and ctx.gender.get(m.character) == want:
                lo, hi = bisect_left(ctx.name_starts, m.end), bisect_left(ctx.name_starts, given.start())
                if not any(ctx.gender.get(n.character) == want and n.character != ctx.narrator for n in ctx.names[lo:hi]):
                    first = min(n.start for n in ctx.nominals if n.character == m.character)
                    found.setdefault(m.character, (name.character, first))
                break
            k -= 1
    return found


#: How far after someone comes in as "a woman" (characters) a greeting may give her name.
GREETED_REACH = 600


def _greeted_on_arrival(ctx: _Ctx, quotes: list[Quote]) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    starts = [q.start for q in quotes]
    for cid, intros in ctx.introduced.items():
        at = intros[-1]
        gender = ctx.gender.get(cid, "unknown")
        # Someone named in the last stretch before "a woman" came in, or named before more than
        # once, is not who she is.
        lo, hi = bisect_left(ctx.all_starts, at - GREETED_REACH), bisect_left(ctx.all_starts, at)
        before = Counter(m.character for m in ctx.all_names[:hi])
        seen = {m.character for m in ctx.all_names[lo:hi]} | {c for c, n in before.items() if n > 1}
        k = bisect_left(starts, at)
        while cid not in found and k < len(quotes) and quotes[k].start - at <= GREETED_REACH:
            j = bisect_left(ctx.all_starts, quotes[k].start)
            while j < len(ctx.all_names) and ctx.all_names[j].start < quotes[k].end:
                m = ctx.all_names[j]
                if m.character not in seen and _vocative(ctx.text, m, quotes[k]) \
                        and gender in ("unknown", ctx.gender.get(m.character, "unknown")):
                    found[cid] = (m.character, at)
                    break
                seen.add(m.character)
                j += 1
            k += 1
    return found


_TITLED_SURNAME = re.compile(r"(?:Mrs|Mr|Mme|Madame|Monsieur|M|Lady|Lord|Sir|Frau|Herr|Señora|Señor)\.?\s+\S+")


def _relative(ctx: _Ctx, whose: str | None, gender: str) -> str | None:
    """The one other named character of `whose` surname and the kinship word's gender: family
    shares a name. Among several (the Dashwood sisters and their mother), the one the story calls
    by title and surname alone ("Mrs Dashwood") is the parent."""
    surname = _surname(ctx, whose)
    if not surname:
        return None
    # A sister the fandom file knows as one is not "my mother", however alike their names.
    ties = {other: tie for tie, other in relatives(ctx.fandoms, ctx.canonical[whose])} if whose in ctx.canonical else {}
    found = [cid for cid in ctx.display if cid != whose and _surname(ctx, cid) == surname and ctx.gender.get(cid) == gender
             and ties.get(ctx.canonical.get(cid, "")) not in _YOUNGER_TIES]
    if len(found) > 1:
        found = [cid for cid in found if _TITLED_SURNAME.fullmatch(ctx.display.get(cid, ""))]
    return found[0] if len(found) == 1 else None


#: Canon ties that rule a character out as someone's parent or spouse.
_YOUNGER_TIES = frozenset({"sibling", "half-sibling", "step-sibling", "child", "adoptive-child", "cousin", "niece-nephew", "grandchild"})


def _surname(ctx: _Ctx, cid: str | None) -> str | None:
    words = ctx.display.get(cid or "", "").split()
    return words[-1] if len(words) > 1 else None


def _kin_named(ctx: _Ctx, noun: str) -> str | None:
    """The named character the narration sets beside "my sister" ("my sister Ilse", "Ilse, my
    sister"), if one."""
    if noun not in ctx.kin:
        votes: dict[str, int] = {}
        for m in re.finditer(rf"\bmy {noun}\b,?\s?", ctx.text, re.IGNORECASE):
            after = _name_starting(ctx, m.end())
            k = bisect_left(ctx.all_starts, m.start()) - 1
            before = ctx.all_names[k] if k >= 0 and re.fullmatch(r",\s*", ctx.text[ctx.all_names[k].end : m.start()]) else None
            for who in (after, before.character if before else None):
                if who:
                    votes[who] = votes.get(who, 0) + 1
        ctx.kin[noun] = max(votes, key=votes.__getitem__) if votes else None
    return ctx.kin[noun]


def _kin_beside(ctx: _Ctx, noun: str) -> dict[str, str]:
    """Whose `noun` ("brother") the narration names beside the word: "Her brother Tam",
    "Ada's brother Tam", as {Ada: Tam}."""
    if noun not in ctx.kin_of:
        found: dict[str, str] = {}
        for m in re.finditer(rf"\b(?:(his|her|His|Her)|([A-Z][\w'’-]*)['’]s) {noun},?\s?", ctx.text):
            named = _name_starting(ctx, m.end())
            if m.group(1):
                owner = _pronoun(ctx, "he" if m.group(1).lower() == "his" else "she", m.start(), avoid=named)
            else:
                mention = _mention_at(ctx, m.start(2))
                owner = mention.character if mention and mention.start == m.start(2) else None
            if named and owner and owner != named:
                found.setdefault(owner, named)
        ctx.kin_of[noun] = found
    return ctx.kin_of[noun]


def _name_starting(ctx: _Ctx, pos: int) -> str | None:
    k = bisect_left(ctx.all_starts, pos)
    return ctx.all_names[k].character if k < len(ctx.all_names) and ctx.all_names[k].start == pos else None


def _writer(ctx: _Ctx, q: Quote, work: Work) -> str | None:
    """The sender before a chat line's colon, or the name that signs a letter."""
    text = ctx.text
    line_start = text.rfind("\n", 0, q.start) + 1
    prefix = text[line_start : q.start]
    if prefix.rstrip().endswith(":"):
        return _resolve_name(work, prefix.rstrip()[:-1].strip(" []0-9:"))
    tail = text[q.start : q.end].rstrip().rsplit("\n", 1)[-1].strip(" ,.-—~!")
    if len(tail) > 40 and (stop := _TELEGRAM_STOP.search(tail)):
        tail = tail[stop.end() :].strip(" ,.-—~!")  # "... ONE CHAIR THAT DOES NOT WOBBLE STOP AUGUSTA BRACKNELL"
    if 0 < len(tail) <= 40:
        words = tail.split()
        # "Your Cosette", "Love, Harry": the name closes the line, after the valediction.
        for k in range(min(len(words), 3)):
            found = _resolve_name(work, " ".join(words[k:]).strip(" ,.-—~!"))
            if found:
                return found
    return None


#: A telegram's last STOP, before the sender's name.
_TELEGRAM_STOP = re.compile(r".*\bSTOP\b")


#: What a child calls a parent: "Hey, Mom.", "Dear Father,".
_PARENT_WORDS = "Mom|Mum|Mam|Ma|Mama|Mamma|Mommy|Mummy|Mother|Dad|Daddy|Papa|Pa|Father"
#: A letter's greeting to a parent: "Dear Father,", "Hi Mum".
_PARENT_GREETING = re.compile(rf"\b(?:Dear|Dearest|My dear|My dearest|Hi|Hello|Hey|To)\s+({_PARENT_WORDS})\b")


def _parent_of(ctx: _Ctx, child: str, word: str) -> str | None:
    """The one `child` calls `word` ("Mum", "Father"): the fandom file's parent, else the one
    other character of the child's surname and the word's gender."""
    noun = _KIN_WORD.get(word.lower(), word.lower())
    gender = "female" if noun == "mother" else "male"
    who = _canon_relative(ctx, child, noun, gender) or _relative(ctx, child, gender)
    return who if who != child else None


def _greeted(ctx: _Ctx, q: Quote) -> list[str]:
    """Whom a letter's greeting names on its first lines: "Dear Kit," or, from a writer the
    story knows, "Dear Father," for that writer's father."""
    lead = min(q.end, q.start + sum(len(line) + 1 for line in ctx.text[q.start : q.end].split("\n")[:5]))
    greeting = _PARENT_GREETING.search(ctx.text, q.start, lead)
    if greeting:
        who = _parent_of(ctx, q.speaker, greeting.group(1)) if q.speaker and not q.speaker.startswith(UNNAMED) else None
        return [who] if who else []
    k = bisect_left(ctx.all_starts, q.start)
    while k < len(ctx.all_names) and ctx.all_names[k].start < lead:
        m = ctx.all_names[k]
        if m.character != q.speaker and ctx.text[m.end : m.end + 1] in (",", "\n", ":", "!"):
            return [m.character]
        k += 1
    return []


#: A note signed after a dash at its very end: "... Stay inside. —A.", "—H.L.", "-- Sherlock".
_DASH_SIGNATURE = re.compile(r"(?:—|–|--|\s-)\s*([A-Z][A-Za-z.'’ ]{0,30}?)[.!]?\s*[\"”’']?\s*$")


#: A letter's closing and signature at the end of a quote: "Your loving son, Perrin.", "Love, Mum".
_SIGN_OFF = re.compile(r"(?:^|[.!?]\s+|\n)[\"“‘']?(?:Yours|Love|All my love|Sincerely|Regards|Best|Fondly|Affectionately|Ever|"
                       r"Your\s+(?:loving|affectionate|devoted|obedient|humble|faithful|own|dearest|sincere|true)\b)"
                       r"[^.!?\n\"“”]{0,40},\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)[.!]?\s*[\"”’']?\s*$")


def _signed(ctx: _Ctx, q: Quote, work: Work) -> str | None:
    """The one who signs a note the story quotes: a name, or initials only one named character
    has; or a letter read out, signed with its closing ("Your loving son, Perrin.")."""
    closing = _SIGN_OFF.search(ctx.text, max(q.start, q.end - 80), q.end)
    if closing and (writer := _resolve_name(work, closing.group(1))):
        return writer
    match = _DASH_SIGNATURE.search(ctx.text, q.start, q.end)
    if not match:
        return None
    sign = match.group(1).strip()
    letters = sign.replace(".", "").replace(" ", "")
    if letters.isupper() and len(letters) <= 3 and letters not in ("I", "O"):  # "Don't—I." is speech
        fits = [c.id for c in work.characters if c.named and _initials_fit(letters, c)]
        return fits[0] if len(fits) == 1 else None
    return _resolve_name(work, sign) if q.kind == "written" else None


def _initials_fit(letters: str, c: Character) -> bool:
    for form in (c.name, *c.aliases):
        words = [w for w in re.split(r"[\s.]+", re.sub(r"\s*\(.*\)", "", form)) if w]
        if "".join(w[0] for w in words).upper() == letters or (len(letters) == 1 and words and words[0][0] == letters):
            return True
    return False


def _resolve_name(work: Work, name: str) -> str | None:
    """The character a free-standing name or handle stands for ("Wil", "tamsin_r", "Mr Holmes")."""
    key = re.sub(r"[_\W]+", " ", name).strip().casefold()
    if not key:
        return None
    best = None
    surnamed = set()
    for c in work.characters:
        forms = {re.sub(r"[_\W]+", " ", f).strip().casefold() for f in (c.name, *c.aliases)}
        if key in forms:
            return c.id
        if best is None and any(key.split()[0] == f.split()[0] for f in forms if f):
            best = c.id
        if " " in key and any(" " in f and key.split()[-1] == f.split()[-1] for f in forms):
            surnamed.add(c.id)  # "AUGUSTA BRACKNELL" under a telegram: Lady Bracknell
    return best or (next(iter(surnamed)) if len(surnamed) == 1 else None)


#: What a possessive names after a quote: "was Helen's contribution", "was his father's reply".
_REPLY_NOUN = re.compile(r"['’]s?\s+(?:\w+\s+)?(?:reply|rejoinder|answer|response|retort|remark|comment|contribution|"
                         r"observation|objection|greeting|question|verdict|advice|only (?:reply|answer|comment))\b")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def _skip_article(text: str, pos: int) -> int:
    m = re.match(r"(?:the|The)\s+", text[pos : pos + 6])
    return pos + m.end() if m else pos


def _called_before(ctx: _Ctx, quotes: list[Quote], para_of: list[int], i: int,
                   paragraphs: list[tuple[int, int]]) -> set[str]:
    """Everyone the paragraph before called by name ("Wow. Nanami-san," Itadori said), when it
    ends in speech: narration after it ("And she hung up") moves the scene on."""
    out: set[str] = set()
    if paragraphs[para_of[i] - 1][1] - quotes[i - 1].end > CALLED_TAIL:
        return out
    j = i - 1
    while j >= 0 and para_of[j] == para_of[i] - 1:
        out |= {m.character for m in _vocatives(ctx, quotes[j])}
        j -= 1
    return out


def _unnamed_lead_in(ctx: _Ctx, start: int, end: int) -> bool:
    """Nothing before the quotation in its paragraph, or narration opening with a pronoun and
    naming no one."""
    lead = ctx.text[start:end]
    if not lead.strip():
        return True
    k = bisect_left(ctx.all_starts, start)
    named = k < len(ctx.all_starts) and ctx.all_starts[k] < end
    return not named and bool(re.match(r"\s*(?:he|she)\b", lead, re.IGNORECASE))


def _tag_after(ctx: _Ctx, q: Quote, hi: int, answered: str | None = None, called: Collection[str] = ()) -> str | None:
    """`"...," said Harry` / `"...," Harry said` / `"...," he said` / `"...," I said`; an action
    after the quote (`"Not really." He capped the marker.`) answering `answered` is someone else's;
    "he said" answering a turn that called one man by name (`called`) is that man."""
    text = ctx.text
    end = min(hi, q.end + TAG_REACH)
    lead = re.match(r"[\s,.!?;:…—–-]*", text[q.end : end])
    pos = q.end + (lead.end() if lead else 0)
    if pos >= end or "\n\n" in text[q.end : pos]:
        return None
    lex = lexicon()
    first = _WORD.match(text, pos)
    if not first:
        return None
    word = first.group().lower()
    if word == "was":
        # `"Certainly," was Mr Shepherd's rejoinder` / `was Helen's contribution`.
        at = _skip_space(text, first.end())
        mention = _mention_at(ctx, at)
        if mention and mention.start - at <= 4 and _REPLY_NOUN.match(text, mention.end, end):
            return mention.character
        return None
    if word == "from":
        # `"Oh, I dare say!" from Mr. Wilcox`: the quote comes from its speaker.
        at = first.end() + 1
        mention = _mention_at(ctx, at) or _mention_at(ctx, _skip_article(text, at))
        return mention.character if mention and mention.start - at <= 4 else None
    if word in lex.speech_verbs:
        # "said Harry" / "said the boy" / "said he"
        after = re.match(r"\s+(?:(?:\w+ly|in|out|on|up|back|again|then|now)\s+)*", text[first.end() : end])
        at = first.end() + (after.end() if after else 0)
        mention = _described_name(ctx, at, end) or _mention_at(ctx, at) or _mention_at(ctx, _skip_article(text, at))
        if mention:
            return _kin_of_named(ctx, mention)
        pron = ctx.pronouns.match(text, at)
        if pron:
            return _answering(ctx, pron.group(1), called, answered) or _with_kin_by(ctx, pron.group(1), q, end) \
                or _pronoun(ctx, pron.group(1), q.start)
        return None
    mention = _described_name(ctx, pos, end) or _mention_at(ctx, pos) or _mention_at(ctx, _skip_article(text, pos))
    pron = ctx.pronouns.match(text, pos)
    heard = _HEARD.match(text, mention.end if mention else pron.end() if pron else pos, end)
    if heard and (mention or pron):
        # '"Is it so very bad?" Mary heard her say': the one heard speaks.
        listener = mention.character if mention else _pronoun(ctx, pron.group(1), q.start)
        said = _mention_at(ctx, heard.start(1))
        if said:
            return said.character
        if heard.group(1).lower() not in ("him", "her"):
            return None
        heard_one = _pronoun(ctx, "he" if heard.group(1).lower() == "him" else "she", q.start, avoid=listener)
        return heard_one if heard_one != listener else None
    if mention and (kin := _KIN_AFTER_NAME.match(text, mention.end)) and _verb_follows(text, kin.end(), end):
        return _kin_of_named(ctx, mention)  # `"...," Emma's father said`
    if mention and _verb_follows(text, mention.end, end):
        return mention.character
    if pron and _verb_follows(text, pron.end(), end, speech_only=False):
        # `"I could." She smiled.`: a sentence of its own after a finished quote is an action,
        # whatever its verb, not a tag (`"I could," she smiled`).
        acting = not _verb_follows(text, pron.end(), end, speech_only=True) or \
            (text[pron.start()].isupper() and _FINISHED.search(text, q.start, q.end) is not None)
        return _answering(ctx, pron.group(1), called, answered) or _with_kin_by(ctx, pron.group(1), q, end) or \
            _pronoun(ctx, pron.group(1), q.start, avoid=answered if acting else None)
    return None


#: "she said, before her father could object": the tag's own mention of the speaker's relative.
_OWN_KIN = re.compile(r"\b(her|his)\s+(father|mother|brother|sister|aunt|uncle|husband|wife|son|daughter|papa|mama)\b",
                      re.IGNORECASE)


def _with_kin_by(ctx: _Ctx, word: str, q: Quote, end: int) -> str | None:
    """"she said, before her father could object": of the women in view, the one whose father
    is in view too, when only one has him there."""
    stop = _SENTENCE_END.search(ctx.text, q.end, end)
    kin = _OWN_KIN.search(ctx.text, q.end, stop.start() if stop else end)
    want = "female" if word.lower() == "she" else "male"
    if not kin or (kin.group(1).lower() == "her") != (want == "female"):
        return None
    noun = _KIN_WORD.get(kin.group(2).lower(), kin.group(2).lower())
    gender = person_noun(noun) or "unknown"
    near = _recent_subjects(ctx, q.start, OTHER_REACH)
    fits = set()
    for cid in near:
        if ctx.gender.get(cid) != want or cid == ctx.narrator:
            continue
        relative = _relative_of(ctx, cid, noun, gender)
        if relative and relative in near:
            fits.add(cid)
    return fits.pop() if len(fits) == 1 else None


#: A quotation that ends its own sentence: `"I could. I shan't."`, not `"I could,"`.
_FINISHED = re.compile(r"[.!?…][\"”'’]*\s*$")


def _pronoun_tags_in_exchanges(ctx: _Ctx, quotes: list[Quote], para_of: list[int], paragraphs: list[tuple[int, int]],
                               how: list[str | None]) -> None:
    """'"We're in Maryland." / "Maryland," she repeated': with the turns now known, "she"
    answering a man is the woman he was answering, unless the narration named another woman
    since or he called someone by name."""
    for i, q in enumerate(quotes):
        if how[i] != "tag" or not i or para_of[i - 1] != para_of[i] - 1 or not quotes[i - 1].speaker:
            continue
        said = ranking.tag_pronoun(ctx.text, q, *paragraphs[para_of[i]])
        if not said or _called_before(ctx, quotes, para_of, i, paragraphs):
            continue
        partner = _partner(ctx, quotes, para_of, i, quotes[i - 1].speaker)
        if partner and partner != q.speaker and ctx.gender.get(partner) == said:
            q.speaker = partner


def _partner(ctx: _Ctx, quotes: list[Quote], para_of: list[int], i: int, answered: str) -> str | None:
    """The one whom the turn just before answered (A in A, B, [A]), while no one else of A's
    gender has been named in the narration since A spoke: then "she said" is A again."""
    turns = _turns_before(quotes, para_of, i, limit=2, scenes=ctx.scene_starts)
    if len(turns) < 2:
        return None
    j = turns[1][1]
    who = quotes[j].speaker
    if not who or who == answered:
        return None
    want = ctx.gender.get(who)
    lo, hi = bisect_left(ctx.name_starts, quotes[j].start), bisect_left(ctx.name_starts, quotes[i].start)
    if any(m.character != who and ctx.gender.get(m.character) == want for m in ctx.names[lo:hi]):
        return None
    return who


#: "heard her say", "heard Dean call": after a tag's subject, the one heard is the speaker.
_HEARD = re.compile(r"\s+(?:\w+ly\s+)?(?:heard|hears|hear|overheard)\s+(him|her|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+"
                    r"(?:\w+ly\s+)?(?:say|says|said|ask|asks|call|calls|whisper|whispers|mutter|mutters|murmur|shout|yell|add)\b")


def _answering(ctx: _Ctx, word: str, called: Collection[str], answered: str | None) -> str | None:
    """The one person of the pronoun's gender the turn before called by name, if any."""
    word = word.lower()
    if word not in ("he", "she") or not called:
        return None
    want = "male" if word == "he" else "female"
    fits = [c for c in called if c != answered and ctx.gender.get(c) == want]
    return fits[0] if len(fits) == 1 else None


#: Lower-case words that may stand between "the" and a name in a speech tag: "the poet Syme",
#: "the chaotic Gregory", "the muffled voice of Kemp" (but not "the sister of Kemp").
_DESCRIBED = re.compile(r"the\s+(?:[a-z-]+\s+){1,3}?(?:(?:voice|tones?|accents?)\s+of\s+)?(?=[A-Z])")


def _described_name(ctx: _Ctx, pos: int, end: int) -> Mention | None:
    """A name the tag's description leads up to: in "said the poet Syme" the speaker is Syme, not
    an unnamed poet."""
    m = _DESCRIBED.match(ctx.text, pos, end)
    if not m:
        return None
    words = m.group().split()[1:]
    if words[-1] == "of":
        words = words[:-2]  # "voice of"
    if not words or any(w in _NOT_VERB or w in ("to", "as", "by", "into", "upon", "than") for w in words):
        return None  # "said the girl to Harry": Harry is spoken to
    k = bisect_left(ctx.name_starts, m.end())
    if k < len(ctx.names) and ctx.names[k].start <= m.end() + 1:
        return ctx.names[k]
    return None


#: Where the clause before a quote begins: a sentence end (not "Mrs. " or "Dr. "), a paragraph, a quote.
_CLAUSE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?;]\s+|\n\s*\n|[”\"]")


#: The last few lower-case words before a quote, with no stop among them.
_MANNER = re.compile(r"(?:[a-z][\w'-]*[\s,]+){1,9}(?:--|—|–)?\s*$")


def _manner_tag(before: str) -> int | None:
    """A speech verb followed by a few words of manner up to the quote ("said in a small and
    quiet voice", "cried out again"): where the verb ends."""
    tail = _MANNER.search(before)
    if not tail:
        return None
    verbs = lexicon().speech_verbs
    ends = [w.end() for w in re.finditer(r"[a-z]+", before[tail.start() :]) if w.group() in verbs]
    return tail.start() + ends[-1] if ends else None


_LEAD_IN = re.compile(r"(\w+)\s*[,:]\s*(?:--|—|–)?\s*$")
_FINISHED_QUOTE = re.compile(r"[.!?…][\"”'’]?\s*$")
#: Narration between two quotes that closes one and opens the next: `Babs said, `.
_BETWEEN = re.compile(r"\s+[^.!?\"“”\n]{1,80}\w\s*[,:]\s*(?:--|—|–)?\s*")


def _led_in_and_on(text: str, quotes: list[Quote], para_of: list[int], i: int, lo: int) -> bool:
    q = quotes[i]
    if i + 1 >= len(quotes) or para_of[i + 1] != para_of[i]:
        return False
    lead = _LEAD_IN.search(text, lo, q.start)
    # A finished sentence ("?"), not the first half of one ('"Mama," said Marianne, "I ...').
    return lead is not None and lead.group(1).lower() in lexicon().speech_verbs \
        and _FINISHED_QUOTE.search(text, q.start, q.end) is not None \
        and _BETWEEN.fullmatch(text, q.end, quotes[i + 1].start) is not None


def _tag_before(ctx: _Ctx, q: Quote, lo: int) -> str | None:
    """`Harry said, "..."` / `Mr. Darcy replied with great intrepidity, "..."`: the clause that
    leads into the quote with a comma or colon names its speaker as its subject."""
    text = ctx.text
    start = max(lo, q.start - 2 * TAG_REACH)
    before = text[start : q.start]
    m = _LEAD_IN.search(before)
    if not m:
        m = re.search(r"(\w+)\s*(?:--|—|–)?\s*$", before)  # `Then Miss Bartlett said "So ..."`
        if not m or m.group(1).lower() not in lexicon().speech_verbs:
            m = None
    # `Syme sprang to his feet and said in a small and quiet voice "..."`
    lead_end = m.end() if m else _manner_tag(before)
    if lead_end is None:
        return None
    ends = [e.end() for e in _CLAUSE_END.finditer(before)]
    clause_start = start + ends[-1] if ends else start
    return _subject(ctx, clause_start, start + lead_end, q.start)


def _beat(ctx: _Ctx, quotes: list[Quote], i: int, p_start: int, p_end: int, answered: str | None = None) -> str | None:
    """The subject of the narration in the quote's paragraph: `Sherlock frowned. "No."`. A
    "he" there, in the paragraph answering `answered`'s, is someone else of that gender if
    anyone is in view: `"You okay?" Scott asked.` then `"Not really." He capped the marker.`"""
    text = ctx.text
    lo = i
    while lo > 0 and quotes[lo - 1].start >= p_start:
        lo -= 1
    hi = i
    while hi + 1 < len(quotes) and quotes[hi + 1].start < p_end:
        hi += 1
    spans = [(q.start, q.end) for q in quotes[lo : hi + 1]]
    pieces, cursor = [], p_start
    for a, b in spans:
        if a > cursor:
            pieces.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < p_end:
        pieces.append((cursor, p_end))
    for a, b in pieces:
        starts = [a] + [m.end() + a for m in _SENTENCE_END.finditer(text[a:b])]
        if b <= quotes[i].start:
            starts.reverse()  # "Mike held the walkie out. Will took it. "...": the one acting last
        for s in starts:
            lead = re.match(r"[\s\"“”'‘’(*_—–-]*", text[s:b])
            pos = s + (lead.end() if lead else 0)
            mention = _mention_at(ctx, pos) or _mention_at(ctx, _skip_article(text, pos))
            if mention and _verb_follows(text, mention.end, b, speech_only=False):
                return mention.character
            pron = ctx.pronouns.match(text, pos, b)
            if pron and _verb_follows(text, pron.end(), b, speech_only=False):
                return _pronoun(ctx, pron.group(1), quotes[i].start, avoid=answered)
            if mention or pron:
                continue
            # "The door swung open and Buffy came in": a thing opens the sentence, a person acts in it.
            stop = _SENTENCE_END.search(text, pos, b)
            for joint in _JOINT.finditer(text, pos, stop.start() if stop else b):
                named = _mention_at(ctx, joint.end())
                if named and named.start - joint.end() <= 1 and _verb_follows(text, named.end, b, speech_only=False):
                    return named.character
    return None


#: Where a second clause with its own subject begins: "The door swung open and Buffy came in".
_JOINT = re.compile(r"(?:,\s*|\s)(?:and|then|and then)\s+")


def _last_subject(ctx: _Ctx, paragraph: tuple[int, int], at: int) -> str | None:
    """The subject of the last sentence of a narration paragraph, if it opens with a name or pronoun."""
    text = ctx.text
    a, b = paragraph
    starts = [a] + [m.end() + a for m in _SENTENCE_END.finditer(text[a:b])]
    for s in reversed(starts):
        if s >= b:
            continue
        lead = re.match(r"[\s\"“”'‘’(*_—–-]*", text[s:b])
        pos = s + (lead.end() if lead else 0)
        mention = _mention_at(ctx, pos) or _mention_at(ctx, _skip_article(text, pos))
        if mention and _verb_follows(text, mention.end, b):
            return mention.character
        pron = ctx.pronouns.match(text, pos, b)
        if pron and _verb_follows(text, pron.end(), b):
            return _pronoun(ctx, pron.group(1), at)
        return _set_talking(ctx, pos, b) or _clause_subject(ctx, pos, b)
    return None


#: A subordinate clause opening a sentence, up to its comma: "Later, when the others had slept,".
_LEAD_CLAUSE = re.compile(r"(?:[A-Z][a-z]+,\s+)?(?:when|while|after|before|as|once|since|until|though|although)\b[^.!?;]*,\s+$")


def _clause_subject(ctx: _Ctx, start: int, end: int) -> str | None:
    """The main clause's subject after a clause that opens the sentence: "Later, when the others
    had rolled into their blankets, Marian found Robin at the edge of the clearing" is Marian's."""
    lo, hi = bisect_left(ctx.name_starts, start), bisect_left(ctx.name_starts, end)
    for m in ctx.names[lo:hi]:
        if not _LEAD_CLAUSE.fullmatch(ctx.text, start, m.start):
            continue
        if ctx.text[m.end : m.end + 2] not in ("'s", "’s") and _verb_follows(ctx.text, m.end, end):
            return m.character
    return None


#: A sentence that ends with someone starting to talk: "and then Miss Bates was in the room, and talking."
_TALKING = re.compile(r"\b(?:talking|speaking|chattering|began|begins|remarked|remarks|exclaimed|exclaims)\W*$")


def _set_talking(ctx: _Ctx, start: int, end: int) -> str | None:
    """The one person named in a last sentence that ends with them talking."""
    if not _TALKING.search(ctx.text, start, end):
        return None
    lo, hi = bisect_left(ctx.name_starts, start), bisect_left(ctx.name_starts, end)
    named = {m.character for m in ctx.names[lo:hi]}
    return next(iter(named)) if len(named) == 1 else None


_PAIRED = re.compile(r"\s*(?:,\s*)?and\s+(?:the\s+)?", re.IGNORECASE)


def _paired_with(ctx: _Ctx, who: str, at: int, reach: int, since: int = 0) -> list[str]:
    """"The Scarecrow and the Tin Woodman walked side by side": whom the narration last named
    together with `who` (after `since`), the one to answer them when nothing else tells."""
    k = bisect_right(ctx.name_starts, at) - 1
    while k > 0 and at - ctx.names[k].start <= reach and ctx.names[k - 1].start >= since:
        a, b = ctx.names[k - 1], ctx.names[k]
        if who in (a.character, b.character) and a.character != b.character and _PAIRED.fullmatch(ctx.text, a.end, b.start):
            return [b.character if a.character == who else a.character]
        k -= 1
    return []


def _recent_subjects(ctx: _Ctx, at: int, reach: int) -> list[str]:
    """Characters named in the narration before `at` within `reach`, latest first, each once."""
    out: list[str] = []
    k = bisect_right(ctx.name_starts, at) - 1
    while k >= 0 and at - ctx.names[k].start <= reach:
        if ctx.names[k].character not in out:
            out.append(ctx.names[k].character)
        k -= 1
    return out


def _recent_subject(ctx: _Ctx, at: int, reach: int = 600) -> str | None:
    """The character most recently named in the narration before `at`, within `reach`."""
    return next(iter(_recent_subjects(ctx, at, reach)), None)


def _turn_taking(quotes: list[Quote], para_of: list[int], how: list[str | None], ctx: _Ctx | None = None,
                 told: Sequence[str | None] = ()) -> None:
    """Untagged quotes in consecutive paragraphs alternate between two speakers; a quote that
    answers one addressed by name ("Merlin, I said fetch Gaius.") or by its tag ("she said
    to me": `told`) is that person's, and a speaker the quote itself addresses by name is the
    other one."""
    for i, q in enumerate(quotes):
        if q.speaker is not None or q.kind != "speech":
            continue
        turns = _turns_before(quotes, para_of, i, scenes=ctx.scene_starts if ctx is not None else ())
        if not turns:
            continue
        if ctx is not None:
            j = turns[0][1]
            turn = [k for k in range(j, i) if para_of[k] == turns[0][0] and quotes[k].kind == "speech"]
            called = [m.character for k in turn for m in _vocatives(ctx, quotes[k]) if m.character != quotes[j].speaker
                      and not _echo(ctx, quotes, para_of, k, m)]
            own = {m.character for m in _vocatives(ctx, q)}
            # Not when the quote talks of a third person ('"He's going to," she told Geralt'): the
            # one talked about may answer instead.
            called = called or [t for k in turn if k < len(told) and (t := told[k]) and t != quotes[j].speaker
                                and t not in own and not _THIRD_PARTY.search(ctx.text, quotes[k].start, quotes[k].end)]
            if len(set(called)) == 1:
                q.speaker, how[i] = called[0], "reply"
                continue
        known = [(d, who) for d, (_, j) in enumerate(turns, start=1) if (who := quotes[j].speaker)]
        if not known:
            continue
        guess = None
        d, who = known[0]
        if d % 2 == 0:
            guess = who  # A, B, [A]: two turns back
        else:
            # The other party of the exchange: the one the narration just named together with the
            # speaker answered ("Dove and Hesper are at it again"), else whoever spoke before.
            other = next(((dd, w) for dd, w in known[1:] if w != who), None)
            # ... named since that one last spoke ("Ada and Tobin were at the counter" before Jory
            # spoke to Ada leaves Jory the one she answers).
            since = quotes[turns[other[0] - 1][1]].end if other else 0
            paired = _paired_with(ctx, who, quotes[turns[0][1]].start, PAIR_REACH, since) if ctx is not None and d == 1 else []
            guess = paired[0] if paired else other[1] if other else None
        if guess and ctx is not None and guess in {m.character for m in _vocatives(ctx, q)}:
            others = [w for _, w in known if w != guess]
            guess = others[0] if others else None
        if guess:
            q.speaker, how[i] = guess, "turn"


#: How the rules decided the speakers they are sure of: tags, beats, the narration just before.
_SURE = frozenset({"tag", "beat", "preceding", "signed"})
#: A paragraph of nothing but the other end of a line talking: "A pause.", "A longer pause.", "Silence."
_PAUSE = re.compile(r"\s*(?:(?:A|Another|There was a)\s+)?(?:(?:long|longer|short|brief|little)\s+)?(?:pause|silence|beat)\.\s*",
                    re.IGNORECASE)
_ON_THE_LINE = re.compile(r"\b(?:phone|dial(?:l)?ed|receiver|voicemail|the line|handset|payphone|rang\b|ringing)", re.IGNORECASE)


def _one_sided_calls(text: str, quotes: list[Quote], how: list[str | None]) -> None:
    """One side of a phone call goes on through the pauses, however the turns went."""
    for i, q in enumerate(quotes):
        if q.kind == "speech" and how[i] not in _SURE and i and quotes[i - 1].speaker and \
                _listening(text, quotes[i - 1].end, q.start):
            q.speaker = quotes[i - 1].speaker


def _listening(text: str, before: int, start: int) -> bool:
    """A quote after a pause on the phone ("Mom? Hi." / A pause. / "No, I'm fine.") goes on
    with the one calling: the other end is only heard by them."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text[before:start])[1:] if p.strip()]  # after the quote's own
    return len(paragraphs) == 1 and bool(_PAUSE.fullmatch(paragraphs[0])) and \
        bool(_ON_THE_LINE.search(text, max(0, before - 800), before))


def _echo(ctx: _Ctx, quotes: list[Quote], para_of: list[int], k: int, m: Mention) -> bool:
    """"How is the new one settling in?" / "Winston?": a name alone, asked back at a question,
    names whom the question was about, not whom the answer is for."""
    if ctx.text[quotes[k].start : quotes[k].end].strip("\"“”'‘’ ?!.,").lower() != ctx.text[m.start : m.end].lower():
        return False
    before = [j for j in range(k) if quotes[j].kind == "speech" and para_of[k] - 2 <= para_of[j] < para_of[k]]
    return bool(before) and ctx.text[quotes[before[-1]].start : quotes[before[-1]].end].rstrip("\"“”'‘’ ").endswith("?")


def _called_later(ctx: _Ctx, quotes: list[Quote], para_of: list[int], i: int, partner: str) -> list[str]:
    """"'That,' said the Doctor. / 'Is that bad?' / ... / 'Come on, Donna.'": whom `partner`
    calls by name in the turns of the exchange after quote i, in the order called."""
    found: list[str] = []
    j, last = i + 1, para_of[i]
    scene = bisect_right(ctx.scene_starts, quotes[i].start)
    while j < len(quotes) and para_of[j] - last <= 2 and bisect_right(ctx.scene_starts, quotes[j].start) == scene:
        if quotes[j].speaker == partner and quotes[j].kind == "speech":
            found += [m.character for m in _vocatives(ctx, quotes[j]) if m.character != partner]
        last = para_of[j]
        j += 1
    return list(dict.fromkeys(found))


def _turns_before(quotes: list[Quote], para_of: list[int], i: int, limit: int = 8,
                  scenes: Sequence[int] = ()) -> list[tuple[int, int]]:
    """The exchange before quote i as (paragraph, first quote index) per turn, latest first; it
    stops where a paragraph of narration or more lies between two turns, or a scene begins
    (`scenes`: where each scene starts)."""
    turns: list[tuple[int, int]] = []
    last_para = para_of[i]
    scene = bisect_right(scenes, quotes[i].start)
    j = i - 1
    while j >= 0 and len(turns) < limit:
        if scenes and bisect_right(scenes, quotes[j].start) != scene:
            break
        if quotes[j].kind != "speech":
            j -= 1
            continue
        para = para_of[j]
        if para == para_of[i]:
            j -= 1
            continue
        if last_para - para > 2:
            break
        first = j
        while first > 0 and para_of[first - 1] == para and quotes[first - 1].kind == "speech":
            first -= 1
        speaker_index = next((k for k in range(first, j + 1) if quotes[k].speaker), first)
        turns.append((para, speaker_index))
        last_para = para
        j = first - 1
    return turns


def _vocatives(ctx: _Ctx, q: Quote) -> list[Mention]:
    found = []
    k = bisect_left(ctx.all_starts, q.start)
    while k < len(ctx.all_names) and ctx.all_names[k].start < q.end:
        if _vocative(ctx.text, ctx.all_names[k], q):
            found.append(ctx.all_names[k])
        k += 1
    return found + _parent_calls(ctx, q)


#: A parent called to their face: "Hey, Mom.", "You will not lose me, father."
_PARENT_CALL = re.compile(rf"\b({_PARENT_WORDS})\b", re.IGNORECASE)


def _parent_calls(ctx: _Ctx, q: Quote) -> list[Mention]:
    """The speaker's mother or father, called by that word, as the one spoken to: the fandom
    file's parent, the one other of the speaker's surname, or the narrator's "my mother"."""
    if not q.speaker or q.speaker.startswith(UNNAMED):
        return []
    found = []
    for match in _PARENT_CALL.finditer(ctx.text, q.start, q.end):
        if match.group(1) in ("ma", "pa"):
            continue  # rarely a call in lower case
        call = Mention(match.start(), match.end(), "", "kin")
        if not _vocative(ctx.text, call, q):
            continue
        who = _parent_of(ctx, q.speaker, match.group(1))
        if not who and ctx.first_person and q.speaker == ctx.narrator:
            noun = _KIN_WORD.get(match.group(1).lower(), match.group(1).lower())
            mine = f"{UNNAMED}my-{noun}"  # "said my mother", whom the story never names
            who = _kin_named(ctx, noun) or (mine if mine in ctx.gender else None)
        if who and who != q.speaker:
            found.append(Mention(call.start, call.end, who, "kin"))
    return found


def _addressees(ctx: _Ctx, quotes: list[Quote], para_of: list[int], told: Sequence[str | None]) -> None:
    """Whom each quote is for: whoever it calls by name, else whom its tag says ("said to
    me"), else the other speaker of the turns around it."""
    for i, q in enumerate(quotes):
        if q.kind == "written":
            continue
        spoken_to = []
        for m in _vocatives(ctx, q):
            if m.character != q.speaker and m.character not in spoken_to:
                spoken_to.append(m.character)
        if q.speaker and q.speaker in spoken_to:
            spoken_to.remove(q.speaker)
        if not spoken_to and told[i] and told[i] != q.speaker:
            spoken_to = [told[i]]
        if not spoken_to and q.speaker and q.kind == "speech":
            near = [quotes[j].speaker for j in (i - 1, i + 1) if 0 <= j < len(quotes) and quotes[j].speaker
                    and quotes[j].kind == "speech" and abs(para_of[j] - para_of[i]) <= 2]
            other = next((s for s in near if s != q.speaker), None)
            if other is None:
                # Two turns of one speaker in a row: to whoever spoke just before them, or just after.
                around = [quotes[j].speaker for j in (*range(i - 2, max(-1, i - 4), -1), *range(i + 2, min(len(quotes), i + 4)))
                          if quotes[j].speaker and quotes[j].kind == "speech" and abs(para_of[j] - para_of[i]) <= 3]
                other = next((s for s in around if s != q.speaker), None)
            if other:
                spoken_to = [other]
        q.addressees = spoken_to
        if q.speaker in spoken_to:
            q.speaker = None


#: Whom a tag says a quote was for: "the lady said to me", "he told her", "asked Harry",
#: "Anne turned to Mary": the word after the verb (and "to"), read by `_told`.
_TOLD = re.compile(r"\b(?:(?P<verb>[a-z]+)(?:\s+\w+ly)?(?:\s+(?:back|again|round|around|over))?\s+to|"
                   r"(?:told|tells|asked|asks|answered|answers|warned|warns|reminded|reminds|assured|assures|"
                   r"informed|informs|promised|promises|begged|begs|urged|urges|implored|implores|bade|bid|"
                   r"thanked|thanks|interrupted|interrupts|corrected|corrects))\s+(?=\S)")
#: Verbs that, followed by "to", point the quote at someone: the speech verbs and these.
_TOWARD = frozenset({"turned", "turns", "turning", "leaned", "leans", "leaning", "bent", "bends", "bending"})
_THIRD_PARTY = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.IGNORECASE)
#: What follows an object "her" (not a possessive "her sister").
_AFTER_OBJECT = re.compile(r"[,.;:!?—–\"”’']|\s+(?:\w+ly|that|to|about|so|and|but|again|not|how|what|why|if|"
                           r"in|with|as|once|then|now|for|whether|nothing|everything|something|anything)\b")


def _narration_around(quotes: list[Quote], para_of: list[int], paragraphs: list[tuple[int, int]],
                      i: int) -> tuple[int, int]:
    """Where the narration that can tag quote i begins and ends: its paragraph, cut at the
    quotes before and after it there."""
    p_start, p_end = paragraphs[para_of[i]]
    lo = quotes[i - 1].end if i and para_of[i - 1] == para_of[i] else p_start
    hi = quotes[i + 1].start if i + 1 < len(quotes) and para_of[i + 1] == para_of[i] else p_end
    return lo, hi


def _told(ctx: _Ctx, quotes: list[Quote], i: int, paragraphs: list[tuple[int, int]], para_of: list[int]) -> str | None:
    """The one a quote's tag or lead-in names as spoken to ("the lady said to me, ignoring
    him": Wren; "Catherine turned to her brother."), whom the next turn of the exchange is
    likely to be from; None when the narration around names no one."""
    q = quotes[i]
    text = ctx.text
    if not q.speaker:
        return None
    lo, hi = _narration_around(quotes, para_of, paragraphs, i)
    after_end = _SENTENCE_END.search(text, q.end, min(hi, q.end + TAG_REACH))
    lead_end = lo + len(text[lo : q.start].rstrip(" \n\"“‘'"))  # the lead-in's last sentence
    regions = [(q.end, after_end.start() if after_end else min(hi, q.end + TAG_REACH))]
    if lead_end > lo:
        regions.append((_sentence_start(text, lead_end - 1, lead_end - 1 - lo), lead_end))
    lex = lexicon()
    for a, b in regions:
        for m in _TOLD.finditer(text, a, b):
            verb = m.group("verb")
            if verb is not None and verb not in lex.speech_verbs and verb not in _TOWARD:
                continue
            who = _spoken_to(ctx, m.end(), b, q.speaker)
            if who and who != q.speaker and not who.startswith(UNNAMED):  # an unnamed "his elder son": left to the rules
                return who
    # 'd'Artagnan laughed, and ... / "You keep looking at the door," Athos observed.': words to
    # "you" opening a paragraph go to the one the narration just before was about.
    p = para_of[i]
    if p and q.start - paragraphs[p][0] <= 2 and (i == 0 or para_of[i - 1] < p - 1) and _YOU.search(text, q.start, q.end):
        who = _first_subject(ctx, paragraphs[p - 1])
        if who and who != q.speaker and not who.startswith(UNNAMED):
            return who
    return None


_YOU = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)


def _first_subject(ctx: _Ctx, paragraph: tuple[int, int]) -> str | None:
    """The one a narration paragraph opens with acting: "d'Artagnan laughed, and ..."."""
    a, b = paragraph
    lead = re.match(r"[\s\"“”'‘’(*_—–-]*", ctx.text[a:b])
    pos = a + (lead.end() if lead else 0)
    mention = _mention_at(ctx, pos)
    if mention and mention.start <= pos + 1 and _verb_follows(ctx.text, mention.end, b):
        return ctx.known_as.get(mention.character, mention.character)
    return None


def _spoken_to(ctx: _Ctx, pos: int, end: int, speaker: str) -> str | None:
    text = ctx.text
    word = _WORD.match(text, pos, end)
    if not word:
        return None
    low = word.group().lower()
    if low == "me":
        return ctx.narrator if ctx.first_person else None
    if low == "you":
        return ctx.you
    if low in ("him", "her"):
        if low == "her" and not _AFTER_OBJECT.match(text, word.end(), end) and word.end() < end:
            mention = _mention_at(ctx, pos)  # "told her sister": whoever "her sister" is
            return ctx.known_as.get(mention.character, mention.character) if mention and mention.start == pos else None
        return _pronoun(ctx, "he" if low == "him" else "she", pos, avoid=speaker)
    mention = _mention_at(ctx, pos) or _mention_at(ctx, _skip_article(text, pos))
    if mention and mention.start - pos <= 4:
        return ctx.known_as.get(mention.character, mention.character)
    return None


#: A sentence opening with "And" or "So" just before a name: "And Petra?"
_AND_THEN = re.compile(r"(?:^|[\"“'‘.!?…]\s*)(?:And|So)$")


def _vocative(text: str, m: Mention, q: Quote) -> bool:
    before = text[q.start : m.start].rstrip()
    after = text[past_honorific(text, m.end, q.end) : q.end].lstrip()
    # At the quote's start or a sentence's inside it ("... out loud. Victor? Are you awake?").
    opening = before == "" or before[-1] in "\"“'‘.!?…" or before.lower().endswith(("oh", "hey", "dear")) \
        or _AND_THEN.search(before) is not None  # "Both of you. And Petra?"
    if opening:
        return after[:1] in (",", "!", "?")
    return before[-1:] == "," and after[:1] in (",", ".", "!", "?", "…", "—", "\"", "”", "’", "")


def _subject(ctx: _Ctx, lo: int, hi: int, at: int) -> str | None:
    """The named or pronoun subject of the clause text[lo:hi] (before a speech verb)."""
    text = ctx.text
    k = bisect_left(ctx.name_starts, lo)
    name = ctx.names[k] if k < len(ctx.names) and ctx.names[k].start < hi else None
    # "When Tony had drunk a little, Dr Messinger explained,": the name the speech verb follows.
    speaks = name is not None and _verb_follows(text, name.end, hi, speech_only=True)
    while k + 1 < len(ctx.names) and ctx.names[k + 1].start < hi:
        k += 1
        if _verb_follows(text, ctx.names[k].end, hi, speech_only=True):
            name, speaks = ctx.names[k], True
    prons = list(ctx.pronouns.finditer(text, lo, hi))
    # "She saw him start, but he said nothing, and she continued": the subject nearest the verb.
    if prons and (name is None or prons[-1].start() > name.end) and re.search(r"\b(?:and|but|then|when|as|while)\s+$", text[lo : prons[-1].start()]):
        return _pronoun(ctx, prons[-1].group(1), at)
    # "She leaned over, patted Arthur on the knee, and said,", "He looked at me with an expression
    # I cannot describe, and said,": the pronoun the clause opens with, not a name or pronoun
    # further on ("made Courfeyrac lean over and whisper,": a bare verb is the name's own).
    opens = prons and not text[lo : prons[0].start()].strip(" \t\n\"“”'‘’*_—–-(")
    if opens and (name is None or (not speaks and prons[0].start() < name.start)) and _finite_verb(text, lo, hi):
        return _pronoun(ctx, prons[0].group(1), at)
    if prons and name is None:
        return _pronoun(ctx, prons[-1].group(1), at)
    if name is not None:
        return name.character
    if prons:
        return _pronoun(ctx, prons[0].group(1), at)
    return None


_PAST_TAGS = frozenset({"said", "told", "spoke", "began", "went", "sang", "swore", "wrote", "bit", "shot", "thought", "broke"})


@lru_cache(maxsize=1)
def _speech_words() -> frozenset[str]:
    return lexicon().speech_verbs | _PAST_TAGS


def _finite_verb(text: str, lo: int, hi: int) -> bool:
    """Whether the clause's last speech verb is "said" or "whispers" rather than a bare "say"."""
    said = _speech_words()
    verbs = [w for w in re.findall(r"[a-z]+", text[lo:hi].lower()) if w in said]
    return bool(verbs) and (verbs[-1] in _PAST_TAGS or verbs[-1].endswith(("ed", "s")))


def _pronoun(ctx: _Ctx, word: str, at: int, avoid: str | None = None) -> str | None:
    word = word.lower()
    if word == "i":
        return ctx.narrator if ctx.first_person else None
    if word == "you":
        return ctx.you
    if word == "they":
        return None
    want = "male" if word == "he" else "female"
    k = bisect_right(ctx.name_starts, at) - 1
    after = ctx.names[k].end if k >= 0 else 0
    if k >= 0 and _object_of(ctx.text, ctx.names[k].start):
        # "The courier looked at Winterbourne ... and then, with a bow,": the last name is only
        # looked at, so a description opening its sentence still stands.
        after = _sentence_start(ctx.text, ctx.names[k].start)
    described = _described_subject(ctx, want, after, at)
    if described:
        return described
    unsure = looked_at = None
    left: set[str] = set()
    while k >= 0 and ctx.names[k].start > at - PRONOUN_REACH:
        m = ctx.names[k]
        if ctx.first_person and m.character == ctx.narrator:
            k -= 1  # the one telling the story is "I", never "he"
            continue
        if m.character in left or (gone := leaves_at(ctx.text, m.end)) is not None and gone <= at:
            left.add(m.character)  # "Josie walked out the door. "Peter, listen," she said": someone still there
            k -= 1
            continue
        if m.character == avoid and _other_of(ctx, want, avoid, k, at):
            k -= 1
            continue
        if ctx.gender.get(m.character) == want:
            # "Sam glanced at Dean. 'Hey,' he said": the one acting, not the one looked at.
            if not _object_of(ctx.text, m.start):
                return _main_subject(ctx, k, want) or m.character
            if _other_subject(ctx, m.start, want):
                return m.character  # "I said to Gatsby ... and he turned": the only man in the sentence
            if looked_at is None:
                looked_at = m.character
            elif m.character != looked_at:
                return looked_at
        if unsure is None and ctx.gender.get(m.character) in (None, "unknown"):
            unsure = m.character
        k -= 1
    if looked_at or unsure:
        return looked_at or unsure
    # A long exchange between two people names neither for pages: "she" is still the last
    # woman named, however far back, rather than anyone nearer of the other sex.
    while k >= 0 and ctx.names[k].start > at - FAR_REACH:
        if ctx.gender.get(ctx.names[k].character) == want:
            return ctx.names[k].character
        k -= 1
    return _described_before(ctx, want, at)


#: A clause inside another: its subject is not what the sentence is about.
_SUBORDINATE = re.compile(r"\b(?:so|such)\b[^.!?;]{1,60}\bthat\s+$|\benough\s+that\s+$", re.IGNORECASE)


def _main_subject(ctx: _Ctx, k: int, want: str) -> str | None:
    """"Elinor was quiet for so long that Marianne thought she would not answer": the name
    opening the sentence, not the one in the clause of what followed from it, when name k is
    there. ("Though Helen disapproved, she knew" and "while Wentworth exclaimed" keep theirs.)"""
    m = ctx.names[k]
    if not _SUBORDINATE.search(ctx.text, max(0, m.start - 80), m.start):
        return None
    lo = _sentence_start(ctx.text, m.start)
    j = bisect_left(ctx.name_starts, lo)
    first = ctx.names[j] if j < k else None
    n = bisect_left(ctx.nominal_starts, lo)
    if n < len(ctx.nominals) and ctx.nominals[n].start < (first.start if first else m.start):
        first = ctx.nominals[n]  # "The captain considered this for long enough that Charles began"
        if first.character.startswith(UNNAMED):
            first = Mention(first.start, first.end, ctx.known_as.get(first.character, first.character), first.kind)
    if first is None or first.character == m.character or ctx.gender.get(first.character) != want:
        return None
    lead = ctx.text[lo : first.start].strip(" \t\n\"“”'‘’")
    return first.character if lead == "" or lead.lower() in ("and", "but", "then") else None


def _described_before(ctx: _Ctx, want: str, at: int) -> str | None:
    """"A girl sat under the oak ... 'What you run for?' she asked": with nobody of that gender
    named, "she" is the person of that gender the story last described."""
    k = bisect_right(ctx.nominal_starts, at) - 1
    while k >= 0 and ctx.nominals[k].start > at - PRONOUN_REACH:
        who = ctx.known_as.get(ctx.nominals[k].character, ctx.nominals[k].character)
        if ctx.gender.get(who) == want:
            return who
        k -= 1
    return None


#: How far back (characters) a description opening a sentence still stands for "she"/"he".
DESCRIBED_REACH = 400


def _described_subject(ctx: _Ctx, want: str, after: int, at: int) -> str | None:
    """"My mother did not stop. She turned the fish. 'Get the door,' she said": a family word or
    a definite description ("The lady in grey stood up") opening a sentence since the last name
    of that gender is who "she" is."""
    k = bisect_right(ctx.nominal_starts, at) - 1
    while k >= 0 and ctx.nominals[k].start >= max(after, at - DESCRIBED_REACH):
        m = ctx.nominals[k]
        if m.character.startswith(UNNAMED):
            owner, _, noun = m.character[len(UNNAMED):].partition("-")
        else:  # "The captain sat.": a role the story gave a named character (Captain Oriel Marr)
            owner, noun = ctx.text[m.start : m.start + 4].lower().rstrip(), ""
        who = ctx.known_as.get(m.character, m.character)
        if (owner in ("my", "his", "her", "our", "their", "your") and noun in lexicon().kinship or owner == "the") and \
                ctx.gender.get(who) == want and _SENTENCE_START.search(ctx.text, max(0, m.start - 4), m.start + 1):
            return who
        k -= 1
    return None


_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"”’']?\s+|\n)[\"“]?\w")
def _other_of(ctx: _Ctx, want: str, avoid: str, k: int, at: int) -> bool:
    """Whether someone of gender `want` other than `avoid` was named in view before name k."""
    while k >= 0 and ctx.names[k].start > at - PRONOUN_REACH:
        # Someone whose sex the story never made plain may be the one meant too (Dove, of a crew).
        if ctx.names[k].character != avoid and ctx.gender.get(ctx.names[k].character, "unknown") in (want, "unknown"):
            return True
        k -= 1
    return False




def _sentence_start(text: str, pos: int, reach: int = 300) -> int:
    """Where the sentence holding `pos` begins, looking back at most `reach` characters."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, pos - reach), pos)]
    return ends[-1] if ends else max(0, pos - reach)


def _other_subject(ctx: _Ctx, start: int, want: str) -> bool:
    """Whether the first person the sentence holding `start` names or means, before `start`, is
    someone who cannot be "he" (or "she"): the narrator's "I", or someone of the other gender."""
    text = ctx.text
    lo = _sentence_start(text, start)
    other = ("she", "her") if want == "male" else ("he", "his", "him")
    word = re.search(r"\b(I|[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b", text[lo:start])
    k = bisect_left(ctx.name_starts, lo)
    name = ctx.names[k] if k < len(ctx.names) and ctx.names[k].start < start else None
    if name is not None and (word is None or name.start < lo + word.start()):
        return ctx.gender.get(name.character) not in (want, None, "unknown")
    if word is None:
        return False
    return (word.group(1) == "I" and ctx.first_person) or word.group(1).lower() in other


def _object_of(text: str, start: int) -> bool:
    """Whether the name at `start` follows a preposition or a verb that takes it as its object."""
    before = re.search(r"\b([a-z]+)\s+$", text[max(0, start - 14) : start])
    return bool(before) and before.group(1) in lexicon().object_before


def _mention_at(ctx: _Ctx, pos: int) -> Mention | None:
    """A character's name starting at `pos`, allowing a title before it ("Mr. Darcy"), or else
    a description of a person starting there ("the old man")."""
    k = bisect_left(ctx.name_starts, pos)
    if k < len(ctx.names) and ctx.names[k].start <= pos + 1:
        return ctx.names[k]
    k = bisect_left(ctx.nominal_starts, pos)
    if k < len(ctx.nominals) and ctx.nominals[k].start <= pos + 1:
        return ctx.nominals[k]
    return None


_NOT_VERB = frozenset({"and", "or", "but", "the", "a", "an", "of", "to", "in", "on", "at", "with", "for", "from", "who", "whose", "which", "that"})


def _verb_follows(text: str, pos: int, end: int, speech_only: bool = False) -> bool:
    m = re.match(r"(?:['’]s\s+\w+\s+)?\s*(?:(?:in|with|at|by|near|beside)\s+(?:the|a|an|her|his|their|my)\s+[a-z-]+\s+)?"
                 r"(?:\w+ly\s+|had\s+|was\s+|did\s+not\s+|could\s+|would\s+|just\s+|only\s+|then\s+|finally\s+|also\s+)?([a-z]+)", text[pos:end])
    if not m:
        return False
    word = m.group(1)
    lex = lexicon()
    if word in lex.speech_verbs:
        return True
    if speech_only:
        return False
    return word not in _NOT_VERB


def _paragraph_index(paragraphs: list[tuple[int, int]], pos: int) -> int:
    return max(0, bisect_right(paragraphs, (pos, float("inf"))) - 1)


def characters_by_id(work: Work) -> dict[str, Character]:
    return {c.id: c for c in work.characters}
