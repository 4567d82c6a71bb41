"""Resolve fixtures: the store's ``db_url`` (a fresh SQLite file, a fresh PostgreSQL schema), and the
reference article in three languages analysed once per session by the real pipeline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dossier.records import Analysis, Document

DEMO = Path(__file__).resolve().parents[2] / "dossier" / "demo"

# The store owner's fixtures, reused as they are (tests/ is not a package, so load the file).
_spec = importlib.util.spec_from_file_location(
    "dossier_tests_store_fixtures", Path(__file__).resolve().parents[1] / "store" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_store_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_store_fixtures)
pg_server = _store_fixtures.pg_server
pg_url = _store_fixtures.pg_url
db_url = _store_fixtures.db_url


@pytest.fixture(scope="session")
def analysed() -> dict[str, Analysis]:
    """The pipeline's analysis of each text it is given, kept for the session (models load once)."""
    return {}


@pytest.fixture(scope="session")
def analyzer(analysed: dict[str, Analysis]):  # type: ignore[no-untyped-def]
    """``dossier.nlp.analyze`` itself, remembering its answer per text so both backends share one run."""
    from dossier.nlp.analyze import analyze

    def run(document: Document) -> Analysis:
        if document.text not in analysed:
            analysed[document.text] = analyze(document)
        return analysed[document.text]

    return run
