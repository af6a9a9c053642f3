"""Every regular expression of every module of src/compare that has one, on its worst input (issue 10).

For each pattern, the inputs that make a backtracking engine work hardest on it: long runs of the characters it
repeats (spaces, newlines, quotation marks, dots, brackets, capitals, digits), a run that almost matches and fails
at the very end, a prefix its first alternative takes and its last one rejects, a word of the pattern cut short.
Each is ``SIZE`` characters and must be scanned (``finditer``, ``search``, ``match`` and ``fullmatch`` over the
whole input: more than the code asks, which applies most patterns to a sentence, a token or a window) within
``SECONDS`` of CPU: a linear scan takes milliseconds, a quadratic one minutes. Some patterns are quadratic on their
worst input but only ever see a slice of bounded length (``SLICED``): each is tested at its slice's length (the
input cut to it, its last characters kept), and the code that slices is tested on the worst input at full size
(``CALLERS``), so that dropping the slice would fail; one is quadratic when searched for but only ever matched at
one position (``MATCHED``), and is tested so. Patterns built at the call from a document's words (``DYNAMIC``) are
tested through their caller. Each probe runs in a child process so that a hang fails the test instead of stalling
the run. (tests/test_hostile.py runs every regex in src/ on a generic battery; this file is the pattern-by-pattern
review, and its coverage test fails on a new pattern with no worst input here.)
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
TAIL = 8              # characters of the end of a worst input kept when it is cut to a slice
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
    "normalise._LONG_SPACE": [" " * n, " a" * (n // 2), "\u00a0 \t" * (n // 3)],
    "normalise._NEEDS_TOKENS": ["-" + " " * n + "x", "-" * n, "- " * (n // 2)],
    # --- analysis ---
    "analysis._VERB_SUFFIX": ["s" * n, "es" * (n // 2), "ing" * (n // 3) + "x", "e" * n + "d", "in" * (n // 2)],
    "analysis._REPORTED_PHRASE": ["according" + " " * n + "tx", "according " * (n // 10), "reportedl " * (n // 10),
                                  "allegedl" * (n // 8), "according to" * (n // 12)],
    "analysis._REFUTED": ["myth" + "a" * n, "not" + " " * n + "x", "not at all" + " " * n + "x",
                          "is simply" + " " * n + "x", "was a" + " " * n + "x", "not " * (n // 4),
                          "is simply a " * (n // 12), "nonsens" * (n // 7), "not at al " * (n // 10)],
    # --- claims ---
    "claims._TOKEN": ["1," * (n // 2), "1" * n, "a-" * (n // 2), "a'" * (n // 2), "1.," * (n // 3), "-a" * (n // 2),
                      "a" * n + "-", "1" * n + "%"],
    "claims._MODIFIER_SUFFIX": ["i" * n, "a" * n, "al" * (n // 2) + "x", "ile" * (n // 3) + "x", "es" * (n // 2),
                                "ia" * (n // 2)],
    "claims._STANCE_CUES[0][0]": ["led" + " " * n + "tx", "led up" + " " * n + "x", "led " * (n // 4),
                                  "leadin " * (n // 7), "led up " * (n // 7)],
    "claims._STANCE_CUES[1][0]": ["leadershi " * (n // 10), "leaders" * (n // 7), "vanguar " * (n // 8)],
    "claims._STANCE_CUES[2][0]": ["guidanc " * (n // 8), "guide" * (n // 5), "guidin " * (n // 7)],
    "claims._STANCE_CUES[3][0]": ["directio " * (n // 9), "directin " * (n // 9), "direct" * (n // 6)],
    "claims._STANCE_CUES[4][0]": ["organisatio " * (n // 12), "organiz" * (n // 7), "organiser" * (n // 9)],
    "claims._STANCE_CUES[5][0]": ["orchestrat" + "a" * n, "orchestra " * (n // 10), "mastermind " * (n // 11),
                                  "instigat" * (n // 8)],
    "claims._STANCE_CUES[6][0]": ["took" + " " * n + "x", "took the" + " " * n + "x", "in" + " " * n + "x",
                                  "took the " * (n // 9), "took the lea " * (n // 13), "in charg " * (n // 9)],
    "claims._STANCE_CUES[7][0]": ["the" + " " * n + "x", "a " * (n // 2), "the cal " * (n // 8), "calle " * (n // 6),
                                  "that " * (n // 5)],
    "claims._STANCE_CUES[8][0]": ["the" + " " * n + "x", "the work" + " " * n + "x", "the work " * (n // 9)],
    "claims._STANCE_CUES[9][0]": ["wait" + " " * n + "x", "waiting for" + " " * n + "x",
                                  "waited until the" + " " * n + "x", "wait for the " * (n // 13)],
    "claims._STANCE_CUES[10][0]": ["initiativ " * (n // 10), "initiate " * (n // 9), "starte" * (n // 6)],
    "claims._STANCE_CUES[11][0]": ["saw" + " " * n + "x", "saw the" + " " * n + "x", "saw the " * (n // 8),
                                   "foresaw " * (n // 8)],
    "claims._STANCE_CUES[12][0]": ["prior" + " " * n + "x", "agreement" + " " * n + "x",
                                   "prior agreemen " * (n // 15)],
    "claims._STANCE_CUES[13][0]": ["lag" + " " * n + "x", "lagging" + " " * n + "behinx", "trailing" + " " * n + "x",
                                   "lag " * (n // 4), "lagg" * (n // 4), "lag-tim " * (n // 8)],
    "claims._STANCE_CUES[14][0]": ["followed" + " " * n + "x", "following the" + " " * n + "x",
                                   "followed the " * (n // 13)],
    "claims._STANCE_CUES[15][0]": ["pulled" + " a" * (n // 2), "pulled " * (n // 7), "pulled a" + " " * n + "x",
                                   "pulled " + "a" * n, "pulled a a a a " * (n // 15), "held" + " " * n + "x",
                                   "pulled" + " " * n + "x"],
    "claims._STANCE_CUES[16][0]": ["spontaneousl " * (n // 13), "unplanne " * (n // 9), "unpremeditate " * (n // 14),
                                   "unprepare " * (n // 10)],
    "claims._STANCE_CUES[17][0]": ["preparatio " * (n // 11), "prepare " * (n // 8), "planne " * (n // 7)],
    "claims._STANCE_CUES[18][0]": ["sustaini " * (n // 9), "flourishe " * (n // 10), "thrive" * (n // 6)],
    "claims._STANCE_CUES[19][0]": ["degenerati " * (n // 11), "collapsin " * (n // 10), "decaye " * (n // 7)],
    "claims._BEHIND": ["behind" + " " * n + "1", "behind the" + " " * n + "1", "behind their" + " " * n + "1",
                       "behind " * (n // 7), "behind -" * (n // 8), "behind a " * (n // 9) + "1"],
    "claims._NEG_CUE": ["no" + " " * n + "onx", "refused" + " " * n + "x", "no " * (n // 3), "n'" * (n // 2),
                        "failed " * (n // 7), "nothin " * (n // 7), "declines" + " " * n + "tx"],
    "claims._NOT_NEGATION": ["not" + " " * n + "x", "no more" + " " * n + "x", "no less" + " " * n + "x",
                             "nothing" + " " * n + "x", "none" + " " * n + "x", "no more " * (n // 8),
                             "no " * (n // 3)],
    "claims._CLAUSE_END": ["\n" + " " * n + "x", " -" * (n // 2), "wherea " * (n // 7), "howeve " * (n // 7),
                           "bu " * (n // 3), " " * n, "\n" + "\t " * (n // 2) + "x"],
    "claims._P_TIMES": ["two" + " " * n + "x", "1" * n + " x", "1 " * (n // 2), "seven " * (n // 6),
                        "1" * (n // 2) + " " * (n // 2) + "x", "ten time " * (n // 9)],
    "claims._ORDINAL_SUFFIX": ["st" * (n // 2), "s" * n, "th" * (n // 2) + "x"],
    "claims._SKIP_AFTER": ["   :   " * (n // 7), " " * n, "-" * n, ":" * n, " :" * (n // 2)],
    "claims._SKIP_BEFORE": ["day" + " " * n + "x", "the " * (n // 4) + "x", "Day " * (n // 4) + "x"],
    "claims._CONTRACTION": ["n't" * (n // 3) + "x", "'" * n, "'l" * (n // 2), "n'" * (n // 2)],
    "claims._SENT_END": ["." + " " * n + "x", "." + "”" * n + "x", ". " * (n // 2), "\n" + " " * n + "x", "!" * n,
                         ".”" * (n // 2) + "x", ".) " * (n // 3) + "x"],
    "claims._REFUTE_BEFORE": ["myth" + "a" * n, "refu " * (n // 5), "absur" * (n // 5), "disprov" + "a" * n],
    "claims._REFUTE_AFTER": ["not" + " " * n + "x", "not even" + " " * n + "x", "not even remotely" + " " * n + "x",
                             "were just" + " " * n + "x", "is a" + " " * n + "x", "not even remotely " * (n // 18),
                             "nonsens" + "e" * n, "is just a " * (n // 10)],
    "claims._REPORTED": ["the" + " " * n + "x", "claimed" + " " * n + "x", "the " * (n // 4), "alleg" + "e" * n,
                         "so-calle " * (n // 9), "claims " * (n // 7), "the notio " * (n // 10)],
    "claims._STANCE_PIECE": ["unpremeditate " * (n // 14), "orchestra" * (n // 9), "le" * (n // 2), "a" * n,
                             "withere " * (n // 8), "degenera " * (n // 9)],
    "claims._IRREGULAR_CASE": ["a" * n, "ı" * n],
    # --- dates ---
    "dates._P_DAY_MONTH": ["1" + " " * n + "x", "1" + " \n" * 3 + " " * n + "x", "1 of" + " " * n + "x",
                           "1 " * (n // 2), "1st of " * (n // 7), "1 of January," + " " * n + "x",
                           "11 \n \n \n " * (n // 10), "1\n" * (n // 2)],
    "dates._P_MONTH_DAY": ["May" + " " * n + "x", "Jan." + " " * n + "x", "May 1," + " " * n + "x", "May " * (n // 4),
                           "May 1 " * (n // 6), "May 1:" * (n // 6) + "1"],
    "dates._P_MONTH_YEAR": ["May" + " " * n + "x", "May of" + " " * n + "x", "May, of " * (n // 8),
                            "May 19170" * (n // 9)],
    "dates._P_PART_YEAR": ["in" + " " * n + "x", "in the" + " " * n + "x", "early" + " " * n + "x",
                           "early of" + " " * n + "x", "in the early " * (n // 13), "at the end of " * (n // 14),
                           "mid-" * (n // 4), "end of 191" * (n // 10)],
    "dates._P_SEASON": ["spring" + " " * n + "x", "spring of" + " " * n + "x", "winter of " * (n // 10)],
    "dates._P_MONTH_ALONE": ["May" + " " * n + "x", "May." + " " * n + "x", "May " * (n // 4),
                             "Septembe " * (n // 9)],
    "dates._MONTH_START": ["j" * n, "ja" * (n // 2), "jan" * (n // 3), "Se" * (n // 2), "a" * n],
    "dates._P_YEAR_ALONE": ["1917 " * (n // 5), "1917" * (n // 4), "1917-a " * (n // 7), "1917," * (n // 5) + "1",
                            "1" * n],
    "dates._P_DAY_N": ["day" + " " * n + "x", "Day 1." * (n // 6), "day " * (n // 4), "day seventee " * (n // 13),
                       "Day" + " \n" * 3 + " " * n + "x"],
    "dates._P_ORDINAL_DAY": ["on" + " " * n + "x", "on the" + " " * n + "x", "the first" + " " * n + "x",
                             "on the first " * (n // 13), "until the " * (n // 10)],
    "dates._P_NEXT_DAY": ["the" + " " * n + "x", "the next" + " " * n + "x", "the day" + " " * n + "x",
                          "next" + " " * n + "x", "the next day" + " " * n + "x",
                          "the next day after" + " " * n + "x", "the next day after " * (n // 19),
                          "the next " * (n // 9)],
    "dates._P_DAYS_LATER": ["a" + " " * n + "x", "a day" + " " * n + "x", "3 days after" + " " * n + "x",
                            "a " * (n // 2), "a day " * (n // 6), "three days after " * (n // 17)],
    "dates._P_JULIAN": ["(" * n, "O." * (n // 2), "O. S" * (n // 4), "Julian calenda " * (n // 15),
                        "(Old-Styl" * (n // 9)],
    "dates._P_GREG": ["(" * n, "N." * (n // 2), "N. S" * (n // 4), "Gregorian calenda " * (n // 18),
                      "(New-Styl" * (n // 9)],
    "dates._FULL_DAY": ["1" * n, "1111-11-1" * (n // 9), "1111-" * (n // 5)],
    "dates._QUANTITY_AFTER": [" " * n, "a" + " " * n + "x", "per" + " " * n + "x", "a per " * (n // 6),
                              "a kilome " * (n // 9), "peopl " * (n // 6), "1" + " " * n + "per" + " " * n + "x"],
    "dates._SENTENCE_BREAK": ["." + " " * n + "a", ". " * (n // 2), ".)" + " " * n + "a", "!" * n],
    # --- embedding ---
    "embedding._PIECE": ["▁" * n, "▁a" * (n // 2), "a" * n, "▁" * n + "a"],
    # --- judge ---
    "judge._ORDINAL": ["1st" * (n // 3), "1s" * (n // 2), "firs " * (n // 5), "sevent " * (n // 7), "1" * n],
    "judge._WORD": ["a'" * (n // 2), "1,00" * (n // 4), "a" * n, "1" * n, "1," * (n // 2)],
    "judge._POSSESSIVE": ["'s" * (n // 2), "'" * n, "'sa" * (n // 3)],
    "judge._LETTERS": ["a" * n, "a1" * (n // 2), "1" * n],
    # --- lexicon ---
    "lexicon._TOKEN": ["1" * n, "1," * (n // 2), "1.000" * (n // 5), "a'" * (n // 2), "1st" * (n // 3),
                       "1,000." + "0" * n, "a" * n, "1.1." * (n // 4)],
    "lexicon._FIGURE": ["1" * n + ":1", "1,000" + ",000" * (n // 4), "1,00" * (n // 4), "$ " * (n // 2), "$" * n,
                        "1.1" * (n // 3), "1," * (n // 2) + "x", " " * n, "1" + ",000" * (n // 4) + ":1",
                        "." * n, ".1" * (n // 2), " .1" * (n // 3)],
    "lexicon._PERCENT": ["per" + " " * n, " per " * (n // 5), "percen " * (n // 7), " " * n],
    "lexicon._SCALE_AFTER": ["m" * n, "mln" * (n // 3), " hundre" * (n // 7), "-" * n, "b" * n],
    "lexicon._WORD_NUMBER": ["one" + " " * n + "x", "one and" + " " * n + "x", "one - " * (n // 6) + "x",
                             "one " * (n // 4) + "onex", "a" + " " * n + "x", "an " * (n // 3), "seventee " * (n // 9),
                             "twenty-" * (n // 7) + "x", "one and " * (n // 8) + "x"],
    "lexicon._VAGUE": ["tens" + " " * n + "x", "tens of" + " " * n + "x", "tens of " * (n // 8), "dozen" * (n // 5)],
    "lexicon._TIMES": ["twic " * (n // 5), "thric" * (n // 5)],
    "lexicon._DIGIT": ["a" * n],
    "lexicon._WORD_RUN": ["a" * n, "a " * (n // 2)],
    "lexicon._IRREGULAR_CASE": ["a" * n, "ſ" * n],
    # --- load ---
    "load._HTML_START": ["<" * n, "<!doctype" + " " * n + "x", "<!doctype " * (n // 10), "<html" * (n // 5),
                         "<hea" * (n // 4)],
    # --- similarity ---
    "similarity._WORDS": ["a" * n, "_" * n, "a_" * (n // 2)],
    # --- stances ---
    "stances._PRONOUN": ["he" + " " * n + "x", "he a" + " " * n + "x", "they " * (n // 5) + "x",
                         "he " + "a" * n + " x", "she a a " * (n // 8) + "x", "he" + " a" * (n // 2) + "1"],
    # --- support ---
    "support._CLAUSE_BREAK": ["a" * n],
    "support._NEG_PREFIX": ["un" * (n // 2), "u" * n, "di" + "a" * n],
    "support._CLOCK": ["1" * n, "11:" * (n // 3), "1:1" * (n // 3)],
    "support._DEMONYM": ["i" * n, "es" * (n // 2) + "x", "a" * n, "is" * (n // 2) + "x"],
    "support._NOT_NOUN": ["i" * n + "x", "ab" * (n // 2) + "x", "e" * n, "ibl" * (n // 3) + "x"],
    # --- render ---
    "render.text._WS": [" " * n, " a" * (n // 2)],
    "render.text._MD_SPECIAL": ["]" * n, "_" * n, "a_" * (n // 2), "](" * (n // 2)],
    "render.safe._JSON_UNSAFE": ["a" * n, "\u2028" * n],
    # the bytes patterns are probed on the UTF-8 of these: each a lead byte the last byte then fails
    "render.safe._JSON_UNSAFE_UTF8[0]": ["\u00a0" * (n // 2), "\u00bf" * (n // 2)],
    "render.safe._JSON_UNSAFE_UTF8[1]": ["\u2014" * (n // 3), "\u201c" * (n // 3)],
    "render.safe._JSON_UNSAFE_UTF8[2]": ["\u2044" * (n // 3), "\u2060" * (n // 3)],
    "render.json._ORJSON_EXPONENT": ["e-" * (n // 2), "e-1" * (n // 3), "1e-12" * (n // 5)],
}
# Any stance cue: the alternation of the cue patterns and _BEHIND, on the worst inputs of each of them.
WORST["claims._ANY_STANCE_CUE"] = [t for k, v in WORST.items() if k.startswith(("claims._STANCE_CUES", "claims._BEHIND"))
                                   for t in v]

# Patterns written inline (a constant first argument of a call of re, or one made only of module constants), by
# the function that applies them: owner -> the pattern, or (the pattern, its flags).
INLINE: dict[str, str | tuple[str, int]] = {
    "quotes._np_before:appositive": r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}),\s[^,.;:!?]{1,80},$",
    "claims._counted_thing:not_gap": r"[^\s\-]",
    "claims._thing_before": r"([A-Za-z]+)\s*[–—,-]?\s*(?:numbering|totall?ing|of|at|some)\s*(?:about|around|over|some)?\s*$",
    "claims._find_numbers:day_before": r"\b[Dd]ay\s+$",
    "claims._find_numbers:of_after_percent": r"\s+of\s+(?:the\s+)?",
    "claims._find_actors:generic": (r"\b(?:any|no|every|each)\s+(?:\S+\s+)?$", re.I),
    "claims._name_then_verb:suffix": r"(?:ing|ly|ed)$",
    "claims._attach_actor:pulled_held": (r"(?:pulled|held)\b", re.I),
    "claims._attach_actor:by_from": r"[\s,]*(?:[\w’']+[\s,]+){0,4}?(?:by|from)\s+(?:[\w,’']+\s+){0,2}$",
    "claims._attach_actor:of": r"\s*(?:\w+\s+)?of\s+(?:the\s+|a\s+|an\s+)?(?:[\w’']+,?\s+){0,2}$",
    "claims._attach_actor:after_of": r"\s*(?:the\s+|a\s+|an\s+)?(?:[\w’']+,?\s+){0,2}$",
    "claims._find_stances:lag_before": r"\b(?:lag(?:ged|s)?|fell|far|quite|always|way)\s+$",
    "dates._marker:next_date": r"[0-9]|\b(?:January|February|March|April|May|June|July|August|September|October|"
                               r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b",
    "dates._marker:marker_start": r"\s*(?:[(\[]\s*)?[ON]\.\s?S\.",
    "dates._marker:clause_end": r"[.;!?](?:\s|$)",
    "dates._marker:tail": r"[\s,:)]*(?:on\s*)?",
    "dates._month_is_word:before": r"\b(?:in|of|since|until|till|by|from|early|late|mid|on|to|last|next|this)[\s-]+$",
    "dates._year_lender:break": r"[,;:.!?()–—]|\n\s*\n",
    "dates._year_lender:blank_line": r"\n[ \t]*\n",
    "dates._year_lender:stops": r"[.!?][\"”’)]?\s",
    "dates._find_day_one:cues": (r"\bfirst\s+day\b|\bDay\s+(?:1|one)\b", re.I),
    "judge._number_context:words": r"[A-Za-z]+",
    "judge._compare_singular:one_thing": r"\b(?:a|an|one)\s+(?:[a-z]+\s+){0,2}?([a-z]+)\b",
    "judge._compare_dates:year": r"[0-9]{4}",
    "judge._subject:stops": r"[\"“”‘`!?;]",
    "judge._compare_predicates:postposed": (r"\s+(?:\w+\s+)?(?:not|never)\b", re.I),
    "lexicon.parse_word_number:split": r"[\s\-]+",
    "lexicon.approx_marker:currency": r"[$£€¥]$",
    "lexicon.find_numbers:a_unit": r"(?:a|an)\s+\w+",
    "load._HTMLText.handle_data:space": r"\s+",
    "load.html_to_text:blank_lines": r"\n{3,}",
    "sentence_judge._sentence_stems:words": r"[A-Za-z\u00c0-\u024f]+",
    "support._decimals": r"(?<![\d.])\d*\.(\d+)",
    "support._scale_of": r"[\d.,]+",
}
# Also inline, and linear whatever the input: one character class.
LINEAR_INLINE = {r"\w"}

WORST.update({
    "claims._counted_thing:not_gap": [" " * n, "-" * n, " -" * (n // 2)],
    "claims._find_numbers:day_before": ["day" + " " * n + "x", "Day " * (n // 4) + "x", "da" * (n // 2)],
    "claims._find_actors:generic": ["no" + " " * n + "x", "no x" + " " * n + "y", "no " * (n // 3) + "x",
                                    "each " + "a" * n + " x", "any a " * (n // 6) + "x"],
    "claims._name_then_verb:suffix": ["i" * n, "in" * (n // 2) + "x", "l" * n, "e" * n],
    "claims._attach_actor:pulled_held": ["pulle" * (n // 5), "held" * (n // 4) + "x"],
    "claims._find_stances:lag_before": ["lag" + " " * n + "x", "far " * (n // 4) + "x", "lagge" * (n // 5),
                                        "always" + " " * n + "x"],
    "dates._marker:next_date": ["Septembe " * (n // 9), "Ma" * (n // 2), "Jun" * (n // 3)],
    "dates._marker:clause_end": [". " * (n // 2), "." * n, ";" * n],
    "dates._month_is_word:before": ["in" + " " * n + "x", "in-" * (n // 3) + "x", "of the " * (n // 7) + "x",
                                    "by " * (n // 3) + "x", "in" + " -" * (n // 2) + "x"],
    "dates._marker:tail": [" " * n + "x", " on" * (n // 3), ",:) " * (n // 4) + "x", "on" + " " * n + "x"],
    "dates._year_lender:break": ["\n" + " " * n + "x", "\n " * (n // 2), "a" * n],
    "dates._year_lender:blank_line": ["\n" + " " * n + "x", "\n \t" * (n // 3)],
    "dates._year_lender:stops": [". " * (n // 2), ".”" * (n // 2), "." * n],
    "dates._find_day_one:cues": ["first" + " " * n + "x", "day" + " " * n + "x", "first da " * (n // 9),
                                 "day on " * (n // 7)],
    "judge._number_context:words": ["a" * n, "a1" * (n // 2)],
    "judge._compare_singular:one_thing": ["a" + " " * n + "x", "a " * (n // 2), "a b " * (n // 4),
                                          "a " + "b" * n + "C", "one " + "bb " * (n // 3), "an bb" + "B" * n,
                                          "a " + "b " * (n // 2) + "C"],
    "judge._compare_dates:year": ["1" * n, "111 " * (n // 4)],
    "judge._subject:stops": ["a" * n],
    "lexicon.parse_word_number:split": [" " * n, " -" * (n // 2)],
    "lexicon.approx_marker:currency": ["$" * n, "$a" * (n // 2)],
    "lexicon.find_numbers:a_unit": ["a" + " " * n + "!", "an " * (n // 3), "a " + "a" * n + "!"],
    "load._HTMLText.handle_data:space": [" " * n, " a" * (n // 2)],
    "load.html_to_text:blank_lines": ["\n" * n, "\n\na" * (n // 3)],
    "sentence_judge._sentence_stems:words": ["a" * n, "a1" * (n // 2)],
    "support._decimals": ["1" * n + "x", "1." * (n // 2), "1" * (n // 2) + ".", ".1" * (n // 2), "." * n,
                          ". 1" * (n // 3)],
    "support._scale_of": ["1" * n, "a" * n],
})

# Found by a pattern-aware battery (each pattern's own words, whole and cut short, before runs of each separator
# and character class; 1,000 to 5,000 inputs a pattern, at 10,000 characters): the input on which each of these
# worked hardest, at full size.
for _owner, _text in [
    ("analysis._REFUTED", 'was' + '\n' * n + 'x'),
    ("claims._MODIFIER_SUFFIX", 'iva' * (n // 3) + 'x'),
    ("claims._STANCE_CUES[6][0]", 'took' + ' ' * n + 'x'),
    ("claims._STANCE_CUES[7][0]", '1 ' * (n // 2) + 'x'),
    ("claims._STANCE_CUES[15][0]", 'Pulled ' * (n // 7) + 'x'),
    ("claims._NEG_CUE", 't, ' * (n // 3) + 'x'),
    ("claims._CLAUSE_END", '1 Whereas' + ' ' * n + 'x'),
    ("claims._P_TIMES", '1 ' * (n // 2) + '!'),
    ("claims._REFUTE_AFTER", 'Were' + ' ' * n + 'x'),
    ("claims._REPORTED", 'The' + ' ' * n + 'x'),
    ("claims._ANY_STANCE_CUE", 'e ' * (n // 2) + 'x'),
    ("claims._STANCE_PIECE", 'Coordinated' + 'a' * n + 'x'),
    ("claims._counted_thing:not_gap", ')' * n + 'Δ'),
    ("dates._P_DAY_MONTH", '1 of' + ' ' * n + 'x'),
    ("dates._P_MONTH_DAY", 'A ' * (n // 2) + '!'),
    ("dates._P_MONTH_YEAR", 'feb' + ' ' * n + 'x'),
    ("dates._P_PART_YEAR", 'middle' + ' ' * n + 'x'),
    ("dates._P_SEASON", 'Spring' + ' ' * n + 'x'),
    ("dates._P_MONTH_ALONE", 'A ' * (n // 2) + '!'),
    ("dates._P_ORDINAL_DAY", 'of the' + ' ' * n + 'x'),
    ("dates._P_NEXT_DAY", 'the' + ' ' * n + 'x'),
    ("dates._P_DAYS_LATER", 'A ' * (n // 2) + '1'),
    ("dates._QUANTITY_AFTER", 'years' + 'a' * n + 'x'),
    ("judge._ORDINAL", 'St ' * (n // 3) + 'x'),
    ("lexicon._TOKEN", '1' * n + 'x'),
    ("lexicon._FIGURE", '$' * n + 'x'),
    ("lexicon._SCALE_AFTER", '1 thousan' + '. ' * (n // 2) + 'x'),
    ("lexicon._WORD_NUMBER", 'hundred million' + ' ' * n + 'x'),
    ("quote_match._BRACKETED", '[' * n + 'Δ'),
    ("quotes._ELISION", 'twill1' * (n // 6) + 'x'),
    ("quotes._VERB_RE", 'o.' * (n // 2) + 'x'),
    ("quotes._VERB_START", 'ou.' * (n // 3) + 'x'),
    ("quotes._CLAUSE_STOP", '1 M' + '-' * n + 'x'),
    ("quotes._SENT_STOP", 'Ms' + '-' * n + 'x'),
    ("quotes._PASSIVE", 'made by\n' * (n // 8) + 'x'),
    ("quotes._HAS_PASSAGE", 'the an' + '\n' * n + 'x'),
    ("segment._FURNITURE", 'Rights' + '1' * n + 'x'),
    ("stances._PRONOUN", 'he she' + '\n' * n + 'x'),
]:
    WORST[_owner].append(_text)

# Quadratic on their worst input, but applied only to a slice of bounded length (by the code named): pattern ->
# (the slice's length, the worst inputs at full size: the first is the quadratic one; each is cut to the slice).
SLICED: dict[str, tuple[int, list[str]]] = {
    # _speaker_before(pre): pre is at most 400 characters before a quotation (_finish, _block_quotations;
    # rule 6's cue colon: 300)
    "quotes._BARE_NAME_COLON": (SLICE, ["\n" * n + "x", "\n\x85" * (n // 2) + "x", ". " * (n // 2) + "x",
                                        "Aa " * (n // 3) + "x", "\n" * n + "!"]),
    # _np_before's appositive: the clause before a cue verb, inside the same slices
    "quotes._np_before:appositive": (SLICE, ["A" * n + "!", "A" * n + ", x,", "A, " + "a" * n, "A," + " a" * (n // 2),
                                             "Aa Aa Aa Aa, " + "b" * n + ",", "A" * n + "1"]),
    # segment._resplit: ABBREVIATION_LOOKBACK characters before a full stop
    "segment._WORD_BEFORE_STOP": (SLICE, ["a" * n + ".x", "1 Za" + "a" * n + "x", "Za" * (n // 2) + "x"]),
    # claims._thing_before: text[start - 60:start] (two adjacent optional white-space runs, twice: cubic in a run
    # of spaces around "of", but on 60 characters)
    "claims._thing_before": (60, ["a" * n, "a" + " " * n + "x", "a" + " " * 29 + "of" + " " * n + "x",
                                  "a -" + " " * n + "of about" + " " * n + "x", "a of " * (n // 5) + "x",
                                  "over some" + "\n" * n + "x"]),
    # claims._find_numbers: matched on text[e:e + 12] after a percentage
    "claims._find_numbers:of_after_percent": (12, ["\u3000" * n, " " * n, " of" + " " * n + "x", " of the" * (n // 7)]),
    # claims._attach_actor: matched on text[e:a.start], an actor at most 60 characters after the cue
    "claims._attach_actor:by_from": (60, ["a" * n, " " * n + "x", "a " * (n // 2), "by " * (n // 3) + "x",
                                          "from a, " * (n // 8) + "x", ", " * (n // 2) + "x", "a," * (n // 2),
                                          "1 by from" + " " * n + "x"]),
    "claims._attach_actor:of": (60, [" " * n + "x", "a" * n, "of " * (n // 3) + "x", "a of the " * (n // 9) + "x",
                                     "of a, " * (n // 6) + "x",
                                     "1 The" + "\n" * n + "x"]),
    "claims._attach_actor:after_of": (60, ["a" * n, " " * n + "x", "the " * (n // 4) + "x", "a, " * (n // 3) + "x",
                                           "an" + "\n" * n + "x"]),
    # dates._marker: matched on text[end:end + _MARKER_WINDOW] (40 characters) after a date
    "dates._marker:marker_start": (40, [" " * n + "x", "(" + " " * n + "x", "( " * (n // 2) + "x",
                                        " O." * (n // 3), "\r\n" * (n // 2)]),
    # judge._compare_predicates: matched on y.text[m.end():m.end() + 20] after a verb
    "judge._compare_predicates:postposed": (20, [" " * n + "x", " a" * (n // 2) + "x", " " + "a" * n + " x",
                                                 " no " * (n // 4)]),
}

# Quadratic when searched for, but only ever matched at one position (by the code named), where they are linear:
# pattern -> worst inputs, each matched (match and fullmatch) at its start, at full size.
MATCHED: dict[str, list[str]] = {
    # lexicon.number_value: _ORDINAL_DIGITS.match(one token)
    "lexicon._ORDINAL_DIGITS": ["1" * n + "x", "1" * n + "s", "1" * n + "st" + "x"],
}

# The code that slices, on the worst inputs at full size: (expression of ``text``, inputs), the modules by their
# names in compare (``render`` for compare.render and its modules).
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
    ("claims.extract_claims(text)", [
        "a" * n + " numbering 40,000.",                                   # _thing_before
        "workers" + " " * n + "numbering" + " " * n + "40,000.",
        "5%" + " " * n + "of the workers.",                               # of after a percentage
        "The strike was led" + " " * n + "by the Bolsheviks.",            # _attach_actor
        "The strike was led " + "a" * n + " by the Bolsheviks.",
        "the leaders" + " " * n + "of the Party.",
        "led " * (n // 4),                         # a cue every few characters, no clause or sentence break: each
        "not " * (n // 16),                        # cue's clause and frame were looked for to the end of the text
                                                   # (a quarter size: every word a negation costs ~2 s at 100 k;
                                                   # quadratic, 25 k took 10 s)
        "did not lead the " * (n // 17),
        "not only " * (n // 9),                    # every cue inside a "not only": the skips were scanned per cue
    ]),
    ("dates.find_dates(text)", ["On 23 February 1917" + " " * n + "(O.S.) x", "23 February 1917 " + "( " * (n // 2),
                                "In May" + " " * n + "x", "in" + " " * n + "May"]),
    ("judge.judge_pair('The workers did not strike.', text)", ["The workers strike" + " " * n + "not.",
                                                               "The workers strike " + "a" * n + " not."]),
    ("lexicon.number_value(text)", ["1" * n + "x", "1" * n + "s"]),                  # _ORDINAL_DIGITS, matched
    # patterns built from a document's words: the words sharing a long prefix with the text
    ("render.html._word_hits(text, ['a' * 30 + str(i) for i in range(200)])", ["a" * n, "a " * (n // 2)]),
    ("render.text._md_cell(render.Cell(text, ('a' * 30 + 'b', 'workers', '_')))", ["a" * n, "_" * n, "a_" * (n // 2)]),
]

# Patterns built at the call from local values (the source of the pattern argument, as ast.unparse writes it):
# the caller in CALLERS that runs them on their worst inputs.
DYNAMIC = {
    # quotes._speaker_before: the first word of a speaker's name, escaped, between word boundaries (a literal)
    "'\\\\b' + re.escape(np.split()[0]) + '\\\\b'": "quotes.extract_quotes",
    "f'(?i)(?<!\\\\w)(?:{alts})(?!\\\\w)'": "render.html._word_hits",
    "'(?i)(?<![\\\\w*])(' + re.escape(word) + ')(?![\\\\w*])'": "render.text._md_cell",
}

# The modules reviewed here: every module of src/compare with a regular expression.
MODULES = ("quotes", "quote_match", "segment", "normalise", "analysis", "claims", "dates", "embedding", "judge",
           "lexicon", "load", "similarity", "stances", "support", "sentence_judge", "render.text", "render.safe",
           "render.html", "render.json")

_PROBE = r"""
import importlib, json, re, sys, time
probes = json.loads(sys.stdin.read())
out = []
for kind, target, flags, how, text in probes:
    if kind == "call":
        names = {"text": text}
        for mod in target[1]:
            importlib.import_module("compare." + mod)
            names[mod.split(".")[0]] = importlib.import_module("compare." + mod.split(".")[0])
        t0 = time.process_time()
        eval(target[0], names)
    else:
        if kind == "pattern":
            rx = re.compile(target, flags)
        else:
            rx = eval(target[1], vars(importlib.import_module("compare." + target[0])))
        if isinstance(rx.pattern, bytes):
            text = text.encode("utf-8", "surrogatepass")
        t0 = time.process_time()
        if how == "scan":
            for _ in rx.finditer(text):
                pass
            rx.search(text)
        rx.match(text)
        rx.fullmatch(text)
    out.append(time.process_time() - t0)
print(json.dumps(out))
"""

Probe = tuple[str, object, int, str, str]


def _module_of(owner: str) -> tuple[str, str]:
    """("render.text", "_WS") for "render.text._WS"."""
    mod = max((m for m in MODULES if owner.startswith(m + ".")), key=len)
    return mod, owner[len(mod) + 1:]


def _target(owner: str, how: str = "scan") -> tuple[str, object, int, str]:
    if owner in INLINE:
        pattern = INLINE[owner]
        pat, flags = (pattern, 0) if isinstance(pattern, str) else pattern
        return "pattern", pat, int(flags), how
    return "regex", _module_of(owner), 0, how


def _call(expr: str) -> tuple[str, object, int, str]:
    return "call", (expr, [m for m in MODULES if re.search(rf"\b{re.escape(m)}\.", expr)]), 0, ""


def _probe(probes: list[Probe]) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    try:
        proc = subprocess.run([sys.executable, "-c", _PROBE], input=json.dumps(probes), capture_output=True,
                              text=True, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish in 60 s: {[(p[1], len(p[-1])) for p in probes]}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _check(probes: list[Probe], label: str) -> None:
    for probe, seconds in zip(probes, _probe(probes)):
        text = probe[-1]
        assert seconds < SECONDS, f"{label}: {seconds:.2f} s on {len(text):,} characters starting {text[:30]!r}"


def _cut(text: str, size: int) -> str:
    """text cut to size characters, keeping its last few (the near-miss that makes a pattern fail at the end)."""
    return text if len(text) <= size else text[:size - TAIL] + text[-TAIL:]


@pytest.mark.parametrize("owner", sorted(WORST))
def test_regex_is_linear_on_its_worst_input(owner):
    _check([(*_target(owner), text) for text in WORST[owner]], owner)


@pytest.mark.parametrize("owner", sorted(SLICED))
def test_sliced_regex_is_fast_on_its_slice(owner):
    size, inputs = SLICED[owner]
    _check([(*_target(owner), _cut(text, size)) for text in inputs], owner)


@pytest.mark.parametrize("owner", sorted(MATCHED))
def test_matched_regex_is_linear_where_it_is_matched(owner):
    _check([(*_target(owner, "match"), text) for text in MATCHED[owner]], owner)


@pytest.mark.parametrize("expr, inputs", CALLERS, ids=[c[0].split("(")[0] for c in CALLERS])
def test_code_that_slices_is_fast_on_the_worst_input(expr, inputs):
    _check([(*_call(expr), text) for text in inputs], expr)


def test_the_sliced_patterns_are_quadratic_without_their_slice():
    """Why SLICED and MATCHED exist: at 6,000 characters each of these takes over 0.01 s on its first input,
    scanned (0.08-1.4 s on the 2-core machine, quadratic: at 3,000 characters the fastest took 0.02 s; a linear
    scan takes a fifth of a millisecond, fifty times under the bound), so the slice, or matching at one position,
    is what keeps them fast. If one became linear, move it to WORST."""
    owners = sorted(SLICED) + sorted(MATCHED)
    firsts = [SLICED[o][1][0] if o in SLICED else MATCHED[o][0] for o in owners]
    seconds = _probe([(*_target(o), _cut(text, 6_000)) for o, text in zip(owners, firsts)])
    assert all(s > 0.01 for s in seconds), dict(zip(owners, seconds))


def _patterns_of(value: object, name: str) -> list[tuple[str, re.Pattern[str]]]:
    """The compiled patterns a module variable holds (itself, or inside lists, tuples and dicts), by name."""
    if isinstance(value, re.Pattern):
        return [(name, value)]
    if isinstance(value, (list, tuple)):
        return [p for i, x in enumerate(value) for p in _patterns_of(x, f"{name}[{i}]")]
    if isinstance(value, dict):
        return [p for k, x in value.items() for p in _patterns_of(x, f"{name}[{k!r}]")]
    return []


def test_review_covers_every_regex_of_these_modules():
    """A new pattern in these modules must be given its worst input here (in WORST, SLICED or MATCHED): one
    compiled at import (also inside a list, tuple or dict), or written in a call of re."""
    import ast
    import importlib

    listed = set(WORST) | set(SLICED) | set(MATCHED)
    reviewed: dict[int, str] = {}
    inline = {p if isinstance(p, str) else p[0] for p in INLINE.values()} | LINEAR_INLINE
    for mod in MODULES:
        module = importlib.import_module(f"compare.{mod}")
        for var, value in vars(module).items():
            for name, rx in _patterns_of(value, f"{mod}.{var}"):
                # a pattern imported from another module is reviewed there
                assert name in listed or reviewed.get(id(rx), name) != name, f"{name} has no worst input here"
                reviewed.setdefault(id(rx), name)
                inline.add(rx.pattern)
    for mod in MODULES:
        module = importlib.import_module(f"compare.{mod}")
        path = SRC / "compare" / (mod.replace(".", "/") + ".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        at_import = {id(node) for stmt in tree.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
                     for node in ast.walk(stmt)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr not in ("escape", "Pattern", "Match") and node.args) or id(node) in at_import:
                continue
            source = ast.unparse(node.args[0])
            try:
                pattern = eval(source, dict(vars(module)))        # a constant, or made of module constants
            except NameError:
                assert source in DYNAMIC, f"{mod}:{node.lineno}: a pattern built at the call, not reviewed: {source}"
                continue
            assert pattern in inline, f"{mod}:{node.lineno}: inline pattern with no worst input here: {pattern!r}"
    assert set(INLINE) <= listed
    callers = {expr.split("(")[0] for expr, _ in CALLERS}
    assert set(DYNAMIC.values()) <= callers
