"""The analyse stage: read once per document, true spans, numbers with what they count, names joined."""

from __future__ import annotations

from compare.analysis import analyse, passage_claims
from compare.document import Document, build_document


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
