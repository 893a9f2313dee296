"""Shared fixtures: where the evaluation data lives, and a helper to build Works by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
AO3_SAMPLES = SHARED_DATA / "ao3-samples"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this checkout (evaluation data is not shipped)")
    return SHARED_DATA
