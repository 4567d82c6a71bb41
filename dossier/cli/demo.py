"""``dossier demo``: ingest the bundled sample articles into ./dossier-demo.db and show what was stored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dossier.cli import app
from dossier.cli.ingest import fail, open_db, run_ingest

if TYPE_CHECKING:
    from rich.table import Table

    from dossier.run import Outcome

DEMO_DB = "dossier-demo.db"


@app.command("demo")
def demo_command(
    db: Annotated[str, typer.Option("--db", help="SQLite file (or database URL) to fill.")] = DEMO_DB,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the ingest summary and counts as JSON (and do not serve).")
    ] = False,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the web UI over the demo database.")] = True,
    host: Annotated[str, typer.Option(help="Address for the web UI.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for the web UI.")] = 8000,
) -> None:
    """Ingest the bundled sample articles (the reference article in en/uk/ru, factRuEval-2016 news), print
    what was stored, and serve the web UI over them. Running it again changes nothing."""
    from rich.console import Console
    from rich.table import Table

    from dossier.config import IngestConfig
    from dossier.demo import DEMO_DIR, PAGES, sources
    from dossier.store.queries import attributions, stats

    if "://" not in db and not Path(db).expanduser().resolve().parent.is_dir():
        fail(f"directory does not exist: {Path(db).parent}")
    store = open_db(db)
    try:
        page_paths = {str(DEMO_DIR / name) for name in PAGES}
        pages: list[int] = []

        def note_page(outcome: Outcome) -> None:
            if outcome.source in page_paths and outcome.document_id is not None:
                pages.append(outcome.document_id)

        report = run_ingest(store, sources(), IngestConfig(), as_json=as_json, label="demo", on_item=note_page)
        counts = stats(store)
        said = attributions(store, document_ids=pages)
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps({"ingest": report.to_json(), "stored": counts}, ensure_ascii=False) + "\n")
        return
    console = Console()
    console.print(
        f"ingested {report.new} new, {report.duplicate} already stored, {report.updated} updated, "
        f"{report.failed} failed → {db}"
    )
    table = Table(title="Stored in the demo database")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents", str(counts["documents"]))
    table.add_row("languages", ", ".join(f"{lang} {n}" for lang, n in counts["languages"].items()))
    for key in ("entities", "actors", "attributions", "events", "stances"):
        table.add_row(key, str(counts[key]))
    console.print(table)
    if said:
        console.print(_who_said_what(said))
    console.print(
        f"also: dossier documents --db {db}   ·   dossier search 'Дрісколл' --db {db}   ·   dossier stories --db {db}"
    )
    if serve:
        from dossier.cli.serve import serve_store

        serve_store(db, host, port)


def _who_said_what(rows: list[dict]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Who said what in the reference article (en, uk, ru)")
    for name in ("lang", "speaker", "cue", "what"):
        table.add_column(name, overflow="fold")
    for row in rows:
        speaker = row["speaker_name"] or row["speaker"] or ("anonymous source" if row["anonymous"] else "?")
        if row["via"]:
            speaker += f" (via {row['via']})"
        content = " ".join((row["content"] or "").split())
        if len(content) > 90:
            content = content[:89] + "…"
        table.add_row(row["language"] or "", Text(speaker), Text(row["cue"] or ""), Text(content))
    return table
