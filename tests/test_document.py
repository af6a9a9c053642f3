"""The document model: spans map back to the text as read, labels, normalised text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.document import build_document, seed_documents


def _check_spans(doc):
    for p in doc.paragraphs:
        assert doc.text[p.span.start:p.span.end] == p.span.text
        assert p.span.line == doc.text.count("\n", 0, p.span.start) + 1 or "\r" in doc.text
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
        assert s.start < s.end
        assert s.norm == " ".join(s.norm.split())
        para = doc.paragraphs[s.paragraph]
        assert para.span.start <= s.start and s.end <= para.span.end


def test_seed_spans_round_trip(seed_a, seed_b):
    _check_spans(seed_a)
    _check_spans(seed_b)


def test_on_23_february_sentence_offsets(seed_a):
    s = next(s for s in seed_a.sentences if s.norm.startswith("On 23 February"))
    assert s.line == 61
    assert s.text.startswith("On 23 \nFebruary, the women textile workers")
    assert s.text.endswith("demonstrations in the city.")
    assert seed_a.text.index("On 23 \nFebruary") == s.start


def test_labels(seed_a, seed_b):
    assert seed_a.label == "000_ab4442d8237ac182"  # first line is a sentence, not a title
    assert seed_b.label == "The fascinating People’s account of how the Russian Revolution was actually won"
    assert build_document("Some words here.", "mine").label == "mine"


def test_norm_maps_back(seed_b):
    i = seed_b.norm.index("7,000 female textile workers")
    start, end = seed_b.to_original(i, i + len("7,000 female textile workers"))
    assert seed_b.text[start:end] == "7,000 female textile workers"


def test_seed_documents_are_bundled():
    docs = seed_documents()
    assert [d.path.split("/")[-1] for d in docs] == ["000_ab4442d8237ac182.txt", "002_652f8971bb0f7abe.txt"]


def test_crlf_document_lines():
    doc = build_document("First line\r\nsecond line.\r\n\r\nNew para.\r\n")
    assert [p.span.line for p in doc.paragraphs] == [1, 4]
    assert doc.sentences[-1].text == "New para."


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400))
def test_any_text_builds_and_round_trips(text):
    doc = build_document(text)
    _check_spans(doc)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Mr. Smith", "went", "home.", "“Yes", "no”", "…", "\n", "\n\n", "St.", "Day 2",
                                 "e.g.", "–", "women’s", "(most)", "23 February 1917."]), max_size=60))
def test_wordy_text_round_trips(words):
    _check_spans(build_document(" ".join(words)))
