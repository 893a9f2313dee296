"""Every output validates against the committed ficlens/1 schema, with offsets inside the text."""

from __future__ import annotations

import json

import pytest

import ficlens
from ficlens.model import Work
from ficlens.schema import validate
from ficlens.stages.stats import count_words

STORY = (
    "Disclaimer: I don't own Sherlock Holmes.\n\nChapter 1: Bees\n\n"
    "Holmes looked up. \"Watson,\" he said.\n\nDear Mr Holmes,\n\nHelp.\n\nYours,\nMargaret\n\n***\n\n"
    "Holmes read the letter twice and reached for his coat.\n\n"
    "Thanks for reading! Please review.\n"
)


def offsets_inside(doc: dict) -> None:
    n = len(doc["text"])
    spans = doc["chapters"] + doc["segments"] + doc["scenes"] + doc["mentions"] + doc["quotes"] + doc["markup"]
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= n, span


def test_output_contract_story_validates():
    doc = json.loads(ficlens.analyze(STORY).to_json())
    validate(doc)
    offsets_inside(doc)
    assert doc["schema"] == "ficlens/1"
    assert doc["relationships"] == []  # layers that have not landed are empty lists, never missing
    # The disclaimer names the fandom but is not read for characters; the letter's signer is one.
    assert doc["tags"]["fandoms"] == ["Sherlock Holmes - Arthur Conan Doyle"]
    assert {c["name"] for c in doc["characters"]} == {"Sherlock Holmes", "John Watson", "Margaret"}
    speech = [q for q in doc["quotes"] if q["kind"] == "speech"]
    assert [doc["text"][q["start"] : q["end"]] for q in speech] == ['"Watson,"']
    assert speech[0]["speaker"] == "sherlock-holmes"


def test_output_contract_round_trip():
    work = ficlens.analyze(STORY)
    again = Work.from_json(work.to_json())
    assert again.to_dict() == work.to_dict()


def test_output_contract_rejects_a_missing_layer():
    doc = json.loads(ficlens.analyze(STORY).to_json())
    del doc["quotes"]
    with pytest.raises(Exception):
        validate(doc)


def test_output_contract_stats():
    work = ficlens.analyze(STORY)
    assert work.stats.chapters == 1
    assert work.stats.note_words >= 10
    titles = sum(count_words(c.title or "") for c in work.chapters)
    assert work.stats.words == work.stats.story_words + work.stats.note_words + titles


def test_output_contract_html_repr_is_the_reader_page():
    work = ficlens.analyze(STORY)
    html = work._repr_html_()
    assert "seg-author_note" in html and "seg-letter" in html
    assert "<script" not in html


def test_output_contract_every_real_ao3_file_validates(shared_data):
    files = sorted((shared_data / "ao3-samples").rglob("*.*"))
    assert files
    for path in files:
        doc = json.loads(ficlens.analyze(path).to_json())
        validate(doc)
        offsets_inside(doc)
        assert doc["work"]["declared_tags"]["fandoms"], path.name
