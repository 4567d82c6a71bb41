"""``dossier ingest SOURCE...``: collect, deduplicate, analyse and store documents."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from dossier.cli import app

if TYPE_CHECKING:
    from dossier.run import IngestReport, Outcome
    from dossier.store import Store

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite file \\[default: $DOSSIER_DB or sqlite:///dossier.db]."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output (JSON).")]
_LANG = re.compile(r"^[a-z]{2,3}$")
MAX_FAILURES_SHOWN = 20


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def check_date(value: str | None, option: str) -> str | None:
    """An ISO date (YYYY-MM-DD) or nothing; anything else is a usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        fail(f"{option} must be a date as YYYY-MM-DD, got {value!r}")


def check_lang(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if not _LANG.match(value):
        fail(f"--lang must be an ISO 639-1 code such as uk, ru or en, got {value!r}")
    return value


def open_db(url: str | None, *, must_exist: bool = False) -> Store:
    """Open (and migrate) the store for a command; a bad URL or a missing file is a clear error."""
    from dossier.store import StoreError, open_store, resolve_url

    resolved = resolve_url(url)
    if must_exist and resolved.startswith("sqlite:///"):
        path = Path(resolved.removeprefix("sqlite:///").split("?", 1)[0])
        if str(path) != ":memory:" and not path.is_file():
            fail(f"no database at {path} (run `dossier ingest` first, or pass --db)")
    try:
        return open_store(resolved)
    except StoreError as exc:
        fail(str(exc))


def _summary(report: IngestReport) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Ingest")
    for name in ("new", "duplicate", "updated", "failed"):
        table.add_column(name, justify="right")
    table.add_row(str(report.new), str(report.duplicate), str(report.updated), str(report.failed))
    if report.near_duplicates:
        table.caption = f"{report.near_duplicates} of the new documents are near-duplicates of earlier ones"
    if not report.failures:
        return table
    failures = Table(title=f"Failures ({len(report.failures)})", show_lines=False)
    failures.add_column("source", overflow="fold")
    failures.add_column("stage")
    failures.add_column("error", overflow="fold")
    for f in report.failures[:MAX_FAILURES_SHOWN]:
        # Text(...) so that brackets in untrusted messages are shown, not read as rich markup.
        failures.add_row(Text(f.source), Text(f.stage), Text(f"{f.error}: {f.message}"))
    if len(report.failures) > MAX_FAILURES_SHOWN:
        failures.caption = f"… and {len(report.failures) - MAX_FAILURES_SHOWN} more (stored in the failures table)"
    from rich.console import Group

    return Group(table, failures)


def run_ingest(
    store: Store,
    sources: list[str],
    config: Any,
    *,
    as_json: bool,
    label: str = "ingesting",
    on_item: Callable[[Outcome], None] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Run an ingest with a progress display on a terminal (stderr), nothing otherwise."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from dossier.run import ingest

    console = Console(stderr=True)
    if as_json or not console.is_terminal:
        report = ingest(store, sources, config, on_item=on_item, workers=workers)
        resolve_after(store, report, console)
        return report
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        # Feeds and directories expand as they are read, so the total is not known: the bar pulses.
        task = progress.add_task(label, total=None, counts="")
        seen: dict[str, int] = {"new": 0, "duplicate": 0, "updated": 0, "failed": 0}

        def advance(outcome: Outcome) -> None:
            seen[outcome.status] += 1
            counts = " ".join(f"{k} {v}" for k, v in seen.items() if v)
            progress.update(task, advance=1, counts=counts)
            if on_item is not None:
                on_item(outcome)

        report = ingest(store, sources, config, on_item=advance, workers=workers)
    resolve_after(store, report, console)
    return report


def resolve_after(store: Store, report: IngestReport, console: Any) -> None:
    """Bring cross-document actors and statements up to date once the batch is stored.

    Once per run, not per document: the rebuild reads the whole store. A failure here loses nothing
    (the documents are committed) and ``dossier resolve`` can be run again by hand.
    """
    if not (report.new or report.updated):
        return
    from dossier.resolve.rebuild import rebuild

    try:
        rebuild(store)
    except Exception as exc:  # reported, never a traceback: the ingest itself succeeded
        console.print(
            f"[yellow]warning:[/] resolving actors and statements failed ({type(exc).__name__}: {exc}); "
            "run `dossier resolve` to retry"
        )


@app.command("ingest")
def ingest_command(
    sources: Annotated[
        list[str],
        typer.Argument(help="URLs (articles, feeds, sitemaps), files (.html .txt .jsonl .warc[.gz]) or directories."),
    ],
    db: DbOpt = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of every document (skip detection).")] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date of every document (YYYY-MM-DD).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow loopback and private addresses (SSRF guard off).")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if anything failed.")] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Processes for the analysis (each loads the models).")
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object (last line).")] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML config file \\[default: $DOSSIER_CONFIG or ./dossier.yaml].")
    ] = None,
) -> None:
    """Ingest documents: fetch, extract, deduplicate, analyse and store them, one transaction each."""
    from sqlalchemy.exc import SQLAlchemyError

    from dossier.config import ConfigError, load_ingest_config

    lang = check_lang(lang)
    published = check_date(published, "--published")
    try:
        cfg = load_ingest_config(
            config, language=lang, published=published, allow_private=True if allow_private else None
        )
    except ConfigError as exc:
        fail(str(exc))
    store = open_db(db)
    try:
        report = run_ingest(store, sources, cfg, as_json=as_json, workers=workers)
    except KeyboardInterrupt:
        typer.echo("interrupted: every document finished so far is stored; run the same command to go on", err=True)
        raise typer.Exit(130) from None
    except SQLAlchemyError as exc:
        fail(f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
    else:
        from rich.console import Console

        Console().print(_summary(report))
    if report.stored == 0 or (strict and report.failed):
        raise typer.Exit(1)
