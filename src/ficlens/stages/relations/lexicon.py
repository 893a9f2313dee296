"""The cue phrases of `lexicon.yaml`, found in one Aho-Corasick pass over the text.

A regular expression with hundreds of alternatives tries every one at every position and takes
a minute on a long novel; an automaton of literal phrases reads the text once. So the YAML's
small phrase syntax (`{a|b}` alternatives) is expanded into literal phrases when the lexicon
is loaded. The automaton reads a flattened copy of the text, the same length: lower case, with
every mark that is not a letter or digit made a space, and each phrase is looked up with a space
on either side, so only whole words match and punctuation ("you, man", "self-harm", 'I said')
reads as a word break. Offsets therefore point into `Work.text` as it stands.

Both stages read the same scan: it is kept for the last text seen (one slot, keyed by the
text object itself), so the tags stage does not read a million words a second time.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from ficlens.errors import FiclensError
from ficlens.knowledge import modern_things

LAYERS = ("pair", "story", "context")
#: Whom a cue is about: the character named before it, after it or inside it (deaths), the
#: owner of a kinship word and the one it names (kin), or the one a word addresses (vocative).
WHO = (None, "before", "after", "inside", "kin", "vocative")
_LOWER = str.maketrans({**{chr(c): chr(c + 32) for c in range(65, 91)}, "’": "'", "‘": "'"})
_MARKS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\r\f\v\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u2032\u2033"
#: Lower case, and every mark a space: what the automaton reads (same length as the text).
_FLAT = str.maketrans({**{chr(c): chr(c + 32) for c in range(65, 91)}, **{ch: " " for ch in _MARKS}})
_GROUP = re.compile(r"\{([^{}]*)\}")


class LexiconError(FiclensError):
    """A lexicon file that does not follow the format."""


@dataclass(frozen=True, slots=True)
class Rule:
    cue: str
    weight: float
    layers: tuple[str, ...]
    who: str | None = None  # one of WHO
    negatable: bool = True
    exact_case: bool = False
    #: The phrase says the two are a couple ("my husband"), not only that love is in the air.
    status: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    rule: Rule


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[Rule, ...]
    automaton: ahocorasick.Automaton
    hedge: re.Pattern[str]
    raw: dict[str, Any]


def expand(phrase: str) -> list[str]:
    """All literal phrases a pattern stands for: "kiss{|ed}" -> ["kiss", "kissed"]."""
    parts = _GROUP.split(phrase)  # literal, group, literal, group, ...
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    return [" ".join("".join(c).split()) for c in itertools.product(*choices)]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = resources.files(__package__).joinpath("lexicon.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C parser when built
    modern = {"cue": "modern", "layer": "context", "weight": 1.0, "phrases": sorted(modern_things())}
    return build({**raw, "rules": [*(raw.get("rules") or []), modern]})


def build(raw: dict[str, Any]) -> Lexicon:
    rules: list[Rule] = []
    phrases: dict[str, list[int]] = {}
    for k, entry in enumerate(raw.get("rules") or []):
        try:
            layers = entry.get("layer", "pair")
            rule = Rule(str(entry["cue"]), float(entry["weight"]), tuple([layers] if isinstance(layers, str) else layers),
                        entry.get("who"), bool(entry.get("negatable", True)), bool(entry.get("exact_case", False)),
                        bool(entry.get("status", False)))
            patterns = list(entry["phrases"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise LexiconError(f"relations lexicon: rule {k + 1} is malformed ({err})") from None
        if not set(rule.layers) <= set(LAYERS) or rule.who not in WHO:
            raise LexiconError(f"relations lexicon: rule {k + 1} ({rule.cue}) has an unknown layer or 'who'")
        rules.append(rule)
        for pattern in patterns:
            for phrase in expand(str(pattern)):
                flat = " ".join(phrase.translate(_FLAT).split(" ")).strip()  # keeps "you  man" for "you, man"
                if flat:
                    phrases.setdefault(flat, []).append(len(rules) - 1)
    automaton = ahocorasick.Automaton()
    for phrase, ids in phrases.items():
        key = f" {phrase} "
        ids = list(dict.fromkeys(ids))  # "ex-boyfriend" and "ex boyfriend" are one phrase here
        by_layer = {layer: tuple(i for i in ids if layer in rules[i].layers) for layer in LAYERS}
        idiom_in = frozenset(layer for i in ids if rules[i].cue == "ignore" for layer in rules[i].layers)
        automaton.add_word(key, (len(key), by_layer, idiom_in))
    automaton.make_automaton()
    hedges = sorted({str(h).translate(_LOWER) for h in raw.get("hedges") or []}, key=len, reverse=True)
    words = "|".join(re.escape(h) for h in hedges if h[0].isalpha() and not h.startswith("n'"))
    endings = "|".join(re.escape(h) for h in hedges if not (h[0].isalpha() and not h.startswith("n'")))
    alternatives = ([rf"(?<![a-z'])(?:{words})"] if words else []) + ([f"(?:{endings})"] if endings else [])
    hedge = re.compile("(?:" + "|".join(alternatives) + r")(?![a-z])") if alternatives else re.compile(r"(?!)")
    return Lexicon(tuple(rules), automaton, hedge, raw)


def lower(text: str) -> str:
    return text.translate(_LOWER)


_LAST: list[tuple[str, str, dict[str, list[Hit]]]] = []


def lowered(text: str) -> str:
    """`text` lower-cased (same length); the last one is kept."""
    last = _LAST[0] if _LAST else None  # read once: another thread may replace it
    return last[1] if last and last[0] is text else scan_with_lower(text)[0]


def scan(text: str) -> dict[str, list[Hit]]:
    """Cue hits per layer, in text order. Where phrases of one layer overlap, the leftmost wins,
    then the longest; an idiom ("dead tired") hides every cue it overlaps and counts for nothing."""
    last = _LAST[0] if _LAST else None
    return last[2] if last and last[0] is text else scan_with_lower(text)[1]


def scan_with_lower(text: str) -> tuple[str, dict[str, list[Hit]]]:
    lex = lexicon()
    rules = lex.rules
    low = lower(text)
    padded = f" {text.translate(_FLAT)} "
    found: list[tuple[int, int, dict[str, tuple[int, ...]], frozenset[str]]] = []
    for last, (size, by_layer, idiom_in) in lex.automaton.iter(padded):
        # The key is " phrase ": the phrase spans padded[last-size+2 : last], text one to the left.
        found.append((last - size + 1, last - 1, by_layer, idiom_in))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: dict[str, list[Hit]] = {}
    for layer in LAYERS:
        # An idiom hides every cue it overlaps, even one that starts before it ("was [dead tired]").
        idioms = [(s, e) for s, e, _, idiom_in in found if layer in idiom_in]
        hits: list[Hit] = []
        reach, k = -1, 0
        for start, end, by_layer, _ in found:
            ids = by_layer[layer]
            if not ids or start < reach:
                continue
            mine = [rules[i] for i in ids if rules[i].cue != "ignore"]
            if not mine:
                continue
            while k < len(idioms) and idioms[k][1] <= start:
                k += 1
            if any(s < end and start < e for s, e in idioms[k : k + 3]):
                continue
            reach = end
            for rule in mine:
                if not (rule.exact_case and text[start:end] != low[start:end]):
                    hits.append(Hit(start, end, rule))
        out[layer] = hits
    _LAST[:] = [(text, low, out)]
    return low, out


def hedged(text_lower: str, start: int, floor: int) -> bool:
    """Whether the clause just before `start` (back to `floor`, a sentence start) says the cue
    did not happen: "didn't kiss", "almost died", "if he died"."""
    lo = max(floor, start - 48)
    window = text_lower[lo:start]
    cut = max(window.rfind(","), window.rfind(";"), window.rfind(":"), window.rfind("—"), window.rfind("\""),
              window.rfind("“"), window.rfind("”"))
    if cut >= 0:
        window = window[cut + 1 :]
    return bool(lexicon().hedge.search(window))
