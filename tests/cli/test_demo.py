"""``dossier demo``: the bundled articles go into a database, with the full analysis; running it again
changes nothing."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dossier.demo import DEMO_DIR, FACTRUEVAL, PAGES


def test_bundle_is_complete() -> None:
    for name in (*PAGES, "feed.xml", "sitemap.xml", FACTRUEVAL, "factrueval-2016-LICENSE.txt"):
        assert (DEMO_DIR / name).is_file(), name
    ru = (DEMO_DIR / "ru.html").read_bytes()
    assert b'charset="windows-1251"' in ru
    ru.decode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        ru.decode("utf-8")
    for page in PAGES:
        html = (DEMO_DIR / page).read_bytes()
        assert b'"@type": "NewsArticle"' in html and b'property="og:title"' in html and b"2025-11-22" in html
    lines = (DEMO_DIR / FACTRUEVAL).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 122 and all(json.loads(line)["language"] == "ru" for line in lines)


@pytest.mark.slow
def test_demo_ingests_once(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    cmd = [sys.executable, "-m", "dossier", "demo", "--db", str(db), "--json"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout.splitlines()[-1])
    assert result["ingest"]["new"] == 125 and result["ingest"]["failed"] == 0
    stored = result["stored"]
    assert stored["documents"] == 125
    assert stored["languages"] == {"ru": 123, "en": 1, "uk": 1}
    assert stored["attributions"] > 0
    second = json.loads(subprocess.run(cmd, capture_output=True, text=True, timeout=600).stdout.splitlines()[-1])
    assert second["ingest"]["duplicate"] == 125 and second["ingest"]["new"] == 0
    assert second["stored"] == stored
    table = subprocess.run([*cmd[:-1], "--no-serve"], capture_output=True, text=True, timeout=600)
    assert table.returncode == 0 and "documents" in table.stdout and "attributions" in table.stdout

    # The main job as a user runs it: `dossier demo` ingests (nothing new now) and serves the UI.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [*cmd[:-1], "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).json()
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "the demo did not start serving"
                time.sleep(0.5)
        assert stats["documents"] == 125
        page = httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "Дрісколл"}).text
        assert page.count("<li>") >= 1 and "Bloomberg" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
