"""``dossier eval entities|attribution|gold``: accuracy against annotated corpora."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from dossier.cli import eval_app

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N documents.")]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _print_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _prf_cells(m: dict[str, Any]) -> list[str]:
    scores = [f"{m[k]:.3f}" for k in ("precision", "recall", "f1")]
    return [*scores, str(m["tp"]), str(m["pred"]), str(m["gold"])]


def _table(title: str, first: str) -> Any:
    from rich.table import Table

    table = Table(title=title)
    table.add_column(first)
    for name in ("P", "R", "F1", "tp", "pred", "gold"):
        table.add_column(name, justify="right")
    return table


def _show(*renderables: Any) -> None:
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)  # piped output: keep tables on one line each
    for r in renderables:
        console.print(r)


@eval_app.command("entities")
def entities(
    path: Annotated[Path, typer.Argument(help="Corpus directory (or CoNLL file).")],
    fmt: Annotated[str, typer.Option("--format", help="factrueval | ner-uk | conll")],
    lang: Annotated[str | None, typer.Option("--lang", help="Pipeline language (default: the corpus's).")] = None,
    limit: LimitOpt = None,
    errors: Annotated[bool, typer.Option("--errors", help="Also list missed and spurious mentions.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Named entities: exact and lenient micro P/R/F1 over PER, ORG, LOC."""
    from dossier.eval.entities import evaluate_entities
    from dossier.eval.entity_corpora import FORMATS, LANGUAGE, CorpusError

    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}; one of {', '.join(FORMATS)}")
    try:
        scores = evaluate_entities(path, fmt, language=lang, limit=limit, collect_errors=errors)
    except (CorpusError, OSError, UnicodeDecodeError) as exc:
        _fail(str(exc))
    result = {"format": fmt, "path": str(path), "language": lang or LANGUAGE[fmt], **scores.to_json()}
    if as_json:
        _print_json(result)
        return
    table = _table(f"{fmt} entities ({result['language']})", "measure")
    table.add_row("exact", *_prf_cells(result["exact"]))
    table.add_row("lenient", *_prf_cells(result["lenient"]))
    for t, m in result["by_type"].items():
        table.add_row(f"{t} exact", *_prf_cells(m["exact"]))
        table.add_row(f"{t} lenient", *_prf_cells(m["lenient"]))
    for e in result.get("errors", []):
        was = f" (gold: {e['gold_type']})" if "gold_type" in e else ""
        typer.echo(f"{e['doc']}\t{e['error']}\t{e['type']}\t{e['text']!r}{was}")
    _show(table, f"{result['docs']} docs, {result['chars']} chars, {result['docs_per_second']} docs/s")


@eval_app.command("attribution")
def attribution(
    path: Annotated[Path, typer.Argument(help="PolNeAR directory (text/, attributions/) or ukru JSONL file.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Score only documents in this language.")] = None,
    limit: LimitOpt = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="Also list missed, spurious and wrong-source items.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Attributions: content found, source right, end to end; all and direct quotes."""
    from dossier.eval.attribution import evaluate_attribution
    from dossier.eval.entity_corpora import CorpusError

    try:
        report = evaluate_attribution(path, language=lang, limit=limit, collect_errors=errors)
    except (CorpusError, OSError, UnicodeDecodeError) as exc:
        _fail(str(exc))
    result = {"path": str(path), **report.to_json()}
    if as_json:
        _print_json(result)
        return
    if not result["docs"]:
        _fail(f"{path}: no documents" + (f" in language {lang!r}" if lang else ""))
    from rich.table import Table

    table = Table(title="attribution")
    for name in ("group", "subset", "measure", "P", "R", "F1", "tp", "pred", "gold"):
        table.add_column(name, justify="left" if name in ("group", "subset", "measure") else "right")
    for group in result["groups"]:
        name = group["language"] + ("" if group["relays"] == "included" else " −relays")
        for subset in ("all", "direct"):
            m = group[subset]
            table.add_row(name, subset, "content", *_prf_cells(m["content"]))
            table.add_row(name, subset, "end-to-end", *_prf_cells(m["end_to_end"]))
            table.add_row(name, subset, "source acc.", f"{m['source_accuracy']:.3f}", "", "", "", "", "")
        table.add_section()
    for e in result.get("errors", []):
        gold_source = f" (gold source: {e['gold_source']!r})" if "gold_source" in e else ""
        typer.echo(f"{e['doc']}\t{e['error']}\t{e['content']!r} source={e['source']!r}{gold_source}")
    _show(table, f"{result['docs']} docs, {result['chars']} chars, {result['docs_per_second']} docs/s")


@eval_app.command("gold")
def gold(
    path: Annotated[
        Path, typer.Argument(help="Reference articles: gold/ or one article folder (LANG.txt + LANG.gold.json).")
    ],
    lang: Annotated[str | None, typer.Option("--lang", help="Score only this language.")] = None,
    analyses: Annotated[
        list[Path] | None,
        typer.Option("--analysis", help="Score saved `dossier analyze --json/--jsonl` output instead (repeatable)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Reference articles: entities, attributions with speakers, events, stances, and the bars."""
    from rich.table import Table

    from dossier.eval.entity_corpora import CorpusError
    from dossier.eval.gold import evaluate_gold

    try:
        from dossier.eval.gold import saved_analyses

        results = evaluate_gold(path, language=lang, analyze=saved_analyses(analyses) if analyses else None)
    except (CorpusError, OSError, UnicodeDecodeError) as exc:
        _fail(str(exc))
    if as_json:
        _print_json({"path": str(path), "results": results})
        return
    summary = Table(title="reference articles")
    for name in (
        "article",
        "lang",
        "ent. exact F1",
        "ent. lenient F1",
        "attr. right",
        "spurious",
        "events ok",
        "stances right",
        "bars",
    ):
        summary.add_column(name)
    details = Table(title="attributions (required and optional)")
    for name in ("article", "lang", "id", "found", "speaker expected", "speaker predicted", "right"):
        details.add_column(name)
    for r in results:
        att, st = r["attributions"], r["stances"]
        events_ok = sum(e["date_right"] and not e["participants_missing"] for e in r["events"])
        bars = r.get("bars")
        summary.add_row(
            r["article"],
            r["language"],
            f"{r['entities']['exact']['f1']:.3f}",
            f"{r['entities']['lenient']['f1']:.3f}",
            f"{att['required_right_speaker']}/{att['required']}",
            str(att["spurious"]),
            f"{events_ok}/{len(r['events'])}",
            f"{st['right']}/{st['required']}",
            "—" if bars is None else ("pass" if bars["all"] else "fail"),
        )
        for it in att["items"]:
            details.add_row(
                r["article"],
                r["language"],
                it["id"] + (" (optional)" if it["optional"] else ""),
                "yes" if it["found"] else "no",
                str(it["speaker_expected"]),
                str(it["speaker_predicted"]),
                "yes" if it["speaker_right"] else "no",
            )
    failed = [
        f"{r['article']} {r['language']}: bars failed: "
        + ", ".join(k for k, v in r["bars"].items() if not v and k != "all")
        for r in results
        if r.get("bars") and not r["bars"]["all"]
    ]
    entity_errors = [
        f"{r['language']} entity {e['error']}: {e['type']} {e['text']!r}"
        + (f" (gold {e['gold']!r})" if "gold" in e else "")
        for r in results
        for e in r["entities"]["errors"]
    ]
    _show(summary, *failed, details, *entity_errors)
