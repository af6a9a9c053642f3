"""Divergences and elaborations the judge finds between Matthew and Mark (World English Bible).

Run: PYTHONPATH=src python benchmarks/gospels_report.py [--canons 2,6] [--types number,actor] [--all]
     PYTHONPATH=src python benchmarks/gospels_report.py --report      # the compare report path, before/after

Pairs of passages are given by the Eusebian canon tables (sections that tell the same episode; canon 2 = Mt Mk
Lk, canon 6 = Mt Mk), so the judge is measured apart from alignment. Each section's verses (whole verses from
from_ref to to_ref) are joined into one passage and judge_pair labels the pair. Prints the label counts and a
markdown table of the number / actor (name) divergences found, for checking by hand. The data live beside the
repository in ../shared/eval.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
EVAL = Path(os.environ.get("COMPARE_EVAL", ROOT.parent / "shared" / "eval"))

from compare.judge import judge_pair  # noqa: E402


def load_verses(book: str) -> tuple[list[str], dict[str, int]]:
    refs, order = [], {}
    texts = []
    for line in (EVAL / "bible" / "web" / f"{book}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        ref, text = line.split("\t", 1)
        order[ref] = len(refs)
        refs.append(ref)
        texts.append(text)
    return [f"{r}\t{t}" for r, t in zip(refs, texts)], order


def load_sections(book: str) -> dict[int, tuple[str, str]]:
    out = {}
    for line in (EVAL / "eusebian-canons" / f"{book}-sections.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) >= 5 and f[0].isdigit():
            out[int(f[0])] = (f[3], f[4])
    return out


def section_text(verses: list[str], order: dict[str, int], span: tuple[str, str]) -> str:
    lo, hi = order.get(span[0]), order.get(span[1])
    if lo is None or hi is None:
        return ""
    return " ".join(v.split("\t", 1)[1] for v in verses[lo:hi + 1])


def canon_pairs(canon: int) -> list[tuple[int, int]]:
    rows = (EVAL / "eusebian-canons" / f"canon-{canon}.tsv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    i_mt, i_mk = head.index("Mt"), head.index("Mk")
    out = []
    for row in rows[1:]:
        f = row.split("\t")
        if len(f) > max(i_mt, i_mk) and f[i_mt].strip().isdigit() and f[i_mk].strip().isdigit():
            out.append((int(f[i_mt]), int(f[i_mk])))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--canons", default="2,6")
    ap.add_argument("--types", default="number,actor,date,negation,stance")
    ap.add_argument("--elaborations", action="store_true", help="also list elaborations with numbers")
    ap.add_argument("--control", action="store_true",
                    help="also judge Mark KJV vs WEB verse by verse: one text in two translations, so every "
                         "divergence found there is a false alarm")
    ap.add_argument("--report", action="store_true",
                    help="also run the compare report path (align, then the judge sentence by sentence inside "
                         "each aligned pair, plus the actor-stance comparison) on Matthew vs Mark and on Mark KJV "
                         "vs WEB, against judging each aligned pair whole (before)")
    args = ap.parse_args()
    if not EVAL.exists():
        sys.exit(f"evaluation data not found at {EVAL}")
    mt_v, mt_o = load_verses("MAT")
    mk_v, mk_o = load_verses("MRK")
    mt_s, mk_s = load_sections("MAT"), load_sections("MRK")
    pairs = [(c, a, b) for c in (int(x) for x in args.canons.split(",")) for a, b in canon_pairs(c)]
    want = set(args.types.split(","))
    t0 = time.perf_counter()
    results = []
    for canon, a, b in pairs:
        ta = section_text(mt_v, mt_o, mt_s[a])
        tb = section_text(mk_v, mk_o, mk_s[b])
        if not ta or not tb:
            continue
        results.append((canon, a, b, ta, tb, judge_pair(ta, tb)))
    elapsed = time.perf_counter() - t0
    counts = Counter(j.label if j.label != "divergence" else f"divergence:{j.type}" for *_, j in results)
    print(f"Matthew vs Mark (WEB), canons {args.canons}: {len(results)} section pairs judged in {elapsed:.2f} s")
    print("Labels: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print()
    print("| # | canon | Matthew | Mark | type | score | Matthew says | Mark says |")
    print("| ---: | ---: | --- | --- | --- | ---: | --- | --- |")
    n = 0
    for canon, a, b, ta, tb, j in results:
        if j.label != "divergence":
            continue
        for c in j.details["conflicts"]:
            if c["type"] not in want:
                continue
            n += 1
            ref = lambda s: f"{s[0].split()[1]}–{s[1].split()[1]}" if s[0] != s[1] else s[0].split()[1]  # noqa: E731
            print(f"| {n} | {canon} | {ref(mt_s[a])} | {ref(mk_s[b])} | {c['type']} | {c['score']:.2f} | "
                  f"{c['a']['text'][:70]} | {c['b']['text'][:70]} |")
    if args.control:
        control()
    if args.report:
        report_path()
    if args.elaborations:
        print("\nElaborations with numbers:\n")
        for canon, a, b, ta, tb, j in results:
            if j.label == "elaboration" and any(e.slot == "number" for e in j.evidence):
                nums = "; ".join(f"{e.side}: {e.text}" for e in j.evidence if e.slot == "number")
                print(f"- {mt_s[a][0]} / {mk_s[b][0]}: {nums}")


def control() -> None:
    kjv = {}
    for line in (EVAL / "bible" / "kjv" / "MRK.tsv").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            ref, text = line.split("\t", 1)
            kjv[ref] = text
    web_v, _ = load_verses("MRK")
    t0 = time.perf_counter()
    found = []
    counts: Counter[str] = Counter()
    for v in web_v:
        ref, text = v.split("\t", 1)
        if ref not in kjv:
            continue
        j = judge_pair(kjv[ref], text)
        counts[j.label if j.label != "divergence" else f"divergence:{j.type}"] += 1
        if j.label == "divergence":
            found.append((ref, j))
    total = sum(counts.values())
    print(f"\nControl: Mark KJV vs WEB, {total} verse pairs (same content) in {time.perf_counter() - t0:.2f} s")
    print("Labels: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"False-alarm rate (any divergence): {len(found) / max(1, total):.3f}")
    for ref, j in found:
        print(f"- {ref} {j.type} {j.score:.2f}: KJV {j.evidence[0].text[:60]!r} / WEB {j.evidence[1].text[:60]!r}")


def _book(translation: str, book: str):
    from compare.document import build_document

    refs, lines = [], []
    for line in (EVAL / "bible" / translation / f"{book}.tsv").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            ref, text = line.split("\t", 1)
            refs.append(ref)
            lines.append(text)
    return build_document("\n".join(lines), f"{book} {translation.upper()}"), refs


def report_path() -> None:
    """Before: each aligned pair judged whole (judge_alignment). After: build_report's findings (sentence pairs
    inside aligned pairs, unlinked sentences, actor stances). On Mark KJV vs WEB every divergence is a false
    alarm; on Matthew vs Mark the divergences are listed for checking by hand."""
    from compare.align import align
    from compare.judge import judge_alignment
    from compare.report import build_report

    for (ta, ba), (tb, bb), control in ((("web", "MAT"), ("web", "MRK"), False), (("kjv", "MRK"), ("web", "MRK"), True)):
        (da, ra), (db, rb) = _book(ta, ba), _book(tb, bb)
        t0 = time.perf_counter()
        al = align(da, db)
        before = judge_alignment(al)
        t1 = time.perf_counter()
        rep = build_report([da, db], sections=("divergences", "agreements", "elaborations"))
        t2 = time.perf_counter()
        findings = rep.pairs[0].findings
        lb = Counter(j.label for j in before)
        la = Counter(f.judgement.label for f in findings)
        basis = Counter(f"{f.basis}:{f.judgement.label}" for f in findings)
        n_div_b, n_div_a = lb["divergence"], la["divergence"]
        print(f"\nReport path, {da.label} vs {db.label}{' (control: every divergence is a false alarm)' if control else ''}:"
              f" {len(al.pairs)} aligned pairs")
        print(f"- before (aligned pairs judged whole, {t1 - t0:.1f} s): " +
              ", ".join(f"{k} {v}" for k, v in sorted(lb.items())) +
              f"; divergences per aligned pair {n_div_b / max(1, len(al.pairs)):.3f}")
        print(f"- after (build_report, {t2 - t1:.1f} s): {len(findings)} findings: " +
              ", ".join(f"{k} {v}" for k, v in sorted(la.items())) +
              f"; divergences per aligned pair {n_div_a / max(1, len(al.pairs)):.3f}, per finding "
              f"{n_div_a / max(1, len(findings)):.3f}")
        print("- findings by basis: " + ", ".join(f"{k} {v}" for k, v in sorted(basis.items())))
        ref = lambda refs, span: refs[span.line - 1] if span.line - 1 < len(refs) else "?"  # noqa: E731
        for f in sorted(findings, key=lambda f: f.a.start):
            if f.judgement.label != "divergence":
                continue
            j = f.judgement
            ea = next((e for e in j.evidence if e.side == "a"), None)
            eb = next((e for e in j.evidence if e.side == "b"), None)
            print(f"  - {ref(ra, f.a)} / {ref(rb, f.b)} [{f.basis}] {j.type} {j.score:.2f}: "
                  f"{ea.text[:60] if ea else ''!r} / {eb.text[:60] if eb else ''!r}")


if __name__ == "__main__":
    main()
