"""`ficlens eval litbank-quotes`: quotation detection on LitBank's 100 annotated excerpts.

LitBank's texts are tokenised (tokens split by spaces, one sentence a line) and its quotations
are token spans; a predicted quotation counts when it covers exactly the gold tokens (span-level
exact match, micro-averaged). The quote finder is not trained on LitBank, so all 100 documents
are scored. Speakers are not attributed yet: `speaker_accuracy` is null.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ficlens.errors import InputError
from ficlens.eval import SHARED_DATA
from ficlens.stages.quotes import speech_spans


def evaluate_litbank_quotes(path: Path | None = None) -> dict[str, Any]:
    root = path or SHARED_DATA / "litbank" / "quotations" / "tsv"
    files = [root] if root.is_file() else sorted(root.glob("*.ann"))
    if not files:
        raise InputError(f"{root}: no LitBank quotation files (*.ann)")
    tp = fp = fn = 0
    for ann in files:
        text_path = ann.with_suffix(".txt")
        if not text_path.exists():
            raise InputError(f"{text_path}: missing (LitBank pairs every .ann with a .txt)")
        text = text_path.read_text(encoding="utf-8")
        offsets = _token_offsets(text)
        gold = set()
        for line in ann.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if cols[0] != "QUOTE":
                continue
            s_sent, s_tok, e_sent, e_tok = (int(c) for c in cols[2:6])
            gold.add((offsets[s_sent][s_tok][0], offsets[e_sent][e_tok][1]))
        pred = set(speech_spans(text, by_paragraph=False))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "detection_f1": round(f1, 4), "detection_precision": round(precision, 4),
        "detection_recall": round(recall, 4), "speaker_accuracy": None, "quotes": tp + fn, "documents": len(files),
    }


def _token_offsets(text: str) -> list[list[tuple[int, int]]]:
    """Character span of every token, by sentence (line) and position."""
    sentences, pos = [], 0
    for line in text.split("\n"):
        tokens, cursor = [], pos
        for token in line.split(" "):
            if token:
                tokens.append((cursor, cursor + len(token)))
            cursor += len(token) + 1
        sentences.append(tokens)
        pos += len(line) + 1
    return sentences
