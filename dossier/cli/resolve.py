"""``dossier resolve``, ``dossier statements``, ``dossier actor``: one actor and one statement across documents."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from dossier.cli import app
from dossier.cli.ingest import DbOpt, JsonOpt, fail, open_db


def _json_line(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


@app.command("resolve")
def resolve_command(
    db: DbOpt = None,
    aliases: Annotated[
        str | None, typer.Option("--aliases", help="Alias table (YAML); default: dossier/nlp/aliases.yaml.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Resolve actors across documents and languages, and group attributions into statements (origin
    first). Rebuilds the whole mapping; running it again over the same store changes nothing."""
    from dossier.nlp.aliases import AliasError, AliasTable
    from dossier.resolve.rebuild import rebuild

    try:
        table = AliasTable.load(aliases) if aliases else None
    except AliasError as exc:
        fail(str(exc))
    store = open_db(db, must_exist=True)
    try:
        report = rebuild(store, aliases=table)
    finally:
        store.close()
    if as_json:
        _json_line(report.to_json())
        return
    typer.echo(
        f"{_count(report.actors, 'actor')} → {report.canonical} after resolution ({report.merged} merged); "
        f"{_count(report.reports, 'attribution')} with a speaker → {_count(report.statements, 'statement')} "
        f"({report.multi_report} reported more than once, {report.cross_language} in several languages), "
        f"{_count(report.stories, 'story', 'stories')} in {report.seconds:.2f}s"
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def refresh(store: Any) -> None:
    """Statements reflect the documents analysed since the last ``resolve``: rebuild first if needed."""
    from dossier.resolve.rebuild import is_stale, rebuild

    if is_stale(store):
        report = rebuild(store)
        typer.echo(f"resolved first: {report.statements} statements from {report.reports} attributions", err=True)


@app.command("statements")
def statements_command(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Only this speaker's statements (actor id).")] = None,
    document: Annotated[int | None, typer.Option("--document", help="Only statements this document reports.")] = None,
    several: Annotated[bool, typer.Option("--reported-again", help="Only statements reported more than once.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many statements.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List statements with every report (language, document, published), the origin first."""
    from dossier.resolve.statements import statements_for

    store = open_db(db, must_exist=True)
    try:
        refresh(store)
        rows = statements_for(store, speaker=speaker, document_id=document)
    finally:
        store.close()
    if several:
        rows = [r for r in rows if len(r["reports"]) > 1]
    if limit is not None:
        rows = rows[:limit]
    if as_json:
        for row in rows:
            _json_line(row)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Statements (origin first)")
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("speaker", overflow="fold")
    table.add_column("lang", no_wrap=True)
    table.add_column("doc", justify="right", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("what", overflow="fold", ratio=3)
    for row in rows:
        for rep in row["reports"]:
            first = rep["position"] == 0
            content = " ".join(rep["content"]["text"].split())
            if len(content) > 100:
                content = content[:99] + "…"
            table.add_row(
                str(row["id"]) if first else "",
                Text(row["speaker"]["name"] or row["speaker"]["id"]) if first else Text("  ↳ reported again"),
                rep["language"] or "",
                str(rep["document"]["id"]),
                (rep["published"] or "")[:10],
                Text(content),
            )
    table.caption = f"{len(rows)} statement(s)"
    Console().print(table)


@app.command("actor")
def actor_command(
    actor_id: Annotated[
        str,
        typer.Argument(help="An actor id (a document-level one finds its resolved actor), or a name or surname."),
    ],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one actor across the store: the ids it joins and every name it was seen with."""
    from dossier.resolve.read import actors_named, resolved_actor

    store = open_db(db, must_exist=True)
    try:
        refresh(store)
        found = resolved_actor(store, actor_id)
        named = actors_named(store, actor_id) if found is None else []
        if len(named) == 1:  # not an id, but a name or surname of exactly one actor
            found = resolved_actor(store, named[0])
    finally:
        store.close()
    if found is None:
        if named:
            fail(f"{actor_id!r} names several actors: {', '.join(named)}", code=1)
        fail(f"no actor {actor_id!r} in the store", code=1)
    if as_json:
        _json_line(found)
        return
    typer.echo(f"{found['name']} ({found['type']}, {found['id']}) in {found['documents']} document(s)")
    typer.echo("joins: " + ", ".join(f"{m['id']} [{m['method']}]" for m in found["members"]))
    for a in found["aliases"]:
        typer.echo(f"  {a['language'] or '?'} {a['script']}  {a['alias']}")
