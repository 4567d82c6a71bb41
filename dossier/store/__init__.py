"""The store: schema and migrations, writes, full-text search, export. SQLite by default, PostgreSQL too."""

from dossier.store.db import DEFAULT_URL, Store, StoreError, open_store, resolve_url

__all__ = ["DEFAULT_URL", "Store", "StoreError", "open_store", "resolve_url"]
