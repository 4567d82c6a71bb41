"""Local sources: HTML, text, JSONL, WARC files and directories, including hostile input."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.config import IngestConfig
from dossier.ingest import Failure, Fetched, collect
from dossier.ingest.files import looks_like_title

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
TRAM = SITE / "news" / "2025" / "11" / "tram-line.html"
METRO = SITE / "news" / "2025" / "11" / "metro-cp1251.html"

UK_TEXT = (
    "Уряд ухвалив рішення про виділення додаткових коштів на відновлення енергетичної інфраструктури. "
    "Про це повідомили у пресслужбі Кабінету міністрів після засідання у середу."
)
RU_TEXT = (
    "Правительство приняло решение о выделении дополнительных средств на восстановление энергетической "
    "инфраструктуры. Об этом сообщили в пресс-службе после заседания в среду."
)
EN_TEXT = (
    "The government decided to allocate additional funds to restore the energy infrastructure, "
    "the press service said after a cabinet meeting on Wednesday."
)


def run(*sources, **config) -> list[Fetched | Failure]:
    return list(collect([str(s) for s in sources], IngestConfig(**config)))


def test_html_file(tmp_path):
    [item] = run(TRAM)
    assert isinstance(item, Fetched)
    assert item.document.path == str(TRAM)
    assert item.document.title == "Kyiv council approves new tram line to the left bank"
    assert item.document.language == "en"
    assert item.raw == TRAM.read_bytes()


def test_windows_1251_html_file():
    [item] = run(METRO)
    assert "Харькове" in item.document.text
    assert item.document.language == "ru"


def test_text_file_title_only_when_it_looks_like_one(tmp_path):
    titled = tmp_path / "titled.txt"
    titled.write_text(f"Уряд виділив кошти на енергетику\n\n{UK_TEXT}\n", encoding="utf-8")
    untitled = tmp_path / "untitled.txt"
    untitled.write_text(f"{UK_TEXT}\n\n{UK_TEXT}\n", encoding="utf-8")
    by_name = {Path(item.source).name: item.document for item in run(titled, untitled)}
    assert by_name["titled.txt"].title == "Уряд виділив кошти на енергетику"
    assert by_name["titled.txt"].text.startswith("Уряд виділив")  # the title line stays in the text
    assert by_name["untitled.txt"].title is None
    assert by_name["untitled.txt"].language == "uk"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Zelensky meets US Army Secretary in Kyiv", True),
        ("«Ми готові до діалогу»: Зеленський про мирний план", True),
        ("the first line is lower-case prose, not a headline", False),
        ("This is a sentence that ends with a full stop.", False),
        ("A line that goes on and on " * 10, False),
    ],
)
def test_title_heuristic(line, expected):
    assert looks_like_title(line) is expected


def test_text_file_in_windows_1251(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes(RU_TEXT.encode("windows-1251"))
    [item] = run(path)
    assert item.document.text == RU_TEXT
    assert item.document.language == "ru"


def test_jsonl_any_subset_of_fields_and_broken_lines(tmp_path):
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps(
            {
                "url": "https://news.test/a",
                "title": "A",
                "text": UK_TEXT,
                "published": "2025-11-20",
                "author": "Іван Петренко",
                "language": "uk",
            },
            ensure_ascii=False,
        ),
        json.dumps({"text": RU_TEXT}, ensure_ascii=False),
        "{this is not json",
        json.dumps({"html": TRAM.read_text(encoding="utf-8"), "url": "https://news.test/tram"}),
        json.dumps({"title": "no body"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"text": EN_TEXT, "published": 20251120}),
        json.dumps({"text": EN_TEXT, "language": "ukr"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = run(path)
    sources = [(item.source.rsplit(":", 1)[1], type(item).__name__) for item in items]
    assert sources == [
        ("1", "Fetched"), ("2", "Fetched"), ("3", "Failure"), ("4", "Fetched"),
        ("5", "Failure"), ("6", "Failure"), ("8", "Failure"), ("9", "Fetched"),
    ]  # fmt: skip
    first, second, html, last = (item.document for item in items if isinstance(item, Fetched))
    assert (first.url, first.title, first.author, first.published, first.published_source, first.language) == (
        "https://news.test/a", "A", "Іван Петренко", "2025-11-20", "jsonl", "uk",
    )  # fmt: skip
    assert second.language == "ru" and second.title is None
    assert html.title == "Kyiv council approves new tram line to the left bank"
    assert html.url == "https://news.test/tram"
    assert "Subscribe" not in html.text
    assert last.language == "uk"  # the record's own language wins, ISO 639-3 normalised
    failures = {item.source.rsplit(":", 1)[1]: item for item in items if isinstance(item, Failure)}
    assert failures["3"].stage == "parse" and "not valid JSON" in failures["3"].message
    assert "neither 'text' nor 'html'" in failures["5"].message
    assert "expected a JSON object" in failures["6"].message
    assert "'published' must be a string" in failures["8"].message


def _warc_record(writer: WARCWriter, url: str, body: bytes, content_type: str = "text/html; charset=utf-8"):
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)


def write_warc(path: Path, records: list[tuple[str, bytes, str]], gz: bool = True) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, body, content_type in records:
            writer.write_record(_warc_record(writer, url, body, content_type))


@pytest.mark.parametrize("gz", [True, False])
def test_warc_response_records(tmp_path, gz):
    path = tmp_path / ("news.warc.gz" if gz else "news.warc")
    write_warc(
        path,
        [
            ("https://news.test/tram", TRAM.read_bytes(), "text/html"),
            ("https://news.test/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"),
            ("https://news.test/metro", METRO.read_bytes(), "text/html; charset=windows-1251"),
        ],
        gz=gz,
    )
    items = run(path)
    assert [type(item).__name__ for item in items] == ["Fetched", "Fetched"]
    tram, metro = (item.document for item in items)
    assert tram.url == "https://news.test/tram" and tram.language == "en"
    assert metro.language == "ru" and "Харькове" in metro.text
    assert all(item.source.startswith(f"{path}#offset=") for item in items)


def test_truncated_warc_keeps_the_records_before(tmp_path):
    path = tmp_path / "cut.warc.gz"
    write_warc(
        path,
        [("https://news.test/tram", TRAM.read_bytes(), "text/html")] * 2
        + [("https://news.test/metro", METRO.read_bytes(), "text/html")],
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 900])  # cut into the last record
    items = run(path)
    assert isinstance(items[0], Fetched) and isinstance(items[1], Fetched)
    assert isinstance(items[-1], Failure) and items[-1].stage == "parse"


@pytest.mark.parametrize("gz", [True, False])
def test_a_warc_cut_anywhere_says_so(tmp_path, gz):
    # Cut inside a record's headers, its gzip member or its body: the whole records before it are kept and
    # the cut is a failure, never silently the end of the file.
    whole = tmp_path / "whole.warc"
    pages = [
        (f"<html><head><title>Report {i}</title></head><body><article><p>{EN_TEXT}</p></article></body></html>")
        for i in range(4)
    ]
    write_warc(whole, [(f"https://news.test/{i}", page.encode(), "text/html") for i, page in enumerate(pages)], gz=gz)
    data = whole.read_bytes()
    with whole.open("rb") as handle:
        records = ArchiveIterator(handle)
        spans = [(records.get_record_offset(), records.get_record_length()) for _ in records]
    spans = [(offset, offset + length) for offset, length in spans]
    texts = [item.document.text for item in run(whole)]
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    near_edges = {edge + step for span in spans for edge in span for step in range(-12, 13)}
    for cut in sorted({*range(1, len(data), 7), *near_edges} & set(range(1, len(data)))):
        path.write_bytes(data[:cut])
        items = run(path)
        kept = [item for item in items if isinstance(item, Fetched)]
        assert [item.document.text for item in items[: len(kept)]] == texts[: len(kept)], cut  # whole, in order
        assert len(kept) >= sum(end <= cut for _, end in spans), cut  # every whole record kept
        if len(items) == len(kept):  # nothing reported: only if the cut fell before the next record began
            assert len(kept) == len(spans) or cut <= spans[len(kept)][0], (cut, items)
            continue
        assert len(items) == len(kept) + 1, (cut, items)
        assert items[-1].stage == "parse" and "truncated" in items[-1].message, (cut, items)
    path.write_bytes(data + (b"" if gz else b"\r\n"))
    assert [type(item).__name__ for item in run(path)] == ["Fetched"] * 4


def test_directory_is_read_recursively(tmp_path):
    shutil.copytree(SITE / "news", tmp_path / "news")
    (tmp_path / "news" / "notes.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "news" / "image.png").write_bytes(b"\x89PNG")  # not a supported kind: skipped in a directory
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.html").write_text("<html><body><p>hidden</p></body></html>")
    items = run(tmp_path)
    assert all(isinstance(item, Fetched) for item in items)
    assert sorted(Path(item.source).name for item in items) == [
        "archive-note.html", "energy-uk.html", "metro-cp1251.html", "notes.txt", "port-koi8.html", "tram-line.html",
        "undated.html",
    ]  # fmt: skip


def test_jsonl_published_is_stored_only_as_an_iso_date(tmp_path):
    # Dates are compared as strings (search --since): non-ISO forms are converted, unreadable ones dropped.
    declared = ["2025-11-20T08:00:00+02:00", "20.11.2025", "Thu, 20 Nov 2025 12:10:00 GMT", "last Tuesday", "2025-11"]
    source = tmp_path / "dated.jsonl"
    source.write_text(
        "".join(json.dumps({"text": f"{EN_TEXT} ({i})", "published": d}) + "\n" for i, d in enumerate(declared)),
        encoding="utf-8",
    )
    docs = [item.document for item in run(source, language="en")]
    assert [d.published for d in docs] == [
        "2025-11-20T08:00:00+02:00", "2025-11-20", "2025-11-20T12:10:00+00:00", None, "2025-11",
    ]  # fmt: skip
    assert [d.published_source for d in docs] == ["jsonl", "jsonl", "jsonl", None, "jsonl"]


def test_relative_paths_are_stored_absolute(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text(EN_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (item,) = run("notes.txt")
    assert item.document.path == item.source == str(tmp_path / "notes.txt")


def test_directory_with_symlink_loops_and_odd_file_names(tmp_path):
    # A link to itself, a link back up the tree and a dangling link end neither in a hang nor a failure;
    # a file name with spaces, quotes, shell characters and Cyrillic is read like any other.
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    odd = folder / "sub" / "звіт $(rm -rf) 'a' \"b\"; ü.txt"
    odd.write_text(EN_TEXT, encoding="utf-8")
    (folder / "sub" / "self.html").symlink_to("self.html")
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    (folder / "sub" / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (item,) = run(folder)
    assert isinstance(item, Fetched) and item.source == str(odd) and item.document.language == "en"


def test_a_directory_with_nothing_to_read_says_so(tmp_path):
    # Files of other kinds are skipped in a directory; when nothing is left the user is told, not left
    # with "0 new, 0 failed".
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "other" / ".hidden.html").write_text("<html><body><p>hidden</p></body></html>")
    empty, other = run(tmp_path / "empty", tmp_path / "other")
    for failure, folder in ((empty, "empty"), (other, "other")):
        assert isinstance(failure, Failure) and failure.source == str(tmp_path / folder)
        assert failure.stage == "source" and failure.message.startswith("no .html, .htm")


# -- hostile input: a Failure with a clear reason or a bounded result, never a crash or a hang --------------


def test_missing_and_unsupported_sources(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"\x00\x01\x02")
    missing, unsupported, scheme, empty = run(tmp_path / "nope.html", tmp_path / "data.bin", "file:///etc/passwd", " ")
    assert (missing.stage, missing.message) == ("source", f"no such file or directory: {tmp_path / 'nope.html'}")
    assert "unsupported file type" in unsupported.message
    assert "only http and https" in scheme.message
    assert empty.message == "empty source name"


def test_empty_and_binary_files(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.html").write_bytes(gzip.compress(TRAM.read_bytes()))
    items = {Path(item.source).name: item for item in run(*sorted(tmp_path.iterdir()))}
    assert "empty" in items["empty.html"].message
    assert "empty" in items["blank.txt"].message
    assert items["binary.html"].stage == "extract" and "binary" in items["binary.html"].message


def test_thirty_megabyte_file_is_refused_by_the_size_cap(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes((EN_TEXT + "\n").encode() * (30_000_000 // len(EN_TEXT)))
    [failure] = run(path)
    assert failure.error == "TooLarge"
    assert "more than max_bytes" in failure.message


def test_an_overlong_jsonl_line_is_refused_without_reading_it_whole(tmp_path):
    # A dump is read a line at a time, and a line is held in memory only up to max_bytes: a 30 MB line
    # (or a binary file with no newline, named .jsonl) is refused and the lines after it go on.
    import tracemalloc

    path = tmp_path / "dump.jsonl"
    good = json.dumps({"text": EN_TEXT}) + "\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "x" * 30_000_000}) + "\n")
        handle.write(good)
    tracemalloc.start()
    try:
        failure, fetched = run(path, max_bytes=1_000_000, language="en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (failure.source, failure.error) == (f"{path}:1", "TooLarge")
    assert "line is 30.0 MB, more than max_bytes" in failure.message
    assert fetched.source == f"{path}:2" and fetched.document.text == EN_TEXT
    assert peak < 8_000_000, peak


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_a_jsonl_file_in_utf16_or_utf32_is_refused_whole_with_how_to_convert_it(tmp_path, codec):
    # Read line by line, UTF-16 breaks apart at its newline bytes into undecodable halves.
    path = tmp_path / "dump.jsonl"
    path.write_bytes((json.dumps({"text": EN_TEXT}) + "\n").encode(codec))
    (failure,) = run(path, language="en")
    assert (failure.source, failure.error) == (str(path), "ParseError")
    wide = codec[:6].upper()
    assert failure.message == f"JSON Lines must be UTF-8, this file is {wide} (convert it: iconv -f {wide} -t UTF-8)"


def test_deeply_nested_and_truncated_html(tmp_path):
    (tmp_path / "deep.html").write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"text " * 100)
    (tmp_path / "truncated.html").write_bytes(TRAM.read_bytes()[:3000])
    (tmp_path / "broken-utf8.html").write_bytes(TRAM.read_bytes().replace(b"Kyiv city", b"Kyiv \xff\xfe city"))
    items = {Path(item.source).name: item for item in run(*sorted(tmp_path.iterdir()))}
    assert items["deep.html"].stage == "extract" and "elements" in items["deep.html"].message
    assert items["truncated.html"].document.text.startswith("The Kyiv city council")
    assert "approved plans" in items["broken-utf8.html"].document.text


def _rows(items: list[Fetched | Failure]) -> list[tuple[str, str | None, str | None]]:
    return [(type(i).__name__, getattr(i, "error", None), getattr(i, "message", None)) for i in items]


def _run_as_nobody(folder: Path) -> list[tuple[str, str | None, str | None]]:
    """``run(folder)`` in a forked child that has given up root (root reads any file, whatever its mode)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no pytest machinery from here on, only os._exit
        try:
            os.close(reader)
            os.setgid(65534)
            os.setuid(65534)
            items = run(folder, language="en")  # a set language: nothing to load from root's site-packages
            os.write(writer, json.dumps(_rows(items)).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return [tuple(row) for row in json.loads(data)]


def test_unreadable_file_is_a_failure_and_the_rest_go_on():
    folder = Path(tempfile.mkdtemp(prefix="dossier-unreadable-"))  # under /tmp: reachable by any user
    try:
        folder.chmod(0o755)
        locked = folder / "a-locked.txt"
        locked.write_text(EN_TEXT)
        locked.chmod(0)
        (folder / "b-open.txt").write_text(EN_TEXT)
        (folder / "b-open.txt").chmod(0o644)
        if os.geteuid() == 0:
            failure, fetched = _run_as_nobody(folder)
        else:
            failure, fetched = _rows(run(folder))
        assert failure[0] == "Failure" and failure[1] == "PermissionError" and "cannot read" in failure[2]
        assert fetched[0] == "Fetched"
    finally:
        shutil.rmtree(folder)


def test_a_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [failure] = run(fifo)
    assert "not a regular file" in failure.message


def test_utf16_text_file_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(UK_TEXT.encode("utf-16"))
    [item] = run(path)
    assert item.document.text == UK_TEXT and item.document.language == "uk"


def test_jsonl_text_is_made_safe_to_store(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"text": "Broken \\ud800 surrogate and a NUL \\u0000 here, in a long enough English text."}\n')
    [item] = run(path)
    assert item.document.text == "Broken \ufffd\ufffd\ufffd surrogate and a NUL  here, in a long enough English text."


def test_corrupt_warc_record_is_a_parse_failure(tmp_path):
    path = tmp_path / "corrupt.warc.gz"
    header = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n"
    path.write_bytes(gzip.compress(header + b"HTTP/1.1 200 OK\r\n"))
    [failure] = run(path)
    assert failure.stage == "parse" and "truncated or corrupt" in failure.message


def test_a_short_html_fragment_gives_its_text(tmp_path):
    # trafilatura takes no single paragraph for an article; its text is still the document.
    jsonl = tmp_path / "fragments.jsonl"
    records = [
        {"html": "<p>Macron told reporters that the talks went well.</p>", "url": "https://news.test/f"},
        {"html": "<html><body><nav></nav><script>var x = 1;</script></body></html>"},
    ]
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    page = tmp_path / "short.html"
    page.write_text("<html><head><title>Talks</title></head><body><p>Зеленський заявив, що переговори тривають.</p>")
    fragment, empty, html = run(jsonl, page)
    assert isinstance(fragment, Fetched) and fragment.document.text == records[0]["html"][3:-4]
    assert fragment.document.url == "https://news.test/f"
    assert isinstance(empty, Failure) and "no main text" in empty.message
    assert isinstance(html, Fetched)
    assert (html.document.text, html.document.title, html.document.language) == (
        "Зеленський заявив, що переговори тривають.",
        "Talks",
        "uk",
    )
