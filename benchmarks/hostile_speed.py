"""Time and peak memory of every command on big inputs: realistic prose and hostile shapes (issue 10).

Realistic prose is made from real text: the seeds, the ECB+ news articles and the LitBank novel openings in
../shared/eval, paragraphs shuffled (with a fixed seed) and repeated until the size is reached, so sentences,
quotations, numbers and dates occur as they do in real accounts, at scale. Document B is a different shuffle
of the same paragraphs. Hostile shapes: dated lines without full stops (one of issue 10's cases) and a single
line of prose with no line break.

Each command runs in its own process under /usr/bin/time; the table gives wall time, CPU time (user + system,
what counts on a shared machine), peak resident memory, and the growth of CPU time per MB against the smallest
size run for that shape and command ("x1.00" = exactly linear; near-linear stays below about x1.5 from 1 to 10
MB). It also counts what was found (``align``: pairs; ``report``: agreements, divergences and elaborations;
``quotes``: shared quotations), since the shuffled shapes grow more alike with size: their paragraphs come from a
pool of about 2 MB, so at 10 MB every paragraph of A has some five copies in B, where at 1 MB half of A's
paragraphs are not in B at all, and the work of pairing grows with what there is to pair.

    nice python benchmarks/hostile_speed.py                  # 1 and 10 MB (a few minutes)
    nice python benchmarks/hostile_speed.py --sizes 1 10 50  # the rows issue 10 asks for (long: run once)
    python benchmarks/hostile_speed.py --commands report --shapes prose --sizes 10

Last run for ``quotes`` (3 December 2026, shared 2-core machine; the other commands' rows are in
benchmarks/README.md): ``nice python benchmarks/hostile_speed.py --sizes 1 10 50 --shapes one_line prose
dated_lines --commands quotes``

    | shape | MB | command | wall (s) | CPU (s) | peak MB | exit | CPU s per MB | growth |
    | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |
    | one_line | 1 | quotes | 4.3 | 4.2 | 191 | 0 | 4.21 | x1.00 |
    | one_line | 10 | quotes | 40.1 | 39.2 | 1085 | 0 | 3.92 | x0.93 |
    | one_line | 50 | quotes | 249.5 | 245.0 | 4532 | 0 | 4.90 | x1.16 |
    | prose | 1 | quotes | 4.4 | 4.3 | 146 | 0 | 4.26 | x1.00 |
    | prose | 10 | quotes | 33.5 | 33.1 | 730 | 0 | 3.31 | x0.78 |
    | prose | 50 | quotes | 141.5 | 141.1 | 3058 | 0 | 2.82 | x0.66 |
    | dated_lines | 1 | quotes | 1.5 | 1.5 | 73 | 0 | 1.49 | x1.00 |
    | dated_lines | 10 | quotes | 10.1 | 10.1 | 392 | 0 | 1.01 | x0.68 |
    | dated_lines | 50 | quotes | 54.5 | 53.7 | 1759 | 0 | 1.07 | x0.72 |

One line of prose was super-linear before quotations were bounded to ``quotes.MAX_QUOTE_CHARS`` without a
paragraph break and candidate pairs to ``quote_match.MAX_CANDIDATES`` a quotation: 3 MB 19-29 s, 10 MB 103 s and
1.9 GB (and killed after 20 minutes on 2 December). Its one_line rows were then 49.2 s at 10 MB and 348.1 s at
50 MB (x1.16, x1.65). The growth was in the comparison of long quotations: more of the pairs compared at 30 MB are
long (168,615 anchored comparisons against 23,449 at 10 MB), and each built a 4-gram at every word of the other
quotation; ``quote_match._anchored_ratio`` now samples a quotation's 4-grams once and tests them only where
their longest word stands (one_line rows rerun 4 December, ``--shapes one_line --commands quotes``), and
repeated pairs of the same words are matched once. Peak memory is still about 90 MB per MB of input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
COMMANDS = ("inspect", "align", "quotes", "report")
SHAPES = ("prose", "dated_lines", "one_line")
TIMEOUT = 1800          # seconds per run; a run past it is reported as such
MB = 1_000_000


def _paragraphs() -> list[str]:
    """Paragraphs of real text: the seeds, ECB+ articles, LitBank openings (blank-line separated)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    for folder, pattern in ((EVAL / "ecbplus" / "dev" / "docs", "*.txt"),
                            (EVAL / "litbank-quotations" / "tsv", "*_brat.txt")):
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob(pattern))]
    paras = [p.strip() for t in texts for p in t.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return paras


def make(shape: str, size: int, seed: int) -> str:
    """A document of about ``size`` characters in the given shape."""
    rng = random.Random(seed)
    if shape == "dated_lines":
        out, n, i = [], 0, 0
        while n < size:
            line = f"on {1 + i % 28} {('February', 'March', 'October')[i % 3]} 1917 the workers marched and {i}\n"
            out.append(line)
            n += len(line)
            i += 1
        return "".join(out)
    paras = _paragraphs()
    out, n = [], 0
    while n < size:
        rng.shuffle(paras)
        for p in paras:
            out.append(p)
            n += len(p) + 2
            if n >= size:
                break
    if shape == "one_line":
        return " ".join(" ".join(out).split())[:size] + "\n"
    return "\n\n".join(out)[:size] + "\n"


FOUND = {"align": ("pairs",), "report": ("agreements", "divergences", "elaborations"), "quotes": ("shared",)}


def run(command: str, a: Path, b: Path, out: Path) -> tuple[float, float, float, int, int | None]:
    """(wall seconds, CPU seconds, peak MB, exit status, items found) of one command on two documents."""
    args = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "compare", command, str(a), str(b),
            "--json", "-o", str(out), "--max-bytes", str(200 * MB)]
    if command in ("align", "report"):
        args += ["--method", "lexical"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    t0 = time.monotonic()
    try:
        proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return time.monotonic() - t0, float("nan"), float("nan"), -1, None
    last = proc.stderr.strip().splitlines()[-1].split()
    found = None
    if proc.returncode == 0 and command in FOUND:
        data = json.loads(out.read_text(encoding="utf-8"))
        found = sum(len(data[key]) for key in FOUND[command])
    out.unlink(missing_ok=True)
    return float(last[0]), float(last[1]) + float(last[2]), int(last[3]) / 1000, proc.returncode, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 10], help="sizes in MB (default: 1 10)")
    ap.add_argument("--commands", nargs="+", default=list(COMMANDS), choices=COMMANDS)
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=SHAPES)
    opts = ap.parse_args()
    print("| shape | MB | command | wall (s) | CPU (s) | peak MB | exit | CPU s per MB | growth | found |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    first: dict[tuple[str, str], float] = {}     # (shape, command) -> CPU s per MB at the smallest size
    with tempfile.TemporaryDirectory() as tmp:
        for shape in opts.shapes:
            for mb in opts.sizes:
                size = int(mb * MB)
                a, b = Path(tmp) / f"{shape}_{mb}_a.txt", Path(tmp) / f"{shape}_{mb}_b.txt"
                a.write_text(make(shape, size, 1), encoding="utf-8")
                b.write_text(make(shape, size, 2), encoding="utf-8")
                for command in opts.commands:
                    secs, cpu, peak, status, found = run(command, a, b, Path(tmp) / "out.json")
                    shown = "timeout" if status == -1 else str(status)
                    per_mb = cpu / mb
                    base = first.setdefault((shape, command), per_mb)
                    growth = f"x{per_mb / base:.2f}" if base == base and base > 0 else "-"
                    print(f"| {shape} | {mb:g} | {command} | {secs:.1f} | {cpu:.1f} | {peak:.0f} | {shown} | "
                          f"{per_mb:.2f} | {growth} | {'-' if found is None else found} |", flush=True)


if __name__ == "__main__":
    main()
