"""The relationships and tags stages: kinds of pairs, AO3 tags, warnings, rating and evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.ingest import read
from ficlens.model import Work
from ficlens.pipeline import (
    _FACTORIES,
    DEFAULT_STAGES,
    Pipeline,
    register,
    register_stages,
)
from ficlens.schema import validate
from ficlens.stages.relations import RelationshipsStage, TagsStage


def stage_names() -> list[str]:
    """The default pipeline with the relations stages before `stats` (registered here until the
    pipeline lists them itself)."""
    register_stages()
    for name, factory in (("relationships", RelationshipsStage), ("tags", TagsStage)):
        if name not in _FACTORIES:
            register(name, factory, default=False)
    names = [n for n in DEFAULT_STAGES if n not in ("relationships", "tags")]
    at = names.index("stats")
    return names[:at] + ["relationships", "tags"] + names[at:]


def analyze(text: str, declared: dict[str, list[str]] | None = None) -> Work:
    work = read(text)
    if declared:
        work.info.declared_tags = declared
    return Pipeline.build(stage_names())(work)


def pair(work: Work, a: str, b: str):  # type: ignore[no-untyped-def]
    names = {c.id: c.name for c in work.characters}
    return next(r for r in work.relationships if {names[c] for c in r.characters} == {a, b})


def said(work: Work, spans) -> list[str]:  # type: ignore[no-untyped-def]
    return [work.text[s.start : s.end] for s in spans]


ROMANCE = (
    "Anna waited by the river until Ben arrived. He was late, as always.\n\n"
    '"You came," Anna said.\n\n'
    'Ben smiled at her. "I always come back for you." He took her hand and kissed her softly.\n\n'
    '"I love you," Anna whispered.\n\n'
    '"I love you too," Ben said, and he kissed her again.\n'
)

BROTHERS = (
    "Tom found Ben on the roof of the boathouse, where he always went to sulk.\n\n"
    '"You left," Tom said. "You just left, and I waited at the station all night."\n\n'
    'Ben looked at him for a long moment. Then he pulled Tom down beside him and kissed him, '
    "clumsily, like a question.\n\n"
    '"I love you," Ben said. "I\'m sorry. I love you."\n\n'
    'Tom kissed him back. "Don\'t ever leave like that again."\n'
)

SIBLINGS = (
    "Maya slammed the door. Her brother Leo followed her into the kitchen.\n\n"
    '"You took my charger again," Maya snapped. "I swear, Leo, I hate you sometimes."\n\n'
    '"It\'s my charger," Leo shouted at her. They argued for ten minutes about it, the way siblings do.\n\n'
    '"Fine," Maya said at last. "Mom will sort it out." Leo rolled his eyes at his sister and stormed out.\n'
)

FRIENDS = (
    "Sam ran across the field and threw his arms around Jake.\n\n"
    '"Best friend in the world," Sam said, hugging him tight.\n\n'
    'Jake laughed and hugged him back. "Missed you too, buddy." They had been friends since '
    "kindergarten, and nothing had changed.\n\n"
    'Jake clapped Sam on the shoulder. "Come on, the others are waiting."\n'
)

JOKING = (
    "Rosa dropped the cake on the floor. Tom stared at the mess.\n\n"
    '"I could kill you," Tom said, laughing so hard he had to sit down.\n\n'
    'Rosa grinned at him. "You\'d miss me too much." They cleaned up together, still giggling.\n'
)

UNDONE = (
    "The battle had gone badly. Arthur found Lancelot behind the wall.\n\n"
    "Lancelot was pale, and when Arthur touched his face it was cold. Lancelot was dead. Arthur "
    "held him and wept.\n\n"
    "At dawn Lancelot opened his eyes. He coughed and sat up, and Arthur stared. Lancelot was "
    "alive. The healer said he had never really died at all; his heart had only slowed.\n\n"
    '"You came back," Arthur whispered. Lancelot smiled at him.\n'
)

DEATH = (
    "Elena held Marcus's hand in the hospital bed. The machines beeped slowly.\n\n"
    '"Stay with me," she begged him.\n\n'
    "Marcus tried to smile. Then his breathing slowed. Marcus died a little after midnight, with "
    "Elena beside him.\n\n"
    "At the funeral Elena could not cry. She stood by Marcus's grave until the rain came, and "
    "then she went home alone.\n"
)

NOTHING = (
    "Nora watered the plants on the windowsill and hummed. The cat slept in the sun.\n\n"
    "Later she baked bread, read a chapter of her book, and went for a walk to the lake. The "
    "water was calm and the ducks were out.\n\n"
    "In the evening Nora wrote a list of things to buy and went to bed early.\n"
)


def test_kiss_and_love_make_a_romance_tagged_a_slash_b():
    work = analyze(ROMANCE)
    r = pair(work, "Anna", "Ben")
    assert r.kind == "romantic" and r.tag == "Anna/Ben"
    assert 0.5 <= r.score <= 1.0
    assert any("kissed her" in s for s in said(work, r.evidence))
    assert work.tags.relationships == ["Anna/Ben"]
    assert work.tags.category == ["F/M"]
    assert "Romance" in work.tags.freeform


def test_two_men_in_love_are_m_m():
    work = analyze(BROTHERS.replace("Tom found Ben", "Tom found Ben"))
    assert pair(work, "Ben", "Tom").kind == "romantic"
    assert work.tags.category == ["M/M"]


def test_siblings_who_argue_are_family_not_hostile():
    work = analyze(SIBLINGS)
    r = pair(work, "Leo", "Maya")
    assert r.kind == "family"
    assert r.tag == "Leo & Maya"
    assert "Leo & Maya" in work.tags.relationships
    assert work.tags.category == ["Gen"]


def test_friends_who_hug_are_platonic():
    work = analyze(FRIENDS)
    r = pair(work, "Jake", "Sam")
    assert r.kind == "platonic" and r.tag == "Jake & Sam"
    assert work.tags.category == ["Gen"]


def test_a_threat_made_laughing_is_no_violence():
    work = analyze(JOKING)
    assert pair(work, "Rosa", "Tom").kind != "hostile"
    assert work.tags.warnings == ["No Archive Warnings Apply"]
    assert work.tags.rating == "General Audiences"


def test_a_death_undone_is_fake_not_major():
    work = analyze(UNDONE)
    assert "Major Character Death" not in work.tags.warnings
    assert "Fake/Temporary Character Death" in work.tags.freeform
    assert "Character Death" not in work.tags.freeform


def test_a_real_death_is_major_character_death_with_its_sentence():
    work = analyze(DEATH)
    assert work.tags.warnings == ["Major Character Death"]
    spans = said(work, work.tags.evidence["Major Character Death"])
    assert any("Marcus died a little after midnight" in s for s in spans)
    assert 0.5 <= work.tags.scores["Major Character Death"] <= 1.0
    assert "Character Death" in work.tags.freeform


def test_a_quiet_story_has_no_archive_warnings():
    work = analyze(NOTHING)
    assert work.tags.warnings == ["No Archive Warnings Apply"]
    assert work.tags.rating == "General Audiences"
    assert work.tags.category == ["Gen"]
    assert work.tags.relationships == []


def test_evidence_lies_inside_the_text_and_the_output_validates():
    for text in (ROMANCE, SIBLINGS, DEATH, UNDONE):
        work = analyze(text)
        n = len(work.text)
        for r in work.relationships:
            assert r.evidence and all(0 <= s.start < s.end <= n for s in r.evidence)
        for tag, spans in work.tags.evidence.items():
            assert all(0 <= s.start < s.end <= n for s in spans), tag
        assert all(0.0 <= v <= 1.0 for v in work.tags.scores.values())
        validate(work.to_dict())
        assert Work.from_json(work.to_json()).to_dict() == work.to_dict()


def test_declared_tags_are_never_read():
    declared = {"warnings": ["Major Character Death", "Rape/Non-Con"], "rating": ["Explicit"],
                "relationships": ["Nora/The Cat"], "category": ["M/M"], "freeform": ["Angst", "Self-Harm"]}
    work = analyze(NOTHING, declared)
    assert work.tags.warnings == ["No Archive Warnings Apply"]
    assert work.tags.rating == "General Audiences"
    assert work.tags.relationships == [] and work.tags.category == ["Gen"]
    assert not {"Angst", "Self-Harm"} & set(work.tags.freeform)
    assert work.info.declared_tags == declared  # shown beside the inferred tags, untouched


def test_an_authors_note_warning_is_not_the_story():
    note = ("A/N: TW for self-harm, suicide attempt, rape and major character death in later "
            "chapters! Thanks for reading, please review.\n\n")
    work = analyze(note + NOTHING)
    assert any(s.kind == "author_note" for s in work.segments)
    assert work.tags.warnings == ["No Archive Warnings Apply"]
    assert not {"Self-Harm", "Suicide Attempt"} & set(work.tags.freeform)


def test_a_sex_education_talk_is_not_sex():
    text = (
        "Mr. Hale wheeled the television into the classroom and sighed. Sex education was the "
        "worst week of health class for everyone.\n\n"
        '"Right," he said. "Today: condoms, consent, and why sex is not like the films."\n\n'
        "Priya, who was fifteen, wanted to die of embarrassment. Jonah drew a penis on the "
        "worksheet and got sent out. Mr. Hale explained the vagina with a diagram, and "
        "contraception with a banana, and nobody looked at anybody.\n\n"
        '"Any questions?" Nobody had questions. Priya decided she would become a nun.\n'
    )
    work = analyze(text)
    assert work.tags.rating in ("General Audiences", "Teen And Up Audiences")
    assert "Underage Sex" not in work.tags.warnings and "Major Character Death" not in work.tags.warnings


def test_graphic_violence_is_warned_with_a_rating_to_match():
    text = (
        "The raiders came over the wall at dawn. Kell saw a man take an arrow through the eye and "
        "keep walking, and another with his belly laid open, holding his guts in with one arm.\n\n"
        "Blood pooled in the gutters. Kell stabbed the first raider who reached her, and the "
        "blade grated on bone; she pulled it free and blood sprayed across her face.\n\n"
        "By noon the square was a slaughter. Her brother Ash lay with his throat cut, and she "
        "knelt in the blood beside him and screamed in pain when a spear went into her side.\n"
    )
    work = analyze(text)
    assert "Graphic Depictions Of Violence" in work.tags.warnings
    assert work.tags.rating in ("Mature", "Explicit")
    assert work.tags.evidence["Graphic Depictions Of Violence"]


def test_letters_make_an_epistolary_story():
    letters = "".join(
        f"---\n\nDear Cass,\n\nWeek {n} here. The food is grey and the nurse is kind. I miss the dog.\n\n"
        f"Love,\nJamie\n\n---\n\nDear Jamie,\n\nThe dog misses you too. Eat the grey food.\n\nCass\n\n"
        for n in range(1, 4)
    )
    work = analyze(letters)
    assert sum(1 for s in work.segments if s.kind == "letter") >= 3
    assert "Epistolary" in work.tags.freeform
    assert all(work.text[s.start : s.end].startswith("Dear") for s in work.tags.evidence["Epistolary"])


def test_the_stages_run_alone_on_a_hand_built_work():
    work = Pipeline.build(["structure", "quotes", "narration", "characters", "speakers"])(read(ROMANCE))
    work = TagsStage()(RelationshipsStage()(work))
    assert pair(work, "Anna", "Ben").kind == "romantic"
    assert work.tags.fandoms == [] and work.tags.rating


def test_a_malformed_lexicon_is_one_line_error():
    from ficlens.stages.relations.lexicon import LexiconError, build

    with pytest.raises(LexiconError) as err:
        build({"rules": [{"cue": "romantic", "phrases": ["kiss"]}]})
    assert "\n" not in str(err.value)


def test_eval_tags_scores_a_tiny_labelled_set(tmp_path: Path):
    from ficlens.eval.tags import conllu_text, evaluate_tags

    (tmp_path / "romance.txt").write_text(ROMANCE, encoding="utf-8")
    (tmp_path / "death.txt").write_text(DEATH, encoding="utf-8")
    (tmp_path / "labels.yaml").write_text(
        "romance.txt:\n  source: null\n  written_by: us\n  fandoms: []\n  rating: General Audiences\n"
        "  warnings: [No Archive Warnings Apply]\n  category: [F/M]\n"
        "  relationships:\n    - {pair: [Anna, Ben], kind: romantic}\n  content: [Romance]\n"
        "death.txt:\n  source: null\n  written_by: us\n  fandoms: []\n  rating: Teen And Up Audiences\n"
        "  warnings: [Major Character Death]\n  category: [Gen]\n"
        "  relationships:\n    - {pair: [Elena, Marcus], kind: romantic}\n  content: [Character Death]\n",
        encoding="utf-8")
    figures = evaluate_tags(tmp_path)
    assert figures["files"] == 2
    assert figures["pair_precision"] == 1.0 and figures["pair_recall"] == 0.5
    assert figures["warning_precision"] == 1.0 and figures["warning_recall"] == 1.0
    assert figures["fandom_accuracy"] == 1.0
    conllu = tmp_path / "tiny.conllu"
    conllu.write_text("# newdoc id = a.txt\n# text = Hi there.\n1\tHi\n\n# newdoc id = b.txt\n"
                      "# text = Ben kissed Anna.\n1\tBen\n\n# text = She smiled.\n1\tShe\n", encoding="utf-8")
    assert conllu_text(conllu, "b.txt") == "Ben kissed Anna. She smiled."


MARRIED = (
    "Mr. Weston came in from the garden with mud on his boots. Mrs. Weston looked up from her sewing and "
    "sighed.\n\n"
    '"You promised me the boots would stay at the door," said Mrs. Weston.\n\n'
    '"So I did," said Mr. Weston, and he went back to take them off. Mrs. Weston smiled after him.\n\n'
    "Harriet Smith was engaged with her drawing by the window, and Mr. Weston was engaged in finding his "
    "slippers; neither said a word to Harriet Smith for an hour.\n"
)


def test_a_mr_and_a_mrs_of_one_name_are_married():
    work = analyze(MARRIED)
    assert pair(work, "Mr. Weston", "Mrs. Weston").kind == "romantic"


def test_engaged_meaning_busy_is_no_romance():
    text = (
        "Harriet Smith was engaged with the drawings all morning, and Robert Martin was engaged in a letter "
        "beside Harriet Smith.\n\n"
        '"Will you look at this one?" said Harriet Smith. Robert Martin looked.\n\n'
        '"It is very like the church," said Robert Martin, and Harriet Smith was engaged with it again until '
        "Robert Martin went home.\n"
    )
    work = analyze(text)
    assert all(r.kind != "romantic" for r in work.relationships)


def test_self_harm_written_with_care_is_still_seen():
    text = (
        "Jo caught Laurie's wrist and he gasped, and a small red spot spread on his cuff.\n\n"
        '"Show me," she said, and at last he turned back the sleeve.\n\n'
        "There were a great many lines on the inside of his forearm, old ones faded pale and one fresh. They "
        "were too straight and too many to be any stable door.\n\n"
        '"You did this," she said. She wanted to shout at him for hurting himself. Instead she washed the cut '
        "and bound it, and held his hand.\n\n"
        '"It started at school," Laurie said. "Everything got so loud, and then I would do it, and for a little '
        'while I could breathe."\n\n'
        "Jo sat beside him until the lamps were lit. The scars on his arm would fade, she thought, if he let them.\n"
    )
    work = analyze(text)
    assert "Self-Harm" in work.tags.freeform
    assert "Suicide Attempt" not in work.tags.freeform
    assert work.tags.warnings == ["No Archive Warnings Apply"]


def test_a_beating_heart_and_a_neglected_library_are_no_abuse():
    text = (
        "Elizabeth Bennet walked into the library at Netherfield, her heart beating fast. Caroline Bingley "
        "had been abusing her all through dinner, and the neglected shelves were a comfort. "
        "Mr. Darcy was beaten at cards again that night, and he was not used to being beaten. "
        "The grooms were grooming the horses in the yard, and Elizabeth watched them through the window, "
        "her heart still beating. Caroline Bingley went on abusing everyone, and nobody minded her.\n"
    )
    assert "Abuse" not in analyze(text).tags.freeform


def test_knitting_needles_a_joint_of_beef_and_molly_are_no_drug_use():
    text = (
        "Molly Weasley sat by the fire with her knitting needles clicking. Molly had a joint of beef in the "
        "oven and the weeds in the garden could wait. Arthur Weasley came in and kissed her. 'The needles "
        "again, Molly?' he said. Molly laughed and kept knitting, and the joint of beef smelled wonderful, "
        "and Arthur pulled weeds all afternoon with a blunt trowel while Molly counted stitches.\n"
    )
    assert "Drug Use" not in analyze(text).tags.freeform


def test_binge_watching_and_counting_calories_on_a_label_are_no_eating_disorder():
    text = (
        "Sam Winchester and Dean Winchester binged three seasons of a cooking show in one night. Dean binged "
        "the pie episodes twice. Sam read the calories on the pie box out loud, and Dean threw a pillow at him. "
        "They binged the finale at four in the morning, and Sam said the calories did not count after midnight, "
        "and Dean agreed, and they binged one more.\n"
    )
    assert "Eating Disorders" not in analyze(text).tags.freeform


def test_drinking_tea_and_photo_shots_are_no_alcohol():
    text = " ".join(
        f"Jane Bennet was drinking tea with Elizabeth Bennet in the garden, and the photographer took shots "
        f"of them drinking tea, {n} shots in all, while they kept drinking their tea." for n in range(12)
    ) + "\n"
    assert "Alcohol" not in analyze(text).tags.freeform


def test_a_kiss_in_a_sentence_after_one_naming_the_two_is_theirs():
    text = (
        "Hinata Shouyou and Kageyama Tobio share a flat by the river. The flat has one bed and two alarms.\n\n"
        "Kageyama makes the rice. Hinata sets out the bowls and steals a pickle.\n\n"
        "Hinata crosses the hallway, takes hold of Kageyama's jacket and pulls him down. The kiss is quick "
        "and tastes of miso. It happens every morning.\n\n"
        "In the evening Hinata comes home late, and Kageyama is asleep on the couch. Hinata puts a blanket "
        "over him and turns off the lamp.\n"
    )
    r = pair(analyze(text), "Hinata Shouyou", "Kageyama Tobio")
    assert r.kind == "romantic"
    assert r.tag == "Hinata Shouyou/Kageyama Tobio"


def test_we_in_a_first_person_story_is_the_narrator_and_the_last_one_named():
    text = (
        "Because Nadia texted me three days ago, I am at the counter twenty minutes early. Nadia is coming.\n\n"
        "We broke up in November. Technically she broke up with me, on the phone, while I stood in a "
        "laundromat holding a wet sock.\n\n"
        "\"Hey, Nadia,\" I say, when she comes in.\n\n"
        "\"Hey. Marisol. You look well,\" Nadia says. \"I'm dating someone. I wanted you to hear it from me.\"\n\n"
        "I look at my coffee. Nadia looks at me.\n"
    )
    work = analyze(text)
    assert work.narration.narrator == next(c.id for c in work.characters if c.name == "Marisol")
    assert pair(work, "Marisol", "Nadia").kind == "romantic"


def test_injuries_told_in_detail_without_the_word_blood_are_graphic_violence():
    text = (
        "The ghoul came up off the mattress and Corin met it with the cleaver at shoulder height. "
        "The swing took its head off at the jaw.\n\n"
        "The second one hit Tess from behind. Its teeth went into her forearm and she felt them grate "
        "on the bone. Corin cut the tendons at its ankle and it dropped. He drove the stake into its "
        "heart.\n\n"
        "When it was over Tess sat against the wall. Her left leg was bent wrong below the knee, the "
        "white end of the bone out through the torn denim, and there was blood on her lips.\n\n"
        "Corin splinted the leg with a broom handle while she swore at him, and they waited for the van.\n"
    )
    work = analyze(text)
    assert "Graphic Depictions Of Violence" in work.tags.warnings
    assert len(work.tags.evidence["Graphic Depictions Of Violence"]) >= 3


def test_a_sword_fight_makes_enemies():
    text = (
        "Anton Kessler was waiting at the end of the alley with his sword already drawn.\n\n"
        "\"You're late,\" said Kessler. Tomas Reyne said nothing at all.\n\n"
        "Tomas Reyne lunged at Kessler. Kessler parried Tomas's blade with a contemptuous flick, and "
        "Tomas swung at Kessler again, and this time his point slid in under the guard.\n\n"
        "Tomas walked home with his hand wrapped in his sleeve.\n"
    )
    r = pair(analyze(text), "Anton Kessler", "Tomas Reyne")
    assert r.kind == "hostile"
    assert r.tag == "Anton Kessler & Tomas Reyne"


def test_ma_am_and_a_couple_of_days_are_no_family_and_no_couple():
    text = (
        "Cole Varner held the door of the diner for Mrs. Ruth Aldane.\n\n"
        '"Thank you kindly," Ruth said.\n\n'
        '"You\'re welcome, ma\'am," Cole said. "Will you be staying in town long, ma\'am?"\n\n'
        '"A couple of days. A couple weeks, if the car needs more than a tyre."\n\n'
        "Cole nodded and showed her to a booth, and Ruth thanked him again.\n"
    )
    work = analyze(text)
    r = pair(work, "Cole Varner", "Ruth Aldane")
    assert r.kind == "platonic"


def test_the_kind_of_couple_we_are_is_romance_and_a_couple_of_days_is_not():
    from ficlens.stages.relations.lexicon import scan

    def romantic(text: str) -> list[str]:
        return [text[h.start : h.end] for h in scan(text)["pair"] if h.rule.cue == "romantic"]

    assert romantic("We're the kind of couple who talks about everything twice.") == ["kind of couple"]
    assert romantic("Stay a couple of days, or a couple weeks.") == []
    assert romantic("They had been a couple since spring.") == ["a couple"]


def test_a_burial_told_once_is_a_death_the_story_dwells_on():
    text = (
        "Dear Aldo,\n\n"
        "We buried you on Thursday, under the old yew by the chapel wall. It rained, and then it "
        "stopped. Tomas held my hand the whole time and did not say a word.\n\n"
        "The garden is growing wild without you. I water the beans the way you showed me.\n\n"
        "Your loving sister,\nMila\n"
    )
    work = analyze(text)
    assert "Major Character Death" in work.tags.warnings
    assert any("We buried you" in s for s in said(work, work.tags.evidence["Major Character Death"]))


def test_a_face_buried_in_a_shoulder_is_no_burial():
    text = (
        "Mila buried her face in Tomas's shoulder and laughed until she cried. He buried his hands "
        "in her hair.\n\n"
        '"You\'re impossible," Tomas said, and Mila laughed again.\n\n'
        "They walked home along the river and bought bread on the way.\n"
    )
    work = analyze(text)
    assert work.tags.warnings == ["No Archive Warnings Apply"]


def test_a_party_breaking_up_is_no_break_up():
    from ficlens.stages.relations.lexicon import scan

    text = "When the party broke up, Lydia went home with Harriet. The break-up of the family came later."
    assert not [h for h in scan(text)["pair"] if h.rule.cue == "romantic"]
    assert [h for h in scan("Lydia and Wickham broke up in May.")["pair"] if h.rule.cue == "romantic"]


def test_an_engagement_with_someone_is_theirs_and_a_relatives_love_is_not_the_speakers():
    text = (
        "Charles Dunmore and Jane Ashby walked in the garden every morning that spring.\n\n"
        "A week after Charles's engagement with Jane, the family sat together in the parlour, and Charles "
        "could not stop smiling at her. Jane blushed, and Charles flirted with her shamelessly.\n\n"
        "Caroline Dunmore sat beside Jane and poured the tea.\n\n"
        "\"I knew it long before you did,\" Caroline told Jane. \"My brother is in love with you, and has been "
        "since the ball.\"\n\n"
        "\"As to his marriage, I knew all about it before anyone,\" Caroline said, and laughed.\n"
    )
    work = analyze(text)
    assert pair(work, "Charles Dunmore", "Jane Ashby").kind == "romantic"
    assert "Caroline Dunmore/Jane Ashby" not in work.tags.relationships


def test_a_couple_beside_a_new_love_is_still_a_couple():
    text = (
        "Tomas is my husband, and has been for nine years, and he is the one who says it first.\n\n"
        "\"You're allowed to kiss her, you know, Maren,\" Tomas says, drying a plate.\n\n"
        "So on Sunday, by the river, I kiss Ines. She kisses me back, and laughs, and kisses me again, and "
        "I kiss her once more because I can. \"Maren,\" she says, \"you're ridiculous.\" Ines holds my hand "
        "all the way home.\n\n"
        "Tomas has the kettle on when we come in. He kisses my forehead, the way he has every evening since "
        "our wedding, and then he hugs Ines.\n"
    )
    work = analyze(text)
    assert work.narration.person == "first"
    narrator = next(c.name for c in work.characters if c.id == work.narration.narrator)
    assert pair(work, narrator, "Ines").kind == "romantic"
    assert pair(work, narrator, "Tomas").kind == "romantic"  # not talk beside the stronger romance
    assert "Multi" in work.tags.category


WITCHER_CAST = "Geralt of Rivia and Jaskier had known each other for years. Yennefer thought them both ridiculous.\n\n"


def test_phones_in_a_canon_without_them_are_a_modern_setting_au():
    modern = WITCHER_CAST + (
        "Jaskier texted Geralt from the coffee shop, then texted again, then called. Geralt let the phone ring. "
        "Yennefer was on her laptop in the car, booking the flight, and told them both to stop.\n"
    )
    period = WITCHER_CAST + (
        "Jaskier sent a letter from the inn at Oxenfurt, then another. Geralt let them sit on the table. "
        "Yennefer opened a portal in the stable yard and told them both to stop. Roach ate the letters.\n"
    )
    assert analyze(modern).tags.fandoms == ["Wiedźmin | The Witcher - All Media Types"]
    assert "Alternate Universe - Modern Setting" in analyze(modern).tags.freeform
    assert "Alternate Universe - Modern Setting" not in analyze(period).tags.freeform


def test_blood_kin_are_lovers_only_when_romance_dominates_what_they_share():
    from ficlens.stages.relations import kinds

    def evidence(romantic: float, family: float) -> kinds.Evidence:
        ev = kinds.Evidence()
        ev.add("romantic", romantic, 0)
        ev.add("family", family, 1)
        return ev

    # Sisters who talk through a whole novel say "dearest" often enough without being lovers.
    assert kinds.classify(evidence(8.85, 2.65), "sibling", direct=264).kind == "family"
    # A short story that is about the two of them as lovers.
    assert kinds.classify(evidence(9.0, 1.0), "sibling", direct=40).kind == "romantic"


def test_a_name_after_a_is_anyone_of_that_family_not_the_character():
    text = (
        "Sir Walter Elliot thought a great deal of the baronetage and very little of sailors.\n\n"
        "Captain Benwick had been engaged to Fanny Harville, and was still in mourning for her.\n\n"
        "Mary could not see how a sailor like Captain Benwick was entitled to be in love with an Elliot. "
        "Sir Walter agreed.\n"
    )
    work = analyze(text)
    names = {c.id: c.name for c in work.characters}
    romantic = [{names[c] for c in r.characters} for r in work.relationships if r.kind == "romantic"]
    assert not any("Sir Walter Elliot" in p for p in romantic)


def test_engaged_to_someones_sister_is_no_romance_with_her_brother():
    from ficlens.stages.relations.kinds import _owner_only
    from ficlens.stages.relations.lexicon import scan

    low = "he had been engaged to captain harville's sister."
    hit = next(h for h in scan(low)["pair"] if "engaged" in low[h.start : h.end])
    start = low.index("harville")
    assert _owner_only(low, start, start + len("harville"), hit)


def test_sisters_who_say_dearest_do_not_make_a_suitor_mere_talk():
    text = (
        "Elizabeth Bennet and Jane Bennet sat up late at Longbourn, as they always did. Elizabeth's sister Jane "
        "was the eldest, and Jane's sister Elizabeth the cleverest.\n\n"
        '"My dearest Jane," said Elizabeth, and kissed her cheek. "I love you more than anyone."\n\n'
        '"And I love you, dearest Lizzy," said Jane, and embraced her.\n\n'
        "Elizabeth kissed Jane goodnight. Jane kissed Elizabeth's hand. Elizabeth loved Jane best of all the world.\n\n"
        "In the morning Mr. Bingley called. Bingley asked Jane to marry him, and by dinner Jane and Bingley had "
        "become engaged.\n"
    )
    work = analyze(text)
    assert pair(work, "Elizabeth Bennet", "Jane Bennet").kind == "family"
    assert pair(work, "Jane Bennet", "Charles Bingley").kind == "romantic"
    assert "Jane Bennet/Charles Bingley" in work.tags.relationships
