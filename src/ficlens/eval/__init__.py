"""Benchmarks: `ficlens eval NAME` runs one and returns its figures as a flat dict.

Each benchmark reads its data from the path given, or from its default place (`../shared/data`
beside the project for public corpora, `corpus/` in the project for our own labelled sets).
"""

from __future__ import annotations

import re

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Hamming

from ficlens.errors import InputError

if TYPE_CHECKING:
    from ficlens.model import Character, Mention
    from ficlens.pipeline import Pipeline

Benchmark = Callable[[Path | None], dict[str, Any]]

#: The project checkout, when ficlens runs from one (editable install or source tree).
PROJECT_ROOT = Path(__file__).resolve().parents[3]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


def labelled_splits(root: Path) -> dict[str, Path]:
    """A labelled set (`labels.yaml` beside its stories) or a folder of such sets, by split name."""
    if (root / "labels.yaml").exists():
        return {root.name: root}
    splits = {p.name: p for p in sorted(root.glob("*")) if (p / "labels.yaml").exists()}
    if not splits:
        raise InputError(f"{root}: no labels.yaml found (expected a labelled set or folders of them)")
    return splits


#: The split only ever scored; its per-item lists are never printed, so reading them cannot steer
#: the rules.
HELD_OUT = "test"
PER_ITEM = ("errors", "chapter_misses")


def split_report(per_split: dict[str, Any], figures: Callable[[Any], dict[str, Any]],
                 merged: Any | None = None) -> dict[str, Any]:
    """One benchmark's figures: the held-out split's as the headline (else `merged`, else the
    first split's), every split's under "splits", and per-item lists for the tuning splits only."""
    if HELD_OUT in per_split:
        name, headline = HELD_OUT, per_split[HELD_OUT]
    elif merged is not None:
        name, headline = "+".join(per_split), merged
    else:
        name = next(iter(per_split))
        headline = per_split[name]
    result = dict(figures(headline), split=name)
    if len(per_split) > 1:
        result["splits"] = {n: figures(c) for n, c in per_split.items()}
    for shown in (result if name == HELD_OUT else {}, result.get("splits", {}).get(HELD_OUT, {})):
        for key in PER_ITEM:
            shown.pop(key, None)
    return result


def name_key(name: str) -> str:
    """A character name as the scorers compare names: case, spacing, full stops, curly apostrophes,
    a leading "the" ("the Lion" is "Lion") and a fandom's disambiguator ("Scarecrow (Oz)") aside."""
    key = " ".join(re.sub(r"\s*\([^)]*\)\s*$", "", name).replace("’", "'").replace(".", "").split()).casefold()
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def identify(characters: list[Character], gold: dict[str, set[str]],
             genders: dict[str, str] | None = None, uses: Counter[tuple[str, str]] | None = None) -> dict[str, str | None]:
    """Each predicted character as one gold character (or none), so that a person ficlens wrongly
    merged with another is right for one of them only. `gold`: gold name -> its name keys.

    The gold character whose names include the character's own name (canonical, else display
    name) decides; failing that, the one sharing most names with it, the one of its gender
    (`genders`: gold name -> "male"/"female") on a tie, then the one whose shared names the
    text uses most for it (`uses`: (character id, name key) -> name mentions; see `name_uses`),
    and no one on a tie still."""
    out: dict[str, str | None] = {}
    for ch in characters:
        forms = {name_key(n) for n in (ch.name, *ch.aliases, ch.canonical or "") if n}
        own = name_key(ch.canonical or ch.name)
        owners = [g for g, keys in gold.items() if own in keys]
        if len(owners) == 1:
            out[ch.id] = owners[0]
            continue
        shared = sorted(((len(forms & keys), g) for g, keys in gold.items() if forms & keys), reverse=True)
        if not shared:  # a gold name list with a slip of the pen ("May Wellend" for May Welland)
            shared = sorted(((n, g) for g, keys in gold.items() if (n := sum(_misspelt(f, k) for f in forms for k in keys))),
                            reverse=True)
        best = [g for n, g in shared if n == shared[0][0]] if shared else []
        if len(best) > 1 and genders:
            best = [g for g in best if genders.get(g) == ch.gender] or best
        if len(best) > 1 and uses:
            # "Jane Bennet", named "Jane" three hundred times and "Bennet" once, is Jane.
            weight = {g: sum(uses[(ch.id, k)] for k in forms & gold[g]) for g in best}
            top = max(weight.values())
            best = [g for g in best if weight[g] == top]
        out[ch.id] = best[0] if len(best) == 1 else None
    return out


#: The shortest word in which one wrong letter is read as a misspelling rather than another name.
MISSPELT_MIN = 6


def _misspelt(a: str, b: str) -> bool:
    """Two name keys that differ in one letter of one long word: "may welland" / "may wellend",
    never "mr welland" / "mrs welland"."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    odd = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(odd) == 1 and len(odd[0][0]) == len(odd[0][1]) >= MISSPELT_MIN and Hamming.distance(*odd[0]) == 1


def name_uses(text: str, mentions: list[Mention]) -> Counter[tuple[str, str]]:
    """How often the text names each character by each name: (character id, name key) -> count."""
    return Counter((m.character, name_key(text[m.start : m.end])) for m in mentions if m.kind == "name")


#: Each benchmark's module and function, imported only when it runs: some need the `eval` extra.
BENCHMARKS = {
    "structure": "structure:evaluate_structure",
    "pov": "pov:evaluate_pov",
    "characters": "characters:evaluate_characters",
    "dialogue": "dialogue:evaluate_dialogue",
    "pdnc": "pdnc:evaluate_pdnc",
    "litbank-quotes": "litbank_quotes:evaluate_litbank_quotes",
    "litbank-entities": "litbank:evaluate_litbank_entities",
    "litbank-coref": "litbank:evaluate_litbank_coref",
    "golem": "golem:evaluate_golem",
    "tags": "tags:evaluate_tags",
}


def benchmark(name: str) -> Benchmark:
    from importlib import import_module

    if name not in BENCHMARKS:
        raise InputError(f"unknown benchmark '{name}' (known: {', '.join(sorted(BENCHMARKS))})")
    module, function = BENCHMARKS[name].split(":")
    try:
        return getattr(import_module(f"ficlens.eval.{module}"), function)
    except ModuleNotFoundError as err:
        if err.name and not err.name.startswith("ficlens"):
            raise InputError(f"benchmark '{name}' needs {err.name}: pip install -e '.[eval]'") from None
        raise


def run(name: str, path: Path | None = None) -> dict[str, Any]:
    return benchmark(name)(path)


def without_canon(pipeline: Pipeline) -> Pipeline:
    """The pipeline with fandom knowledge off, for benchmarks whose texts are the canon novels
    themselves: a system that knew each book's cast beforehand would not compare with published
    figures."""
    for stage in pipeline.stages:
        if hasattr(stage, "canon"):
            stage.canon = False
    return pipeline
