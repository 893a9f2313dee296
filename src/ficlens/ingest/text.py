"""Plain-text stories in whatever encoding they arrived in.

The decoded text is the user's file with line endings made `\\n` and mojibake repaired; nothing is
reflowed, so offsets still point at what the user wrote.
"""

from __future__ import annotations

import codecs

import ftfy
from charset_normalizer import from_bytes

from ficlens.errors import InputError
from ficlens.model import Source, Work, WorkInfo

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Only repair encoding damage: quotes, ligatures, widths and line breaks are the author's.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)


def decode(data: bytes, name: str = "input") -> str:
    """Bytes to text: BOM, then strict UTF-8, then detection; binary data is refused."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    if text is None:
        text = _utf16_without_bom(data)
    if text is None:
        if b"\x00" in data[:65536]:
            raise InputError(f"{name}: this looks like a binary file, not a story")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(data[:1_000_000]).best()
            if best is None or best.encoding is None:
                raise InputError(f"{name}: cannot tell the text encoding (binary file?)") from None
            text = data.decode(best.encoding, errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise InputError(f"{name}: this looks like a binary file, not a story")
    text = ftfy.fix_text(text, _FTFY)
    if not text.strip():
        raise InputError(f"{name}: the file has no text")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM shows as a NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    evens, odds = sample[0::2], sample[1::2]
    for zeros, encoding in ((odds, "utf-16-le"), (evens, "utf-16-be")):
        if zeros.count(0) > 0.8 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v" or ch == "\ufffd")
    return controls > max(8, len(sample) // 20)


def read_text(data: bytes, source: Source) -> Work:
    return Work(text=decode(data, source.path or "input"), info=WorkInfo(source=source))
