"""``--help`` of every command shows what its options default to (square brackets are text, not markup)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def dossier_help(*command: str) -> str:
    env = {**os.environ, "COLUMNS": "250"}  # one line per option: the strings below are not wrapped
    run = subprocess.run(
        [sys.executable, "-m", "dossier", *command, "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (("ingest",), "[default: $DOSSIER_DB or sqlite:///dossier.db]"),
        (("ingest",), "[default: $DOSSIER_CONFIG or ./dossier.yaml]"),
        (("ingest",), ".warc[.gz]"),
        (("documents",), "[default: $DOSSIER_DB or sqlite:///dossier.db]"),
        (("export",), "[default: stdout; parquet only when redirected]"),
        (("demo",), "to fill. [default: dossier-demo.db]"),
        (("serve",), "[default: $DOSSIER_DB or sqlite:///dossier.db]"),
        (("scale", "analyze"), "[default: 2 × cores]"),
        (("scale", "analyze"), "local[*]"),
        (("scale", "load"), "[default: $DOSSIER_DB or sqlite:///dossier.db]"),
    ],
)
def test_option_defaults_are_shown(command: tuple[str, ...], shown: str) -> None:
    assert shown in dossier_help(*command)
