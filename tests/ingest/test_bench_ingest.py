"""``dossier bench ingest``: extraction throughput over a directory of pages."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dossier.cli import app

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def test_bench_ingest_json_over_a_directory():
    result = CliRunner().invoke(app, ["bench", "ingest", str(SITE), "--min-seconds", "0", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["distinct_pages"] == 7 and figures["pages"] >= 7
    assert figures["failed"] == 0
    assert figures["pages_per_second"] > 0 and figures["mb_per_second"] > 0


def test_bench_ingest_text_output_without_language():
    result = CliRunner().invoke(app, ["bench", "ingest", str(SITE), "--min-seconds", "0", "--no-language"])
    assert result.exit_code == 0, result.output
    assert "pages/s" in result.output and "MB/s" in result.output


def test_bench_ingest_on_a_directory_without_pages(tmp_path):
    result = CliRunner().invoke(app, ["bench", "ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert "no .html or .htm files" in result.output
