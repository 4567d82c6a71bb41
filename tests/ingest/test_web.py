"""Ingesting a local site's articles, feeds and sitemaps through ``collect``."""

from __future__ import annotations

import pytest

from dossier.config import IngestConfig
from dossier.ingest import Failure, Fetched, collect
from dossier.ingest.dedupe import canonical_url
from dossier.ingest.extract import sha256


def fast_config(**changes) -> IngestConfig:
    settings = dict(allow_private=True, per_host_delay=0, timeout_connect=1, timeout_read=1, retries=1, backoff=0.05)
    settings.update(changes)
    return IngestConfig(**settings)


def by_path(items, base):
    return {item.source.removeprefix(base): item for item in items}


TRAM = "/news/2025/11/tram-line.html"
ENERGY = "/news/2025/11/energy-uk.html"
METRO = "/news/2025/11/metro-cp1251.html"
PORT = "/news/2025/11/port-koi8.html"
ARCHIVE = "/news/2024/archive-note.html"


def test_article_url_gives_clean_text_and_metadata(local_site):
    [item] = collect([local_site + TRAM], fast_config())
    assert isinstance(item, Fetched)
    doc = item.document
    assert doc.title == "Kyiv council approves new tram line to the left bank"
    assert doc.author == "Olena Marchenko"
    assert doc.published == "2025-11-18"
    assert doc.published_source == "metadata"
    assert doc.site == "Dnipro Courier"
    assert doc.language == "en"
    assert doc.url == local_site + TRAM
    assert canonical_url(doc.canonical_url) == local_site + TRAM
    assert doc.raw_sha256 == sha256(item.raw)
    assert item.media_type == "text/html"
    # the article body, without navigation, related links, comments or footer
    assert doc.text.startswith("The Kyiv city council on Tuesday approved")
    assert "rails laid." in doc.text
    for furniture in ("Subscribe", "Finally! I have been waiting", "Bridge repairs delayed", "All rights reserved"):
        assert furniture not in doc.text
    assert "Economy" not in doc.text  # navigation


def test_rss_feed_gives_every_entrys_article(local_site):
    items = by_path(collect([local_site + "/feeds/rss.xml"], fast_config()), local_site)
    assert set(items) == {TRAM, ENERGY, ARCHIVE}
    assert all(isinstance(item, Fetched) for item in items.values())
    energy = items[ENERGY].document
    assert energy.language == "uk"
    assert energy.title == "Енергетики відновили живлення в трьох областях після атаки"
    assert energy.author == "Андрій Ткаченко"
    assert energy.published == "2025-11-20"
    assert "Троєщині" not in energy.text  # a reader's comment


def test_feed_is_detected_from_content_not_name(local_site):
    # /feeds/latest has no extension and is served as application/octet-stream
    items = by_path(collect([local_site + "/feeds/latest"], fast_config()), local_site)
    assert set(items) == {TRAM, ENERGY, ARCHIVE}


def test_atom_and_rss1_feeds(local_site):
    atom = by_path(collect([local_site + "/feeds/atom.xml"], fast_config()), local_site)
    assert set(atom) == {METRO, PORT}
    assert {item.document.language for item in atom.values()} == {"ru"}
    rss1 = by_path(collect([local_site + "/feeds/rss1.rdf"], fast_config()), local_site)
    assert set(rss1) == {TRAM}


def test_rss_091_and_092_feeds(local_site):
    rss091 = by_path(collect([local_site + "/feeds/rss091.xml"], fast_config()), local_site)
    assert set(rss091) == {TRAM}
    assert rss091[TRAM].document.title == "Kyiv council approves new tram line to the left bank"
    rss092 = by_path(collect([local_site + "/feeds/rss092.xml"], fast_config()), local_site)
    assert set(rss092) == {ARCHIVE}
    assert isinstance(rss092[ARCHIVE], Fetched)


def test_cyrillic_legacy_charsets_decode_right(local_site):
    items = by_path(collect([local_site + METRO, local_site + PORT], fast_config()), local_site)
    metro, port = items[METRO].document, items[PORT].document  # windows-1251 in <meta>; koi8-r undeclared
    assert metro.title == "В Харькове открыли новую станцию метро"
    assert "десятилетнего перерыва" in metro.text
    assert port.title == "Одесский порт увеличил перевалку зерна"
    assert "Морской коридор продолжает работать" in port.text
    assert port.author == "Дмитрий Орлов"


def test_charset_from_http_header_wins_over_meta_when_it_decodes(local_site):
    [item] = collect([local_site + "/charset/koi8-r" + PORT], fast_config())
    assert "перевалку зерна" in item.document.text


@pytest.mark.parametrize("claimed", ["utf-16", "utf-16-le", "utf-32"])
def test_a_wide_charset_the_bytes_cannot_be_is_not_believed(local_site, claimed):
    # A server claiming UTF-16 for a UTF-8 page: ASCII bytes in pairs "decode" as UTF-16, into CJK-looking
    # nonsense. Markup in UTF-16 or UTF-32 has zero bytes; without them the claim is passed over.
    [item] = collect([local_site + f"/charset/{claimed}" + TRAM], fast_config())
    [plain] = collect([local_site + TRAM], fast_config())
    assert item.document.title == plain.document.title and item.document.text == plain.document.text


def test_sitemap_index_and_google_news_sitemap(local_site):
    items = by_path(collect([local_site + "/sitemap_index.xml"], fast_config()), local_site)
    assert set(items) == {TRAM, ARCHIVE, "/private/secret.html", ENERGY, METRO}
    robots = items["/private/secret.html"]
    assert isinstance(robots, Failure) and robots.stage == "robots"
    fetched = {path: item.document for path, item in items.items() if isinstance(item, Fetched)}
    assert fetched[ENERGY].language == "uk" and fetched[METRO].language == "ru"
    assert fetched[ARCHIVE].published == "2024-03-04"  # only in the visible byline
    assert all(doc.title and doc.text for doc in fetched.values())


def test_bad_urls_are_failures_and_the_batch_goes_on(local_site):
    items = list(
        collect(
            [
                local_site + "/status/404",
                local_site + "/loop/a",
                local_site + "/big?mb=2",
                "http://127.0.0.1:9/",
                local_site + "/robots.txt",
                local_site + TRAM,
            ],
            fast_config(max_bytes=1_000_000, retries=0),
        )
    )
    stages = [(item.stage, item.error) for item in items if isinstance(item, Failure)]
    assert stages == [
        ("fetch", "HTTPStatusError"),
        ("fetch", "FetchError"),
        ("fetch", "TooLarge"),
        ("fetch", "FetchError"),
        ("extract", "ExtractError"),
    ]
    assert isinstance(items[-1], Fetched)


def test_private_addresses_refused_without_allow_private(local_site):
    [failure] = collect([local_site + TRAM], fast_config(allow_private=False))
    assert isinstance(failure, Failure)
    assert failure.stage == "policy"
    assert "allow-private" in failure.message


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://[::ffff:127.0.0.1]/"])
def test_numeric_loopback_forms_refused(url):
    [failure] = collect([url], IngestConfig())
    assert failure.stage == "policy"


def test_cli_overrides_apply_to_every_document(local_site):
    [item] = collect([local_site + TRAM], fast_config(language="uk", published="2025-01-02"))
    assert item.document.language == "uk"
    assert (item.document.published, item.document.published_source) == ("2025-01-02", "cli")


def test_feed_fills_date_and_author_the_page_lacks(local_site):
    [item] = collect([local_site + "/feeds/undated.xml"], fast_config())
    doc = item.document
    assert doc.title == "Volunteers repair school roof before winter"
    assert (doc.published, doc.published_source) == ("2025-10-24T06:00:00Z", "feed")
    assert doc.author == "Mykola Savchenko"
    assert "Thank you, volunteers!" not in doc.text


def test_relative_entry_links_resolve_against_the_feed(local_site):
    [item] = collect([local_site + "/feeds/relative.xml"], fast_config())
    assert item.source == local_site + TRAM


def test_gzipped_sitemap_file(local_site):
    items = by_path(collect([local_site + "/gzfile/sitemaps/news.xml"], fast_config()), local_site)
    assert set(items) == {ENERGY, METRO}


LISTINGS = {
    # A listing that yields nothing must say why: the user asked for something and got no document.
    "truncated-sitemap.xml": ('<?xml version="1.0"?><urlset><url><loc>', "sitemap"),
    "empty-sitemap.xml": (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
        "sitemap",
    ),
    "empty-feed.xml": ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>', "feed"),
    "linkless-feed.xml": (
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>no link</title></item></channel></rss>',
        "feed",
    ),
}


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_a_listing_with_no_articles_is_a_failure_with_its_reason(tmp_site, name):
    base, root = tmp_site
    content, kind = LISTINGS[name]
    (root / name).write_text(content)
    [failure] = collect([f"{base}/{name}"], fast_config(obey_robots=False))
    assert isinstance(failure, Failure)
    assert failure.source == f"{base}/{name}" and failure.stage == "parse"
    assert f"the {kind} lists no articles" in failure.message


@pytest.mark.parametrize("url", ["http://[::1", "http://[not-an-address]/", "https://[::1/x"])
def test_malformed_urls_are_refused_with_a_reason(url):
    [failure] = collect([url], IngestConfig())
    assert (failure.stage, failure.error) == ("policy", "RefusedError")
    assert "not a valid URL" in failure.message


def test_malformed_url_in_a_feed_fails_alone(tmp_site):
    base, root = tmp_site
    (root / "a.html").write_text(
        "<html><head><title>Tram line opens</title></head><body><article><p>"
        + "The new tram line opened on Monday, the mayor said, and thousands rode it. " * 5
        + "</p></article></body></html>"
    )
    (root / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><link>http://[::1</link></item><item><link>a.html</link></item></channel></rss>"
    )
    failure, fetched = collect([f"{base}/feed.xml"], fast_config(obey_robots=False))
    assert (failure.source, failure.stage) == ("http://[::1", "policy") and "not a valid URL" in failure.message
    assert isinstance(fetched, Fetched) and fetched.document.title == "Tram line opens"
