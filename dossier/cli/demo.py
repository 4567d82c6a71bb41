"""``dossier demo``: ingest the bundled sample articles into ./dossier-demo.db and show what was stored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli import app
from dossier.cli.ingest import fail, open_db, run_ingest

DEMO_DB = "dossier-demo.db"


@app.command("demo")
def demo_command(
    db: Annotated[
        str, typer.Option("--db", help="SQLite file (or database URL) to fill [default: ./dossier-demo.db].")
    ] = DEMO_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ingest summary and counts as JSON.")] = False,
) -> None:
    """Ingest the bundled sample articles (the reference article in en/uk/ru, factRuEval-2016 news) and
    print what was stored. Running it again changes nothing."""
    from rich.console import Console
    from rich.table import Table

    from dossier.config import IngestConfig
    from dossier.demo import sources
    from dossier.store.queries import stats

    if "://" not in db and not Path(db).expanduser().resolve().parent.is_dir():
        fail(f"directory does not exist: {Path(db).parent}")
    store = open_db(db)
    try:
        report = run_ingest(store, sources(), IngestConfig(), as_json=as_json, label="demo")
        counts = stats(store)
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
    console.print(f"next: dossier documents --db {db}   ·   dossier search 'Дрісколл' --db {db}")
