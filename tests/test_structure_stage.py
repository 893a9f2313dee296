"""The structure stage on hand-written stories: notes, chapters, letters, messages, scenes."""

from ficlens.model import Markup, Work
from ficlens.stages.structure import StructureStage


def run(text: str, markup: list[Markup] | None = None) -> Work:
    return StructureStage()(Work(text=text, markup=markup or []))


def kinds(work: Work, kind: str) -> list[str]:
    return [work.text[s.start : s.end].strip() for s in work.segments if s.kind == kind]


STORY = (
    "Holmes was at the window when I came down. \"Watson,\" he said, \"we have a client.\"\n\n"
    "\"At this hour?\" I asked, and he only smiled.\n\n"
)


def test_structure_marked_note_before_and_after():
    text = "A/N: Thanks for all the reviews! Hope you enjoy.\n\n" + STORY + "A/N: Please review!\n"
    work = run(text)
    assert kinds(work, "author_note") == ["A/N: Thanks for all the reviews! Hope you enjoy.", "A/N: Please review!"]
    assert kinds(work, "story")[0].startswith("Holmes was at the window")


def test_structure_unmarked_note_is_found():
    text = ("Sorry for the long wait, everyone! Exams have been crazy. Thank you so much for reading "
            "and for all the lovely comments on the last chapter.\n\n" + STORY)
    work = run(text)
    assert kinds(work, "author_note") == [text.split("\n\n")[0]]


def test_structure_story_that_talks_to_the_reader_is_not_a_note():
    text = ("You will not believe me, reader, but I was there when the bees vanished. "
            "I saw the hives stand empty in the morning light.\n\n" + STORY)
    work = run(text)
    assert kinds(work, "author_note") == []


def test_structure_characters_talking_about_reviews_stay_story():
    text = STORY + "\"I reviewed the chapter you wrote,\" Lestrade said. \"Thank you for reading it,\" she replied.\n\n" + STORY
    assert kinds(run(text), "author_note") == []


def test_structure_divider_closes_an_opening_note():
    text = ("Hi guys! This one is for my beta, who is the best.\n\nIt is short and a bit silly.\n\n"
            "~~~\n\n" + STORY)
    notes = kinds(run(text), "author_note")
    assert notes == ["Hi guys! This one is for my beta, who is the best.", "It is short and a bit silly."] or notes == [
        "Hi guys! This one is for my beta, who is the best.\n\nIt is short and a bit silly."
    ]


def test_structure_inline_note_inside_story_paragraph():
    text = "The hansom stopped at Baker Street (A/N: yes, that Baker Street!) and we got out.\n\n" + STORY
    assert kinds(run(text), "author_note") == ["(A/N: yes, that Baker Street!)"]


def test_structure_chapters_and_scene_breaks():
    text = "Chapter 1: Bees\n\n" + STORY + "* * *\n\n" + STORY + "Chapter 2: Honey\n\n" + STORY
    work = run(text)
    assert [c.title for c in work.chapters] == ["Chapter 1: Bees", "Chapter 2: Honey"]
    assert work.chapters[0].end == work.chapters[1].start
    assert len(work.scenes) == 3
    assert kinds(work, "chapter_title") == ["Chapter 1: Bees", "Chapter 2: Honey"]


def test_structure_no_headings_gives_one_untitled_chapter():
    work = run(STORY)
    assert [(c.index, c.title, c.start, c.end) for c in work.chapters] == [(1, None, 0, len(STORY))]


def test_structure_letter_with_signature():
    text = STORY + "Dear Mr Holmes,\n\nMy bees are vanishing.\n\nYours faithfully,\nMargaret Lowe\n\n" + STORY
    assert kinds(run(text), "letter") == ["Dear Mr Holmes,\n\nMy bees are vanishing.\n\nYours faithfully,\nMargaret Lowe"]


def test_structure_dear_readers_is_a_note_not_a_letter():
    text = "Dear readers, thank you for your patience with this update!\n\n" + STORY
    work = run(text)
    assert kinds(work, "letter") == []
    assert len(kinds(work, "author_note")) == 1


def test_structure_chat_messages():
    text = STORY + "Watson: where are you\nSherlock: Baker Street. Come at once.\nWatson: on my way\n\n" + STORY
    assert kinds(run(text), "message") == ["Watson: where are you\nSherlock: Baker Street. Come at once.\nWatson: on my way"]


def test_structure_lyrics_near_singing():
    text = STORY + "Mrs Hudson sang as she dusted:\n\nOh the bees are in the clover\nAnd the summer's nearly over\n\n" + STORY
    assert kinds(run(text), "lyrics") == ["Oh the bees are in the clover\nAnd the summer's nearly over"]


def test_structure_short_single_quoted_speech_is_no_verse_even_where_they_sing():
    text = (STORY + "Mrs Hudson sang in the kitchen, and the bells of St Bride's rang the hour.\n\n"
            "'Thank you, Martha,' said Mrs Hudson.\n\n'I only asked.'\n\n'I know. Don't.'\n\n" + STORY)
    assert kinds(run(text), "lyrics") == []


def test_structure_disclaimer_inside_a_note():
    text = "A/N: New story! Disclaimer: I don't own Sherlock Holmes.\n\n" + STORY
    work = run(text)
    assert kinds(work, "disclaimer") == ["Disclaimer: I don't own Sherlock Holmes."]


def test_structure_partition_covers_every_character_once():
    text = "A/N: hi!\n\nChapter 1\n\n" + STORY + "***\n\n" + STORY + "Thanks for reading!\n"
    work = run(text)
    top = [s for s in work.segments if s.kind in ("story", "author_note", "summary", "chapter_title")]
    assert top[0].start == 0 and top[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(top, top[1:]))


def test_structure_reader_markup_wins():
    text = "These are the author's words in a notes box.\n\nChapter 1\n\n" + STORY
    box = Markup("author_note", 0, text.index("\n\n"), "work-notes")
    chapter = Markup("chapter", text.index("Chapter 1"), len(text), "Chapter 1")
    work = run(text, [box, chapter])
    assert kinds(work, "author_note") == ["These are the author's words in a notes box."]
    assert [c.title for c in work.chapters] == ["Chapter 1"]


def test_structure_note_model_matches_the_cue_lists():
    """The shipped model names features by cue position: editing lexicon.yaml means retraining."""
    from ficlens.stages.structure.features import lexicon_digest, shipped_model

    model = shipped_model()
    assert model is not None
    assert model["lexicon_digest"] == lexicon_digest(), "retrain: .venv/bin/python scripts/train_note_model.py"


def test_a_group_chat_opening_the_story_is_a_message_not_a_note():
    text = (
        "Emergency Meeting\n\n"
        "Notes: happy birthday to my beta!! pure fluff, no plot. I don't own this, sadly.\n\n"
        "-\n\n"
        "Group chat: first years (5)\n\n"
        "Yachi: okay!! emergency first year meeting!!\n"
        "Yachi: his birthday is on friday and we have NOTHING planned\n"
        "Hinata: MEAT BUNS\n"
        "Kageyama: we cant give him meat buns for his birthday\n"
        "Hinata: why not?? everyone loves meat buns lol\n"
        "Tsukishima: Why am I in this chat.\n"
        "Yamaguchi: you're in it bc you're a first year lol thanks for reading the list yachi!!\n\n"
        "-\n\n"
        "Hinata screamed when Kageyama tapped his shoulder in the corridor after practice, and the two of them "
        "argued about it all the way to the shop, where Yachi was already waiting with a list.\n"
    )
    work = run(text)
    chat = text.index("Yachi: okay")
    kinds = {s.kind for s in work.segments if s.start <= chat < s.end}
    assert "message" in kinds and "author_note" not in kinds
    assert any(s.kind == "author_note" and work.text[s.start : s.end].startswith("Notes:") for s in work.segments)


SCENES = (
    "The fog came down over Baker Street early that evening, and Holmes did not come home for supper. I ate "
    "alone and read the paper twice.\n\n"
    "* * *\n\n"
    "It was past midnight when I heard his key in the lock. He came up the stairs slowly, and when he reached "
    "the sitting room he stood for a long moment in the doorway without taking off his coat.\n\n"
    '"Well?" I said.\n\n'
    '"Well," said Holmes, and he sat down by the dead fire.\n\n'
)


def test_a_long_end_note_behind_the_scene_break_divider():
    note = [
        "I have so many feelings about this chapter, sorry in advance.",
        "What strikes me about Holmes in the stories is how often he comes home and says nothing at all. "
        "Watson fills the silence, and the silence is where the friendship lives.",
        "I also think Watson knows exactly what he is doing when he leaves the silence alone. That is the "
        "version of them I wanted to write here.",
        "Anyway, that's my essay. Thank you so much for reading and for all the lovely comments!",
    ]
    text = SCENES + "* * *\n\n" + "\n\n".join(note) + "\n"
    work = run(text)
    found = " ".join(kinds(work, "author_note"))
    assert all(p in found for p in note)
    assert "the dead fire" not in found


def test_replies_between_a_note_and_a_disclaimer_are_the_note():
    text = (
        "Author's Note: Thank you ever so much for all the reviews on the last chapter!\n\n"
        "bakerstreetbee – yes, he really does keep the tobacco in the slipper, and yes, I did ring my dad to "
        "check how a cabman would say \"guv'nor\".\n\n"
        "Guest – I know the timeline is odd. Let me have this.\n\n"
        "221bee – the dog is based on my aunt's spaniel, who was also called Toby and also ate a glove once.\n\n"
        "Disclaimer: Sherlock Holmes belongs to Arthur Conan Doyle.\n\n"
        "* * *\n\n" + SCENES
    )
    work = run(text)
    found = " ".join(kinds(work, "author_note") + kinds(work, "disclaimer"))
    assert "bakerstreetbee" in found and "Let me have this" in found and "ate a glove" in found
    assert "Baker Street early" not in found



def test_a_fanfiction_net_header_has_a_summary_and_a_site_line():
    text = (
        "Holmes takes a case about bees, and Watson regrets everything. Humour, friendship.\n\n"
        "Rated: Fiction K+ - English - Humor/Friendship - Sherlock H., John W. - Chapters: 3 - Words: 4,210\n\n"
        + STORY
    )
    work = run(text)
    assert kinds(work, "summary") == [text.split("\n\n")[0]]
    assert not any(t.startswith("Rated:") for t in kinds(work, "author_note"))


def test_a_dedication_opening_the_chapter_is_a_note():
    text = "For Ruth, who asked for autumn and got this instead.\n\n" + STORY
    work = run(text)
    assert kinds(work, "author_note") == ["For Ruth, who asked for autumn and got this instead."]
    assert kinds(work, "story")[0].startswith("Holmes was at the window")


def test_ao3_section_headings_make_their_sections():
    text = (
        "Summary:\n\nPatroclus, the night before he asks for the armour.\n\n"
        "Notes:\n\nContent warnings: grief, canon-typical violence.\n\n"
        "I've kept a few Greek words; the footnotes are at the end.\n\n"
        "(See the end of the work for more notes.)\n\n"
        "Work Text:\n\n" + STORY
    )
    work = run(text)
    assert kinds(work, "summary") == ["Summary:\n\nPatroclus, the night before he asks for the armour."]
    notes = " ".join(kinds(work, "author_note"))
    assert "I've kept a few Greek words" in notes and "(See the end of the work" in notes
    assert "Holmes was at the window" not in notes


def test_everything_after_a_marked_end_note_is_the_note():
    text = STORY + (
        "AN: Soooo... yeah. That happened. Please don't hate me!\n\n"
        "Replies to reviews:\n\n"
        "MoorlandMaddie: Thank you!! He will get worse before he gets better.\n\n"
        "If anyone has prompts for one-shots, send them my way, I'm collecting them for the summer.\n\n"
        "Review please!\n~Bea\n"
    )
    notes = " ".join(kinds(run(text), "author_note"))
    assert "If anyone has prompts" in notes and "~Bea" in notes and "Soooo" in notes


def test_numbers_between_ornaments_are_chapter_headings():
    text = "~ 4 ~\n\n" + STORY + "~ 5 ~\n\n" + STORY.replace("Holmes", "Lestrade")
    work = run(text)
    assert [c.title for c in work.chapters] == ["~ 4 ~", "~ 5 ~"]


def test_an_italic_paragraph_beside_a_note_before_the_divider_is_the_note():
    text = (
        "_Short one this week, sorry! It is a bit under what I promised, which for me is restraint._\n\n"
        "Thanks to my beta for the read-through, and thank you all for reading and reviewing!\n\n"
        "* * *\n\n" + STORY
    )
    notes = " ".join(kinds(run(text), "author_note"))
    assert "Short one this week" in notes and "Thanks to my beta" in notes


def test_a_glossary_closing_the_chapter_is_a_note():
    text = STORY + "Glossary:\n*Shifu - master, teacher.\n*yaoguai - demons and spirits of the road.\n"
    assert any(k.startswith("Glossary:") for k in kinds(run(text), "author_note"))


def test_a_marked_note_opening_a_short_chapter_does_not_take_the_story():
    text = "Author's note: thanks to everyone for the playlist!\n\n" + STORY
    work = run(text)
    assert kinds(work, "author_note") == ["Author's note: thanks to everyone for the playlist!"]


def test_a_chat_typed_in_lower_case_is_messages_and_its_names_count():
    text = STORY + (
        "jordan: how many\n\n"
        "me: all of them. there are no more hydrangeas on long island\n\n"
        "jordan: ok but be honest nick is it kind of romantic\n\n"
        "me: it's kind of a lot\n"
    )
    messages = kinds(run(text), "message")
    assert messages and "be honest nick" in " ".join(messages)


def test_two_lower_case_lines_with_colons_are_no_chat():
    text = STORY + "note: the kettle is broken\n\nalso: we are out of milk\n"
    assert not kinds(run(text), "message")


def test_a_marked_end_note_keeps_its_quoted_song_line():
    text = STORY + (
        "AN: Thank you for reading!! Here's the playlist:\n\n"
        "1. Dial Tone Lullaby - The Hollow Lamps\n2. Baker Street Lights - Minor Planets\n\n"
        'I had "Dial Tone Lullaby" on repeat for the whole email scene, especially the bit that goes\n\n'
        "which is basically Holmes's entire personality. Reviews make me happy!\n"
    )
    notes = " ".join(kinds(run(text), "author_note"))
    assert "on repeat for the whole email scene" in notes and "Reviews make me happy" in notes


def test_credits_and_owned_errors_close_the_chapter_as_a_note():
    text = STORY + (
        "A few historical notes, for the curious: the tavern was real, and the edict against duelling "
        "came a little later than this chapter is set, so I have bent history slightly.\n\n"
        "Thanks to my sister for the French, any errors left are mine.\n"
    )
    notes = " ".join(kinds(run(text), "author_note"))
    assert "bent history slightly" in notes and "any errors left are mine" in notes


def test_note_lines_of_a_header_block_are_notes_and_its_fields_are_not():
    text = (
        "Tuesday, 23 June 2009 at 10:04 pm\n\nFIC: A Short Account of the Night in Question (Midsummer Night's Dream, G)\n\n"
        "Title: The Night in Question\nFandom: A Midsummer Night's Dream\nRating: General\n"
        "Disclaimer: Shakespeare's, obviously.\nA/N: Written in one sitting for a challenge.\n"
        "Prompt was unreliable, and so is Puck.\n\n" + STORY
    )
    work = run(text)
    # The header fields stay where the note rules put them (here the story); its note lines are notes.
    assert kinds(work, "author_note") == [
        "Disclaimer: Shakespeare's, obviously.",
        "A/N: Written in one sitting for a challenge.\nPrompt was unreliable, and so is Puck.",
    ]
    assert kinds(work, "disclaimer") == ["Disclaimer: Shakespeare's, obviously."]


THIRD_PERSON = (
    "The envelope sat on the bench for eleven days. Victor looked at it every morning and did not post it.\n\n"
    "On the twelfth day he burned it in the stove, and watched the paper curl.\n\n"
    "Elizabeth did not hear from him again until the spring.\n\n"
)


def test_an_author_aside_in_a_third_person_story_joins_the_end_note():
    text = THIRD_PERSON + (
        "I know. I'm sorry. I wanted him to send it too.\n\n"
        "Thank you, as always, to everyone who comments. I read every one of them!\n"
    )
    assert kinds(run(text), "author_note") == [
        "I know. I'm sorry. I wanted him to send it too.\n\n"
        "Thank you, as always, to everyone who comments. I read every one of them!"
    ]


def test_a_first_person_story_keeps_its_last_paragraph_before_the_note():
    text = (
        "I sat on the bench for eleven days with the envelope in my lap.\n\n"
        "On the twelfth day I burned it in the stove, and I watched the paper curl.\n\n"
        "I did not hear from her again until the spring. I know. I was a coward.\n\n"
        "Thank you, as always, to everyone who comments. I read every one of them!\n"
    )
    assert kinds(run(text), "author_note") == ["Thank you, as always, to everyone who comments. I read every one of them!"]


def test_a_dated_diary_entry_ending_a_third_person_story_stays_story():
    text = THIRD_PERSON + (
        "Wednesday, 10th October.\n\n"
        "Fine at last. New carpet ordered, a dark red. I did not ask how the brother was found.\n\n"
        "Thank you, as always, to everyone who comments. I read every one of them!\n"
    )
    assert kinds(run(text), "author_note") == ["Thank you, as always, to everyone who comments. I read every one of them!"]


def test_structure_a_note_set_in_one_block_with_a_long_salutation_is_a_letter():
    note = ("    Mistress Mary Quite Contrary,\n"
            "    Come to my room directly after breakfast. Do not let Medlock see you on the stairs.\n"
            "    Colin Craven")
    text = STORY + "Mary broke the wax. The note said:\n\n" + note + "\n\n" + STORY
    assert kinds(run(text), "letter") == [note.strip()]


def test_structure_an_indented_note_signed_in_initials_is_a_letter_but_an_indented_verse_is_not():
    text = (
        STORY + "On the back, in the same curly hand as before, it said:\n\n"
        "    Received, one thimble. Tell the girl.\n    J. H.\n\n"
        "Nobody said anything for a while.\n\n"
        "    The tide goes out and the tide comes in,\n    and nobody asks where the water has been.\n\n" + STORY
    )
    assert kinds(run(text), "letter") == ["Received, one thimble. Tell the girl.\n    J. H."]


def test_structure_end_notes_labelled_so_after_a_divider_are_a_note():
    for divider in ("~~~~~\n", "* * *\n\n"):
        text = STORY + divider + "End notes: Irene Adler may call next time, if the landlady allows it.\n"
        work = run(text)
        assert kinds(work, "author_note") == ["End notes: Irene Adler may call next time, if the landlady allows it."]
