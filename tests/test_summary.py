"""summarise(): the counts, strongest findings and timeline span a reader wants first, from a report's dict."""

from __future__ import annotations

from compare import build_document, build_report, summarise


def test_summary_of_a_constructed_pair():
    a = build_document("On 23 February 1917, 7,000 women textile workers went on strike in Petrograd.\n\n"
                       "The tsar abdicated on 2 March 1917.\n", "a")
    b = build_document("On 23 February 1917, 90,000 women textile workers went on strike in Petrograd.\n", "b")
    s = summarise(build_report([a, b], method="lexical").to_dict())
    assert s.counts["divergences"] == 1 and s.divergence_types == {"number": 1}
    top = s.divergences[0]
    assert (top.type, top.a_line, top.b_line) == ("number", 1, 1)
    assert "7,000" in top.a_words and "90,000" in top.b_words
    assert s.timeline_span == ("1917-02-23", "1917-03-02")
    assert s.counts["timeline"] == 2 and s.calendar == "as-written"
    assert s.to_dict()["counts"] == s.counts


def test_summary_follows_the_sections_the_report_has():
    s = summarise({"timeline": [], "summary": {"calendar": "julian"}})
    assert s.counts == {"timeline": 0} and s.timeline_span is None and s.divergences == []
    assert summarise({}).counts == {}
