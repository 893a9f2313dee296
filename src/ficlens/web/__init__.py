"""The web reader: a FastAPI app over the library (`create_app`), served by `ficlens serve`."""

from __future__ import annotations

from ficlens.web.app import create_app

__all__ = ["create_app"]
