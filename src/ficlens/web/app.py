"""The web reader: `create_app(library)` builds a FastAPI app that reads through `Library` only.

Pages are rendered on the server with Jinja2 (autoescape on for every template, whatever its
name), so the app works without JavaScript; the one static script only adds conveniences.
Work ids in URLs are integers by route pattern, so nothing a URL says ever reaches the filesystem.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ficlens.errors import FiclensError
from ficlens.ingest import SUFFIXES
from ficlens.store.library import Library
from ficlens.web import filters as flt
from ficlens.web.security import Guard
from ficlens.web.workpage import work_context

MAX_UPLOAD = 20 * 1024 * 1024
_MAX_ID = 2**63 - 1  # SQLite's integer range; larger ids cannot exist
_HERE = Path(str(resources.files("ficlens.web")))


def create_app(library: Library, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """`allowed_hosts` (e.g. ["127.0.0.1", "localhost"]) refuses other Host headers when given."""
    env = Environment(loader=FileSystemLoader(_HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(tag_types=flt.TAG_TYPES, facet_rows=flt.facet_rows)

    def render(name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=code)

    def error_page(status: int, title: str, message: str) -> str:
        return env.get_template("error.html").render(status=status, title=title, message=message)

    app = FastAPI(title="ficlens", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.library = library
    app.add_middleware(Guard, error_page=error_page, max_body=MAX_UPLOAD + 256 * 1024, allowed_hosts=allowed_hosts)
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> HTMLResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        message = exc.detail if exc.status_code != 404 else "There is no such page or work in this library."
        return HTMLResponse(error_page(exc.status_code, titles.get(exc.status_code, "Error"), str(message)), exc.status_code)

    @app.get("/", response_class=HTMLResponse)
    def library_page(request: Request) -> HTMLResponse:
        f = flt.Filters.parse(request.query_params)
        query = f.query()
        result = library.search(query)
        facets = library.facets(query)
        pages = max(1, -(-result.total // flt.PAGE_SIZE))
        return render("library.html", f=f, result=result, facets=facets, pages=pages,
                      povs=flt.POVS, sorts=flt.SORTS, sources=flt.SOURCES, page_size=flt.PAGE_SIZE)

    @app.get("/works/{work_id:int}.json")
    def work_json(work_id: int) -> Response:
        work = _work(work_id)
        return Response(work.to_json(indent=2), media_type="application/json",
                        headers={"content-disposition": f'attachment; filename="ficlens-work-{work_id}.json"'})

    @app.get("/works/{work_id:int}", response_class=HTMLResponse)
    def work_page(work_id: int) -> HTMLResponse:
        return render("work.html", id=work_id, **work_context(_work(work_id)))

    def _work(work_id: int):  # type: ignore[no-untyped-def]
        work = library.get(work_id) if 0 < work_id <= _MAX_ID else None
        if work is None:
            raise HTTPException(404)
        return work

    @app.get("/upload", response_class=HTMLResponse)
    def upload_form() -> HTMLResponse:
        return render("upload.html", max_mb=MAX_UPLOAD // (1024 * 1024), suffixes=_suffixes())

    @app.post("/upload", response_model=None)
    async def upload(request: Request) -> Response:
        form = await request.form(max_files=1, max_fields=4)
        item = form.get("file")
        if item is None or isinstance(item, str) or not item.filename:
            return _bad("Choose a story file to upload.")
        name = Path(item.filename.replace("\\", "/")).name[:200]
        if Path(name).suffix.lower() not in SUFFIXES:
            return _bad(f"ficlens reads {_suffixes()} files; {name!r} is none of these.")
        data = await item.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return render("error.html", 413, status=413, title="File too large",
                          message=f"ficlens accepts uploads of at most {MAX_UPLOAD // (1024 * 1024)} MB.")
        if not data.strip():
            return _bad(f"{name} is empty.")
        try:
            work_id = await run_in_threadpool(library.upload, data, name)
        except FiclensError as exc:
            return _bad(str(exc))
        return RedirectResponse(f"/works/{int(work_id)}", status_code=303)

    def _bad(message: str) -> HTMLResponse:
        return render("error.html", 400, status=400, title="Could not read this file", message=message,
                      retry="/upload")

    @app.get("/export.csv")
    def export_csv() -> Response:
        with tempfile.TemporaryDirectory(prefix="ficlens-") as tmp:
            path = Path(tmp) / "library.csv"
            library.export_csv(path)
            data = path.read_bytes()
        return Response(data, media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="ficlens-library.csv"'})

    return app


def _suffixes() -> str:
    return ", ".join(sorted(s for s in SUFFIXES if s))
