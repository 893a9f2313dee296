"""Genre tags: what the story feels like, from how densely its moods run.

Angst, Fluff and Humor are rates (cues per thousand story words, with a floor for short
pieces; Angst comes sooner after a death, Fluff only where the light outweighs the dark);
Hurt/Comfort needs both halves; Happy Ending reads only the last stretch, and only after
something went wrong. Epistolary is the shape of the story (letters and messages), the modern
setting AU is phones in a fandom whose file says it has none, Post-Canon a fandom's own
after-the-end phrases.
"""

from __future__ import annotations

from typing import Any

from ficlens.knowledge import kinds_of_thing, setting_of
from ficlens.model import Work
from ficlens.stages.relations.content import Content
from ficlens.stages.relations.lexicon import Hit
from ficlens.stages.relations.units import Units
from ficlens.stages.relations.warnings import Found, confidence


def moods(content: Content, specs: dict[str, dict[str, Any]], fired: set[str], died: bool) -> dict[str, Found]:
    """`fired`: the warnings and content tags already inferred; `died`: a character's death."""
    out: dict[str, Found] = {}
    for tag, spec in specs.items():
        tallies = [content.tally(cue) for cue in spec["cues"]]
        weight = sum(t.weight for t in tallies)
        rate = 1000.0 * weight / max(content.words, 1)
        enough = weight >= spec["min"] and rate >= spec["per_1000"]
        if not enough and not (died and "or_after_death" in spec and rate >= spec["or_after_death"]):
            continue
        over = spec.get("over")
        if over and weight < over["ratio"] * sum(content.tally(cue).weight for cue in over["cues"]):
            continue  # fluff drowned in tears is not fluff
        if any(content.tally(cue).weight < need for cue, need in (spec.get("with") or {}).items()):
            continue
        if fired & set(spec.get("unless") or []):
            continue
        sentences = [s for t in tallies for s in t.top(3)] + [s for cue in (spec.get("with") or {}) for s in content.tally(cue).top(2)]
        out[tag] = Found(confidence(weight, spec["min"]), sorted(set(sentences))[:5])
    return out


def happy_ending(content: Content, units: Units, spec: dict[str, Any], troubled: bool) -> Found | None:
    if not troubled or content.words < spec["min_words"] or not units.regions:
        return None
    total = units.story_chars()
    # The offset where the last `tail` share of the story text begins.
    cut, remaining = units.regions[-1][1], total * spec["tail"]
    for a, b in reversed(units.regions):
        if b - a >= remaining:
            cut = b - int(remaining)
            break
        remaining -= b - a
        cut = a
    happy = [h for h in content.counted if h.start >= cut and h.rule.cue == "happy"]
    sad = sum(h.rule.weight for h in content.counted if h.start >= cut and h.rule.cue == "sad")
    weight = sum(h.rule.weight for h in happy)
    if weight < spec["happy"] or weight < spec["ratio"] * sad:
        return None
    return Found(confidence(weight, spec["happy"]), sorted({units.sentence(h.start) for h in happy[-3:]}))


def epistolary(work: Work, units: Units, spec: dict[str, Any]) -> list[tuple[int, int]] | None:
    written = [(s.start, s.end) for s in work.segments if s.kind in ("letter", "message") and units.in_story(s.start)]
    if len(written) < spec["segments"]:
        return None
    share = sum(b - a for a, b in written) / max(units.story_chars(), 1)
    if share < spec["share"] and len(written) < spec["many"]:
        return None
    return written[:5]


def modern_setting(work: Work, units: Units, context: list[Hit], spec: dict[str, Any], low: str) -> list[int] | None:
    if not any(setting_of(f) == "period" for f in work.tags.fandoms):
        return None
    hits = [h for h in context if h.rule.cue == "modern" and units.in_story(h.start)]
    if len(hits) < spec["min"] or kinds_of_thing([low[h.start : h.end] for h in hits]) < spec["distinct"]:
        return None
    return sorted({units.sentence(h.start) for h in hits[:5]})


def post_canon(work: Work, units: Units, phrases: dict[str, list[str]], low: str) -> list[int] | None:
    found: list[int] = []
    for fandom in work.tags.fandoms:
        for phrase in phrases.get(fandom, []):
            pos = low.find(phrase)
            while pos >= 0 and len(found) < 5:
                if units.in_story(pos) and (pos == 0 or not low[pos - 1].isalnum()):
                    found.append(units.sentence(pos))
                    break
                pos = low.find(phrase, pos + 1)
    return sorted(set(found)) or None
