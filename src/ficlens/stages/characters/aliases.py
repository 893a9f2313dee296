"""Alias merging: the name strings of a story grouped into people.

Full names anchor the groups ("Harry James Potter" and "Harry Potter" are one). A bare given
name or surname joins the one full name it fits; a surname two full names share ("Potter" for
Harry and Lily) is resolved mention by mention to the nearer of them, never by merging the two.
A title carries gender, so "Mr. Bennet" does not join "Elizabeth Bennet". Nicknames come from the
`nicknames` package ("Lizzy" joins "Elizabeth"), and a rare spelling one letter away from a
frequent name is a typo of it ("Hermoine").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from ficlens.stages.characters.lexicon import first_name_gender, lexicon, name_forms
from ficlens.stages.characters.names import Candidate


@dataclass(eq=False)
class Group:
    """One person: the name forms that refer to them and their mentions (candidate indexes)."""

    forms: Counter[tuple[str, ...]] = field(default_factory=Counter)
    titles: Counter[str] = field(default_factory=Counter)
    members: list[int] = field(default_factory=list)
    canonical: str | None = None
    married: set[tuple[str, ...]] = field(default_factory=set)  # "Lydia Wickham": her husband's name

    def absorb(self, other: "Group") -> None:
        """Take in another group found to be the same person: its mentions, forms and titles."""
        self.members += other.members
        self.forms.update(other.forms)
        self.titles.update(other.titles)
        self.married |= other.married

    @property
    def multi(self) -> list[tuple[str, ...]]:
        return [f for f in self.forms if len(f) > 1]

    def title_gender(self) -> str | None:
        """The gender most of the person's gendered titles agree on, if they clearly agree."""
        lex = lexicon()
        votes: Counter[str] = Counter()
        for t, n in self.titles.items():
            if g := lex.titles.get(t):
                votes[g] += n
        if not votes:
            return None
        top, n = votes.most_common(1)[0]
        return top if n >= 0.8 * sum(votes.values()) else None

    def given_names(self) -> list[str]:
        """The first words of the full names, or of the bare names when untitled."""
        return [f[0] for f in self.multi] or [f[0] for f in self.forms if not self.titles]

    def one_word_name(self) -> str | None:
        """The single untitled one-word name the person is known by, if that is all they are."""
        words = {f[0] for f in self.forms}
        return next(iter(words)) if len(words) == 1 and all(len(f) == 1 for f in self.forms) and not self.titles else None

    def name_gender(self) -> str | None:
        for first in self.given_names():
            g = first_name_gender(first)
            if g in ("male", "female"):
                return g
        return None

    def gender_hint(self) -> str | None:
        return self.title_gender() or self.name_gender()


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


#: Titles that tell people of one surname apart: Mrs. Bennet, Miss Bennet and Mr. Bennet are three.
TITLE_CLASS = {"mr": "mr", "mister": "mr", "mrs": "mrs", "missus": "mrs", "miss": "miss", "ms": "miss", "lady": "lady", "sir": "sir"}


def _form_key(c: Candidate, men: frozenset[tuple[str, ...]] = frozenset()) -> tuple[tuple[str, ...], str | None]:
    """A bare titled surname keeps its title's class: "Mr. Bennet" and "Mrs. Bennet" differ.
    `men`: full names the story uses without a woman's title."""
    if c.title and len(c.parts) == 1:
        return c.parts, TITLE_CLASS.get(c.title) or lexicon().titles.get(c.title) or "any"
    if c.title and TITLE_CLASS.get(c.title) == "mrs" and (
            first_name_gender(c.parts[0]) == "male" or (c.parts in men and first_name_gender(c.parts[0]) != "female")):
        return c.parts, "wife"  # "Mrs Charles Musgrove", "Mrs. Newland Archer": his wife, not him
    return c.parts, None


def _title_gender(title_class: str) -> str | None:
    known = {"mr": "male", "sir": "male", "mrs": "female", "miss": "female", "lady": "female", "any": None}
    return known[title_class] if title_class in known else title_class


def _titles_agree(title_class: str, group: "Group") -> bool:
    """A titled surname joins a full name only if that person is not known by another title."""
    classes = {TITLE_CLASS.get(t) for t in group.titles} - {None}
    if title_class in ("mrs", "lady"):
        return title_class in classes  # a Mrs. or Lady Otway shares her surname with her daughters
    return not classes or title_class in classes or title_class not in TITLE_CLASS.values()


def group_names(cands: list[Candidate], gender_after: Callable[[Candidate], str | None] | None = None,
                text: str = "") -> tuple[list[Group], dict[int, Group]]:
    """Group candidates into people; returns the groups and each candidate's group.
    `gender_after` tells the gender the text gives a mention ("Archer paused; he ..."), which
    decides between two people of one surname before nearness does; `text` tells whether two
    names in quotations stand in the same one.

    Every lookup goes through an index by name part, so the cost grows with the number of
    mentions, not with mentions times people."""
    by_form: dict[tuple[tuple[str, ...], str | None], list[int]] = {}
    men = frozenset(c.parts for c in cands if len(c.parts) > 1 and lexicon().titles.get(c.title or "") != "female")
    for i, c in enumerate(cands):
        by_form.setdefault(_form_key(c, men), []).append(i)

    groups: list[Group] = []
    by_last: dict[str, list[Group]] = {}  # surname of a full name, or a titled bare name -> people
    by_first: dict[str, list[Group]] = {}  # given name of a full name -> people

    def index(group: Group, form: tuple[str, ...], titled: bool) -> None:
        if len(form) > 1 or titled:
            if group not in by_last.setdefault(form[-1], []):
                by_last[form[-1]].append(group)
        if len(form) > 1 and group not in by_first.setdefault(form[0], []):
            by_first[form[0]].append(group)

    def add(form_key, group: Group) -> None:  # type: ignore[no-untyped-def]
        for i in by_form[form_key]:
            group.members.append(i)
            group.forms[cands[i].parts] += 1
            if cands[i].title:
                group.titles[cands[i].title] += 1
        if form_key[1] == "wife":
            group.titles["wife"] += 0
        index(group, form_key[0], form_key[1] is not None)

    # Full names, longest first: "Harry James Potter" founds a group "Harry Potter" joins.
    multi = sorted((k for k in by_form if len(k[0]) > 1), key=lambda k: (-len(k[0]), -len(by_form[k])))
    # "J. H." under a note: the one person named in full with those initials, once all are known.
    initials = [k for k in multi if all(len(p) == 1 for p in k[0])]
    multi = [k for k in multi if k not in initials]
    for key in multi:
        parts = key[0]
        home = None if key[1] == "wife" else next(
            (g for g in by_last.get(parts[-1], []) if "wife" not in g.titles
             and any(f[-1] == parts[-1] and _same_given(f[0], parts[0]) for f in g.multi)), None)
        if home is None:
            home = Group()
            groups.append(home)
        add(key, home)
    for key in initials:
        owners = [g for g in groups if any(len(f) == len(key[0]) and all(a[:1] == b for a, b in zip(f, key[0])) for f in g.multi)]
        if len(owners) == 1:
            home = owners[0]
        else:
            home = Group()
            groups.append(home)
        add(key, home)
    groups = _side_by_side(groups, cands)
    by_last, by_first = {}, {}
    for g in groups:
        for form in g.multi:
            if form not in g.married:
                index(g, form, False)

    # Given names of the people named in full, for titles before a given name and nicknames.
    by_given: dict[str, list[Group]] = {}
    by_prefix: dict[str, list[Group]] = {}
    for g in groups:
        given = _given(g)
        if given:
            by_given.setdefault(given.lower(), []).append(g)
            by_prefix.setdefault(given[:2].lower(), []).append(g)

    by_given_names = {_given(g) for g in groups}

    def nickname_fits(word: str) -> list[Group]:
        fits = [g for form in name_forms(word) for g in by_given.get(form, [])]
        fits += [g for g in by_prefix.get(word[:2].lower(), []) if _diminutive(word, _given(g) or "")]
        return list(dict.fromkeys(fits))

    bare_at: dict[str, list[Candidate]] = {}  # an untitled one-word name -> where it stands
    for c in cands:
        if len(c.parts) == 1 and not c.title:
            bare_at.setdefault(c.parts[0], []).append(c)
    singles = sorted((k for k in by_form if len(k[0]) == 1), key=lambda k: (k[1] is None, -len(by_form[k])))
    titled_given = {(k[1], k[0][0]) for k in singles if k[1] in ("mr", "miss") and k[0][0] in by_given_names}
    ambiguous: dict[tuple[tuple[str, ...], str | None], list[Group]] = {}
    for key in singles:
        (word,), title_gender = key
        if title_gender is not None:
            # "Mr. Darcy": the one full name with that surname and a compatible gender.
            gender = _title_gender(title_gender)
            fits = [g for g in by_last.get(word, []) if g.multi and any(f[-1] == word for f in g.multi)
                    and _compatible(gender, g.gender_hint()) and _titles_agree(title_gender, g)]
            fits = [g for g in fits if gender != "female" or len(fits) == 1]
            # "Mr. John Knightley", called so throughout, is named to tell him from Mr. Knightley.
            fits = [g for g in fits if not _titled_in_full(g, title_gender, cands)]
            # "Aunt March" is the girls' aunt, not a March girl: only someone called Aunt already.
            elders = _titles_of(by_form[key], cands) & lexicon().elder_titles
            fits = [g for g in fits if not elders or elders & set(g.titles)]
            # "Mr. Charles" is a son, so "Mr. Wilcox" is his father, whom the story may never name in
            # full; "Miss Elizabeth" is a younger sister, so "Miss Bennet" is the eldest.
            # "Mr. Emerson" said within a line of "George" again and again is George Emerson's father.
            fits = [g for g in fits if not _beside_given(by_form[key], _given(g), bare_at, cands, text)]
            juniors = [g for g in fits if (title_gender, _given(g)) in titled_given]
            fits = [] if juniors and title_gender == "mr" else [g for g in fits if g not in juniors]
            if len(fits) > 1:  # "Captain Wentworth": the Wentworth ever called Captain, not his brother
                titles = _titles_of(by_form[key], cands)
                fits = [g for g in fits if titles & set(g.titles)] or fits
            if not fits and any(t in lexicon().given_titles for t in _titles_of(by_form[key], cands)):
                # "Miss Catherine", "Sir William": a title before the given name.
                candidates = by_given.get(word.lower(), []) + nickname_fits(word)
                fits = list(dict.fromkeys(g for g in candidates if _same_given(_given(g) or "", word)
                                          and _compatible(gender, g.gender_hint()) and _titles_agree(title_gender, g)))
            home = fits[0] if len(fits) == 1 else None
        else:
            firsts = [g for g in by_first.get(word, []) if "wife" not in g.titles]
            # "Fitzwilliam": Darcy's given name, and Colonel Fitzwilliam's surname.
            lasts = [g for g in by_last.get(word, []) if g not in firsts and not g.multi and not _his_wife(word, g)]
            if len(firsts) == 1 and not lasts:
                home = firsts[0]
            elif firsts and (lasts or len(firsts) > 1):
                ambiguous[key] = firsts + lasts
                continue
            else:
                lasts = by_last.get(word, [])
                if len(lasts) == 1 and _ladylike(lasts[0]) and not lasts[0].multi and first_name_gender(word) is None:
                    # "Braddocks said" beside "Mrs. Braddocks": a bare surname in the narration
                    # is her husband's, unless the text makes it hers ("Braddocks ... she").
                    his = [i for i in by_form[key] if _a_mans(cands[i], gender_after)]
                    husband = Group() if len(his) >= 2 else None
                    for i in by_form[key]:
                        _put(husband if husband is not None and i in his else lasts[0], i, cands)
                    if husband is not None:
                        groups.append(husband)
                    continue
                if len(lasts) == 1:
                    home = lasts[0]
                elif len(lasts) > 1:
                    ambiguous[key] = list(lasts)
                    continue
                else:
                    # "Kitty" is not Lady Catherine: someone whose given name nearly always
                    # comes with a title is not also called by a pet form of it.
                    fits = [g for g in nickname_fits(word) if not _formal(g, cands)]
                    home = fits[0] if len(fits) == 1 else None
        if home is None:
            home = Group()
            groups.append(home)
        add(key, home)

    # A shared surname or given name goes, mention by mention, to the nearest group before it.
    firsts_of = {g.multi[0][0] for g in groups if g.multi}
    for key, options in ambiguous.items():
        if not key[0][0] in {g.multi[0][0] for g in options if g.multi}:
            # A bare surname is a man's ("Bingley"); a woman known as "Miss Bingley" keeps her title.
            options = [g for g in options if not _ladylike(g)] or options
        positions = [sorted(cands[m].start for m in g.members) for g in options]
        if key[0][0] in firsts_of:
            # A given name is nearest to where each was last called by it: "John" is the boy last
            # called John, not whoever was last named "Mr. Beaver" (who is also John Beaver).
            positions = [sorted(cands[m].start for m in g.members if key[0][0] in cands[m].parts) or p
                         for g, p in zip(options, positions)]
        genders = [g.gender_hint() for g in options]
        # "Lady Mary Grierson" and "Lady Mary Maclean", once each in a list of peers, and "Mary"
        # a hundred times: the bare name far from them all is a third Mary of its own.
        own = Group() if key[0][0] in firsts_of and len(by_form[key]) >= OWN_NAME_RATIO * sum(len(p) for p in positions) else None
        for i in by_form[key]:
            if own is not None and _nearest_distance(cands[i].start, positions) > OWN_NAME_REACH:
                _put(own, i, cands)
                continue
            said = gender_after(cands[i]) if gender_after else None
            if said is None and not cands[i].in_quote and not key[0][0] in firsts_of:
                said = "male"  # a surname alone in narration is a man's ("cried Gregory"), unless the text says otherwise
            keep = [k for k, g in enumerate(genders) if _compatible(said, g)] or list(range(len(options)))
            pool, where = [options[k] for k in keep], [positions[k] for k in keep]
            best = _nearest(cands[i].start, pool, where) or max(pool, key=lambda g: len(g.members))
            _put(best, i, cands)
        if own is not None and own.members:
            groups.append(own)

    groups = _merge_roles(_merge_titled(_merge_hyphen_halves(_merge_pet_forms(_merge_typos(groups)))), cands)
    member_of = {i: g for g in groups for i in g.members}
    return groups, member_of


#: How often a two-name run may occur and still be two people side by side rather than a name.
RARE_PAIR = 2


def _side_by_side(groups: list[Group], cands: list[Candidate]) -> list[Group]:
    """Two names in a row that are not one person's full name.

    "Katharine Cassandra; Cassandra Katharine" or "Ginny Harry" (lists, hard-wrapped lines)
    look like a given name and a surname; when the second is itself someone's given name, the
    pair is no person, and its mentions name nobody. "Lydia Wickham", said once or twice, where
    Wickham is a man's surname and Lydia a woman named in full otherwise, is her married name: it
    joins her, and it is not indexed as a Wickham (so "Wickham" alone stays his)."""
    given_of: dict[str, list[Group]] = {}
    surname_of: dict[str, list[Group]] = {}
    for g in groups:
        for form in g.multi:
            given_of.setdefault(form[0], []).append(g)
            surname_of.setdefault(form[-1], []).append(g)
    kept: list[Group] = []
    for g in groups:
        forms = g.multi
        if len(forms) != 1 or len(forms[0]) != 2 or g.titles:
            kept.append(g)
            continue
        first, last = forms[0]
        rare = sum(g.forms.values()) <= RARE_PAIR
        firsts = [o for o in given_of.get(first, []) if o is not g and sum(o.forms.values()) > sum(g.forms.values())]
        if rare and any(o is not g for o in given_of.get(last, [])) and not any(o is not g for o in surname_of.get(last, [])) and firsts:
            continue  # two given names side by side: no one
        wives = [o for o in firsts if o.gender_hint() == "female" and all(f[-1] != last for f in o.multi)]
        # "May Welland" until the wedding, "May Archer" after it: a name that only follows hers,
        # and a surname that is a man's or no one's gender in particular ("Newland Archer").
        follows = len(wives) == 1 and _succeeds(g, wives[0], cands)
        if not (rare or follows):
            wives = []
        men = ("male", None) if follows else ("male",)
        husbands = [o for o in surname_of.get(last, []) if o is not g and o.gender_hint() in men]
        if husbands and len(wives) == 1 and g.gender_hint() in (None, "female"):
            wives[0].absorb(g)
            wives[0].married.add(forms[0])
            continue
        kept.append(g)
    return kept


def _succeeds(later: Group, earlier: Group, cands: list[Candidate]) -> bool:
    """Every full-name mention of `later` comes after the last of `earlier`'s."""
    full = [cands[i].start for i in earlier.members if len(cands[i].parts) > 1]
    return bool(full) and min(cands[i].start for i in later.members) > max(full)


#: How near (characters) a titled surname and a given name stand when they are two people talking.
BESIDE = 80
#: How often they must stand that near.
BESIDE_TIMES = 2


def _beside_given(members: list[int], given: str | None, bare_at: dict[str, list[Candidate]], cands: list[Candidate],
                  text: str = "") -> bool:
    """Whether a titled surname ("Mr. Emerson") stands near the bare given name of the full name
    it would join ("George", of George Emerson) often enough to be someone else of that family.

    Only nearness in one voice counts: "Mr. Emerson had lost George", or both in one speech.
    A name called out in a quotation beside the titled surname in the narration around it ("Oh,
    Charlotte!" ... Miss Bartlett said) is how one person is spoken to and spoken of."""
    spots = bare_at.get(given or "", [])
    if not spots:
        return False
    starts = [s.start for s in spots]
    near = 0
    for i in members:
        c = cands[i]
        k = bisect_left(starts, c.start - BESIDE)
        while k < len(spots) and spots[k].start <= c.start + BESIDE:
            if _one_voice(c, spots[k], text):
                near += 1
                break
            k += 1
    return near >= BESIDE_TIMES


_QUOTE_MARKS = re.compile('["\u201c\u201d]')


def _one_voice(a: Candidate, b: Candidate, text: str) -> bool:
    if a.in_quote != b.in_quote:
        return False
    first, second = (a, b) if a.start < b.start else (b, a)
    return not a.in_quote or not _QUOTE_MARKS.search(text, first.end, max(first.end, second.start))


def _titled_in_full(group: Group, title_class: str, cands: list[Candidate]) -> bool:
    """Mostly called by title, given name and surname ("Mr. John Knightley"), which only a
    family with another Mr. Knightley needs."""
    full = [cands[i] for i in group.members if len(cands[i].parts) > 1]
    titled = sum(1 for c in full if c.title and TITLE_CLASS.get(c.title) == title_class)
    return title_class in ("mr", "mrs", "miss") and titled >= 2 and 2 * titled >= len(full)


#: The share of the mentions of a person's given name that carry a title ("Lady Catherine")
#: that makes them formally known by it.
FORMAL_SHARE = 0.75


def _formal(group: Group, cands: list[Candidate]) -> bool:
    given = _given(group)
    with_given = [cands[i] for i in group.members if given in cands[i].parts]
    return bool(with_given) and sum(1 for c in with_given if c.title) >= FORMAL_SHARE * len(with_given)


def _a_mans(c: Candidate, gender_after: Callable[[Candidate], str | None] | None) -> bool:
    said = gender_after(c) if gender_after else None
    return said == "male" or (said is None and not c.in_quote)


def _put(group: Group, i: int, cands: list[Candidate]) -> None:
    group.members.append(i)
    group.forms[cands[i].parts] += 1


def _his_wife(word: str, group: Group) -> bool:
    """"Mrs. Charles" is Charles's wife, not a woman whom a bare "Charles" could be."""
    return first_name_gender(word) == "male" and _ladylike(group)


def _ladylike(group: Group) -> bool:
    """Known only with a woman's title ("Miss Bingley", "Mrs. Hurst"), never by surname alone."""
    return bool(group.titles) and all(TITLE_CLASS.get(t) in ("miss", "mrs", "lady") for t in group.titles)


def _titles_of(members: list[int], cands: list[Candidate]) -> set[str]:
    return {cands[i].title for i in members if cands[i].title}


def rejoin_titled_given(groups: list[Group], cands: list[Candidate]) -> list[Group]:
    """"Miss Catherine" left on her own because a namesake's "Lady Catherine" was in the group
    when she was placed: once that name has gone to its owner, she joins the one person whose
    given name she bears."""
    by_given: dict[str, list[Group]] = {}
    for g in groups:
        if (given := _given(g)) is not None:
            by_given.setdefault(given, []).append(g)
    kept = []
    for g in groups:
        titles = _titles_of(g.members, cands)
        if not g.canonical and not g.multi and len(g.forms) == 1 and titles and titles <= lexicon().given_titles:
            word = next(iter(g.forms))[0]
            fits = [h for h in by_given.get(word, []) if h is not g and
                    all(_titles_agree(TITLE_CLASS.get(t) or "any", h) for t in titles) and
                    _compatible(g.gender_hint(), h.gender_hint())]
            if len(fits) == 1:
                fits[0].absorb(g)
                continue
        kept.append(g)
    return kept


def _merge_roles(groups: list[Group], cands: list[Candidate]) -> list[Group]:
    """"the Admiral" where one person is ever called Admiral ("Admiral Croft"): that person."""
    roles = lexicon().role_titles  # "Dr. Bull" is "the Doctor"
    titled: dict[str, list[Group]] = {}
    for g in groups:
        for t in {roles.get(t, t) for t in g.titles}:
            titled.setdefault(t, []).append(g)
    kept = []
    for g in groups:
        words = {f[0].lower() for f in g.forms if len(f) == 1}
        # Mostly "the Colonel"; now and then "Colonel" alone, as he is addressed.
        if len(g.forms) == 1 and len(words) == 1 and 2 * sum(cands[i].after_the for i in g.members) > len(g.members):
            (word,) = words
            targets = [h for h in titled.get(roles.get(word, word), []) if h is not g]
            if word in lexicon().titles and len(targets) == 1:
                targets[0].absorb(g)
                continue
        kept.append(g)
    return kept


def _merge_titled(groups: list[Group]) -> list[Group]:
    """"Mr. Ratcliffe" and "Inspector Ratcliffe", neither ever named in full: one man."""
    bare: dict[str, list[Group]] = {}
    for g in groups:
        if g.titles and len(g.forms) == 1 and len(next(iter(g.forms))) == 1:
            bare.setdefault(next(iter(g.forms))[0], []).append(g)
    kept = set(map(id, groups))
    for same in bare.values():
        misters = [g for g in same if {TITLE_CLASS.get(t) for t in g.titles} == {"mr"}]
        neutral = [g for g in same if all(TITLE_CLASS.get(t) is None and lexicon().titles.get(t) in (None, "male") for t in g.titles)]
        if len(misters) == 1 and len(neutral) == 1:
            home, other = misters[0], neutral[0]
            home.absorb(other)
            kept.discard(id(other))
    return [g for g in groups if id(g) in kept]


def _same_given(a: str, b: str) -> bool:
    return a == b or a.lower() in name_forms(b) or _diminutive(a, b) or _diminutive(b, a)


_DIMINUTIVE = re.compile(r"^(?P<stem>[a-z]{2,4}?)(?P=stem)?[a-z]?(?:y|ie|ey|i|s|sy|sie|o|a)$")


def _diminutive(short: str, full: str) -> bool:
    """"Issy" for Isolde, "Hermy" for Hermione: the first letters of the name and a pet ending."""
    short, full = short.lower(), full.lower()
    if not (3 <= len(short) <= 6 and len(full) >= len(short) + 2 and short[:2] == full[:2]):
        return False
    for cut in range(2, min(5, len(short))):
        stem = short[:cut]
        rest = short[cut:]
        if full.startswith(stem) and re.fullmatch(r"(?:[a-z])?(?:y|ie|ey|i|sy|sie|o|a)", rest):
            return True
    # "Tam" for Tamsin, "Alex" for Alexandra: the name cut short, when the cut is a name of its own.
    return full.startswith(short) and first_name_gender(short.capitalize()) is not None


def _given(group: Group) -> str | None:
    firsts: Counter[str] = Counter()
    for form, n in group.forms.items():
        if len(form) > 1:
            firsts[form[0]] += n
    return firsts.most_common(1)[0][0] if firsts else None


#: How many times more often than all its full names together a shared given name must stand
#: alone, and how far (characters) from the nearest of them, to be someone else's.
OWN_NAME_RATIO, OWN_NAME_REACH = 5, 20000


def _nearest_distance(pos: int, positions: list[list[int]]) -> int:
    """How far `pos` lies from the nearest of `positions`, before or after it."""
    best = 1 << 30
    for starts in positions:
        k = bisect_left(starts, pos)
        for j in (k - 1, k):
            if 0 <= j < len(starts):
                best = min(best, abs(starts[j] - pos))
    return best


def _nearest(pos: int, options: list[Group], positions: list[list[int]]) -> Group | None:
    """The option mentioned last before `pos` (by its full or unambiguous names)."""
    best, best_pos = None, -1
    for g, starts in zip(options, positions):
        k = bisect_left(starts, pos)
        if k and starts[k - 1] > best_pos:
            best, best_pos = g, starts[k - 1]
    return best


def _merge_typos(groups: list[Group]) -> list[Group]:
    """Fold a rare one-word name into the one frequent name it misspells ("Hermoine")."""
    by_initial: dict[str, list[tuple[str, Group]]] = {}
    for g in groups:
        if len(g.members) >= 3:
            for part in {p for form in g.forms for p in form}:
                by_initial.setdefault(part[:1], []).append((part, g))
    kept = []
    for g in groups:
        if len(g.members) <= 2 and len(g.forms) == 1:
            (form,) = g.forms
            if len(form) == 1 and len(form[0]) >= 4 and not g.titles:
                target = _typo_target(form[0], [(p, b) for p, b in by_initial.get(form[0][:1], []) if b is not g])
                if target is not None:
                    target.absorb(g)
                    continue
        kept.append(g)
    return kept


def _merge_pet_forms(groups: list[Group]) -> list[Group]:
    """"Gracie" is Grace, "Katie" Kate, "Johnny" John, "Jo" Joanna: a one-word name that is
    another one-word name with a pet ending, or a pet form of it the `nicknames` tables know,
    joins it, when only one person has that name."""
    word_of: dict[int, str] = {}  # a group known by one single-word name, untitled -> that name
    single: dict[str, list[Group]] = {}
    for g in groups:
        if (word := g.one_word_name()) is not None:
            word_of[id(g)] = word
            single.setdefault(word, []).append(g)
    kept, gone = [], set()
    for g in groups:
        word = word_of.get(id(g))
        bases = [b for base in _pet_bases(word) + _fuller_forms(word) for b in single.get(base, [])
                 if b is not g and id(b) not in gone] if word else []
        bases = list(dict.fromkeys(bases))
        if len(bases) == 1 and _compatible(g.gender_hint(), bases[0].gender_hint()):
            bases[0].absorb(g)
            gone.add(id(g))
            continue
        kept.append(g)
    return [g for g in kept if id(g) not in gone]


def _merge_hyphen_halves(groups: list[Group]) -> list[Group]:
    """"Bishop" for Eamon Bishop-Clarke: a one-word name that is the first half of one person's
    hyphenated surname, and no one else's name, is that person."""
    halves: dict[str, list[Group]] = {}
    for g in groups:
        for form in g.forms:
            if "-" in form[-1] and (len(form) > 1 or g.titles):
                halves.setdefault(form[-1].split("-")[0], []).append(g)
    kept = []
    for g in groups:
        if (word := g.one_word_name()) is not None:
            homes = list(dict.fromkeys(h for h in halves.get(word, []) if h is not g))
            if len(homes) == 1 and _compatible(g.gender_hint(), homes[0].gender_hint()):
                homes[0].absorb(g)
                continue
        kept.append(g)
    return kept


def _fuller_forms(word: str) -> list[str]:
    """The longer given names "Jo" or "Liz" is short for, written as names."""
    # Not "Sammy" for "Sam": a pet ending goes the other way.
    return [full.capitalize() for full in name_forms(word)
            if len(full) > len(word) and full.startswith(word[:1].lower()) and word not in _pet_bases(full.capitalize())]


def _pet_bases(word: str) -> list[str]:
    """The names "Gracie", "Katie", "Johnny", "Bobby" are pet forms of."""
    out = []
    for ending in ("ie", "y", "ey"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            out += [stem, stem + "e"]
            if len(stem) >= 4 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "Johnny" -> "John"
    return out


def _typo_target(word: str, parts: list[tuple[str, Group]]) -> Group | None:
    limit = 2 if len(word) >= 7 else 1
    hits = {id(g): g for part, g in parts
            if part != word and abs(len(part) - len(word)) <= 1 and OSA.distance(part, word) <= limit}
    return next(iter(hits.values())) if len(hits) == 1 else None


def display_name(group: Group) -> str:
    """The fullest name the story gives: the commonest two-or-more-word form, else title + name."""
    if "wife" in group.titles and group.multi:
        return "Mrs. " + " ".join(max(group.multi, key=lambda f: group.forms[f]))
    if group.multi:
        best = max(group.multi, key=lambda f: (group.forms[f] > 0, len(f) == 2, group.forms[f], len(f)))
        if best[0][:1].islower() and group.titles:  # "van der Luyden" is only ever "Mr. van der Luyden"
            return f"{_title_case(group.titles.most_common(1)[0][0])} {' '.join(best)}"
        return " ".join(best)
    # "Admiral Croft", however often "the Admiral": the name, not the rank.
    word = max(group.forms, key=lambda f: (f[0].lower() not in group.titles, group.forms[f]))[0]
    if group.titles and all(len(f) == 1 for f in group.forms):
        title = group.titles.most_common(1)[0][0]
        return f"{_title_case(title)} {word}"
    return word


_ABBREVIATED = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "dr": "Dr.", "st": "St.", "prof": "Prof.", "capt": "Capt.", "lt": "Lt.", "sgt": "Sgt.", "rev": "Rev."}


def _title_case(title: str) -> str:
    return _ABBREVIATED.get(title, title.capitalize())
