"""The signals and how they combine."""

from __future__ import annotations

import pytest

from compare import similarity as sim
from compare import terms as T


def _bag(text: str) -> list[str]:
    toks = T.tokenize(text)
    return [t.stem for t in toks if t.content] + T.numeric_terms(toks)


def test_lexical_cosine_of_weighted_stems() -> None:
    idf = {"worker": 2.0, "strike": 3.0, "bread": 4.0}
    va = sim.weighted_vector(["worker", "strike"], idf)
    assert sim.lexical(va, va) == pytest.approx(1.0)
    assert sim.lexical(va, sim.weighted_vector(["bread"], idf)) == 0.0
    assert 0 < sim.lexical(va, sim.weighted_vector(["strike", "bread"], idf)) < 1


def test_containment_does_not_let_one_word_match_everything() -> None:
    idf = {"num:7": 3.0, "brother": 3.0}
    short, longer = _bag("Seven."), _bag("There were seven brothers.")
    assert short == ["num:7"]
    assert sim.containment(short, longer, idf) < 0.7
    two = _bag("Seven brothers.")
    assert sim.containment(two, longer, idf) > sim.containment(short, longer, idf)


def test_numbers_agree_across_ways_of_writing_a_date() -> None:
    a = _bag("On 23 February, the women textile workers went on strike")
    b = _bag("who sparked the first day of the Russian Revolution on February 23, 1917")
    assert sim.numbers([t for t in a if ":" in t], [t for t in b if ":" in t]) == 1.0
    assert sim.numbers(["date:02-23"], ["date:03-08"]) == 0.0
    assert sim.numbers(["date:02-23"], ["month:02"]) == 0.5
    assert sim.numbers([], ["date:02-23"]) is None


def test_verbatim_sees_reuse_through_punctuation_and_case() -> None:
    assert sim.verbatim("Your faith has made you well.", 'your faith has made you well."') == 1.0
    assert sim.verbatim("The police never go over to the crowd.", "Bread was scarce in the city.") < 0.6


def test_combine_methods() -> None:
    signals = {"lexical": 0.2, "containment": 0.4, "verbatim": 0.3, "semantic": 0.9}
    lexical = sim.combine(signals, "lexical")
    semantic = sim.combine(signals, "semantic")
    hybrid = sim.combine(signals, "hybrid")
    assert lexical == pytest.approx(0.3)
    assert semantic == pytest.approx(sim.semantic_scaled(0.9))
    assert lexical < hybrid < semantic
    # near-verbatim wording is the strongest evidence
    assert sim.combine({"lexical": 0.5, "containment": 0.5, "verbatim": 0.95}, "lexical") == pytest.approx(0.95)
    for s in (lexical, semantic, hybrid):
        assert 0.0 <= s <= 1.0


def test_bundled_model_loads_offline_and_ranks_paraphrase_first() -> None:
    model, warning = sim.load_model()
    assert warning is None and model is not None
    vecs = sim.embed(["The women workers went on strike.", "Female textile workers started a protest.",
                      "He ate locusts and wild honey."])
    assert vecs.shape == (3, 256)
    assert float(vecs[0] @ vecs[1]) > float(vecs[0] @ vecs[2])
