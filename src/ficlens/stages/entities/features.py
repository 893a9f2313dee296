"""What the entity models see of each token: the word, its shape and affixes, its neighbours,
the characters stage's word lists, and word clusters learnt from unlabelled novels.

The clusters (`stages/wordtable.py`) group words that occur in
like contexts ("London" with "Paris" and "town", "mother" with "sister" and "uncle"), which lets
the model treat a word it never saw labelled like the words it did.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ficlens.stages.characters.lexicon import first_name_gender, lexicon
from ficlens.stages.wordtable import clusters

_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"[0-9]")
_REPEAT = re.compile(r"(.)\1{2,}")


def _shape(word: str) -> str:
    return _REPEAT.sub(r"\1\1", _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word))))


@lru_cache(maxsize=200_000)
def _word(word: str, at: str) -> tuple[str, ...]:
    """A word's own features, named for its place ("" itself, "-1" the word before, ...);
    cached, since a story repeats its words."""
    low = word.lower()
    out = [f"{at}w={low}", f"{at}sh={_shape(word)}"]
    key = word.replace("’", "'")
    table = clusters()
    cluster = table.get(key) or table.get(key.lower())
    if cluster:
        out += [f"{at}c={cluster[0]}", f"{at}cc={cluster[1]}"] if at in ("", "-1", "+1") else [f"{at}c={cluster[0]}"]
    if at:
        return tuple(out)
    lex = lexicon()
    out += [f"s3={low[-3:]}", f"s2={low[-2:]}", f"p3={low[:3]}"]
    if low in lex.person_nouns:
        out.append(f"noun={lex.person_nouns[low]}")
    if low.rstrip(".") in lex.titles:
        out.append("title")
    if low in lex.place_heads:
        out.append("placehead")
    if word[:1].isupper():
        gender = first_name_gender(word)
        if gender:
            out.append(f"given={gender}")
        if word in lex.places:
            out.append("place")
    return tuple(out)


def sentence_features(words: list[str]) -> list[list[str]]:
    """One feature list per word of one sentence."""
    own = [_word(w, "") for w in words]
    out = []
    for i, w in enumerate(words):
        f = ["bias", *own[i]]
        for d in (-2, -1, 1, 2):
            j = i + d
            at = f"{d:+d}"
            f += _word(words[j], at) if 0 <= j < len(words) else [f"{at}pad"]
        low = w.lower()
        if i:
            f.append(f"pw|w={words[i - 1].lower()}|{low}")
        if i + 1 < len(words):
            f.append(f"w|nw={low}|{words[i + 1].lower()}")
        out.append(f)
    return out
