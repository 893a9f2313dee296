"""The relationship graph as inline SVG, drawn on the server so the page needs no chart library.

Characters sit on a circle; each relationship draws a line between every pair of its members,
thicker for a higher score and coloured by kind through CSS classes (so dark mode applies and
no inline style is needed under the page's Content-Security-Policy).
"""

from __future__ import annotations

import math
from itertools import combinations

from markupsafe import Markup, escape

from ficlens.model import Work

WIDTH, HEIGHT = 460, 300  # wide, so names beside the circle are not clipped
RADIUS = 105
KINDS = {"romantic", "platonic", "familial", "antagonistic", "professional"}


def relationship_svg(work: Work, colours: dict[str, int]) -> Markup:
    rels = [r for r in work.relationships if len(r.characters) >= 2]
    if not rels:
        return Markup("")
    names = {c.id: c.name for c in work.characters}
    nodes = list(dict.fromkeys(cid for r in rels for cid in r.characters))
    height = 90 if len(nodes) <= 2 else HEIGHT
    pos = _layout(len(nodes), height)
    where = dict(zip(nodes, pos))
    parts = [
        f'<svg class="relgraph" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Relationship graph of {len(nodes)} characters" xmlns="http://www.w3.org/2000/svg">'
    ]
    for r in sorted(rels, key=lambda r: r.score):
        kind = r.kind if r.kind in KINDS else "other"
        width = 1.5 + 5 * max(0.0, min(1.0, r.score))
        tip = escape(f"{r.tag} ({r.kind}, score {r.score:.2f})")
        for a, b in combinations(dict.fromkeys(r.characters), 2):
            (x1, y1), (x2, y2) = where[a], where[b]
            parts.append(
                f'<line class="edge rel-{kind}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke-width="{width:.1f}"><title>{tip}</title></line>'
            )
    for cid, (x, y) in where.items():
        name = escape(names.get(cid, cid))
        colour = f" spk-{colours[cid]}" if cid in colours else ""
        anchor = "middle" if abs(x - WIDTH / 2) < 20 else ("start" if x > WIDTH / 2 else "end")
        dx = 0 if anchor == "middle" else (10 if anchor == "start" else -10)
        dy = -12 if y < height / 2 and anchor == "middle" else (20 if anchor == "middle" else 4)
        parts.append(
            f'<g class="node{colour}"><circle cx="{x:.1f}" cy="{y:.1f}" r="7"><title>{name}</title></circle>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{name}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _layout(n: int, height: int) -> list[tuple[float, float]]:
    cx, cy = WIDTH / 2, height / 2
    if n == 1:
        return [(cx, cy)]
    first = math.pi if n == 2 else -math.pi / 2  # a pair side by side, larger casts from the top
    angles = [first + 2 * math.pi * i / n for i in range(n)]
    return [(cx + RADIUS * math.cos(a), cy + RADIUS * math.sin(a)) for a in angles]
