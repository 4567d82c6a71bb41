from dossier.web.highlight import Layer, highlight


def test_article_text_is_escaped_everywhere():
    html = highlight('<b>"x"</b> & <script>', [Layer(0, 3, ("ent",))])
    assert "<script>" not in html and "<b>" not in html
    assert html == '<span class="ent">&lt;b&gt;</span>&quot;x&quot;&lt;/b&gt; &amp; &lt;script&gt;'


def test_nested_spans_are_cut_at_every_boundary():
    text = "Smith said the plan is dead."
    layers = [
        Layer(0, 27, ("att",), anchor="att-a1", title="direct · Smith"),
        Layer(0, 5, ("ent", "ent-PER"), data={"actor": "smith"}),
        Layer(6, 10, ("att-cue",)),
    ]
    html = str(highlight(text, layers))
    first = '<span class="att ent ent-PER" id="att-a1" title="direct · Smith" data-actor="smith">Smith</span>'
    assert html.startswith(first)
    assert '<span class="att" title="direct · Smith"> </span>' in html
    assert '<span class="att att-cue" title="direct · Smith">said</span>' in html
    assert html.endswith("</span>.")
    assert html.count('id="att-a1"') == 1  # the anchor goes on the first piece only


def test_spans_outside_the_text_are_ignored():
    assert str(highlight("abc", [Layer(2, 9, ("x",)), Layer(1, 1, ("y",))])) == "abc"
