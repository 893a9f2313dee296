"""Training the entity models on LitBank's tsv files (one token a line, four BIO layers).

`scripts/train_entities.py` trains the shipped models on all 100 documents; the
`litbank-entities` benchmark trains one set per cross-validation fold on that fold's `train`
documents and scores its `test` documents, so no score comes from text the model learnt.
"""

from __future__ import annotations

from pathlib import Path

from ficlens.stages.entities.features import sentence_features
from ficlens.stages.entities.tagger import model_paths

#: L-BFGS settings chosen on fold 0's dev documents.
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}

Sentence = list[tuple[str, list[str]]]  # (word, [label of each layer])


def read_tsv(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        cols = line.split("\t")
        current.append((cols[0], (cols[1:5] + ["O"] * 4)[:4]))
    if current:
        sentences.append(current)
    return sentences


def train(documents: list[list[Sentence]], folder: Path, params: dict | None = None) -> list[Path]:  # type: ignore[type-arg]
    """One model per layer, written to `folder`; returns their paths."""
    import pycrfsuite

    folder.mkdir(parents=True, exist_ok=True)
    features = [[sentence_features([w for w, _ in s]) for s in doc] for doc in documents]
    paths = model_paths(folder)
    for layer, path in enumerate(paths):
        trainer = pycrfsuite.Trainer(verbose=False)
        for doc, doc_features in zip(documents, features):
            for sentence, f in zip(doc, doc_features):
                trainer.append(f, [labels[layer] for _, labels in sentence])
        trainer.set_params(params or PARAMS)
        trainer.train(str(path))
    return paths
