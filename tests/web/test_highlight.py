import itertools

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


def _one_piece_at_a_time(text: str, layers: list[Layer]) -> str:
    """The plain definition: each piece between cuts, wrapped with every layer covering it (input order)."""
    from html import escape

    valid = [layer for layer in layers if 0 <= layer.start < layer.end <= len(text)]
    cuts = sorted({0, len(text), *(x for layer in valid for x in (layer.start, layer.end))})
    anchored: set[str] = set()
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [layer for layer in valid if layer.start <= a and b <= layer.end]
        if not covering:
            out.append(escape(text[a:b]))
            continue
        attrs = [f'class="{escape(" ".join(sorted({c for layer in covering for c in layer.classes})))}"']
        for layer in covering:
            if layer.anchor and layer.anchor not in anchored:
                anchored.add(layer.anchor)
                attrs.append(f'id="{escape(layer.anchor)}"')
        if titles := [layer.title for layer in covering if layer.title]:
            attrs.append(f'title="{escape(" · ".join(titles))}"')
        data: dict[str, str] = {}
        for layer in covering:
            for key, value in layer.data.items():
                data[key] = f"{data[key]} {value}" if key in data else value
        attrs.extend(f'data-{escape(k)}="{escape(v)}"' for k, v in sorted(data.items()))
        out.append(f"<span {' '.join(attrs)}>{escape(text[a:b])}</span>")
    return "".join(out)


def test_overlapping_layers_in_any_order_give_the_same_page():
    import random

    rng = random.Random(7)
    text = 'Зеленський сказав: «Ми <не> здамося», — & "так" said Smith. ' * 3
    for _ in range(200):
        layers = []
        for i in range(rng.randint(0, 12)):
            start = rng.randint(-2, len(text))
            layers.append(
                Layer(
                    start,
                    start + rng.randint(-1, 40),
                    (rng.choice(["ent", "att", "event"]), f"k{i % 3}"),
                    anchor=rng.choice([None, f"att-a{i % 4}"]),
                    title=rng.choice([None, f"t{i}<\"'>"]),
                    data=rng.choice([{}, {"att": f"a{i}"}, {"actor": "x&y"}]),
                )
            )
        assert str(highlight(text, layers)) == _one_piece_at_a_time(text, layers)


def test_a_long_article_with_many_spans_is_quick():
    # A 2 MB article can carry tens of thousands of entity spans: each piece must not rescan them all.
    import random
    import time

    rng = random.Random(1)
    text = "word " * 400_000
    layers = []
    for _ in range(30_000):
        start = rng.randrange(len(text) - 20)
        layers.append(Layer(start, start + rng.randint(3, 15), ("ent", "ent-PER"), title="PER x"))
    began = time.process_time()
    html = highlight(text, layers)
    assert time.process_time() - began < 10  # one piece at a time over every span: more than a minute
    assert html.count("<span ") >= 30_000
