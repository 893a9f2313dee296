"""ficlens: reads fanfiction the way a careful fan does and writes down what it found.

    >>> import ficlens
    >>> work = ficlens.analyze("story.txt")
    >>> work.to_json()
"""

__version__ = "0.1.0"

from ficlens.model import Work  # noqa: E402
from ficlens.pipeline import analyze  # noqa: E402

__all__ = ["Work", "analyze", "__version__"]
