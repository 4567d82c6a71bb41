"""The JSON API, over real HTTP, on a store filled by a real ingest."""

import httpx

from tests.web.conftest import HOSTILE_TEXT, HOSTILE_TITLE


def _doc_id(base: str, language: str = "uk", title_part: str = "Bloomberg") -> int:
    docs = httpx.get(f"{base}/api/documents").json()
    return next(d["id"] for d in docs if title_part in (d["title"] or "") and d["language"] == language)


def test_stats_count_what_was_ingested(web_base):
    stats = httpx.get(f"{web_base}/api/stats").json()
    assert stats["documents"] == 3
    assert stats["entities"] > 10 and stats["attributions"] >= 3


def test_document_spans_point_at_their_evidence(web_base):
    view = httpx.get(f"{web_base}/api/documents/{_doc_id(web_base)}").json()
    text = view["document"]["text"]
    assert view["document"]["language"] == "uk"
    for e in view["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
    for a in view["attributions"]:
        assert text[a["content"]["start"] : a["content"]["end"]] == a["content"]["text"]
    # "«...», — пише агентство": the agency is Bloomberg, named earlier in the article.
    writes = [a for a in view["attributions"] if a["cue"] and a["cue"]["text"] == "пише"]
    assert writes and writes[0]["speaker"] == "bloomberg"
    assert view["actors"]["bloomberg"]["name"] == "Bloomberg"


def test_hostile_text_is_stored_as_is_and_served_as_json(web_base):
    view = httpx.get(f"{web_base}/api/documents/{_doc_id(web_base, title_part='Мер')}").json()
    assert view["document"]["title"] == HOSTILE_TITLE
    assert view["document"]["text"] == HOSTILE_TEXT


def test_search_finds_inflected_cyrillic_and_marks_the_words(web_base):
    hits = httpx.get(f"{web_base}/api/search", params={"q": "Дрісколл"}).json()
    assert len(hits) == 1 and hits[0]["language"] == "uk"
    s, e = hits[0]["highlights"][0]
    assert hits[0]["snippet"][s:e].startswith("Дрісколл")


def test_actor_page_lists_what_they_said(web_base):
    actor = httpx.get(f"{web_base}/api/actors/bloomberg").json()
    assert actor["actor"]["type"] == "ORG"
    assert any(s["kind"] == "direct" for s in actor["statements"])


def test_one_statement_reported_in_two_languages(web_base):
    # Julianne Smith's words, in the Ukrainian and the Russian article: one speaker, one statement.
    uk = httpx.get(f"{web_base}/api/documents/{_doc_id(web_base, 'uk')}").json()
    smith = next(a for a in uk["attributions"] if a["source"] and "Сміт" in a["source"]["text"])
    actor = httpx.get(f"{web_base}/api/actors/{smith['speaker']}").json()
    assert {a["language"] for a in actor["aliases"]} >= {"uk", "ru"}
    (statement,) = [st for st in actor["statements"] if len(st["reports"]) > 1]
    assert sorted(r["language"] for r in statement["reports"]) == ["ru", "uk"]
    assert smith["statement"]["id"] == statement["id"] and smith["statement"]["reports"] == 2
    listed = httpx.get(f"{web_base}/api/statements", params={"speaker": smith["speaker"]}).json()
    assert [st["id"] for st in listed] == [st["id"] for st in actor["statements"]]


def test_unknown_things_are_404_and_bad_parameters_422(web_base):
    assert httpx.get(f"{web_base}/api/documents/999999").status_code == 404
    assert httpx.get(f"{web_base}/api/actors/nobody-at-all").status_code == 404
    assert httpx.get(f"{web_base}/api/documents/abc").status_code == 422
    assert httpx.get(f"{web_base}/api/search", params={"q": ""}).status_code == 422
    assert httpx.get(f"{web_base}/openapi.json").json()["info"]["title"] == "Dossier"
