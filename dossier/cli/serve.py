"""``dossier serve``: the web UI and JSON API over a store."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Annotated

import typer

from dossier.cli import app

if TYPE_CHECKING:
    from dossier.store.db import Store


def serve_store(db: str | Store | None, host: str, port: int) -> None:
    """Serve the UI over ``db`` until interrupted (shared by ``serve`` and ``demo``)."""
    import uvicorn

    from dossier.store.db import StoreError
    from dossier.web.app import create_app

    try:
        web = create_app(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    # Listen before saying so: a port in use is a clear error, not a greeting followed by uvicorn's log.
    listening = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(
        f"Dossier UI on http://{shown}:{listening.getsockname()[1]}/  (JSON API: /api, OpenAPI: /docs; Ctrl-C stops)"
    )
    server = uvicorn.Server(uvicorn.Config(web, host=host, port=port, log_level="warning"))
    server.run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``; a usage error (exit 2) when that is not possible."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listening = socket.socket(family, socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        typer.echo(f"error: cannot listen on {host}:{port}: {exc}", err=True)
        raise typer.Exit(2) from None
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        typer.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc} (pass another --port)", err=True)
        raise typer.Exit(2) from None
    return listening


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
    from dossier.cli.ingest import open_db

    serve_store(open_db(db, must_exist=True), host, port)
