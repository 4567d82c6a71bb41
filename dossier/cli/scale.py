"""``dossier scale analyze`` (a Spark job writing Parquet) and ``dossier scale load`` (Parquet → store)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli import app

scale_app = typer.Typer(
    help="Huge batches: analyse WARC archives and JSONL dumps on Apache Spark.", no_args_is_help=True
)
app.add_typer(scale_app, name="scale")


@scale_app.command("analyze")
def scale_analyze(
    inputs: Annotated[list[str], typer.Argument(help="WARC(.gz), JSONL, HTML or text files, globs or directories.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory for the Parquet tables.")],
    master: Annotated[str, typer.Option("--master", help="Spark master URL.")] = "local[*]",
    partitions: Annotated[
        int | None, typer.Option("--partitions", min=1, help="Tasks for the analysis \\[default: 2 × cores].")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of every document (skip detection).")] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date of every document (YYYY-MM-DD).")
    ] = None,
    driver_memory: Annotated[str, typer.Option("--driver-memory", help="Memory of the Spark driver JVM.")] = "1g",
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the tables in a non-empty --output.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML config file \\[default: $DOSSIER_CONFIG or ./dossier.yaml].")
    ] = None,
) -> None:
    """Read, drop exact duplicates, analyse on Spark and write Parquet tables: documents, mentions, actors,
    attributions, events, stances, failures."""
    from dossier.cli.ingest import check_date, check_lang, fail
    from dossier.config import ConfigError, load_ingest_config

    lang = check_lang(lang)
    published = check_date(published, "--published")
    try:
        cfg = load_ingest_config(config, language=lang, published=published)
    except ConfigError as exc:
        fail(str(exc))
    try:
        from dossier.scale.job import ScaleError, analyze_to_parquet, check_output, expand_inputs, spark_session
    except ImportError as exc:
        fail(f"{exc.name or exc} is not installed: pip install 'dossier[spark]'")
    try:
        expand_inputs(inputs)  # input and output errors before starting a JVM
        check_output(output, overwrite=overwrite)
    except ScaleError as exc:
        fail(str(exc))
    spark = spark_session(master, driver_memory=driver_memory, partitions=partitions)
    try:
        report = analyze_to_parquet(spark, inputs, output, config=cfg, partitions=partitions, overwrite=overwrite)
    except ScaleError as exc:
        fail(str(exc))
    finally:
        spark.stop()
    if as_json:
        typer.echo(json.dumps(report.to_json()))
        return
    typer.echo(
        f"{report.files} files: {report.read} documents read, {report.superseded} earlier versions and "
        f"{report.duplicates} exact duplicates dropped, "
        f"{report.documents} written ({report.analyzed} analysed), {report.failures} failures; "
        f"{report.seconds:.1f} s, {report.docs_per_second} docs/s"
    )
    typer.echo("tables: " + ", ".join(f"{name} {n}" for name, n in report.tables.items()) + f" in {output}")


@scale_app.command("load")
def scale_load(
    directory: Annotated[Path, typer.Argument(help="The --output directory of `dossier scale analyze`.")],
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL or SQLite file \\[default: $DOSSIER_DB or sqlite:///dossier.db]."),
    ] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Documents per transaction.")] = 500,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
) -> None:
    """Load the Parquet tables into the store (idempotent), then resolve actors and statements once."""
    from dossier.cli.ingest import fail, open_db
    from dossier.scale.load import LoadError, check_output, load_parquet

    if not directory.is_dir():
        fail(f"no such directory: {directory}")
    try:
        check_output(directory)
    except LoadError as exc:
        fail(str(exc))
    store = open_db(db)
    try:
        report = load_parquet(store, directory, batch=batch)
    except LoadError as exc:
        fail(str(exc))
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(report.to_json()))
        return
    typer.echo(
        f"{report.new} new, {report.duplicate} duplicate, {report.updated} updated, {report.failed} refused; "
        f"{report.failures} failures recorded; {report.batches} batches"
        + ("; actors and statements resolved" if report.resolved else "")
    )
