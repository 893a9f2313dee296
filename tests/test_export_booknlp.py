"""BookNLP-format output: the four files, BookNLP's columns, ids that agree across files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.export.booknlp import ENTITY_HEADER, QUOTE_HEADER, TOKEN_HEADER

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "the-beekeepers-letter.txt"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_booknlp_files_have_booknlp_columns_and_agree(tmp_path: Path):
    result = CliRunner().invoke(app, ["analyze", str(SAMPLE), "--format", "booknlp", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    stem = tmp_path / "the-beekeepers-letter"
    tokens, entities, quotes = (rows(stem.with_suffix(s)) for s in (".tokens", ".entities", ".quotes"))
    assert tuple(tokens[0]) == TOKEN_HEADER and tuple(entities[0]) == ENTITY_HEADER and tuple(quotes[0]) == QUOTE_HEADER
    text = SAMPLE.read_text("utf-8")
    # Token offsets point at the token's own text, numbered through the document.
    for i, t in enumerate(tokens[:500]):
        assert int(t["token_ID_within_document"]) == i
        assert text[int(t["byte_onset"]) : int(t["byte_offset"])] == t["word"]
    words = [t["word"] for t in tokens]
    for e in entities[:50]:
        assert " ".join(words[int(e["start_token"]) : int(e["end_token"]) + 1]).replace(" .", ".") in (e["text"], e["text"].replace(".", " ."))
    book = json.loads(stem.with_suffix(".book").read_text("utf-8"))
    names = {c["id"]: c["ficlens"]["name"] for c in book["characters"]}
    spoken = [(q["quote"], names.get(int(q["char_id"]))) for q in quotes]
    assert ('"Sticky how?"', "Sherlock Holmes") in spoken
    assert all(int(q["quote_start"]) <= int(q["quote_end"]) for q in quotes)
    # Places and buildings from the entity layer, each an entity id after the characters'.
    places = [e for e in entities if e["cat"] in ("FAC", "GPE", "LOC")]
    assert places and all(int(e["COREF"]) >= len(book["characters"]) for e in places)
    # One place named twice is one entity ("The room" and "the room" too); different places are
    # different ones.
    ids_by_text: dict[tuple[str, str], set[str]] = {}
    for e in places:
        ids_by_text.setdefault((e["cat"], e["text"].lower()), set()).add(e["COREF"])
    assert all(len(ids) == 1 for ids in ids_by_text.values())
    assert len({next(iter(ids)) for ids in ids_by_text.values()}) == len(ids_by_text)
    assert any(sum(e["text"].lower() == text and e["cat"] == cat for e in places) > 1 for cat, text in ids_by_text)
    assert [int(e["start_token"]) for e in entities] == sorted(int(e["start_token"]) for e in entities)


def test_booknlp_format_needs_a_folder():
    result = CliRunner().invoke(app, ["analyze", str(SAMPLE), "--format", "booknlp"])
    assert result.exit_code != 0
    assert "-o DIR" in result.output


def test_a_quote_is_linked_to_its_speakers_nearest_mention_outside_it():
    from ficlens.export.booknlp import speaker_mentions
    from ficlens.model import Mention, Quote, Work

    text = 'Holmes turned. "Watson, Holmes is here," he said to Watson.'
    quote = text.index('"'), text.rindex('"') + 1
    he = text.index("he said")
    mentions = [
        Mention(0, 6, "holmes"),
        Mention(16, 22, "watson", kind="name"),
        Mention(24, 30, "holmes"),  # inside the quote: not the tag
        Mention(he, he + 2, "holmes", kind="pronoun"),
        Mention(he, he + 2, "watson", kind="pronoun"),  # two mentions starting at one offset
    ]
    work = Work(text=text, mentions=mentions,
                quotes=[Quote(*quote, speaker="holmes"), Quote(*quote, speaker=None)])
    linked = speaker_mentions(work)
    assert linked[0] is mentions[3]
    assert linked[1] is None
