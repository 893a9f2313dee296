"""The shipped entity models: one linear-chain CRF per nesting layer of LitBank's annotation
(the outer layer, then names and descriptions inside another entity: "[the [Lord] Chancellor]")."""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ficlens.stages.entities.features import sentence_features

LAYERS = 2
#: A crfsuite tagger holds its state between calls: threads (the web app's) take turns.
_LOCK = threading.Lock()
LABELS = ("PER", "FAC", "GPE", "LOC", "VEH", "ORG")


def model_paths(folder: Path | None = None) -> list[Path]:
    base = folder or Path(str(resources.files(__package__).joinpath("models")))
    return [base / f"layer{k}.crfsuite" for k in range(LAYERS)]


@lru_cache(maxsize=4)
def _taggers(folder: str | None = None):  # type: ignore[no-untyped-def]
    import pycrfsuite

    taggers = []
    for path in model_paths(Path(folder) if folder else None):
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        taggers.append(tagger)
    return taggers


def bio_spans(labels: list[str]) -> list[tuple[str, int, int]]:
    """(label, first token, token after the last) of every B-/I- run."""
    out: list[tuple[str, int, int]] = []
    start, kind = None, ""
    for i, label in enumerate([*labels, "O"]):
        if start is not None and not (label.startswith("I-") and label[2:] == kind):
            out.append((kind, start, i))
            start = None
        if label.startswith("B-") or (label.startswith("I-") and start is None):
            start, kind = i, label[2:]
    return out


def tag(words: list[str], folder: str | None = None) -> set[tuple[str, int, int]]:
    """Entity spans over the words of one sentence, every layer's together."""
    if not words:
        return set()
    features = sentence_features(words)
    found: set[tuple[str, int, int]] = set()
    with _LOCK:
        for tagger in _taggers(folder):
            found |= set(bio_spans(tagger.tag(features)))
    return found
