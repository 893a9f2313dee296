"""The speakers stage: tags, beats, turn-taking, vocatives, narrators and chat senders."""

from __future__ import annotations

import pytest

import ficlens
from ficlens.model import Work


def said(work: Work) -> list[tuple[str, str | None]]:
    names = {c.id: c.name for c in work.characters}
    return [(work.text[q.start : q.end].strip("\"“”'‘’ ,."), names.get(q.speaker)) for q in work.quotes if q.kind == "speech"]


def speaker_of(work: Work, words: str) -> str | None:
    return next(name for quote, name in said(work) if quote.startswith(words))


def rules_reading(text: str) -> tuple[Work, list]:
    """The story read again by the speaker rules alone, before the ranking model weighs them; with
    each spoken quote's (quote, candidates, features)."""
    from ficlens.model import Quote
    from ficlens.stages.speakers import attribute

    work = ficlens.analyze(text)
    work.quotes = [Quote(q.start, q.end, kind=q.kind) for q in work.quotes]
    rows: list = []
    attribute(work, collect=rows, passes=[{}])
    return work, rows


SHERLOCK = (
    "Sherlock Holmes was at the window when John Watson came in with the shopping.\n\n"
    '"You took the long way," said Sherlock.\n\n'
    '"I took the only way," John said. "The Tube was shut."\n\n'
    'Sherlock frowned. "No, it wasn\'t."\n\n'
    '"It was for me."\n\n'
    '"Then you were on the wrong line."\n\n'
    '"John, stop," Mrs. Hudson called up the stairs. She sounded tired. "Both of you, stop."\n\n'
    'He put the milk away. "Sorry, Mrs. Hudson," he said.\n'
)


def test_tags_beats_and_turns():
    work = ficlens.analyze(SHERLOCK)
    assert speaker_of(work, "You took the long way") == "Sherlock Holmes"  # said Sherlock
    assert speaker_of(work, "I took the only way") == "John Watson"  # John said
    assert speaker_of(work, "The Tube was shut") == "John Watson"  # the same paragraph goes on
    assert speaker_of(work, "No, it wasn't") == "Sherlock Holmes"  # an action beat
    assert speaker_of(work, "It was for me") == "John Watson"  # turn-taking, untagged
    assert speaker_of(work, "Then you were on the wrong line") == "Sherlock Holmes"
    assert speaker_of(work, "Sorry, Mrs") == "John Watson"  # "he said": the last man named


def test_vocatives_name_the_addressee_not_the_speaker():
    work = ficlens.analyze(SHERLOCK)
    quote = next(q for q in work.quotes if work.text[q.start : q.end].startswith('"John, stop'))
    ids = {c.name: c.id for c in work.characters}
    assert quote.speaker == ids["Mrs. Hudson"]
    assert ids["John Watson"] in quote.addressees


def test_first_person_narrator_speaks_as_i():
    text = (
        "I found Marisol on the back step, where she always sat when she was cross.\n\n"
        '"Go away," Marisol said.\n\n'
        '"No," I said. "Not until you tell me what happened, Marisol."\n\n'
        "She sighed, and moved over to make room for me. Tobias, she told me, had sold her bicycle.\n\n"
        '"Then we will get it back, Nico," I heard myself promise, which was a foolish thing to say.\n\n'
        '"You always say that, Nico," said Marisol.\n'
    )
    work = ficlens.analyze(text)
    assert work.narration.person == "first"
    narrator = next(c.name for c in work.characters if c.id == work.narration.narrator)
    assert narrator == "Nico"  # named by Marisol when she speaks to the narrator
    assert speaker_of(work, "No") == "Nico"
    assert speaker_of(work, "Go away") == "Marisol"


def test_chat_lines_are_written_by_their_senders():
    text = (
        "Tamsin Reed checked her phone on the bridge. Wil Ashby had been texting for an hour.\n\n"
        "Wil: where r u\nTamsin: bridge. lamps out\nWil: ALL of them??\nTamsin: all of them\n\n"
        "Tamsin put the phone away and lit the first lamp herself.\n"
    )
    work = ficlens.analyze(text)
    names = {c.id: c.name for c in work.characters}
    written = [(work.text[q.start : q.end], names.get(q.speaker)) for q in work.quotes if q.kind == "written"]
    assert written == [("where r u", "Wil Ashby"), ("bridge. lamps out", "Tamsin Reed"),
                       ("ALL of them??", "Wil Ashby"), ("all of them", "Tamsin Reed")]


def test_speakers_stage_runs_alone_and_leaves_unknown_speakers_empty():
    from ficlens.pipeline import Pipeline
    from ficlens.stages.speakers import SpeakersStage

    work = Pipeline.build(["structure", "quotes", "narration", "characters"])(Work(text='"Is anyone there?"\n'))
    work = SpeakersStage()(work)
    assert [q.speaker for q in work.quotes] == [None]  # nobody a reader could name


def test_she_with_no_woman_named_is_the_woman_last_described():
    text = (
        "Tobias Fenn walked the whole night along the canal road and slept at last under a bridge.\n\n"
        "He woke to rain on the water. A woman in a green coat was sitting on the towpath, mending a net. "
        "Her hands never stopped. Tobias watched them for a long time, and wondered where the boats had gone, "
        "and whether the lock-keeper would give him bread if he asked at the cottage.\n\n"
        '"You slept like a stone," she said without looking up.\n\n'
        '"I walked a long way," he said.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "You slept like a stone") == "the woman"
    assert speaker_of(work, "I walked a long way") == "Tobias Fenn"


def test_trades_named_by_their_ending_speak_as_themselves_or_as_the_one_they_are():
    from ficlens.stages.characters.lexicon import person_noun

    assert [person_noun(w) for w in ("gatekeeper", "saloon-keeper", "fishwife", "clergyman", "mother-in-law")] == \
        ["unknown", "unknown", "female", "male", "female"]
    assert [person_noun(w) for w in ("dreamcatcher", "ottoman", "summer", "screwdriver")] == [None] * 4
    text = (
        "Tobias Fenn reached the toll-gate at dusk and found it shut.\n\n"
        '"Open up," Tobias called.\n\n'
        '"Not after dark," said the gatekeeper from his window. "Come back at six."\n\n'
        "At the inn Mr. Pellow himself, the famous clockmaker of Fore Street, was drinking by the fire.\n\n"
        '"You look like a man with a broken watch," said the clockmaker.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Not after dark") == "the gatekeeper"
    assert speaker_of(work, "You look like a man") == "Mr. Pellow"


def test_she_answering_the_narrator_is_the_woman_he_was_answering():
    text = (
        "I was tired, and I was cold, and I had one coin left. Priya Nair kept watch by the door with our bags "
        "while I found the payphone and dialled the only number I knew by heart.\n\n"
        '"Hello?"\n\n'
        '"Hey, Aunt Rosa. It\'s me."\n\n'
        '"Jonah! Where are you? Are you eating?"\n\n'
        '"I\'m fine," I told her. "We\'re in Dover."\n\n'
        '"Dover," she repeated, as if it were a swear word.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Jonah! Where are you") == "Aunt Rosa"
    assert speaker_of(work, "Dover") == "Aunt Rosa"


def test_a_letter_read_out_is_the_writers_by_its_closing():
    text = (
        "Tobias Fenn found the note under the clock and gave it to Ada Marsh, who read it to him by the window.\n\n"
        '"Do not wait for me. I have gone to the coast with the boats and will be back when the herring are in. '
        'Your loving sister, Mara."\n\n'
        '"She always did like boats," Tobias said. "Here is your coat, Ada."\n\n'
        '"Keep it," Ada said.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Do not wait for me") == "Mara"
    assert speaker_of(work, "She always did like boats") == "Tobias Fenn"
    assert speaker_of(work, "Here is your coat") == "Tobias Fenn"


def test_the_one_heard_is_the_speaker_not_the_listener():
    text = (
        "Ada Crane went down to the quay at noon. Tobias Fenn stayed on the stairs, out of sight.\n\n"
        '"The boats are late again," Tobias heard her say.\n\n'
        '"They always are," Tobias heard Ada\'s brother answer, and then a door closed.\n\n'
        '"Not this late," Tobias heard Ada say.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "The boats are late again") == "Ada Crane"
    assert speaker_of(work, "Not this late") == "Ada Crane"


def test_one_side_of_a_phone_call_goes_on_through_the_pauses():
    text = (
        "Ada Crane and Tobias Fenn had the ledgers open on the kitchen table when the telephone rang in the hall. "
        "Ada went out to it and picked up the receiver.\n\n"
        '"Crane speaking," she said.\n\n'
        "A pause.\n\n"
        '"No, he is not here. I have not seen him since Tuesday."\n\n'
        "A longer pause.\n\n"
        '"Then you had better ask his brother."\n\n'
        "She put the receiver down and came back to the table.\n\n"
        '"Who was that?" Tobias asked.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "No, he is not here") == "Ada Crane"
    assert speaker_of(work, "Then you had better ask") == "Ada Crane"
    assert speaker_of(work, "Who was that") == "Tobias Fenn"


def test_a_beat_whose_sentence_opens_on_a_thing_is_the_person_acting_in_it():
    text = (
        "Ada Crane and Mara Quill had the ledgers open on the kitchen table.\n\n"
        '"We are short again," Ada said.\n\n'
        '"Again?" Mara asked.\n\n'
        'The door banged open and Tobias Fenn came in out of the rain. "Sorry. The ferry was late."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Sorry. The ferry") == "Tobias Fenn"


def test_a_beat_before_the_quote_is_the_one_who_acted_last():
    text = (
        "Ada Crane and Tobias Fenn sat by the stove with the radio between them.\n\n"
        '"Anything?" Tobias asked.\n\n'
        '"Static," Ada said.\n\n'
        'Tobias held the headset out. Ada took it and listened for a long time. "Ships. Two of them, north."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Ships. Two of them") == "Ada Crane"


def test_her_friend_is_the_one_in_view_of_either_sex():
    text = (
        "Ada Crane sat on the harbour wall with Sam Pike, watching the boats come in.\n\n"
        '"That one is ours," Ada said.\n\n'
        '"It is not," her friend said. "Ours has a blue sail."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "It is not") == "Sam Pike"


def test_a_described_stranger_speaks_as_an_unnamed_character():
    text = (
        "Elizabeth Bennet walked to the inn with Jane Bennet. The door opened before they reached it.\n\n"
        "A tall man stood on the step, holding a lantern.\n\n"
        '"You are late," the tall man said. "The coach left an hour ago."\n\n'
        '"Then we shall wait," said Elizabeth.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "You are late") == "the man"
    assert speaker_of(work, "Then we shall wait") == "Elizabeth Bennet"
    stranger = next(c for c in work.characters if c.name == "the man")
    assert stranger.named is False and stranger.gender == "male"
    assert not any(stranger.id in r.characters for r in work.relationships)
    described = [work.text[m.start : m.end] for m in work.mentions if m.character == stranger.id]
    assert described == ["A tall man", "the tall man"]


TAGGED = [
    (  # a description of someone in view is that person
        "Mrs. Bennet sat by the fire while Mr. Bennet read, and Elizabeth Bennet trimmed a hat.\n\n"
        '"I hope Mr. Bingley will like it, Lizzy," said Mr. Bennet.\n\n'
        '"We are not to know what he likes," said her mother, "since we are not to visit."\n',
        [("We are not to know", "Mrs. Bennet")],
    ),
    (  # a lead-in's speaker is the name its speech verb follows; "from" tags
        "Tony Last sat by the fire with Dr. Messinger. When Tony had drunk a little, Dr. Messinger explained, "
        '"The river is higher than it looks."\n\n'
        '"Is it?" said Tony.\n\n'
        '"Oh, far higher!" from Dr. Messinger, who was filling his pipe.\n',
        [("The river", "Dr. Messinger"), ("Is it", "Tony Last"), ("Oh, far higher", "Dr. Messinger")],
    ),
    (  # "he said" is the one acting, not the one looked at
        "Sam Winchester came in from the rain and glanced at Dean Winchester.\n\n"
        '"Hey," he said.\n',
        [("Hey", "Sam Winchester")],
    ),
]


@pytest.mark.parametrize("text, expected", TAGGED)
def test_tags_name_their_speakers(text: str, expected: list[tuple[str, str]]):
    work = ficlens.analyze(text)
    assert [(words, speaker_of(work, words)) for words, _ in expected] == expected
    assert all(c.named for c in work.characters)


def test_descriptions_need_a_person_noun_and_skip_compounds():
    from ficlens.stages.characters.nominals import find_nominals

    text = "The old horse said no. The boy scouts left. Her mother ship landed. A voice called; the men went."
    assert [(n.phrase, n.key, n.definite) for n in find_nominals(text)] == [
        ("The old horse", "the horse", True), ("A voice", "the voice", False)]


def test_descriptions_the_entity_models_mark_join_the_word_list():
    from ficlens.model import Entity
    from ficlens.stages.characters.nominals import from_entities

    text = "the old mariner and a barman met Mr. Marvel and the sailors by the quay"
    entities = [Entity(0, 15, "PER"), Entity(20, 28, "PER"), Entity(33, 43, "PER"),
                Entity(48, 59, "PER"), Entity(63, 72, "FAC")]
    got = [(n.phrase, n.key, n.definite) for n in from_entities(text, entities)]
    assert got == [("the old mariner", "the mariner", True), ("a barman", "the barman", False)]


def test_unnamed_speakers_come_out_in_the_same_order_whatever_the_hash_seed():
    import json
    import os
    import subprocess
    import sys

    text = (
        "Mary Lennox waited on the step while a gardener and an officer argued at the gate.\n\n"
        '"It is shut," said the gardener.\n\n'
        '"Then open it," said the officer.\n'
    )
    code = "import sys, ficlens; print(ficlens.analyze(sys.stdin.read()).to_json())"
    runs = [
        subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    ]
    unnamed = [[c["name"] for c in json.loads(r)["characters"] if not c["named"]] for r in runs]
    assert unnamed[0] == ["the gardener", "the officer"]
    assert runs[0] == runs[1] == runs[2]


def test_the_ranking_model_weighs_candidates_and_keeps_tagged_speakers():
    from ficlens.stages import speaker_ranking

    passes = speaker_ranking.shipped_passes()
    assert passes and all(w["rule"] > 0 for w in passes)  # the model trusts the rules' choice to begin with
    work = ficlens.analyze(SHERLOCK)
    assert speaker_of(work, "You took the long way") == "Sherlock Holmes"
    assert speaker_of(work, "I took the only way") == "John Watson"
    # Rules alone and rules with the model: both give every candidate's features.
    work, rows = rules_reading(SHERLOCK)
    q, cands, feats = next(r for r in rows if work.text[r[0].start : r[0].end].startswith('"John, stop'))
    john = next(c.id for c in work.characters if c.name == "John Watson")
    assert john in cands
    assert feats[cands.index(john)]["vocative"] == 1.0  # the quote calls John: he is not its speaker
    assert all(f["bias"] == 1.0 for f in feats)


def test_second_person_you_say_is_the_one_others_call_by_name():
    text = (
        "You come off the stage with your heart still going, and your hands are shaking so that you have to "
        "hold them together in front of you. The lights are still in your eyes. You can hear the applause "
        "going on behind the curtain, and you do not quite believe it is for you. Meg is waiting in the wings, "
        "and you let her take your arm because your knees are not your own.\n\n"
        '"Christine, you were wonderful," Meg says. "Everyone was watching."\n\n'
        '"I nearly fell," you say.\n\n'
        '"You did not. Christine, listen to me."\n\n'
        "You shake your head. *They liked it,* you think. *They actually liked it.*\n\n"
        '"Come on, Christine," says Meg, and you go with her.\n'
    )
    work = ficlens.analyze(text)
    assert work.narration.person == "second"
    assert {c.id: c.name for c in work.characters}[work.narration.you] == "Christine"
    assert speaker_of(work, "I nearly fell") == "Christine"
    thoughts = [q for q in work.quotes if q.kind == "thought"]
    assert thoughts and all(q.speaker == work.narration.you for q in thoughts)


def test_a_voice_then_the_person_it_turns_out_to_be():
    text = (
        "Gatsby stood by the window and Tom Buchanan stood by the fire.\n\n"
        '"Tom, don\'t," said a voice from the doorway, and Daisy came out into the light.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Tom, don't").startswith("Daisy")  # "Daisy Buchanan" when the fandom is known


def test_his_father_is_the_one_other_man_of_his_surname():
    text = (
        "Victor Frankenstein came home to Geneva in the spring. Alphonse Frankenstein met him at the door, "
        "and Henry Clerval carried in the bags.\n\n"
        "At breakfast Victor sat very still.\n\n"
        '"You are thin," his father said.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "You are thin") == "Alphonse Frankenstein"


def test_a_reply_to_a_name_called_late_in_the_turn():
    text = (
        "Henry Clerval had been reading aloud for an hour, and Victor Frankenstein lay still.\n\n"
        '"And so the professor turned purple," Henry was saying, "and I laughed out loud. Victor? Are you '
        'awake? You have that look again."\n\n'
        '"What look?"\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "What look") == "Victor Frankenstein"


def test_a_talking_animal_described_in_the_tag_speaks():
    text = (
        "Tamsin Reed and Hob were lighting the lamps when something landed on the boathouse roof.\n\n"
        '"Oh," said the heron. "Good evening."\n\n'
        '"Did you drink my lamps?" Hob said.\n'
    )
    work = ficlens.analyze(text)
    heron = next(q for q in work.quotes if work.text[q.start : q.end].startswith('"Oh'))
    assert heron.speaker and heron.speaker.startswith("unnamed:") and "heron" in heron.speaker


def test_an_untagged_answer_is_the_other_party_not_the_last_speaker():
    text = (
        "Donna Noble held on to the console as the TARDIS came down with a clunk.\n\n"
        "'That,' said the Doctor, 'was the helmic regulator.'\n\n"
        "'Is that bad?'\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Is that bad") == "Donna Noble"


def test_was_someones_rejoinder_names_the_speaker():
    text = (
        "Mr Shepherd, Mrs Clay and Sir Walter Elliot sat in the library over the papers.\n\n"
        '"Sailors have no claim on such a house," said Sir Walter.\n\n'
        '"They work hard enough for their comforts," said Mrs Clay.\n\n'
        '"Very true, very true," was Mr Shepherd\'s rejoinder.\n'
    )
    assert speaker_of(ficlens.analyze(text), "Very true") == "Mr. Shepherd"


def test_her_mother_among_sisters_is_the_one_called_mrs():
    text = (
        "Mrs Dashwood sat by the fire at Barton. Elinor Dashwood was sewing, and Margaret Dashwood came in "
        "with the post and gave a letter to Marianne Dashwood.\n\n"
        "'Is it from Norland?' Marianne asked, turning it over.\n\n"
        "'You need not ask, my love,' said her mother.\n"
    )
    assert speaker_of(ficlens.analyze(text), "You need not ask") == "Mrs. Dashwood"


def test_a_described_name_in_a_tag_is_the_speaker():
    text = (
        "Syme and Gregory walked out into the garden at dusk.\n\n"
        '"You are no poet," Gregory said.\n\n'
        '"It is you who are unpoetical," replied the poet Syme.\n\n'
        '"Hardly," cried the muffled voice of Gregory from behind the hedge.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "It is you") == "Syme"
    assert speaker_of(work, "Hardly") == "Gregory"


def test_a_role_one_named_character_holds_is_that_character():
    text = (
        "Count Fosco sat with Marian Halcombe and Walter Hartright in the library after dinner.\n\n"
        "Marian put down her book and looked at the window.\n\n"
        '"The rain will not stop tonight," said the count.\n\n'
        '"Then we stay," said Walter.\n'
    )
    assert speaker_of(ficlens.analyze(text), "The rain") == "Count Fosco"


def test_a_plain_noun_stays_its_own_person():
    text = (
        "Count Fosco sat with Marian Halcombe in the library after dinner.\n\n"
        "A man came in from the rain and stood by the fire.\n\n"
        '"The road is flooded," said the man.\n'
    )
    assert speaker_of(ficlens.analyze(text), "The road") not in ("Count Fosco", "Marian Halcombe")


def test_she_after_a_family_word_opening_a_sentence_is_that_relative():
    text = (
        "Ilse Vane was at the table when the knock came. Ilse stopped with her fork in the air.\n\n"
        "My mother did not stop at all. She turned the fish in the pan.\n\n"
        '"Get the door, Petra," she said.\n'
    )
    assert speaker_of(ficlens.analyze(text), "Get the door") == "my mother"


def test_her_brother_is_the_one_the_fandom_file_makes_her_brother():
    text = (
        "Aang and Toph were asleep by the fire. Katara looked at the watch chart, then at Sokka, who was doing "
        "his best impression of a man with no opinions, then at Zuko, who had drawn it.\n\n"
        '"Fine," Katara said. "But I\'m sitting on the left."\n\n'
        '"Why the left?" her brother asked.\n'
    )
    assert speaker_of(ficlens.analyze(text), "Why the left") == "Sokka (Avatar)"


def test_the_title_a_character_came_in_with_names_them_later():
    text = (
        "Ada Fenwick and Tam Fenwick were at the ledgers when Oren Lisle came in.\n\n"
        "Harbourmaster Crale came up the stairs at four, breathing hard and smelling of tar.\n\n"
        "'The book says half past seven,' the harbourmaster said.\n\n"
        "'Then the book is wrong,' said Oren Lisle.\n\n"
        "Tam made a small noise. Ada shut her eyes.\n\n"
        "'When I was a boy,' said the harbourmaster at last, 'the tide came in an hour early.'\n"
    )
    assert speaker_of(ficlens.analyze(text), "When I was a boy") == "Crale"


def test_an_action_after_an_answer_is_the_one_answering():
    text = (
        "Stiles Stilinski stood at the board. Scott McCall watched him from the couch.\n\n"
        "Stiles wrote COWS and DEER, and underneath them, very small, he drew a spiral.\n\n"
        '"You okay?" Scott asked.\n\n'
        '"Not really." He capped the marker.\n'
    )
    assert speaker_of(ficlens.analyze(text), "Not really") == "Stiles Stilinski"


def test_she_after_a_description_opening_a_sentence_is_that_person():
    text = (
        "Wren Halloway sorted the wheels while Ansel Brisk worked at the bench.\n\n"
        "The door opened. The lady in grey came in out of the rain. She put the clock down on the bench.\n\n"
        '"It stopped nine days ago," she said.\n'
    )
    assert speaker_of(ficlens.analyze(text), "It stopped") == "the lady"


def test_she_after_pages_without_a_woman_named_is_still_the_last_woman():
    filler = "He looked at the fire for a long while and thought about the winter and the debts. " * 40
    text = (
        "Ellen Varley sat by the window, and Thomas Archer stood at the door.\n\n"
        f"{filler}\n\nArcher waited.\n\n"
        '"Yes," she murmured at length.\n'
    )
    assert len(filler) > 2500
    assert speaker_of(ficlens.analyze(text), "Yes") == "Ellen Varley"


def test_a_description_answering_a_call_by_name_is_the_one_called():
    text = (
        "Rupert Giles had the book open on the table. Xander Harris leaned over it.\n\n"
        '"Giles, this thing has a lock on it."\n\n'
        '"It had a lock on it," the librarian said. He took off his glasses.\n\n'
        'Xander shrugged. "Light reading, then."\n\n'
        'The librarian sighed. "Now," he said, "the Kelvrath is not a demon at all."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "It had a lock") == "Rupert Giles"
    assert speaker_of(work, "Now") == "Rupert Giles"  # "The librarian sighed" is Giles from then on


def test_my_mother_in_a_canon_narrators_story_is_her_canon_mother():
    text = (
        "Prim is sitting on the step when I get home. She jumps up when she sees the flour.\n\n"
        '"Katniss, you got flour! Mother, come and see!"\n\n'
        "My mother comes to the door. She is having a good day, I can tell.\n\n"
        '"That\'s a lot of flour," she says. "What did it cost?"\n\n'
        '"A turkey," I tell her. Gale will laugh when he hears, and Katniss, he will say, you were robbed.\n'
    )
    work = ficlens.analyze(text)
    assert work.tags.fandoms == ["Hunger Games Series - All Media Types"]
    assert work.narration.narrator == "katniss-everdeen"
    mother = next(c for c in work.characters if c.id == next(q.speaker for q in work.quotes if "lot of flour" in work.text[q.start:q.end]))
    assert mother.canonical == "Mrs. Everdeen"  # not Prim, who shares her surname but is a sister


def test_she_after_a_named_characters_role_opening_a_sentence_is_that_character():
    text = (
        "Petra Vane opened the door. Captain Oriel Marr stood on the step, and she was soaked to the knees.\n\n"
        "\"May I come in?\" Marr asked. Ilse Vane hid behind her sister.\n\n"
        "\"You may,\" said Ilse, before anyone could stop her.\n\n"
        "The captain sat. She took the tea and held it in both hands without drinking it.\n\n"
        "\"The Sallow barge went missing two nights ago,\" she said.\n"
    )
    assert speaker_of(ficlens.analyze(text), "The Sallow barge") == "Oriel Marr"


def test_a_speaker_who_says_who_is_speaking_is_that_speaker():
    text = (
        "Christine Daae sat at the mirror. Meg Giry had gone, and Madame Giry had taken her.\n\n"
        "There was a knock, hesitant, almost apologetic.\n\n"
        '"Mademoiselle? It is Raoul. Raoul de Chagny. I don\'t suppose you remember me."\n\n'
        '"Of course I remember," Christine said.\n\n'
        'The telephone rang in the hall, and Meg ran for it. "Hello? Oh, hi, it\'s Meg. No, she is busy."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Mademoiselle") == "Raoul de Chagny"
    assert speaker_of(work, "Hello") == "Meg Giry"


def test_he_said_answering_a_turn_that_called_one_man_by_name_is_that_man():
    text = (
        "Itadori Yuuji and Fushiguro Megumi followed Nanami Kento out of the station.\n\n"
        "\"You'll pay for lunch?\" Itadori asked. Nanami nodded once.\n\n"
        "\"Wow. Nanami-san,\" Itadori said. \"You're the best.\"\n\n"
        "\"I'm aware,\" he said. \"Walk.\"\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "I'm aware") == "Nanami Kento"


def test_an_answer_to_a_child_calling_mum_is_the_mother():
    text = (
        "Jonah Pike leaned on the gate while Tess Harrow fed the hens. Mrs. Harrow was pegging out sheets "
        "at the far end of the yard.\n\n"
        '"You missed one," Jonah said.\n\n'
        '"I did not," said Tess. She turned round. "Mum, did you move the grain bin?"\n\n'
        '"Only to sweep under it. It\'s by the pump."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Only to sweep") == "Mrs. Harrow"  # not Jonah, whose turn came before
    assert [c.name for c in work.characters if c.id in next(q for q in work.quotes if "grain bin" in work.text[q.start:q.end]).addressees] == ["Mrs. Harrow"]


def test_a_note_signed_with_initials_is_the_one_they_fit():
    text = (
        "Mara Quill came home late. Tobias Fenn had gone out, and Odile Brand was asleep on the sofa.\n\n"
        "There was a note propped against the kettle, in square capitals:\n\n"
        '"Don\'t wait up. The bridge is out again and I\'m going round by the mill. —T.F."\n\n'
        '"Typical," Mara said to the kettle.\n'
    )
    work = ficlens.analyze(text)
    note = next(q for q in work.quotes if "bridge is out" in work.text[q.start : q.end])
    assert {c.id: c.name for c in work.characters}[note.speaker] == "Tobias Fenn"


def test_in_second_person_an_answer_nobody_tags_can_be_you():
    text = (
        "You are late again, and the café is full. You stand in the doorway shaking the rain off your coat.\n\n"
        '"Corin, you\'re soaked," Ines Marle says from the counter.\n\n'
        "You shrug. Halden Roe is at the table by the window with two cups in front of him, and you sit down "
        "across from him because there is nowhere else to sit.\n\n"
        "You wrap your hands round the cup and say nothing for a while. The rain goes on.\n\n"
        '"You kept me waiting," Halden says. Ines Marle brings the pot over and fills both cups '
        "without asking, and goes back to the counter.\n\n"
        '"What do you want, Halden?"\n'
    )
    work = ficlens.analyze(text)
    assert work.narration.person == "second"
    assert speaker_of(work, "What do you want") == "Corin"  # not Halden, whom it calls, nor Ines


def test_a_letter_signed_after_its_valediction_to_dear_father_is_from_the_child_to_the_father():
    text = (
        'Tamsin Reed wrote to her father every Sunday, though Edmund Reed was at sea and would read them all at once, in a heap, when the ship came in. Her brother Kit said it was a waste of stamps.\n'
        '\n'
        '* * *\n'
        '\n'
        'Harbour Street, the 3rd of May\n'
        '\n'
        'Dear Father,\n'
        '\n'
        'The roof leaks again and I have put the blue bowl under it. Kit says you will laugh at the bowl. I hope you are warm. I hope you remember to eat, and that you keep your feet dry.\n'
        '\n'
        'Your Tamsin\n'
        '\n'
        '* * *\n'
        '\n'
        'She folded it twice and took it to the post, and Kit walked with her as far as the corner.\n'
    )
    work = ficlens.analyze(text)
    names = {c.id: c.name for c in work.characters}
    letter = next(q for q in work.quotes if q.kind == "written")
    assert names[letter.speaker] == "Tamsin Reed"  # "Your Tamsin"
    assert [names[a] for a in letter.addressees] == ["Edmund Reed"]  # "Dear Father," from a Reed
    inside = [m for m in work.mentions if m.kind == "pronoun" and letter.start <= m.start < letter.end]
    said = {(work.text[m.start : m.end].lower(), names[m.character]) for m in inside}
    assert said == {("i", "Tamsin Reed"), ("you", "Edmund Reed"), ("your", "Edmund Reed")}


def test_a_name_asked_back_at_a_question_is_not_the_one_who_answers():
    text = (
        "Corin Vell sat across from Halden Roe in the café. The rain went on.\n\n"
        '"And how is the new dog settling in?" Halden asked.\n\n'
        '"Pepper?" Corin said. "She\'s fine. She sleeps on the porch."\n\n'
        '"Why the porch?"\n\n'
        '"She doesn\'t trust doors."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Why the porch") == "Halden Roe"  # not Pepper, the dog asked about
    assert speaker_of(work, "She doesn't trust doors") == "Corin Vell"


def test_a_clause_opening_with_she_is_hers_though_it_names_someone_after():
    text = (
        "Arthur Penn sat on the bench with his arm in a sling. Gwen Hale came in with the kettle.\n\n"
        '"It is only a scratch," Arthur said.\n\n'
        "She leaned over, patted Arthur on the knee as if he were a dog, and said, "
        '"Then you can carry the kettle."\n\n'
        "The afternoon was hot, and that made Arthur lean back and whisper, \"Not today.\"\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Then you can carry the kettle") == "Gwen Hale"
    assert speaker_of(work, "Not today") == "Arthur Penn"


def test_he_in_a_first_person_story_is_never_the_one_telling_it():
    text = (
        "Jonah Reeve asked me to dinner on Thursday. I had known him for years.\n\n"
        '"You will come, Nell?" Jonah said.\n\n'
        '"I know her," I said. "I have known her longer than you have."\n\n'
        "He looked at me then with an expression I have never been able to name, and said very "
        'quietly, "No, you haven\'t."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "No, you haven't") == "Jonah Reeve"


def test_he_after_the_narrator_spoke_to_a_man_is_that_man():
    text = (
        "I had not wanted to go to the dinner. I told myself I would leave early, and I did not. I "
        "sat between Daisy and the window and watched my glass, and I said almost nothing.\n\n"
        "Tom Buchanan left the table first and went out to the stables.\n\n"
        "Later, driving home along the bay, I said to Jay Gatsby that the dinner had gone badly, and he "
        "turned and looked at me in surprise.\n\n"
        '"Did it?" he said. "I thought it went beautifully."\n'
    )
    work = ficlens.analyze(text)
    assert work.narration.person == "first"
    assert speaker_of(work, "Did it?") == "Jay Gatsby"


def test_he_after_a_description_that_looks_at_a_named_man_is_the_description():
    text = (
        "Frederick Winterbourne waited in the hall of the hotel with his bags.\n\n"
        '"Will you go up now?" asked the old gentleman.\n\n'
        '"In a moment," said Winterbourne.\n\n'
        "The old gentleman looked for a moment at Winterbourne, and then, solemnly, with a bow, "
        '"As you please!" he said.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "As you please!") == "the gentleman"


def test_his_father_is_the_one_canon_father_in_the_story():
    text = (
        "Scott McCall had the map spread over the hood of the Jeep, and Stiles Stilinski was holding the phone "
        "between his ear and his shoulder.\n\n"
        "\"Stiles.\" The Sheriff sounded tired. \"Where are you?\"\n\n"
        "\"Studying.\"\n\n"
        "\"In the preserve. At midnight.\"\n\n"
        "\"It's a very outdoorsy subject.\"\n\n"
        "\"Hi, Sheriff,\" Scott called.\n\n"
        "Derek Hale came out of the trees and leaned on the car without a word.\n\n"
        "\"Go home,\" his father said, and hung up.\n"
    )
    work = ficlens.analyze(text)
    sheriff = next(c for c in work.characters if c.canonical == "Noah Stilinski")
    assert speaker_of(work, "Go home") == sheriff.name


def test_an_exchange_does_not_run_on_across_a_scene_break():
    from ficlens.stages.speakers import _paragraph_index, _paragraphs, _turns_before

    text = (
        '"Are you coming?" Mara asked.\n\n'
        '"In a minute," said Jonah.\n\n'
        '"Now, Jonah."\n\n'
        "* * *\n\n"
        '"I think this is a terrible idea."\n\n'
        '"You think everything is a terrible idea," Wren said, and rang the bell.\n'
    )
    work = ficlens.analyze(text)
    quotes = sorted(work.quotes, key=lambda q: q.start)
    paragraphs = _paragraphs(text)
    para_of = [_paragraph_index(paragraphs, q.start) for q in quotes]
    breaks = [s.start for s in work.scenes[1:]]
    assert len(breaks) == 1
    assert len(_turns_before(quotes, para_of, 3)) == 3  # paragraphs alone: the exchange goes on
    assert _turns_before(quotes, para_of, 3, scenes=breaks) == []  # the new scene starts a new one


def test_and_name_asked_calls_the_one_who_answers():
    text = (
        "The three of them sat at the table while the rain came down on the roof.\n\n"
        '"Eat your soup," said Mother Alder. "Both of you. And Tam?"\n\n'
        '"Yes, Mam?"\n\n'
        '"Next time, you come and get me first."\n\n'
        "Rook, at the end of the table, said nothing at all.\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Yes, Mam?") == "Tam"


def test_the_one_a_tag_says_was_spoken_to_answers_next():
    text = (
        "Ada Marsh and Tobin Reeve were at the counter when Jory Vale came in out of the rain.\n\n"
        '"They say the river has risen again," Jory said to Ada, shaking out his coat.\n\n'
        '"Is it over the bridge?"\n\n'
        '"Not yet."\n'
    )
    work = ficlens.analyze(text)
    names = {c.id: c.name for c in work.characters}
    assert speaker_of(work, "Is it over the bridge") == "Ada Marsh"  # not Tobin, named last but one
    assert speaker_of(work, "Not yet") == "Jory Vale"
    told = next(q for q in work.quotes if "river" in work.text[q.start : q.end])
    assert [names[a] for a in told.addressees] == ["Ada Marsh"]


def test_a_tag_pointing_at_me_hands_the_next_turn_to_the_narrator():
    text = (
        "My name is Wren, and I sweep the floor of Master Ansel Brisk's shop. I have done it since I was "
        "eleven, and I will do it, I suppose, until my hands give out. I like the clocks; I like my bench.\n\n"
        "A tall lady in grey came in, and Master Brisk bowed to her. I put my broom down and watched.\n\n"
        '"They say I have offended the weather," the lady said to me, ignoring him.\n\n'
        '"Have you?"\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Have you") == "Wren"


def test_talk_of_a_third_person_leaves_the_reply_open():
    from ficlens.stages.speakers import _THIRD_PARTY

    assert _THIRD_PARTY.search("He's going to,")
    assert not _THIRD_PARTY.search("Is it over the bridge?")


def test_a_man_compared_with_is_not_the_he_who_speaks():
    text = (
        "Thomas Ware went off to trade the rabbits. He said he would be quick, and I waited by the stall.\n\n"
        "A Peacekeeper steps in front of me. Everybody in the market knows Darius.\n\n"
        "I look at him. He looks back. He's not much older than Thomas, I think, though it's hard to tell.\n\n"
        '"A kiss," he says. "How about a kiss?"\n'
    )
    assert speaker_of(ficlens.analyze(text), "A kiss") == "Darius"


def test_a_description_the_narration_then_names_speaks_as_that_name():
    text = (
        "Ada Fenwick had kept the tide ledgers at Hollin Mere for eleven years.\n\n"
        "The new clerk sat at the third desk, by the window. His name was Oren Lisle, and he did all his sums twice.\n\n"
        "Late in the day a letter came, sealed in green, in a clerk's copperplate hand, and Ada read it aloud.\n\n"
        '"That\'s the trouble with honest men," the new clerk said.\n'
    )
    assert speaker_of(ficlens.analyze(text), "That's the trouble") == "Oren Lisle"


def test_her_brother_is_the_brother_the_narration_named_beside_the_word():
    text = (
        "Ada Fenwick had worked in the clerks' room for eleven years. Her brother Tam had worked there for two.\n\n"
        "Tam sat by the stove. Oren Lisle came in at four with the post and put a letter on her desk.\n\n"
        '"It\'s from the Upper Office," Oren said.\n\n'
        '"I can see that," said Ada.\n\n'
        '"Against your name," her brother said.\n'
    )
    assert speaker_of(ficlens.analyze(text), "Against your name") == "Tam"


def test_she_is_whom_the_sentence_is_about_not_who_thinks_in_its_so_that_clause():
    text = (
        "Marianne came in without knocking and sat down on the end of Elinor's bed.\n\n"
        '"You are lying on your back looking at the ceiling," Marianne said.\n\n'
        "Elinor was quiet for so long that Marianne thought she would not answer. Then she turned her head.\n\n"
        '"I feel a great deal," she said.\n'
    )
    assert speaker_of(ficlens.analyze(text), "I feel a great deal") == "Elinor"


def test_the_title_of_a_named_man_is_him_when_the_story_uses_it_as_a_noun():
    text = (
        "Edmond Dantès had been eleven years in the Château d'If when Abbé Faria first came up through the floor. He had not stopped talking since.\n\n"
        "Edmond waited by the wall while the bread was passed through the hatch.\n\n"
        "The abbé had a theory about bread.\n\n"
        '"It is the salt," he said, breaking the loaf in two. "They put less in it every year."\n'
    )
    assert speaker_of(ficlens.analyze(text), "It is the salt") == "Abbé Faria"


def test_the_other_party_is_whom_the_first_speaker_calls_by_name_later_in_the_exchange():
    text = (
        "The ship came down with the sort of clunk that meant something important had fallen off.\n\n"
        "'That,' said Captain Orrin Vale, 'was the stabiliser.'\n\n"
        "'Is that bad?'\n\n"
        "'It's not good.'\n\n"
        "'Is it expensive?'\n\n"
        "'Depends where you shop. Come on, Mirelle. You'll love the market.'\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Is that bad") == "Mirelle"
    assert speaker_of(work, "Is it expensive") == "Mirelle"


def test_a_speaker_saying_two_things_in_a_row_says_them_to_the_one_they_answered():
    text = (
        '"Where were you?" Ada asked.\n\n'
        '"At the harbour," said Tobin.\n\n'
        "He pulled off his boots and set them by the fire.\n\n"
        '"The boats are all in," Tobin said.\n'
    )
    work = ficlens.analyze(text)
    names = {c.id: c.name for c in work.characters}
    last = max(work.quotes, key=lambda q: q.start)
    assert [names[a] for a in last.addressees] == ["Ada"]


def test_a_description_written_as_a_title_speaks_as_that_description():
    text = (
        "Christine sat alone at the mirror when the candles guttered, and a man's voice came out of the walls.\n\n"
        '"You sang well tonight."\n\n'
        '"Thank you," Christine said to the empty room.\n\n'
        '"Ah," the Voice says. "I do not suppose you know why."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Ah") == "the voice"


def test_a_servant_speaks_as_themselves_not_as_the_named_man_in_view():
    text = (
        "Jay Gatsby was showing me his shirts when the telephone in the hall rang. He sighed and put them down.\n\n"
        '"A call for you, sir," the butler said, appearing in the doorway. "Chicago again."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "A call for you") == "the butler"


def test_a_sentence_of_its_own_after_a_finished_quote_answering_someone_is_the_other_one():
    text = (
        "Emma sat by the window and Mrs. Weston sat by the fire, and neither of them had spoken for some time.\n\n"
        "“She plays so much better than I do,” said Emma. “It is very provoking of her.”\n\n"
        "“You could practise,” said Mrs. Weston.\n\n"
        "“I could. I shan’t.” She smiled. “You always did say I would not.”\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "I could. I shan") == "Emma"
    assert speaker_of(work, "You always did") == "Emma"


def test_an_exchange_opened_by_one_of_a_pair_named_together_is_answered_by_the_other():
    text = (
        "The wood was old and very quiet. Nell walked ahead with the lantern, and Bryn kept close beside her.\n\n"
        "Tobias and Marek walked side by side behind them, and after a while Nell stopped listening to the trees and listened to her friends instead. Tobias was the one who started it.\n\n"
        '"You would have taken the left road."\n\n'
        '"I would. It was painted."\n\n'
        '"Paint is not a reason."\n\n'
        '"Paint is a sign of care."\n\n'
        '"Somebody cared about drowning us."\n\n'
        '"That is a kind of care too."\n'
    )
    work = ficlens.analyze(text)
    assert [name for _, name in said(work)] == ["Tobias", "Marek"] * 3


def test_the_one_named_as_they_start_talking_speaks_next():
    text = (
        "It rained all Tuesday, and Mr. Woodhouse had quite decided that nobody could come.\n\n"
        "“They will not venture out in this, Emma.”\n\n"
        "“It is only half a mile, Papa.”\n\n"
        "There were two bonnets at the door, a great deal of shaking of cloaks in the hall, and then Miss Bates "
        "was in the room, and talking.\n\n"
        "“Oh! Mr. Woodhouse, so very kind, and in such weather!”\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Oh! Mr. Woodhouse") == "Miss Bates"


def test_said_and_a_name_then_a_kin_word_is_that_persons_relative():
    text = (
        "Nora Quill played the new song at the pianoforte, and Mr. Quill listened from his chair by the fire.\n\n"
        "“Very pretty,” said Nora’s father. “A little loud.”\n\n"
        "“Everything is a little loud to you, Papa,” said Nora.\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Very pretty") == "Mr. Quill"
    assert speaker_of(work, "Everything is") == "Nora Quill"


def test_an_unnamed_you_speaks_and_a_pair_named_together_answer_each_other_before_you_do():
    text = (
        "You lean on the tiller and keep your eyes on the river. Your hands are cold, and you wish you had "
        "your gloves, and you think about the narrows.\n\n"
        '"Mind the bend," Pim calls from the hatch.\n\n'
        '"I see it," you say.\n\n'
        "At the bow, Dove and Hesper are at it again. Dove packed the hold at Saltry, against everyone's advice; "
        "Hesper has the long bow pole across her shoulders like a milkmaid's yoke.\n\n"
        '"I said they were too close," she says, shifting the pole.\n\n'
        '"And I said the factor wanted forty in a hold built for thirty."\n\n'
        '"So you packed forty."\n'
    )
    work = ficlens.analyze(text)
    assert work.narration.person == "second"
    assert speaker_of(work, "I see it") == "You"
    assert speaker_of(work, "And I said the factor") == "Dove"


def test_her_name_given_a_page_later_is_the_name_of_the_woman_described_before_it():
    text = (
        "At ten there is a knock on the door. The woman on the landing is about Theo's age, barefoot, and "
        "she is holding a mop upright like a shepherd's crook.\n\n"
        "“Is it coming through?” she says. “Please tell me it isn’t coming through.”\n\n"
        "“It’s coming through,” Theo says.\n\n"
        "“Oh, God. I’m so sorry. It’s my washing machine.” She lifts the mop, as evidence.\n\n"
        "“Do you want to come in and look?”\n\n"
        "She laughs, startled, and comes in. Her name is Priya. She has lived upstairs for fourteen months.\n\n"
        "“Sorry about the music too,” Priya says.\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Is it coming through") == "Priya"
    assert speaker_of(work, "Oh, God") == "Priya"


def test_she_said_before_her_father_could_object_is_the_woman_whose_father_is_there():
    text = (
        "Nora Quill sat by the fire with her father, Mr. Quill, and Ada Penn had the window seat.\n\n"
        "“There is a square piano in the next room,” said Ada Penn. “If anyone would like to play.”\n\n"
        "“Oh, do,” she said, before her father could object. “Do play for us.”\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Oh, do") == "Nora Quill"


def test_an_action_answering_a_woman_can_be_someone_whose_sex_was_never_said():
    text = (
        "At the bow, Dove Arkwright packed the jars into the hold while Hesper Quill held the pole.\n\n"
        "\"I said they were too close,\" Hesper said. She shifted the pole on her shoulders.\n\n"
        "\"You'd make a lovely weathervane.\" She wiped her hands on her apron and went aft to the stove.\n"
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "You'd make a lovely") == "Dove Arkwright"


def test_he_after_a_clause_of_what_followed_is_the_one_the_sentence_opened_with():
    text = (
        "Captain Oduya came into the squad room with a mug of tea. He looked at the whiteboard.\n\n"
        '"Someone has been eating my yogurt," Tomasz said.\n\n'
        "The captain considered this for long enough that Bram began, very quietly, to hum. "
        '"You may have until the end of the day," he said at last.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "You may have") == "Captain Oduya"


def test_a_chat_sender_after_a_role_is_not_that_role():
    text = (
        "Captain Oduya came into the squad room and read the whiteboard without a word.\n\n"
        '"Sir," said Tomasz. "It was nobody."\n\n'
        "Later the group chat lit up.\n\n"
        "Tomasz: case closed. it was the captain\nMira: WHAT\nTomasz: the captain ate the yogurt\n\n"
        '"I did," said the captain, reading over his shoulder.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "I did") == "Captain Oduya"


def test_a_bare_household_word_in_a_tag_is_that_person_not_the_last_woman_named():
    text = (
        "Brenda went up to London on the early train. In the nursery John ate his supper slowly.\n\n"
        '"I think Mr Beaver is a very silly man," John said.\n\n'
        '"I\'m sure I don\'t know," said nanny. "Eat up your supper."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "I'm sure I don't know") == "the nanny"


def test_a_newcomer_greeted_by_a_new_name_is_that_person_and_her_beat_is_hers():
    text = (
        "Noor came through the back of the bakery at a run and stopped dead. Ada was already at the counter.\n\n"
        "There is a woman standing in the middle of the shop, in a hat the size of a cartwheel.\n\n"
        '"Mrs. Achebe, this is my sister, Noor," Ada said. "She owns the bakery."\n\n'
        '"Good morning. You\'re early," said Noor.\n\n'
        '"I couldn\'t sleep." The woman in the hat smiles, but her hands are tight on her bag.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "I couldn't sleep") == "Mrs. Achebe"


def test_words_to_you_opening_a_paragraph_go_to_the_one_the_narration_was_about():
    text = (
        '"This wine was a grape once," said Porthos.\n\n'
        '"Drink it or don\'t," Athos said.\n\n'
        '"I shall drink it under protest." Porthos drank. "Aramis, bless it for me."\n\n'
        '"I will not," said Aramis.\n\n'
        '"Then you are no friend of mine."\n\n'
        '"Only of your better self."\n\n'
        "Tomas laughed, and then stopped laughing, because the door had opened on the cold.\n\n"
        '"You keep looking at the door," Athos observed.\n\n'
        '"I keep expecting my man."\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "I keep expecting") == "Tomas"


def test_the_narration_before_speaks_through_the_subject_after_an_opening_clause():
    text = (
        '"Then it is settled," said Robin. Maud shook her head, but she said nothing, and the outlaws went '
        "to their blankets.\n\n"
        "Later, when the others had rolled themselves into their blankets and Tuck's snoring had settled, "
        "Maud found Robin at the edge of the clearing, where Robin sat restringing a bow.\n\n"
        '"You\'ll wear it through."\n\n'
        '"It was fraying."\n'
    )
    work, rows = rules_reading(text)
    q, cands, feats = next(r for r in rows if work.text[r[0].start : r[0].end].startswith('"You'))
    names = {c.id: c.name for c in work.characters}
    assert names[q.speaker] == "Maud"
    assert feats[cands.index(q.speaker)].get("rule_preceding") == 1.0  # read from the paragraph before


def test_the_one_just_called_who_reacts_first_in_the_narration_replies():
    text = (
        "Snow had been falling on the City since noon. Bob Cratchit had not got used to the fire that "
        "Ezra Tolliver now let him keep.\n\n"
        '"Cratchit!"\n\n'
        "Bob jumped so violently that he blotted a whole column of figures. Tolliver was standing in the "
        "doorway of his own room with a ledger under one arm.\n\n"
        '"Sir?"\n\n'
        '"What time is it?"\n'
    )
    work, _ = rules_reading(text)
    assert speaker_of(work, "Cratchit") == "Ezra Tolliver"  # the one called does not call
    assert speaker_of(work, "Sir") == "Bob Cratchit"
    assert speaker_of(work, "What time is it") == "Ezra Tolliver"
    # The ranking model, weighing who spoke the turn before, gives "Sir?" to Tolliver on this
    # short text; it keeps the call and the question right.
    work = ficlens.analyze(text)
    assert speaker_of(work, "Cratchit") == "Ezra Tolliver"
    assert speaker_of(work, "What time is it") == "Ezra Tolliver"


def test_a_telegram_is_written_by_the_name_after_its_last_stop():
    text = (
        "Merriman brought the telegram in on a salver, and Jack opened it.\n\n"
        "    ARRIVING BY THE TWO-FIFTEEN STOP WISH TO DISCUSS THE DATE STOP AUGUSTA BRACKNELL\n\n"
        "'There is no answer,' Jack said. 'There is never any answer to Lady Bracknell.' Lady Bracknell "
        "arrived at a quarter past two, and Lady Bracknell sat down.\n"
    )
    work = ficlens.analyze(text)
    names = {c.id: c.name for c in work.characters}
    wire = next(q for q in work.quotes if q.kind == "written")
    assert names.get(wire.speaker) == "Lady Bracknell"


def test_the_narration_before_speaks_through_its_first_subject_when_its_last_sentence_has_none():
    text = (
        '"Right," said Deb Carrow. "Everybody sit."\n\n'
        "Fen Archer beamed at Gus. I don't think she saw his face. In fairness, you'd have had to be "
        "sitting where I was.\n\n"
        '"Two pieces. Something cheerful to start."\n'
    )
    work, _ = rules_reading(text)
    assert speaker_of(work, "Two pieces") == "Fen Archer"


def test_a_lead_in_names_its_quote_when_the_words_after_it_lead_into_the_next():
    text = (
        "Tony and Jock went to a club after dinner. Two young ladies came and sat with them. They were called "
        'Milly and Babs. Milly said, "Are you in town for long?" Babs said, "Have you got a cigarette?"\n\n'
        '"Mama," said Milly, "I have a question." Jock laughed.\n'
    )
    work = ficlens.analyze(text)
    assert speaker_of(work, "Are you in town") == "Milly"
    assert speaker_of(work, "Have you got") == "Babs"
    assert speaker_of(work, "Mama") == "Milly"  # the first half of one sentence keeps the tag after it


def test_she_said_after_a_woman_walks_out_the_door_is_someone_still_there():
    text = (
        "Peter was shaking on the floor of the lab. Michelle knelt beside him, and Josie knelt on his other side.\n\n"
        "Josie gave Peter's face one more caress before walking out the door and back to her other work. "
        '"Peter, I want you to listen to me," she said.\n'
    )
    assert speaker_of(ficlens.analyze(text), "Peter, I want") == "Michelle"


def test_the_one_the_narration_just_named_is_not_who_calls_their_name():
    text = (
        "Otter and Rat sat on the bank and watched the weir. Neither of them said anything for a while.\n\n"
        "A small furry person came wading out of the shallows, dragging an oar twice his length. "
        "His name was Portly.\n\n"
        '"Portly!"\n\n'
        '"I found an oar," said Portly.\n'
    )
    work, rows = rules_reading(text)
    names = {c.id: c.name for c in work.characters}
    called = next(q for q, _, _ in rows if work.text[q.start : q.end].strip("\"“”") == "Portly!")
    assert names.get(called.speaker) != "Portly"
