"""Word clusters learnt from unlabelled fiction (`clusters.tsv`, from `scripts/build_word_clusters.py`).

Shared data, not one stage's: the entity features use the clusters, and the characters stage
asks whether a capitalised word is an everyday one (novels write it in lower case).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, str]]:
    """word -> (coarse cluster, fine cluster)."""
    table: dict[str, tuple[str, str]] = {}
    raw = resources.files(__package__).joinpath("clusters.tsv").read_text("utf-8")
    for line in raw.splitlines():
        if line and not line.startswith("#"):
            word, coarse, fine = line.split("\t")
            table[word] = (coarse, fine)
    return table


def common_word(word: str) -> bool:
    """Whether `word` is an everyday English word: 13 million words of fiction write it in lower case."""
    return word.lower() in clusters()
