"""Texts inside the text: letters, messages (chats, texts, emails), lyrics, and disclaimers.

Each finder takes the blocks of one chapter and returns `(kind, start, end)` spans. They look for
the shape a reader recognises: a salutation and a signature, a run of "Name: message" lines,
short lines beside a mention of singing.
"""

from __future__ import annotations

import re

from ficlens.stages.structure.blocks import Block
from ficlens.stages.structure.lexicon import lexicon

Span = tuple[str, int, int]

MAX_LETTER_BLOCKS = 40
_DEAR = re.compile(r"^\s*(?i:my\s+)?(?i:dear(?:est)?|darling)\s+(?:[A-Z][\w.'’-]*\s?){1,4}[,:!—–-]", re.UNICODE)
_DASH_SIGNATURE = re.compile(r"^\s*[-–—~]+\s*[A-Z][\w.'’ ]{0,30}\s*$")
_SIGNATURE = re.compile(r"^(?:[A-Z]\.\s?){1,3}$|^[A-Z][a-z]+(?: [A-Z][a-z]+)?\.?$")
_NAME_LINE = re.compile(r"^\s*[A-Z][\w.'’ -]{0,35}[.!]?\s*$")
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?p?\.?\s?s\.?\b", re.IGNORECASE)
_NARRATION = re.compile(r"\b(?:he|she|they|I)\s+(?:said|asked|looked|turned|walked|read|folded|put|set|sighed|smiled)\b|[\"“][^\"”]+[\"”]\s*,?\s*(?:he|she|[A-Z]\w+)\s+said")
#: Narration resuming after a letter: a line of dialogue, or speech with a tag.
_LETTER_STOP = re.compile(r"^\s*[\"“]|[\"“][^\"”]+[\"”]\s*,?\s*(?:he|she|they|I|[A-Z]\w+)\s+(?:said|asked|replied)")
_CHAT = re.compile(
    r"^\s*(?:\[?\(?\d{1,2}[:.]\d{2}(?:\s?[apAP]\.?[mM]\.?)?\)?\]?\s*[-–]?\s*)?(?:\*\*|<)?"
    r"(?P<name>[A-Z][\w.'’ -]{0,24}?)(?:\*\*|>)?(?:\s*[\(\[][^)\]\n]{1,24}[\)\]])?\s*(?::|\*\*:|>)\s+\S"
)
_CLOSING_TAIL = re.compile(
    r"\b(?:yours|truly|sincerely|faithfully|respectfully|affectionately|regards|love|servant|friend)\s*,\s*$", re.IGNORECASE
)
_CHAT_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
_NOT_CHAT_NAMES = {"note", "notes", "a/n", "an", "summary", "disclaimer", "warning", "warnings", "from", "to",
                   "subject", "date", "sent", "cc", "bcc", "re", "ps", "p.s", "chapter", "part", "edit", "update"}
_EMAIL_HEADER = re.compile(r"^\s*(?:from|to|subject|sent|date|cc|re)\s*:", re.IGNORECASE)
_MUSIC = re.compile(r"[♪♫♬]")
_VERSE_START = re.compile(r"^[\W_]*[A-Z0-9]")
_QUOTED = re.compile(r"[\"“”]|(?:^|\s)‘|’(?:\s|$)|\b(?:said|asked|cried|replied|returned|exclaimed)\b")
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"”’')\]]*|\n|$)")


def find_letters(text: str, blocks: list[Block]) -> list[Span]:
    lex = lexicon()
    spans: list[Span] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        first_line = text[block.lines[0][0] : block.lines[0][1]].strip() if block.lines else block.text
        strong = bool(_DEAR.match(block.text))
        opens = block.kind == "para" and (strong or (len(first_line) <= 60 and lex.salutation.match(first_line)))
        email = block.kind == "para" and bool(_EMAIL_HEADER.match(block.text)) and _email_headers(block.text) >= 2
        if not (opens or email):
            i += 1
            continue
        end_at = _signature_end(text, blocks, i)
        if end_at is None and (strong or email):
            end_at = _letter_body_end(blocks, i)
        if end_at is None:
            i += 1
            continue
        last_block, end = end_at
        start = block.start if email else _address_start(text, blocks, i)
        spans.append(("message" if email else "letter", start, end))
        i = last_block + 1
    return spans


def _address_start(text: str, blocks: list[Block], i: int) -> int:
    """A letter begins at its address and date lines when they stand just above the salutation."""
    start = blocks[i].start
    k = i - 1
    while k >= 0 and i - k <= 2 and blocks[k].kind == "para" and _address_block(text, blocks[k]):
        start = blocks[k].start
        k -= 1
    return start


def _address_block(text: str, block: Block) -> bool:
    lines = [text[s:e].strip() for s, e in block.lines if text[s:e].strip()]
    return 0 < len(lines) <= 3 and all(
        len(line) <= 50 and line[0].isupper() and not line.endswith((".", "?", "!", ":", '"', "”", "’"))
        and not line.startswith(('"', "“", "‘")) for line in lines
    )


def _email_headers(text: str) -> int:
    return sum(1 for line in text.split("\n") if _EMAIL_HEADER.match(line))


def _signature_end(text: str, blocks: list[Block], first: int) -> tuple[int, int] | None:
    """(block index, offset) where a letter opened at `first` is signed, or None."""
    lex = lexicon()
    for j in range(first, min(len(blocks), first + MAX_LETTER_BLOCKS)):
        block = blocks[j]
        if block.kind == "heading" or (block.kind == "separator" and j > first):
            return None
        if j > first and _LETTER_STOP.search(block.text) and not lex.closing.match(block.text):
            return None
        lines = [(s + _indent(text[s:e]), e) for s, e in block.lines if text[s:e].strip()]
        for n, (s, e) in enumerate(lines):
            if j == first and n == 0:
                continue
            line = text[s:e].strip()
            if n == len(lines) - 1 and _SIGNATURE.match(line) and (j > first and n >= 1 or n >= 3):
                return _with_postscript(text, blocks, j, e)  # "Have a great weekend!\nH."
            is_closing = _is_closing(line)
            if _DASH_SIGNATURE.match(line) or (is_closing and "," in line and len(line.rsplit(",", 1)[1].strip()) > 0):
                return _with_postscript(text, blocks, j, e)
            if is_closing:
                # The name is on the next line, in this block or the next one.
                if n + 1 < len(lines) and _NAME_LINE.match(text[lines[n + 1][0] : lines[n + 1][1]]):
                    return _with_postscript(text, blocks, j, lines[n + 1][1])
                if n + 1 == len(lines) and j + 1 < len(blocks) and blocks[j + 1].kind == "para":
                    nxt = blocks[j + 1]
                    first_next = text[nxt.lines[0][0] : nxt.lines[0][1]]
                    if _NAME_LINE.match(first_next) and len(first_next.strip()) <= 40:
                        return _with_postscript(text, blocks, j + 1, nxt.lines[0][1])
                return _with_postscript(text, blocks, j, e)
    return None


def _is_closing(line: str) -> bool:
    if len(line) <= 60 and _CLOSING_TAIL.search(line):
        return True  # "I remain, sir, yours respectfully,"
    m = lexicon().closing.match(line)
    if not m:
        return False
    rest = line[m.end() :] if m.end() < len(line) else ""
    head = re.match(r"^\s*([\w' ]+?)\s*(?:[,.!—–-]|$)", line)
    return bool(head) and len(line) <= 50 and (line.rstrip().endswith((",", "!", ".", "—")) or "," in line or not rest)


def _with_postscript(text: str, blocks: list[Block], j: int, end: int) -> tuple[int, int]:
    k = j + 1
    while k < len(blocks) and blocks[k].kind == "para" and _POSTSCRIPT.match(blocks[k].text):
        end = blocks[k].end
        j = k
        k += 1
    return j, end


def _letter_body_end(blocks: list[Block], first: int) -> tuple[int, int] | None:
    """An unsigned letter runs until narration resumes."""
    last = first
    for j in range(first + 1, min(len(blocks), first + 15)):
        if blocks[j].kind != "para" or _LETTER_STOP.search(blocks[j].text):
            break
        last = j
    return last, blocks[last].end


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def find_messages(text: str, blocks: list[Block]) -> list[Span]:
    """Runs of two or more chat lines ("Name: text", "[10:42] Name: text")."""
    lines = [(s + _indent(text[s:e]), e) for b in blocks if b.kind == "para" for s, e in b.lines if text[s:e].strip()]
    spans: list[Span] = []
    run: list[tuple[int, int, str, bool]] = []

    def close() -> None:
        names = {name for *_, name, _ in run}
        timed = any(t for *_, t in run)
        if len(run) >= 2 and (len(names) >= 2 or timed) and (timed or not _play_script(text, run)):
            spans.append(("message", run[0][0], run[-1][1]))
        run.clear()

    previous_end = -1
    for s, e in lines:
        m = _CHAT.match(text[s:e])
        name = m.group("name").strip().lower() if m else ""
        if m and name not in _NOT_CHAT_NAMES and len(name.split()) <= 3:
            gap = text[previous_end:s] if previous_end >= 0 else ""
            if run and gap.count("\n") > 2:
                close()
            run.append((s, e, name, bool(_CHAT_TIME.search(text[s : s + m.start("name") + 1]))))
            previous_end = e
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


def _play_script(text: str, run: list[tuple[int, int, str, bool]]) -> bool:
    """A play's dialogue ("BLOOM: (Laughs.) ...") shares the chat shape: capital names, stage directions."""
    lines = [text[s:e] for s, e, _, _ in run]
    shouted = sum(1 for line in lines if (head := line.split(":", 1)[0].strip("*<> ")) and head.isupper() and len(head) > 2)
    directions = sum(1 for line in lines if re.match(r"^[^:]{1,40}:\s*[\(\[]", line))
    return 2 * shouted > len(lines) or 2 * directions >= len(lines) or len(run) > 40


def find_lyrics(text: str, blocks: list[Block]) -> list[Span]:
    """Sung or quoted verse: two or more short lines next to a mention of singing, or marked ♪."""
    lex = lexicon()
    spans: list[Span] = []
    paras = [i for i, b in enumerate(blocks) if b.kind == "para"]
    width = _verse_width(text, blocks)
    i = 0
    while i < len(paras):
        run = _verse_run(text, blocks, paras, i, width)
        if run:
            first, last = run
            context = " ".join(blocks[paras[k]].text for k in (first - 1, last + 1) if 0 <= k < len(paras))
            own = " ".join(blocks[paras[k]].text for k in range(first, last + 1))
            if _MUSIC.search(own) or lex.singing.search(context):
                spans.append(("lyrics", blocks[paras[first]].start, blocks[paras[last]].end))
            i = last + 1
        else:
            i += 1
    return spans


def _verse_width(text: str, blocks: list[Block]) -> int:
    """Longest line verse may have: shorter than the wrap width when the prose is hard-wrapped."""
    inner = [e - s for b in blocks if len(b.lines) > 2 for s, e in b.lines[:-1]]
    if len(inner) >= 10:
        inner.sort()
        median = inner[len(inner) // 2]
        if 45 <= median <= 80:
            return int(median * 0.75)
    return 70


def _verse_run(text: str, blocks: list[Block], paras: list[int], i: int, width: int) -> tuple[int, int] | None:
    """Indexes (into paras) of a run of verse-like paragraphs starting at i, or None."""

    def verse(block: Block) -> bool:
        lines = [text[s:e].strip() for s, e in block.lines if text[s:e].strip()]
        if _MUSIC.search(block.text):
            return True
        # Verse lines each open with a capital; wrapped prose continues in lower case.
        wrapped = width < 70
        return len(lines) >= 2 and not _QUOTED.search(block.text) and all(
            len(line) <= width and (not wrapped or _VERSE_START.match(line)) and not _NARRATION.search(line)
            for line in lines
        )

    def short_line(block: Block) -> bool:
        return (len(block.lines) == 1 and len(block.text) <= 60 and not _NARRATION.search(block.text)
                and not block.text.endswith("?") and not _QUOTED.search(block.text))

    if verse(blocks[paras[i]]):
        last = i
        while last + 1 < len(paras) and verse(blocks[paras[last + 1]]) and paras[last + 1] == paras[last] + 1:
            last += 1
        return i, last
    last = i
    while last + 1 < len(paras) and short_line(blocks[paras[last]]) and short_line(blocks[paras[last + 1]]) and paras[last + 1] == paras[last] + 1:
        last += 1
    if last == i:
        return None
    lines = [blocks[paras[k]].text for k in range(i, last + 1)]
    # Verse set one line to a paragraph: capitalised lines, most not closed like sentences.
    stopped = sum(1 for line in lines if line.rstrip().endswith((".", "!", "?")))
    if all(_VERSE_START.match(line) for line in lines) and 2 * stopped <= len(lines):
        return i, last
    return None


def find_summaries(text: str, start: int, end: int) -> list[Span]:
    """"Summary: ..." lines inside an author's header block."""
    marker = lexicon().summary_marker
    spans: list[Span] = []
    pos = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped and marker.match(stripped):
            lead = len(line) - len(line.lstrip())
            spans.append(("summary", pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return spans


def find_disclaimers(text: str, start: int, end: int) -> list[Span]:
    """Disclaimer sentences inside one note paragraph."""
    lex = lexicon()
    body = text[start:end]
    if re.match(r"^[\W_]*disclaimer\b", body, re.IGNORECASE):
        stop = body.find("\n")
        return [("disclaimer", start, start + (stop if stop > 0 else len(body)))]
    spans: list[Span] = []
    for m in _SENTENCE.finditer(body):
        sentence = m.group(0)
        if sentence.strip() and lex.disclaimer.search(sentence):
            s = start + m.start() + _indent(sentence)
            e = start + m.start() + len(sentence.rstrip())
            if spans and s - spans[-1][2] <= 2:
                spans[-1] = ("disclaimer", spans[-1][1], e)
            else:
                spans.append(("disclaimer", s, e))
    return spans
