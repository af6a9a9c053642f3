"""The shared word tables and primitives: tokens with offsets, stems, one number parser, antonyms."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from compare import lexicon as L


def _numbers(text: str) -> list[tuple[str, float, str, str]]:
    return [(n.text, n.value, n.approx, n.unit) for n in L.find_numbers(text)]


def test_figures_however_written() -> None:
    assert _numbers("1.5 million and 1,500,000") == [("1.5 million", 1_500_000, "exact", ""),
                                                      ("1,500,000", 1_500_000, "exact", "")]
    assert _numbers("twenty one men and thirty-one days later") == [("twenty one", 21, "exact", ""),
                                                                     ("thirty-one", 31, "exact", "")]
    assert _numbers("About 100,000 people joined") == [("100,000", 100_000, "about", "")]
    assert _numbers("revenue of $2.3bn, up 17% on last year") == [("$2.3bn", 2.3e9, "exact", "$"),
                                                                  ("17%", 17, "exact", "%")]
    assert _numbers("at least 5 percent") == [("5 percent", 5, "at least", "%")]
    assert _numbers("tens of thousands marched; hundreds stayed") == [("tens of thousands", 10_000, "vague", ""),
                                                                       ("hundreds", 100, "vague", "")]
    assert _numbers("a hundred soldiers and two dozen eggs") == [("a hundred", 100, "exact", ""),
                                                                 ("two dozen", 24, "exact", "")]
    # no leading zero (it was no figure at all): a calibre, a rate, a price; a version number's third part is not
    assert _numbers("a .38 revolver; up .5% to $.99") == [(".38", 0.38, "exact", ""), (".5%", 0.5, "exact", "%"),
                                                          ("$.99", 0.99, "exact", "$")]
    assert _numbers("version 1.2.3") == [("1.2", 1.2, "exact", "")]


def test_lone_one_is_a_pronoun_by_default() -> None:
    assert _numbers("No one came, one of them said") == []
    assert [n.value for n in L.find_numbers("one of them", lone_one=True)] == [1]


def test_tolerance() -> None:
    assert not L.within_tolerance(100_000, 90_000, "about")      # the example: a divergence
    assert L.within_tolerance(1_500_000, 1_500_000)
    assert L.within_tolerance(100_000, 103_000, "about")
    assert L.within_tolerance(300, 5_000, "at least")
    assert not L.within_tolerance(17, 7)


def test_tokens_carry_offsets_and_stems() -> None:
    text = "The workers’ strike spread to 90,000 people."
    toks = L.tokenize(text, offset=10)
    assert all(("x" * 10 + text)[t.start:t.end] == t.text for t in toks)
    assert [t.stem for t in toks if t.content] == ["worker", "strike", "spread", "peopl"]
    assert L.lemma_stem("men") == L.lemma_stem("man") and L.lemma_stem("rose") == L.stem("rise")


def test_antonyms_by_stem() -> None:
    assert L.stem("fall") in L.antonyms(L.lemma_stem("rose"))
    assert L.stem("reject") in L.antonyms(L.stem("accepted"))
    assert L.antonyms(L.stem("table")) == frozenset()


def test_kinds_of_one_thing_exclude_each_other_but_not_their_look_alikes() -> None:
    """A class member's other members are its rivals ("ghee" where the source says "butter"); no class holds a
    word whose stem a common word shares ("engines" is no "engineer", "account" no "accountant", "trained"
    no "train"), nor a synonym of a member ("influenza" of "flu")."""
    assert L.stem("butter") in L.incompatibles(L.stem("ghee"))
    assert L.stem("tuberculosis") in L.incompatibles(L.stem("RSV"))
    assert L.stem("beach") in L.incompatibles(L.lemma_stem("clifftop"))
    for word in "engines account accounts photographs trained shipped stormed deserted feared drummed bears " \
                "mice ducks turkey mechanical pilots influenza coronavirus surgeon mum dad".split():
        assert not L.incompatibles(L.lemma_stem(word)), word
    members = [L.stem(w) for group in L.INCOMPATIBLE_SETS for w in group]
    assert len(members) > 250


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 ,.-$%abcxyz") +
                               ["million", " thousand ", "twenty", " one", "about ", "a ", "tens of "]),
                max_size=40).map("".join))
def test_numbers_never_crash_and_spans_map_back(text: str) -> None:
    last = -1
    for n in L.find_numbers(text):
        assert text[n.start:n.end] == n.text and n.start >= last
        last = n.start


_NUMBER_TEXT = ["one", "Twenty", "a", "an", "hundred", "thousands", "of", "millions", "twice", "THRICE", "dozen",
                "and", "-", " ", "\n", "ſix", "fıve", "İ", "men", "seventeen", "tens", "someone", "often", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_TEXT), max_size=10).map(" ".join))
def test_number_word_prefilter_never_hides_a_number(text: str) -> None:
    from compare.lexicon import _TIMES, _VAGUE, _WORD_NUMBER, _may_have_number_words

    if not _may_have_number_words(text):
        assert not (_WORD_NUMBER.search(text) or _VAGUE.search(text) or _TIMES.search(text)), text
