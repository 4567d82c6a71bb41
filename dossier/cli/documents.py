"""``dossier documents``, ``dossier search``, ``dossier export``: what the store holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli import app
from dossier.cli.ingest import DbOpt, JsonOpt, check_date, check_lang, fail, open_db

LangOpt = Annotated[str | None, typer.Option("--lang", help="Only documents in this language (ISO 639-1).")]


def _json_line(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


@app.command("documents")
def documents_command(db: DbOpt = None, lang: LangOpt = None, as_json: JsonOpt = False) -> None:
    """List stored documents (with --json: one JSON object a line)."""
    from dossier.store.queries import list_documents

    lang = check_lang(lang)
    store = open_db(db, must_exist=True)
    try:
        rows = list_documents(store, language=lang)
        if as_json:
            for row in rows:
                _json_line(row)
            return
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title="Documents")
        for name, justify in (("id", "right"), ("lang", "left"), ("published", "left"), ("chars", "right")):
            table.add_column(name, justify=justify, no_wrap=True)
        table.add_column("title", overflow="fold", ratio=2)
        table.add_column("url / path", overflow="fold", ratio=1)
        n = 0
        for row in rows:
            title = row["title"] or ""
            if row["near_duplicate_of"]:
                title += f"  (near-duplicate of {row['near_duplicate_of']})"
            table.add_row(
                str(row["id"]),
                row["language"] or "",
                (row["published"] or "")[:10],
                str(row["chars"]),
                Text(title),  # Text: brackets in titles are shown, not read as markup
                Text(row["url"] or row["path"] or ""),
            )
            n += 1
        table.caption = f"{n} document(s)"
        Console().print(table)
    finally:
        store.close()


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words to find (all of them); "a phrase"; OR; prefix*.')],
    db: DbOpt = None,
    lang: LangOpt = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only documents published on or after (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="At most this many results.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over titles and texts, with highlighted snippets."""
    from dossier.store.search import search

    lang = check_lang(lang)
    since = check_date(since, "--since")
    store = open_db(db, must_exist=True)
    try:
        hits = search(store, query, language=lang, since=since, limit=limit)
    finally:
        store.close()
    if as_json:
        for hit in hits:
            _json_line(hit.to_json())
        return
    from rich.console import Console
    from rich.text import Text

    console = Console()
    if not hits:
        console.print("no matches", style="dim")
        raise typer.Exit(0)
    for hit in hits:
        head = Text(f"[{hit.id}] ", style="dim")
        head.append(hit.title or "(untitled)", style="bold")
        meta = " · ".join(x for x in (hit.language, (hit.published or "")[:10], hit.url or hit.path) if x)
        head.append(f"  {meta}", style="dim")
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold black on yellow", start, end)
        console.print(head)
        console.print(snippet)
        console.print()


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl (with attributions), csv or parquet.")],
    db: DbOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here \\[default: stdout; parquet only when redirected]."),
    ] = None,
) -> None:
    """Export every document with its text and metadata."""
    from dossier.store.export import FORMATS, export_csv, export_jsonl, export_parquet

    fmt = fmt.lower()
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "parquet" and output is None and sys.stdout.isatty():
        fail("parquet is binary: give a file with -o PATH, or redirect stdout to a file")
    if output is not None and not output.parent.resolve().is_dir():
        fail(f"directory does not exist: {output.parent}")
    store = open_db(db, must_exist=True)
    try:
        if fmt == "parquet":
            n = export_parquet(store, output if output is not None else sys.stdout.buffer)
            sys.stdout.flush()
        elif output is None:
            n = (export_jsonl if fmt == "jsonl" else export_csv)(store, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                n = (export_jsonl if fmt == "jsonl" else export_csv)(store, handle)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    finally:
        store.close()
    if output is not None:
        typer.echo(f"exported {n} document(s) to {output}", err=True)
