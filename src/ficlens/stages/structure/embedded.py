"""Texts inside the text: letters and emails, disclaimers and summary lines in notes.

Each finder returns `(kind, start, end)` spans. A letter is what a reader recognises: a
salutation (or an address above one), a body, a signature.
"""

from __future__ import annotations

import re

from ficlens.stages.regions import HEADER_FIELD
from ficlens.stages.structure.blocks import Block
from ficlens.stages.structure.lexicon import lexicon

Span = tuple[str, int, int]

MAX_LETTER_BLOCKS = 40
_DEAR = re.compile(r"^\s*(?i:my\s+)?(?i:dear(?:est)?|darling)\s+(?:[A-Z][\w.'’-]*\s?){1,4}[,:!—–-]", re.UNICODE)
_NAME_SALUTATION = re.compile(r"^(?:[A-Z][a-z]+)(?: [A-Z][a-z]+){0,3}\s*(?:,|\s[-–—])\s*$")
_DASH_SIGNATURE = re.compile(r"^\s*[-–—~]+\s*[A-Z][\w.'’ ]{0,30}\s*$")
_SIGNATURE = re.compile(r"^(?:[A-Z]\.\s?){1,3}$|^[A-Z][a-z]+(?: [A-Z][a-z]+)?\.?$")
_BARE_SIGNATURE = re.compile(r"^(?:[A-Z]\.\s?){1,3}$|^[-–—~]?\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?$")
_NAME_LINE = re.compile(r"^\s*[A-Z][\w.'’ -]{0,35}[.!]?\s*$")
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?p?\.?\s?s\.?\b", re.IGNORECASE)
#: Narration resuming after a letter: a line of dialogue, or speech with a tag.
_LETTER_STOP = re.compile(r"^\s*[\"“]|[\"“][^\"”]+[\"”]\s*,?\s*(?:he|she|they|I|[A-Z]\w+)\s+(?:said|asked|replied)")
_ADDRESSED = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b", re.IGNORECASE)
_CLOSING_TAIL = re.compile(
    r"\b(?:yours|truly|sincerely|faithfully|respectfully|affectionately|regards|love|servant|friend)\s*,\s*$", re.IGNORECASE
)
_EMAIL_HEADER = re.compile(r"^\s*(?:from|to|subject|sent|date|cc|re)\s*:", re.IGNORECASE)
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
            if _indented_note(text, blocks, i):
                spans.append(("letter", block.start, block.end))  # "    Received, one thimble.\n    J. H."
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


#: A signature line: initials, a name, or a name and a rank ("Jas. Hook, Captain").
_SIGNED_LINE = re.compile(r"^[-–—~]?\s*(?:(?:[A-Z]\.\s?){1,3}|[A-Z][a-z]*\.?(?: [A-Z][\w'’-]+){0,2}(?:, [A-Z][a-z]+){0,1})$")


def _indented_note(text: str, blocks: list[Block], i: int) -> bool:
    """A block set in from the margin where the story's paragraphs are not, at least two lines,
    the last a signature: a note or a letter copied into the story, salutation or none."""
    block = blocks[i]
    lines = [text[s:e] for s, e in block.lines if text[s:e].strip()]
    if block.kind != "para" or len(lines) < 2 or not all(_indent(line) >= 2 for line in lines):
        return False
    beside = [b for b in blocks[max(0, i - 1) : i + 2] if b is not block and b.kind == "para" and b.lines]
    if not any(_indent(text[b.lines[0][0] : b.lines[0][1]]) < 2 for b in beside):
        return False  # the paragraphs around it are set flush: this one stands apart
    last = lines[-1].strip()
    return len(last) <= 40 and bool(_SIGNED_LINE.match(last))


def _opens_letter(text: str, block: Block) -> bool:
    first_line = text[block.lines[0][0] : block.lines[0][1]].strip() if block.lines else block.text
    return bool(_DEAR.match(block.text) or _name_salutation(first_line))


def _name_salutation(line: str) -> bool:
    """"Jo -", "Margaret," or "Mistress Mary Quite Contrary," alone on a line, but not a sign-off
    such as "Love,"."""
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
            # Signed under the body in one block: a salutation, at least one line of body ending a
            # sentence ("... This is an order from the Rajah."), then the name.
            if n == len(lines) - 1 and _SIGNATURE.match(line) and (
                    j > first and n >= 1 or n >= 3 or n == 2 and text[lines[1][0] : lines[1][1]].rstrip().endswith((".", "!", "?"))):
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


#: The least number of "Rating:", "Fandom:" lines that make a paragraph a work's header block.
MIN_HEADER_FIELDS = 2
_NOTE_LABEL = re.compile(r"^[\W_]*(?:a/n|an|author'?s?'? ?notes?|notes?|disclaimer)\s*[:\-–—]", re.IGNORECASE)
_ANY_LABEL = re.compile(r"^[\w' /&-]{1,30}:\s")


def header_block(text: str, start: int, end: int) -> bool:
    return len(HEADER_FIELD.findall(text, start, end)) >= MIN_HEADER_FIELDS


def find_header_notes(text: str, start: int, end: int) -> list[Span]:
    """"Disclaimer: ..." and "A/N: ..." lines of a header block ("Title: / Fandom: / Rating:")
    that the block's other lines left inside the story: each runs to the next label."""
    spans: list[Span] = []
    pos, open_note = start, False
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if _NOTE_LABEL.match(stripped):
            lead = len(line) - len(line.lstrip())
            spans.append(("author_note", pos + lead, pos + len(line.rstrip())))
            open_note = True
        elif open_note and stripped and not _ANY_LABEL.match(stripped):
            spans[-1] = ("author_note", spans[-1][1], pos + len(line.rstrip()))
        elif stripped:
            open_note = False
        pos += len(line) + 1
    return [*spans, *(d for _, s, e in spans for d in find_disclaimers(text, s, e))]


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
