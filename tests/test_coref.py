"""The coref stage: pronouns linked to the characters readers would link them to."""

from __future__ import annotations

import ficlens


def pronouns(text: str) -> list[tuple[str, str]]:
    work = ficlens.analyze(text)
    names = {c.id: c.name for c in work.characters}
    return [(work.text[m.start : m.end], names[m.character]) for m in work.mentions if m.kind == "pronoun"]


def test_he_before_any_name_is_the_one_the_scene_follows():
    text = (
        "He hangs up and drops the phone into his bag. The station is loud and he is tired.\n\n"
        "Tobias Wren had been away from Harlow for four years. Tobias watched the board flicker "
        "and thought about his brother.\n\n"
        "Mara Quill waved from the barrier. Tobias waved back, and she laughed at his coat.\n"
    )
    linked = pronouns(text)
    assert linked[:3] == [("He", "Tobias Wren"), ("his", "Tobias Wren"), ("he", "Tobias Wren")]
    assert ("she", "Mara Quill") in linked


def test_a_pronoun_with_no_one_named_often_is_left_alone():
    text = (
        "She had never liked the sea. The wind came in sideways and the gulls were loud.\n\n"
        "Nobody else walked on the beach that morning, and the tide went out.\n"
    )
    assert pronouns(text) == []
