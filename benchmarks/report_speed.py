"""CPU time and peak memory of `compare report`, in a fresh process: the seeds and the whole New Testament.

Usage: PYTHONPATH=src python benchmarks/report_speed.py [--seeds-only]

Each row runs `python -m compare report A B --json` (stdout discarded) and reports the child's wall time, its CPU
time (user + system, from wait4, so the other processes of a shared machine do not count) and its peak resident
memory. The New Testament pair is KJV against WEB, one verse a line (benchmarks/evaldata.py), ~9 MB together.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from evaldata import EVAL, load_books, nt_books  # noqa: E402


def run(args: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MB of the child, exit status."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO / "src")}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "compare", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    rows = [("`compare report` (seeds)", *run(["report", "--json"]))]
    if "--seeds-only" not in sys.argv and EVAL.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            kjv, web = Path(tmp) / "nt-kjv.txt", Path(tmp) / "nt-web.txt"
            kjv.write_text(load_books("kjv", nt_books()).text, encoding="utf-8")
            web.write_text(load_books("web", nt_books()).text, encoding="utf-8")
            rows.append(("`compare report` (NT KJV, NT WEB)", *run(["report", str(kjv), str(web), "--json"])))
    print("| command | wall (s) | CPU (s) | peak MB | exit |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, wall, cpu, peak, code in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {code} |")


if __name__ == "__main__":
    main()
