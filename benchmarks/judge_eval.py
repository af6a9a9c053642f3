"""SummEdits through `compare report`, in-process: does the report tell a faithful summary from an edited one?

Run: PYTHONPATH=src nice python benchmarks/judge_eval.py [--data ../shared/eval/summedits/dev.jsonl]
     [--limit N] [--outputs FILE] [--no-score]

For every pair (document, summary) it builds both documents and the report the way ``compare report doc.txt
summary.txt --json`` does (the same library calls, models loaded once), keeps the compact output that the
official ``score.py`` reads (its own ``compact()``), writes them to ``--outputs`` (JSONL, one pair a line), and
then runs ``score.py --outputs`` so the figures are the official ones: balanced accuracy, P/R of
"inconsistent", per edit type, divergence types, and how often the evidence touches the edited words. A pair
is predicted inconsistent when the report lists at least one divergence.

The data is located beside the repository (``../shared/eval``) or through ``$COMPARE_EVAL``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from compare.document import build_document  # noqa: E402
from compare.report import build_report  # noqa: E402

EVAL = Path(os.environ.get("COMPARE_EVAL", ROOT.parent / "shared" / "eval"))
SECTIONS = ("divergences", "agreements", "elaborations", "unique")


def load_score(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("summedits_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def report_dict(doc: str, summary: str) -> dict[str, Any]:
    """The JSON object `compare report document.txt summary.txt --json` prints for one pair (its report part)."""
    a = build_document(doc, label="document", path="document.txt")
    b = build_document(summary, label="summary", path="summary.txt")
    rep = build_report([a, b], sections=SECTIONS)
    return rep.to_dict()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(EVAL / "summedits" / "dev.jsonl"))
    ap.add_argument("--outputs", default=str(ROOT / "benchmarks" / ".judge_eval_outputs.jsonl"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-score", action="store_true", help="write the outputs only")
    ap.add_argument("--dump", help="passed on to score.py: per-pair predictions and outputs")
    a = ap.parse_args()
    data = Path(a.data)
    if not data.is_file():
        sys.exit(f"judge_eval: no SummEdits data at {data} (set $COMPARE_EVAL or --data)")
    score_py = data.parent / "score.py"
    score = load_score(score_py)
    rows = [json.loads(line) for line in data.open(encoding="utf-8") if line.strip()]
    if a.limit:
        rows = rows[:a.limit]
    t0 = time.perf_counter()
    with open(a.outputs, "w", encoding="utf-8") as fh:
        for i, r in enumerate(rows, 1):
            t = time.perf_counter()
            try:
                out = {"compare": score.compact(report_dict(r["doc"], r["summary"])), "error": None}
            except Exception as exc:  # a crash is a result too: score.py counts it
                out = {"compare": None, "error": f"{type(exc).__name__}: {exc}"}
            fh.write(json.dumps({"id": r["id"], "seconds": time.perf_counter() - t, **out}, ensure_ascii=False)
                     + "\n")
            if i % 100 == 0:
                print(f"  report: {i}/{len(rows)} pairs, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    print(f"  report: {len(rows)} pairs in {time.perf_counter() - t0:.0f} s -> {a.outputs}", file=sys.stderr)
    if a.no_score:
        return
    cmd = [sys.executable, str(score_py), "library", str(data), "--outputs", a.outputs]
    if a.limit:
        cmd += ["--limit", str(a.limit)]
    if a.dump:
        cmd += ["--dump", a.dump]
    sys.exit(subprocess.call(cmd))


if __name__ == "__main__":
    main()
