"""The committed JSON Schema of the `ficlens/1` output, and a validator for it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("ficlens-1.schema.json").read_text("utf-8"))


def validate(document: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `document` breaks the contract."""
    Draft202012Validator(schema()).validate(document)
