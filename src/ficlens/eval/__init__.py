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


def benchmarks() -> dict[str, Benchmark]:
    from ficlens.eval.characters import evaluate_characters
    from ficlens.eval.dialogue import evaluate_dialogue
    from ficlens.eval.golem import evaluate_golem
    from ficlens.eval.litbank import evaluate_litbank_coref, evaluate_litbank_entities
    from ficlens.eval.litbank_quotes import evaluate_litbank_quotes
    from ficlens.eval.pdnc import evaluate_pdnc
    from ficlens.eval.pov import evaluate_pov
    from ficlens.eval.structure import evaluate_structure

    return {"litbank-entities": evaluate_litbank_entities, "litbank-coref": evaluate_litbank_coref, "golem": evaluate_golem, "dialogue": evaluate_dialogue, "characters": evaluate_characters, "pdnc": evaluate_pdnc, "structure": evaluate_structure, "pov": evaluate_pov, "litbank-quotes": evaluate_litbank_quotes}


def run(name: str, path: Path | None = None) -> dict[str, Any]:
    table = benchmarks()
    if name not in table:
        raise InputError(f"unknown benchmark '{name}' (known: {', '.join(sorted(table))})")
    return table[name](path)
