"""The tags stage: the AO3 tags a careful reader would give the story, each with its evidence.

Relationship tags and the category come from the relationships layer; warnings, content and
genre tags and the rating from the cues of the story text (content.py, deaths.py, warnings.py,
genres.py), weighed by the thresholds in `tags.yaml`. The tags the author declared
(`work.info.declared_tags`) are never read: shown next to these, they are a second opinion,
not an input. Fandoms and characters are the characters stage's and are kept as they are.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ficlens.model import Relationship, Span, Work
from ficlens.stages.relations import deaths, genres, warnings
from ficlens.stages.relations.content import Content, gather
from ficlens.stages.relations.lexicon import lowered, scan
from ficlens.stages.relations.units import Units
from ficlens.stages.relations.warnings import Found, confidence

RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
CATEGORIES = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")
#: A relationship becomes a tag with this score (romance) or this much (kin and friends, who AO3
#: authors tag only when the story is about them), and no more than this many of each.
ROMANTIC_TAG = 0.4
OTHER_TAG = 0.4
MAX_ROMANTIC, MAX_OTHER = 6, 4
#: Romance as a genre needs a romantic pair this sure.
ROMANCE = 0.55


class TagsStage:
    name = "tags"
    requires = ("relationships", "characters", "quotes", "segments")
    assigns = ("tags",)

    def __call__(self, work: Work) -> Work:
        infer_tags(work)
        return work


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    return yaml.safe_load(resources.files(__package__).joinpath("tags.yaml").read_text("utf-8"))


def infer_tags(work: Work) -> None:
    cfg = config()
    tags = work.tags
    tags.rating, tags.warnings, tags.category, tags.relationships, tags.freeform = None, [], [], [], []
    tags.evidence = {k: v for k, v in tags.evidence.items() if k in tags.fandoms or k in tags.characters}
    tags.scores = {}
    if not work.text.strip():
        return
    units = Units.of(work)
    hits = scan(work.text)
    low = lowered(work.text)
    content = gather(units, hits, low, units.story_words())

    def put(tag: str, score: float, spans: list[Span]) -> None:
        tags.scores[tag] = round(min(max(score, 0.0), 1.0), 3)
        tags.evidence[tag] = spans

    def sentences(found: Found) -> list[Span]:
        return [Span(*units.sentence_span(s)) for s in found.sentences]

    chosen = relationship_tags(work)
    for r in chosen:
        tags.relationships.append(r.tag)
        put(r.tag, r.score, list(r.evidence))
    category, cat_evidence = categories(work, [r for r in chosen if r.kind == "romantic"])
    tags.category = category
    for c in category:
        put(c, cat_evidence[c][0], cat_evidence[c][1])

    known = {c.id for c in work.characters}
    mentions = sorted((m for m in work.mentions if m.character in known), key=lambda m: m.start)
    fates = deaths.fates(units, content, mentions, work.quotes, work.text, low)
    window = int(cfg["window"])
    found = warnings.warnings(content, cfg["warnings"], fates, deaths.major(mentions), units.scene, window)
    tags.warnings = [w for w in warnings.ORDER if w in found]
    for w in tags.warnings:
        put(w, found[w].score, sentences(found[w]))

    extra = warnings.content_tags(content, cfg["content"], fates, window)
    died = any(f.died and f.told_twice and not f.undone for f in fates.values())
    extra.update(genres.moods(content, cfg["genres"], set(tags.warnings) | set(extra), died))
    romance = [r for r in chosen if r.kind == "romantic" and r.score >= ROMANCE]
    if romance:
        extra["Romance"] = Found(max(r.score for r in romance))
    # A happy ending is one after trouble, or the end of a romance.
    troubled = any(t in extra for t in ("Angst", "Hurt/Comfort", "Break Up", "Character Death",
                                        "Fake/Temporary Character Death", "Romance"))
    ending = genres.happy_ending(content, units, cfg["happy_ending"], troubled)
    if ending:
        extra["Happy Ending"] = ending
    for tag, f in extra.items():
        tags.freeform.append(tag)
        put(tag, f.score, sentences(f) if f.sentences else [s for r in romance[:2] for s in r.evidence][:5])
    letters = genres.epistolary(work, units, cfg["epistolary"])
    if letters:
        tags.freeform.append("Epistolary")
        put("Epistolary", confidence(len(letters), cfg["epistolary"]["segments"]), [Span(a, b) for a, b in letters])
    au = genres.modern_setting(work, units, hits["context"], cfg["modern_setting"], low)
    if au:
        name = cfg["modern_setting"]["tag"]
        tags.freeform.append(name)
        put(name, confidence(len(au), cfg["modern_setting"]["min"]), [Span(*units.sentence_span(s)) for s in au])
    after = genres.post_canon(work, units, cfg["post_canon"], low)
    if after and len(after) >= 2:
        tags.freeform.append("Post-Canon")
        put("Post-Canon", confidence(len(after), 2), [Span(*units.sentence_span(s)) for s in after])

    rating, rating_score, why = rate(content, cfg["rating"], set(tags.warnings), set(tags.freeform), window)
    tags.rating = rating
    spans = tags.evidence.get(why, []) if isinstance(why, str) else [Span(*units.sentence_span(s)) for s in why]
    put(rating, rating_score, list(spans)[:5])


def relationship_tags(work: Work) -> list[Relationship]:
    named = {c.id for c in work.characters if c.mentions > 0 and c.named}
    real = [r for r in work.relationships if all(c in named for c in r.characters)]
    romantic = [r for r in real if r.kind == "romantic" and r.score >= ROMANTIC_TAG][:MAX_ROMANTIC]
    other = [r for r in real if r.kind in ("family", "platonic") and r.score >= OTHER_TAG][:MAX_OTHER]
    return sorted(romantic, key=lambda r: -r.score) + sorted(other, key=lambda r: -r.score)


def categories(work: Work, romantic: list[Relationship]) -> tuple[list[str], dict[str, tuple[float, list[Span]]]]:
    """AO3's category from the genders of each romantic pair; Gen when there is none."""
    if not romantic:
        return ["Gen"], {"Gen": (0.6, [])}
    gender = {c.id: c.gender for c in work.characters}
    found: dict[str, tuple[float, list[Span]]] = {}
    for r in romantic:
        pair = sorted(gender.get(c, "unknown") for c in r.characters)
        if "unknown" in pair:
            continue  # a reader could not say either
        kind = "Other" if "nonbinary" in pair else {("female", "female"): "F/F", ("female", "male"): "F/M", ("male", "male"): "M/M"}[tuple(pair)]  # type: ignore[index]
        score, spans = found.get(kind, (0.0, []))
        found[kind] = (max(score, r.score), (spans + list(r.evidence))[:5])
    if _poly(romantic):
        found["Multi"] = (max(r.score for r in romantic), [s for r in romantic[:3] for s in r.evidence[:1]])
    return [c for c in CATEGORIES if c in found], found


def _poly(romantic: list[Relationship]) -> bool:
    """Someone with two romantic partners in the story (AO3's Multi)."""
    partners = Counter(c for r in romantic for c in r.characters)
    return any(n >= 2 for n in partners.values())


def rate(content: Content, levels: dict[str, list[dict[str, Any]]], fired_warnings: set[str],
         freeform: set[str], window: int) -> tuple[str, float, list[int] | str]:
    """The highest level with a condition met, its score, and the sentences that set it (or the
    tag whose evidence does)."""
    for level in reversed(RATINGS):
        for cond in levels.get(level) or []:
            if "cue" in cond and content.meets(cond, window):
                t = content.tally(cond["cue"], window)
                return level, confidence(t.weight, cond.get("min", 1.0)), t.top(3)
            if cond.get("warning") in fired_warnings:
                return level, 0.6, cond["warning"]
            shared = [t for t in cond.get("content") or [] if t in freeform]
            if shared:
                return level, 0.55, shared[0]
    # Nothing that needs a rating above General: surer the less there was.
    near = max((content.tally(c["cue"], window).weight / c.get("min", 1.0) for c in levels.get(RATINGS[1]) or [] if "cue" in c), default=0.0)
    return RATINGS[0], round(1.0 - 0.5 * min(near, 1.0), 3), []
