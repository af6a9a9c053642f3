"""Label precision and recall of the judge on the seed gold set (tests/data/seed_gold.json).

Run: PYTHONPATH=src python benchmarks/report_eval.py [--end-to-end]

Each gold pair's two sides are located in the seeds (exact up to white space) and judged with judge_pair, using
document-level dates (so "Day 3" and a bare "23 February" are read with their account's context). Labels are
scored as "agreement", "elaboration", "divergence:<type>", plus a coarse "divergence" (any type). With
--end-to-end, the seeds also go through the real report path: before = each aligned pair judged whole
(judge_alignment), after = build_report's findings (sentence pairs inside aligned pairs, actor stances across the
accounts); for each, how many gold pairs fall inside a finding (overlapping both sides; the tightest finding is
taken) and how many of those get the gold label. Gold unique passages are checked against rank_unique over align's coverage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from compare.dates import find_document_dates  # noqa: E402
from compare.document import seed_documents  # noqa: E402
from compare.judge import judge_pair  # noqa: E402

GOLD = ROOT / "tests" / "data" / "seed_gold.json"


def locate(text: str, quote: str) -> tuple[int, int]:
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    if m is None:
        raise ValueError(f"gold text not found: {quote!r}")
    return m.start(), m.end()


def gold_label(p: dict) -> str:
    return p["label"] if p["label"] != "divergence" else f"divergence:{p['type']}"


def judge_gold(p: dict, docs: dict, dates: dict):
    sides = []
    for key in ("a", "b"):
        side = p[key]
        if side["doc"] == "constructed":
            sides.append((side["text"], 0, None))
        else:
            doc = docs[side["doc"]]
            s, e = locate(doc.text, side["text"])
            sides.append((doc.text[s:e], s, dates[side["doc"]]))
    (at, ao, ad), (bt, bo, bd) = sides
    return judge_pair(at, bt, a_offset=ao, b_offset=bo, a_dates=ad, b_dates=bd)


def prf(gold: list[str], pred: list[str], labels: list[str]) -> list[tuple[str, int, int, int, float, float]]:
    rows = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        rows.append((lab, tp + fn, tp + fp, tp, prec, rec))
    return rows


def table(rows) -> str:
    out = ["| label | gold | predicted | correct | precision | recall |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for lab, g, p, c, pr, rc in rows:
        f = lambda v: "–" if v != v else f"{v:.2f}"  # noqa: E731
        out.append(f"| {lab} | {g} | {p} | {c} | {f(pr)} | {f(rc)} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--end-to-end", action="store_true", help="also run align on the seeds")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every pair's verdict")
    args = ap.parse_args()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    d000, d002 = seed_documents()
    docs = {"000": d000, "002": d002}
    dates = {k: find_document_dates(v) for k, v in docs.items()}
    t0 = time.perf_counter()
    golds, preds = [], []
    for p in gold["pairs"]:
        j = judge_gold(p, docs, dates)
        g = gold_label(p)
        pr = j.label if j.label != "divergence" else f"divergence:{j.type}"
        golds.append(g)
        preds.append(pr)
        if args.verbose or g != pr:
            mark = "ok " if g == pr else "ERR"
            print(f"{mark} {p['id']:<24} gold={g:<20} got={pr:<20} {j.score:.2f} {j.reason[:110]}")
    elapsed = time.perf_counter() - t0
    held = [i for i, p in enumerate(gold["pairs"]) if p.get("holdout")]
    if held:
        hg = [golds[i] for i in held]
        hp = [preds[i] for i in held]
        print(f"\nHeld-out pairs (written after the rules were fixed): {sum(g == p for g, p in zip(hg, hp))}/"
              f"{len(held)} correct; coarse {sum(g.split(':')[0] == p.split(':')[0] for g, p in zip(hg, hp))}/"
              f"{len(held)}")
        dev = [i for i in range(len(golds)) if i not in set(held)]
        print(f"Development pairs: {sum(golds[i] == preds[i] for i in dev)}/{len(dev)} correct")
    labels = sorted(set(golds) | set(preds))
    print(f"\nGold pairs: {len(golds)} (seed pairs {sum(1 for p in gold['pairs'] if p['a']['doc'] != 'constructed')},"
          f" constructed {sum(1 for p in gold['pairs'] if p['a']['doc'] == 'constructed')}); judged in {elapsed:.2f} s")
    print(f"Accuracy: {sum(g == p for g, p in zip(golds, preds))}/{len(golds)}\n")
    print(table(prf(golds, preds, labels)))
    coarse_g = [g.split(":")[0] for g in golds]
    coarse_p = [p.split(":")[0] for p in preds]
    print("\nCoarse labels (any divergence type):\n")
    print(table(prf(coarse_g, coarse_p, ["agreement", "divergence", "elaboration"])))
    print("\nConfusion (gold → predicted):")
    for (g, p), n in sorted(Counter(zip(golds, preds)).items()):
        if g != p:
            print(f"  {g} → {p}: {n}")
    if args.end_to_end:
        end_to_end(gold, docs, dates)


def _overlap(span, lo: int, hi: int) -> int:
    return max(0, min(span.end, hi) - max(span.start, lo))


def _hit(items, sa: tuple[int, int], sb: tuple[int, int]):
    """The finding (a, b, judgement) that covers the gold pair best: it overlaps both gold sides, and among
    those the one whose passages are most made of the gold text (a sentence pair beats the whole passage)."""
    best, best_key = None, None
    for a, b, j in items:
        # an actor-stance finding quotes several claims per side: each quoted clause counts as its passage
        side_a = [a] + [e for e in j.evidence if e.side == "a" and j.details.get("basis") == "actor stance"]
        side_b = [b] + [e for e in j.evidence if e.side == "b" and j.details.get("basis") == "actor stance"]
        fa = max((_overlap(x, *sa) / max(1, x.end - x.start) for x in side_a), default=0.0)
        fb = max((_overlap(x, *sb) / max(1, x.end - x.start) for x in side_b), default=0.0)
        if not fa or not fb:
            continue
        key = fa + fb
        if best_key is None or key > best_key:
            best, best_key = j, key
    return best


def finding_precision(items, seed_pairs: list[dict], docs: dict) -> str:
    """Issue 8's precision on the seeds: each reported agreement or elaboration is read against the gold pair its
    two passages cover best (both sides overlap the gold quotes). It is true when that gold pair is a fact both
    accounts tell (gold agreement or elaboration; for an agreement, gold agreement); a finding on no gold pair
    counts as not true (the gold lists every fact both accounts tell)."""
    located = [(p, locate(docs["000"].text, p["a"]["text"]), locate(docs["002"].text, p["b"]["text"]))
               for p in seed_pairs]
    counts = {"agreement": [0, 0], "both": [0, 0]}
    for a, b, j in items:
        if j.label not in ("agreement", "elaboration"):
            continue
        best = max(located, key=lambda x: min(_overlap(a, *x[1]), _overlap(b, *x[2])), default=None)
        g = gold_label(best[0]) if best and min(_overlap(a, *best[1]), _overlap(b, *best[2])) > 0 else None
        counts["both"][1] += 1
        counts["both"][0] += g in ("agreement", "elaboration")
        if j.label == "agreement":
            counts["agreement"][1] += 1
            counts["agreement"][0] += g == "agreement"
    (ta, na), (tb, nb) = counts["agreement"], counts["both"]
    return (f"reported agreements true: {ta}/{na}; agreements and elaborations true: {tb}/{nb} "
            f"(a finding on no gold pair counts as not true)")


def end_to_end(gold: dict, docs: dict, dates: dict) -> None:
    """Before: each aligned pair judged whole (judge_alignment). After: what build_report finds (sentence pairs
    inside the aligned pairs, and the actor-stance comparison across the accounts)."""
    try:
        from compare.align import align
        from compare.judge import judge_alignment
        from compare.unique import rank_unique
        from compare.report import build_report
    except ImportError as exc:  # pragma: no cover
        print(f"\nend-to-end skipped: {exc}")
        return
    t0 = time.perf_counter()
    al = align(docs["000"], docs["002"])
    judgements = judge_alignment(al)
    t1 = time.perf_counter()
    rep = build_report([docs["000"], docs["002"]], sections=("divergences", "agreements", "elaborations", "unique"))
    t2 = time.perf_counter()
    findings = rep.pairs[0].findings
    runs = {"before": [(p.a, p.b, j) for p, j in zip(al.pairs, judgements)],
            "after": [(f.a, f.b, f.judgement) for f in findings]}
    seed_pairs = [p for p in gold["pairs"] if p["a"]["doc"] == "000" and p["b"]["doc"] == "002"]
    print(f"\nEnd to end on the seeds: {len(al.pairs)} aligned pairs")
    for name, items in runs.items():
        found = correct = 0
        per = []
        for p in seed_pairs:
            sa = locate(docs["000"].text, p["a"]["text"])
            sb = locate(docs["002"].text, p["b"]["text"])
            hit = _hit(items, sa, sb)
            if hit is None:
                continue
            found += 1
            pr = hit.label if hit.label != "divergence" else f"divergence:{hit.type}"
            correct += pr == gold_label(p)
            per.append(f"{p['id']}: {pr}{'' if pr == gold_label(p) else ' (gold ' + gold_label(p) + ')'}")
        labels = Counter(j.label if j.label != "divergence" else f"divergence:{j.type}" for *_, j in items)
        took = t1 - t0 if name == "before" else t2 - t1
        what = "aligned pairs judged whole (judge_alignment)" if name == "before" else \
            "build_report findings (sentence level + actor stances)"
        print(f"- {name}: {what}, {len(items)} in {took:.1f} s; labels {dict(sorted(labels.items()))}")
        print(f"  gold seed pairs (000 vs 002) inside a finding: {found}/{len(seed_pairs)}; with the gold label: "
              f"{correct}/{found}" + (f" [{'; '.join(per)}]" if per else ""))
        if name == "after":
            print("  " + finding_precision(items, seed_pairs, docs))
    for key, doc in (("000", docs["000"]), ("002", docs["002"])):
        covered = set()
        for pair in al.pairs:
            covered.update(pair.a_sentences if key == "000" else pair.b_sentences)
        ranked = rank_unique(doc, covered, dates=dates[key])
        for u in gold["unique"]:
            if u["doc"] != key:
                continue
            s, e = locate(doc.text, u["text"])
            pos = next((i for i, r in enumerate(ranked) if r.span.start < e and s < r.span.end), None)
            where = f"rank {pos + 1} of {len(ranked)}" if pos is not None else "not listed (aligned or weightless)"
            print(f"  unique {key}: {u['text'][:60]!r}: {where}")


if __name__ == "__main__":
    main()
