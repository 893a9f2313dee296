"""`ficlens eval litbank-quotes`: quotation detection on LitBank's 100 annotated excerpts.

LitBank's texts are tokenised (tokens split by spaces, one sentence a line) and its quotations
are token spans; a predicted quotation counts when it covers exactly the gold tokens (span-level
exact match, micro-averaged). Speakers are attributed on the gold quotations, as in the published
attribution figures, which score the mention a quote is linked to: a speaker is right when the
mention ficlens links the quote to (the one its BookNLP-format `.quotes` file names) belongs to
the gold speaker's coreference entity. When that mention is not a LitBank mention, or there is
none within reach, the character stands for it: it maps to the LitBank entity most of its
mentions belong to. `speaker_accuracy_character` scores every quote that second way.
Nothing is trained on LitBank, so all 100 documents are scored.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ficlens.errors import InputError
from ficlens.export.booknlp import speaker_mentions
from ficlens.eval import SHARED_DATA, without_canon
from ficlens.eval.litbank import analysed, token_offsets
from ficlens.model import Quote
from ficlens.pipeline import Pipeline
from ficlens.stages.quotes import speech_spans
from ficlens.stages.speakers import attribute


def evaluate_litbank_quotes(path: Path | None = None) -> dict[str, Any]:
    root = path or SHARED_DATA / "litbank" / "quotations" / "tsv"
    files = [root] if root.is_file() else sorted(root.glob("*.ann"))
    if not files:
        raise InputError(f"{root}: no LitBank quotation files (*.ann)")
    tp = fp = fn = 0
    attributed = right = right_character = 0
    # Speakers and coreference run too: they give the narrator and the unnamed characters the
    # mentions ("I", "he") through which a ficlens character is matched to a LitBank entity.
    # The entities stage does not: its models learnt from these documents.
    pipeline = without_canon(Pipeline.build(["structure", "quotes", "narration", "characters", "speakers", "coref"]))
    coref_root = root.parents[1] / "coref" / "tsv" if root.is_dir() else root.parents[2] / "coref" / "tsv"
    for ann in files:
        text_path = ann.with_suffix(".txt")
        if not text_path.exists():
            raise InputError(f"{text_path}: missing (LitBank pairs every .ann with a .txt)")
        text = text_path.read_text(encoding="utf-8")
        offsets = token_offsets(text)
        gold = set()
        spans: dict[str, tuple[int, int]] = {}
        speakers: dict[str, str] = {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if cols[0] == "QUOTE":
                s_sent, s_tok, e_sent, e_tok = (int(c) for c in cols[2:6])
                gold.add((offsets[s_sent][s_tok][0], offsets[e_sent][e_tok][1]))
                spans[cols[1]] = (offsets[s_sent][s_tok][0], offsets[e_sent][e_tok][1])
            elif cols[0] == "ATTRIB":
                speakers[cols[1]] = cols[2]
        pred = set(speech_spans(text, by_paragraph=False))
        coref = coref_root / ann.name
        if coref.exists() and speakers:
            r, r_character, n = _speakers(text, offsets, spans, speakers, coref, pipeline)
            right += r
            right_character += r_character
            attributed += n
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "detection_f1": round(f1, 4), "detection_precision": round(precision, 4),
        "detection_recall": round(recall, 4),
        "speaker_accuracy": round(right / attributed, 4) if attributed else None,
        "speaker_accuracy_character": round(right_character / attributed, 4) if attributed else None,
        "attributed_quotes": attributed, "quotes": tp + fn, "documents": len(files),
    }


def _speakers(text: str, offsets, spans, speakers, coref: Path, pipeline: Pipeline) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(right by the linked mention, right by the character, total) for the attributed gold quotations of one document.

    LitBank's text is tokenised one sentence a line, which hides paragraphs; attribution needs
    them, so the excerpt is read from `original/` (the untokenised book) and every gold span is
    carried over to it character by character."""
    work, to_source = analysed(coref.parents[2], coref.stem, text, pipeline)

    def carry(a: int, b: int) -> tuple[int, int]:
        return to_source[a], to_source[b - 1] + 1

    mentions: dict[str, tuple[int, int]] = {}
    entity_of_span: dict[tuple[int, int], str] = {}
    for line in coref.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if cols[0] == "MENTION":
            s_sent, s_tok, e_sent, e_tok = (int(c) for c in cols[2:6])
            mentions[cols[1]] = carry(offsets[s_sent][s_tok][0], offsets[e_sent][e_tok][1])
        elif cols[0] == "COREF" and cols[1] in mentions:
            entity_of_span[mentions[cols[1]]] = cols[2]
    by_end = {b: entity for (a, b), entity in entity_of_span.items()}
    votes: dict[str, Counter[str]] = {}
    for m in work.mentions:
        entity = entity_of_span.get((m.start, m.end)) or by_end.get(m.end)
        if entity:
            votes.setdefault(m.character, Counter())[entity] += 1
    entity_of = {cid: v.most_common(1)[0][0] for cid, v in votes.items()}
    gold = {q: carry(*spans[q]) for q in speakers if q in spans}
    work.quotes = [Quote(a, b, kind="speech") for a, b in sorted(set(gold.values()))]
    attribute(work)
    said = {(q.start, q.end): q.speaker for q in work.quotes}
    linked = {(q.start, q.end): m for q, m in zip(work.quotes, speaker_mentions(work))}

    def by_mention(span: tuple[int, int]) -> str | None:
        m = linked[span]
        entity = (entity_of_span.get((m.start, m.end)) or by_end.get(m.end)) if m else None
        return entity or entity_of.get(said[span] or "")

    right = sum(by_mention(gold[q]) == e for q, e in speakers.items() if q in gold)
    right_character = sum(entity_of.get(said[gold[q]] or "") == e for q, e in speakers.items() if q in gold)
    return right, right_character, len(gold)
