"""Tokens, stems, content words, numbers and dates, rarity weights."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from compare import terms as T


def test_tokens_carry_offsets_and_stems() -> None:
    text = "On 23 February, the women textile workers went on strike."
    toks = T.tokenize(text)
    assert [t.text for t in toks] == ["On", "23", "February", "the", "women", "textile", "workers", "went", "on",
                                      "strike"]
    for t in toks:
        assert text[t.start:t.end] == t.text
    content = [t.stem for t in toks if t.content]
    assert content == ["februari", "women", "textil", "worker", "went", "strike"]


def test_stopwords_include_archaic_function_words() -> None:
    assert T.content_stems("And he said unto them, Thou art the Christ.") == ["christ"]


def test_possessive_and_curly_apostrophe() -> None:
    toks = T.tokenize("Trotsky’s history and Lenin's order")
    assert [t.lower for t in toks] == ["trotsky", "history", "and", "lenin", "order"]


def test_dates_written_differently_normalise_alike() -> None:
    assert T.numeric_terms(T.tokenize("On 23 February, the women")) == ["date:02-23"]
    assert T.numeric_terms(T.tokenize("on February 23, 1917.")) == ["date:02-23", "year:1917"]
    assert T.numeric_terms(T.tokenize("Feb 23rd")) == ["date:02-23"]
    # a month alone, and a month that a full date already covers
    assert T.numeric_terms(T.tokenize("The revolution began in February 1917.")) == ["month:02", "year:1917"]
    assert T.numeric_terms(T.tokenize("in February, on 23 February")) == ["date:02-23"]


def test_figures_in_digits_and_words() -> None:
    assert T.numeric_terms(T.tokenize("started by 7,000 female textile workers")) == ["num:7000"]
    assert T.numeric_terms(T.tokenize("seven thousand workers")) == ["num:7000"]
    assert T.numeric_terms(T.tokenize("over the next five days")) == ["num:5"]
    assert T.numeric_terms(T.tokenize("no one could be sure")) == []  # "one" alone is a pronoun
    assert T.numeric_terms(T.tokenize("you may go")) == []  # the modal verb is not the month


def test_rarer_terms_weigh_more() -> None:
    bags = [["revolut", "februari"], ["revolut", "strike"], ["revolut", "textil"]]
    df, count = T.document_frequencies(bags)
    idf = T.idf_weights(df, count)
    assert df["revolut"] == 3 and count == 3
    assert idf["textil"] > idf["revolut"] >= 1.0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokenize_never_crashes_and_offsets_hold(text: str) -> None:
    toks = T.tokenize(text)
    for t in toks:
        assert text[t.start:t.end] == t.text
    T.numeric_terms(toks)
