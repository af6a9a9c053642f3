"""The support check: each sentence of the shorter account against the sentences of the other that support it."""

from __future__ import annotations

from compare.document import build_document
from compare.report import build_report
from compare.support import check_support

DOC = ("The company reported revenue of $3.08 billion for the third quarter, up 12% from a year earlier. "
       "It raised its dividend to $0.13 per share and expects net debt to fall below $25 billion. "
       "Chief executive Vicki Hollub said the board approved a share repurchase program. "
       "Shipments rose in every region, and the offer is open to clinics for just $480 a month for two weeks. "
       "The firm did not change its forecast for next year. ") * 2


def _kinds(summary: str) -> list[str]:
    a = build_document(DOC, "document")
    b = build_document(summary, "summary")
    return [f.kind for f in check_support(b, a)]


def test_faithful_summary_has_no_divergence() -> None:
    assert _kinds("The company reported revenue of $3.1 billion for the third quarter, up 12%. "
                  "The board approved a share repurchase program.") == []


def test_changed_figure_and_name_and_negation() -> None:
    assert "number" in _kinds("The company reported revenue of $4.2 billion for the third quarter.")
    assert "entity" in _kinds("Chief executive Lopez said the board approved a share repurchase program, and the "
                              "company raised its dividend to $0.13 per share.")
    assert "negation" in _kinds("The board did not approve a share repurchase program, said Vicki Hollub.")
    assert "antonym" in _kinds("Shipments fell in every region, and the offer is open to clinics for $480.")


def test_evidence_is_a_true_span_of_each_side() -> None:
    a = build_document(DOC, "document")
    b = build_document("The company reported revenue of $4.2 billion for the third quarter.", "summary")
    found = check_support(b, a)
    assert found
    for f in found:
        for e in f.evidence:
            doc = b if e.side == "b" else a
            assert doc.text[e.span.start:e.span.end] == e.span.text
        assert {e.side for e in f.evidence} == {"a", "b"}


def test_about_tolerance_in_the_report() -> None:
    a = build_document("The strike spread to 90,000 people by the next day.", "a")
    b = build_document("About 100,000 people joined the strike by the next day.", "b")
    rep = build_report([a, b], sections=("divergences",))
    assert [f.judgement.type for f in rep.findings("divergence")] == ["number"]
    a = build_document("The strike spread to 1,500,000 people by the next day.", "a")
    b = build_document("The strike spread to 1.5 million people by the next day.", "b")
    rep = build_report([a, b], sections=("divergences",))
    assert rep.findings("divergence") == []


def test_independent_account_details_are_not_divergences(seed_a, seed_b) -> None:
    # the leaflet is a quarter of the article but not a summary of it: its own figures and names are unique
    found = check_support(seed_a, seed_b, checked_side="a")
    assert not [f for f in found if "appears nowhere" in f.reason]
