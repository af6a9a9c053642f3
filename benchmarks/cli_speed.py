"""Speed of the command line as a user meets it: `compare --help`, reading and segmenting a long document, and
every command end to end on the seeds and on the whole New Testament (KJV against WEB, one verse a line).

Usage: python benchmarks/cli_speed.py [--quick]      (--quick skips the New Testament rows)

Each row runs the installed `compare` console script (or `python -m compare` when it is not installed) in a
fresh process, so interpreter start-up, imports and model loading are included; wall time is the median of
several runs for the short commands, peak memory the child's maximum resident set size.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from evaldata import EVAL, load_books, nt_books  # noqa: E402


def _compare() -> list[str]:
    exe = shutil.which("compare", path=os.path.dirname(sys.executable)) or shutil.which("compare")
    return [exe] if exe else [sys.executable, "-m", "compare"]


def run(args: list[str], repeat: int = 1) -> tuple[float, float, int]:
    """Median wall seconds, peak MB of the child processes, exit status."""
    times = []
    peaks = []
    code = 0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(_compare() + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(times), max(peaks), code


def main() -> None:
    quick = "--quick" in sys.argv
    rows: list[tuple[str, str, float, float, int]] = []
    rows.append(("`compare --help`", "-", *run(["--help"], repeat=7)))
    rows.append(("`compare inspect` (seeds)", "30 KB", *run(["inspect", "--json"], repeat=3)))
    rows.append(("`compare align` (seeds)", "30 KB", *run(["align", "--json"], repeat=3)))
    rows.append(("`compare align --method lexical` (seeds)", "30 KB", *run(["align", "--json", "--method", "lexical"],
                                                                         repeat=3)))
    rows.append(("`compare quotes` (seeds)", "30 KB", *run(["quotes", "--json"], repeat=3)))
    rows.append(("`compare report` (seeds)", "30 KB", *run(["report", "--json"], repeat=3)))
    if not quick and EVAL.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            kjv = Path(tmp) / "nt-kjv.txt"
            web = Path(tmp) / "nt-web.txt"
            kjv.write_text(load_books("kjv", nt_books()).text, encoding="utf-8")
            web.write_text(load_books("web", nt_books()).text, encoding="utf-8")
            size = f"{(kjv.stat().st_size + web.stat().st_size) / 1e6:.1f} MB"
            rows.append(("`compare inspect` (NT KJV)", f"{kjv.stat().st_size / 1e6:.1f} MB",
                         *run(["inspect", str(kjv), "--format", "jsonl"])))
            rows.append(("`compare quotes` (NT KJV, NT WEB)", size, *run(["quotes", str(kjv), str(web), "--json"])))
            rows.append(("`compare align` (NT KJV, NT WEB)", size, *run(["align", str(kjv), str(web), "--json"])))
            rows.append(("`compare report` (NT KJV, NT WEB)", size, *run(["report", str(kjv), str(web), "--json"])))
    print("| command | input | time (s) | peak MB | exit |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, size, secs, peak, code in rows:
        print(f"| {name} | {size} | {secs:.2f} | {peak:.0f} | {code} |")


if __name__ == "__main__":
    main()
