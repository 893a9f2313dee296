"""BookNLP's output files, written from a Work, so tools built on BookNLP can read ficlens.

`.tokens`, `.entities`, `.quotes` (tab-separated, BookNLP's headers and column order) and `.book`
(JSON: characters with their names, gender and counts). Tokens are numbered through the whole
text, ends inclusive, as BookNLP numbers them; `byte_onset`/`byte_offset` are character offsets
into the analysed text. ficlens has no part-of-speech tagger or parser, so those columns hold
placeholders (`_` and -1); entity and quote ids are BookNLP-style integers, one per character,
then one per entity of the entity layer that is not a character mention.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ficlens.model import Mention, Work

#: Words, with "'s" and "n't" split off as BookNLP's tokenizer does, and each punctuation mark.
_TOKEN = re.compile(r"n['’]t\b|['’](?:s|re|ve|ll|d|m)\b|\w+?(?=n['’]t\b)|\w+|[^\w\s]")
_SENTENCE_END = frozenset(".!?…")
_PRONOUNS = frozenset({"i", "me", "my", "mine", "myself", "he", "him", "his", "himself", "she", "her", "hers", "herself",
                       "they", "them", "their", "theirs", "themselves", "you", "your", "yours", "yourself", "we", "us", "our"})
TOKEN_HEADER = ("paragraph_ID", "sentence_ID", "token_ID_within_sentence", "token_ID_within_document", "word", "lemma",
                "byte_onset", "byte_offset", "POS_tag", "fine_POS_tag", "dependency_relation", "syntactic_head_ID", "event")
ENTITY_HEADER = ("COREF", "start_token", "end_token", "prop", "cat", "text")
QUOTE_HEADER = ("quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id", "quote")
GENDER_LABELS = {"male": "he/him/his", "female": "she/her", "nonbinary": "they/them/their"}


@dataclass(frozen=True, slots=True)
class Token:
    paragraph: int
    sentence: int
    in_sentence: int
    start: int
    end: int
    word: str


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    paragraph = sentence = in_sentence = 0
    last_end = 0
    for m in _TOKEN.finditer(text):
        gap = text[last_end : m.start()]
        if tokens and re.search(r"\n[ \t]*\n", gap):
            paragraph += 1
            sentence, in_sentence = sentence + (in_sentence > 0), 0
        elif tokens and tokens[-1].word in _SENTENCE_END and not m.group()[0] in "\"”’'" and in_sentence:
            sentence, in_sentence = sentence + 1, 0
        tokens.append(Token(paragraph, sentence, in_sentence, m.start(), m.end(), m.group()))
        in_sentence += 1
        last_end = m.end()
    return tokens


def files(work: Work) -> dict[str, str]:
    """The contents of each BookNLP file, keyed by suffix (".tokens", ".entities", ...)."""
    tokens = tokenize(work.text)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    coref = {c.id: n for n, c in enumerate(work.characters)}

    def span(start: int, end: int) -> tuple[int, int]:
        first = bisect_right(ends, start)
        last = max(first, bisect_left(starts, end) - 1)
        return first, min(last, len(tokens) - 1)

    token_rows = [TOKEN_HEADER] + [
        (t.paragraph, t.sentence, t.in_sentence, i, t.word, t.word.lower(), t.start, t.end, "_", "_", "_", -1, "O")
        for i, t in enumerate(tokens)
    ]
    entity_rows: list[tuple[object, ...]] = [ENTITY_HEADER]
    for m in work.mentions:
        if m.character not in coref:
            continue
        a, b = span(m.start, m.end)
        surface = " ".join(work.text[m.start : m.end].split())
        prop = "PRON" if m.kind == "pronoun" or surface.lower() in _PRONOUNS else "NOM" if m.kind == "nominal" else "PROP"
        entity_rows.append((coref[m.character], a, b, prop, "PER", surface))
    # The entity layer's places, buildings, vehicles, organisations and people not in the cast,
    # one coreference id for each group of them (BookNLP's file lists every entity, not only people).
    seen = {(m.start, m.end) for m in work.mentions}
    ids: dict[object, int] = {}
    for k, e in enumerate(work.entities):
        if (e.start, e.end) in seen:
            continue
        a, b = span(e.start, e.end)
        surface = " ".join(work.text[e.start : e.end].split())
        prop = "PRON" if surface.lower() in _PRONOUNS else "PROP" if surface[:1].isupper() and " " not in surface else "NOM"
        coref_id = ids.setdefault(("group", e.group) if e.group is not None else k, len(work.characters) + len(ids))
        entity_rows.append((coref_id, a, b, prop, e.label, surface))
    entity_rows[1:] = sorted(entity_rows[1:], key=lambda row: (row[1], -row[2]))  # type: ignore[operator]
    linked = speaker_mentions(work)
    quote_rows: list[tuple[object, ...]] = [QUOTE_HEADER]
    for q, near in zip(work.quotes, linked):
        if q.kind != "speech" or not tokens:
            continue
        a, b = span(q.start, q.end)
        m_start = m_end = -1
        phrase, char_id = "", -1
        if q.speaker in coref:
            char_id = coref[q.speaker]
            if near is not None:
                m_start, m_end = span(near.start, near.end)
                phrase = " ".join(work.text[near.start : near.end].split())
        quote_rows.append((a, b, m_start, m_end, phrase, char_id, " ".join(work.text[q.start : q.end].split())))
    return {
        ".tokens": _tsv(token_rows),
        ".entities": _tsv(entity_rows),
        ".quotes": _tsv(quote_rows),
        ".book": json.dumps({"characters": [_book_character(work, c, coref[c.id]) for c in work.characters]}),
    }


def speaker_mentions(work: Work) -> list[Mention | None]:
    """For each quote, the speaker's mention it is linked to, as BookNLP links a quote to a mention:
    the one closest to it and outside it (the tag, or the beat), within 300 characters."""
    ordered = sorted(work.mentions, key=lambda m: m.start)
    keys = [m.start for m in ordered]
    linked: list[Mention | None] = []
    for q in work.quotes:
        best, distance = None, None
        if q.speaker is not None:
            for m in ordered[bisect_left(keys, q.start - 300) : bisect_right(keys, q.end + 300)]:
                if m.character != q.speaker or q.start <= m.start < q.end:
                    continue
                d = q.start - m.end if m.end <= q.start else m.start - q.end
                if distance is None or d < distance:
                    best, distance = m, d
        linked.append(best)
    return linked


def _book_character(work: Work, character, coref_id: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    proper: dict[str, int] = {}
    pronoun: dict[str, int] = {}
    for m in work.mentions:
        if m.character == character.id:
            surface = " ".join(work.text[m.start : m.end].split())
            bucket = pronoun if m.kind == "pronoun" else proper
            bucket[surface] = bucket.get(surface, 0) + 1
    label = GENDER_LABELS.get(character.gender)
    return {
        "id": coref_id,
        "count": character.mentions,
        "mentions": {
            "proper": [{"c": c, "n": n} for n, c in sorted(proper.items(), key=lambda kv: -kv[1])],
            "common": [],
            "pronoun": [{"c": c, "n": n} for n, c in sorted(pronoun.items(), key=lambda kv: -kv[1])],
        },
        "g": {"inference": {label: 1.0}, "argmax": label, "max": 1.0, "total": character.mentions} if label else None,
        "agent": [], "patient": [], "mod": [], "poss": [],
        "ficlens": {"id": character.id, "name": character.name, "canonical": character.canonical},
    }


def _tsv(rows: list[tuple[object, ...]]) -> str:
    return "".join("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in row) + "\n" for row in rows)
