"""`ficlens eval structure` scores a labelled set; the scorer itself is checked on a tiny set."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ficlens.errors import InputError
from ficlens.eval import run

STORY = "A/N: Thanks for reading my fic!\n\nChapter 1\n\nHolmes looked up at the rain and sighed.\n\nThe end.\n"


def write_set(folder: Path, labels: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "labels.yaml").write_text(yaml.safe_dump({"a.txt": labels}), encoding="utf-8")
    return folder


def test_eval_structure_perfect_labels_score_one(tmp_path: Path):
    folder = write_set(tmp_path / "set", {
        "chapters": ["Chapter 1"], "scene_breaks": 0,
        "segments": [{"kind": "author_note", "from": "A/N:", "to": "my fic!"}],
    })
    result = run("structure", folder)
    assert result["author_note_f1"] == 1.0
    assert result["chapter_accuracy"] == 1.0
    assert result["letter_f1"] is None  # nothing to find, nothing found


def test_eval_structure_wrong_labels_score_lower(tmp_path: Path):
    folder = write_set(tmp_path / "set", {
        "chapters": ["Chapter 2"], "scene_breaks": 1,
        "segments": [{"kind": "author_note", "from": "Holmes looked", "to": "sighed."}],
    })
    result = run("structure", folder)
    assert result["author_note_f1"] == 0.0
    assert result["chapter_accuracy"] == 0.0
    assert result["scene_break_accuracy"] == 0.0


def test_eval_structure_missing_snippet_is_a_clear_error(tmp_path: Path):
    folder = write_set(tmp_path / "set", {"chapters": [], "segments": [{"kind": "letter", "from": "Dear", "to": "x"}]})
    with pytest.raises(InputError, match="snippet not found"):
        run("structure", folder)


def test_eval_structure_shipped_set_reports_every_split():
    result = run("structure")
    assert result["split"] == "test"
    assert {"dev", "test"} <= set(result["splits"])
    for key in ("author_note_f1", "letter_f1", "chapter_accuracy"):
        assert 0.0 <= result[key] <= 1.0


def test_eval_unknown_benchmark():
    with pytest.raises(InputError, match="unknown benchmark"):
        run("telepathy")


def test_the_held_out_split_never_lists_its_items():
    from ficlens.eval import split_report

    def figures(c):  # type: ignore[no-untyped-def]
        return {"score": c["score"], "errors": list(c["errors"])}

    per_split = {"dev": {"score": 0.9, "errors": ["dev item"]}, "test": {"score": 0.8, "errors": ["test item"]}}
    out = split_report(per_split, figures)
    assert out["split"] == "test" and out["score"] == 0.8 and "errors" not in out
    assert out["splits"]["dev"]["errors"] == ["dev item"]
    assert "errors" not in out["splits"]["test"]
    alone = split_report({"mine": {"score": 0.5, "errors": ["x"]}}, figures)
    assert alone["split"] == "mine" and alone["errors"] == ["x"]
