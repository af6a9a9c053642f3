"""How well `compare align` finds the passages two texts share, against known answers, next to other tools.

    python benchmarks/align_eval.py            # all tasks, all tools: one markdown table
    python benchmarks/align_eval.py --quick    # development tasks only
    python benchmarks/align_eval.py --ecb      # ECB+ news articles (independent accounts of one event), peers beside

The ECB+ task (../shared/eval/ecbplus: articles by different outlets on one event, sentence links from people's
cross-document event annotation, controls on similar but different events and on unrelated articles) is scored by
that folder's own ``score.py``, which runs this checkout's ``compare align`` (through a small launcher that puts
``src`` first on the path) and the peers it knows (text-matcher, the wordllama nearest-neighbour baseline, and
CollateX where an interpreter with it is given), and prints its tables; raw outputs are cached in
``benchmarks/.cache/ecbplus`` (delete it after changing the code).

Data: ../shared/eval (see its README for the scoring rule; benchmarks/evaldata.py implements it).
Each book is fed to the tools as a plain text, one verse a line, references stripped, built into a Document
with ``compare.document.build_document`` exactly as the command line would; returned spans are mapped back to
verses (or Eusebian sections) by character offsets.

Tasks marked "dev" are the ones the thresholds were calibrated on; "held-out" ones were never used for tuning.
Every (task, tool) runs in its own process, so the wall time (model loading included) and the peak memory
(max RSS) are that tool's alone.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaldata as E  # noqa: E402

# (name, kind, split, a, b, canons): a/b are (translation, book)
TASKS = [
    ("Mark KJV–WEB", "verses", "dev", ("kjv", "MRK"), ("web", "MRK"), ()),
    ("Matthew KJV–WEB", "verses", "dev", ("kjv", "MAT"), ("web", "MAT"), ()),
    ("Matthew–Mark WEB (canons 1,2,4,6)", "sections", "dev", ("web", "MAT"), ("web", "MRK"), (1, 2, 4, 6)),
    ("Luke KJV–WEB", "verses", "held-out", ("kjv", "LUK"), ("web", "LUK"), ()),
    ("John KJV–WEB", "verses", "held-out", ("kjv", "JHN"), ("web", "JHN"), ()),
    ("Acts KJV–WEB", "verses", "held-out", ("kjv", "ACT"), ("web", "ACT"), ()),
    ("Romans KJV–WEB", "verses", "held-out", ("kjv", "ROM"), ("web", "ROM"), ()),
    ("Luke–Mark WEB (canons 1,2,8)", "sections", "held-out", ("web", "LUK"), ("web", "MRK"), (1, 2, 8)),
    ("Matthew–Luke WEB (canons 1,2,3,5)", "sections", "held-out", ("web", "MAT"), ("web", "LUK"), (1, 2, 3, 5)),
    ("Luke–Mark KJV–WEB (canons 1,2,8)", "sections", "held-out", ("kjv", "LUK"), ("web", "MRK"), (1, 2, 8)),
]
TOOLS = ["compare hybrid", "compare lexical", "text-matcher 0.1.6", "naive embeddings"]
NAIVE_THRESHOLD = 0.6  # middle of the 0.5–0.7 range the README quotes for this baseline

# nltk's English stopword list (text-matcher reads it from nltk's corpus, which cannot be downloaded here)
NLTK_STOPWORDS = """i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
yourselves he him his himself she she's her hers herself it it's its itself they them their theirs themselves
what which who whom this that that'll these those am is are was were be been being have has had having do does
did doing a an the and but if or because as until while of at by for with about against between into through
during before after above below to from up down in out on off over under again further then once here there
when where why how all any both each few more most other some such no nor not only own same so than too very s t
can will just don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn
doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan
shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't""".split()


def run_tool(tool: str, text_a: str, text_b: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Run one tool on two texts; the (A span, B span) character ranges it returns."""
    if tool.startswith("compare"):
        from compare.align import align
        from compare.document import build_document

        al = align(build_document(text_a, "A"), build_document(text_b, "B"), method=tool.split()[1])
        return [((p.a.start, p.a.end), (p.b.start, p.b.end)) for p in al.pairs]
    if tool.startswith("text-matcher"):
        import nltk.corpus
        from text_matcher import matcher as tm

        class _Stopwords:
            @staticmethod
            def words(lang: str = "english") -> list[str]:
                return NLTK_STOPWORDS

        nltk.corpus.stopwords = _Stopwords()  # type: ignore[assignment]
        m = tm.Matcher(tm.Text(text_a, "A"), tm.Text(text_b, "B"))
        with contextlib.redirect_stdout(io.StringIO()):
            for match in m.extended_matches:
                m.getMatch(match)
        return list(zip(m.locationsA, m.locationsB))
    if tool.startswith("naive"):
        from compare import similarity as sim
        from compare.document import build_document

        da, db = build_document(text_a, "A"), build_document(text_b, "B")
        ea = sim.embed([s.norm for s in da.sentences])
        eb = sim.embed([s.norm for s in db.sentences])
        out = []
        for lo in range(0, len(da.sentences), 2048):
            sims = ea[lo:lo + 2048] @ eb.T
            best = sims.argmax(axis=1)
            for r, j in enumerate(best):
                if sims[r, j] >= NAIVE_THRESHOLD:
                    sa, sb = da.sentences[lo + r], db.sentences[int(j)]
                    out.append(((sa.start, sa.end), (sb.start, sb.end)))
        return out
    raise ValueError(tool)


def texts_for(task: tuple) -> tuple[E.Book, E.Book]:
    _, _, _, (ta, ba), (tb, bb), _ = task
    return E.load_book(ta, ba), E.load_book(tb, bb)


def worker(task_index: int, tool: str) -> None:
    book_a, book_b = texts_for(TASKS[task_index])
    t0 = time.perf_counter()
    spans = run_tool(tool, book_a.text, book_b.text)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"spans": spans, "seconds": seconds, "peak_mb": peak}))


def score(task: tuple, spans: list) -> E.Score:
    name, kind, _, _, _, canons = task
    book_a, book_b = texts_for(task)
    if kind == "verses":
        b_refs = {u.id.split(" ", 1)[1] for u in book_b.verses}
        gold = {u.id for u in book_a.verses if u.id.split(" ", 1)[1] in b_refs}
        return E.score_spans(spans, book_a.verses, book_b.verses, E.same_verse, gold)
    links = E.canon_links(book_a.name, book_b.name, canons)
    gold = {x for x, _ in links}
    return E.score_spans(spans, E.sections(book_a), E.sections(book_b), lambda x, y: (x, y) in links, gold)


ECB_LAUNCHER = """#!{python}
import sys
sys.path.insert(0, {src!r})
from compare.cli import main
main()
"""


def ecb(cx_python: str, fresh: bool) -> int:
    """Run ../shared/eval/ecbplus/score.py on this checkout's ``compare align`` and the peers; its tables."""
    import hashlib
    import shutil

    folder = E.EVAL / "ecbplus"
    if not (folder / "score.py").exists():
        print(f"{folder} is not available", file=sys.stderr)
        return 2
    cache = E.REPO / "benchmarks" / ".cache" / "ecbplus"
    # the compare outputs are cached under a key of the source code, so a change of the code is never scored stale
    digest = hashlib.sha1(b"".join(p.read_bytes() for p in sorted((E.REPO / "src" / "compare").rglob("*.py"))))
    if fresh and cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True, exist_ok=True)
    # text-matcher reads nltk's English stopword list, which cannot be downloaded here: give it the same list
    stopwords = cache / "nltk_data" / "corpora" / "stopwords" / "english"
    stopwords.parent.mkdir(parents=True, exist_ok=True)
    stopwords.write_text("\n".join(NLTK_STOPWORDS) + "\n", encoding="utf-8")
    # score.py keys its cache by the executable's path: the launcher's name carries the digest of the code
    launcher = cache / f"compare-{digest.hexdigest()[:12]}"
    launcher.write_text(ECB_LAUNCHER.format(python=sys.executable, src=str(E.REPO / "src")))
    launcher.chmod(0o755)
    cmd = [sys.executable, str(folder / "score.py"), str(launcher), str(folder), "--no-report",
           "--tm-python", sys.executable, "--wl-python", sys.executable, "--cache", str(cache),
           "--stopwords", str(stopwords)]
    if cx_python:
        cmd += ["--cx-python", cx_python]
    return subprocess.run(cmd, cwd=folder).returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", nargs=2, metavar=("TASK", "TOOL"), help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="development tasks only")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of: " + ", ".join(TOOLS))
    ap.add_argument("--tasks", default="", help="comma-separated task numbers (0-based) to run")
    ap.add_argument("--ecb", action="store_true", help="the ECB+ news task instead (scored by its score.py)")
    ap.add_argument("--cx-python", default="", help="with --ecb: a Python that has collatex, for that peer")
    ap.add_argument("--fresh", action="store_true", help="with --ecb: drop the cached tool outputs first")
    args = ap.parse_args()
    if args.ecb:
        sys.exit(ecb(args.cx_python, args.fresh))
    if args.worker:
        worker(int(args.worker[0]), args.worker[1])
        return
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    chosen = [int(x) for x in args.tasks.split(",") if x.strip()] if args.tasks else [
        i for i, t in enumerate(TASKS) if not args.quick or t[2] == "dev"]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(E.REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    print("| task | split | tool | precision | recall | F1 | links claimed | time (s) | peak MB |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for i in chosen:
        task = TASKS[i]
        for tool in tools:
            proc = subprocess.run([sys.executable, __file__, "--worker", str(i), tool], capture_output=True,
                                  text=True, env=env)
            if proc.returncode != 0:
                err = (proc.stderr.strip().splitlines() or ["?"])[-1]
                print(f"| {task[0]} | {task[2]} | {tool} | failed: {err[:80]} | | | | | |", flush=True)
                continue
            out = json.loads(proc.stdout.strip().splitlines()[-1])
            s = score(task, out["spans"])
            print(f"| {task[0]} | {task[2]} | {tool} | {s.precision:.3f} | {s.recall:.3f} | **{s.f1:.3f}** | "
                  f"{s.claimed} | {out['seconds']:.1f} | {out['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
