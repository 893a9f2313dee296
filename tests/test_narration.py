"""Narrative person from narration only: what characters say in quotes does not count."""

from __future__ import annotations

import pytest

from ficlens.model import Work
from ficlens.pipeline import Pipeline
from ficlens.stages.narration import mask_speech, narrative_person

FIRST = ("I walked down to the harbour before dawn. My boots were wet through, and I remember thinking "
         "that I would never be warm again. The boats were in. I counted them twice. ") * 4
THIRD = ("She walked down to the harbour before dawn. Her boots were wet through, and he watched her from "
         "the wall. \"I know you,\" he called. \"I saw you yesterday, and I will see you tomorrow.\" ") * 4
SECOND = ("You walk down to the harbour before dawn. Your boots are wet through, and you tell yourself "
          "that you will never be warm again. You count the boats twice. ") * 4


def test_narration_person_first_third_second():
    assert narrative_person(FIRST) == "first"
    assert narrative_person(THIRD) == "third"
    assert narrative_person(SECOND) == "second"


def test_narration_speech_is_masked():
    masked = mask_speech('He said, "I am here, and I am staying." Then he sat.')
    assert "I am here" not in masked and "Then he sat." in masked
    assert len(masked) == len('He said, "I am here, and I am staying." Then he sat.')


def test_narration_unclosed_quote_ends_with_its_paragraph():
    text = '"I will go," she said, "and I\n\nShe went. She did not look back.'
    assert "She went." in mask_speech(text)


def test_narration_british_single_quotes():
    masked = mask_speech("'I shan't,' said Alice. She didn't.")
    assert "shan" not in masked and "didn't" in masked


def test_narration_letters_do_not_make_a_story_first_person():
    letter = "Dear Meg,\n\n" + "I am here and I love it. I walk every day and I think of you.\n\n" * 6 + "Yours,\nHelen\n\n"
    work = Pipeline.build(["structure", "quotes", "narration"])(Work(text=letter + THIRD))
    assert work.narration.person == "third"


@pytest.mark.parametrize("text", ["", "Too short."])
def test_narration_too_little_text_is_unknown(text: str):
    assert narrative_person(text) is None


def test_second_person_with_many_others_and_a_stray_i():
    from ficlens.stages.narration import person_of
    narration = (
        "It is twenty to eleven and you are still behind the bar, because somebody has to be, and Frank's back "
        "is bad again. He says so from his stool, and you pretend not to hear. You wipe the taps. You count the "
        "till twice, because your hands want something to do. Her coat is still on the hook where she left it, "
        "and his dog is asleep under your feet, and you think I should have gone home an hour ago, and you do "
        "not go. You pour him another. He tells you that you are a saint. She tells him he is a fool from the "
        "doorway, and you agree with her, and you laugh, and your laugh surprises you. She says he is hopeless, "
        "and he says she is worse, and his brother agrees with him."
    )
    assert person_of(narration) == "second"


def test_second_person_among_a_crew_who_are_all_she_and_he():
    from ficlens.stages.narration import person_of
    narration = (
        "The barge noses into the lock and you lean on the tiller. Dove is at the bow with her pole, and Hesper "
        "is coiling rope beside her, and she swears at it. The captain is below with his leg up, and he shouts "
        "something you do not catch. Pim climbs the ladder, and he watches you. She calls the depth, and you "
        "nod, and her voice cracks on the last mark. He says the gates are slow tonight. She says they always "
        "are. You bring her in slow anyway. Hesper throws her line and misses, and she laughs, and he laughs "
        "at her, and she tells him to shut up. His boots ring on the deck. Her hands are raw. You hold the "
        "tiller steady, and your arms ache, and your breath smokes, and the lock-keeper leans on her beam and "
        "she waits for you."
    )
    assert person_of(narration) == "second"
