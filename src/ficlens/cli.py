"""The `ficlens` command: thin Typer wrappers over functions you can import."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from ficlens.errors import FiclensError

app = typer.Typer(
    help="Reads fanfiction the way a careful fan does: structure, characters, dialogue, tags.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    booknlp = "booknlp"


def _fail(message: str, code: int = 2) -> None:
    err.print(f"ficlens: error: {message}", markup=False)
    raise typer.Exit(code)


def _guard(func):  # type: ignore[no-untyped-def]
    """Every command reports failures as one line and a non-zero exit, never a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except FiclensError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if os.environ.get("FICLENS_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (set FICLENS_DEBUG=1 for details)", 1)

    return wrapper


@app.command()
@_guard
def analyze(
    source: str = typer.Argument(..., help="A story file (.txt, .html, .epub), a folder of them, or - for stdin."),
    format: Format = typer.Option(Format.text, "--format", "-f",
                                  help="text summary, full JSON, the HTML reader page, or BookNLP's files (needs -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write <name>.json and <name>.html into this folder."),
    stages: str | None = typer.Option(None, help="Comma-separated stages to run (default: all)."),
) -> None:
    """Analyse a story and show or write what ficlens found."""
    from ficlens.export.files import output_stem, write_atomic
    from ficlens.export.html import render_html
    from ficlens.ingest import read_path, story_files
    from ficlens.pipeline import analyze as run

    chosen = [s.strip() for s in stages.split(",") if s.strip()] if stages else None
    if format is Format.booknlp and output is None:
        _fail("--format booknlp writes several files: give a folder with -o DIR")
    path = Path(source)
    if source != "-" and path.is_dir():
        files = story_files(path)
        if not files:
            _fail(f"{path}: no .txt, .html or .epub stories in this folder")
        stems = [output_stem(str(f.relative_to(path).with_suffix("")).replace(os.sep, "__")) for f in files]
        clashes = {stem for stem in stems if stems.count(stem) > 1}
        failed = 0
        for file, stem in zip(files, stems):
            if stem in clashes:  # story.html and story.epub side by side
                stem = f"{stem}_{file.suffix.lstrip('.').lower()}"
            try:
                work = run(file, stages=chosen)
            except FiclensError as exc:
                err.print(f"ficlens: skipped: {exc}", markup=False)
                failed += 1
                continue
            except Exception as exc:  # noqa: BLE001 - one bad story must not stop the folder
                err.print(f"ficlens: skipped: {file}: internal error: {type(exc).__name__}: {exc}", markup=False)
                failed += 1
                continue
            if output:
                _write(work, output, stem, format)
            else:
                sys.stdout.write(work.to_json() + "\n")
        if failed:
            raise typer.Exit(2 if failed == len(files) else 1)
        return
    work = run(read_path(source), stages=chosen)
    if output:
        stem = output_stem(work.info.source.path)
        written = _write(work, output, stem, format)
        err.print(f"wrote {', '.join(str(output / name) for name in written)}", markup=False)
        if format is not Format.text:
            return
    if format is Format.json and not output:
        sys.stdout.write(work.to_json(indent=2) + "\n")
    elif format is Format.html and not output:
        sys.stdout.write(render_html(work))
    else:
        from ficlens.export.summary import summary

        Console().print(summary(work))


def _write(work, output: Path, stem: str, format: Format) -> list[str]:  # type: ignore[no-untyped-def]
    """Write a work's files into `output`; BookNLP's four files, or ficlens's JSON and HTML."""
    from ficlens.export.files import write_atomic

    if format is Format.booknlp:
        from ficlens.export.booknlp import files

        contents = {f"{stem}{suffix}": text for suffix, text in files(work).items()}
    else:
        from ficlens.export.html import render_html

        contents = {f"{stem}.json": work.to_json(), f"{stem}.html": render_html(work)}
    for name, text in contents.items():
        write_atomic(output / name, text)
    return list(contents)


@app.command("eval")
@_guard
def evaluate(
    name: str = typer.Argument(..., help="Benchmark: structure."),
    data: Path | None = typer.Option(None, "--data", help="Folder of the benchmark's data (default: its usual place)."),
    file: Path | None = typer.Option(None, "--file", help="One file in the benchmark's format."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Score ficlens on a benchmark and print the figures."""
    from ficlens.eval import run

    result = run(name, file or data)
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        return
    console = Console()
    for key, value in result.items():
        console.print(f"[bold]{key}[/bold]: {value}")


# -- the library: add, search, export ---------------------------------------------------------
_DB_HELP = "The library file (default: library.db in your user data folder)."


@app.command("add")
@_guard
def library_add(
    paths: list[Path] = typer.Argument(..., help="Story files or folders (.txt, .html, .htm, .epub inside)."),
    db: Path | None = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Analyse stories and add them to your library (unchanged files are skipped)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ficlens.store import Library

    with Library(db) as lib, Progress(
        TextColumn("[bold]adding[/bold]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}", markup=False), console=err, transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=Path(name).name[:60])

        report = lib.add(list(paths), progress=progress)
    for _, message in report.errors:
        err.print(f"ficlens: skipped: {message}", markup=False)
    Console(highlight=False).print(
        f"added {report.added}, updated {report.updated}, skipped {report.skipped}, "
        f"errors {len(report.errors)}",
        markup=False,
    )
    if report.errors:
        raise typer.Exit(1)


class TagSource(str, Enum):
    declared = "declared"
    inferred = "inferred"
    both = "both"


class Sort(str, Enum):
    added = "added"
    words = "words"
    title = "title"
    relevance = "relevance"


class ListFormat(str, Enum):
    table = "table"
    json = "json"


def _word_range(raw: str | None) -> tuple[int | None, int | None]:
    """'1000-20000', '1000-', '-20000' or '5000' (exactly); commas and k allowed (10k)."""
    if not raw:
        return None, None

    def number(part: str) -> int | None:
        part = part.strip().lower().replace(",", "").replace("_", "")
        if not part:
            return None
        scale = 1000 if part.endswith("k") else 1
        try:
            return int(float(part.rstrip("k")) * scale)
        except ValueError:
            _fail(f"--words: expected a range such as 1000-20000, got {raw!r}")
            return None

    low, sep, high = raw.partition("-")
    if not sep:
        return number(low), number(low)
    return number(low), number(high)


@app.command("search")
@_guard
def library_search(
    text: str | None = typer.Argument(None, help="Full-text search over title, summary and story."),
    fandom: list[str] = typer.Option([], "--fandom"), exclude_fandom: list[str] = typer.Option([], "--exclude-fandom"),
    character: list[str] = typer.Option([], "--character"),
    exclude_character: list[str] = typer.Option([], "--exclude-character"),
    relationship: list[str] = typer.Option([], "--relationship"),
    exclude_relationship: list[str] = typer.Option([], "--exclude-relationship"),
    tag: list[str] = typer.Option([], "--tag", help="An additional (freeform) tag."),
    exclude_tag: list[str] = typer.Option([], "--exclude-tag"),
    warning: list[str] = typer.Option([], "--warning"), exclude_warning: list[str] = typer.Option([], "--exclude-warning"),
    category: list[str] = typer.Option([], "--category"),
    exclude_category: list[str] = typer.Option([], "--exclude-category"),
    rating: list[str] = typer.Option([], "--rating"), exclude_rating: list[str] = typer.Option([], "--exclude-rating"),
    pov: str | None = typer.Option(None, "--pov", help="first, second or third."),
    words: str | None = typer.Option(None, "--words", help="Word range, e.g. 1000-20000."),
    complete: bool | None = typer.Option(None, "--complete/--incomplete", help="Only complete / unfinished works."),
    tags: TagSource = typer.Option(TagSource.both, "--tags", help="Which tags filters look at."),
    sort: Sort = typer.Option(Sort.added, "--sort"),
    desc: bool = typer.Option(False, "--desc", help="Largest / newest / last first."),
    limit: int = typer.Option(50, "--limit", min=1, max=1000),
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f"),
    db: Path | None = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Search your library: include and exclude tags like AO3, word ranges, full text."""
    from ficlens.store import Library, Query

    if pov and pov.lower() not in ("first", "second", "third"):
        _fail("--pov: expected first, second or third")
    low, high = _word_range(words)
    pairs = {
        "fandoms": (fandom, exclude_fandom), "characters": (character, exclude_character),
        "relationships": (relationship, exclude_relationship), "freeform": (tag, exclude_tag),
        "warnings": (warning, exclude_warning), "category": (category, exclude_category),
        "rating": (rating, exclude_rating),
    }
    query = Query(
        text=text or None, include={k: v[0] for k, v in pairs.items() if v[0]},
        exclude={k: v[1] for k, v in pairs.items() if v[1]}, pov=pov.lower() if pov else None,
        words_min=low, words_max=high, complete=complete, tag_source=tags.value, sort=sort.value,
        descending=desc, limit=limit,
    )
    with Library(db) as lib:
        result = lib.search(query)
    if format is ListFormat.json:
        for row in result.rows:
            keys = ("id", "title", "path", "fandoms", "relationships", "warnings", "words")
            sys.stdout.write(json.dumps({k: getattr(row, k) for k in keys}, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"{result.total} works match" + (f" (showing {len(result.rows)})" if result.total > len(result.rows) else ""))
    for name in ("id", "title", "words", "rating", "fandoms", "relationships", "warnings"):
        table.add_column(name, overflow="fold", justify="right" if name in ("id", "words") else "left")
    for row in result.rows:
        table.add_row(
            str(row.id), row.title, f"{row.words:,}", row.rating or "", ", ".join(row.fandoms),
            ", ".join(row.relationships), ", ".join(row.warnings),
        )
    Console(highlight=False).print(table, markup=False)


@app.command("export")
@_guard
def library_export(
    db: Path | None = typer.Option(None, "--db", help=_DB_HELP),
    csv_path: Path | None = typer.Option(None, "--csv", help="Write one row per work to this CSV file."),
    parquet_path: Path | None = typer.Option(None, "--parquet", help="Write a Parquet file (needs pyarrow)."),
) -> None:
    """Export the library's metadata (one row per work) as CSV or Parquet."""
    from ficlens.store import Library

    if (csv_path is None) == (parquet_path is None):
        _fail("give exactly one of --csv FILE or --parquet FILE")
    with Library(db) as lib:
        if csv_path is not None:
            count, target = lib.export_csv(csv_path), csv_path
        else:
            count, target = lib.export_parquet(parquet_path), parquet_path  # type: ignore[arg-type]
    err.print(f"wrote {count} works to {target}", markup=False)


@app.command("serve")
@_guard
def serve(
    db: Path | None = typer.Option(None, "--db", help=_DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this computer only)."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Browse, filter and read the library in a web browser."""
    import uvicorn

    from ficlens.store import Library
    from ficlens.web import create_app

    with Library(db) as lib:
        hosts = None if host in ("0.0.0.0", "::") else sorted({host, "127.0.0.1", "localhost", "::1", "[::1]"})
        if hosts is None:
            err.print("ficlens: warning: listening on every network interface; anyone who can reach "
                      "this computer can read and add to the library", markup=False)
        err.print(f"ficlens library at http://{'127.0.0.1' if hosts is None else host}:{port}/ (Ctrl+C to stop)",
                  markup=False)
        uvicorn.run(create_app(lib, allowed_hosts=hosts), host=host, port=port, log_level="warning")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command("batch")
@_guard
def batch(
    source: str = typer.Argument(..., help="A folder of stories, or a manifest file listing one path a line "
                                 "(with --engine ray also an s3://, gs://, ... URI)."),
    output: str = typer.Option(..., "--output", "-o", help="Folder for works.jsonl, errors.jsonl (and Parquet tables); "
                               "with --engine ray also a URI."),
    workers: int | None = typer.Option(None, "--workers", "-j", min=1, help="Processes (default: every core); "
                                       "with --engine ray, stories at once (default: every CPU of the cluster)."),
    parquet: bool = typer.Option(False, "--parquet", help="Also write works/quotes/characters/relationships.parquet."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: this machine's cores; ray: a Ray cluster, "
                                  "via Ray Data (pip install 'ficlens\\[ray]'). Same results either way."),
    address: str | None = typer.Option(None, "--address", help="With --engine ray: the cluster, as ray.init takes it "
                                       "(127.0.0.1:6379, ray://head:10001, auto); default: start Ray on this machine."),
) -> None:
    """Analyse many stories on every core, or on a Ray cluster; rerun to resume where a run stopped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    if address is not None and engine is not Engine.ray:
        _fail("--address needs --engine ray")
    if engine is Engine.local:
        from ficlens.batch.ray_engine import is_uri

        if is_uri(source) or is_uri(output):
            _fail(f"{source if is_uri(source) else output}: remote paths need --engine ray")
    with Progress(TextColumn("[bold]analysing[/bold]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, _: str) -> None:
            bar.update(task, completed=done, total=total)

        if engine is Engine.ray:
            from ficlens.batch.ray_engine import run_batch_ray

            report = run_batch_ray(source, output, address, workers, update, parquet)
        else:
            from ficlens.batch.local import run_batch

            report = run_batch(Path(source), Path(output), workers, update)
    failed = f", failed {report.failed} (see {output.rstrip('/')}/errors.jsonl)" if report.failed else ""
    nodes = getattr(report, "nodes", None)
    on_nodes = f"; ran on {len(nodes)} Ray node{'s' if len(nodes) != 1 else ''}" if nodes else ""
    err.print(f"done {report.done}, skipped {report.skipped} (already there){failed}{on_nodes}", markup=False)
    if parquet:
        counts = getattr(report, "tables", None)
        if counts is None:
            from ficlens.batch.tables import write_parquet

            counts = write_parquet(Path(output))
        err.print("wrote " + ", ".join(f"{n} {name}" for name, n in counts.items()) + " as Parquet", markup=False)
    if report.failed:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
