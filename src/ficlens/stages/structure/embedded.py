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
_NAME_SALUTATION = re.compile(r"^(?:[A-Z][a-z]+)(?: [A-Z][a-z]+)?\s*(?:,|\s[-–—])\s*$")
_DASH_SIGNATURE = re.compile(r"^\s*[-–—~]+\s*[A-Z][\w.'’ ]{0,30}\s*$")
_SIGNATURE = re.compile(r"^(?:[A-Z]\.\s?){1,3}$|^[A-Z][a-z]+(?: [A-Z][a-z]+)?\.?$")
_BARE_SIGNATURE = re.compile(r"^(?:[A-Z]\.\s?){1,3}$|^[-–—~]?\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?$")
_NAME_LINE = re.compile(r"^\s*[A-Z][\w.'’ -]{0,35}[.!]?\s*$")
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?p?\.?\s?s\.?\b", re.IGNORECASE)
_NARRATION = re.compile(r"\b(?:he|she|they|I)\s+(?:said|asked|looked|turned|walked|read|folded|put|set|sighed|smiled)\b|[\"“][^\"”]+[\"”]\s*,?\s*(?:he|she|[A-Z]\w+)\s+said")
#: Narration resuming after a letter: a line of dialogue, or speech with a tag.
_LETTER_STOP = re.compile(r"^\s*[\"“]|[\"“][^\"”]+[\"”]\s*,?\s*(?:he|she|they|I|[A-Z]\w+)\s+(?:said|asked|replied)")
_CHAT = re.compile(
    r"^\s*(?:\[?\(?\d{1,2}[:.]\d{2}(?:\s?[apAP]\.?[mM]\.?)?\)?\]?\s*[-–]?\s*)?(?:\*\*|<|>\s?|@)?"
    r"(?P<name>(?:[A-Za-z]|[^\x00-\x7F])[^\s:]?[\w.'’ \-&\u0080-\U0010FFFF]{0,28}?)(?:\*\*|>)?(?:\s*[\(\[][^)\]\n]{1,24}[\)\]])?\s*(?::|\*\*:|>)\s+\S"
)
_ADDRESSED = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b", re.IGNORECASE)
_CLOSING_TAIL = re.compile(
    r"\b(?:yours|truly|sincerely|faithfully|respectfully|affectionately|regards|love|servant|friend)\s*,\s*$", re.IGNORECASE
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
_EMAIL_HEADER = re.compile(r"^\s*(?:from|to|subject|sent|date|cc|re)\s*:", re.IGNORECASE)
_MUSIC = re.compile(r"[♪♫♬]")
_VERSE_START = re.compile(r"^[\W_]*[A-Z0-9]")
_SPEECH_MARKS = re.compile(r"[\"“”]|(?:^|\s)‘")
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•·–—]|[a-z][.)])\s")
_QUOTED = re.compile(r"[\"“”]|(?:^|\s)‘|\b(?:said|asked|cried|replied|returned|exclaimed)\b")
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"”’')\]]*|\n|$)")


def find_letters(text: str, blocks: list[Block]) -> list[Span]:
    lex = lexicon()
    spans: list[Span] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        first_line = text[block.lines[0][0] : block.lines[0][1]].strip() if block.lines else block.text
        strong = bool(_DEAR.match(block.text))
        opens = block.kind == "para" and (
            strong or len(first_line) <= 60 and bool(lex.salutation.match(first_line) or _name_salutation(first_line))
        )
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


def _opens_letter(text: str, block: Block) -> bool:
    first_line = text[block.lines[0][0] : block.lines[0][1]].strip() if block.lines else block.text
    return bool(_DEAR.match(block.text) or _name_salutation(first_line))


def _name_salutation(line: str) -> bool:
    """"Jo -" or "Margaret," alone on a line, but not a sign-off such as "Love,"."""
    return len(line) <= 40 and bool(_NAME_SALUTATION.match(line)) and not _is_closing(line)


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
        if j > first and (block.kind != "para" or j > first + 1 and _opens_letter(text, block)):
            return None  # a heading, a divider, an author's note or the next letter: this one was never signed
        if j > first and _LETTER_STOP.search(block.text) and not lex.closing.match(block.text):
            return None
        lines = [(s + _indent(text[s:e]), e) for s, e in block.lines if text[s:e].strip()]
        for n, (s, e) in enumerate(lines):
            if j == first and n == 0:
                continue
            line = text[s:e].strip()
            if n == len(lines) - 1 and _SIGNATURE.match(line) and (j > first and n >= 1 or n >= 3):
                return _with_postscript(text, blocks, j, e)  # "Have a great weekend!\nH."
            if len(lines) == 1 and j > first + 1 and _BARE_SIGNATURE.match(line):
                return _with_postscript(text, blocks, j, e)  # the name alone under the last paragraph
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
        if blocks[j].kind != "para" or _LETTER_STOP.search(blocks[j].text) or not _ADDRESSED.search(blocks[j].text):
            break  # letters speak as "I" to "you"; a paragraph with neither is the narration again
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
        names = {name.lower() for *_, name, _ in run}
        timed = any(t for *_, t in run)
        if len(run) >= 2 and (len(names) >= 2 or timed) and (timed or not _play_script(text, run)):
            spans.append(("message", run[0][0], run[-1][1]))
        run.clear()

    previous_end = -1
    for s, e in lines:
        m = _CHAT.match(text[s:e])
        name = m.group("name").strip() if m else ""
        handle = m is not None and (
            name[0].isupper() or not name.isascii() or m.start("name") > _indent(text[s:e])
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


def find_lyrics(text: str, blocks: list[Block]) -> list[Span]:
    """Sung or quoted verse.

    A stanza is a run of short lines inside one paragraph (or short one-line paragraphs in a row).
    Four or more such lines are verse on their shape alone; two or three need a sign: a mention of
    singing around them, a music sign, or italics from end to end.
    """
    lex = lexicon()
    width = _verse_width(text, blocks)
    found: list[tuple[int, int, int, int]] = []  # (first block, last block, start, end)
    for first, last, lines in _verse_runs(text, blocks, width):
        start, end = lines[0][0], lines[-1][1]
        around = " ".join(blocks[k].text for k in (first - 1, last + 1) if 0 <= k < len(blocks))
        own = " ".join(blocks[k].text for k in range(first, last + 1))
        shaped = len(lines) >= 4 and first == last and not _listy(text, lines)
        signed = bool(_MUSIC.search(own) or lex.singing.search(around) or lex.singing.search(
            own.replace(text[start:end], " ")) or all(blocks[k].styled for k in range(first, last + 1)))
        if shaped or signed:
            start, end = _unquote(text, start, end)
            if found and found[-1][1] == first - 1:  # stanzas in neighbouring paragraphs
                found[-1] = (found[-1][0], last, found[-1][2], end)
            else:
                found.append((first, last, start, end))
    return [("lyrics", start, end) for _, _, start, end in found]


def _verse_runs(text: str, blocks: list[Block], width: int):  # type: ignore[no-untyped-def]
    """(first block, last block, line spans) of each run of verse-like lines."""
    wrapped = width < 70
    single: list[tuple[int, tuple[int, int]]] = []

    def flush_single():  # type: ignore[no-untyped-def]
        runs = []
        texts = [text[s:e].strip() for _, (s, e) in single]
        stopped = sum(1 for t in texts if t.endswith((".", "!", "?")))
        if len(single) >= 2 and all(_VERSE_START.match(t) for t in texts) and 2 * stopped <= len(texts):
            runs.append((single[0][0], single[-1][0], [span for _, span in single]))
        single.clear()
        return runs

    for k, block in enumerate(blocks):
        if block.kind != "para":
            yield from flush_single()
            continue
        lines = [(s + _indent(text[s:e]), e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in block.lines if text[s:e].strip()]
        if len(lines) == 1:
            if _verse_line(text[lines[0][0] : lines[0][1]], min(width, 60), wrapped) and (not single or single[-1][0] == k - 1):
                single.append((k, lines[0]))
                continue
            yield from flush_single()
            continue
        yield from flush_single()
        run: list[tuple[int, int]] = []
        for span in lines + [None]:  # type: ignore[list-item]
            if span is not None and _verse_line(text[span[0] : span[1]], width, wrapped):
                run.append(span)
                continue
            if len(run) >= 2:
                yield (k, k, run)
            run = []
    yield from flush_single()


def _listy(text: str, lines: list[tuple[int, int]]) -> bool:
    """A recipe or inventory: quantities, or "name - detail" pairs, on most lines."""
    rows = [text[s:e] for s, e in lines]
    numbered = sum(1 for r in rows if re.search(r"\d", r))
    paired = sum(1 for r in rows if re.search(r"\s[-–—]\s", r))
    return 2 * numbered >= len(rows) or 2 * paired >= len(rows)


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """The sung lines without the quotation marks around the whole verse."""
    while start < end and text[start] in "\"“‘'":
        start += 1
    while end > start and text[end - 1] in "\"”’'":
        end -= 1
    return start, end


def _verse_line(line: str, width: int, wrapped: bool) -> bool:
    line = line.strip()
    if line[:1] in "\"“" and line[-1:] in "\"”":
        return False  # a whole line of speech
    return (
        3 <= len(line) <= width
        and not _SPEECH_MARKS.search(line.strip("\"“”‘’'"))  # a sung verse may sit inside quotes
        and not _NARRATION.search(line)
        and not _CHAT.match(line)
        and not _LIST_ITEM.match(line)
        and not line.endswith(":")
        and not line.startswith(("#", "@"))
        and not _DISCORD_HEADER.match(line)
        and (not wrapped or bool(_VERSE_START.match(line)))
    )


def _verse_width(text: str, blocks: list[Block]) -> int:
    """Longest line verse may have: shorter than the wrap width when the prose is hard-wrapped."""
    inner = [e - s for b in blocks if len(b.lines) > 2 for s, e in b.lines[:-1]]
    if len(inner) >= 10:
        inner.sort()
        median = inner[len(inner) // 2]
        if 45 <= median <= 80:
            return int(median * 0.75)
    return 70


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
        elif spans and spans[-1][2] == pos - 1 and stripped and not marker.match(stripped) and _bare_label(text, spans[-1]):
            spans[-1] = ("summary", spans[-1][1], pos + len(line.rstrip()))  # "Summary:" alone, the text below
        pos += len(line) + 1
    return spans


def _bare_label(text: str, span: Span) -> bool:
    return text[span[1] : span[2]].rstrip().endswith((":", "-", "–", "—"))


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
