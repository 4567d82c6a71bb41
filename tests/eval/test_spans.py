from dossier.eval.spans import PRF, greedy_match, half_overlap, overlap, pieces


def test_overlap_counts_characters_of_discontinuous_spans():
    quote = pieces([[20, 30], [0, 10]])  # sorted on the way in
    assert quote == ((0, 10), (20, 30))
    assert overlap(quote, ((5, 25),)) == 10
    assert overlap(quote, ((10, 20),)) == 0


def test_half_overlap_is_half_of_the_longer_span():
    assert half_overlap(((0, 10),), ((0, 5),))  # 5 of 10
    assert not half_overlap(((0, 10),), ((0, 4),))  # 4 of 10
    assert not half_overlap((), ())


def test_greedy_match_pairs_best_overlaps_one_to_one():
    gold = [(0, 10), (10, 20)]
    pred = [(0, 12), (8, 20), (0, 3)]

    def score(g: int, p: int) -> int:
        return overlap((gold[g],), (pred[p],))

    assert greedy_match(2, 3, score) == [(0, 0), (1, 1)]


def test_prf_numbers():
    m = PRF(tp=2, pred=4, gold=3)
    assert (m.precision, round(m.recall, 4), round(m.f1, 4)) == (0.5, 0.6667, 0.5714)
    assert PRF().f1 == 0.0
