"""``dossier analyze PATH...``: the full analysis of files, directories or stdin, as JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from dossier.cli import app

if TYPE_CHECKING:
    from dossier.records import Analysis


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Language of every input (ISO 639-1).")] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date (YYYY-MM-DD) for relative dates."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object (one per line for several inputs).")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line, always.")] = False,
) -> None:
    """Find entities, attributions (who said what), events and stances; print them with their offsets."""
    from dossier.inputs import Failed, InputError, check_date, read_inputs
    from dossier.nlp.analyze import analyze
    from dossier.records import Document

    if as_json and as_jsonl:
        typer.echo("error: give --json or --jsonl, not both", err=True)
        raise typer.Exit(2)
    if lang is not None and not (lang.isascii() and lang.isalpha() and 2 <= len(lang) <= 3):
        typer.echo(f"error: --lang {lang!r} is not a language code such as en, uk, ru", err=True)
        raise typer.Exit(2)
    if published:
        try:
            published = check_date(published)
        except InputError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None

    def documents() -> Iterator[Document]:
        for item in read_inputs(paths, language=lang, published=published):
            if isinstance(item, Failed):
                typer.echo(f"error: {item.source}: {item.message}", err=True)
            else:
                yield item

    docs = documents()
    first = next(docs, None)
    second = next(docs, None) if first is not None else None
    single = first is not None and second is None and not as_jsonl
    pending = [d for d in (first, second) if d is not None]

    def all_docs() -> Iterator[Document]:
        yield from pending
        yield from docs

    analysed = 0
    for doc in all_docs():
        try:
            result = analyze(doc)
        except Exception as exc:  # one document's failure must not stop the batch; say which and why
            typer.echo(f"error: {doc.path}: analysis failed: {type(exc).__name__}: {exc}", err=True)
            continue
        analysed += 1
        if as_json or as_jsonl:
            if single:
                typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            else:
                typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            _summary(result)
    if not analysed:
        typer.echo("error: nothing could be analysed", err=True)
        raise typer.Exit(1)


def _summary(result: Analysis) -> None:
    """A short human-readable account of one analysis."""
    doc = result.document
    text = doc.text
    types = Counter(e.type for e in result.entities)
    typer.echo(
        f"== {doc.path} ({doc.language}, {len(text)} chars{', published ' + doc.published if doc.published else ''})"
    )
    typer.echo("entities: " + (", ".join(f"{t} {n}" for t, n in sorted(types.items())) or "none"))
    for a in result.attributions:
        who = a.speaker or ("anonymous" if a.anonymous else (a.source.text(text) if a.source else "?"))
        content = " ".join(a.content.text(text).split())
        typer.echo(f"  [{a.kind}] {who}: {content[:100]}{'…' if len(content) > 100 else ''}")
    for e in result.events:
        typer.echo(f"  event {e.type} {e.date or ''} {', '.join(e.participants)}: {e.trigger.text(text)!r}")
    for s in result.stances:
        typer.echo(f"  stance {s.actor} {s.polarity}{' (hedged)' if s.hedged else ''} on {s.issue}")
