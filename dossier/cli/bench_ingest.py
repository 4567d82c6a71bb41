"""``dossier bench ingest [DIR]``: extraction speed (pages/s, MB/s) over a directory of HTML pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli import bench_app

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"


@bench_app.command("ingest")
def bench_ingest(
    path: Annotated[
        Path | None, typer.Argument(help="A directory of .html/.htm pages (default: the bundled demo pages).")
    ] = None,
    min_seconds: Annotated[
        float, typer.Option("--min-seconds", min=0.0, help="Repeat the pages until at least this long is timed.")
    ] = 3.0,
    language: Annotated[
        bool, typer.Option("--language/--no-language", help="Include language identification in the timing.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Time main-text and metadata extraction (trafilatura, htmldate, charset, language) in this process."""
    from dossier.ingest.bench import BenchError, bench_extraction, html_pages

    directory = path or DEMO_DIR
    try:
        pages = html_pages(directory)
        result = bench_extraction(pages, min_seconds=min_seconds, language=language)
    except BenchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    result = {"path": str(directory), **result}
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(
        f"{result['pages']} pages ({result['distinct_pages']} distinct, {result['mb']} MB) in {result['seconds']} s: "
        f"{result['pages_per_second']} pages/s, {result['mb_per_second']} MB/s"
        f"{'' if language else ' (language identification off)'}; {result['failed']} failed"
    )
