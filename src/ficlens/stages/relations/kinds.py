"""What a relationship is: romantic, family, platonic or hostile, from what the text shows.

A cue counts for the two people it stands between. Inside a quotation, that is the speaker and
whoever the sentence names or addresses ("I love you" is the speaker's to the one spoken to);
in narration, the two named nearest the cue on either side of it, or the one named there and
the only other person in the paragraph (or the scene's viewpoint character). A word for a relative or
partner ("my sister", "Harry's wife") is about its owner and the one it names ("her brother
Leo", "Leo is her brother", "you're my brother"), never about whoever hears it; a bare "Mom!"
is the speaker's to the one spoken to. A cue the clause denies ("didn't kiss", "almost died")
counts for nothing, nor does a threat made laughing, nor a word inside a name ("Big Brother").

The kinds are weighed in an order that mirrors how fans read: kin stay kin however they fight
(and canon families count even where the text is silent); love shown outweighs quarrels (a
break-up is still romance); hostility must outweigh friendship to stand.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ficlens.stages.relations.lexicon import Hit, hedged
from ficlens.stages.relations.network import Network, Pair, pair
from ficlens.stages.relations.units import Units

KINDS = ("romantic", "family", "platonic", "hostile")
#: Evidence needed for a kind to be named.
ROMANTIC_MIN = 2.0
FAMILY_MIN = 1.5
HOSTILE_MIN = 2.0
PLATONIC_MIN = 2.0
#: Kinship talk named between two people who are friends much more often ("her friend Miss
#: Lucas", and "her family" in passing) is not kinship: family needs this share of the friendship.
FRIENDS_OUTWEIGH = 0.5
#: What a threat said between friends, or in a comic story, is worth.
BANTER = 0.3
#: How sure a pair with no cue is a friendship once they speak to or act on each other this often.
PLATONIC_BASE = 0.45
DIRECT_FRIENDS = 3.0
#: Canon ties a story may turn into romance; blood ties it may not (short of overwhelming text).
SOFT_TIES = ("in-law", "step-sibling", "adoptive-parent", "adoptive-child")
OVERWHELMING = 8.0
#: ... and at least this much romance for each time they speak to or act on each other: sisters
#: who talk for a whole novel say "dearest" often enough without being lovers.
OVERWHELMING_PER_CONTACT = 0.1
#: Characters between a cue and a name for the cue to be fully about that name.
REACH = 60


@dataclass
class Evidence:
    weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    #: The part of each kind's weight said in dialogue (threats are cheap in banter).
    spoken: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    #: kind -> [(weight, sentence index)]
    spans: dict[str, list[tuple[float, int]]] = field(default_factory=lambda: defaultdict(list))
    #: The weight of cues saying the two are a couple ("my husband", "the couple").
    status: float = 0.0

    def add(self, kind: str, weight: float, sentence: int, spoken: bool = False, status: bool = False) -> None:
        self.weight[kind] += weight
        if spoken:
            self.spoken[kind] += weight
        if status:
            self.status += weight
        self.spans[kind].append((weight, sentence))


def attribute(units: Units, network: Network, hits: list[Hit], jest: set[int], jest_sentences: set[int],
              low: str) -> dict[Pair, Evidence]:
    """Cue weight per pair and kind. `jest`: paragraphs, `jest_sentences`: sentences with a
    laugh, grin or wink in them."""
    out: dict[Pair, Evidence] = defaultdict(Evidence)
    kin_starts = sorted(h.start for h in hits if h.rule.who == "kin")
    for hit in hits:
        kind = hit.rule.cue
        if kind not in KINDS or not units.in_story(hit.start) or network.on_name(hit):
            continue
        s = units.sentence(hit.start)
        if hit.rule.negatable and hedged(low, hit.start, units.sentences[s]):
            continue
        q = units.quote(hit.start)
        if kind == "hostile" and (s in jest_sentences or (q is not None and units.paragraph(hit.start) in jest)):
            continue  # "I could kill you," she laughed
        if hit.rule.who == "kin":
            found = _kin(units, network, hit, s, q, low)
        elif hit.rule.who == "vocative":
            found = _vocative(hit, q, low)
        else:
            found = _pairs_for(units, network, hit, s, q, low, kin_starts)
        for (a, b), share in found:
            if a != b:
                out[pair(a, b)].add(kind, hit.rule.weight * share, s, q is not None, hit.rule.status)
    return out


_YOU = re.compile(r"\b(?:you|me)\b")
#: A cue owned by someone not in the conversation: "his marriage", "their wedding".
_THIRD_OWNER = re.compile(r"\b(?:his|their)\s+$")
_PERSONAL = re.compile(r"i|me|my|you|your|we|us|our")
_YOURS = re.compile(r"\b(?:you|your|yours|yourself)\b")
_FIRST = re.compile(r"\b(?:me|us|we|i|my|our)\b")
#: The speaker as a party ("He kissed me!"), not as an owner ("he will marry one of my girls").
_SELF = re.compile(r"\b(?:me|us|we|i)\b")
_YOU_ARE = re.compile(r"\byou(?:'re|'ve been|'d been| are| were| have been| had been| will be|'ll be| became)\s+(?:always\s+|still\s+|also\s+)?$")
_KIN_AFTER = re.compile(r"[\s,]{1,3}")
_COPULA = re.compile(r"\s*,?\s*(?:is|was|'s|are|were|'re|had been|has been|have been|'ve been|'d been|became|become|becomes|being|as)\s+(?:also\s+|still\s+|now\s+|always\s+)?")


def _kin(units: Units, network: Network, hit: Hit, s: int, q, low: str) -> list[tuple[Pair, float]]:  # type: ignore[no-untyped-def]
    """"her brother Leo" / "Leo is her brother" / "you're my brother": the owner and the one named."""
    members = network.by_sentence.get(s, [])
    owner = next((c for a, _, c in members if hit.start <= a < hit.end), None)  # "her", "my"
    if owner is None:  # "Maya's brother": the name just before the phrase
        owner = next((c for _, e, c in reversed(members) if e <= hit.start and hit.start - e <= 1), None)
    if owner is None and q is not None:  # in a letter, "my" is its writer's and "your" its reader's
        word = low[hit.start : hit.start + 5]
        if word.startswith(("my ", "our ")):
            owner = q.speaker
        elif word.startswith("your ") and q.addressees:
            owner = q.addressees[0]
    if owner is None:
        return []
    kin = next((c for a, _, c in members if a >= hit.end and _KIN_AFTER.fullmatch(low[hit.end : a])), None)
    if kin is None:
        before = [(e, c) for a, e, c in members if e <= hit.start and c != owner and a < hit.start]
        if before and _COPULA.fullmatch(low[before[-1][0] : hit.start]):
            kin = before[-1][1]
    if kin is None and q is not None and q.addressees and _YOU_ARE.search(low, max(q.start, hit.start - 24), hit.start):
        kin = q.addressees[0]  # "You've been my big sister for twenty years"
    if kin is None and q is None and hit.rule.cue == "platonic":
        # "She put her arms round her friend": the only other one in the paragraph. (Not for kin
        # or spouses, who are as often someone offstage: "her mother would never approve".)
        others = network.by_paragraph.get(units.paragraph(hit.start), set()) - {owner}
        if len(others) == 1:
            return [((owner, next(iter(others))), 0.5)]
    return [((owner, kin), 1.0)] if kin and kin != owner else []


def _vocative(hit: Hit, q, low: str) -> list[tuple[Pair, float]]:  # type: ignore[no-untyped-def]
    """"Mom, stop." / "Thanks, Dad!": a word of address, between the speaker and the one spoken to."""
    if q is None or not q.speaker or not q.addressees:
        return []
    before = low[max(q.start, hit.start - 3) : hit.start].strip()
    after = low[hit.end : hit.end + 1]
    if (before and before[-1] not in "\"“',") or (after and after not in ",.!?\"”'…"):
        return []
    return [((q.speaker, a), 1.0 / len(q.addressees)) for a in q.addressees if a != q.speaker]


_POSSESSIVE = frozenset({"his", "my", "your", "their", "our"})
_BODY = re.compile(r"(?:'s)?\s+(?:hands?|cheeks?|forehead|lips|mouth|neck|hair|shoulders?|face|jaw|temple|knuckles|"
                   r"nose|brow|head|fingers|wrist|waist|arms?)\b")
_NOT_A_NOUN = frozenset({"and", "with", "in", "on", "at", "to", "for", "too", "again", "back", "so", "that", "as", "up",
                         "down", "off", "out", "away", "now", "then", "when", "if", "but", "or", "by", "from", "into"})


#: A cue that goes on with its other party: "engagement with", "wedding to".
_WITH = re.compile(r"\s+(?:with|to)\s")


def _owner_only(low: str, start: int, end: int, hit: Hit) -> bool:
    """"your sister", "Jane's husband": the mention owns the noun after it; the cue is about
    that noun, not about the one named."""
    word = low[start:end]
    after = low[end : end + 16]
    if _BODY.match(after):
        return False  # "kisses my forehead", "took Ines's hand": the owner is the one touched
    if after.startswith("'s ") and end <= hit.start and re.fullmatch(r"(?:'s?\s*)?", low[end : hit.start]) and _WITH.match(low, hit.end):
        return False  # "Bingley's engagement with Jane", "Harry's wedding to Ginny": his own
    if after.startswith("'s "):
        return True
    if word in _POSSESSIVE:
        return True
    if word == "her":
        m = re.match(r"\s+([a-z]+)", after)
        return bool(m) and m.group(1) not in _NOT_A_NOUN and not m.group(1).endswith("ly")
    return False


def _pairs_for(units: Units, network: Network, hit: Hit, s: int, q, low: str,  # type: ignore[no-untyped-def]
               kin_starts: Sequence[int] = ()) -> list[tuple[Pair, float]]:
    members = [m for m in network.by_sentence.get(s, []) if not _owner_only(low, m[0], m[1], hit)]
    if q is not None:
        # In speech the parties are the ones the words name, the speaker's "I" and the
        # listener's "you" among them: "I love you", "Collins will marry Charlotte". A cue that
        # names no one ("your sister is crossed in love") is about no pair here.
        members = [m for m in members if q.start <= m[0] < q.end]
        inside = {c for _, _, c in members}
        if _THIRD_OWNER.search(low, max(q.start, hit.start - 7), hit.start):
            # "as to his marriage, I knew all about it": a third person's, not the speaker's.
            members = [m for m in members if not _PERSONAL.fullmatch(low[m[0] : m[1]])]
            inside = {c for _, _, c in members}
            if len(inside) < 2:
                return []
        if len(inside) == 1 and q.speaker and q.speaker not in inside and _SELF.search(low, max(q.start, hit.start - 24), min(q.end, hit.end + 24)):
            return [((q.speaker, next(iter(inside))), 1.0)]  # "He kissed me!" where "me" is unlinked
        if not inside and q.speaker and _YOU.search(low, hit.start, hit.end):  # "Marry me." unlinked
            return [((q.speaker, o), 1.0 / len(q.addressees)) for o in q.addressees if o != q.speaker]
        if inside <= {q.speaker} and q.speaker and hit.rule.cue == "hostile" and \
                _YOURS.search(low, max(q.start, units.sentences[s]), min(q.end, units.sentence_span(s)[1])):
            # A threat is at the one spoken to: "I'll have your sister's head on this spear."
            return [((q.speaker, o), 1.0 / len(q.addressees)) for o in q.addressees if o != q.speaker]
        if len(inside) < 2:
            return []
    people = {c for _, _, c in members}
    if len(people) >= 2:
        # The two named nearest on either side of the cue, within a clause's reach of it; in a
        # long sentence naming many, a cue far from both says little about them.
        before = next(((c, hit.start - e) for a, e, c in reversed(members) if a < hit.start), None)
        # A name inside the phrase ("kisses my forehead") is its other party.
        after = next(((c, max(0, a - hit.end)) for a, _, c in members if a >= hit.start and (before is None or c != before[0])), None)
        if before is None or after is None:
            near = sorted(members, key=lambda m: abs(m[0] - hit.start))
            other = next(m for m in near if m[2] != near[0][2])
            pair_ = (near[0][2], other[2])
            reach = max(abs(near[0][0] - hit.start), abs(other[0] - hit.start))
        else:
            pair_ = (before[0], after[0])
            reach = max(before[1], after[1])
            k = bisect_left(kin_starts, hit.start - before[1])
            if k < len(kin_starts) and kin_starts[k] < hit.start:
                return []  # "Miss Bingley sees that her brother is in love with you": the brother's, not hers
        return [(pair_, 1.0 if reach <= REACH else 0.3)]
    if q is not None:
        return []
    # Too few named in the sentence ("They had been friends for years"): the paragraph's two,
    # or the one named and the one whose eyes the scene is seen through ("Nepeta, the best
    # friend he could ask for").
    around = network.by_paragraph.get(units.paragraph(hit.start), set())
    if len(people) == 1 and len(around - people) == 1:
        return [((next(iter(people)), next(iter(around - people))), 0.5)]
    if not people and len(around) == 2:
        # "Hinata pulls Kageyama down by his jacket. The kiss is quick.": the sentence before,
        # in the same paragraph, names both of them: the cue is theirs as surely as if it named them.
        a, b = sorted(around)
        before = {c for _, _, c in network.by_sentence.get(s - 1, [])}
        just_named = s > 0 and units.paragraph(units.sentences[s - 1]) == units.paragraph(hit.start) and before == around
        # "We're the kind of couple who...": the viewpoint character's "we", with the one other there.
        ours = units.pov(hit.start) in around and _WE.search(low, units.sentences[s], hit.start) is not None
        return [((a, b), 1.0 if just_named or ours else 0.5)]
    pov = units.pov(hit.start)
    if len(people) == 1 and pov and pov not in people:
        return [((next(iter(people)), pov), 0.5)]
    if pov and people <= {pov} and _WE.search(low, units.sentences[s], hit.start):
        # "We broke up in November.": the viewpoint character and the last other person named.
        for k in range(s - 1, max(s - WE_REACH, -1), -1):
            others = [c for _, _, c in network.by_sentence.get(k, []) if c != pov]
            if others:
                return [((pov, others[-1]), 0.5)]
    return []


#: "We", "us", "our" before a cue in narration: the viewpoint character and someone else.
_WE = re.compile(r"\b(?:we|us|our|we're|we'd|we'll|we've)\b")
#: Sentences back a "we" looks for its other half.
WE_REACH = 6


@dataclass(frozen=True)
class Verdict:
    kind: str
    confidence: float
    canon_tie: str | None


def classify(ev: Evidence | None, tie: str | None, comic: bool = False, romance_elsewhere: bool = False,
             direct: float = DIRECT_FRIENDS) -> Verdict:
    """`comic`: the story laughs a lot, so threats in its dialogue are banter until acted on;
    `romance_elsewhere`: one of the two has a much stronger romance with someone else;
    `direct`: how often the two speak to or act on each other."""
    w = ev.weight if ev else {}
    r, f, p, h = (w.get(k, 0.0) for k in KINDS)
    spoken = ev.spoken.get("hostile", 0.0) if ev else 0.0
    if comic or p >= 1.0:
        h -= (1.0 - BANTER) * spoken
    overwhelming = r >= max(OVERWHELMING, OVERWHELMING_PER_CONTACT * direct) and r > 3 * f
    if tie and (tie not in SOFT_TIES or r < ROMANTIC_MIN) and not overwhelming:
        return Verdict("family", max(0.8, _confidence(f, FAMILY_MIN)), tie)
    if f >= FAMILY_MIN and f >= r and f >= FRIENDS_OUTWEIGH * p:
        return Verdict("family", _confidence(f, FAMILY_MIN), tie)
    if r >= ROMANTIC_MIN and not romance_elsewhere:
        return Verdict("romantic", _confidence(r - 0.3 * (f + p), ROMANTIC_MIN), tie)
    if h >= HOSTILE_MIN and h > p + 0.5 and ev and len({s for _, s in ev.spans["hostile"]}) >= 2:
        return Verdict("hostile", _confidence(h - p, HOSTILE_MIN), tie)
    # No cue at all: a friendship as sure as the two deal with each other directly.
    return Verdict("platonic", max(PLATONIC_BASE * min(1.0, direct / DIRECT_FRIENDS), _confidence(p, PLATONIC_MIN)), tie)


def _confidence(weight: float, threshold: float) -> float:
    """0.5 at the threshold, rising towards 1 as evidence doubles."""
    return 1.0 - 0.5 ** (max(weight, 0.0) / threshold)
