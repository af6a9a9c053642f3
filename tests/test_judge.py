"""The judge on the seeds' expectations, constructed conflicts, the gold set, and the JSON schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from compare.judge import judge_pair

GOLD = Path(__file__).resolve().parent / "data" / "seed_gold.json"

EVIDENCE = {"type": "object", "required": ["side", "slot", "text", "start", "end"],
            "properties": {"side": {"enum": ["a", "b"]}, "slot": {"type": "string"}, "text": {"type": "string"},
                           "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}}}
JUDGEMENT_SCHEMA = {
    "type": "object", "required": ["label", "type", "score", "evidence", "reason", "details"],
    "properties": {
        "label": {"enum": ["agreement", "divergence", "elaboration"]},
        "type": {"enum": [None, "number", "date", "actor", "negation", "stance"]},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "evidence": {"type": "array", "items": EVIDENCE},
        "reason": {"type": "string", "minLength": 1},
        "details": {"type": "object"},
    },
    "if": {"properties": {"label": {"const": "divergence"}}},
    "then": {"properties": {"type": {"type": "string"}, "evidence": {"minItems": 2}}},
    "else": {"properties": {"type": {"const": None}}},
}


def _locate(text: str, quote: str) -> tuple[int, int]:
    m = re.search(r"\s+".join(re.escape(w) for w in quote.split()), text)
    assert m, quote
    return m.span()


def _judge_seeds(seeds, a_quote: str, b_quote: str, a_doc: int = 0, b_doc: int = 1):
    docs, dates = seeds
    sa, ea = _locate(docs[a_doc].text, a_quote)
    sb, eb = _locate(docs[b_doc].text, b_quote)
    return judge_pair(docs[a_doc].text[sa:ea], docs[b_doc].text[sb:eb], a_offset=sa, b_offset=sb,
                      a_dates=dates[a_doc], b_dates=dates[b_doc])


def test_seed_23_february_strike_is_agreement(seeds):
    j = _judge_seeds(seeds, "On 23 February, the women textile workers, without prior agreement from any party, went "
                            "on strike in several factories",
                     "It was the working women of Petrograd (St. Petersburg) – doubly oppressed by unfair conditions "
                     "at work and at home – who sparked the first day of the Russian Revolution on February 23, 1917.")
    assert j.label == "agreement"
    assert any(e.slot == "date" and e.value == "1917-02-23" for e in j.evidence)


def test_seed_bolshevik_role_is_stance_divergence_with_quotes(seeds):
    docs, _ = seeds
    j = _judge_seeds(seeds, "In the aftermath of February it was only the leaders of the Bolshevik party which saw "
                            "that the only way to win the slogans of the revolution",
                     "But the Bolsheviks were quite behind the People.")
    assert (j.label, j.type) == ("divergence", "stance")
    a, b = j.evidence[0], j.evidence[1]
    assert a.side == "a" and "leaders of the Bolshevik party" in " ".join(docs[0].text[a.start:a.end].split())
    assert b.side == "b" and docs[1].text[b.start:b.end] == "But the Bolsheviks were quite behind the People"


def test_seed_002_figures_are_elaboration(seeds):
    j = _judge_seeds(seeds, "On 23 February, the women textile workers, without prior agreement from any party, went "
                            "on strike in several factories",
                     "Amid World War I shortages, a totally spontaneous protest – not organized by any Bolshevik Party "
                     "(or Social Revolutionary Party, Meneshevik Party, etc.) – to demand bread was started by 7,000 "
                     "female textile workers. Where women go men will certainly follow, and by the end of the day "
                     "there were 100,000 people smashing open food shops.")
    assert j.label == "elaboration"
    # B gives the figures; A's passage, in turn, gives the day (23 February) this one lacks
    assert [(e.side, e.text) for e in j.evidence if e.slot == "number"] == [
        ("b", "7,000 female textile workers"), ("b", "100,000 people")]
    assert [(e.side, e.value) for e in j.evidence if e.slot == "date"] == [("a", "1917-02-23")]


def test_both_negative_about_party_is_agreement(seeds):
    j = _judge_seeds(seeds, "without prior agreement from any party",
                     "how the February Revolution was not guided at all by the Bolshevik party (or any party)")
    assert j.label == "agreement"


def test_negation_on_same_actor_is_negation_divergence(seeds):
    j = _judge_seeds(seeds, "not organized by any Bolshevik Party", "On Day 2 the Bolshevik Party took the reins",
                     a_doc=1, b_doc=1)
    assert (j.label, j.type) == ("divergence", "negation")
    assert [e.text for e in j.evidence[:2]] == ["not organized by any Bolshevik Party",
                                                "On Day 2 the Bolshevik Party took the reins"]


def test_constructed_number_conflict():
    j = judge_pair("By the end of the day there were 100,000 people smashing open food shops.",
                   "By the end of the day there were ten thousand people smashing open food shops.")
    assert (j.label, j.type) == ("divergence", "number")
    assert [(e.side, e.text) for e in j.evidence[:2]] == [("a", "100,000 people"), ("b", "ten thousand people")]
    # approximate figures that overlap do not conflict
    assert judge_pair("about five thousand men ate", "5,000 men ate").label == "agreement"


def test_constructed_negation_conflict():
    j = judge_pair("The strike was organised by the Bolshevik Party.",
                   "The strike was not organised by the Bolshevik Party.")
    assert (j.label, j.type) == ("divergence", "negation")
    assert j.score >= 0.8


def test_calendar_rule_same_day_is_agreement():
    j = judge_pair("On 8 March 1917 (New Style) the women textile workers went on strike.",
                   "On 23 February 1917 the women textile workers went on strike.")
    assert j.label == "agreement"
    assert "same day under two calendars" in j.reason
    j = judge_pair("On 23 February 1917 the women textile workers went on strike.",
                   "On 24 February 1917 the women textile workers went on strike.")
    assert (j.label, j.type) == ("divergence", "date")


def test_gold_set_shape_and_floor(seeds):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert len(gold["pairs"]) >= 30 and len(gold["unique"]) >= 5
    docs, dates = seeds
    by = {"000": 0, "002": 1}
    correct = 0
    for p in gold["pairs"]:
        sides = []
        for k in ("a", "b"):
            s = p[k]
            if s["doc"] == "constructed":
                sides.append((s["text"], 0, None))
            else:
                i = by[s["doc"]]
                st, en = _locate(docs[i].text, s["text"])
                sides.append((docs[i].text[st:en], st, dates[i]))
        j = judge_pair(sides[0][0], sides[1][0], a_offset=sides[0][1], b_offset=sides[1][1], a_dates=sides[0][2],
                       b_dates=sides[1][2])
        jsonschema.validate(j.to_dict(), JUDGEMENT_SCHEMA)
        json.dumps(j.to_dict())
        correct += (j.label, j.type) == (p["label"], p.get("type"))
    assert correct >= 42          # measured 44/48; benchmarks/report_eval.py prints the per-label table


def test_swapped_names_in_a_shared_frame_are_actor_divergence():
    j = judge_pair("When he came into the country of the Gergesenes, two people possessed with demons met him.",
                   "They came into the country of the Gadarenes. There met him a man with an unclean spirit.")
    kinds = {(c["type"], c["a"]["text"], c["b"]["text"]) for c in j.details["conflicts"]}
    assert ("actor", "Gergesenes", "Gadarenes") in kinds and ("number", "two people", "a man") in kinds
    # one name in two spellings is not a swap
    assert judge_pair("He went into the region of Judæa beyond the Jordan.",
                      "He went into the region of Judea beyond the Jordan.").label == "agreement"


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = st.sampled_from(["not", "the", "Bolshevik", "Party", "led", "7,000", "workers", "two", "a", "man", "on",
                          "23", "February", "1917", "Day", "3", "spontaneous", "behind", "people", "Lenin", ",",
                          ".", "without", "any", "party", "organised", "by", "(O.S.)", "8", "March"])


@given(st.lists(_WORDS, max_size=25), st.lists(_WORDS, max_size=25), st.integers(0, 500))
@settings(max_examples=150, deadline=None)
def test_judge_never_crashes_and_evidence_points_into_the_text(wa, wb, off):
    a, b = " ".join(wa), " ".join(wb)
    j = judge_pair(a, b, a_offset=off)
    jsonschema.validate(j.to_dict(), JUDGEMENT_SCHEMA)
    for e in j.evidence:
        text, base = (a, off) if e.side == "a" else (b, 0)
        assert " ".join(text[e.start - base:e.end - base].split()) == e.text


def test_same_role_different_group_or_person_is_actor_divergence():
    j = judge_pair("The workers were guided by the Mensheviks.", "The workers were guided by the Bolsheviks.")
    assert (j.label, j.type) == ("divergence", "actor")
    assert [e.text for e in j.evidence[:2]] == ["Mensheviks", "Bolsheviks"]
    j = judge_pair("Kerensky led the Provisional Government.", "Lvov led the Provisional Government.")
    assert (j.label, j.type) == ("divergence", "actor")
    # an imperative opening a quotation is not a name: no swap
    assert judge_pair('He said, "Show me a denarius."', 'He said, "Bring me a denarius."').label == "agreement"


def test_refusal_and_postposed_not_are_negations():
    j = judge_pair("The soldiers refused to fire.", "The soldiers fired on the crowd.")
    assert (j.label, j.type) == ("divergence", "negation")
    assert judge_pair("The soldiers refused to fire on the crowd.",
                      "The soldiers did not fire on the crowd.").label == "agreement"
    assert judge_pair("but thy disciples fast not?", "but your disciples don`t fast?").label == "agreement"


def test_judge_alignment_gives_one_judgement_per_pair_with_document_offsets(seeds):
    align_mod = pytest.importorskip("compare.align")
    from compare.judge import judge_alignment
    docs, _ = seeds
    al = align_mod.align(docs[0], docs[1])
    judgements = judge_alignment(al)
    assert len(judgements) == len(al.pairs)
    for pair, j in zip(al.pairs, judgements):
        jsonschema.validate(j.to_dict(), JUDGEMENT_SCHEMA)
        for e in j.evidence:
            span = pair.a if e.side == "a" else pair.b
            doc = docs[0] if e.side == "a" else docs[1]
            assert span.start <= e.start <= e.end <= span.end
            assert " ".join(doc.text[e.start:e.end].split()) == e.text


def test_judge_alignment_reads_the_analysis_and_judges_as_the_passages_would_be(seeds, monkeypatch):
    # analyse once: judging an alignment re-extracts nothing from slices, and gives the labels that extracting
    # each passage's claims with the documents' dates gives
    align_mod = pytest.importorskip("compare.align")
    import compare.judge as judge_mod
    from compare.dates import find_document_dates
    docs, _ = seeds
    al = align_mod.align(docs[0], docs[1])
    da, db = find_document_dates(docs[0]), find_document_dates(docs[1])
    expected = [judge_mod.judge_pair(p.a.text, p.b.text, a_offset=p.a.start, b_offset=p.b.start, a_dates=da,
                                     b_dates=db) for p in al.pairs]

    def no_extraction(*args, **kwargs):
        raise AssertionError("judge_alignment extracted claims again")

    monkeypatch.setattr(judge_mod, "extract_claims", no_extraction)
    got = judge_mod.judge_alignment(al)
    assert [(j.label, j.type) for j in got] == [(j.label, j.type) for j in expected]
    assert {"agreement", "elaboration"} <= {j.label for j in got}


def test_two_quantities_of_one_kind_are_not_a_number_conflict():
    # ECB+ dev: "his first 17 passes" / "29 of 34 passes", "his 11th point" / "10 points": other quantities
    for a, b in (("Manning completed his first 17 passes in leading the Colts to their eighth consecutive victory "
                  "and seventh straight playoff berth.",
                  "Manning completed 29 of 34 passes for 364 yards and 3 touchdowns in the Colts' 31-24 victory over "
                  "the Jaguars at Jacksonville Municipal Stadium."),
                 ("With a first-half free throw, junior forward Doug McDermott scored his 11th point of the "
                  "Bluejays' Valley tournament opener.",
                  "McDermott had 10 points in the first 7 minutes, then broke the record when he made the first of "
                  "two free throws."),
                 ("Raj Chohan was walking along parked cars on 117th Street near 97th Avenue at around 7 p.m.",
                  "Subryan allegedly struck Raj Chohan as she walked along parked cars on 117th Street in Queens.")):
        j = judge_pair(a, b)
        assert not (j.label == "divergence" and j.type == "number"), (a, b, j.reason)
    # a small count that differs is a miscount (two blind men in one account, three in the other)
    j = judge_pair("Two blind men sat by the road and cried out to him.",
                   "Three blind men sat by the road and cried out to him.")
    assert (j.label, j.type) == ("divergence", "number")


def test_people_and_a_noun_for_people_count_one_thing_unless_broken_down():
    j = judge_pair("About 100,000 people joined on the following day.",
                   "By the next day, 90,000 workers were on strike.")
    assert (j.label, j.type) == ("divergence", "number")       # "about" is 95,000-105,000 (lexicon.interval)
    # ECB+ dev 8_5/8_8: "two women and a man" are three of the "three people", not another count of them
    j = judge_pair("The three bank workers - two women and a man - were killed when their branch went up in flames.",
                   "Three people, one of them a pregnant woman, were killed when the bank went up in flames.")
    assert "two women" not in [e.text for e in j.evidence]
    assert not (j.label == "divergence" and j.type == "number" and j.score > 0.5), j.reason  # (the report drops
    # the singular rule's 0.5 guess, "a man" against "three people")


def test_one_month_whose_year_each_account_infers_differently_is_no_conflict():
    # ECB+ dev 36_1/36_3: "Last June" in two articles dated two years apart
    from compare.document import build_document
    from compare.report import build_report

    text = ("{}\n\nLast June, Oppal appointed a special prosecutor to look into allegations of criminal abuse at "
            "Bountiful, saying renewed public concerns compelled him to act.\n")
    docs = [build_document(text.format("January 8, 2004"), "a"), build_document(text.format("January 8, 2006"), "b")]
    assert [f.judgement.type for f in build_report(docs, sections=("divergences",)).findings("divergence")] == []
