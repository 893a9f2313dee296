"""The characters stage: who is in the story, by every name they go by, and which fandom it is.

Only the story proper is read: names in author's notes, disclaimers, summaries and song lyrics
are the singers, betas and rights holders around a story, not its cast. The stage finds name
candidates (names.py), groups them into people (aliases.py), keeps the groups the text treats
as persons, matches them to the fandom files (fandom.py), and gives each a gender and its name
mentions. Pronouns are left for the coreference stage.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable

from ficlens.knowledge import CanonCharacter, set_now
from ficlens.model import Character, Entity, Mention, Work
from ficlens.stages import regions
from ficlens.stages.characters import fandom as fandoms
from ficlens.stages.characters.lexicon import first_name_gender, firmly_gendered, lexicon
from ficlens.stages.characters.aliases import Group, display_name, group_names, rejoin_titled_given
from ficlens.stages.characters.names import Candidate, Evidence, find_candidates, gather, is_capitalised, is_initials, lower_counts
from ficlens.stages.characters.narrator import declared_pov_names, find_narrator
from ficlens.stages.quotes import quoted_stretches
from ficlens.stages.regions import within
from ficlens.stages.wordtable import common_word

#: Segment kinds whose names are not the story's characters.
OUTSIDE = (*regions.AUTHOR_KINDS, "lyrics")
#: Mentions capitalised mid-sentence that make an unknown single word a name with no other sign.
MID_SENTENCE_MIN = 1
#: The id of a first-person narrator the story never names.
NARRATOR = "narrator"
#: The id of a second-person story's "you" whom the story never names.
YOU = "you"
#: Pronouns that, after a name, most often stand for it ("him" is usually someone else).
_PRONOUN = re.compile(r"\b(he|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_STOP = re.compile(r"[.!?…]\s|\n")


class CharactersStage:
    name = "characters"
    requires = ("segments", "quotes", "narration")
    assigns = ("characters", "mentions", "tags")
    #: Whether fandom knowledge files may name, merge and gender characters. Benchmarks made of
    #: the canon novels themselves (PDNC, LitBank) turn it off: knowing the book's cast in
    #: advance is not what they measure.
    canon = True

    def __call__(self, work: Work) -> Work:
        text = work.text
        regions = story_regions(work)
        speech = [(q.start, q.end) for q in work.quotes if q.kind == "speech"]
        cands = _fold_accents(_drop_owned(_drop_openers(find_candidates(text, regions, speech), text), text))
        chats = sorted((s.start, s.end) for s in work.segments if s.kind == "message")
        evidence = gather(cands, text)
        _entity_evidence(cands, evidence, work.entities)
        _senders(cands, evidence, text, chats)
        if _cut_places(cands, evidence, text):
            evidence = gather(cands, text)
            _entity_evidence(cands, evidence, work.entities)
            _senders(cands, evidence, text, chats)
        lower = lower_counts(text, set(evidence), chats)
        parts = {p for key in evidence if " " in key for p in key.split()}
        every = cands
        cands = [c for c in cands if _plausible(c.key, evidence[c.key], lower, c.key in parts)]
        cands = _without_place_calls(cands, every)
        words = _quoted_words(cands, evidence, text, speech)
        cands = [c for c in cands if c.key not in words]
        gender_after = _gender_reader(text, cands)
        groups, _ = group_names(cands, gender_after, text)
        groups = [g for g in groups if _is_person(g, cands, evidence, lower)]

        forms = [_form_strings(g, cands) for g in groups]
        notes = " ".join(text[s.start : s.end] for s in work.segments if s.kind in ("author_note", "disclaimer", "summary"))

        def now() -> bool:  # asked only when two fandoms of one cast tie
            return set_now(" ".join(text[a:b] for a, b in regions))

        chosen = fandoms.detect(forms, [len(g.members) for g in groups], notes, now) if self.canon else []
        groups = _apply_canon(groups, forms, chosen, cands, evidence)
        groups = [g for g in groups if g.canonical or not _everyday_word(g, cands, evidence)]
        # "Nekoma", "Trost": the fandom knows them as a school and a town.
        groups = [g for g in groups if g.canonical or not all(_no_one(cands[i], chosen) for i in g.members)]
        if chosen:
            kept_at = {cands[i].start for g in groups for i in g.members}
            groups, cands = _canon_namesakes(groups, chosen, cands, [c for c in every if c.start not in kept_at])
        work.tags.fandoms = [fandoms.fandom_name(slug) for slug in chosen]

        characters, mentions = _build(groups, cands, text, chosen, gender_after)
        work.characters = characters
        work.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        work.tags.characters = [c.canonical or c.name for c in characters if c.mentions >= 2 or c.canonical]
        if work.narration.person == "second":
            # Others name the "you" of the story as they name a first-person narrator: in speech.
            work.narration.you = _teller(work, YOU, "You")
        if work.narration.person == "first":
            work.narration.narrator = _teller(work, NARRATOR, "Narrator")
            _fold_into_narrator(work, work.narration.narrator)
        return work


#: Entity labels that make a capitalised name a place, an organisation or a vehicle, not a
#: person ("Dartmoor", "Starfleet", "the Enterprise"); they weigh as a place does.
NOT_PERSON_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "VEH"})


#: A place word closing a longer phrase: "the police at", "his family in".
_WHERE = frozenset({"at", "in", "near", "from"})


def _entity_evidence(cands: list[Candidate], evidence: dict[str, Evidence], entities: list[Entity]) -> None:
    """What the entity layer (when it ran) says of each name: a place weighs against a person."""
    if not entities:
        return
    spans = sorted((e.start, e.end, e.label) for e in entities)
    starts = [a for a, _, _ in spans]
    for c in cands:
        k = bisect_right(starts, c.start) - 1
        labels = set()
        where = False
        while k >= 0 and c.start - spans[k][0] <= 60:
            a, b, label = spans[k]
            if a <= c.start and c.end == b:  # the name is the place, not its owner ("Darcy's house")
                labels.add(label)
                # "the police at Guildford", "his family in Godalming": where the people are
                where = where or (a < c.start and c.prev in _WHERE)
            k -= 1
        if labels and labels <= NOT_PERSON_LABELS or where:
            # "a gift from Gina" read as a place: a given name of one sex that no gazetteer lists,
            # that acts somewhere in the story ("Gina looked up"), weighs half.
            known = len(c.parts) == 1 and first_name_gender(c.parts[0]) in ("male", "female") and c.key not in lexicon().places \
                and evidence[c.key].person >= 1
            evidence[c.key].place += 0.5 if known and not where else 1


def _teller(work: Work, cid: str, name: str) -> str:
    """Who tells the story ("I") or is told it ("you"): a character even when the story never
    names them."""
    found = find_narrator(work, work.characters)
    if found is None:
        # "Odile Brand POV" in the tags of a story that never names its "I": the author's name for them.
        declared = set(declared_pov_names(work)) if cid == NARRATOR else set()
        if len(declared) == 1 and all(is_capitalised(w) and w.lower() not in lexicon().pov_words for w in next(iter(declared)).split()):
            name = next(iter(declared))
        work.characters.append(Character(id=cid, name=name, gender="unknown"))
        found = cid
    return found


_SALUTED = re.compile(r"[,:]?[ \t]*\n")
#: A name spoken to: after a quotation mark, a comma or "Dear", and before a comma or an end.
_CALLING = re.compile(r"(?:[\"“'‘]|,\s|[Dd]ear\s|^)$")
_CALLED = re.compile(r"[,.!?…—]")
_TITLED_SURNAME = re.compile(r"^([A-Z][a-z]*)\.? (\S+)$")


def _fold_into_narrator(work: Work, narrator: str) -> None:
    """"Miss Marrack", only ever said to someone, in a story told by Isolde Marrack: others
    address the "I" by title and surname, and the narrator's namesakes (a grandmother Wenna
    Marrack) do not make that a third person."""
    me = next((c for c in work.characters if c.id == narrator), None)
    if me is None or " " not in me.name:
        return
    surname = me.name.split()[-1]
    # Said or written to them: quotations, and the letters and messages they are sent.
    speech = sorted([(q.start, q.end) for q in work.quotes if q.kind in ("speech", "written")]
                    + [(s.start, s.end) for s in work.segments if s.kind in ("letter", "message")])
    for other in list(work.characters):
        titled = _TITLED_SURNAME.match(other.name)
        if other is me or other.aliases or not titled or titled.group(2) != surname \
                or other.canonical and me.canonical not in (None, other.canonical):
            continue
        sex = lexicon().titles.get(titled.group(1).lower())
        if titled.group(1).lower() not in lexicon().titles or sex not in (None, "unknown") and me.gender not in (sex, "unknown"):
            continue
        said = [m for m in work.mentions if m.character == other.id]
        # Called so to their face ('"Then I owe you my life, Miss Marrack," he said'), or in a
        # letter's opening line ("To the Keeper of the Light, Miss Marrack,"); "Mrs. March says"
        # in the same mouths is the narrator's mother.
        # A canon name the narrator's own full name never matched ("Mrs. Hudson" for a Martha
        # Hudson who tells the story) need only stay inside what others say.
        if not said or not all(within(speech, m.start) and (other.canonical or _CALLED.match(work.text, m.end) and _CALLING.search(
                work.text, max(0, m.start - 8), m.start)) or _SALUTED.match(work.text, m.end) for m in said):
            continue
        for m in said:
            m.character = me.id
        was = me.name
        if other.canonical and not me.canonical:
            # The fandom file knows her as "Mrs. Hudson": the narrator is that canon character.
            me.aliases = sorted({*me.aliases, me.name} - {other.canonical})
            me.name = me.canonical = other.canonical
        else:
            me.aliases = sorted({*me.aliases, other.name})
        me.mentions += other.mentions
        work.characters.remove(other)
        tagged = [t for t in work.tags.characters if t not in (other.name, was)]
        work.tags.characters = tagged + [me.name]


def _quoted_words(cands: list[Candidate], evidence: dict[str, Evidence], text: str, speech: list[tuple[int, int]]) -> set[str]:
    """Names met once, doing nothing, inside a quotation that is no speech (a title in the
    narration: the chorus of “Paper Boats in April,”, a play called “Love Amongst the Dragons”),
    or an everyday word that is the whole of what is said ("“Tea?” I say")."""
    said = {a for a, _ in speech}
    titles = sorted(span for span in quoted_stretches(text) if span[0] not in said)
    out = set()
    for c in cands:
        e = evidence[c.key]
        if e.count != 1 or e.person > 0:
            continue
        if within(titles, c.start):
            out.add(c.key)
        elif c.start - 1 in said and " " not in c.key and common_word(c.key) and \
                re.fullmatch(r"[?!.,…]*[\"”’']", text[c.end : c.end + 3].split(" ")[0] or "x"):
            out.add(c.key)
    return out


def _senders(cands: list[Candidate], evidence: dict[str, Evidence], text: str, chats: list[tuple[int, int]]) -> None:
    """"Marnie: kitchen ceiling is leaking": the name heading a line of a text exchange sent it."""
    for c in cands:
        if text[c.end : c.end + 1] == ":" and within(chats, c.start) and text[max(0, c.start - 1) : c.start] in ("", "\n"):
            evidence[c.key].person += 1


def _fold_accents(cands: list[Candidate]) -> list[Candidate]:
    """"Haydee" for Haydée, "Dantes" for Dantès: a name written with and without its accents is
    one name, spelt as the story spells it most."""
    spellings: dict[str, Counter[str]] = {}
    for c in cands:
        for p in c.parts:
            spellings.setdefault(_unaccented(p), Counter())[p] += 1
    usual = {k: v.most_common(1)[0][0] for k, v in spellings.items() if len(v) > 1}
    if usual:
        for c in cands:
            c.parts = tuple(usual.get(_unaccented(p), p) for p in c.parts)
    return cands


def _unaccented(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def _cut_places(cands: list[Candidate], evidence: dict[str, Evidence], text: str) -> bool:
    """"But on Margaret Oniton was destined to ...": a name glued to a place the story otherwise
    names as a place ("at Oniton", "to Oniton") ends before it. Only a run said once or twice:
    a name that recurs in full is a name."""
    cut = False
    for c in cands:
        if len(c.parts) < 2 or c.title or evidence[c.key].count > 2:
            continue
        for k in range(1, len(c.parts)):
            place, rest = evidence.get(" ".join(c.parts[k:])), evidence.get(" ".join(c.parts[:k]))
            if place and rest and place.count > evidence[c.key].count and place.place >= 2 and place.place > place.person \
                    and rest.person > rest.place:
                at = text.find(c.parts[k], c.start + len(c.parts[0]), c.end)
                if at > c.start:
                    c.end = c.start + len(text[c.start : at].rstrip())
                    c.next, c.parts = c.parts[k].lower(), c.parts[:k]
                    cut = True
                break
    return cut


#: A name, its possessive and a capitalised word it owns: "Bradley's Big Buy", "Gant's Lock".
_OWNS = re.compile(r"['’]s ([A-Z][a-z]+)")


def _drop_owned(cands: list[Candidate], text: str) -> list[Candidate]:
    """"Bradley's Big Buy", "Zeus's Fist", "Dean's Impala": the capitalised thing a name owns is
    no one, and an owner named only so is no one either; "Gant's Lock" beside "Ottilie Gant" still
    names her, and "Sam's Jess" (a given name) is someone."""
    owners: dict[str, list[int]] = {}
    owned: set[int] = set()
    for k, c in enumerate(cands):
        owns = _OWNS.match(text, c.end) if not c.title else None
        if owns and first_name_gender(owns.group(1)) is None and owns.group(1).lower() not in lexicon().titles:
            owners.setdefault(c.parts[-1], []).append(k)
            owned |= {j for j in range(k + 1, min(k + 3, len(cands)))
                      if cands[j].start == owns.start(1) and not cands[j].title and first_name_gender(cands[j].parts[0]) is None}
    only_owning = {k for word, at in owners.items()
                   if sum(1 for c in cands if word in c.parts) == len(at) for k in at}
    return [c for k, c in enumerate(cands) if k not in owned and k not in only_owning]


def _drop_openers(cands: list[Candidate], text: str) -> list[Candidate]:
    """"Fetch Gaius", "Poor Harry": a sentence's first word glued to a name is a word the story
    also writes in lower case, so it is dropped from the name."""
    vocabulary = {m.group() for m in _LOWER_WORD.finditer(text)}
    # "Shame Sasuke's not here": the rest is a name the story (or a fandom file) uses alone, the
    # opener is an everyday word the story never uses in a name.
    keys = Counter(c.key for c in cands)
    word_uses = Counter(p for c in cands for p in c.parts)
    for c in cands:
        if c.initial and len(c.parts) > 1 and not c.title and (
                c.parts[0].lower() in vocabulary
                or ((keys[" ".join(c.parts[1:])] or fandoms.lookup(" ".join(c.parts[1:]))) and word_uses[c.parts[0]] <= keys[c.key]
                    and first_name_gender(c.parts[0]) is None and common_word(c.parts[0]))):
            cut = text.find(c.parts[1], c.start)
            if cut > 0:
                c.parts, c.start = c.parts[1:], cut
    return cands


_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")


def story_regions(work: Work) -> list[tuple[int, int]]:
    """The story proper without lyrics (a singer's words), and without a title line."""
    out = regions.story_regions(work, OUTSIDE)
    # A short first line with no sentence in it is the story's title ("Spring Cleaning"); a
    # letter's greeting ("Dear Aldo,") is not.
    first = work.text.split("\n", 1)[0]
    if out and out[0][0] == 0 and len(first.split()) <= 10 and not re.search(r"[.!?,\"”]\s*$", first) and "\n" in work.text:
        out[0] = (len(first) + 1, out[0][1])
    return [(a, b) for a, b in regions.without_header_fields(work.text, out) if b > a]


def _without_place_calls(kept: list[Candidate], every: list[Candidate]) -> list[Candidate]:
    """'Shackleford, we've taken a strike': a place called over the radio by the first word of
    its name ("Shackleford Yard") is no one, when only ever said inside quotations."""
    heads = lexicon().place_heads
    kept_keys = {c.key for c in kept}
    places = {c.parts[0] for c in every if len(c.parts) == 2 and c.parts[1].lower() in heads and c.key not in kept_keys}
    quoted_only = {k for k in places if all(c.in_quote for c in kept if c.key == k)}
    return [c for c in kept if c.key not in quoted_only]


def _plausible(key: str, ev: Evidence, lower: Counter[str], part_of_name: bool = False) -> bool:
    if " " not in key and key.lower() in lexicon().titles and ev.after_the * 2 <= ev.count:
        return False  # "Doctor" alone is a form of address; "the Doctor" may be a name
    if " " not in key and lower.get(key.lower(), 0) and ev.mid == 0 and not part_of_name:
        return False  # capitalised only where a sentence starts, lower case elsewhere
    if len(key) == 1:
        return False
    if " " not in key and ev.mid == 0 and not ev.titles and key.endswith("ing") and common_word(key) \
            and first_name_gender(key) is None and not fandoms.lookup(key):
        return False  # "Giggling at some joke, Powder fired": a participle opening the sentence
    if ev.after_the * 2 > ev.count and not ev.titles:
        # "the Ministry", "the Thames" are not people; "said the King" twice over is someone.
        spoken = ev.spoken >= 2 or (ev.spoken and ev.person >= 2)
        # A stray place reading ("the Pigeon" once tagged a place) does not outweigh many deeds;
        # for a family ("the Hilberys") it still does.
        few_places = ev.place == 0 or (ev.place * 3 <= ev.person and not key.endswith("s"))
        return bool(fandoms.lookup("the " + key)) or (spoken and few_places)
    return part_of_name or not (ev.place > ev.person + 0.5) or _courtesy_titled(ev)


#: Titles only a person takes: "Mrs. Hill" twice over is the housekeeper, whatever hills the
#: bare word names ("Hill" opens no place here).
_COURTESY = frozenset({"mr", "mrs", "miss", "ms", "mister", "missus"})


def _courtesy_titled(ev: Evidence) -> bool:
    # "the Miss Dashwoods" are sisters, a group, not one person.
    return sum(n for t, n in ev.titles.items() if t in _COURTESY) >= 2 and not ev.after_the


#: How much a real person ("Lord Byron") must act or speak in a story to be one of its characters.
REAL_PERSON_ACTS = 2.0


def _is_person(group: Group, cands: list[Candidate], evidence: dict[str, Evidence], lower: Counter[str] | None = None) -> bool:
    keys = {cands[i].key for i in group.members}
    person = sum(evidence[k].person for k in keys)
    place = sum(evidence[k].place for k in keys)
    acts = person - sum(sum(evidence[k].titles.values()) for k in keys)  # "Sir Walter" is no deed
    # With its title as the lists write it: "Mrs. Radcliffe", "Dr. Pepper".
    named = keys | {f"{cands[i].title.capitalize()}. {cands[i].key}" for i in group.members if cands[i].title}
    if acts < REAL_PERSON_ACTS and named & (lexicon().real_people | lexicon().things):
        return False  # "Sinatra on the radio", "a volume of Byron", "a can of Dr Pepper": not a character
    if place > person + 0.5 and not any(_courtesy_titled(evidence[k]) for k in keys):
        return False
    if person < 1 and all(is_initials(k) for k in keys):
        return False  # "MJ said" is someone; "FBI" or a shout with nothing else is not
    if person >= 1:
        return True
    common = sum(evidence[k].common for k in keys)
    if common:
        return False  # "my Jeep", "three Gryffindors": a thing or a kind, with nothing to say otherwise
    mid = sum(evidence[k].mid - evidence[k].after_the for k in keys)
    in_lower = lower is not None and any(lower.get(k.lower(), 0) for k in keys if " " not in k)
    if mid >= MID_SENTENCE_MIN and place == 0 and not in_lower and all(" " not in k for k in keys):
        return True  # capitalised mid-sentence, never lower case, never "a X": a proper name
    # No verb, title or address: a known given name or a canon alias still makes a person (see
    # `_everyday_word` for an alias of some other fandom's).
    if any(first_name_gender(f[0]) is not None for f in group.forms) or any(fandoms.lookup(k) for k in keys):
        return True
    mentions = sum(evidence[k].count for k in keys)
    # Once, opening a sentence, with nothing to say it is a person: only a run of names will do.
    return mentions == 1 and any(" " in k for k in keys) and not any(lexicon().not_names & set(k.lower().split()) for k in keys)


def _everyday_word(group: Group, cands: list[Candidate], evidence: dict[str, Evidence]) -> bool:
    """An everyday word met once, opening a sentence, that is no given name and does nothing
    ("Care of Thomson and French", "Buttons, in jars"): no one, unless the story's own fandom
    knows it ("Hook's gone" in Peter Pan); that some other fandom calls someone Care is not enough."""
    keys = {cands[i].key for i in group.members}
    return all(" " not in k and evidence[k].count == 1 and evidence[k].mid == 0 and evidence[k].person < 1
               and common_word(k) and first_name_gender(k) is None for k in keys)


def _form_strings(group: Group, cands: list[Candidate]) -> list[str]:
    out = set()
    for i in group.members:
        c = cands[i]
        out.add(c.key)
        if c.title:
            title = c.title.capitalize()
            out.update({f"{title}. {c.key}", f"{title} {c.key}"})
        if c.after_the:
            out.add(f"the {c.key}")
    return sorted(out)


def _apply_canon(groups: list[Group], forms: list[list[str]], chosen: list[str], cands: list[Candidate],
                 evidence: dict[str, Evidence]) -> list[Group]:
    """Name each group by its canon character, and merge groups that are one canon character."""
    by_canon: dict[str, Group] = {}
    kept: list[Group] = []
    extra: list[Group] = []
    for group, group_forms in zip(groups, forms):
        canon = fandoms.canon_for(group_forms, chosen) if chosen else None
        if canon is None:
            if _role_name(group, cands) and not any(evidence[cands[i].key].spoken for i in group.members):
                continue  # "the Doctor" outside Doctor Who is a job, unless "said the Doctor" makes it someone
            kept.append(group)
            continue
        group.canonical = canon.name
        for stray in _strays(group, canon, chosen, cands):
            extra.append(stray)
        if canon.name in by_canon:
            home = by_canon[canon.name]
            home.absorb(group)
            continue
        by_canon[canon.name] = group
        kept.append(group)
    for stray in extra:
        home = by_canon.get(stray.canonical or "")
        if home is None:
            by_canon[stray.canonical or ""] = stray
            kept.append(stray)
        else:
            home.absorb(stray)
    return rejoin_titled_given(kept, cands) if extra else kept


def _no_one(c: Candidate, chosen: list[str]) -> bool:
    """Whether the fandom file lists this name, with its title if it has one ("Dr. Sexy"), as no one."""
    titled = f"{c.title.capitalize()}. {c.key}" if c.title else None
    return fandoms.no_one(c.key, chosen) or bool(titled and fandoms.no_one(titled, chosen))


def _canon_namesakes(groups: list[Group], chosen: list[str], cands: list[Candidate],
                     dropped: list[Candidate]) -> tuple[list[Group], list[Candidate]]:
    """Occurrences of a name the text alone took for a place or a thing ("Brittany", "Sydney",
    "Chelsea") or found too little of ("Sam was up in Sioux Falls", "told Katara"), given back to
    the canon character of the story's fandom that the name is: to the one the story already has
    under another form ("Britt"), or as a character of their own when the name comes twice and
    once mid-sentence. Never after a word that makes it a place ("in Brittany")."""
    by_canon = {g.canonical: g for g in groups if g.canonical}
    if not dropped:
        return groups, cands
    cands = list(cands)
    place_words = lexicon().place_before | lexicon().weak_place_before
    absent: dict[str, list[Candidate]] = {}
    for c in dropped:
        owners = {ch.name for slug, ch in fandoms.lookup(c.key) if slug in chosen}
        if len(owners) != 1 or c.prev in place_words:  # "in Brittany", "to Paris"
            continue
        owner = next(iter(owners))
        if owner not in by_canon:
            absent.setdefault(owner, []).append(c)
            continue
        _join(by_canon[owner], c, cands)
    groups = list(groups)
    for owner, found in absent.items():
        if len(found) >= ABSENT_CANON_MIN and any(c.prev and not c.initial for c in found):
            group = Group(canonical=owner)
            for c in found:
                _join(group, c, cands)
            groups.append(group)
    return groups, cands


#: Times a canon name the text alone doubted must come for its character to be in the story.
ABSENT_CANON_MIN = 2


def _join(group: Group, c: Candidate, cands: list[Candidate]) -> None:
    group.members.append(len(cands))
    group.forms[c.parts] += 1
    if c.title:
        group.titles[c.title] += 1
    cands.append(c)


def _strays(group: Group, canon: CanonCharacter, chosen: list[str], cands: list[Candidate]) -> list[Group]:
    """Single names a group took in as a nickname, a shared surname or the nearer of two people
    ("Kitty" or "Lady Catherine" for Kitty Bennet's namesake, "Wickham" for Lydia Wickham), which
    the fandom file gives to another character alone (Kitty Bennet, Lady Catherine de Bourgh,
    George Wickham): moved out to that character, unless the file gives them to this one too."""
    own = {a.casefold() for a in (canon.name, *canon.aliases)}
    by_surface: dict[str, list[int]] = {}
    for i in group.members:
        c = cands[i]
        if len(c.parts) == 1:
            surface = f"{c.title.capitalize()} {c.parts[0]}" if c.title else c.parts[0]
            by_surface.setdefault(surface, []).append(i)
    out = []
    for surface, moved in by_surface.items():
        if surface.casefold() in own or surface.split()[-1].casefold() in own:
            continue
        names = {c.name for slug, c in fandoms.lookup(surface) if slug in chosen}
        if len(names) != 1 or canon.name in names:
            continue
        stray = Group(canonical=names.pop())
        stray.members = moved
        for i in moved:
            stray.forms[cands[i].parts] += 1
            group.forms[cands[i].parts] -= 1
            if cands[i].title:
                stray.titles[cands[i].title] += 1
                group.titles[cands[i].title] -= 1
        group.members = [i for i in group.members if i not in set(moved)]
        group.forms, group.titles = +group.forms, +group.titles  # drop what no mention uses any more
        out.append(stray)
    return out


def _role_name(group: Group, cands: list[Candidate]) -> bool:
    """Only ever "the X": a role the story uses as a name ("the King", "the Professor")."""
    return all(cands[i].after_the for i in group.members)


def _mostly_after_the(group: Group, cands: list[Candidate]) -> bool:
    return 2 * sum(cands[i].after_the for i in group.members) > len(group.members)


def _canon_gender(name: str, chosen: list[str]) -> str | None:
    for slug, char in fandoms.lookup(name):
        if slug in chosen and char.name == name and char.gender != "unknown":
            return char.gender
    return None


def _build(groups: list[Group], cands: list[Candidate], text: str, chosen_slugs: list[str],
           gender_after: Callable[[Candidate], str | None]) -> tuple[list[Character], list[Mention]]:
    ordered = sorted(groups, key=lambda g: (-len(g.members), min(cands[i].start for i in g.members)))
    characters, mentions, used = [], [], set()
    for group in ordered:
        name = group.canonical or display_name(group)
        if not group.canonical and _mostly_after_the(group, cands) and \
                any(name.endswith(cands[i].key) for i in group.members if cands[i].after_the and not cands[i].title):
            name = "The " + name  # "the President", now and then "President" alone
        cid = _slug(name, used)
        members = sorted(group.members, key=lambda i: cands[i].start)
        aliases = sorted({_surface(cands[i], text) for i in members} - {name})
        gender = (group.canonical and _canon_gender(group.canonical, chosen_slugs)) or _gender(group, members, cands, gender_after)
        characters.append(Character(id=cid, name=name, aliases=aliases, gender=gender, mentions=len(members), canonical=group.canonical))
        mentions += [Mention(cands[i].start, cands[i].end, cid, "name") for i in members]
    return characters, mentions


def _gender_reader(text: str, cands: list[Candidate]):  # type: ignore[no-untyped-def]
    """The gender a mention's own clause or the next subject gives it, up to the next name."""
    starts = sorted(c.start for c in cands)

    def read(c: Candidate) -> str | None:
        k = bisect_right(starts, c.start)
        limit = min(len(text), c.end + 200, starts[k] if k < len(starts) else len(text))
        return _pronoun_after(text, c.end, limit)
    return read


def _surface(c: Candidate, text: str) -> str:
    return " ".join(text[c.start : c.end].split())


def _gender(group: Group, members: list[int], cands: list[Candidate], gender_after: Callable[[Candidate], str | None]) -> str:
    """The title, then the pronouns that follow the name in narration, then the given name."""

    votes: Counter[str] = Counter()
    for i in members:
        c = cands[i]
        if c.in_quote:
            continue
        vote = gender_after(c)
        if vote:
            votes[vote] += 1
    titled = group.title_gender()
    if titled:
        return titled
    total = sum(votes.values())
    named = group.name_gender()
    if total:
        top, n = votes.most_common(1)[0]
        # The pronoun reader is noisy (the next "she" may be someone else's): a clear majority
        # decides, and a name nearly always of the other sex ("Robert") yields only to many.
        clear = n >= 0.7 * total or total >= 6 and n >= 2 * (total - n)
        against_name = named is not None and top != named and _firm_name(group)
        if clear and (total >= 2 or not named) and (not against_name or n >= GENDER_OVER_NAME):
            return top
    return named or "unknown"


#: Pronoun votes it takes to give someone a gender their given name firmly denies.
GENDER_OVER_NAME = 5


def _firm_name(group: Group) -> bool:
    return any(firmly_gendered(f) for f in group.given_names())


_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:until|because|when|while|as|before|after|though|although|if|since|so)\b")
_SUBJECT_PRONOUN = re.compile(
    r"(?:^|[.!?…]\s+|,\s+|\b(?:and|but|then)\s+)[\"“]?(he|she)\b", re.IGNORECASE)
_OWN_PRONOUN = re.compile(r"\b(his|her|hers|himself|herself)\b", re.IGNORECASE)


_NEXT_WORD = re.compile(r" ([A-Za-z]+)")
#: Words after "her" that show it is an object ("beside her and began"), not an owner ("her hat").
_NOT_NOUNS = frozenset({"and", "or", "but", "as", "to", "for", "with", "in", "on", "at", "from", "up", "down", "out", "off",
                        "away", "back", "again", "then", "so", "that", "if", "when", "while", "too", "now", "by", "into"})


def _pronoun_after(text: str, start: int, limit: int) -> str | None:
    """The gender a name's own clause or the next subject gives it: "Donna folded her arms",
    "Hermione waited, and she ..."; an object ("glared at him") is someone else."""
    stop = _STOP.search(text, start, limit)
    sentence_end = stop.start() if stop else limit
    clause = _CLAUSE_BREAK.search(text, start, sentence_end)
    for own in _OWN_PRONOUN.finditer(text, start, clause.start() if clause else sentence_end):
        before = text[max(start, own.start() - 12) : own.start()].split()
        word = own.group(1).lower()
        following = _NEXT_WORD.match(text, own.end())
        # "beamed at her", "knelt down beside her and": someone else; "sat back on his heels",
        # "on her knees": a possession, the name's own.
        possessive = word == "his" or word == "her" and following is not None and following.group(1).lower() not in _NOT_NOUNS
        if before and before[-1].lower() in lexicon().prepositions and not possessive or (word == "her" and following is None):
            continue
        return "female" if own.group(1).lower().startswith("her") else "male"
    nxt = _STOP.search(text, stop.end(), limit) if stop else None
    window = text[start : nxt.start() if nxt else limit]
    subject = _SUBJECT_PRONOUN.search(window)
    if subject:
        return "female" if subject.group(1).lower() == "she" else "male"
    return None


def _slug(name: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "character"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug
