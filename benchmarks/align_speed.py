"""How fast `compare align` runs and how its cost grows with the input, next to text-matcher.

    python benchmarks/align_speed.py           # Matthew KJV–WEB vs text-matcher, then the New Testament scale table
    python benchmarks/align_speed.py --quick   # Matthew only

Texts as in align_eval.py: one verse a line, references stripped, built with ``compare.document.build_document``.
Each run is its own process: wall time counts everything from the first import of the tool (the embedding model
loading included) to the returned pairs; CPU is the whole process's user + system time (interpreter start, reading
the books, imports, model, the run), which a shared machine disturbs less than wall time; peak memory is the
process's max RSS. The F1 column scores the
verse links by the rule of ../shared/eval/README.md, so speed is never bought with quality unnoticed.
After the New Testament rows, one summary row per tool states the time per word from 1/8 to all of it: the least
and greatest over the four sizes and how flat it is (greatest / least; 1.00 = linear), for the wall time of the
run itself (as in the last column, model loading included) and for the CPU time of the run (the process's CPU
during it, which other work on a shared machine disturbs less).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaldata as E  # noqa: E402
from align_eval import run_tool  # noqa: E402

FRACTIONS = [("1/8", 0.125), ("1/4", 0.25), ("1/2", 0.5), ("all", 1.0)]


def books_for(which: str, fraction: float) -> tuple[E.Book, E.Book]:
    if which == "MAT":
        return E.load_book("kjv", "MAT"), E.load_book("web", "MAT")
    books = E.nt_books()
    a, b = E.load_books("kjv", books), E.load_books("web", books)
    if fraction < 1.0:
        a = E._as_book("NT", "kjv", [(u.id, a.text[u.start:u.end]) for u in a.verses[: round(len(a.verses) * fraction)]])
        b = E._as_book("NT", "web", [(u.id, b.text[u.start:u.end]) for u in b.verses[: round(len(b.verses) * fraction)]])
    return a, b


def worker(which: str, fraction: float, tool: str) -> None:
    a, b = books_for(which, fraction)
    t0, c0 = time.perf_counter(), time.process_time()
    spans = run_tool(tool, a.text, b.text)
    seconds, run_cpu = time.perf_counter() - t0, time.process_time() - c0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime  # the whole process: interpreter start, imports, model, the run
    b_ids = {v.id for v in b.verses}
    s = E.score_spans(spans, a.verses, b.verses, lambda x, y: x == y, {u.id for u in a.verses if u.id in b_ids})
    words = len(a.text.split()) + len(b.text.split())
    print(json.dumps({"seconds": seconds, "run_cpu": run_cpu, "cpu": cpu, "peak_mb": peak, "f1": s.f1,
                      "words": words, "pairs": len(spans)}))


def run(which: str, fraction: float, tool: str, timeout: float) -> dict | str:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(E.REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    try:
        proc = subprocess.run([sys.executable, __file__, "--worker", which, str(fraction), tool],
                              capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"over {timeout:.0f} s"
    if proc.returncode != 0:
        return "failed: " + ((proc.stderr.strip().splitlines() or ["?"])[-1])[:80]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="Matthew only")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is given up")
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], float(args.worker[1]), args.worker[2])
        return
    rows = [("Matthew KJV–WEB", "MAT", 1.0, t) for t in ("compare hybrid", "compare lexical", "text-matcher 0.1.6")]
    if not args.quick:
        for label, f in FRACTIONS:
            for tool in ("compare hybrid", "compare lexical"):
                rows.append((f"New Testament KJV–WEB, {label}", "NT", f, tool))
        rows.append(("New Testament KJV–WEB, 1/8", "NT", 0.125, "text-matcher 0.1.6"))
    print(f"CPU cores: {os.cpu_count()}")
    print()
    print("| input | tool | words (A+B) | pairs | verse F1 | time (s) | CPU, whole process (s) | peak MB | µs per word |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    per_word: dict[str, list[tuple[float, float]]] = {}  # tool -> (wall, CPU) µs per word of each NT fraction
    for label, which, f, tool in rows:
        r = run(which, f, tool, args.timeout)
        if isinstance(r, str):
            print(f"| {label} | {tool} | | | | {r} | | | |", flush=True)
            continue
        us = 1e6 * r["seconds"] / r["words"]
        if which == "NT":
            per_word.setdefault(tool, []).append((us, 1e6 * r["run_cpu"] / r["words"]))
        print(f"| {label} | {tool} | {r['words']:,} | {r['pairs']:,} | {r['f1']:.3f} | {r['seconds']:.1f} | "
              f"{r['cpu']:.1f} | {r['peak_mb']:.0f} | {us:.1f} |", flush=True)
    for tool, values in per_word.items():
        if len(values) == len(FRACTIONS):
            print(flatness_row(tool, values), flush=True)


def flatness_row(tool: str, values: list[tuple[float, float]]) -> str:
    """The summary row of one tool: (wall, CPU) time per word of the run from 1/8 to all of the New Testament,
    least–greatest, and flat = greatest / least."""
    def span(xs: list[float]) -> str:
        return f"{min(xs):.1f}–{max(xs):.1f} µs (flat: max/min {max(xs) / min(xs):.2f})"

    return (f"| New Testament KJV–WEB, {FRACTIONS[0][0]} to {FRACTIONS[-1][0]}: time per word | {tool} | | | | | | | "
            f"wall {span([w for w, _ in values])}; CPU {span([c for _, c in values])} |")


if __name__ == "__main__":
    main()
