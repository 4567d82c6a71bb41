"""``dossier serve`` as a user runs it: a subprocess answering on 127.0.0.1, and clear refusals."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from dossier.config import IngestConfig
from dossier.run import ingest
from dossier.store import open_store


def dossier(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dossier", *args], capture_output=True, text=True, timeout=timeout)


def test_serve_answers_over_a_store(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    source.write_text(json.dumps({"title": "Bridge", "text": "The bridge reopened on Monday.", "language": "en"}))
    db = tmp_path / "news.db"
    with open_store(str(db)) as store:
        assert ingest(store, [str(source)], IngestConfig(), analyzer=None).new == 1
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "dossier", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).json()
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert stats["documents"] == 1
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_refuses_a_missing_database_without_creating_it(tmp_path: Path) -> None:
    # A mistyped path would otherwise serve a new, empty database (and leave the file behind).
    missing = tmp_path / "typo.db"
    run = dossier("serve", "--db", str(missing), "--port", "0")
    assert run.returncode == 2 and f"no database at {missing}" in run.stderr, run.stderr
    assert not missing.exists()


def test_serve_on_a_port_in_use_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    open_store(str(db)).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = dossier("serve", "--db", str(db), "--port", str(port))
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert f"cannot listen on 127.0.0.1:{port}" in run.stderr and "--port" in run.stderr
    assert "Dossier UI on" not in run.stdout and "Traceback" not in run.stderr
