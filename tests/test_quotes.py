"""Quotation extraction: the seed cases, nesting, marks that are not quotations, adversarial input."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.document import build_document, seed_documents
from compare.quotes import MAX_QUOTE_CHARS, extract_quotes, find_quotes, split_segments


@pytest.fixture(scope="module")
def seeds():
    docs = seed_documents()
    return docs, [find_quotes(d, i) for i, d in enumerate(docs)]


def _one(quotes, prefix):
    found = [q for q in quotes if q.text.startswith(prefix)]
    assert len(found) == 1, [q.text[:40] for q in found]
    return found[0]


def test_seed000_two_paragraph_trotsky(seeds):
    docs, quotes = seeds
    text = docs[0].text
    q = _one(quotes[0], "the direct interference of the masses")
    assert q.id == "d0q1" and q.kind == "quotation"
    assert q.span.start == text.index("“the direct interference")
    assert q.span.end == text.index("own destiny.”") + len("own destiny.”")
    assert (q.content.start, q.content.end) == (q.span.start + 1, q.span.end - 1)
    assert q.span.line == 40
    # unwrapped, the second paragraph's opening mark dropped, the ellipsis splitting it in two
    assert "\n" not in q.text and "“" not in q.text
    assert "line of business--kings, ministers, bureaucrats, parliamentarians, journalists. But at those crucial" \
        in q.text
    assert q.text.endswith("over their own destiny.")
    assert q.flags == ("multi_paragraph", "ellipsis")
    assert len(q.segments) == 2 and q.segments[1].startswith("The history of a revolution is for us")
    assert q.speaker == "Leon Trotsky" and q.via is None
    assert q.cue == "Leon Trotsky, one of the leaders of the Russian Revolution, summed up a revolution as being:"


def test_seed000_apostrophes_and_scare_quotes(seeds):
    _, quotes = seeds
    # women’s, world’s, workers’, soldiers’, peasants’ are apostrophes: only these eight are quotations/terms
    assert [(q.text, q.kind) for q in quotes[0]] == [
        ("political revolution", "term"),
        ("the direct interference of the masses in historical events. In ordinary times, the state, be it "
         "monarchical or democratic, elevates itself above the nation, and history is made by specialists in "
         "that line of business--kings, ministers, bureaucrats, parliamentarians, journalists. But at those "
         "crucial moments when the old order becomes no longer endurable to the masses, they break over the "
         "barriers excluding them from the political arena, sweep aside their traditional representatives, and "
         "create by their own interference the initial groundwork for a new regime...The history of a revolution "
         "is for us, first of all, a history of the forcible entrance of the masses into the realm of rulership "
         "over their own destiny.", "quotation"),
        ("bead, peace and land", "term"), ("soviets", "term"), ("history", "term"), ("real", "term"),
        ("went off the rails", "term"), ("putsch", "term")]


def test_seed002_closing_mark_only(seeds):
    docs, quotes = seeds
    text = docs[1].text
    q = _one(quotes[1], "Though the call had not come from their leaders")
    assert q.span.start == q.content.start == text.index("Though the call")
    assert text[q.span.end - 1] == "”" and q.text.endswith("mass demonstrations on the morrow.")
    assert q.flags[0] == "missing_open"
    assert q.speaker == "the book" and "continued_source" in q.flags   # "I will quote often from the book"

    q = _one(quotes[1], "…the Cossacks did not hinder the workers")
    assert q.span.start == text.index("…the Cossacks")
    assert q.flags == ("missing_open", "ellipsis")
    assert q.speaker == "Trotsky" and q.cue == "From Trotsky:"          # cue colon ending the paragraph before
    assert q.segments == ("the Cossacks did not hinder the workers from diving under their horses. The revolution "
                          "does not choose its paths: it made its first steps towards victory under the belly of a "
                          "Cossack’s horse.",)


def test_seed002_nested_with_their_own_speakers(seeds):
    docs, quotes = seeds
    by_id = {q.id: q for q in quotes[1]}
    outer = _one(quotes[1], "But the elemental social forces")
    inner = _one(quotes[1], "absolutely no guiding initiative")
    assert inner.parent == outer.id and inner.kind == "quotation"
    assert inner.speaker == "One rank and file Bolshevik" and inner.via == "the book"
    assert inner.cue == "One rank and file Bolshevik reported:"
    okhrana = _one(quotes[1], "the general attitude of the nonparty masses")   # opened with a reversed ’
    assert okhrana.parent == outer.id and "wrong_direction" in okhrana.flags
    assert len(outer.segments) == 4

    soldiers = _one(quotes[1], "The workers approached them")
    assert "unclosed" in soldiers.flags                 # never closed: ends with its paragraph
    assert soldiers.span.end == docs[1].text.index("their pain.’") + len("their pain.’")
    sullen = _one(quotes[1], "The soldiers are sullen")
    assert sullen.parent == soldiers.id and sullen.speaker == "Trotsky" and sullen.cue == "(Trotsky)"
    assert sullen.via == "the book"

    answer = _one(quotes[1], "conscious and temporary workers")
    assert answer.speaker == "Trotsky" and by_id[answer.parent].text.startswith("This does not mean")
    question = _one(quotes[1], "Who led the February revolution?")
    assert question.speaker is None                     # the cue after it introduces the next quotation


def test_seed002_cues(seeds):
    _, quotes = seeds
    sailor = _one(quotes[1], "Take power, you son-of-a-bitch")
    assert sailor.speaker == "a sailor" and sailor.cue == "a sailor cursed at Trotsky:"
    army = _one(quotes[1], "…the fate of every revolution")
    assert army.speaker == "Trotsky" and army.cue == "echoed by Trotsky:"
    police = _one(quotes[1], "The police never go over to the crowd")
    assert police.speaker == "the book" and police.cue == "The book has a superb passage"
    culture = [q for q in quotes[1] if q.text == "canteen culture"]
    assert [q.kind for q in culture] == ["term", "term"] and culture[0].parent == police.id


def test_seed002_terms_are_not_quotations(seeds):
    _, quotes = seeds
    kinds = {q.text: q.kind for q in quotes[1]}
    for term in ("revolution", "Day 2", "peace", "easy, easy", "Everybody hates the police", "spontaneous",
                 "peoples’ histories", "every person for themselves"):
        assert kinds[term] == "term", term
    assert kinds["The Top State Sponsor of Terrorism"] == "title"
    # no quotation starts or ends at an apostrophe (People’s, West’s, it’s, didn’t …)
    text = seed_documents()[1].text
    for q in quotes[1]:
        assert not text[q.span.start - 1:q.span.start].isalpha()


def test_pull_quote_text_and_ellipsis(seeds):
    _, quotes = seeds
    q = _one(quotes[1], "There has been a lot of of predictably terrible journalism")
    assert q.span.line == 24 and q.speaker is None and q.flags == ("ellipsis",)
    assert q.text.endswith("(West European) democracy…")


def test_uk_style_nesting_and_interrupted_speech():
    text = "‘I heard him say “never again” twice,’ she said, ‘and I believed him.’"
    qs = extract_quotes(text)
    assert [(q.text, q.parent, q.kind) for q in qs] == [
        ("I heard him say “never again” twice,", None, "quotation"),
        ("never again", 0, "quotation"),    # a cue verb makes even two words a quotation
        ("and I believed him.", None, "quotation")]
    assert qs[0].cue == "she said" and qs[1].cue == "him say" and qs[1].speaker is None
    assert qs[0].flags == qs[2].flags == ("interrupted",) and qs[2].cue == "she said"
    qs = extract_quotes("“We shall not wait,” Trotsky wrote, “for the leaders to call us.”")
    assert [(q.speaker, q.flags) for q in qs] == [("Trotsky", ("interrupted",)), ("Trotsky", ("interrupted",))]


def test_cue_after_and_before():
    qs = extract_quotes('"It was only my whim," he said; and, after a moment: "It was on account of a discovery."\n\n'
                        '"Never heard it before, sir!" said the man with the basket.\n\n'
                        'According to Mrs. Reed, "the house was empty by noon that day."')
    assert [q.text for q in qs] == ["It was only my whim,", "It was on account of a discovery.",
                                    "Never heard it before, sir!", "the house was empty by noon that day."]
    assert qs[0].speaker is None and qs[0].cue == "he said"      # a pronoun names nobody
    assert qs[2].speaker == "the man with the basket"
    assert qs[3].speaker == "Mrs. Reed"
    assert all(not q.flags for q in qs)


def test_mixed_and_wrong_direction_marks():
    qs = extract_quotes('He wrote: “the workers will win the day in the end." Then nothing.')
    assert len(qs) == 1 and qs[0].flags == ("mixed_marks",) and qs[0].text == "the workers will win the day in the end."
    qs = extract_quotes("”Hello there, my old friend,” he said to the porter.")
    assert qs[0].text == "Hello there, my old friend," and "wrong_direction" in qs[0].flags


def test_unclosed_is_closed_at_paragraph_end():
    text = "She said: “we will never give in, whatever happens to us\n\nNext paragraph here."
    (q,) = extract_quotes(text)
    assert q.end == text.index("\n\n") and q.flags == ("unclosed",)
    assert q.text == "we will never give in, whatever happens to us"


def test_segments():
    assert split_segments("a b … c d [...] e . . . f") == ("a b", "c d", "e", "f")
    assert split_segments("…the Cossacks did….") == ("the Cossacks did",)


def test_to_dict_is_json(seeds):
    _, quotes = seeds
    d = quotes[0][1].to_dict()
    json.dumps(d)
    assert {"id", "doc", "start", "end", "line", "text", "content", "kind", "speaker", "via", "cue", "parent",
            "flags", "segments"} <= set(d)
    assert d["content"]["start"] == d["start"] + 1


def test_adversarial_input_is_fast():
    t0 = time.perf_counter()
    qs = extract_quotes("“ " * 10_000)
    assert len(qs) == 10_000
    big = "He said: “" + "all work and no play " * 50_000
    assert extract_quotes(big) == []          # open for a megabyte without a paragraph break: a stray mark
    long_ = "He said: “" + "all work and no play " * 400
    (q,) = extract_quotes(long_)              # 8,400 characters: still an unclosed quotation to the paragraph end
    assert q.flags == ("unclosed",) and q.end == len(long_.rstrip())
    extract_quotes("“a ‘b " * 10_000)
    extract_quotes("word ” " * 10_000)
    assert time.perf_counter() - t0 < 5


def test_quotation_length_is_bounded_without_a_paragraph_break():
    """On one giant paragraph (a web page with no line breaks) a mis-paired mark pairs with one far away; past
    MAX_QUOTE_CHARS the marks are stray and the quotations near them are found as they are (issue 10)."""
    filler = "the workers marched on and on " * (MAX_QUOTE_CHARS // 30 + 10)
    text = ("A stray “ opener. " + filler + "“Bread and peace,” they cried. " + filler
            + "A lone closer ” here. “We shall win.”")
    qs = extract_quotes(text)
    assert [(q.text, q.flags) for q in qs] == [("Bread and peace,", ()), ("We shall win.", ())]
    # marks exactly MAX_QUOTE_CHARS apart are one quotation ...
    body = ("word " * MAX_QUOTE_CHARS)[:MAX_QUOTE_CHARS - 2] + "."
    (q,) = extract_quotes("“" + body + "”")
    assert (q.start, q.end, q.flags) == (0, MAX_QUOTE_CHARS + 1, ())
    # ... one character further, and the opener is stray, and so is the closer: nothing before it within reach
    assert extract_quotes("“x" + body + "”") == []
    assert extract_quotes("x" * 10 + body + "x”") == []
    assert [q.flags for q in extract_quotes(body + "”")] == [("missing_open",)]
    # a paragraph break still ends a quotation that was not closed
    para = "He said: “" + "all work and no play " * 400 + "\n\nNext paragraph."
    (q,) = extract_quotes(para)
    assert q.flags == ("unclosed",) and para[q.cstart:q.cend].endswith("no play")


def test_document_without_quotes():
    doc = build_document("No quotation marks here, only the workers’ movement and women’s rights.\n")
    assert find_quotes(doc) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,:\n“”‘’\"'…—(")), max_size=300))
def test_never_crashes_and_spans_hold(text):
    for q in extract_quotes(text):
        assert 0 <= q.start <= q.cstart <= q.cend <= q.end <= len(text)
        assert q.kind in {"quotation", "term", "title"}
        assert q.parent is None or q.parent >= 0


def test_block_quotation_after_cue_colon():
    text = ("Trotsky wrote:\n\nThe history of a revolution is for us, first of all, a history of the forcible "
            "entrance of the masses.\n\nAnd I saw it with my own eyes:\n\nThe police gave way at the bridge.\n")
    qs = extract_quotes(text)
    assert [(q.text[:27], q.speaker, q.flags) for q in qs] == [("The history of a revolution", "Trotsky", ("block",))]
    assert text[qs[0].start:qs[0].end].endswith("of the masses.")
