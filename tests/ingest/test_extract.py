"""extract_html on pages and on hostile markup; charset decoding."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dossier.ingest.charset import decode
from dossier.ingest.errors import ExtractError
from dossier.ingest.extract import extract_html, sha256

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
ARTICLES = SITE / "news" / "2025" / "11"


def test_metadata_from_json_ld_and_open_graph():
    raw = (ARTICLES / "energy-uk.html").read_bytes()
    doc = extract_html(raw, url="https://vistnyk.test/news/energy")
    assert doc.title == "Енергетики відновили живлення в трьох областях після атаки"
    assert doc.author == "Андрій Ткаченко"
    assert (doc.published, doc.published_source) == ("2025-11-20", "metadata")
    assert doc.site == "Київський вісник"
    assert doc.language == "uk"
    assert doc.raw_sha256 == sha256(raw)
    assert doc.text.startswith("Енергетики відновили електропостачання")
    assert "Дякуємо енергетикам" not in doc.text  # comment
    assert "Графіки відключень на завтра" not in doc.text  # related links


def test_htmldate_is_the_fallback_for_dates():
    html = (
        "<html><head><title>Notes</title></head><body><article><h1>Council notes</h1>"
        + "".join(f"<p>The council met for the {n} time to discuss the budget and school repairs.</p>" for n in "ABCDE")
        + "<p>Last updated on 7 May 2023.</p></article></body></html>"
    )
    doc = extract_html(html.encode(), url="https://example.test/notes")
    assert doc.published == "2023-05-07"
    assert doc.published_source in {"metadata", "htmldate"}


def test_no_date_means_none():
    paragraphs = "".join(f"<p>Paragraph {n} without any date in it, just words.</p>" for n in "ABCDE")
    html = "<html><body><article>" + paragraphs
    doc = extract_html((html + "</article></body></html>").encode())
    assert doc.published is None and doc.published_source is None


def test_language_can_be_forced_and_restricted():
    raw = (ARTICLES / "tram-line.html").read_bytes()
    assert extract_html(raw, language="uk").language == "uk"
    assert extract_html(raw, languages=["uk", "ru"]).language in {"uk", "ru", "und"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty page"),
        (b"   \n  ", "empty page"),
        (b"\x00\x01\x02\x03binary\x00" * 100, "binary"),
        (b"<html><body><nav></nav><script>var x = 1;</script></body></html>", "no main text"),
        (b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>", "elements"),
        (b"<html><body>" + b"<span>x</span>" * 400_000 + b"</body></html>", "elements"),
    ],
)
def test_hostile_pages_fail_with_a_reason(raw, reason):
    started = time.monotonic()
    with pytest.raises(ExtractError, match=reason):
        extract_html(raw)
    assert time.monotonic() - started < 5


def test_moderately_deep_nesting_is_flattened_not_crashed():
    raw = (
        b"<html><body>" + b"<div><section>" * 1000 + b"<p>" + b"Deeply nested words here. " * 30 + b"</p></body></html>"
    )
    doc = extract_html(raw)
    assert "Deeply nested words here." in doc.text


def test_truncated_html_gives_what_is_there():
    raw = (ARTICLES / "tram-line.html").read_bytes()
    cut = raw[: raw.index(b"Construction is to start")]
    doc = extract_html(cut)
    assert doc.text.startswith("The Kyiv city council")
    assert "Construction" not in doc.text


@pytest.mark.slow
def test_thirty_megabytes_of_html_is_bounded():
    raw = b"<html><body>" + (b"<p>" + b"word " * 200 + b"</p>\n") * 30_000 + b"</body></html>"
    started = time.monotonic()
    doc = extract_html(raw)
    assert 0 < len(doc.text) <= 5_000_000
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "utf-8"])
def test_decoding_without_any_declaration(encoding):
    text = (ARTICLES / "metro-cp1251.html").read_bytes().decode("windows-1251")
    body = text.replace('<meta charset="windows-1251">', "")
    decoded, _codec = decode(body.encode(encoding, "xmlcharrefreplace"))
    assert "десятилетнего перерыва" in decoded


def test_header_charset_then_meta_then_detection():
    body = "<html><head><meta charset='koi8-r'></head><body><p>Привет, мир! Как дела?</p></body></html>"
    assert decode(body.encode("koi8-r"))[1] == "koi8-r"  # <meta>
    assert decode(body.encode("koi8-r"), {"Content-Type": "text/html; charset=KOI8-R"})[1] == "koi8-r"
    # a wrong header that cannot decode the bytes falls through to <meta>
    assert decode(body.encode("koi8-r"), {"content-type": "text/html; charset=utf-8"})[0].count("Привет") == 1


def test_utf8_page_with_a_few_broken_bytes_still_decodes_as_utf8():
    raw = (ARTICLES / "energy-uk.html").read_bytes()
    damaged = raw.replace("Міністерстві".encode(), b"\xff\xfe" + "Міністерстві".encode())
    for page in (damaged, damaged.replace(b'<meta charset="utf-8">', b"")):
        text, codec = decode(page)
        assert codec == "utf-8"
        assert "Про це повідомили в \ufffd\ufffdМіністерстві енергетики" in text


def test_page_language_is_the_fallback_when_the_text_is_too_short():
    page = '<html lang="uk-UA"><body><article><p>Так, 2025.</p></article></body></html>'
    assert extract_html(page.encode()).language == "uk"
    assert extract_html(page.replace("uk-UA", "xx").encode()).language == "und"


def test_markup_inside_scripts_does_not_count_as_elements():
    page = (ARTICLES / "tram-line.html").read_text(encoding="utf-8")
    template = "var row = '<div class=row><span>cell</span></div>';\n" * 40_000  # 80,000 "tags" in a script
    page = page.replace("</head>", f"<script>{template}</script></head>")
    assert extract_html(page.encode()).title == "Kyiv council approves new tram line to the left bank"


@pytest.mark.parametrize(
    "raw",
    [
        b"<html><body>" + b"<script>" * 20_000 + b"text",  # unclosed scripts
        b"<html><body>" + b"<style>" * 20_000,
        b"<html><body>" + b"<a " * 59_000 + b"x" * 1000,  # tags that never close
        b"<html " * 30_000,
        b"<html><body>" + b"<div>" * 500 + b"<" * 1_000_000,  # deep, then a flood of "<"
        b"<html><body>" + b"<div>" * 500 + b"<>" * 500_000,
    ],
    ids=["unclosed-scripts", "unclosed-styles", "unclosed-tags", "html-flood", "lt-flood", "empty-tag-flood"],
)
def test_pathological_markup_is_handled_in_bounded_time(raw):
    started = time.monotonic()
    try:
        doc = extract_html(raw)
        assert len(doc.text) <= 5_000_000
    except ExtractError as exc:
        assert str(exc)
    assert time.monotonic() - started < 5


def test_stray_control_bytes_are_dropped_not_fatal():
    raw = (ARTICLES / "tram-line.html").read_bytes()
    damaged = raw.replace(b"Construction is", b"\x00\x01\x0c\x1bConstruction is")
    text = extract_html(damaged).text
    assert "\nConstruction is to start next spring" in text
    assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text)


def test_a_fragment_trafilatura_rejects_falls_back_to_its_plain_text():
    raw = b"<div>First line<br>second <b>bold</b> line</div><p>Para &amp; two.</p><footer>(c) 2025</footer>"
    assert extract_html(raw).text == "First line\nsecond bold line\nPara & two."
    with pytest.raises(ExtractError, match="no main text"):
        extract_html(b"<html><head><title>Only a title</title></head><body><!-- nothing --></body></html>")
