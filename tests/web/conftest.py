"""Web fixtures: a real store with real analysed articles, served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "dossier" / "demo"

# Hostile article text: it must come out as text in every page, never as markup or script.
HOSTILE_TITLE = '<script>window.__pwned = "title"</script> Мер «Києва» & "партнери"'
HOSTILE_TEXT = (
    "Мер Києва Віталій Кличко заявив, що <img src=x onerror=\"window.__pwned='text'\"> "
    "місто готове до зими.\n\n«Ми працюємо цілодобово», — сказав Кличко журналістам. "
    "'; DROP TABLE documents; --"
)
# A second hostile report of the same words, a day later: with the first, one story.
HOSTILE_FOLLOW_UP_TITLE = "<img src=x onerror=\"window.__pwned='story'\"> Кличко: «Ми працюємо цілодобово»"
HOSTILE_FOLLOW_UP_TEXT = (
    "Мер Києва Віталій Кличко вдруге за тиждень звернувся до містян.\n\n"
    "«Ми працюємо цілодобово», — сказав Кличко журналістам. <b onmouseover=alert(1)>Місто</b> готове."
)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the Ukrainian and Russian demo pages and two hostile JSONL articles, all
    analysed, with actors, statements and stories resolved across them (two stories: the demo pages,
    and the hostile pair)."""
    from dossier.config import IngestConfig
    from dossier.resolve.rebuild import rebuild
    from dossier.run import ingest
    from dossier.store import open_store

    root = tmp_path_factory.mktemp("web")
    hostile = root / "hostile.jsonl"
    records = [
        {"url": "https://example.org/h", "title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "published": "2025-11-23"},
        {
            "url": "https://example.org/h2",
            "title": HOSTILE_FOLLOW_UP_TITLE,
            "text": HOSTILE_FOLLOW_UP_TEXT,
            "published": "2025-11-24",
        },
    ]
    hostile.write_text(
        "".join(json.dumps({**r, "language": "uk"}, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    url = f"sqlite:///{root / 'web.db'}"
    with open_store(url) as store:
        report = ingest(store, [str(DEMO / "uk.html"), str(DEMO / "ru.html"), str(hostile)], IngestConfig())
        assert report.new == 4, report.to_json()
        rebuild(store)
    return url


@contextmanager
def serve(db: str) -> Iterator[str]:
    """Base URL of the web app over the store ``db``, served by a real uvicorn server on 127.0.0.1."""
    import uvicorn

    from dossier.web.app import create_app

    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def web_base(web_db: str) -> Iterator[str]:
    """Base URL of the web app over ``web_db``, served by a real uvicorn server on 127.0.0.1."""
    with serve(web_db) as base:
        yield base
