"""The same-event gate: a shared date or name alone is never an agreement."""

from __future__ import annotations

from compare.document import Document
from compare.events import same_event


def _span(doc: Document, text: str):
    i = doc.text.index(text)
    return doc.span(i, i + len(text))


def test_shared_year_is_not_the_same_event(seed_a: Document, seed_b: Document) -> None:
    a = _span(seed_a, "The Russian revolution began in February 1917.")
    b = _span(seed_b, "Again, the October Revolution was such a joyous cakewalk")
    assert not same_event(seed_a, a, seed_b, b).same


def test_same_day_and_a_shared_word_is(seed_a: Document, seed_b: Document) -> None:
    a = _span(seed_a, "On 23")
    a = seed_a.span(a.start, seed_a.text.index("several factories") + len("several factories"))
    b = _span(seed_b, "It was the working women of Petrograd")
    b = seed_b.span(b.start, seed_b.text.index("February 23, 1917.", b.start) + len("February 23, 1917."))
    m = same_event(seed_a, a, seed_b, b)
    assert m.same and "woman" in m.words
    for sp in m.a:
        assert seed_a.text[sp.start:sp.end] == sp.text
