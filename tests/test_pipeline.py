"""Every registered stage honours the stage contract on a hand-built Work."""

from __future__ import annotations

import pytest

from ficlens.errors import StageError
from ficlens.model import Work
from ficlens.pipeline import Pipeline, Stage, _FACTORIES, register_stages, stage_names

TEXT = "A/N: hello!\n\nChapter 1\n\nHolmes looked up. \"Watson,\" he said.\n\n***\n\nI nodded.\n"


def test_pipeline_registers_every_builtin_stage():
    register_stages()
    assert stage_names() == ["structure", "quotes", "narration", "entities", "characters", "speakers", "coref", "pov", "relationships", "tags", "stats"]


@pytest.mark.parametrize("name", stage_names())
def test_pipeline_stage_conformance(name: str):
    register_stages()
    stage = _FACTORIES[name]()
    assert isinstance(stage, Stage)
    assert stage.name == name and isinstance(stage.requires, tuple) and isinstance(stage.assigns, tuple)
    # A stage runs alone on a Work holding only what it requires (earlier stages run first).
    names = stage_names()
    work = Pipeline.build(names[: names.index(name)])(Work(text=TEXT))
    before = work.text
    result = stage(work)
    assert isinstance(result, Work)
    assert result.text == before, "stages never change the text"
    for layer in stage.assigns:
        assert hasattr(result, layer)


def test_pipeline_rejects_unknown_stage():
    with pytest.raises(StageError, match="unknown stage"):
        Pipeline.build(["structure", "telepathy"])


def test_pipeline_checks_requirements_when_built():
    with pytest.raises(StageError, match="needs"):
        Pipeline.build(["stats"])


def test_pipeline_records_what_made_the_result():
    work = Pipeline.build()(Work(text=TEXT))
    assert work.produced_by["stages"] == ["structure", "quotes", "narration", "entities", "characters", "speakers", "coref", "pov", "relationships", "tags", "stats"]
    assert work.produced_by["ficlens"]
