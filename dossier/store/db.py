"""Opening a store: database URL resolution, engine settings, migrations to head."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///dossier.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """A problem with the database the user pointed at (bad URL, cannot connect, not a database)."""


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: the argument, else ``DOSSIER_DB``, else ``sqlite:///dossier.db``.

    A bare path (no ``scheme://``) means an SQLite file; ``postgresql://`` uses the psycopg 3 driver.
    """
    url = url or os.environ.get("DOSSIER_DB") or DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_connection.cursor()
    # WAL: readers never block the writer; synchronous=NORMAL in WAL survives a process kill (not power loss).
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database.strip():  # SQLite would open a temporary database and drop it, with all it stored
            raise StoreError(
                f"the URL {url!r} names no database file (e.g. sqlite:///dossier.db, or sqlite:///:memory:)"
            )
        if database and database != ":memory:" and not database.startswith("file:"):
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"directory for the database does not exist: {parent}")
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # missing driver, bad options: an input problem, not a crash
        raise StoreError(f"cannot use database URL {parsed.render_as_string(hide_password=True)}: {exc}") from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` with the migrations shipped in the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


@dataclass
class Store:
    """An open, migrated database: its engine and a session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the database at ``url`` (see ``resolve_url``) and upgrade its schema to head."""
    url = resolve_url(url)
    engine = make_engine(url)
    if migrate:
        try:
            upgrade(engine)
        except StoreError:
            raise
        except Exception as exc:
            engine.dispose()
            name = make_url(url).render_as_string(hide_password=True)
            detail = getattr(exc, "orig", None) or exc  # the driver's own message, without SQLAlchemy's links
            raise StoreError(f"cannot open database {name}: {str(detail).strip()}") from exc
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
