"""`compare quotes` on a hostile one-line page (issue 10): real prose with its quotation marks but no line break.

The page is made by ``benchmarks/hostile_speed.make("one_line", …)`` from the evaluation texts beside the
repository. On such a page the whole text is one paragraph, so nothing but ``quotes.MAX_QUOTE_CHARS`` ends a
quotation whose marks are mis-paired: before that bound, quotations of 15–33 k characters made matching grow
faster than the text (3 MB took 19–29 s, 10 MB did not finish in 20 minutes). The cost at scale is measured by
``benchmarks/hostile_speed.py --shapes one_line --commands quotes``; here a 200 KB page a side must finish well
within a bound generous enough for a loaded CI machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from compare.quotes import MAX_QUOTE_CHARS

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SIZE = 200_000                # characters a side
CPU_LIMIT = 30.0              # CPU seconds for the command (about 2 s today)
MEMORY_LIMIT = 2 * 1024 ** 3  # bytes of address space


def _page(seed: int) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from hostile_speed import make
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return make("one_line", SIZE, seed)


@pytest.mark.skipif(not (EVAL / "litbank-quotations").is_dir(), reason="../shared/eval is not beside the repository")
def test_quotes_on_a_one_line_page_is_bounded(tmp_path):
    texts = [_page(1), _page(2)]
    assert all(t.count("\n") == 1 and t.count("“") + t.count("\"") > 300 for t in texts)   # one line, many marks
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for p, t in zip(paths, texts):
        p.write_text(t, encoding="utf-8")
    out = tmp_path / "quotes.json"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc = subprocess.run([sys.executable, "-m", "compare", "quotes", *map(str, paths), "--json", "-o", str(out)],
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                              preexec_fn=limit, timeout=3 * CPU_LIMIT)   # a hang guard; the bound is on CPU time
    except subprocess.TimeoutExpired:
        pytest.fail(f"compare quotes did not finish in {3 * CPU_LIMIT:.0f} s on two {SIZE:,}-character lines")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-800:]
    assert cpu < CPU_LIMIT, f"{cpu:.1f} s of CPU"
    result = json.loads(out.read_text(encoding="utf-8"))
    quotes = result["quotes"]
    assert len(quotes) > 300 and result["shared"]                            # the same texts, shuffled
    for q in quotes:
        assert texts[q["doc"]][q["start"]:q["end"]] == q["text"]
    # mis-paired marks make no giant quotations (there were quotations of 15-20 k characters on these pages)
    assert max(q["end"] - q["start"] for q in quotes) <= MAX_QUOTE_CHARS + 1
