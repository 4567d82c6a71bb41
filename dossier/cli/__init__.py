"""The ``dossier`` command. Each command lives in a module of this package.

Command modules import their stage lazily, inside the command, so that
``dossier --help`` starts fast and one stage's heavy models never load for another.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="dossier",
    help="Who said what, about which issue, when, and who reported it first.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
bench_app = typer.Typer(help="Measure speed: pages/s, docs/s, chars/s, peak memory.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure accuracy against annotated corpora.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
app.add_typer(eval_app, name="eval")

# Each module registers its commands on ``app``, ``bench_app`` or ``eval_app``.
COMMAND_MODULES = (
    "ingest",
    "documents",
    "demo",
    "serve",
    "analyze",
    "evaluate",
    "bench_ingest",
    "bench_analyze",
    "resolve",
    "stories",
    "scale",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"dossier.cli.{_name}")


def main() -> None:
    app()
