"""``dossier bench analyze DIR``: docs/s, chars/s and peak RSS of the full analysis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli import bench_app


@bench_app.command("analyze")
def bench_analyze(
    path: Annotated[Path, typer.Argument(help="A directory of .txt files, or an evaluation corpus (any layout).")],
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the texts (or: only this language).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Time only the first N documents.")] = None,
    all_cores: Annotated[bool, typer.Option("--all-cores", help="Do not pin the process to one CPU.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Time the full analysis in this process on one CPU, models loaded before the clock starts."""
    from dossier.eval.bench import bench, corpus_layout, load_documents
    from dossier.eval.entity_corpora import CorpusError

    try:
        layout = corpus_layout(path)
        docs = load_documents(path, language=lang, limit=limit)
    except (CorpusError, OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    result = {"path": str(path), "layout": layout, **bench(docs, one_core=not all_cores)}
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(
        f"{result['docs']} docs, {result['chars']} chars in {result['seconds']} s: "
        f"{result['docs_per_second']} docs/s, {result['chars_per_second']} chars/s "
        f"({result['chars_per_cpu_second']} chars per CPU second); "
        f"peak RSS {result['peak_rss_mb']} MB (warm-up {result['warm_up_seconds']} s, not timed)"
    )
    if len(result["by_language"]) > 1:
        for lang_code, row in result["by_language"].items():
            typer.echo(
                f"  {lang_code}: {row['docs']} docs, {row['docs_per_second']} docs/s, {row['chars_per_second']} chars/s"
            )
