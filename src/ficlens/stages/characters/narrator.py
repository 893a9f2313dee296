"""Who says "I": the first-person narrator's name, from what the story lets slip.

A narrator rarely names themself in narration; others name them when they speak to them
("Watson, come here"), they introduce themself ("my name is ..."), or they sign their letters.
So the narrator is the character named mostly inside other people's speech and hardly ever
in the narration around it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from ficlens.model import Character, Work
from ficlens.stages.characters.lexicon import lexicon
from ficlens.stages.characters.names import past_honorific
from ficlens.stages.regions import within

_INTRO = re.compile(r"\b(?:my name is|my name's|my name’s|my name,|my name was|call me|called me|calls me|named me|i am|i'm|i’m)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?)", re.IGNORECASE)

#: A chat line's sender before its words: "GATSBY (next door): ...".
_SENDER = re.compile(r"\s*[\w .'’()@-]{1,40}:\s")
#: How a letter closes before its writer's name: "Yours,", "Love,", "Your loving son,".
_VALEDICTION = re.compile(r"(?:\byours|\blove|\bsincerely|\bregards|\bcheers|\bxx+|\byour (?:[\w-]+ ){0,3}"
                          r"(?:son|daughter|friend|brother|sister|servant|wife|husband|child|nephew|niece|cousin))\W*$", re.IGNORECASE)
#: Narration turning to the narrator just before a quotation, in the same paragraph.
_TO_ME = re.compile(r"\b(?:to|at|toward|towards) me\b[^\n\"“”]*$")
#: An author's word on whose eyes the story is told through, in the tags or notes around it:
#: "Wendy Darling POV", "Sam's POV", "POV: Sam", "Wendy narrates". Only a name of the cast counts
#: ("POV Outsider", "POV First Person" name no one).
_POV = re.compile(r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}?)(?:['’]s)? (?:POV|P\.O\.V\.?|[Pp]oint of [Vv]iew|narrates|is narrating)\b"
                  r"|\bPOV\s*[:-]?\s*([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})")
#: A full name opening a quotation as a sentence of its own: "Tamsin Vell. I'll take the drinks."
_OWN_NAME = re.compile(r"([A-Z][\w'’-]+ [A-Z][\w'’-]+)\.\s")
#: A tag giving a quotation to someone other than the "I": '" ...," the lady said', '"...," said
#: Holmes', 'she asked, "..."'.
_THIRD_TAG_AFTER = re.compile(r"[,.!?]?[\"”'’]?[ \t]*\n?[ \t]*(?:(?:he|she|they)\s+\w+|(?:the\s+)?[a-z]+\s+\w+|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s+\w+"
                             r"|\w+\s+(?:he|she|they|the|[A-Z]))")
_THIRD_TAG_BEFORE = re.compile(r"\b(?:he|she|they|[A-Z][\w'’-]+)[ \t]+\w+[,:][ \t]*\n?[ \t]*[\"“'‘]?$")


def _said_by_another(text: str, speech: list[tuple[int, int]], starts: list[int], pos: int,
                     letters: set[tuple[int, int]]) -> bool:
    """"My name is Agnes Thorley," the lady said: a visitor naming herself, not the narrator. Only
    a tag in the quotation's own paragraph counts, and a letter has none."""
    k = bisect_right(starts, pos) - 1
    if k < 0 or not speech[k][0] <= pos < speech[k][1] or (speech[k][0], speech[k][1]) in letters:
        return False
    q_start, q_end = speech[k]
    verbs = lexicon().speech_verbs
    after = _THIRD_TAG_AFTER.match(text, q_end, min(len(text), q_end + 60))
    if after and not re.search(r"\bI\b", after.group()) and any(w.lower() in verbs for w in re.findall(r"[\w'’]+", after.group())):
        return True
    before = _THIRD_TAG_BEFORE.search(text, max(0, q_start - 60), q_start + 1)
    return before is not None and any(w.lower() in verbs for w in re.findall(r"[\w'’]+", before.group()))


#: The narrator's own tag after a quotation: "I said", "said I".
_I_TAG = re.compile(r"[,.]?\s*(?:I\s+(?:said|say|told|answered|replied|offered|added)|said\s+I)\b")
#: What the author's word weighs against what the story lets slip.
POV_WEIGHT = 5.0
_CALL = re.compile(r"(?:^|[\"“'‘]\s*)(?:hey|hi|oh|look|listen|wait|okay|ok|please|sorry|thanks|yes|no)[.!]$", re.IGNORECASE)


def find_narrator(work: Work, characters: list[Character]) -> str | None:
    if not characters:
        return None
    text = work.text
    by_alias = {}
    for c in characters:
        for alias in (c.name, *c.aliases):
            by_alias.setdefault(alias, c.id)
            by_alias.setdefault(alias.split()[0], c.id)
    # Letters and messages too: "Dear Kit," in a letter is someone else speaking to the narrator.
    speech = sorted((q.start, q.end) for q in work.quotes if q.kind in ("speech", "written"))
    written = {(q.start, q.end) for q in work.quotes if q.kind == "written"}
    starts = [s for s, _ in speech]
    score: Counter[str] = Counter()
    narrated: Counter[str] = Counter()
    total: Counter[str] = Counter()
    # Chat lines ("GATSBY: He still calls me Jimmy") are their senders speaking, like quotes.
    chats = sorted((seg.start, seg.end) for seg in work.segments if seg.kind == "message")
    for m in work.mentions:
        if m.kind != "name":
            continue
        if text[m.end : m.end + 1] == ":" and within(chats, m.start):
            continue  # "Marnie: kitchen ceiling is leaking": a sender's label, neither narration nor address
        total[m.character] += 1
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and speech[k][0] <= m.start < speech[k][1]:
            q_start, q_end = speech[k]
            before = text[q_start:m.start].rstrip()
            after = text[past_honorific(text, m.end, q_end) : q_end].lstrip()
            # "Wake up, Marisol," or a letter's "Dear Kit,": the one spoken or written to.
            opening = before == "" or before[-1] in "\"“'‘" or before.lower().endswith(("dear", "dearest", "hey", "oh"))
            # "Hey. Santana. Love you.": a greeting of its own, then the name alone.
            called = _CALL.search(before) is not None and after[:1] in (",", ".", "!", "?")
            vocative = called or (after[:1] == "," if opening else before[-1] == "," and after[:1] in (",", ".", "!", "?", "…", "—", "\"", "”", ""))
            if not after and "\n" in before[-40:] or not after.strip(".!\"”'’ ") and _VALEDICTION.search(before):
                continue  # a letter's signature ("Your loving son, Perrin."): the writer, weighed below
            if opening and after[:1] in (".", "!") and _TO_ME.search(text, max(0, q_start - 120), q_start):
                vocative = True  # 'Brisk held it out to me. "Wren. Your eyes are better."'
            score[m.character] += 1.0 if vocative else 0.1
        else:
            narrated[m.character] += 1
    selfnamed: Counter[str] = Counter()
    for match in _INTRO.finditer(text):
        name = match.group(1)
        cid = by_alias.get(name) or by_alias.get(name.split()[0])
        if cid and not _said_by_another(text, speech, starts, match.start(), written):
            score[cid] += 3
            line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
            if not within(speech, match.start()) and not within(chats, match.start()) and not _SENDER.match(line):
                selfnamed[cid] += 1
    for seg in work.segments:
        if seg.kind == "letter":
            tail = text[seg.start : seg.end].rstrip().rsplit("\n", 1)[-1].strip(" ,.-—~")
            cid = by_alias.get(tail) or (tail.split() and by_alias.get(tail.split()[-1]))
            if cid:
                score[cid] += 1.5
    for q_start, q_end in speech:
        # "'Tamsin Vell. I'll take the drinks,' I said": the narrator giving their own full name.
        own = _OWN_NAME.match(text, q_start + 1, q_end)
        if own and _I_TAG.match(text, q_end):
            cid = by_alias.get(own.group(1))
            if cid:
                score[cid] += 3
                selfnamed[cid] += 1
    for cid in _declared_pov(work, by_alias):
        score[cid] += POV_WEIGHT
        selfnamed[cid] += 1
    best, best_score = None, 0.0
    for cid, s in score.items():
        if selfnamed[cid]:
            # "he called me Evan" in the narration: the narrator names themself, whatever else
            # the story does in its third-person chapters.
            adjusted = s
        elif narrated[cid] > max(2, 0.15 * total[cid]):
            continue
        else:
            adjusted = s - 0.3 * narrated[cid]
        if adjusted > best_score:
            best, best_score = cid, adjusted
    return best if best_score >= 0.7 else None


def _declared_pov(work: Work, by_alias: dict[str, str]) -> set[str]:
    """Characters the author's tags or notes say the story is told by."""
    found = set()
    for name in declared_pov_names(work):
        words = name.split()
        # "Wendy Darling POV", "Mostly Wendy POV": the longest run of the cast's names.
        for k in range(len(words)):
            cid = by_alias.get(" ".join(words[k:]))
            if cid:
                found.add(cid)
                break
    return found


def declared_pov_names(work: Work) -> list[str]:
    """The names the author's tags or notes give the one the story is told by, as written."""
    text = work.text
    places = [text[seg.start : seg.end] for seg in work.segments if seg.kind in ("author_note", "summary")]
    places += [tag for tags in work.info.declared_tags.values() for tag in tags]
    return [m.group(1) or m.group(2) for place in places for m in _POV.finditer(place)]
