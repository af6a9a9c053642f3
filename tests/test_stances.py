"""compare.stances: what two accounts say about an actor's role and about how it turned out."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st


def test_actor_stance_bolshevik_role_across_the_seeds(seeds):
    from compare.stances import compare_actor_stances
    docs, _ = seeds
    out = compare_actor_stances(docs[0], docs[1])
    divs = [x for x in out if x.judgement.label == "divergence"]
    assert len(divs) == 1 and not [x for x in out if x.judgement.label != "divergence"]
    d = divs[0]
    j = d.judgement
    assert (j.type, j.details["basis"], d.actor) == ("stance", "actor stance", "Bolshevik party")
    assert 0.6 <= j.score <= 0.85
    assert "only the leaders of the Bolshevik party which saw" in " ".join(d.a.text.split())
    assert "Bolshevik party" in d.b.text
    for e in j.evidence:                             # every quote points into its document
        doc = docs[0] if e.side == "a" else docs[1]
        assert " ".join(doc.text[e.start:e.end].split()) == e.text
    quoted_b = [e.text for e in j.evidence if e.side == "b"]
    assert "But the Bolsheviks were quite behind the People" in quoted_b
    assert any("not guided at all by the Bolshevik party" in t for t in quoted_b)
    claims = j.details["claims"]
    # "they led…" is read as the Bolshevik leaders of the sentence before, and said so
    assert any(c["side"] == "a" and c["cue"] == "led" and c["pronoun"] and c["pronoun"].startswith("'they'")
               for c in claims)
    # the writer's refuted "the Bolshevik Party took the reins … not at all true!" counts against the party
    reins = next(c for c in claims if c["cue"] == "took the reins")
    assert (reins["side"], reins["sign"], reins["frame"]) == ("b", -1, "refuted")
    assert all(c["sign"] == 1 for c in claims if c["side"] == "a")
    assert all(c["sign"] == -1 for c in claims if c["side"] == "b")
    assert j.details["against"] == []


def test_actor_stance_needs_claims_on_both_sides():
    from compare.document import build_document
    from compare.stances import compare_actor_stances
    led = build_document("The Bolsheviks led the strike in Petrograd. The Bolsheviks organised the march.", "a")
    mentioned = build_document("The Bolsheviks met in Petrograd. Many workers marched.", "b")
    lagged = build_document("The Bolsheviks lagged behind the workers. The Bolsheviks followed the crowd.", "c")
    mixed = build_document("The Bolsheviks lagged behind the workers. The Bolsheviks led the march.", "d")
    assert compare_actor_stances(led, mentioned) == []          # only mentioned on one side
    assert compare_actor_stances(led, mixed) == []              # one side says both: inconsistent
    [d] = compare_actor_stances(led, lagged)
    assert (d.judgement.label, d.judgement.type) == ("divergence", "stance")
    assert {e.side for e in d.judgement.evidence} == {"a", "b"}
    # one claim a side is a passing mention, not a view of the actor's role: neither label
    assert compare_actor_stances(led, build_document("The Bolsheviks led the strike.", "e")) == []
    assert compare_actor_stances(led, build_document("The Bolsheviks lagged behind the workers.", "f")) == []
    [agree] = compare_actor_stances(led, led)
    assert agree.judgement.label == "agreement"


def test_actor_stance_control_one_text_two_translations(eval_dir):
    from compare.document import build_document
    from compare.stances import compare_actor_stances

    def book(tr: str):
        lines = (eval_dir / "bible" / tr / "MRK.tsv").read_text(encoding="utf-8").splitlines()
        return build_document("\n".join(x.split("\t", 1)[1] for x in lines if "\t" in x), tr)

    out = compare_actor_stances(book("kjv"), book("web"))
    assert [x for x in out if x.judgement.label == "divergence"] == []


_PIECES_A = st.sampled_from(["The", "Bolsheviks", "they", "led", "not", "behind the People", "the strike", ".",
                             ",", "…not at all true!", "“", "”", "\n\n", "Lenin", "7,000", "23 February", "He"])


_PIECES_B = st.sampled_from(["The", "Bolsheviks", "Lenin", "lagged behind", "never", "called", "nonsense", ".",
                             "5,000", "they", "organised", "\n", "the idea that"])


@given(st.lists(_PIECES_A, max_size=30), st.lists(_PIECES_B, max_size=30))
@settings(max_examples=60, deadline=None)
def test_actor_stances_never_crash_and_quote_their_text(wa, wb):
    from compare.document import build_document
    from compare.stances import compare_actor_stances
    a, b = build_document(" ".join(wa), "a"), build_document(" ".join(wb), "b")
    for x in compare_actor_stances(a, b):
        assert x.judgement.label in ("agreement", "divergence") and 0 <= x.judgement.score <= 1
        for e in x.judgement.evidence:
            doc = a if e.side == "a" else b
            assert " ".join(doc.text[e.start:e.end].split()) == e.text
