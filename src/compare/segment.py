"""Stage 3, segment: sentences within paragraphs, and web furniture marked as boilerplate.

Sentences come from nupunkt, an offline Punkt implementation whose trained English model ships inside its
wheel (no NLTK data download). Two repairs are applied on top of it, each for a case real articles present:
an ellipsis followed by a lowercase word or a parenthesis continues the sentence ("No one could be
sure….(most) consider"), and a piece made only of closing marks or punctuation belongs to the sentence before.
Sentences never cross paragraph boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache

SEGMENTER_NAME = "nupunkt"
# A "sentence" longer than this (a text without full stops, a list of dated lines) is cut at white space into
# pieces of at most this length: every later stage works per sentence, and none should see a megabyte at once.
MAX_SENTENCE_CHARS = 2500
# How far back from a full stop the word before it is looked for (abbreviations are short).
ABBREVIATION_LOOKBACK = 32
# How much of a sentence's end is searched for an ellipsis (with the closing marks after it).
ELLIPSIS_TAIL = 32


def segmenter_version() -> str:
    """Name and version of the sentence segmenter, reported in JSON output."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nupunkt")
    except PackageNotFoundError:  # pragma: no cover - nupunkt is a hard dependency
        return "unknown"


@lru_cache(maxsize=1)
def _sent_spans():
    import nupunkt  # lazy: ~50 ms to import and load its model

    return nupunkt.sent_spans


_ELLIPSIS_END = re.compile(r"(…\.?|\.{3,4}|\. \. \.)[\"”’')\]]*$")
# A full stop after a lowercase word of three or more letters, then a capitalised word: a boundary Punkt
# sometimes misses ("the end of the month. Growing numbers"). Known lowercase abbreviations are excluded.
_MISSED_BOUNDARY = re.compile(r"(?<=[a-z]{3}[.!?])[\"”’')\]]?\s+(?=[\"“‘(\[]?[A-Z])")
_LOWER_ABBREVIATIONS = {"etc", "approx", "esp", "dept", "govt", "misc", "incl", "vol", "vols", "fig", "figs",
                        "ibid", "viz", "ref", "refs", "est", "max", "min", "resp", "cca", "trans", "transl",
                        "eds", "repr", "rev", "cont", "corp", "assn", "bros", "nos", "pp", "ca", "cf", "vs"}
_WORD_BEFORE_STOP = re.compile(r"([A-Za-z]+)[.!?][\"”’')\]]?$")
_ONLY_CLOSERS = re.compile(r"^[\"”’'»)\]\.,;:!?…\s]+$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split one paragraph of normalised text into sentences: (start, end) offsets, white space trimmed."""
    if not text.strip():
        return []
    raw = _resplit(text, _sent_spans()(text))
    spans: list[tuple[int, int]] = []
    for s, e in raw:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if spans:
            ps, pe = spans[-1]
            prev = text[max(ps, pe - ELLIPSIS_TAIL):pe]       # only its end: a merged sentence keeps growing
            piece = text[s:e]
            continues = (_ELLIPSIS_END.search(prev) and (piece[0].islower() or piece[0] == "(")) \
                or _ONLY_CLOSERS.match(piece)
            if continues:
                spans[-1] = (ps, e)
                continue
        spans.append((s, e))
    if not spans:
        s = len(text) - len(text.lstrip())
        spans.append((s, len(text.rstrip())))
    if any(e - s > MAX_SENTENCE_CHARS for s, e in spans):
        spans = [piece for s, e in spans for piece in _cap(text, s, e)]
    return spans


def _cap(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut text[s:e] into pieces of at most MAX_SENTENCE_CHARS, at the last white space of each (or hard,
    in a word longer than half the cap)."""
    out: list[tuple[int, int]] = []
    while e - s > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", s + MAX_SENTENCE_CHARS // 2, s + MAX_SENTENCE_CHARS)
        if cut < 0:
            cut = s + MAX_SENTENCE_CHARS
        end = cut
        while end > s and text[end - 1].isspace():
            end -= 1
        out.append((s, end))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        out.append((s, e))
    return out


def _resplit(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        cut = s
        for m in _MISSED_BOUNDARY.finditer(text, s, e):
            word = _WORD_BEFORE_STOP.search(text, max(cut, m.start() - ABBREVIATION_LOOKBACK), m.start())
            if word and word.group(1).lower() in _LOWER_ABBREVIATIONS:
                continue
            out.append((cut, m.start()))
            cut = m.start()
        out.append((cut, e))
    return out


# Paragraphs that start the furniture at the end of a captured web page: everything after them is furniture.
_TAIL_START = re.compile(
    r"^(about the author|about the authors|read (previous|next) post:?|previous post:?|next post:?|"
    r"related (posts|articles|stories|reading)?:?|you (may|might) also like:?|more from .{0,40}|"
    r"leave a (reply|comment)|(\d+ )?comments?:?|share this:?|tags?:.*|filed under:?.*|posted in:?.*)$",
    re.I)
# Paragraphs that are furniture wherever they are.
_FURNITURE = re.compile(
    r"(creative commons( license)?$|licensed under a creative commons|all rights reserved|^©|^copyright \d|"
    r"share (widely|this|on)|click to (share|print|email)|subscribe to|sign up for our newsletter|"
    r"^advertisement$|^(tweet|share|email|print|facebook|twitter|linkedin|whatsapp)$)",
    re.I)
_COUNTER = re.compile(r"^[\s•·|*\-\d,.kKmM]+$")


def _furniture(s: str) -> bool:
    """Whether one paragraph (stripped) is furniture wherever it stands: a bare counter, or a short licence,
    share or similar line."""
    if _COUNTER.match(s) and any(ch.isdigit() or ch in "•·" for ch in s):
        return True
    return len(s.split()) <= 40 and _FURNITURE.search(s) is not None


def boilerplate_flags(paragraphs: list[str]) -> list[bool]:
    """Mark the paragraphs (given as normalised text) that are web furniture rather than the account itself.

    Furniture is an author box, licence lines, share buttons and counters, "Read previous post:" teasers and
    comment sections. A paragraph that opens such a tail in the last 40% of the document marks everything after
    it; licence and share lines and bare counters are marked wherever they stand (when short).
    """
    n = len(paragraphs)
    flags = [False] * n
    seen: dict[str, bool] = {}          # a paragraph text repeated is read once
    for i, p in enumerate(paragraphs):
        got = seen.get(p)
        if got is None:
            got = seen[p] = _furniture(p.strip())
        flags[i] = got
    for i, p in enumerate(paragraphs):
        if n >= 5 and i >= 0.6 * n and _TAIL_START.match(p.strip()):
            for k in range(i, n):
                flags[k] = True
            break
    return flags
