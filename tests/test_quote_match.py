"""Matching quotations across documents: kinds, repeats, sources, order-freedom, the seeds."""

from __future__ import annotations

import json
import time

import pytest

from compare.document import build_document, seed_documents
from compare.quote_match import _prepare, canonical_tokens, compare_quotes, match_texts

TROTSKY = ("The history of a revolution is for us, first of all, a history of the forcible entrance of the masses "
           "into the realm of rulership over their own destiny.")


def _m(a: str, b: str, sa=None, sb=None):
    from compare.quotes import split_segments

    return match_texts(_prepare(a, sa or split_segments(a)), _prepare(b, sb or split_segments(b)))


def test_canonical_tokens():
    assert canonical_tokens("“Women’s rights,” she said—[T]he workers’ re-\nelection [sic] …") == \
        ["womens", "rights", "she", "said", "the", "workers", "reelection"]
    assert canonical_tokens("the [striking] workers", drop_brackets=True) == ["the", "workers"]


def test_match_kinds():
    assert _m(TROTSKY, TROTSKY.upper().replace(",", ""))[0] == "exact"
    kind, score, cov = _m(TROTSKY, "a history of the forcible entrance of the masses")
    assert (kind, score) == ("contained", 1.0) and cov == pytest.approx(9 / 29)
    kind, score, _ = _m(TROTSKY, "The history of a revolution is for us … over their own destiny.")
    assert (kind, score) == ("elided", 1.0)
    kind, score, _ = _m(TROTSKY, TROTSKY.replace("forcible", "forcibel"))
    assert kind == "fuzzy" and 0.9 < score < 1.0
    assert _m(TROTSKY, TROTSKY.replace("The history", "[T]he history [of the revolution]"))[0] == "exact"
    # different quotations do not match, nor does a common phrase inside a long one
    assert _m(TROTSKY, "The police never go over to the crowd. They are recruited from the most backward section.") \
        is None
    assert _m("how do you do", "How do you do, Mr. Beebe? I expect that you have forgotten us entirely.") is None


def test_elided_in_one_typo_in_other():
    a = build_document("Trotsky wrote: “The history of a revolution is for us … a history of the forcible entrance "
                       "of the masses … over their own destiny.”\n", label="a")
    b = build_document("As the historian put it, “The histroy of a revolution is for us, first of all, a history of "
                       "the forcible entrance of the masses into the realm of rulership over their own destiny.”\n",
                       label="b")
    cmp = compare_quotes([a, b])
    assert len(cmp.shared) == 1
    s = cmp.shared[0]
    assert s.quotes == ("d0q0", "d1q0") and s.match == "elided" and 0.9 < s.score < 1.0
    assert s.speakers == ("Trotsky", "the historian") and s.attribution_conflict
    assert s.spans[1].text.startswith("“The histroy")
    # order-free
    rev = compare_quotes([b, a])
    assert [(x.match, round(x.score, 6)) for x in rev.shared] == [(s.match, round(s.score, 6))]


def test_unmarked_and_three_documents():
    a = "Lenin said: “Sometimes history needs a push, and the push must come from the workers themselves.”\n"
    b = "Nothing here.\n\nSometimes history needs a push, and the push must come from the workers themselves, " \
        "as everyone knows.\n"
    c = "A pamphlet: “history needs a push, and the push must come from the workers”\n"
    cmp = compare_quotes([a, b, c])
    got = {(s.docs, s.match) for s in cmp.shared}
    assert got == {((0, 1), "unmarked"), ((0, 2), "contained"), ((2, 1), "unmarked")}
    un = next(s for s in cmp.shared if s.docs == (0, 1))
    assert un.quotes == ("d0q0",) and un.spans[1].text == \
        "Sometimes history needs a push, and the push must come from the workers themselves"
    assert un.spans[1].line == 3
    lenin = next(s for s in cmp.sources if s.speaker == "Lenin")
    assert lenin.counts == (1, 0, 0) and lenin.matched == ("d0q0",)


def test_seed_repeated_pull_quote_and_sources():
    docs = seed_documents()
    cmp = compare_quotes(docs)
    assert cmp.shared == []                  # the seeds quote Trotsky, but not the same words
    (rep,) = cmp.repeats
    assert rep.doc == 1 and rep.quotes == ("d1q1",) and rep.matches == ("unmarked", "quotation", "unmarked")
    text = docs[1].text
    assert [s.line for s in rep.spans] == [16, 24, 188]
    assert [s.start for s in rep.spans] == [text.index("There has been a lot"),
                                            text.index("“There has been a lot"),
                                            text.index("RAMIN MAZAHERI—There") + len("RAMIN MAZAHERI—")]
    trotsky = cmp.sources[0]
    assert trotsky.speaker == "Leon Trotsky" and trotsky.names == ("Leon Trotsky", "Trotsky")
    assert trotsky.counts == (1, 4) and trotsky.matched == ()
    assert [s.speaker for s in cmp.sources[1:]] == ["the book", "a sailor", "One rank and file Bolshevik"]
    d = cmp.to_dict()
    json.dumps(d)
    assert set(d) == {"documents", "quotes", "shared", "repeats", "sources"}
    assert d["documents"][0]["label"] == docs[0].label


def test_many_quotations_use_the_index():
    words = [f"w{i}" for i in range(3000)]
    qs_a = [" ".join(words[i:i + 8]) for i in range(0, 2400, 8)]
    a = "\n\n".join(f"“{q}”" for q in qs_a)
    b = "\n\n".join(f"“{q}”" for q in reversed(qs_a))
    t0 = time.perf_counter()
    cmp = compare_quotes([a, b])
    assert len(cmp.shared) == 300 and {s.match for s in cmp.shared} == {"exact"}
    assert time.perf_counter() - t0 < 10


def test_reexported_from_quotes():
    from compare.quote_match import QuoteComparison, compare_quotes as cq

    assert cq is compare_quotes and isinstance(cq(["“a b c d e f g”", "a b c d e f g"]), QuoteComparison)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = list("abc de .,:\n“”‘’\"'…[]") + ["the workers ", "history "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_ALPHABET), max_size=120).map("".join), min_size=1, max_size=3))
def test_compare_never_crashes(texts):
    cmp = compare_quotes(texts)
    for s in cmp.shared:
        for doc, span in zip(s.docs, s.spans):
            assert texts[doc][span.start:span.end] == span.text
        assert 0.0 < s.score <= 1.0
    for r in cmp.repeats:
        assert all(texts[r.doc][sp.start:sp.end] == sp.text for sp in r.spans)


def test_long_cut_with_a_typo_is_fuzzy():
    """A 700-word cut, one word misspelt, of a 1,200-word quotation (LitBank text) is the same quotation: any
    bound on the cost of long quotations (issue 10) must keep it."""
    from conftest import EVAL

    path = sorted((EVAL / "litbank-quotations" / "tsv").glob("*_brat.txt"))[0]
    words = path.read_text(encoding="utf-8").translate({ord(c): None for c in "\"“”‘’'"}).split()[:1200]
    cut = words[300:1000]
    cut[350] += "x"
    cmp = compare_quotes(["He said: “" + " ".join(words) + "” and left.", "She wrote: “" + " ".join(cut) + "” then."])
    assert [(s.match, s.docs) for s in cmp.shared] == [("fuzzy", (0, 1))]
    assert cmp.shared[0].score >= 0.9


def test_candidates_per_quotation_are_capped(monkeypatch):
    """Each quotation is compared with at most MAX_CANDIDATES others (issue 10: on one-line pages a quotation met
    hundreds): ten quotations a side that all share five words make 190 candidate pairs (within each document
    too, for repeats); with a cap of 2, at most 2 per quotation are compared, and the pair sharing most words (an
    exact copy) is among them. The same words quoted on both sides are matched once with each other quotation:
    190 pairs, 181 comparisons."""
    from compare import quote_match

    shared_words = "sovereign assembly petrograd garrison soviet"
    a = "\n\n".join(f"“{shared_words} alpha{i}.”" for i in range(10))
    b = "\n\n".join(f"“{shared_words} {'alpha0' if j == 0 else f'beta{j}'}.”" for j in range(10))
    calls = []
    kept = []
    real = quote_match.match_texts
    real_best = quote_match._best_candidates

    def counting(x, y):
        calls.append((x, y))
        return real(x, y)

    def best(*args):
        out = real_best(*args)
        kept.append(len(out))
        return out

    monkeypatch.setattr(quote_match, "match_texts", counting)
    monkeypatch.setattr(quote_match, "_best_candidates", best)
    compare_quotes([a, b])
    assert kept == [190]
    assert len(calls) == 181
    calls.clear()
    monkeypatch.setattr(quote_match, "MAX_CANDIDATES", 2)
    cmp = compare_quotes([a, b])
    assert 0 < len(calls) <= 2 * 20
    assert ("d0q0", "d1q0") in {s.quotes for s in cmp.shared if s.match == "exact"}


def test_best_candidates_keep_the_best_of_either_side_in_any_order():
    import random
    from types import SimpleNamespace

    from compare.quote_match import MAX_CANDIDATES, _best_candidates

    xs, ys = [f"d0q{i}" for i in range(200)], [f"d1q{j}" for j in range(200)]
    prepared = {q: _prepare(f"word{n % 7} " * (3 + n % 5) + q, ()) for n, q in enumerate(xs + ys)}
    by_id = {q: SimpleNamespace(doc=int(q[1]), span=SimpleNamespace(start=int(q[3:]) * 10)) for q in xs + ys}
    cands = [(x, y, 2 + (i * 7 + j * 13) % 31) for i, x in enumerate(xs) for j, y in enumerate(ys)]
    kept = _best_candidates(cands, prepared, by_id)
    assert len(kept) <= MAX_CANDIDATES * 400 < len(cands)
    kept_set = set(kept)
    assert [c for c in cands if c in kept_set] == kept                    # in the given order
    # each quotation keeps its most-shared candidates
    for q in xs[:5] + ys[:5]:
        mine = sorted((c for c in cands if q in c[:2]), key=lambda c: -c[2])
        top = [c for c in mine if c[2] > mine[MAX_CANDIDATES][2]]
        assert top and set(top) <= kept_set
    # the order of the candidates does not change which are kept
    shuffled = cands[:]
    random.Random(1).shuffle(shuffled)
    assert set(_best_candidates(shuffled, prepared, by_id)) == kept_set
    # a quotation with few candidates keeps them all, whatever the crowd on the other side
    few = cands + [(x, "d1q999", 2) for x in xs[:3]]
    prepared["d1q999"], by_id["d1q999"] = _prepare("lonely words here", ()), SimpleNamespace(
        doc=1, span=SimpleNamespace(start=99990))
    assert {c for c in _best_candidates(few, prepared, by_id) if c[1] == "d1q999"} == set(few[-3:])


def test_a_documents_quotations_are_found_once_and_numbered_for_their_place():
    """compare_quotes reads the quotations the analyse stage found (one extraction per document, shared with the
    report's support stage) and renumbers them for the document's place: ids, doc and parent all say d1."""
    from compare.analysis import quotations
    from compare.quotes import find_quotes

    docs = seed_documents()
    quotes = [q for q in compare_quotes(docs).quotes if q.doc == 1]
    assert [(q.id, q.parent, q.span, q.text) for q in quotes] == \
        [(q.id, q.parent, q.span, q.text) for q in find_quotes(docs[1], 1)]
    assert any(q.parent is not None and q.parent.startswith("d1q") for q in quotes)
    assert quotations(docs[1])[0].id == "d0q0"        # the shared extraction keeps its own numbering
    assert quotations(docs[1]) is quotations(docs[1])
