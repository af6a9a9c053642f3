"""Normalisation: paragraphs found in hard-wrapped text, unwrapping with an exact offset map."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.normalise import find_blocks, line_starts, normalise_span


def test_pdf_blank_line_inside_a_sentence_is_joined(seed_a):
    text = seed_a.text
    blocks = find_blocks(text)
    first = text[blocks[0].start:blocks[0].end]
    assert first.startswith("Capitalism is in crisis.")
    assert "the huge gulf \n\nbetween rich and poor" in first
    assert first.endswith("population.")


def test_heading_line_is_its_own_paragraph(seed_a):
    heads = [seed_a.text[b.start:b.end] for b in find_blocks(seed_a.text) if b.heading]
    assert heads == ["action by the masses"]


def test_dash_continuation_after_blank_line_is_joined(seed_a):
    blocks = [seed_a.text[b.start:b.end] for b in find_blocks(seed_a.text)]
    assert any("capitalist class \n\n- a coalition" in b for b in blocks)


def test_one_paragraph_per_line_text_is_not_unwrapped(seed_b):
    blocks = [seed_b.text[b.start:b.end] for b in find_blocks(seed_b.text)]
    assert blocks[0] == "The fascinating People’s account of how the Russian Revolution was actually won"
    assert "About the author" in blocks


def test_unwrapping_folds_space_and_joins_hyphenation():
    text = "The revo-\nlution  began\u00a0in\n  February.\u200b"
    norm, offsets = normalise_span(text, 0, len(text))
    assert norm == "The revolution began in February."
    for i, ch in enumerate(norm):
        if ch != " ":
            assert text[offsets[i]] == ch


def test_compound_hyphen_before_capital_is_kept():
    text = "non-\nRussian nations"
    norm, _ = normalise_span(text, 0, len(text))
    assert norm == "non- Russian nations"


def test_line_starts_counts_all_line_ends():
    assert list(line_starts("a\r\nb\rc\nd")) == [0, 3, 5, 7]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -.\n\r\t\u00a0\u200b“”’A")), max_size=200))
def test_offsets_always_point_at_the_same_character(text):
    for b in find_blocks(text):
        assert 0 <= b.start <= b.end <= len(text)
        norm, offsets = normalise_span(text, b.start, b.end)
        assert len(norm) == len(offsets)
        for i, ch in enumerate(norm):
            if ch == " ":
                assert text[offsets[i]].isspace() or text[offsets[i]] == "\u200b"
            else:
                assert text[offsets[i]] == ch
        assert list(offsets) == sorted(offsets)
