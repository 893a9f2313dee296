"""Benchmarks: `ficlens eval NAME` runs one and returns its figures as a flat dict.

Each benchmark reads its data from the path given, or from its default place (`../shared/data`
beside the project for public corpora, `corpus/` in the project for our own labelled sets).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ficlens.errors import InputError

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


def name_key(name: str) -> str:
    """A character name as the scorers compare names: case, spacing, full stops and curly apostrophes aside."""
    return " ".join(name.replace("’", "'").replace(".", "").split()).casefold()


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
