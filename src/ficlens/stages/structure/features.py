"""What a paragraph looks like to the note classifier: a short vector of named features.

The same function serves training (`scripts/train_note_model.py`) and inference, so the model
always sees features computed one way. The model itself is a logistic regression whose weights
ship as `note_model.json` beside this file; scoring is a dot product, no ML library needed.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from functools import lru_cache
from importlib import resources

from ficlens.stages.structure.blocks import Block
from ficlens.stages.structure.lexicon import lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FIRST = {"i", "me", "my", "mine", "i'm", "i’m", "i've", "i’ve", "i'll", "i’ll", "i'd", "i’d"}
_SECOND = {"you", "your", "yours", "you're", "you’re", "y'all", "u", "ya", "guys", "everyone"}
_THIRD = {"he", "she", "his", "her", "him", "they", "them", "their", "himself", "herself"}
_PRESENT = {"am", "is", "are", "'m", "do", "does", "don't", "don’t", "have", "has", "i'm", "i’m", "it's", "it’s",
            "will", "can", "can't", "can’t", "hope", "know", "think", "love", "want"}
_PAST = {"was", "were", "had", "did", "said", "looked", "turned", "walked", "went", "came", "could", "would"}
_EMOTICON = re.compile(r"(?:^|\s)(?:[:;]-?[)(dDpP3]|\^\^|<3+|xD|XD|:3|T_T|-_-)(?:\s|$)|[\U0001F300-\U0001FAFF]")


def present_tense(text: str) -> bool:
    """More present-tense words than past ("I think he is ..."): a writer musing, not narrating."""
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(w in _PRESENT for w in words) > sum(w in _PAST for w in words)


def cue_hits(text: str) -> tuple[list[int], list[int]]:
    """Indexes of the note cues and of the story cues that occur in a paragraph."""
    lex = lexicon()
    notes = [k for k, (pattern, _) in enumerate(lex.note_cues) if pattern.search(text)]
    story = [k for k, (pattern, _) in enumerate(lex.story_cues) if pattern.search(text)]
    return notes, story


_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘’]*’")
#: The share of a region's paragraphs whose narration says "I" under which the region counts as
#: told in the third person (or the second).
FIRST_PERSON_REGION = 0.2
#: Paragraphs whose note cues weigh this much are left out when judging how the story is told.
PLAIN_CUES = 2.0


def says_i(text: str) -> bool:
    """Whether the paragraph's narration (outside quotation marks) says "I", "my", "me"."""
    return any(w.lower() in _FIRST for w in _WORD.findall(_QUOTED.sub(" ", text)))


def plain_voices(blocks: list[Block]) -> dict[int, bool]:
    """For each paragraph of a region with few note cues, whether it says "I": how the story
    itself is told, read once per region."""
    lex = lexicon()
    return {k: says_i(b.text) for k, b in enumerate(blocks)
            if b.kind == "para" and sum(lex.note_cues[c][1] for c in cue_hits(b.text)[0]) < PLAIN_CUES}


def first_person_share(voices: dict[int, bool], skip: int) -> float:
    """The share of those paragraphs, other than `skip`, that say "I" (`voices` from `plain_voices`)."""
    others = [said for k, said in voices.items() if k != skip]
    return sum(others) / max(1, len(others))


def paragraph_features(
    blocks: list[Block], i: int, from_top: int, from_bottom: int, hits: tuple[list[int], list[int]] | None = None
) -> dict[str, float]:
    """Features of paragraph `i` of a region's blocks; `from_top`/`from_bottom` count paragraphs."""
    block = blocks[i]
    text = block.text
    lex = lexicon()
    head = text.lstrip()[:200]
    words = [w.lower() for w in _WORD.findall(text)]
    n = max(1, len(words))
    f: dict[str, float] = {
        "bias": 1.0,
        "marker": float(bool(lex.marker_anywhere.match(head))),
        "edge_marker": float(bool(lex.marker_edge.match(head) or lex.summary_marker.match(head))),
        "disclaimer": float(bool(lex.disclaimer.search(text))),
        "top0": float(from_top == 0), "top1": float(from_top == 1), "top2_3": float(2 <= from_top <= 3),
        "bottom0": float(from_bottom == 0), "bottom1": float(from_bottom == 1),
        "bottom2_3": float(2 <= from_bottom <= 3),
        "inner": float(from_top > 3 and from_bottom > 3),
        "after_divider": float(i > 0 and blocks[i - 1].kind == "separator"),
        "before_divider": float(i + 1 < len(blocks) and blocks[i + 1].kind == "separator"),
        "neutral": float(block.neutral), "styled": float(block.styled),
        "log_words": math.log1p(len(words)) / 5,
        "first_person": sum(w in _FIRST for w in words) / n * 10,
        "second_person": sum(w in _SECOND for w in words) / n * 10,
        "third_person": sum(w in _THIRD for w in words) / n * 10,
        "present": sum(w in _PRESENT for w in words) / n * 10,
        "past": sum(w in _PAST for w in words) / n * 10,
        "exclaim": min(text.count("!"), 5) / 5,
        "emoticon": float(bool(_EMOTICON.search(text))),
        "lower_start": float(bool(text[:1].islower())),
        "quotes": float(bool(re.search(r"[\"“”]", text))),
        "parens": float(text.lstrip().startswith(("(", "["))),
    }
    notes, story = hits if hits is not None else cue_hits(text)
    f.update({f"note_cue_{k}": 1.0 for k in notes})
    f.update({f"story_cue_{k}": 1.0 for k in story})
    return f


def lexicon_digest() -> str:
    """Fingerprint of the cue lists: features are named by cue position, so the model must match."""
    lex = lexicon()
    patterns = [p.pattern for p, _ in lex.note_cues] + ["|"] + [p.pattern for p, _ in lex.story_cues]
    return hashlib.sha256("\n".join(patterns).encode("utf-8")).hexdigest()[:16]


def shipped_model() -> dict | None:
    path = resources.files(__package__).joinpath("note_model.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def use_weights(weights: dict[str, float] | None) -> None:
    """Score with these weights instead of the shipped model (training and cross-validation);
    None goes back to the shipped model."""
    global _active
    _active = weights


_active: dict[str, float] | None = None


def model_available() -> bool:
    return _weights() is not None


def _weights() -> dict[str, float] | None:
    return _active if _active is not None else _shipped_weights()


@lru_cache(maxsize=1)
def _shipped_weights() -> dict[str, float] | None:
    model = shipped_model()
    return model["weights"] if model else None


def note_probability(features: dict[str, float]) -> float | None:
    """P(author's note) from the shipped model, or None when no model is shipped."""
    weights = _weights()
    if weights is None:
        return None
    z = sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
