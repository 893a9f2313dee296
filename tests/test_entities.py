"""The entities stage: tokens as LitBank cuts them, and the shipped models' spans."""

from __future__ import annotations

import ficlens
from ficlens.model import Work
from ficlens.pipeline import Pipeline
from ficlens.stages.entities.tagger import bio_spans
from ficlens.stages.entities.tokens import sentences, tokens


def words(text: str) -> list[str]:
    return [text[a:b] for a, b in tokens(text)]


def test_tokens_split_clitics_and_punctuation_but_keep_titles_and_hyphens():
    assert words("Mr. Darcy didn't visit Lincoln's Inn-- the drawing-room...") == [
        "Mr.", "Darcy", "did", "n't", "visit", "Lincoln", "'s", "Inn", "--", "the", "drawing-room", "..."]


def test_sentences_end_after_closing_quotes_not_before_opening_ones():
    text = 'She stopped. "Well," he said. "It\'s late."\n\nA new paragraph'
    got = [[text[a:b] for a, b in s] for s in sentences(text)]
    assert got == [["She", "stopped", "."], ['"', "Well", ",", '"', "he", "said", "."],
                   ['"', "It", "'s", "late", ".", '"'], ["A", "new", "paragraph"]]


def test_bio_spans_read_runs_and_stray_inside_tags():
    assert bio_spans(["B-PER", "I-PER", "O", "I-GPE", "B-FAC", "B-FAC"]) == [
        ("PER", 0, 2), ("GPE", 3, 4), ("FAC", 4, 5), ("FAC", 5, 6)]


def test_people_places_and_descriptions_are_marked_in_the_story_only():
    text = (
        "Author's note: thanks to Taylor Swift for the playlist!\n\n"
        "Elizabeth Bennet walked from Longbourn to London with her sister. "
        "The old man at the inn watched them go.\n"
    )
    work = ficlens.analyze(text)
    found = {(work.text[e.start : e.end], e.label) for e in work.entities}
    assert any(label == "PER" and words.startswith("Elizabeth") for words, label in found)
    assert ("London", "GPE") in found
    assert any(label == "PER" and words.lower().startswith("the old man") for words, label in found)
    note_end = text.index("\n\n")
    assert all(e.start > note_end for e in work.entities)


def test_entities_stage_runs_alone_and_round_trips_through_json():
    pipeline = Pipeline.build(["structure", "entities"])
    work = pipeline(Work(text="Sherlock Holmes took a cab to Baker Street.\n"))
    assert work.entities and all(e.end > e.start for e in work.entities)
    again = Work.from_json(work.to_json())
    assert again.entities == work.entities


def test_threads_tagging_at_once_get_what_one_thread_gets():
    from concurrent.futures import ThreadPoolExecutor

    from ficlens.stages.entities import find_entities

    texts = [f"Mr. Darcy rode from Pemberley to London with Elizabeth, and {n} carriages followed." for n in range(12)]
    alone = [find_entities(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(find_entities, texts))
    assert together == alone and all(alone)


def test_one_name_or_one_description_of_a_thing_is_one_group():
    from ficlens.model import Entity
    from ficlens.stages.entities.groups import entity_groups

    text = "London. the old man. The drawing-room. London. the drawing-room. the old man. a house. a house."
    spans = [("London", "GPE"), ("the old man", "PER"), ("The drawing-room", "FAC"), ("London", "GPE"),
             ("the drawing-room", "FAC"), ("the old man", "PER"), ("a house", "FAC"), ("a house", "FAC")]
    entities, at = [], 0
    for surface, label in spans:
        start = text.index(surface, at)
        entities.append(Entity(start, start + len(surface), label))
        at = start + len(surface)
    groups = entity_groups(text, entities)
    # The town by name and the room by its definite description are one each; people outside
    # the cast described alike, and things with no definite article, are apart.
    assert groups[0] == groups[3] and groups[2] == groups[4]
    assert len({groups[1], groups[5], groups[6], groups[7], groups[0], groups[2]}) == 6
    assert groups[0] == 0 and sorted(set(groups)) == list(range(len(set(groups))))


def test_they_following_a_group_of_people_is_that_group_and_a_later_they_another():
    from ficlens.model import Entity
    from ficlens.stages.entities.groups import PLURAL_GAP, plural_groups

    filler = "The rain went on over the orchard all afternoon. " * (PLURAL_GAP // 40 + 1)
    text = ("The Bennet sisters came in from the rain. They were soaked, and their mother scolded them. "
            + filler + "At the inn the soldiers sang. They sang all night.")
    sisters = Entity(text.index("Bennet sisters"), text.index(" came"), "PER", group=0)
    soldiers = Entity(text.index("the soldiers"), text.index(" sang"), "PER", group=1)
    found = plural_groups(text, [(0, len(text))], [sisters, soldiers])
    assert [text[e.start : e.end] for e in found] == ["They", "their", "them", "They"]
    assert [e.group for e in found] == [0, 0, 0, 1]
    assert all(e.label == "PER" for e in found)


def test_a_they_with_no_group_of_people_before_it_is_a_group_of_its_own():
    from ficlens.stages.entities.groups import plural_groups

    text = "Nobody saw them leave. They had gone by morning."
    found = plural_groups(text, [(0, len(text))], [])
    assert len({e.group for e in found}) == 1 and len(found) == 2
