"""Messages inside a story: chat logs, texts, app transcripts and telegrams.

A run of "Name: text" lines is a chat when more than one name takes part or the lines carry
times; a play's dialogue shares that shape and is told apart by its capitals and stage
directions. Telegrams are the capital-letter paragraphs signed with one word.
"""

from __future__ import annotations

import re

from ficlens.stages.structure.blocks import Block
from ficlens.stages.structure.embedded import Span, _indent

_CHAT = re.compile(
    r"^\s*(?:\[?\(?\d{1,2}[:.]\d{2}(?:\s?[apAP]\.?[mM]\.?)?\)?\]?\s*[-–]?\s*)?(?:\*\*|<|>\s?|@)?"
    r"(?P<name>(?:[A-Za-z]|[^\x00-\x7F])[^\s:]?[\w.'’ \-&\u0080-\U0010FFFF]{0,28}?)(?:\*\*|>)?(?:\s*[\(\[][^)\]\n]{1,24}[\)\]])?\s*(?::|\*\*:|>)\s+\S"
)
_DISCORD_HEADER = re.compile(
    r"^\s*[^\n:]{1,32}?\s+[—–-]\s+(?:Today|Yesterday|\d{1,2}/\d{1,2}/\d{2,4})(?:\s+at)?\s+\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?\s*$"
)
_CHAT_EVENT = re.compile(r"\b(?:changed the (?:group )?(?:name|photo|icon)|added|removed|left the (?:group|chat)|joined|renamed|pinned a message)\b")
_CHAT_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
#: "Label: value" lines of a fic's header or an email, which share the chat shape.
_NOT_CHAT_NAMES = {"note", "notes", "a/n", "an", "summary", "disclaimer", "warning", "warnings", "from", "to",
                   "subject", "date", "sent", "cc", "bcc", "re", "ps", "p.s", "chapter", "part", "edit", "update",
                   "title", "fandom", "fandoms", "rating", "pairing", "pairings", "characters", "character",
                   "author", "genre", "status", "words", "word count", "length", "beta", "prompt", "series",
                   "category", "spoilers", "fic", "recipient", "timeline", "setting", "song", "playlist"}
_QUOTED = re.compile(r"[\"“”]|(?:^|\s)‘|\b(?:said|asked|cried|replied|returned|exclaimed)\b")


_LOWER_RUN = re.compile(r"[a-z]{4}")
#: A chat handle typed in lower case: one short word ("jordan", "me", "nick_c").
_TYPED_HANDLE = re.compile(r"[a-z][a-z0-9_.]{1,15}")


def find_messages(text: str, blocks: list[Block]) -> list[Span]:
    """Runs of two or more chat lines ("Name: text", "[10:42] Name: text")."""
    lines = [(s + _indent(text[s:e]), e) for b in blocks if b.kind == "para" for s, e in b.lines if text[s:e].strip()]
    spans: list[Span] = []
    run: list[tuple[int, int, str, bool]] = []

    def close() -> None:
        names = {name.lower() for *_, name, _ in run}
        timed = any(t for *_, t in run)
        # Handles typed in lower case ("jordan: ok but"): a real exchange, several lines, a name back.
        typed = any(name.islower() for *_, name, _ in run)
        if typed and not (len(run) >= 3 and len(names) >= 2 and len(names) < len(run)):
            run.clear()
            return
        if len(run) >= 2 and (len(names) >= 2 or timed) and (timed or not _play_script(text, run)):
            spans.append(("message", run[0][0], run[-1][1]))
        run.clear()

    previous_end = -1
    for s, e in lines:
        m = _CHAT.match(text[s:e])
        name = m.group("name").strip() if m else ""
        handle = m is not None and (
            name[0].isupper() or not name.isascii() or m.start("name") > _indent(text[s:e])
            or bool(_TYPED_HANDLE.fullmatch(name))
        )
        if m and handle and name.lower() not in _NOT_CHAT_NAMES and len(name.split()) <= 3:
            gap = text[previous_end:s] if previous_end >= 0 else ""
            if run and gap.count("\n") > 2:
                close()
            run.append((s, e, name, bool(_CHAT_TIME.search(text[s : s + m.start("name") + 1]))))
            previous_end = e
        elif run and _CHAT_EVENT.search(text[s:e]) and len(text[s:e]) <= 120:
            previous_end = e  # "X changed the group name": part of the chat, not the end of it
            run.append((s, e, run[-1][2], run[-1][3]))
        else:
            close()
            previous_end = e
    close()
    return spans


def find_telegrams(text: str, blocks: list[Block]) -> list[Span]:
    """Telegrams and cables: unquoted capital-letter paragraphs signed with a name or using STOP."""
    spans: list[Span] = []
    for block in blocks:
        if block.kind != "para" or not _telegram(block.text):
            continue
        if spans and _only_space(text[spans[-1][2] : block.start]):
            spans[-1] = ("message", spans[-1][1], block.end)
        else:
            spans.append(("message", block.start, block.end))
    return spans


def _telegram(paragraph: str) -> bool:
    if _LOWER_RUN.search(paragraph):
        return False  # telegrams are in capitals; most paragraphs leave here
    letters = [ch for ch in paragraph if ch.isalpha()]
    if len(paragraph.split()) < 2 or len(letters) < 6 or _QUOTED.search(paragraph):
        return False
    if sum(ch.isupper() for ch in letters) < 0.9 * len(letters):
        return False
    unabbreviated = re.sub(r"\b(MRS?|MS|DR|ST|SGT|CAPT|COL|REV|PROF|NO)\.", r"\1", paragraph)
    sentences = [s.strip() for s in re.split(r"[.!?]+", unabbreviated) if s.strip()]
    return bool(re.search(r"\bSTOP\b", paragraph)) or (len(sentences) >= 2 and len(sentences[-1].split()) == 1)


def _only_space(gap: str) -> bool:
    return not gap.strip()


def find_discord(text: str, blocks: list[Block]) -> list[Span]:
    """Chats pasted from an app that puts "Name — Today at 02:14" above each message."""
    spans: list[Span] = []
    lines = [(n, s + _indent(text[s:e]), e) for n, b in enumerate(blocks) if b.kind == "para" for s, e in b.lines if text[s:e].strip()]
    run: list[tuple[int, int]] = []
    since_header = 99
    header_block = -1
    for n, s, e in lines:
        if _DISCORD_HEADER.match(text[s:e]):
            run.append((s, e))
            since_header, header_block = 0, n
        elif run and since_header < 3 and (n == header_block or n == header_block + 1 and since_header == 0):
            run.append((s, e))
            since_header += 1
        else:
            if sum(1 for a, b in run if _DISCORD_HEADER.match(text[a:b])) >= 2:
                spans.append(("message", run[0][0], run[-1][1]))
            run, since_header = [], 99
    if sum(1 for a, b in run if _DISCORD_HEADER.match(text[a:b])) >= 2:
        spans.append(("message", run[0][0], run[-1][1]))
    return spans


def _play_script(text: str, run: list[tuple[int, int, str, bool]]) -> bool:
    """A play's dialogue ("BLOOM: (Laughs.) ...") shares the chat shape: capital names, stage directions."""
    lines = [text[s:e] for s, e, _, _ in run]
    shouted = sum(1 for _, _, name, _ in run if name.isupper() and len(name) > 2)
    directions = sum(1 for line in lines if re.match(r"^[^:]{1,40}:\s*[\(\[]", line))
    return 2 * shouted > len(lines) or 2 * directions >= len(lines) or len(run) > 40
