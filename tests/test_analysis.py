"""The analyse stage: read once per document, true spans, numbers with what they count, names joined."""

from __future__ import annotations

import pytest

from compare.analysis import analyse, passage_claims
from compare.document import Document, build_document, seed_documents


def test_memoised_per_document(seed_a: Document) -> None:
    assert analyse(seed_a) is analyse(seed_a)
    assert len(analyse(seed_a).sentences) == len(seed_a.sentences)


def test_every_span_maps_back(seed_b: Document) -> None:
    an = analyse(seed_b)
    for s in an.sentences:
        assert seed_b.text[s.span.start:s.span.end] == s.span.text
        for t in s.tokens:
            assert seed_b.text[t.start:t.end] == t.text
        for n in s.numbers:
            assert seed_b.text[n.span.start:n.span.end] == n.span.text
        for f in s.figures:
            assert seed_b.text[f.start:f.end] == f.text
        for m in s.names:
            assert seed_b.text[m.span.start:m.span.end] == m.span.text
        for mo in s.modality:
            assert seed_b.text[mo.cue.start:mo.cue.end] == mo.cue.text


def test_numbers_count_things() -> None:
    doc = build_document("The strike spread to 90,000 workers by the next day. About 1.5 million people "
                         "joined later.")
    an = analyse(doc)
    n0 = an.sentences[0].numbers[0]
    assert (n0.value, n0.head, n0.approx) == (90_000, "worker", "exact")
    n1 = an.sentences[1].numbers[0]
    assert (n1.value, n1.approx, n1.head) == (1_500_000, "about", "person")


def test_figures_are_every_figure_as_written_and_numbers_the_counts_among_them() -> None:
    """The figures later stages read (support's number check) are found once here: years and days of dates too,
    at document offsets; the counts are the ones with a counted thing."""
    doc = build_document("Intro line.\n\nOn 23 February 1917 about 7,000 women marched; by the 25th, 200,000 had.")
    s = analyse(doc).sentences[1]
    assert [(f.text, f.value) for f in s.figures] == [("23", 23), ("1917", 1917), ("7,000", 7000), ("25", 25),
                                                        ("200,000", 200_000)]
    assert all(doc.text[f.start:f.end] == f.text for f in s.figures)
    assert [(n.value, n.head) for n in s.numbers] == [(7000, "woman"), (25, None), (200_000, None)]


def test_forms_of_one_name_are_joined() -> None:
    doc = build_document("Leon Trotsky arrived in Petrograd in May. Later Trotsky led the Red Guards.")
    an = analyse(doc)
    keys = {m.span.text: m.key for s in an.sentences for m in s.names}
    assert keys["Leon Trotsky"] == keys["Trotsky"]
    assert keys["Petrograd"] != keys["Trotsky"]


def test_negation_modality_and_event() -> None:
    doc = build_document("The board did not approve the merger. Prices reportedly rose sharply.")
    s0, s1 = analyse(doc).sentences
    assert s0.event.predicate == "approv" and s0.event.negated
    assert s1.event.predicate == "rise" and not s1.event.negated
    assert [m.kind for m in s1.modality] == ["hedge"]


def test_passage_claims_join_sentences(seed_a: Document) -> None:
    c = passage_claims(seed_a, range(0, 3))
    an = analyse(seed_a)
    assert len(c.numbers) == sum(len(an.sentences[i].claims.numbers) for i in range(3))
    assert c.text == seed_a.text[c.offset:c.offset + len(c.text)]


def test_quotations_found_on_first_use(seed_b: Document) -> None:
    qs = analyse(seed_b).quotations
    assert qs and all(seed_b.text[q.span.start:q.span.end] == q.span.text for q in qs)


def test_a_repeated_sentence_is_read_once_and_placed_at_each_occurrence(monkeypatch) -> None:
    import compare.analysis as analysis

    para = ("The Bolsheviks did not lead the strike of 7,000 women, reportedly. "
            "It spread on 23 February 1917 as workers marched.")
    text = "\n\n".join([para, "Prices rose sharply.", para, para])
    reads: list[str] = []
    real = analysis._read
    monkeypatch.setattr(analysis, "_read", lambda t, spans, *known: reads.append(t) or real(t, spans, *known))
    doc = build_document(text)
    an = analyse(doc)
    assert len(reads) == 3                 # two distinct repeated sentences, once each; the lone one once
    first, again = an.sentences[0], an.sentences[3]
    assert first.span.text == again.span.text and first.span.start < again.span.start
    shift = again.span.start - first.span.start
    assert [n.span.start + shift for n in first.numbers] == [n.span.start for n in again.numbers]
    assert [m.cue.start + shift for m in first.modality] == [m.cue.start for m in again.modality]
    assert [a.start + shift for a in first.claims.actors] == [a.start for a in again.claims.actors]
    assert [n.scope_start + shift for n in first.negations] == [n.scope_start for n in again.negations]
    assert first.event.predicate_span and again.event.predicate_span
    assert first.event.predicate_span.start + shift == again.event.predicate_span.start
    assert [t.start + shift for t in first.tokens] == [t.start for t in again.tokens]
    for s in an.sentences:                 # every placed span is a true span
        for t in s.tokens:
            assert doc.text[t.start:t.end] == t.text
        for mo in s.modality:
            assert doc.text[mo.cue.start:mo.cue.end] == mo.cue.text
        for st in s.claims.stances:
            assert doc.text[st.start:st.end] == st.cue
    # the same as reading every sentence afresh
    monkeypatch.setattr(analysis, "_read", real)
    fresh = [analysis._read(s.text, [(d.start - s.start, d.end - s.start) for d in an.sentences[s.index].dates])
             for s in doc.sentences]
    assert [f[7] for f in fresh] == [s.stems for s in an.sentences]


def test_shared_readings_read_a_sentence_two_documents_share_once(monkeypatch) -> None:
    import compare.analysis as analysis

    shared = "The Bolsheviks did not lead the strike of 7,000 women on 23 February 1917."
    a = build_document(f"Prices rose. {shared}", "a")
    b = build_document(f"{shared} Bread ran out.", "b")
    reads: list[str] = []
    real = analysis._read
    monkeypatch.setattr(analysis, "_read", lambda t, spans, *known: reads.append(t) or real(t, spans, *known))
    with analysis.shared_readings([a, b]):
        an, bn = analyse(a), analyse(b)
    assert analysis._SHARED is None                       # let go when the block ends
    assert sorted(reads) == sorted(["Prices rose.", shared, "Bread ran out."])
    sa, sb = an.sentences[1], bn.sentences[0]
    assert sa.span.text == sb.span.text == shared and sa.span.start > 0 == sb.span.start
    assert [n.span.text for n in sa.numbers] == [n.span.text for n in sb.numbers]
    assert [n.span.start - sa.span.start for n in sa.numbers] == [n.span.start for n in sb.numbers]
    assert [d.start - sa.span.start for d in sa.dates] == [d.start for d in sb.dates]
    for doc, s in ((a, sa), (b, sb)):
        for st in s.claims.stances:
            assert doc.text[st.start:st.end] == st.cue


def test_the_words_layer_is_read_once_and_shared_by_align_and_analyse(monkeypatch) -> None:
    import compare.analysis as analysis
    from compare.align import align

    a, b = (build_document(d.text, d.label) for d in seed_documents())   # nothing read of them yet
    reads: list[str] = []
    real = analysis._read_words
    monkeypatch.setattr(analysis, "_read_words", lambda t: reads.append(t) or real(t))
    align(a, b, method="lexical")
    assert sorted(reads) == sorted({s.text for d in (a, b) for s in d.sentences})   # each text once
    reads.clear()
    an = analyse(a)                                   # analyse starts from what align read
    assert reads == []
    words = analysis.sentence_words(a)
    for s, w, sa in zip(a.sentences, words, an.sentences):
        assert w.terms == sa.terms and w.numeric == sa.numeric
        assert [t.start + s.start for t in w.tokens()] == [t.start for t in sa.tokens]
        assert all(s.text[t.start:t.end] == t.text for t in w.tokens())


def test_the_words_layer_of_an_analysed_document_comes_from_its_analysis(monkeypatch) -> None:
    import compare.analysis as analysis

    seed = seed_documents()[0]
    doc = build_document(seed.text, seed.label)
    an = analyse(doc)
    monkeypatch.setattr(analysis, "_read_words", lambda t: pytest.fail(f"read again: {t!r}"))
    words = analysis.sentence_words(doc)
    assert [w.terms for w in words] == [s.terms for s in an.sentences]
    assert [w.words for w in words] == [s.words for s in an.sentences]
