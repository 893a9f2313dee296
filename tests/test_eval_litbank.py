"""The LitBank coreference benchmark on a folder laid out like LitBank, built here in miniature."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("scorch")
pytest.importorskip("pycrfsuite")

from ficlens.eval.litbank import evaluate_litbank_coref  # noqa: E402

TOWNS = ["Harwick", "Dunmore", "Ellsby", "Carrow", "Penhallow", "Tilbury", "Marsden", "Oakham"]
#: (sentence tokens, entity label of each token, coreference tag of each token): Anna, and a
#: different town in every sentence, each an entity of one mention.
SENTENCES = [
    s
    for k, town in enumerate(TOWNS)
    for s in (
        (f"Anna walked to {town} .", "B-PER O O B-GPE O", f"(0) _ _ ({k + 1}) _"),
        (f"She liked {town} very much .", "O O B-GPE O O O", f"(0) _ ({k + 21}) _ _ _"),
    )
]


def _litbank(root: Path, splits: bool) -> Path:
    name = "1_harwick_brat"
    (root / "coref" / "conll").mkdir(parents=True)
    (root / "coref" / "tsv").mkdir(parents=True)
    (root / "entities" / "tsv").mkdir(parents=True)
    conll, tsv, lines = [f"#begin document ({name}); part 0"], [], []
    for words, labels, corefs in SENTENCES:
        for k, (w, lab, c) in enumerate(zip(words.split(), labels.split(), corefs.split())):
            conll.append("\t".join([name, "0", str(k), w] + ["_"] * 8 + [c]))
            tsv.append("\t".join([w, lab, "O", "O", "O", ""]))
        conll.append("")
        tsv.append("")
        lines.append(words)
    (root / "coref" / "conll" / f"{name}.conll").write_text("\n".join(conll) + "\n", encoding="utf-8")
    (root / "coref" / "tsv" / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "entities" / "tsv" / f"{name}.tsv").write_text("\n".join(tsv) + "\n", encoding="utf-8")
    if splits:
        fold = root / "splits" / "0"
        fold.mkdir(parents=True)
        for part in ("train", "test"):
            (fold / f"{part}.ids").write_text(f"{name}.tsv\n", encoding="utf-8")
    return root


def test_places_the_fold_models_find_count_as_entities(tmp_path: Path):
    with_models = evaluate_litbank_coref(_litbank(tmp_path / "a", splits=True))
    names_only = evaluate_litbank_coref(_litbank(tmp_path / "b", splits=False))
    assert with_models["protocol"].startswith("1-fold cross-validation")
    assert names_only["protocol"] == "all documents, without the entities stage"
    assert with_models["documents"] == names_only["documents"] == 1
    # The towns are entities of the text: marked by the fold's models, they raise the measures
    # that count entities of one mention (B3, CEAF-e) over the characters alone.
    assert with_models["ceafe_f1"] > names_only["ceafe_f1"]
    assert with_models["conll_f1"] > names_only["conll_f1"]
