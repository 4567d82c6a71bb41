"""``dossier serve``: the web UI and JSON API over a store."""

from __future__ import annotations

from typing import Annotated

import typer

from dossier.cli import app


def serve_store(db: str | None, host: str, port: int) -> None:
    """Serve the UI over ``db`` until interrupted (shared by ``serve`` and ``demo``)."""
    import uvicorn

    from dossier.store.db import StoreError
    from dossier.web.app import create_app

    try:
        web = create_app(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Dossier UI on http://{host}:{port}/  (JSON API: /api, OpenAPI: /docs; Ctrl-C stops)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command("serve")
def serve_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL or SQLite file \\[default: $DOSSIER_DB or sqlite:///dossier.db]."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI (search, articles with highlighted evidence, actors, issues, timeline) and JSON API."""
    serve_store(db, host, port)
