"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest

from tests.web.conftest import HOSTILE_FOLLOW_UP_TITLE, HOSTILE_TITLE

CHROMIUM = os.environ.get("DOSSIER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without these Chromium keeps trying to reach Google's hosts, which this network refuses.
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page(web_base: str) -> Iterator:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium package")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.dialogs = dialogs
        yield page
        browser.close()


UK_TITLE = re.compile("^Високопосадовці США")


def test_article_page_highlights_who_said_what(page, web_base):
    page.goto(web_base + "/")
    page.locator("table.documents").get_by_role("link", name=UK_TITLE).click()
    assert "Bloomberg" in page.title()
    agency = page.locator(".attributions li", has=page.locator("b", has_text=re.compile("^пише$"))).first
    assert agency.locator("a[href='/actors/bloomberg']").count() == 1
    # Jumping to the attribution marks its evidence in the text.
    agency.locator("a.jump").click()
    active = page.locator(".text .att.active")
    assert active.count() > 0
    assert "Делегація вищих" in " ".join(active.all_inner_texts())
    assert page.locator(".text .att-cue", has_text="пише").count() == 1


def test_layer_switches_hide_and_show_highlights(page, web_base):
    page.goto(web_base + "/")
    page.locator("table.documents").get_by_role("link", name=UK_TITLE).click()
    text = page.locator("#text")
    page.get_by_label("entities").uncheck()
    assert "hide-ent" in (text.get_attribute("class") or "")
    page.get_by_label("entities").check()
    assert "hide-ent" not in (text.get_attribute("class") or "")


def test_search_from_the_header(page, web_base):
    page.goto(web_base + "/")
    page.get_by_role("searchbox", name="Search").fill("Дрісколлом")
    page.get_by_role("button", name="Search").click()
    assert page.locator(".hits li").count() == 1  # the Ukrainian article; the Russian one spells it Дрисколл
    assert page.locator(".hits .hit").first.inner_text().startswith("Дрісколл")


def test_hostile_article_stays_text(page, web_base):
    page.goto(web_base + "/")
    page.locator("table.documents").get_by_role("link", name="Мер").click()
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("#text img").count() == 0
    assert "onerror" in page.locator("#text").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []


def test_stories_page_follows_a_story_across_languages(page, web_base):
    page.goto(web_base + "/")
    assert page.locator(".latest-stories li").count() == 2  # the front page lists them too
    page.get_by_role("navigation").get_by_role("link", name="Stories").click()
    assert page.title().startswith("Stories")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 2
    # Hostile titles are labels here too, and stay text.
    assert rows.nth(0).locator("td").first.inner_text() == HOSTILE_TITLE
    demo = rows.nth(1)
    assert demo.locator(".lang").all_inner_texts() == ["ru", "uk"]
    demo.get_by_role("link", name=UK_TITLE).click()

    assert page.locator("h1").inner_text().startswith("Високопосадовці США")
    documents = page.locator("ol.story-documents > li")
    assert documents.count() == 2
    first, second = documents.nth(0), documents.nth(1)
    assert first.locator(".badge").inner_text() == "first report"
    assert first.locator(".lang").inner_text() == "uk" and second.locator(".lang").inner_text() == "ru"
    assert second.locator(".badge").count() == 0
    assert first.locator(".outlet").inner_text() == "Frontline Digest"  # the demo site's name
    assert "shared statement" in second.locator(".link-reasons").inner_text()
    # Statements with their origin, the origin linking to the words in the first report.
    origin = page.locator("ol.statements .origin", has_text="Високопосадовці").first
    assert origin.locator(".lang").inner_text() == "uk"
    # A main actor leads to their page, which lists the story back.
    page.locator("ul.story-actors").get_by_role("link", name="Dan Driscoll").click()
    assert page.locator("h1").inner_text().startswith("Dan Driscoll")
    assert page.locator("ul.actor-stories a", has_text="Високопосадовці США").count() == 1
    # And a document of the story says so.
    page.go_back()
    second.get_by_role("link", name=re.compile("^Высокопоставленные")).click()
    assert page.locator(".story-of").inner_text().startswith("Story: Високопосадовці США")


def test_hostile_story_stays_text(page, web_base):
    page.goto(web_base + "/stories")
    page.get_by_role("link", name=HOSTILE_TITLE).click()
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("ol.story-documents .outlet").all_inner_texts() == ["example.org", "example.org"]
    items = page.locator("ol.story-documents > li > a")
    assert items.all_inner_texts()[:2] == [HOSTILE_TITLE, HOSTILE_FOLLOW_UP_TITLE]
    assert page.locator("main img, main script, main b[onmouseover]").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []


def test_source_links_are_only_web_addresses(page, tmp_path):
    """A document's URL comes from its source (a JSONL dump, a page's metadata): one that is not http(s)
    is shown as text, never made a link that would run script in the page's origin when clicked."""
    import json

    from dossier.config import IngestConfig
    from dossier.run import ingest
    from dossier.store import open_store
    from tests.web.conftest import serve

    urls = [
        "javascript:window.__pwned='link'//https://example.org/",
        " JaVaScRiPt:alert('link')",
        "data:text/html,<script>alert('data')</script>",
        "https://example.org/fine?a=1&b=2",
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "".join(
            json.dumps({"url": url, "title": f"Report {i}", "text": f"Report number {i}: the mayor spoke. " * (i + 1)})
            + "\n"
            for i, url in enumerate(urls)
        )
    )
    db = f"sqlite:///{tmp_path / 'links.db'}"
    with open_store(db) as store:
        assert ingest(store, [str(dump)], IngestConfig(language="en")).new == 4
    with serve(db) as base:
        for i, url in enumerate(urls):
            page.goto(base + "/")
            page.locator("table.documents").get_by_role("link", name=f"Report {i}").click()
            meta = page.locator("p.meta")
            if url.startswith("https://"):
                assert meta.get_by_role("link", name="source").get_attribute("href") == url
                continue
            assert meta.get_by_role("link", name="source").count() == 0
            assert url.strip() in meta.inner_text()
            assert page.locator("a[href*='script:' i], a[href^='data:' i]").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []


def test_a_missing_page_is_a_page(page, web_base):
    """A dead link or a mistyped address shows a page with the site's navigation, not raw JSON; the API
    keeps answering JSON."""
    import httpx

    for path, status in (("/documents/999999", 404), ("/stories/999999", 404), ("/actors/nobody-at-all", 404),
                         ("/documents/abc", 422), ("/no/such/page", 404), ("/search?q=x&since=soon", 422)):  # fmt: skip
        response = page.goto(web_base + path)
        assert response.status == status, path
        assert response.headers["content-type"].startswith("text/html"), path
        assert page.get_by_role("navigation").get_by_role("link", name="Stories").count() == 1, path
        assert page.locator("h1").inner_text() == ("Not found" if status == 404 else "Bad request"), path
    assert "no document 999999" in page.goto(web_base + "/documents/999999").text()
    # Whatever is asked for is shown as text.
    page.goto(web_base + "/actors/%3Cimg%20src=x%20onerror=alert(1)%3E")
    assert page.locator("main img").count() == 0 and page.dialogs == []
    api = httpx.get(web_base + "/api/documents/999999")
    assert api.status_code == 404 and api.json() == {"detail": "no document 999999"}


def test_pages_load_without_errors(page, web_base):
    """Every page loads all it asks for, and its own script and styles pass the Content-Security-Policy
    (a refused script or style, or a missing file, shows up as a console error)."""
    errors: list[str] = []

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(web_base + "/")
        document = page.locator("table.documents a").first.get_attribute("href")
        for path in ("/", document, "/stories", "/issues", "/timeline", "/search?q=Кличко", "/actors/bloomberg"):
            page.goto(web_base + path)
            page.wait_for_load_state("load")
            assert page.evaluate("getComputedStyle(document.querySelector('header')).display") == "flex", path
            assert errors == [], (path, errors)
    finally:
        page.remove_listener("console", on_console)


def test_api_docs_render_without_internet(page, web_base):
    """/docs loads its script and styles from the server itself: every request elsewhere is cut off."""
    from urllib.parse import urlsplit

    elsewhere: list[str] = []

    def only_this_server(route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    try:
        page.goto(web_base + "/docs")
        page.locator(".swagger-ui .opblock-summary-path", has_text="/api/documents").first.wait_for(timeout=15_000)
        page.locator(".swagger-ui .opblock-summary-path", has_text="/api/statements").first.wait_for()
        assert elsewhere == []
    finally:
        page.unroute("**/*")
