from dossier.records import Analysis, Attribution, Document, Span


def test_discontinuous_span_keeps_its_pieces_in_json():
    text = "“We are ready,” he said, “to talk.”"
    content = Span.from_parts([(25, 33), (1, 14)])
    assert content.parts() == ((1, 14), (25, 33))
    out = content.to_json(text)
    assert out["start"] == 1 and out["end"] == 33
    assert out["pieces"] == [[1, 14], [25, 33]]


def test_analysis_json_carries_the_schema_and_evidence_text():
    text = "Smith said the plan is dead."
    a = Attribution(id="a1", kind="indirect", content=Span(11, 27), cue=Span(6, 10), source=Span(0, 5), speaker="smith")
    out = Analysis(document=Document(text=text, language="en"), attributions=[a]).to_json()
    assert out["schema"] == "dossier.analysis/1"
    assert out["attributions"][0]["content"]["text"] == "the plan is dead"
    assert out["attributions"][0]["source"]["text"] == "Smith"
