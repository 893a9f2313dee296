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


def test_a_name_right_before_its_verb_is_the_one_the_next_she_goes_on_with():
    text = (
        "Josie Hart had been on the ward all night. Josie checked the charts twice.\n\n"
        "The door opened again, and Mara Quill walked in with two coffees. She set one down by "
        "the charts without a word.\n"
    )
    linked = pronouns(text)
    assert ("She", "Mara Quill") in linked
    assert ("She", "Josie Hart") not in linked


def test_a_name_after_someone_already_meant_in_its_sentence_is_no_new_subject():
    text = (
        "Noor Haddad met him at the quay. She always did; Lise Marren hated crowds and had left "
        "the harbour to Noor long ago. Lise Marren was asleep at home.\n\n"
        "Noor waited under the lamp. She always did; Lise hated the fish market. She was "
        "standing in her yellow coat when the boat came in.\n"
    )
    shes = [who for word, who in pronouns(text) if word == "She"]
    assert shes[-1] == "Noor Haddad"


def test_he_who_thinks_is_the_one_the_scene_is_told_from():
    text = (
        "Tobias Wren sat by the window. Tobias thought about the letter. Tobias wondered if his "
        "brother had read it yet, and Tobias felt sick.\n\n"
        "Felix came in with the post. Felix dropped it on the table and left. He wondered, not "
        "for the first time, why he had ever come back.\n"
    )
    linked = pronouns(text)
    assert linked[-2:] == [("He", "Tobias Wren"), ("he", "Tobias Wren")]


def test_she_of_a_woman_the_story_only_describes_is_hers():
    text = (
        "Tobias Fenn walked the whole night along the canal road and slept at last under a bridge.\n\n"
        "He woke to rain on the water. A woman in a green coat was sitting on the towpath, mending a net.\n\n"
        '"You slept like a stone," the woman said.\n\n'
        "Tobias did not answer. She knotted the last of the net and stood up, and he saw that her boots "
        "were older than his.\n"
    )
    linked = pronouns(text)
    assert ("She", "the woman") in linked and ("her", "the woman") in linked
    assert ("he", "Tobias Fenn") in linked


def test_he_after_a_man_who_was_only_acted_on_goes_on_with_the_subject():
    text = (
        "Tobias Wren was plain, and he knew it. Tobias could not remember when he started liking "
        "Marek Sand. Sometime in the first year, he started to feel it.\n"
    )
    linked = pronouns(text)
    assert linked[-1] == ("he", "Tobias Wren")


def test_the_one_who_thinks_leads_the_scene_over_one_named_more_but_only_looked_at():
    text = (
        "Tobias Wren was plain, and Tobias knew it. Tobias couldn't remember when he started liking Jory.\n\n"
        "He went out of his way for Jory. He lent Jory pencils and watched Jory in class and waited "
        "for Jory by the gate.\n\n"
        "Jory. Jory. Jory. The name was everything.\n\n"
        "He wondered whether it would ever be enough.\n"
    )
    linked = pronouns(text)
    assert linked[-1] == ("He", "Tobias Wren")


def test_she_after_a_woman_walks_out_the_door_is_the_one_still_there():
    text = (
        "Peter was shaking on the floor of the lab. Michelle knelt beside him, and Josie knelt on his other side.\n\n"
        "Josie gave Peter's face one more caress before walking out the door and back to her other work. "
        "Peter wept. She rubbed his back and said nothing.\n"
    )
    linked = pronouns(text)
    assert ("her", "Josie") in linked  # her own work, in the sentence she leaves in
    assert linked[-2:] == [("She", "Michelle"), ("his", "Peter")]
