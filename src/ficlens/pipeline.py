"""The stage registry and the runner behind `ficlens.analyze`.

A stage is an object with a `name`, the Work layers it `requires` and `assigns`, and
`__call__(work) -> work`. Stages never read files or print: they read the Work and add one layer,
so each can be run alone from Python on a hand-built Work. The pipeline checks, when it is built,
that every layer a stage requires is assigned by a stage before it (or by the reader).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ficlens import __version__
from ficlens.errors import StageError
from ficlens.model import Work

#: Layers every reader fills: the text, metadata and markup hints.
READER_LAYERS = frozenset({"text", "info", "markup"})


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, work: Work) -> Work: ...


_FACTORIES: dict[str, Callable[[], Stage]] = {}
DEFAULT_STAGES: list[str] = []


def register(name: str, factory: Callable[[], Stage], default: bool = True) -> None:
    _FACTORIES[name] = factory
    if default and name not in DEFAULT_STAGES:
        DEFAULT_STAGES.append(name)


def register_stages() -> None:
    """Every built-in stage, in pipeline order. Explicit, so a missing stage fails a test."""
    if _FACTORIES:
        return
    from ficlens.stages.characters import CharactersStage
    from ficlens.stages.coref import CorefStage
    from ficlens.stages.entities import EntitiesStage
    from ficlens.stages.narration import NarrationStage
    from ficlens.stages.pov import PovStage
    from ficlens.stages.relations import RelationshipsStage, TagsStage
    from ficlens.stages.speakers import SpeakersStage
    from ficlens.stages.quotes import QuotesStage
    from ficlens.stages.stats import StatsStage
    from ficlens.stages.structure import StructureStage

    register("structure", StructureStage)
    register("quotes", QuotesStage)
    register("narration", NarrationStage)
    register("entities", EntitiesStage)
    register("characters", CharactersStage)
    register("speakers", SpeakersStage)
    register("coref", CorefStage)
    register("pov", PovStage)
    register("relationships", RelationshipsStage)
    register("tags", TagsStage)
    register("stats", StatsStage)


def stage_names() -> list[str]:
    register_stages()
    return list(DEFAULT_STAGES)


@dataclass
class Pipeline:
    stages: list[Stage]
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, names: Iterable[str] | None = None) -> Pipeline:
        register_stages()
        chosen = list(names) if names is not None else list(DEFAULT_STAGES)
        unknown = [n for n in chosen if n not in _FACTORIES]
        if unknown:
            raise StageError(f"unknown stage(s): {', '.join(unknown)} (known: {', '.join(_FACTORIES)})")
        pipeline = cls([_FACTORIES[n]() for n in chosen])
        pipeline.check()
        return pipeline

    def check(self) -> None:
        available = set(READER_LAYERS)
        for stage in self.stages:
            missing = [layer for layer in stage.requires if layer not in available]
            if missing:
                raise StageError(f"stage '{stage.name}' needs {', '.join(missing)}, which no earlier stage assigns")
            available.update(stage.assigns)

    def __call__(self, work: Work) -> Work:
        for stage in self.stages:
            started = time.perf_counter()
            result = stage(work)
            if not isinstance(result, Work):
                raise StageError(f"stage '{stage.name}' returned {type(result).__name__}, not a Work")
            work = result
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - started
        work.produced_by = {"ficlens": __version__, "stages": [s.name for s in self.stages]}
        return work


_DEFAULT: Pipeline | None = None


def analyze(source: str | os.PathLike[str] | bytes | Work, stages: Iterable[str] | None = None) -> Work:
    """Analyse a story: a path, raw bytes, the story text itself, or an already-read Work."""
    global _DEFAULT
    from ficlens.ingest import read

    work = source if isinstance(source, Work) else read(source)
    if stages is not None:
        return Pipeline.build(stages)(work)
    if _DEFAULT is None:
        _DEFAULT = Pipeline.build()
    return _DEFAULT(work)
