"""The structure stage's cue lists, read once from `lexicon.yaml` and compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_FLAGS = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True)
class Lexicon:
    marker_anywhere: re.Pattern[str]
    marker_edge: re.Pattern[str]
    summary_marker: re.Pattern[str]
    inline_note: re.Pattern[str]
    note_cues: tuple[tuple[re.Pattern[str], float], ...]
    story_cues: tuple[tuple[re.Pattern[str], float], ...]
    disclaimer: re.Pattern[str]
    chapter_heading: re.Pattern[str]
    loose_chapter_heading: re.Pattern[str]
    standalone_heading: re.Pattern[str]
    numeric_heading: re.Pattern[str]
    scene_break_words: re.Pattern[str]
    salutation: re.Pattern[str]
    closing: re.Pattern[str]
    singing: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files(__package__).joinpath("lexicon.yaml").read_text("utf-8"))
    numbers = _alternation(raw["number_words"])
    number = rf"(?:\d{{1,4}}|[ivxlcdm]{{1,7}}\b|(?:{numbers})(?:[\s-]+(?:{numbers}))?\b)"
    words = _alternation(raw["chapter_words"])
    title_sep = r"\s*(?:[:.\-–—~|/]+\s*(?P<title>.{0,100}?))?"
    return Lexicon(
        marker_anywhere=re.compile("^(?:" + "|".join(raw["note_markers_anywhere"]) + ")", _FLAGS),
        marker_edge=re.compile("^(?:" + "|".join(raw["note_markers_edge"]) + ")", _FLAGS),
        summary_marker=re.compile("^" + raw["summary_marker"], _FLAGS),
        inline_note=re.compile(raw["inline_note"], _FLAGS),
        note_cues=tuple((re.compile(c["pattern"], _FLAGS), float(c["weight"])) for c in raw["note_cues"]),
        story_cues=tuple((re.compile(c["pattern"], re.MULTILINE), float(c["weight"])) for c in raw["story_cues"]),
        disclaimer=re.compile("|".join(raw["disclaimer"]), _FLAGS),
        chapter_heading=re.compile(rf"^[\W_]{{0,4}}(?:{words})\.?\s*#?{number}{title_sep}[\W_]{{0,4}}$", re.IGNORECASE),
        loose_chapter_heading=re.compile(
            rf"^[\W_]{{0,4}}(?:chapter|chap|ch|part)\.?\s*#?{number}\s+(?P<title>(?-i:[A-Z'‘(\[]).{{0,80}}?)(?<![.!?,;])[\W_]{{0,4}}$",
            re.IGNORECASE,
        ),
        standalone_heading=re.compile(
            rf"^[\W_]{{0,4}}(?:{_alternation(raw['standalone_headings'])})(?:\s*{number})?{title_sep}[\W_]{{0,4}}$",
            re.IGNORECASE,
        ),
        numeric_heading=re.compile(r"^[\W_]{0,3}(?P<num>\d{1,3}|[IVXLC]{1,7})[\W_]{0,3}?(?:\s*[.:)\-–—]\s*(?P<title>[^.!?]{1,80}))?[\W_]{0,3}$"),
        scene_break_words=re.compile(rf"^[\W_]*(?:{_alternation(raw['scene_break_words'])})[\W_]*$", re.IGNORECASE),
        salutation=re.compile(rf"^\s*(?:{_alternation(raw['salutations'])})\b[^\n]{{0,60}}?[,:!—–-]?\s*$", re.IGNORECASE),
        closing=re.compile(rf"^\s*(?:{_alternation(raw['closings'])})\b[^\n]{{0,40}}$", re.IGNORECASE),
        singing=re.compile(raw["singing_cues"], re.IGNORECASE),
    )
