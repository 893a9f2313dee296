"""The story text as HTML: blocks set apart by segment kind, inline runs for the span layers.

The text is cut into blocks at blank lines and at every segment boundary, so a block lies in
exactly one set of segments and can be boxed as a note, letter or message. Inside a block the
span layers (dialogue, mentions, emphasis, tag evidence) are drawn as runs, as in
`ficlens.export.html`: the block is cut at every span boundary and each run carries the classes
of the spans covering it. Every piece of story text goes through `escape`; nothing else from the
input reaches the page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from markupsafe import Markup, escape

from ficlens.model import NESTED_KINDS, SEGMENT_LABELS, TOP_LEVEL_KINDS, Span, Work

KIND_LABELS = {k: v for k, v in SEGMENT_LABELS.items() if k != "chapter_title"}
MARKUP_CLASSES = {"emphasis": "m-em", "strong": "m-strong", "underline": "m-u"}
_BLANK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(slots=True)
class Layer:
    start: int
    end: int
    cls: str
    title: str = ""


def render_text(work: Work, speakers: dict[str, int], evidence: list[Span]) -> Markup:
    """`speakers` maps a character id to its colour index; `evidence[n]` gets the anchor `ev-n`."""
    text = work.text
    names = {c.id: c.name for c in work.characters}
    layers = sorted(_layers(work, names, speakers, evidence), key=lambda l: l.start)
    anchors = sorted((min(max(s.start, 0), len(text)), n) for n, s in enumerate(evidence))
    chapters = sorted(work.chapters, key=lambda c: c.start)
    titled = {s.chapter for s in work.segments if s.kind == "chapter_title"}
    breaks, gaps = _scene_breaks(work)
    out: list[str] = []
    ids: set[str] = set()
    stack: list[str] = []
    open_layers: list[Layer] = []
    pending = next_chapter = next_anchor = 0
    for start, end, kinds, chapter in _blocks(work):
        while next_chapter < len(chapters) and chapters[next_chapter].start < end:
            index = chapters[next_chapter].index
            if index not in titled and f"ch{index}" not in ids:
                ids.add(f"ch{index}")
                out.append(f'<span class="chapter-anchor" id="ch{index}"></span>')
            next_chapter += 1
        nested = [k for k in kinds if k not in ("story", "chapter_title")]
        while stack and stack != nested[: len(stack)]:
            stack.pop()
            out.append("</div>")
        for kind in nested[len(stack):]:
            stack.append(kind)
            label = escape(KIND_LABELS.get(kind, kind))
            out.append(f'<div class="box seg-{kind}"><p class="box-label">{label}</p>')
        if start in breaks:
            out.append(f'<hr class="scene-break {breaks[start]}" title="Scene break ({breaks[start]})">')
        while pending < len(layers) and layers[pending].start < end:
            open_layers.append(layers[pending])
            pending += 1
        open_layers = [l for l in open_layers if l.end > start]
        here: list[tuple[int, int]] = []
        while next_anchor < len(anchors) and anchors[next_anchor][0] < end:
            here.append((max(anchors[next_anchor][0], start), anchors[next_anchor][1]))
            next_anchor += 1
        body = _runs(text, start, end, [l for l in open_layers if l.start < end], here)
        if "chapter_title" in kinds:
            ident = f"ch{chapter}"
            attr = f' id="{ident}"' if chapter is not None and ident not in ids else ""
            ids.add(ident)
            out.append(f'<h2 class="chapter-title"{attr}>{body}</h2>')
        elif _in_gap(gaps, start, end):
            out.append(f'<p class="scene-break explicit" role="separator">{body}</p>')
        else:
            out.append(f"<p>{body}</p>")
    out.extend("</div>" for _ in stack)
    out.extend(f'<span class="ev-anchor" id="ev-{n}"></span>' for _, n in anchors[next_anchor:])
    return Markup("".join(out))


def _blocks(work: Work) -> list[tuple[int, int, list[str], int | None]]:
    """(start, end, segment kinds outermost first, chapter) for each non-blank block."""
    text = work.text
    segs = sorted(work.segments, key=lambda s: (s.start, -(s.end - s.start)))
    cuts = {0, len(text)}
    for m in _BLANK.finditer(text):
        cuts.update((m.start(), m.end()))
    for s in segs:
        cuts.update((min(max(s.start, 0), len(text)), min(max(s.end, 0), len(text))))
    points = sorted(cuts)
    out = []
    active: list = []
    pending = 0
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        if not piece.strip():
            continue
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        while pending < len(segs) and segs[pending].start <= a:
            active.append(segs[pending])
            pending += 1
        active = [s for s in active if s.end > a]
        covering = [s for s in active if b <= s.end]
        top = [s for s in covering if s.kind in TOP_LEVEL_KINDS][:1]
        nested = [s for s in covering if s.kind in NESTED_KINDS]
        kinds = [s.kind for s in top + nested] or ["story"]
        chapter = next((s.chapter for s in top + nested if s.chapter is not None), None)
        out.append((a, b, kinds, chapter))
    return out


def _scene_breaks(work: Work) -> tuple[dict[int, str], list[tuple[int, int]]]:
    """Where to draw a break rule, and the gaps between scenes (divider lines such as `***`)."""
    chapter_starts = sorted(c.start for c in work.chapters)
    scenes = sorted(work.scenes, key=lambda s: s.start)
    breaks: dict[int, str] = {}
    gaps: list[tuple[int, int]] = []
    for prev, scene in zip(scenes, scenes[1:]):
        i = bisect_right(chapter_starts, scene.start) - 1
        if i >= 0 and chapter_starts[i] >= prev.end:  # a new chapter, not a scene break
            continue
        if work.text[prev.end : scene.start].strip():
            gaps.append((prev.end, scene.start))
        else:
            breaks[scene.start] = "inferred" if scene.break_ == "inferred" else "explicit"
    return breaks, gaps


def _in_gap(gaps: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(gaps, (start, 1 << 62)) - 1
    return i >= 0 and gaps[i][0] <= start and end <= gaps[i][1]


def _layers(work: Work, names: dict[str, str], speakers: dict[str, int], evidence: list[Span]) -> list[Layer]:
    layers: list[Layer] = []
    for q in work.quotes:
        name = names.get(q.speaker or "", q.speaker or "")
        colour = f" spk-{speakers[q.speaker]}" if q.speaker in speakers else ""
        kind = " q-thought" if q.kind == "thought" else ""
        layers.append(Layer(q.start, q.end, f"q{colour}{kind}", f"{name or 'unknown speaker'}"))
    for m in work.mentions:
        layers.append(Layer(m.start, m.end, "mention", names.get(m.character, m.character)))
    for mk in work.markup:
        if mk.kind in MARKUP_CLASSES:
            layers.append(Layer(mk.start, mk.end, MARKUP_CLASSES[mk.kind]))
    for n, span in enumerate(evidence):
        layers.append(Layer(span.start, span.end, f"ev ev-{n}"))
    return [l for l in layers if l.start < l.end]


def _runs(text: str, start: int, end: int, layers: list[Layer], anchors: list[tuple[int, int]]) -> str:
    cuts = {start, end, *(p for p, _ in anchors)}
    for l in layers:
        cuts.update(p for p in (l.start, l.end) if start < p < end)
    at: dict[int, list[int]] = {}
    for pos, n in anchors:
        at.setdefault(pos, []).append(n)
    out: list[str] = []
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        out.extend(f'<span class="ev-anchor" id="ev-{n}"></span>' for n in at.get(a, []))
        body = str(escape(text[a:b])).replace("\n", "<br>")
        active = [l for l in layers if l.start <= a and b <= l.end]
        if not active:
            out.append(body)
            continue
        classes = " ".join(dict.fromkeys(" ".join(l.cls for l in active).split()))
        titles = " · ".join(dict.fromkeys(l.title for l in active if l.title))
        title = f' title="{escape(titles)}"' if titles else ""
        out.append(f'<span class="{classes}"{title}>{body}</span>')
    return "".join(out)
