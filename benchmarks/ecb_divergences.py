"""ECB+ news: are the divergences `compare report` finds between two articles on one event real? Print a sample.

Run: PYTHONPATH=src nice python benchmarks/ecb_divergences.py [--sample 30] [--seed 0] [--pairs N] [--controls]

Reads ``../shared/eval/ecbplus/dev`` (or ``$COMPARE_EVAL/ecbplus/dev``): every ``same_event`` pair (two articles
by different outlets about one event) goes through the report path (``build_report`` with the divergence
section), and a random sample of the divergences found (``--sample``, seeded) is printed with both sides' words
and sentences, so each can be checked by hand: is it a real conflict between the two articles about the same
thing? Prints a markdown table (one row per sampled divergence) and the counts per divergence type. No gold
exists for divergences in ECB+; the hand check is the figure: verdicts given by a person are kept in
``benchmarks/data/ecb_divergences_checked.tsv`` (pair, type, both sides' words, verdict, why), shown beside each
row, and counted (true / plausible / false / not yet checked), so a new divergence shows up as unchecked.

``--controls`` also runs the pairs that tell two different events (``same_topic_other_event``: two shootings,
two earthquakes; ``other_topic``) and prints the divergences found there: a conflict between accounts of two
different events is false by construction, so these counts need no hand check (every one is listed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from compare.document import load_document  # noqa: E402
from compare.report import build_report  # noqa: E402

EVAL = Path(os.environ.get("COMPARE_EVAL", ROOT.parent / "shared" / "eval"))
CHECKED = ROOT / "benchmarks" / "data" / "ecb_divergences_checked.tsv"
AGREEMENTS_SHOWN = 12   # agreements between accounts of two different events listed by --controls (all are counted)


def _verdicts() -> dict[tuple[str, str, str, str], tuple[str, str]]:
    """(pair, type, A's words, B's words) -> (verdict, why), from the hand-checked file."""
    out: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    lines = [x for x in CHECKED.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    for line in lines[1:]:
        pair, kind, wa, wb, verdict, why = line.split("\t")
        out[(pair, kind, wa, wb)] = (verdict, why)
    return out


def _one_line(text: str, limit: int = 160) -> str:
    t = " ".join(text.split()).replace("|", "\\|")
    return t if len(t) <= limit else t[:limit - 1] + "…"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pairs", type=int, help="only the first N same_event pairs")
    ap.add_argument("--controls", action="store_true",
                    help="also count the divergences between accounts of two different events (all false)")
    a = ap.parse_args()
    dev = EVAL / "ecbplus" / "dev"
    if not dev.is_dir():
        sys.exit(f"ecb_divergences: no ECB+ data at {dev} (set $COMPARE_EVAL)")
    every = [json.loads(line) for line in (dev / "pairs.jsonl").open(encoding="utf-8") if line.strip()]
    pairs = [p for p in every if p["relation"] == "same_event"]
    if a.pairs:
        pairs = pairs[:a.pairs]
    t0 = time.perf_counter()
    found = []
    agreements = 0
    for p in pairs:
        docs = [load_document(dev / "docs" / f"{p[k]}.txt") for k in ("a", "b")]
        rep = build_report(docs, sections=("divergences", "agreements"))
        for f in rep.findings("divergence"):
            found.append((p, f))
        agreements += len(rep.findings("agreement"))
    elapsed = time.perf_counter() - t0
    types = Counter(f.judgement.type for _, f in found)
    print(f"# compare report divergences on ECB+ dev, same_event pairs\n")
    print(f"{len(pairs)} pairs in {elapsed:.0f} s; {len(found)} divergences "
          f"({', '.join(f'{k} {v}' for k, v in sorted(types.items()))}); "
          f"{sum(1 for p in pairs if any(q is p for q, _ in found))} pairs with at least one; {agreements} "
          f"agreements.\n")
    rng = random.Random(a.seed)
    sample = rng.sample(found, min(a.sample, len(found)))
    checked = _verdicts()
    verdicts: Counter[str] = Counter()
    print("| # | pair | type | basis | reason | A says | B says | hand verdict |")
    print("| ---: | --- | --- | --- | --- | --- | --- | --- |")
    for n, (p, f) in enumerate(sample, 1):
        j = f.judgement
        ea = " / ".join(_one_line(e.text, 60) for e in j.evidence if e.side == "a")
        eb = " / ".join(_one_line(e.text, 60) for e in j.evidence if e.side == "b")
        verdict, why = checked.get((f"{p['a']} – {p['b']}", j.type or "", ea, eb), ("not checked", ""))
        verdicts[verdict] += 1
        print(f"| {n} | {p['a']} – {p['b']} | {j.type} | {f.basis} | {_one_line(j.reason, 140)} | "
              f"**{ea}** in: {_one_line(f.a.text)} | **{eb}** in: {_one_line(f.b.text)} | "
              f"{verdict}{': ' + _one_line(why, 100) if why else ''} |")
    shown = ", ".join(f"{k} {verdicts[k]}" for k in ("true", "plausible", "false", "not checked") if verdicts[k])
    controls = ""
    if a.controls:
        controls = _controls(dev, every)
    print(f"\nHEADLINE: {len(found)} divergences in {len(pairs)} same-event pairs; of the {len(sample)} sampled, "
          f"by hand: {shown or 'none'} (verdicts: {CHECKED.relative_to(ROOT)}){controls}")


def _controls(dev: Path, every: list[dict[str, str]]) -> str:
    """Print every divergence found between accounts of two different events; return the headline's part."""
    counts = []
    for relation in ("same_topic_other_event", "other_topic"):
        pairs = [p for p in every if p["relation"] == relation]
        found, agreed = [], []
        for p in pairs:
            docs = [load_document(dev / "docs" / f"{p[k]}.txt") for k in ("a", "b")]
            rep = build_report(docs, sections=("divergences", "agreements"))
            found += [(p, f) for f in rep.findings("divergence")]
            agreed += [(p, f) for f in rep.findings("agreement")]
        print(f"\n## Divergences between accounts of two different events ({relation}): {len(found)} in "
              f"{len(pairs)} pairs, each false by construction\n")
        if found:
            print("| pair | type | reason | A says | B says |")
            print("| --- | --- | --- | --- | --- |")
        for p, f in found:
            j = f.judgement
            ea = " / ".join(_one_line(e.text, 60) for e in j.evidence if e.side == "a")
            eb = " / ".join(_one_line(e.text, 60) for e in j.evidence if e.side == "b")
            print(f"| {p['a']} – {p['b']} | {j.type} | {_one_line(j.reason, 140)} | **{ea}** in: "
                  f"{_one_line(f.a.text)} | **{eb}** in: {_one_line(f.b.text)} |")
        # agreements there are not all false (two reports of two shootings can both recall a third), but each
        # one says the two accounts assert the same thing: they should be few, and each one checkable
        print(f"\nAgreements between the two events' accounts: {len(agreed)} in "
              f"{len({id(p) for p, _ in agreed})} of the {len(pairs)} pairs"
              + (", for instance:\n" if agreed else "."))
        for p, f in agreed[:AGREEMENTS_SHOWN]:
            print(f"- {p['a']} – {p['b']}: {_one_line(f.judgement.reason, 100)}: {_one_line(f.a.text, 100)} / "
                  f"{_one_line(f.b.text, 100)}")
        counts.append(f"{len(found)} divergences and {len(agreed)} agreements in {len(pairs)} {relation} pairs")
    return "; between two different events: " + ", ".join(counts)


if __name__ == "__main__":
    main()
