"""Opening a store creates the schema with the migrations shipped in the package, and only once."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from dossier.store import open_store
from dossier.store.db import MIGRATIONS, downgrade, upgrade

TABLES = {
    "blobs",
    "documents",
    "minhash_bands",
    "failures",
    "actors",
    "actor_aliases",
    "actor_roles",
    "mentions",
    "attributions",
    "events",
    "event_participants",
    "stances",
    "actor_resolution",
    "statements",
    "statement_reports",
    "resolve_runs",
    "stories",
    "story_documents",
    "story_actors",
}


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _revision(engine: sa.Engine) -> str:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def test_open_store_migrates_to_head(db_url: str) -> None:
    store = open_store(db_url)
    try:
        assert _tables(store.engine) >= TABLES
        assert _revision(store.engine) == ScriptDirectory(str(MIGRATIONS)).get_current_head()
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(sa.text("SELECT count(*) FROM documents_fts")).scalar() == 0
        else:
            columns = {c["name"] for c in sa.inspect(store.engine).get_columns("documents")}
            assert "tsv" in columns
    finally:
        store.close()


def test_reopening_keeps_data(db_url: str) -> None:
    store = open_store(db_url)
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO failures (source, stage, error_class, message, created) "
                "VALUES ('a.html', 'read', 'ExtractError', 'empty file', CURRENT_TIMESTAMP)"
            )
        )
    store.close()
    again = open_store(db_url)  # already at head: nothing to do, nothing lost
    try:
        with again.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM failures")).scalar() == 1
    finally:
        again.close()


def test_downgrade_and_upgrade_again(db_url: str) -> None:
    store = open_store(db_url)
    try:
        downgrade(store.engine, "base")
        assert not (TABLES & _tables(store.engine))
        upgrade(store.engine)
        assert _tables(store.engine) >= TABLES
    finally:
        store.close()


def test_upgrade_keeps_rows_written_by_an_older_schema(db_url: str) -> None:
    store = open_store(db_url, migrate=False)
    try:
        upgrade(store.engine, "0001")
        with store.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO failures (source, stage, error_class, message, created) "
                    "VALUES ('feed.xml', 'parse', 'ParseError', 'bad XML', CURRENT_TIMESTAMP)"
                )
            )
        upgrade(store.engine)
        with store.engine.connect() as conn:
            row = conn.execute(sa.text("SELECT attempts, last_seen FROM failures")).one()
        assert row.attempts == 1 and row.last_seen is not None
    finally:
        store.close()


def test_stories_arrive_on_a_resolved_store(db_url: str) -> None:
    # A store resolved before stories existed keeps its runs; they simply found no stories.
    store = open_store(db_url, migrate=False)
    try:
        upgrade(store.engine, "0004_resolve")
        assert "stories" not in _tables(store.engine)
        with store.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO resolve_runs (finished, actors, merged, statements, reports, seconds) "
                    "VALUES (CURRENT_TIMESTAMP, 10, 1, 4, 5, 0.1)"
                )
            )
        upgrade(store.engine)
        assert {"stories", "story_documents", "story_actors"} <= _tables(store.engine)
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT statements, stories FROM resolve_runs")).one() == (4, 0)
    finally:
        store.close()
