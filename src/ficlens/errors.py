"""The errors ficlens reports to users: each one a single readable line, never a traceback."""

from __future__ import annotations


class FiclensError(Exception):
    """Base of every error a user may see; `str(err)` is the one line shown."""

    exit_code = 2


class InputError(FiclensError):
    """The input cannot be read as a story (missing, empty, binary, too large, malformed)."""


class StageError(FiclensError):
    """A pipeline was assembled wrongly (unknown stage, a stage whose inputs nobody provides)."""
