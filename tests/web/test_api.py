"""The JSON API, over real HTTP, on a store filled by a real ingest."""

import httpx

from tests.web.conftest import HOSTILE_FOLLOW_UP_TITLE, HOSTILE_TEXT, HOSTILE_TITLE


def _doc_id(base: str, language: str = "uk", title_part: str = "Bloomberg") -> int:
    docs = httpx.get(f"{base}/api/documents").json()
    return next(d["id"] for d in docs if title_part in (d["title"] or "") and d["language"] == language)


def test_stats_count_what_was_ingested(web_base):
    stats = httpx.get(f"{web_base}/api/stats").json()
    assert stats["documents"] == 4
    assert stats["entities"] > 10 and stats["attributions"] >= 3


def test_documents_page_through_all_of_them_and_filter_by_language(web_base):
    everything = httpx.get(f"{web_base}/api/documents").json()
    assert len(everything) == 4 and "text" not in everything[0]
    pages = [httpx.get(f"{web_base}/api/documents", params={"limit": 3, "offset": o}).json() for o in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 1, 0]
    assert [d["id"] for p in pages for d in p] == [d["id"] for d in everything]
    uk = httpx.get(f"{web_base}/api/documents", params={"lang": "uk"}).json()
    assert uk and {d["language"] for d in uk} == {"uk"}
    assert httpx.get(f"{web_base}/api/documents", params={"offset": -1}).status_code == 422


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


def test_stories_group_reports_across_languages(web_base):
    # Latest activity first: the hostile pair (23-24 Nov), then the demo pages (22 Nov).
    hostile, demo = httpx.get(f"{web_base}/api/stories").json()
    assert demo["languages"] == ["ru", "uk"] and demo["documents"] == 2
    assert (demo["first_published"], demo["last_published"]) == ("2025-11-22", "2025-11-22")
    assert demo["statements"] >= 3  # Bloomberg's twice, Julianne Smith's, ...
    assert "dan-driscoll" in [a["id"] for a in demo["actors"]]
    view = httpx.get(f"{web_base}/api/stories/{demo['id']}").json()
    assert view["story"] == {k: v for k, v in demo.items() if k != "actors"}
    first, second = view["documents"]
    # The Ukrainian page was stored first, so it is the first report of the day; the Russian joined through it.
    assert (first["language"], first["first"], first["linked_to"]) == ("uk", True, None)
    assert (second["language"], second["linked_to"]) == ("ru", first["id"])
    kinds = {r["kind"] for r in second["reasons"]}
    assert "statements" in kinds and second["weight"] >= 1.0
    assert second["weight"] == round(sum(r["weight"] for r in second["reasons"]), 3)
    # Julianne Smith's words (in Ukrainian first): the origin, then the Russian report.
    smith = next(st for st in view["statements"] if "мало зусиль" in st["origin"]["content"])
    assert smith["origin"]["document_id"] == first["id"] and smith["documents"] == [first["id"], second["id"]]
    assert smith["speaker"]["type"] == "PER" and smith["languages"] == ["ru", "uk"]
    # A document knows its story; an actor the stories it is central to.
    doc = httpx.get(f"{web_base}/api/documents/{second['id']}").json()
    assert doc["story"] == {"id": demo["id"], "label": demo["label"], "documents": 2, "position": 1}
    driscoll = httpx.get(f"{web_base}/api/actors/dan-driscoll").json()
    assert [st["id"] for st in driscoll["stories"]] == [demo["id"]]
    # Hostile titles come back as they were written.
    assert hostile["label"] == HOSTILE_TITLE
    titles = [d["title"] for d in httpx.get(f"{web_base}/api/stories/{hostile['id']}").json()["documents"]]
    assert titles == [HOSTILE_TITLE, HOSTILE_FOLLOW_UP_TITLE]
    assert httpx.get(f"{web_base}/api/stories", params={"limit": 1, "offset": 1}).json() == [demo]


def test_unknown_things_are_404_and_bad_parameters_422(web_base):
    assert httpx.get(f"{web_base}/api/documents/999999").status_code == 404
    assert httpx.get(f"{web_base}/api/actors/nobody-at-all").status_code == 404
    assert httpx.get(f"{web_base}/api/documents/abc").status_code == 422
    assert httpx.get(f"{web_base}/api/search", params={"q": ""}).status_code == 422
    # A date that is not one is an error, not a filter that silently matches nothing.
    for since in ("bad", "2025-13-01", "23.11.2025"):
        for path in ("/api/search", "/search"):
            response = httpx.get(f"{web_base}{path}", params={"q": "Кличко", "since": since})
            assert response.status_code == 422 and "YYYY-MM-DD" in response.text, (path, since)
    assert len(httpx.get(f"{web_base}/api/search", params={"q": "Кличко", "since": "2025-11-24"}).json()) == 1
    assert httpx.get(f"{web_base}/search", params={"q": "Кличко", "since": ""}).status_code == 200
    assert httpx.get(f"{web_base}/api/stories/999999").status_code == 404
    assert httpx.get(f"{web_base}/api/stories", params={"limit": 0}).status_code == 422
    assert httpx.get(f"{web_base}/stories/999999").status_code == 404
    openapi = httpx.get(f"{web_base}/openapi.json").json()
    assert openapi["info"]["title"] == "Dossier"
    assert {"/api/stories", "/api/stories/{story_id}"} <= set(openapi["paths"])
