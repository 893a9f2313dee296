from ficlens.stages.structure.blocks import heading_match, is_separator, split_blocks


def test_blocks_separators_recognised():
    for line in ["***", "* * *", "~~~", "-o-", "xXx", "oOo", "~*~*~", "----------", "________", "Line Break", "⁂", "#"]:
        assert is_separator(line), line


def test_blocks_speech_punctuation_is_not_a_separator():
    for line in ["...", "…", "!?", '"', "Oh.", "I", "ox"]:
        assert not is_separator(line), line


def test_blocks_chapter_headings_in_fan_styles():
    for line in ["Chapter 1", "Chapter Two: The Return", "CHAPTER III", "Ch. 4 - Title", "Part One",
                 "Part 2: Title", "Prologue", "Epilogue", "Chapter 12 The Long Night", "Epilogue: Ten Years Later"]:
        assert heading_match(line), line


def test_blocks_sentences_are_not_headings():
    for line in ["Part of me wanted to run.", "chapter one was boring and long, she thought.",
                 '"Chapter one," he read aloud.', "Day one was hard."]:
        assert not heading_match(line), line


def test_blocks_bare_numbers_need_a_sequence():
    with_sequence = "1.\n\nIt began.\n\n2.\n\nIt went on.\n"
    heads = [b.text for b in split_blocks(with_sequence) if b.kind == "heading"]
    assert heads == ["1.", "2."]
    lone = "She counted.\n\n7.\n\nThat was all.\n"
    assert not [b for b in split_blocks(lone) if b.kind == "heading"]


def test_blocks_single_newline_text_is_split_into_lines():
    text = "\n".join(f"Paragraph number {i} of a pasted story." for i in range(8))
    paras = [b for b in split_blocks(text) if b.kind == "para"]
    assert len(paras) == 8
    assert all(text[b.start : b.end] == b.text for b in paras)


def test_blocks_hard_wrapped_text_keeps_paragraphs():
    para = ("It was a bright cold day in the month of the long rains, and the clocks\n"
            "of the old town were striking thirteen as the carriage rolled past the gate\n"
            "where the watchman slept beneath his lantern and dreamt of better times.\n")
    text = "\n".join([para] * 6)
    paras = [b for b in split_blocks(text) if b.kind == "para"]
    assert len(paras) == 6


def test_blocks_numbered_lists_are_not_headings():
    text = "A/N: songs for this one:\n\n1. Paper Houses - Marigold Lane\n2. Lantern Year - The Hollow Lamps\n\nShe ran.\n"
    assert not [b for b in split_blocks(text) if b.kind == "heading"]


def test_blocks_a_single_titled_chapter_number_beside_an_epilogue():
    text = "6 — The Drowned Bell\n\nThe sea rose.\n\nEpilogue\n\nIt fell again.\n"
    assert [b.text for b in split_blocks(text) if b.kind == "heading"] == ["6 — The Drowned Bell", "Epilogue"]
