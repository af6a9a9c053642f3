"""Every regular expression of quotes, quote_match, segment and normalise on its worst input (issue 10).

For each pattern, the inputs that make a backtracking engine work hardest on it: long runs of the characters it
repeats (spaces, newlines, quotation marks, dots, brackets, capitals), a run that almost matches and fails at the
very end, a prefix its first alternative takes and its last one rejects. Each is ``SIZE`` characters and must be
scanned (``finditer``, ``search`` and ``match`` over the whole input: more than the code asks, which applies most
patterns to a paragraph or a quotation) within ``SECONDS`` of CPU: a linear scan takes milliseconds, a quadratic
one minutes. Four patterns are quadratic on their worst input but only ever see a slice of bounded length
(``SLICED``): each is tested at its slice's length, and the code that slices is tested on the worst input at full
size, so that dropping the slice would fail. Each probe runs in a child process so that a hang fails the test
instead of stalling the run. (tests/test_hostile.py runs every regex in src/ on a generic battery; this file is
the pattern-by-pattern review of the modules above.)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
SIZE = 100_000        # characters of each worst input
SECONDS = 2.0         # CPU seconds each probe may take (linear ones take milliseconds on a shared machine)
SLICE = 400           # the longest slice a SLICED pattern is applied to (quotes: 400 characters before a
                      # quotation, 120 after; segment: ABBREVIATION_LOOKBACK, ELLIPSIS_TAIL)

n = SIZE

# module.name -> worst inputs. Patterns a module compiles at import; the inline ones are listed by their call.
WORST: dict[str, list[str]] = {
    # --- quotes ---
    "quotes._MARK_RE": ['"' * n, "“" * n, "’a" * (n // 2)],
    "quotes._ELISION": ["t" * n, "ti" * (n // 2), "twa" * (n // 3)],
    "quotes._ELLIPSIS": ["[" + " " * n, "[ ." * (n // 3), ". " * (n // 2), "." * n, "…" * n, "[" + "." * n,
                         "[" + ". " * (n // 2)],
    "quotes._WS": [" " * n, " a" * (n // 2)],
    "quotes._HYPHEN_BREAK": ["a-" + " " * n, "a-\n" * (n // 3), "a- \t" * (n // 4)],
    "quotes._BLANK": ["\n" * n, "\n" + " " * n + "x", "\n \t" * (n // 3), "\n" + "\r" * n],
    "quotes._VERB_RE": ["said " * (n // 5), "gave a " + "a" * n, "s" * n, "a " * (n // 2), "gave an " * (n // 8)],
    "quotes._VERB_START": ["said " * (n // 5), "gave a " + "a" * n, "s" * n],
    "quotes._WORD": ["a" * n, "a." * (n // 2), "a-'" * (n // 3)],
    "quotes._CLAUSE_STOP": ["\n" + " " * n, "\n" * n, "." * n, "Mr." * (n // 3), " '" * (n // 2), "\n " * (n // 2)],
    "quotes._SENT_STOP": [". " + " " * n, "." + "”" * n + " ", "\n" * n, "Mr. " * (n // 4), "!" * n],
    "quotes._PASSIVE": ["said by Trotsky" + " " * n + "x", "said by " * (n // 8), "said by " + "a " * (n // 2) + "."],
    "quotes._ACCORDING": ["according to Trotsky" + " " * n + "x", "according to " + "Aa " * (n // 3) + "."],
    "quotes._FROM_COLON": ["." + " " * n + "x", ". from " * (n // 7), "from " + "a " * (n // 2) + " x",
                           "from Trotsky" + " " * n + "x"],
    "quotes._QUOTE_FROM": ["quote" + " " * n + "x", "quote " * (n // 6), "quote from the" + " " * n,
                           "quoted from the " + "a " * (n // 2)],
    "quotes._HAS_PASSAGE": [" " * n + "x", "the " * (n // 4), "the a has a " + "a " * (n // 2)],
    "quotes._PAREN_BEFORE": ["(" + "A" * n, "(A " * (n // 3), ")" + " " * n + "x"],
    "quotes._PAREN_AFTER": [" " * n, "(" + "A" * n, "(A " * (n // 3)],
    # --- quote_match ---
    "quote_match._TOK": ["a" * n, "a'" * (n // 2), "'a" * (n // 2), "a''" * (n // 3)],
    "quote_match._BRACKET_LETTER": ["[" * n, "[a" * (n // 2), "a[ab" * (n // 4)],
    "quote_match._BRACKET_DROP": ["[" + " " * n, "[ . . " * (n // 6), "[" * n, "[sic" * (n // 4)],
    "quote_match._BRACKETED": ["[" * n, "[" + "a" * n],
    "quote_match._LINE_HYPHEN": ["-" + " " * n, "- \t" * (n // 3), "-" * n],
    # --- segment ---
    "segment._ELLIPSIS_END": ["…" + "”" * n + "x", "." * n + "x", "…" * n + "a"],
    "segment._MISSED_BOUNDARY": ["abc." + " " * n + "x", "abc. " * (n // 5), "a" * n + ". x", "abc.”" + " " * n],
    "segment._ONLY_CLOSERS": ["." * n + "x", "”" * n + "a"],
    "segment._TAIL_START": ["tags:" + "x" * n + "\nx", "more from " + "a" * n, "comments" * (n // 8)],
    "segment._FURNITURE": ["a" * n, "creative commons" + " " * n, "©" * n],
    "segment._COUNTER": ["1" * n + "x", "1 " * (n // 2) + "x"],
    # --- normalise ---
    "normalise._EOL": ["\r" * n, "\r\n" * (n // 2)],
    "normalise._TOKEN": [" a" * (n // 2), "\u200b" * n, "a" * n],
    "normalise._WORD_RUN": ["a" * n, " " * n],
    "normalise._LONG_SPACE": [" " * n, "a " * n, " \t" * n],
    "normalise._NEEDS_TOKENS": ["-" + " " * n + "x", "-" * n, "- " * (n // 2)],
}

# Patterns written inline (a constant first argument of a call of re), by where they are.
INLINE = {"quotes._np_before:appositive": r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}),\s[^,.;:!?]{1,80},$"}
# Also inline, and linear whatever the input: one character class; a word boundary before an escaped word.
LINEAR_INLINE = {r"\w", r"\b"}

# Quadratic on their worst input, but applied only to a slice of at most SLICE characters (by the code named):
# pattern -> worst inputs at full size (the first is the quadratic one; each is cut to SLICE here).
SLICED: dict[str, list[str]] = {
    # _speaker_before(pre): pre is at most 400 characters before a quotation (_finish, _block_quotations;
    # rule 6's cue colon: 300)
    "quotes._BARE_NAME_COLON": ["\n" * n + "x", "\n\x85" * (n // 2) + "x", ". " * (n // 2) + "x",
                                "Aa " * (n // 3) + "x"],
    # _np_before's appositive: the clause before a cue verb, inside the same slices
    "quotes._np_before:appositive": ["A" * n + ", x,", "A, " + "a" * n, "A," + " a" * (n // 2),
                                     "Aa Aa Aa Aa, " + "b" * n + ","],
    # segment._resplit: ABBREVIATION_LOOKBACK characters before a full stop
    "segment._WORD_BEFORE_STOP": ["a" * n + ".x"],
}

# The code that slices, on the worst inputs at full size: (expression of ``text``, inputs). ``quotes``,
# ``segment``, ``quote_match`` and ``normalise`` are the modules.
CALLERS: list[tuple[str, list[str]]] = [
    ("quotes.extract_quotes(text)", [
        "\n\x85" * (n // 2) + "“Bread and peace for all.”",          # _BARE_NAME_COLON: one paragraph of breaks
        ". " * (n // 2) + "“Bread and peace for all.”",
        "Aa " * (n // 3) + "said: “Bread and peace for all.”",
        "A" * n + " said: “Bread and peace for all.”",                   # the appositive
        "said by Trotsky" + " " * n + "x “Bread and peace for all.”",     # _PASSIVE (linear now in any case)
        "Trotsky wrote" + "\n\x85" * (n // 2) + ":\n\nThe workers marched on the palace that day.",  # block cue
        "Trotsky wrote: " + "Aa " * (n // 3) + "” here.",                  # rule 6: a lone closer's cue colon
        "“Bread and peace for all,” " + "said " * (n // 5),               # the cue after a closer
        "“Bread and peace for all,”" + " " * n + "he said, “and land.”", # an interruption
    ]),
    ("segment.split_sentences(text)", ["a" * n + ". x", "abc. " * (n // 5), "abc." + " " * n + "Xyz."]),
    ("segment.boilerplate_flags([text] * 5)", ["tags:" + "x" * n + "\nx", "1" * n + "x", "a" * n]),
    ("normalise.normalise_span(text, 0, len(text))", ["-" + " " * n + "x", "- \n" * (n // 3), "\u00ad" * n]),
    ("quote_match.canonical_tokens(text, drop_brackets=True)", ["[" * n, "[" + "a" * n, "a-\n" * (n // 3)]),
]

_PROBE = r"""
import importlib, json, re, sys, time
from compare import normalise, quote_match, quotes, segment
probes = json.loads(sys.stdin.read())
out = []
for kind, target, text in probes:
    if kind == "call":
        names = {"quotes": quotes, "segment": segment, "normalise": normalise, "quote_match": quote_match}
        t0 = time.process_time()
        eval(target, {**names, "text": text})
    else:
        if kind == "pattern":
            rx = re.compile(target)
        else:
            mod, name = target.split(".", 1)
            rx = getattr(importlib.import_module("compare." + mod), name)
        t0 = time.process_time()
        for _ in rx.finditer(text):
            pass
        rx.search(text)
        rx.match(text)
    out.append(time.process_time() - t0)
print(json.dumps(out))
"""


def _target(owner: str) -> tuple[str, str]:
    return ("pattern", INLINE[owner]) if owner in INLINE else ("regex", owner)


def _probe(probes: list[tuple[str, str, str]]) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    try:
        proc = subprocess.run([sys.executable, "-c", _PROBE], input=json.dumps(probes), capture_output=True,
                              text=True, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish in 60 s: {[(k, t, len(x)) for k, t, x in probes]}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _check(probes: list[tuple[str, str, str]], label: str) -> None:
    for (kind, target, text), seconds in zip(probes, _probe(probes)):
        assert seconds < SECONDS, f"{label}: {seconds:.2f} s on {len(text):,} characters starting {text[:30]!r}"


@pytest.mark.parametrize("owner", sorted(WORST))
def test_regex_is_linear_on_its_worst_input(owner):
    _check([(*_target(owner), text) for text in WORST[owner]], owner)


@pytest.mark.parametrize("owner", sorted(SLICED))
def test_sliced_regex_is_fast_on_its_slice(owner):
    _check([(*_target(owner), text[:SLICE]) for text in SLICED[owner]], owner)


@pytest.mark.parametrize("expr, inputs", CALLERS, ids=[c[0].split("(")[0] for c in CALLERS])
def test_code_that_slices_is_fast_on_the_worst_input(expr, inputs):
    _check([("call", expr, text) for text in inputs], expr)


def test_the_sliced_patterns_are_quadratic_without_their_slice():
    """Why SLICED exists: at 2,500 characters each of these takes over 0.02 s on its first input (0.1-0.3 s on
    the 2-core machine, 30 times its time on SLICE characters; a linear scan: a tenth of a millisecond), so the
    slice is what keeps them fast. If one became linear, move it to WORST."""
    owners = sorted(SLICED)
    seconds = _probe([(*_target(o), SLICED[o][0][:2_500]) for o in owners])
    assert all(s > 0.02 for s in seconds), dict(zip(owners, seconds))


_INLINE_CALL = re.compile(r"\bre\.(?:search|match|fullmatch|finditer|findall|sub|split|compile)"
                          r"\(r\"((?:[^\"\\]|\\.)*)\"")


def test_review_covers_every_regex_of_these_modules():
    """A new pattern in these modules must be given its worst input here (in WORST or SLICED)."""
    import importlib

    listed = set(WORST) | set(SLICED)
    inline = set(INLINE.values()) | LINEAR_INLINE
    for mod in ("quotes", "quote_match", "segment", "normalise"):
        module = importlib.import_module(f"compare.{mod}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                assert f"{mod}.{name}" in listed, f"{mod}.{name} has no worst input here"
        for line in (SRC / "compare" / f"{mod}.py").read_text(encoding="utf-8").splitlines():
            m = _INLINE_CALL.search(line)
            if m and not re.match(r"\s*_?[A-Z_]+ = re\.compile", line):
                assert m.group(1) in inline, f"{mod}: inline pattern with no worst input here: {line.strip()}"
    assert set(INLINE) <= listed
