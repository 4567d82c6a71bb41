"""https through the SSRF guard: we connect to the checked address, yet verify the certificate by name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dossier.config import IngestConfig
from dossier.ingest.errors import FetchError
from dossier.ingest.fetch import Fetcher
from dossier.ingest.netpolicy import NetPolicy

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"<html><body><p>Hello from {self.headers['Host']}</p></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory):
    """An https server on 127.0.0.1 whose self-signed certificate names ``news.test``; yields (port, cert)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], str(cert)
    finally:
        server.shutdown()
        server.server_close()


def fetcher_for(cert: str, names: dict[str, list[str]]) -> Fetcher:
    config = IngestConfig(per_host_delay=0, retries=0, obey_robots=False, timeout_read=2, ca_file=cert)
    policy = NetPolicy(allow_networks=["127.0.0.0/8"], resolver=lambda host, _port: names.get(host, []))
    return Fetcher(config, policy=policy)


def test_https_to_the_checked_address_verifies_the_hostname(tls_site):
    port, cert = tls_site
    with fetcher_for(cert, {"news.test": ["127.0.0.1"]}) as fetcher:
        response = fetcher.fetch(f"https://news.test:{port}/article")
    assert response.content == f"<html><body><p>Hello from news.test:{port}</p></body></html>".encode()


def test_certificate_for_another_name_is_refused(tls_site):
    port, cert = tls_site
    with fetcher_for(cert, {"other.test": ["127.0.0.1"]}) as fetcher, pytest.raises(FetchError, match="CERTIFICATE"):
        fetcher.fetch(f"https://other.test:{port}/article")
