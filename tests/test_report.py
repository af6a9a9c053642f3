"""`compare report` on the seeds: the issue's expectations, JSON against the schema, Markdown, sections."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from compare.cli import app
from compare.document import build_document
from compare.report import build_report

from conftest import ROOT

SCHEMA = json.loads((ROOT / "docs" / "compare.schema.json").read_text())


@pytest.fixture(scope="module")
def seed_report(seed_a, seed_b):
    return build_report([seed_a, seed_b])


def _folded(text: str) -> str:
    return " ".join(text.split())


def test_23_february_strike_is_an_agreement(seed_report):
    found = [f for f in seed_report.findings("agreement")
             if "On 23 February, the women textile workers" in _folded(f.a.text)]
    assert found, "the 23 February strike should be aligned and judged an agreement"
    assert any("February 23, 1917" in f.b.text or "7,000 female textile workers" in f.b.text
               for f in found)


def test_role_of_the_bolshevik_party_is_a_divergence(seed_report):
    divs = seed_report.findings("divergence")
    assert any("Bolshevik" in f.a.text and "Bolshevik" in f.b.text for f in divs)
    for f in divs:
        sides = {e.side for e in f.judgement.evidence}
        assert sides == {"a", "b"}, "a divergence quotes evidence from both sides"
    # the passages are not aligned: the divergence comes from the actor-stance comparison, and says so
    data = seed_report.to_dict()
    stance = [f for f in data["divergences"] if f["details"]["basis"] == "actor stance"]
    assert len(stance) == 1
    f = stance[0]
    assert f["align"] is None and f["type"] == "stance" and f is data["divergences"][0]
    assert "leaders of the Bolshevik party" in _folded(f["a"]["text"])
    texts = {e["side"]: [] for e in f["evidence"]}
    for e in f["evidence"]:
        texts[e["side"]].append(e["text"])
        doc = seed_report.documents[0 if e["side"] == "a" else 1]
        assert e["line"] == doc.line_of(e["start"]) and doc.text[e["start"]:e["end"]] == e["text"]
    assert "But the Bolsheviks were quite behind the People" in [_folded(t) for t in texts["b"]]


def test_findings_say_where_they_come_from(seed_report):
    data = seed_report.to_dict()
    for key in ("agreements", "divergences", "elaborations"):
        for f in data[key]:
            basis = f["details"]["basis"]
            assert basis in ("passage", "sentence", "unlinked sentence", "actor stance", "outcome", "support")
            assert (f["align"] is None) == (basis in ("actor stance", "outcome", "support"))
            for e in f["evidence"]:      # evidence is a true span of its document
                doc = seed_report.documents[f["a_doc"] if e["side"] == "a" else f["b_doc"]]
                assert doc.text[e["start"]:e["end"]] == e["text"]
            if basis in ("sentence", "unlinked sentence"):
                # the sentences sit inside the aligned passages, which are given too
                for side in ("a", "b"):
                    assert f["align"][side]["start"] <= f[side]["start"] < f[side]["end"] <= f["align"][side]["end"]
    assert data["summary"]["pairs"][0]["aligned"] == len(seed_report.pairs[0].alignment.pairs)


def test_seed_002_numbers_are_details_only_it_gives(seed_report):
    data = seed_report.to_dict()
    texts = [_folded(u["span"]["text"]) for u in data["unique"] if u["doc"] == 1]
    texts += [_folded(f["b"]["text"]) for f in data["elaborations"]]
    carried = " ".join(texts)
    assert "7,000 female textile workers" in carried and "100,000 people" in carried


def test_cairo_anecdote_is_unique_to_the_article(seed_report):
    data = seed_report.to_dict()
    aligned_b = " ".join(_folded(f["b"]["text"]) for key in ("agreements", "divergences", "elaborations")
                         for f in data[key])
    assert "Cairo" not in aligned_b
    assert any("Cairo" in u["span"]["text"] for u in data["unique"] if u["doc"] == 1)


def test_timeline_counts_days_from_day_one(seed_report):
    rows = {t.date: t for t in seed_report.timeline}
    day3 = rows["1917-02-25"]
    assert any(m.expression == "Day 3" and m.doc == 1 for m in day3.mentions)
    feb23 = rows["1917-02-23"]
    assert {m.doc for m in feb23.mentions} == {0, 1}


def test_calendar_rule_same_day_is_not_a_divergence():
    a = build_document("The strike began on 23 February 1917 in Petrograd, led by women textile workers.", "a")
    b = build_document("The strike began on 8 March 1917 (New Style) in Petrograd, led by women textile workers.",
                       "b")
    report = build_report([a, b], method="lexical", calendar="gregorian")
    assert not [f for f in report.findings("divergence") if f.judgement.type == "date"]
    assert [t.date for t in report.timeline if t.precision == "day"] == ["1917-03-08"]


def test_build_report_raises_the_young_gc_threshold_while_it_runs_and_restores_it():
    import gc

    from compare.report import REPORT_GC_YOUNG_THRESHOLD

    a = build_document("The strike began on 23 February 1917 in Petrograd.", "a")
    b = build_document("The strike began on 8 March 1917 in Petrograd.", "b")
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    try:
        gc.set_threshold(500, before[1], before[2])
        build_report([a, b], method="lexical", progress=lambda *_: seen.append(gc.get_threshold()))
        assert gc.get_threshold() == (500, before[1], before[2])
    finally:
        gc.set_threshold(*before)
    assert seen and all(t == (REPORT_GC_YOUNG_THRESHOLD, before[1], before[2]) for t in seen)


def test_build_report_freezes_what_each_stage_made_and_unfreezes_it_when_it_returns():
    import gc

    a = build_document("The strike began on 23 February 1917 in Petrograd.", "a")
    b = build_document("The strike began on 8 March 1917 in Petrograd.", "b")
    frozen: list[int] = []
    assert gc.get_freeze_count() == 0
    build_report([a, b], method="lexical", progress=lambda stage, *_: frozen.append(gc.get_freeze_count()))
    assert gc.get_freeze_count() == 0
    assert frozen and max(frozen) > 0             # the analyses were frozen before the pair's stages ran
    # a caller that froze objects itself keeps them frozen, and nothing more is frozen
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        frozen.clear()
        build_report([a, b], method="lexical", progress=lambda stage, *_: frozen.append(gc.get_freeze_count()))
        assert gc.get_freeze_count() == mine and set(frozen) == {mine}
    finally:
        gc.unfreeze()


def test_report_json_matches_schema_and_markdown():
    runner = CliRunner()
    res = runner.invoke(app, ["report", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["sections"] == ["divergences", "agreements", "elaborations", "unique", "quotes", "timeline"]
    res = runner.invoke(app, ["report", "--format", "markdown", "--calendar", "gregorian"])
    assert res.exit_code == 0
    assert res.stdout.startswith("- Documents: [0] 000_ab4442d8237ac182")
    for heading in ("## Divergences", "## Agreements", "## Shared quotations", "## Timeline (gregorian calendar)"):
        assert heading in res.stdout


def test_section_option_limits_output():
    res = CliRunner().invoke(app, ["report", "--section", "timeline", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["sections"] == ["timeline"] and "divergences" not in data and data["timeline"]


def test_report_needs_two_documents(tmp_path):
    doc = tmp_path / "one.txt"
    doc.write_text("Only one account here.")
    res = CliRunner().invoke(app, ["report", str(doc)])
    assert res.exit_code == 2 and "at least 2 documents" in res.stderr

_WORDS = st.sampled_from(["On", "23", "February", "1917", "the", "women", "workers", "struck", "“", "”", "‘", "’",
                          "not", "Bolsheviks", "led", "7,000", "Day", "3", "…", ".", "\n\n", "said", "Trotsky:",
                          "8 March 1917 (N.S.)", "the next day", "no", "party", "(", ")", "–"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=80), st.lists(_WORDS, min_size=1, max_size=80))
def test_report_never_crashes_and_spans_hold(words_a, words_b):
    a = build_document(" ".join(words_a) + " end.", "a")
    b = build_document(" ".join(words_b) + " end.", "b")
    data = build_report([a, b], method="lexical").to_dict()
    docs = {0: a, 1: b}
    for key in ("agreements", "divergences", "elaborations"):
        for f in data[key]:
            assert docs[f["a_doc"]].text[f["a"]["start"]:f["a"]["end"]] == f["a"]["text"]
            assert docs[f["b_doc"]].text[f["b"]["start"]:f["b"]["end"]] == f["b"]["text"]
    for t in data["timeline"]:
        for m in t["mentions"]:
            assert docs[m["doc"]].text[m["start"]:m["end"]] == m["text"]


def test_one_disagreement_is_one_row_with_all_its_evidence(seed_report):
    bolshevik = [f for f in seed_report.findings("divergence")
                 if "Bolshevik" in f.a.text and f.judgement.type in ("stance", "negation")]
    assert len(bolshevik) == 1
    f = bolshevik[0]
    b_words = " ".join(_folded(e.text) for e in f.judgement.evidence if e.side == "b")
    assert "quite behind the People" in b_words
    assert "pulled the Bolshevik Party back" in b_words
    assert len({(e.side, e.start, e.end) for e in f.judgement.evidence}) == len(f.judgement.evidence)
    assert f.judgement.details["supporting"]  # the folded sentence pairs stay visible


def test_agreements_always_show_evidence_or_rest_on_a_close_alignment(seed_report):
    for f in seed_report.findings("agreement"):
        assert f.judgement.evidence or (f.align is not None and f.align.kind != "related")


def test_a_summary_report_with_every_new_divergence_type_matches_schema(tmp_path, eval_dir):
    """A misquoted term and an inserted clause (summary checks) go through the CLI's JSON and the schema."""
    rows = {json.loads(line)["id"]: json.loads(line)
            for line in (eval_dir / "summedits" / "dev.jsonl").open(encoding="utf-8")}
    game = next(r for r in rows.values() if r["doc_id"] == "samsum:87051b10d9" and r["is_seed"])
    ozy = rows["63f9455b8d931ba6e664fb88_og"]
    cases = [(game["doc"], game["summary"].replace('"masseuse"', '"therapist"'), "quotation"),
             (ozy["doc"], ozy["summary"].replace("Ozy Media has", "Ozy Media, who was recently released on bail, has"),
              "insertion")]
    for k, (doc, summary, kind) in enumerate(cases):
        (tmp_path / f"d{k}.txt").write_text(doc, encoding="utf-8")
        (tmp_path / f"s{k}.txt").write_text(summary, encoding="utf-8")
        res = CliRunner().invoke(app, ["report", str(tmp_path / f"d{k}.txt"), str(tmp_path / f"s{k}.txt"), "--json"])
        assert res.exit_code == 0, res.output
        data = json.loads(res.stdout)
        jsonschema.validate(data, SCHEMA)
        assert kind in [d["type"] for d in data["divergences"]]


def test_a_pair_with_a_divergence_is_not_also_an_elaboration():
    # the support check reads ".38" against ".357"; the aligned judge, which takes "38-caliber" for a compound,
    # saw only B's figure and called the pair an elaboration ("B adds '.357 caliber revolver'")
    a = build_document("Police said the teenager pointed a .38-caliber revolver at the two officers before they "
                       "opened fire.\n", "a.txt")
    b = build_document("According to police, the teenager pointed a .357 caliber revolver at the officers, who "
                       "then opened fire.\n", "b.txt")
    findings = build_report([a, b]).pairs[0].findings
    labels = [(f.judgement.label, f.a.text, f.b.text) for f in findings]
    assert [lab for lab, *_ in labels] == ["divergence"]
    div = findings[0].judgement
    assert {(e.side, e.text) for e in div.evidence} == {("a", ".38"), ("b", ".357")}


def test_two_processes_give_the_report_of_one(seed_a, seed_b, seed_report, monkeypatch) -> None:
    """Big inputs are reported with the alignment (whose B index queries and half of whose scoring run in its
    own children), B's dates and the quotations read ahead, quotation matching and support checks in forked
    children (compare.parallel); forced on the seeds, the report is the one-process report, byte for byte."""
    import importlib
    import os

    from compare import parallel
    import compare.report as report_module

    align_module = importlib.import_module("compare.align")
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(report_module, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(align_module, "PARALLEL_SCORE_MIN", 2)
    monkeypatch.setattr(align_module, "PARALLEL_QUERY_MIN", 0)
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    forked = build_report([seed_a, seed_b])
    assert len(forks) == 4          # the alignment, dates and quotations ahead, quote matching, support
    assert json.dumps(forked.to_dict(), sort_keys=True) == json.dumps(seed_report.to_dict(), sort_keys=True)


def test_a_report_makes_almost_no_reference_cycles(seed_a, seed_b):
    # the console script runs with the cyclic collector off (compare.cli.COLLECTOR_OFF): that is only safe while
    # what a report makes is freed by reference counting, as measured here on the seeds with the model
    import gc

    from compare.cli import COLLECTOR_OFF

    assert COLLECTOR_OFF
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        report = build_report([seed_a, seed_b])
        json.dumps(report.to_dict())
        del report
        assert gc.collect() < 2_000
    finally:
        if was:
            gc.enable()
