"""Everything the reader page needs from one Work, gathered in one place for the template.

The evidence registry is filled by the tag and relationship panels first and drawn into the text
last, so every `#ev-N` link has exactly one matching anchor in the story.
"""

from __future__ import annotations

from typing import Any

from ficlens.model import Work
from ficlens.web import panels
from ficlens.web.graph import relationship_svg
from ficlens.web.text import KIND_LABELS, render_text


def work_context(work: Work) -> dict[str, Any]:
    colours = panels.speaker_colours(work)
    cast = panels.cast(work, colours)
    evidence = panels.Evidence()
    tag_groups, other_evidence = panels.tags(work, evidence)
    names = {c.id: c.name for c in work.characters}
    relationships = [
        {
            "tag": r.tag,
            "kind": r.kind,
            "score": r.score,
            "names": [names.get(c, c) for c in r.characters],
            "evidence": [evidence.add(s) for s in r.evidence],
        }
        for r in sorted(work.relationships, key=lambda r: -r.score)
    ]
    info = work.info
    inferred = any(c.status != "declared" for _, _, chips in tag_groups for c in chips)
    if not inferred:  # the tag stage has not run: nothing to compare, so no "declared only" marks
        for _, _, chips in tag_groups:
            for chip in chips:
                chip.status = "plain"
    return {
        "work": work,
        "title": info.title or (info.source.path or "Untitled").rsplit("/", 1)[-1],
        "summary": [] if work.segments_of("summary") else [p.strip() for p in (info.summary or "").split("\n\n") if p.strip()],
        "cast": cast,
        "timeline": panels.timeline(work, cast),
        "graph": relationship_svg(work, colours),
        "relationships": relationships,
        "tag_groups": tag_groups,
        "other_evidence": other_evidence,
        "has_declared": any(info.declared_tags.values()),
        "has_inferred": inferred,
        "legend": sorted({s.kind for s in work.segments if s.kind in KIND_LABELS}),
        "kind_labels": KIND_LABELS,
        "toc": [c for c in work.chapters if c.title] if len(work.chapters) > 1 else [],
        "text_html": render_text(work, colours, evidence.spans),
    }
