"""The annotated reader page: the story's text with every layer drawn on it, in one HTML file.

The page is self-contained (inline CSS, no scripts, a Content-Security-Policy that forbids them)
and every piece of text from the input is escaped, so a story cannot inject markup into it.
Layers are drawn as runs: the text is cut at every span boundary and each run carries the
classes of the spans covering it, which keeps the cost linear in the text and the spans.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import PurePath

from ficlens.model import SEGMENT_LABELS, Work

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
Layer = tuple[int, int, str, dict[str, str]]


def render_html(work: Work, standalone: bool = True) -> str:
    css = resources.files("ficlens.export").joinpath("reader.css").read_text("utf-8")
    body = "\n".join([_header(work), _legend(work), _toc(work), f'<article class="text">{_text(work)}</article>'])
    if not standalone:
        return f'<div class="ficlens"><style>{css}</style>{body}</div>'
    title = escape(work.info.title or "ficlens analysis")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{css}</style></head>"
        f'<body><div class="ficlens">{body}</div></body></html>\n'
    )


def _header(work: Work) -> str:
    info = work.info
    rows = []
    if info.authors:
        rows.append(("by", ", ".join(info.authors)))
    for key, values in info.declared_tags.items():
        if values:
            rows.append((key, ", ".join(values)))
    s = work.stats
    rows.append(("words", f"{s.words:,} ({s.story_words:,} story, {s.note_words:,} notes), {s.chapters} chapter(s), "
                 f"about {s.reading_minutes:g} min"))
    if work.narration.person:
        rows.append(("narration", work.narration.person))
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    title = info.title or (PurePath(info.source.path).stem if info.source.path else "Untitled")
    return f'<header><h1>{escape(title)}</h1><dl class="meta">{items}</dl></header>'


def _legend(work: Work) -> str:
    present = sorted({s.kind for s in work.segments if s.kind in SEGMENT_LABELS and s.kind != "chapter_title"})
    if not present:
        return ""
    items = "".join(f'<span class="seg-{k}">{escape(SEGMENT_LABELS[k])}</span>' for k in present)
    return f'<p class="legend">{items}</p>'


def _toc(work: Work) -> str:
    titled = [c for c in work.chapters if c.title]
    if len(titled) < 2:
        return ""
    links = "".join(f'<li><a href="#ch{c.index}">{escape(c.title or "")}</a></li>' for c in titled)
    return f'<nav class="toc"><ol>{links}</ol></nav>'


def _layers(work: Work) -> list[Layer]:
    layers: list[Layer] = []
    for seg in work.segments:
        attrs = {"title": SEGMENT_LABELS.get(seg.kind, seg.kind)} if seg.kind != "story" else {}
        layers.append((seg.start, seg.end, f"seg-{seg.kind}", attrs))
    names = {c.id: c.name for c in work.characters}
    for q in work.quotes:
        speaker = names.get(q.speaker or "", "")
        layers.append((q.start, q.end, f"quote quote-{q.kind}", {"title": f"{speaker or 'unknown speaker'}"}))
    for m in work.mentions:
        layers.append((m.start, m.end, "mention", {"title": names.get(m.character, m.character)}))
    return [layer for layer in layers if layer[0] < layer[1]]


def _text(work: Work) -> str:
    text = work.text
    layers = _layers(work)
    anchors = {c.start: f"ch{c.index}" for c in work.chapters}
    cuts = sorted({0, len(text), *anchors, *(l[0] for l in layers), *(l[1] for l in layers)})
    starts: dict[int, list[int]] = {}
    for n, layer in enumerate(layers):
        starts.setdefault(layer[0], []).append(n)
    active: list[int] = []
    out = ["<p>"]
    for a, b in zip(cuts, cuts[1:]):
        active = [n for n in active if layers[n][1] > a] + starts.get(a, [])
        if a in anchors:
            out.append(f'<a id="{anchors[a]}"></a>')
        piece = text[a:b]
        if not piece:
            continue
        classes = " ".join(layers[n][2] for n in active)
        titles = " · ".join(layers[n][3]["title"] for n in active if "title" in layers[n][3])
        title_attr = f' title="{escape(titles)}"' if titles else ""
        paragraphs = piece.split("\n\n")
        for i, para in enumerate(paragraphs):
            if i:
                out.append("</p>\n<p>")
            if para.strip("\n"):
                if i:
                    para = para.lstrip("\n")
                if i < len(paragraphs) - 1:
                    para = para.rstrip("\n")
                body = escape(para).replace("\n", "<br>")
                out.append(f'<span class="{classes}"{title_attr}>{body}</span>' if classes else body)
    out.append("</p>")
    return "".join(out).replace("<p></p>", "")
