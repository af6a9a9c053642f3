"""Hostile documents cannot hang, bloat or forge compare's output (issue 10, the input and algorithm side).

Every case is generated here, small (tens of kilobytes: enough for a quadratic or backtracking step to take
minutes, as each did before it was fixed). Each command runs in its own process under a time and memory bound;
its JSON is walked and every span must be ``document[start:end]`` on the line it names. A table of regular
expressions is run on its worst inputs, and every regular expression in ``src/`` on a battery of generic ones.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SRC = Path(__file__).resolve().parents[1] / "src"
TIME_LIMIT = 30              # CPU seconds per command (all its formats), as issue 10 asks (CPU time, so that a
                             # loaded machine does not fail it; wall time is only a hang guard at 3x)
MEMORY_LIMIT = 2 * 1024 ** 3  # bytes of address space per command
REGEX_SIZE = 100_000          # characters of the worst input each listed regex must scan ...
REGEX_SECONDS = 3.0           # ... within this (a shared CPU; the super-linear ones took minutes)
BATTERY_SIZE = 20_000         # characters of each generic input every regex in src/ must scan ...
BATTERY_SECONDS = 2.0         # ... all of them within this

Q = "“We shall fight on the beaches and never surrender to them,” he said."
PROSE = ("On 23 February 1917 the women textile workers of Petrograd went on strike, and by the next day "
         "some 200,000 workers had joined them. “Bread!” they cried. The Bolsheviks, said Trotsky, lagged "
         "behind the masses. ")


def _cases() -> dict[str, tuple[bytes, bytes]]:
    """name -> (bytes of document A, bytes of document B)."""
    u = str.encode
    other = u(PROSE * 20)
    lines = "".join(f"on {1 + i % 28} February 1917 the workers marched and {i}\n" for i in range(1500))
    numbers = "".join(f"On {1 + i % 28} March 1917, {i},000 workers and {i % 97}.5% of 1,{i % 1000:03d} soldiers; "
                      for i in range(1200))
    return {
        # item 1: the HTML sniffing regex backtracked exponentially on empty comments
        "empty_comments": (u("<!---->" * 40 + "x"), other),
        # item 2: super-linear regexes
        "spaces_between_quotes": (u("“One two three four five,” " + " " * 10_000 + "“six seven eight nine.”"), other),
        "first_line_of_spaces": (u(" " * 8_000 + "x\n\nText follows here."), other),
        "digit_groups": (u("About 1,000" + ",000" * 20_000 + " people."), other),
        # item 3: quadratic algorithms
        "lone_closers": (u("‘" + " a ”" * 2_000), other),
        "identical_quotations": (u(("He said " + Q + "\n\n") * 1_000), u(("She wrote " + Q + "\n\n") * 1_000)),
        "dated_lines_without_stops": (u(lines), u(lines[::-1])),
        "numbers_and_dates": (u(numbers), other),
        "one_line_of_prose": (u((PROSE * 600).replace("\n", " ")), other),
        # line ends and odd characters (item 7): every span must map back
        "cr_line_ends": (u((PROSE + "\r\r") * 50), u((PROSE + "\r\n\r\n") * 50)),
        "nbsp_and_breaks": (u(("About 200,000\u00a0workers went\non 23\nFebruary 1917 to the “Palace”.\n\n") * 200),
                            other),
        # more shapes a web page or an attacker produces
        "openers_only": (u("“" * 20_000), u("‘ " * 10_000)),
        "straight_quotes": (u('"a" "' * 5_000), u("'a' '" * 5_000)),
        "deep_nesting": (u("“‘" * 3_000 + "x" + "’”" * 3_000), other),
        "one_long_word": (u("a" * 100_000), other),
        "white_space_runs": (u("word" + " " * 50_000 + "word\n" + "\n" * 20_000 + "end."), other),
        "cue_colons": (u("Trotsky wrote:\n\n" * 3_000), other),
        "capitalised_words": (u("Aa " * 30_000 + "said:"), other),
        "ellipses": (u("... " * 10_000 + "…" * 10_000), other),
        "brackets": (u("[" * 20_000 + "[a]" * 5_000), other),
        "hyphen_breaks": (u("revo-\nlution " * 8_000), other),
        "months_and_numbers": (u("May 23 February 1917 one hundred and " * 2_000), other),
        # a stance cue every few characters, no clause or sentence break (each cue's clause and frame was looked
        # for to the end of the text, and the judge compared every pair of a passage's stances: 200 KB, 202 s)
        "stance_cues": (u("led " * 25_000), u("led " * 25_000)),
        "negated_predicates": (u("the Bolsheviks led and did not lead the workers who organised " * 1_500),
                               u("the workers who organised did not lead and the Bolsheviks led " * 1_500)),
        # one name said over and over, no sentence break: the judge matched every name of a passage with every
        # name of the other (26 KB against itself: 33 s and 3.2 GB of `compare report`)
        "repeated_names": (u("Trotsky said " * 2_000), u("Trotsky said " * 2_000)),
        # one date over and over: every sentence pair quoted the 4,096 pairs of its 64 dates a side as shared
        # evidence, and tested each date against all of them (100 KB against itself: 21.5 s of `compare report`)
        "repeated_dates": (u("23 February 1917 " * 6_000), u("23 February 1917 " * 6_000)),
        "deep_html": (u("<html><body>" + "<div>" * 5_000 + "Text here." + "</div>" * 5_000 + "</body></html>"),
                      other),
        # item 8: encodings
        "utf8_cut_tail": ("Grève générale – été".encode()[:-1], other),
        "latin1_cafe": ("Le Café de la Paix, ¤ naïve façade.\x81".encode("latin-1"), other),
        "utf16_without_bom": ("Women’s strike, 23 February 1917.".encode("utf-16-le"), other),
    }


CASES = _cases()

# One process per case, under the memory bound: it runs each command in every format listed (each command's
# time is measured and bounded), checks the JSON spans against the documents as compare read them, and prints a
# summary as JSON.
_RUNNER = r"""
import json, resource, sys, time
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from typer.testing import CliRunner
from compare.cli import app
from compare.document import load_document
a, b, plan = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
docs = []
for p in (a, b):
    try:
        docs.append(load_document(p))
    except Exception:
        docs.append(None)
summary = {"runs": []}

def walk(node, bad, counted):
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and isinstance(node.get("text"), str):
            counted[0] += 1
            ok = False
            for d in docs:
                if d is not None and d.text[node["start"]:node["end"]] == node["text"] and (
                        "line" not in node or node["line"] == d.line_of(node["start"])):
                    ok = True
                    break
            if not ok and len(bad) < 5:
                bad.append({k: node[k] for k in ("start", "end", "line") if k in node} | {"text": node["text"][:80]})
        for v in node.values():
            walk(v, bad, counted)
    elif isinstance(node, list):
        for v in node:
            walk(v, bad, counted)

for command, formats in plan.items():
  extra = {"align": ["--method", "lexical"], "report": ["--method", "lexical"]}.get(command, [])
  t0 = time.process_time()
  for fmt in formats.split(","):
    res = CliRunner().invoke(app, [command, a, b, "--format", fmt, *extra])
    out = res.stdout
    run = {"command": command, "format": fmt, "exit": res.exit_code, "traceback": "Traceback" in out or "Traceback" in res.stderr
           or res.exception is not None and not isinstance(res.exception, SystemExit),
           "stderr": res.stderr[-300:], "bytes": len(out)}
    if fmt == "json" and res.exit_code == 0:
        bad, counted = [], [0]
        walk(json.loads(out), bad, counted)
        run["bad_spans"], run["spans"] = bad, counted[0]
    summary["runs"].append(run)
  summary.setdefault("seconds", {})[command] = time.process_time() - t0
print(json.dumps(summary))
"""

COMMANDS = {"inspect": "json,tsv", "align": "json,tsv", "quotes": "json,tsv", "report": "json,markdown"}


def _run(paths: tuple[Path, Path], plan: dict[str, str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "120"}
    try:
        proc = subprocess.run([sys.executable, "-c", _RUNNER, str(MEMORY_LIMIT), str(paths[0]), str(paths[1]),
                               json.dumps(plan)], capture_output=True, text=True, env=env,
                              timeout=3 * TIME_LIMIT * len(plan))  # a hang guard; the bound is on CPU time
    except subprocess.TimeoutExpired:
        pytest.fail(f"{', '.join(plan)} took more than {TIME_LIMIT} s a command")
    assert proc.returncode == 0, f"died (memory limit?): {proc.stderr[-800:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_bounded_and_spans_hold(tmp_path, case):
    a, b = CASES[case]
    paths = (tmp_path / f"{case}_a.txt", tmp_path / f"{case}_b.txt")
    paths[0].write_bytes(a)
    paths[1].write_bytes(b)
    summary = _run(paths, COMMANDS)
    for command, seconds in summary["seconds"].items():
        assert seconds < TIME_LIMIT, f"{command}: {seconds:.1f} s"
    for run in summary["runs"]:
        assert run["exit"] in (0, 2), run
        assert not run["traceback"], run
        if run["exit"] == 2:
            assert run["stderr"].strip().count("\n") == 0, run          # one line saying what to do
        assert not run.get("bad_spans"), run


def test_encodings_are_read_as_written(tmp_path):
    from compare.load import decode

    cut = decode("Grève générale – été".encode()[:-1], shown="cut.txt")
    assert cut.text == "Grève générale – ét\ufffd" and cut.encoding == "utf-8"
    assert "last character is cut off" in cut.warnings[0] and "U+FFFD" in cut.warnings[0]
    latin = decode("Le Café de la Paix, naïve façade.\x81".encode("latin-1"))
    assert latin.text.startswith("Le Café de la Paix, naïve façade.") and latin.encoding in ("cp1252", "latin-1")
    assert decode("Café".encode("latin-1")).text == "Café"
    for codec in ("utf-16-le", "utf-16-be"):
        u16 = decode("Women’s strike, 23 February 1917.".encode(codec))
        assert u16.text == "Women’s strike, 23 February 1917." and u16.encoding == codec
        assert "without a byte-order mark" in u16.warnings[0]
    russian = decode("Забастовка работниц текстильных фабрик началась утром".encode("cp1251"))
    assert russian.text.startswith("Забастовка") and russian.encoding.lower() in ("cp1251", "windows-1251")


# --- regular expressions ------------------------------------------------------------------------------------

def _worst_inputs() -> list[tuple[str, str, str]]:
    """(owner, how it is applied, worst input): each regex that was super-linear, or is close to it."""
    n = REGEX_SIZE
    return [
        ("load._looks_like_html", "call", "<!---->" * (n // 7) + "x"),
        ("document._title_from_text", "call", " " * n + "x\n\n"),
        ("quotes._is_interruption", "call", " " * n + ","),
        ("quotes.extract_quotes", "call", "‘" + " a ”" * (n // 4)),
        ("segment.split_sentences", "call", "a" * n + " x. B"),
        ("segment.split_sentences", "call", "abc… d" * (n // 6)),
        ("lexicon._FIGURE", "finditer", "1,000" + ",000" * (n // 4)),
        ("dates._P_DAY_MONTH", "finditer", "1 " * (n // 2)),
        ("dates._P_DAY_MONTH", "finditer", "1" + " " * n + "x"),
        ("dates._QUANTITY_AFTER", "finditer", " " * n),
        ("quote_match._BRACKETED", "finditer", "[" * n),
        ("quote_match._LINE_HYPHEN", "finditer", "-" + " " * n),
        ("normalise._TOKEN", "finditer", " a" * (n // 2)),
        ("quotes._HYPHEN_BREAK", "finditer", "a-" + " " * n),
    ]


@pytest.mark.parametrize("owner, how, text", _worst_inputs(), ids=lambda x: x if len(x) < 40 else "input")
def test_listed_regex_is_linear_on_its_worst_input(owner, how, text):
    # the probe runs in a child so that a hang fails the test instead of stalling the run
    code = (
        "import importlib, sys, time\n"
        f"mod, name = {owner!r}.split('.', 1)\n"
        "obj = getattr(importlib.import_module('compare.' + mod), name)\n"
        "text = sys.stdin.read()\n"
        "t0 = time.process_time()\n"
        f"if {how!r} == 'finditer':\n"
        "    for _ in obj.finditer(text): pass\n"
        "    obj.fullmatch(text)\n"
        "else:\n"
        "    obj(text)\n"
        "print(time.process_time() - t0)\n")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    try:
        proc = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, env=env,
                              timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{owner} did not finish in 30 s on {len(text):,} characters")
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) < REGEX_SECONDS, f"{owner}: {float(proc.stdout):.2f} s on {len(text):,} characters"


def _all_regexes() -> list[tuple[str, re.Pattern[str]]]:
    """Every regular expression in src/: compiled at module level (also inside lists, tuples and dicts) or
    written inline as a constant in a call of the re module."""
    import importlib

    found: dict[tuple[str, int], str] = {}
    for f in sorted((SRC / "compare").rglob("*.py")):
        modname = "compare." + ".".join(f.relative_to(SRC / "compare").with_suffix("").parts)
        if modname.endswith("__main__"):
            continue
        mod = importlib.import_module(modname)

        def visit(v: object, name: str) -> None:
            if isinstance(v, re.Pattern):
                found.setdefault((v.pattern, v.flags), name)
            elif isinstance(v, (list, tuple)):
                for i, x in enumerate(v):
                    visit(x, f"{name}[{i}]")
            elif isinstance(v, dict):
                for k, x in v.items():
                    visit(x, f"{name}[{k!r}]")

        for k, v in vars(mod).items():
            visit(v, f"{modname}.{k}")
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr != "escape" and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                rx = re.compile(node.args[0].value,
                                re.I if any("re.I" in ast.unparse(a) for a in node.args[1:]) else 0)
                found.setdefault((rx.pattern, rx.flags), f"{modname}:{node.lineno}")
    return [(owner, re.compile(p, fl)) for (p, fl), owner in found.items()]


# Regexes that are quadratic on a generic input of BATTERY_SIZE but only ever see a bounded slice of the text
# (the slice named, in the code that applies them): allowed, with the reason, so that a new one has to be looked
# at. Keyed by the pattern itself (line numbers move).
BOUNDED = {
    r"\s+(?:\w+\s+)?(?:not|never)\b": "judge: y.text[m.end():m.end() + 20]",
    r"\s*(?:[(\[]\s*)?[ON]\.\s?S\.": "dates._marker: matched (linear) at the start of 40 characters after a date "
                                    "(_MARKER_WINDOW); a search for it would rescan spaces",
    r"\b(?:in|of|since|until|till|by|from|early|late|mid|on|to|last|next|this)[\s-]+$":
        "dates._month_is_word: 12 characters before a month name",
    r"[\s,]*(?:[\w’']+[\s,]+){0,4}?(?:by|from)\s+(?:[\w,’']+\s+){0,2}$": "claims: text[e:a.start], <= 60 characters",
    r"\s*(?:\w+\s+)?of\s+(?:the\s+|a\s+|an\s+)?(?:[\w’']+,?\s+){0,2}$": "claims: text[e:a.start], <= 60 characters",
    r"\s*(?:the\s+|a\s+|an\s+)?(?:[\w’']+,?\s+){0,2}$": "claims: text[e:a.start], <= 60 characters",
    r"([A-Za-z]+)\s*[–—,-]?\s*(?:numbering|totall?ing|of|at|some)\s*(?:about|around|over|some)?\s*$":
        "claims._thing_before: text[start - 60:start]",
    r"\s+of\s+(?:the\s+)?": "claims: text[e2:e2 + 12]",
    r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}),\s[^,.;:!?]{1,80},$":
        "quotes._np_before: at most 400 characters before a quotation (or 120 after one)",
    r"(?:^|[.!?\n]\s*)([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})\s*:\s*$":
        "quotes._BARE_NAME_COLON: at most 300 characters before a quotation",
    r"([A-Za-z]+)[.!?][\"”’')\]]?$": "segment._WORD_BEFORE_STOP: ABBREVIATION_LOOKBACK characters before a stop",
    r"(\d+)(?:st|nd|rd|th)$": "terms._ORDINAL: one token, matched at its start",
}
# _VERB_START is linear but slow per position (a long alternation); it is only matched at one position.
BOUNDED[__import__("compare.quotes", fromlist=["_VERB_START"])._VERB_START.pattern] = \
    "quotes._VERB_START: matched at the start of the 120 characters after a closing mark"

_ATOMS = [" ", "\n", "\r", "\r\n", "\t", "\u00a0", "a", "A", "1", ",", ".", "a ", "Aa ", "1,", ",000", "'", "’",
          "“", "\"", "-", "a-\n", "—", "<!---->", "[", "(", ":", ". ", "... ", "…", "a, ", "Aa, ", "said ",
          "the ", "February ", "23 ", "May ", "one hundred and ", "\n\n", "Mr. ", "by ", "of the ", "'a ", "1917 "]


_BATTERY = r"""
import re, sys, time
pattern, flags, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
atoms = eval(sys.argv[4])
rx = re.compile(pattern, flags)
t0 = time.process_time()
for atom in atoms:
    s = (atom * (size // len(atom) + 1))[:size]
    for t in (s + "!", s + "1"):
        for _ in rx.finditer(t):
            pass
        rx.fullmatch(t)
print(time.process_time() - t0)
"""


def test_every_bounded_exception_is_still_a_regex_in_src():
    # a stale entry would silently exempt a pattern that later comes back unbounded
    assert set(BOUNDED) <= {rx.pattern for _, rx in _all_regexes()}


@pytest.mark.parametrize("owner, rx", [(o, rx) for o, rx in _all_regexes() if rx.pattern not in BOUNDED],
                         ids=lambda x: x if isinstance(x, str) else "")
def test_every_regex_in_src_is_linear_on_generic_hostile_input(owner, rx):
    try:
        proc = subprocess.run([sys.executable, "-c", _BATTERY, rx.pattern, str(rx.flags), str(BATTERY_SIZE),
                               repr(_ATOMS)], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{owner} did not finish its battery in 30 s: {rx.pattern[:120]}")
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) < BATTERY_SECONDS, f"{owner}: {float(proc.stdout):.2f} s ({rx.pattern[:120]})"


# --- properties ----------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(["\r", "\n", "\r\n", "\u00a0", " ", "“", "”", "‘", "’", '"', "'", "1", "23", ",000",
                           "February", "1917", "said", "Trotsky", "workers", ".", ",", ":", "…", "the", "Day 3",
                           "(O.S.)", "-", "\t", "[", "]"])


@given(st.lists(_PIECES, min_size=1, max_size=60).map("".join))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_text_never_crashes_and_every_span_maps_back(text):
    from compare.dates import build_timeline, find_document_dates
    from compare.document import build_document
    from compare.errors import InputError
    from compare.quote_match import compare_quotes

    if not text.strip():
        return
    try:
        a = build_document(text, label="a")
    except InputError:
        return
    b = build_document("On 23 February 1917 “the workers,” said Trotsky, “struck.”\r\n", label="b")
    for s in a.sentences:
        assert a.text[s.start:s.end] == s.text and s.line == a.line_of(s.start)
    for doc in (a, b):
        assert doc.line_of(len(doc.text)) == 1 + sum(1 for _ in re.finditer(r"\r\n|\r|\n", doc.text))
    qc = compare_quotes([a, b])
    for q in qc.quotes:
        d = (a, b)[q.doc]
        assert d.text[q.span.start:q.span.end] == q.span.text and q.span.line == d.line_of(q.span.start)
    for row in build_timeline([a, b], mentions=[find_document_dates(a), find_document_dates(b)]):
        for m in row.mentions:
            d = (a, b)[m.doc]
            assert d.text[m.start:m.end] == m.text and m.line == d.line_of(m.start)
