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
    format: Format = typer.Option(Format.text, "--format", "-f", help="text summary, full JSON, or the HTML reader page."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write <name>.json and <name>.html into this folder."),
    stages: str | None = typer.Option(None, help="Comma-separated stages to run (default: all)."),
) -> None:
    """Analyse a story and show or write what ficlens found."""
    from ficlens.export.files import output_stem, write_atomic
    from ficlens.export.html import render_html
    from ficlens.ingest import SUFFIXES, read_path
    from ficlens.pipeline import analyze as run

    chosen = [s.strip() for s in stages.split(",") if s.strip()] if stages else None
    path = Path(source)
    if source != "-" and path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES - {""})
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
                write_atomic(output / f"{stem}.json", work.to_json())
                write_atomic(output / f"{stem}.html", render_html(work))
            else:
                sys.stdout.write(work.to_json() + "\n")
        if failed:
            raise typer.Exit(2 if failed == len(files) else 1)
        return
    work = run(read_path(source), stages=chosen)
    if output:
        stem = output_stem(work.info.source.path)
        write_atomic(output / f"{stem}.json", work.to_json())
        write_atomic(output / f"{stem}.html", render_html(work))
        err.print(f"wrote {output / stem}.json and {output / stem}.html", markup=False)
        if format is not Format.text:
            return
    if format is Format.json and not output:
        sys.stdout.write(work.to_json(indent=2) + "\n")
    elif format is Format.html and not output:
        sys.stdout.write(render_html(work))
    else:
        from ficlens.export.summary import summary

        Console().print(summary(work))


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
