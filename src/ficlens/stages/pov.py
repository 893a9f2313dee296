"""Whose eyes each scene is seen through.

In first person that is the narrator. In third person limited, the viewpoint character is the
one the narration keeps returning to as the subject of its sentences, and whose thoughts it
shows; so each scene's POV is the character with the most sentence-opening mentions and
thoughts in its narration, provided they clearly lead.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from ficlens.model import Work

_OPENER = re.compile(r"(?:^|[.!?…][\"”’']?\s+|\n)[\"“'‘*_(]*$")
#: The leader needs this many weighted mentions, and this share of all of them.
MIN_WEIGHT = 3.0
MIN_SHARE = 0.4


class PovStage:
    name = "pov"
    requires = ("scenes", "mentions", "quotes", "narration")
    assigns = ("scenes",)

    def __call__(self, work: Work) -> Work:
        person = work.narration.person
        quotes = sorted((q.start, q.end) for q in work.quotes)
        q_starts = [a for a, _ in quotes]
        mentions = sorted(work.mentions, key=lambda m: m.start)
        m_starts = [m.start for m in mentions]
        for scene in work.scenes:
            if person == "first":
                scene.pov = work.narration.narrator
                continue
            if person == "second":
                scene.pov = None
                continue
            weight: Counter[str] = Counter()
            for m in mentions[bisect_left(m_starts, scene.start) : bisect_left(m_starts, scene.end)]:
                k = bisect_left(q_starts, m.start + 1) - 1
                if k >= 0 and quotes[k][0] <= m.start < quotes[k][1]:
                    continue  # who is talked about in dialogue is not whose eyes we look through
                opens = bool(_OPENER.search(work.text, max(0, m.start - 4), m.start))
                weight[m.character] += 1.0 if opens else 0.3
            for q in work.quotes:
                if q.kind == "thought" and q.speaker and scene.start <= q.start < scene.end:
                    weight[q.speaker] += 2.0
            total = sum(weight.values())
            if total:
                lead, w = weight.most_common(1)[0]
                scene.pov = lead if w >= MIN_WEIGHT and w >= MIN_SHARE * total else None
        return work
