"""AO3's archive warnings and the content tags next to them, inferred conservatively.

A wrong warning misleads the reader it is meant to protect, and a missing one is what the
declared tags are for, so each warning needs its cues in several sentences: one "bloody" is
not Graphic Depictions Of Violence, and a sex scene is Underage Sex only when a stated age under
eighteen sits in the same scene. "Creator Chose Not To Use Archive Warnings" is the author's
choice and is never inferred; "No Archive Warnings Apply" is what remains when nothing fires.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ficlens.stages.relations.content import Content, Tally
from ficlens.stages.relations.deaths import Fate

GDV = "Graphic Depictions Of Violence"
MCD = "Major Character Death"
RAPE = "Rape/Non-Con"
UNDERAGE = "Underage Sex"
NONE = "No Archive Warnings Apply"
#: AO3's order.
ORDER = (GDV, MCD, NONE, RAPE, UNDERAGE)
#: Sexual weight in one scene that makes it a sex scene.
SEX_SCENE = 3.0


@dataclass
class Found:
    """A tag with its score and the sentences (indexes) or offsets that justify it."""

    score: float
    sentences: list[int] = field(default_factory=list)


def confidence(weight: float, threshold: float) -> float:
    return round(1.0 - 0.5 ** (max(weight, 0.0) / max(threshold, 1e-9)), 3)


def from_spec(content: Content, spec: dict[str, Any], window: int | None = None) -> Found | None:
    if not content.meets(spec, window):
        return None
    t = content.tally(spec["cue"], window)
    return Found(confidence(t.weight, spec.get("min", 1.0)), t.top())


def warnings(content: Content, specs: dict[str, dict[str, Any]], fates: dict[str, Fate], majors: set[str],
             scene_of, window: int) -> dict[str, Found]:  # type: ignore[no-untyped-def]
    out: dict[str, Found] = {}
    for tag, spec in specs.items():
        found = from_spec(content, spec, window)
        if found:
            out[tag] = found
    final = [f for c, f in fates.items() if c in majors and f.final and f.told_twice]
    if final:
        weight = max(sum(w for w, _, _ in f.deaths) for f in final)
        out[MCD] = Found(confidence(weight, 2.0), sorted({s for f in final for _, s, _ in f.deaths})[:5])
    underage = _underage(content, scene_of)
    if underage:
        out[UNDERAGE] = underage
    if not out:
        near = max((content.tally(s["cue"], window).weight / s.get("min", 1.0) for s in specs.values()), default=0.0)
        out[NONE] = Found(round(1.0 - 0.5 * min(near, 1.0), 3))
    return out


def _underage(content: Content, scene_of) -> Found | None:  # type: ignore[no-untyped-def]
    sex: dict[int, Tally] = defaultdict(Tally)
    for cue in ("sex_explicit", "sex_act"):
        for w, s, pos in content.tally(cue).hits:
            t = sex[scene_of(pos)]
            t.weight += w
            t.hits.append((w, s, pos))
    ages: dict[int, list[int]] = defaultdict(list)
    for _, s, pos in content.tally("underage").hits:
        ages[scene_of(pos)].append(s)
    scenes = [k for k in ages if sex.get(k) and sex[k].weight >= SEX_SCENE]
    if not scenes:
        return None
    weight = sum(sex[k].weight for k in scenes)
    sentences = sorted({s for k in scenes for s in ages[k][:2]} | {s for k in scenes for s in sex[k].top(3)})
    return Found(confidence(weight, 2 * SEX_SCENE), sentences[:6])


def content_tags(content: Content, specs: dict[str, dict[str, Any]], fates: dict[str, Fate], window: int) -> dict[str, Found]:
    out: dict[str, Found] = {}
    for tag, spec in specs.items():
        found = from_spec(content, spec, window)
        if found:
            out[tag] = found
    died = [f for f in fates.values() if f.died and f.told_twice and not f.undone and not f.alive_after]
    if died:
        weight = max(sum(w for w, _, _ in f.deaths) for f in died)
        out["Character Death"] = Found(confidence(weight, 2.0), sorted({s for f in died for _, s, _ in f.deaths})[:5])
    undone = [f for f in fates.values() if f.undone]
    if undone:
        sentences = {s for f in undone for _, s, _ in f.deaths[:2]} | {s for f in undone for _, s, p in f.revivals if p > f.deaths[0][2]}
        weight = max(sum(w for w, _, p in f.revivals if p > f.deaths[0][2]) for f in undone)
        out["Fake/Temporary Character Death"] = Found(confidence(weight, 2.0), sorted(sentences)[:5])
    return out
