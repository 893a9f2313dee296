"""Quotations as fan writers mark them; scare quotes and titles are not dialogue."""

from __future__ import annotations

from ficlens.model import Markup, Segment, Work
from ficlens.pipeline import Pipeline
from ficlens.stages.quotes import QuotesStage, speech_spans


def spoken(text: str) -> list[str]:
    return [text[s:e] for s, e in speech_spans(text)]


def test_quotes_straight_and_curly():
    assert spoken('"Come in," said Holmes. “Sit down.”') == ['"Come in,"', "“Sit down.”"]


def test_quotes_unclosed_at_paragraph_end_closes_there():
    text = '"I will go, she said, and that is that\n\nHe stayed where he was.'
    assert spoken(text) == ['"I will go, she said, and that is that']


def test_quotes_glued_to_the_next_word():
    assert spoken('"...and that is all."Watson sat down.') == ['"...and that is all."']


def test_quotes_british_single_quotes_and_apostrophes():
    assert spoken("'I shan't go,' said Alice, 'and you can't make me.'") == ["'I shan't go,'", "'and you can't make me.'"]


def test_quotes_scare_quotes_and_titles_are_not_speech():
    assert spoken('Her so-called "accident" was no accident. They played "Paper Houses" all night.') == []


def test_quotes_dash_dialogue():
    assert spoken("— Come up, Kinch! Come up, you fearful jesuit!\n\nHe came up.") == [
        "— Come up, Kinch! Come up, you fearful jesuit!"
    ]


def test_quotes_stage_kinds_and_notes_left_out():
    text = 'A/N: "thanks" for reading, "everyone," enjoy!\n\n"Hello," she said. *I should not be here.*\n\nDear Jo,\n\nCome home.\n\nLove, Meg\n'
    work = Pipeline.build(["structure", "quotes"])(Work(text=text))
    kinds = [(q.kind, text[q.start : q.end]) for q in work.quotes]
    assert ("speech", '"Hello,"') in kinds
    assert ("thought", "*I should not be here.*") in kinds
    assert any(kind == "written" and "Dear Jo" in span for kind, span in kinds)
    assert not any(q.start < text.index("\n\n") for q in work.quotes)  # nothing inside the author's note


def test_quotes_italic_thoughts_from_html_markup():
    text = "She looked at the door. It is locked, she thought wildly. Nobody came."
    start = text.index("It is")
    work = Work(text=text, markup=[Markup("emphasis", start, start + len("It is locked, she thought wildly."))])
    work.segments = [Segment("story", 0, len(text), 1)]
    assert [q.kind for q in QuotesStage()(work).quotes] == ["thought"]


def test_quotes_a_short_unclosed_line_is_still_speech():
    text = 'Hob sighed.\n\n"I heard that.\n\nNobody answered.'
    assert spoken(text) == ['"I heard that.']


def test_quotes_an_italic_fragment_with_a_thought_tag_is_a_thought():
    work = Pipeline.build(["structure", "quotes"])(Work(text="*Some day soon*, Merlin thought, and picked up the bucket.\n"))
    assert [(work.text[q.start : q.end], q.kind) for q in work.quotes] == [("*Some day soon*", "thought")]


def test_quotes_a_phrase_after_an_article_or_called_is_a_name_not_speech():
    text = ('The notice calls it a "registered community exchange," which makes everyone laugh. '
            'He called the plan "phase two of the rescue," and nobody argued.\n\n"Come in," she said.')
    assert spoken(text) == ['"Come in,"']


def test_quotes_italics_before_a_present_tense_thought_tag_are_a_thought_but_a_title_is_not():
    text = (
        "Hannibal smiles at you across the counter.\n\n"
        "*Of course,* you think. *Of course he's here.*\n\n"
        "*Say it*, she thinks, and does not.\n\n"
        "He had the *Times*, I think, under his arm.\n"
    )
    work = Pipeline.build(["structure", "quotes"])(Work(text=text))
    thoughts = [text[q.start : q.end] for q in work.quotes if q.kind == "thought"]
    assert "*Of course,*" in thoughts and "*Say it*" in thoughts
    assert "*Times*" not in thoughts


def test_quotes_a_short_quote_ending_in_a_quote_of_its_own_is_speech():
    text = "Xander looked up.\n\n\"You said 'un-person,'\" Xander pointed out.\n"
    assert spoken(text) == ["\"You said 'un-person,'\""]


def test_quotes_dialect_apostrophes_inside_british_single_quotes_do_not_end_them():
    from ficlens.stages.quotes import speech_spans

    text = ("'Lost th' key, has she?' The old gardener leaned on his spade. 'An' tha's lookin' for it on th' "
            "ground, I s'pose.'\n\nIt was a 'shortcut' that went nowhere, and she said so.\n")
    found = [text[a:b] for a, b in speech_spans(text)]
    assert found == ["'Lost th' key, has she?'", "'An' tha's lookin' for it on th' ground, I s'pose.'"]


def test_quotes_a_title_after_the_chorus_of_or_called_is_no_speech():
    from ficlens.stages.quotes import speech_spans

    text = ("Upstairs the radio played the chorus of “Paper Boats in April,” which had been number one for weeks. "
            "“We're in Maryland,” she said.\n")
    assert [text[a:b] for a, b in speech_spans(text)] == ["“We're in Maryland,”"]


def test_quotes_a_title_inside_a_running_sentence_is_no_quotation():
    text = (
        "Catherine sat in the window with ‘The Mysteries of Udolpho’ open on her knee, and did not read.\n\n"
        "‘Are you reading it again?’ asked Eleanor.\n"
    )
    assert spoken(text) == ["‘Are you reading it again?’"]
