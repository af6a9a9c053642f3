"""Matching quotations across documents (and inside one): the second half of ``compare quotes``.

Quotations are canonicalised (case folded, every mark and punctuation dropped, apostrophes inside words
removed, line-break hyphenation joined, editorial brackets made optional) and compared as word sequences.
Kinds, tried in order: ``exact``; ``contained`` (one is a contiguous cut of the other); ``elided`` (the pieces
between ellipses appear in order in the other); ``fuzzy`` (typos, a changed word, a cut with a typo); and
``unmarked`` (a quotation of one document present as plain text in another). Candidates come from an inverted
index of words (common words are skipped), so nothing is compared with everything, and no quotation with
more than ``MAX_CANDIDATES`` others. The comparison is order-free: the same result whatever the order of the
documents, up to their indices.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from array import array
from collections import Counter, defaultdict
from itertools import accumulate, compress, islice, repeat
from operator import itemgetter, rshift, sub
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from .analysis import quotations
from .document import Document, Span
from .normalise import line_starts, offset_array
from .quotes import Quote, find_quotes, make_span

__all__ = ["canonical_tokens", "match_texts", "SharedQuote", "Repeat", "Source", "QuoteComparison",
           "compare_quotes"]

_TOK = re.compile(r"\w+(?:['’]\w+)*")
_BRACKET_LETTER = re.compile(r"\[(\w{1,2})\](?=\w)|(?<=\w)\[(\w{1,2})\]")
_BRACKET_DROP = re.compile(r"\[\s*(?:sic|\.\s*\.\s*\.|…)\s*\]", re.I)
_BRACKETED = re.compile(r"\[[^\]\n]{0,80}\]")
_LINE_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")

MIN_TOKENS = 3          # quotations shorter than this only match exactly
MIN_UNMARKED = 6        # a quotation needs this many words to be looked for as plain text
FUZZY_RATIO = 88        # rapidfuzz ratio for two whole quotations
PARTIAL_RATIO = 90      # rapidfuzz partial ratio for a cut with typos / a piece found in running text
RAREST = 10            # the rarest words of a quotation vote for where it stands in a text
COMMON = 0.02           # words in more than this share of a document's tokens are not used as index keys
MAX_POSTINGS = 1000     # ... nor words seen more often than this (bounds the votes per quotation in big texts)
FALLBACK_CANDIDATES = 200   # a quotation of common words only is compared with at most this many per word
VOTE_CANDIDATES = 5     # the best-voted places of a quotation in a text that are compared with it
NUMPY_VOTES = 256       # votes counted with numpy from this many occurrences on (below, numpy is not worth loading)
LONG_NEEDLE = 60        # a quotation of more words than this is placed by anchor votes, not by a partial alignment
ANCHOR_GRAM = 4         # ... the anchors: word 4-grams of the quotation found in the other text
ANCHOR_SAMPLES = 32     # ... at most this many, spread evenly over the quotation (bounds the work per pair)
ANCHOR_CACHE = 4096      # ... made once per long quotation, for this many at a time (at 30 MB of one line, 9,000
                        # long quotations met 168,000 others)
PAIR_WORD_LIMIT = 50    # a word in more quotations than this is too common to propose candidate pairs
MAX_CANDIDATES = 64     # a quotation is compared with at most this many others (those sharing most index words
                        # first): a pair is compared when it is among the best of either side, so the comparisons
                        # are at most this many per quotation, linear in their number (on a page of one giant
                        # paragraph a quotation would otherwise meet hundreds of candidates)


@lru_cache(maxsize=1)
def _fuzz():
    from rapidfuzz import fuzz  # lazy: keeps `compare --help` fast

    return fuzz


def canonical_tokens(text: str, drop_brackets: bool = False) -> list[str]:
    """The words of ``text`` for comparison: case folded, without marks, punctuation or inner apostrophes.

    ``[T]he`` reads as ``The``; ``[sic]`` and ``[...]`` vanish; other bracketed text is kept, or dropped when
    ``drop_brackets`` (editorial insertions are optional, rule 11).
    """
    text = _BRACKET_LETTER.sub(lambda m: m.group(1) or m.group(2), text)
    text = _BRACKET_DROP.sub(" ", text)
    text = _BRACKETED.sub(" ", text) if drop_brackets else text.replace("[", " ").replace("]", " ")
    text = _LINE_HYPHEN.sub("", text)
    return [w.replace("’", "").replace("'", "").casefold() for w in _TOK.findall(text)]


@dataclass(frozen=True, slots=True)
class _Q:
    """A quotation ready for matching: its variants and its pieces between ellipses."""

    variants: tuple[tuple[str, ...], ...]      # with bracketed text, and without (when different)
    segments: tuple[tuple[str, ...], ...]

    @property
    def tokens(self) -> tuple[str, ...]:
        return self.variants[0]


def _prepare(text: str, segments: Sequence[str]) -> _Q:
    full = tuple(canonical_tokens(text))
    dropped = tuple(canonical_tokens(text, drop_brackets=True))
    variants = (full,) if dropped == full or not dropped else (full, dropped)
    segs = tuple(t for t in (tuple(canonical_tokens(s, drop_brackets=True)) for s in segments) if t)
    return _Q(variants, segs)


def _find_in_order(segments: Sequence[tuple[str, ...]], other: str) -> float | None:
    """Are the segments in ``other`` (a joined token string), in order? Returns the weakest score (0–1)."""
    fuzz = _fuzz()
    pos = 0
    worst = 1.0
    used = 0
    padded = " " + other + " "
    for seg in segments:
        s = " ".join(seg)
        at = padded.find(" " + s + " ", pos)
        if at >= 0:
            pos = at + len(s)
            used += 1
            continue
        if len(seg) < 4:
            if len(seg) < 2:
                continue                     # a word or two between ellipses says little
            return None
        if len(seg) > LONG_NEEDLE:
            sc = _anchored_ratio(seg, other[pos:].split(), fuzz)
            if sc is None:
                return None
            worst = min(worst, sc)
            used += 1
            continue                         # the segment's place is not tracked further: later ones may
                                             # start anywhere after the last exact one
        al = fuzz.partial_ratio_alignment(s, other[pos:], score_cutoff=PARTIAL_RATIO)
        if al is None or al.score < PARTIAL_RATIO:
            return None
        worst = min(worst, al.score / 100)
        pos += al.dest_end
        used += 1
    return worst if used >= 2 else None


def match_texts(a: _Q, b: _Q) -> tuple[str, float, float] | None:
    """How two prepared quotations match: (kind, score 0–1, coverage of the longer one), or None."""
    fuzz = _fuzz()
    best: tuple[str, float, float] | None = None
    rank = {"exact": 0, "contained": 1, "elided": 2, "fuzzy": 3}
    for va in a.variants:
        for vb in b.variants:
            r = _match_variant(va, vb, fuzz)
            if r and (best is None or (rank[r[0]], -r[1]) < (rank[best[0]], -best[1])):
                best = r
    for x, y in ((a, b), (b, a)):
        if len(x.segments) >= 2:
            other = " ".join(y.tokens)
            sc = _find_in_order(x.segments, other)
            if sc is not None:
                cov = sum(len(s) for s in x.segments) / max(1, len(y.tokens))
                r = ("elided", sc, min(1.0, cov))
                if best is None or rank[best[0]] > rank["elided"]:
                    best = r
    return best


def _match_variant(a: tuple[str, ...], b: tuple[str, ...], fuzz) -> tuple[str, float, float] | None:
    if not a or not b:
        return None
    if a == b:
        return ("exact", 1.0, 1.0)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_TOKENS or (len(short) < 5 and len(short) * 2 < len(long_)):
        return None                  # "how do you do" inside a long speech is a phrase, not a quotation
    ss, ls = " ".join(short), " ".join(long_)
    cov = len(short) / len(long_)
    if (" " + ss + " ") in (" " + ls + " "):
        return ("contained", 1.0, cov)
    r = fuzz.ratio(ss, ls, score_cutoff=FUZZY_RATIO)
    if r:
        return ("fuzzy", r / 100, 1.0)
    if len(short) > LONG_NEEDLE:
        sc = _anchored_ratio(short, long_, fuzz)
        if sc is not None:
            return ("fuzzy", sc, cov)
    elif len(short) >= 4 and len(ss) >= 20:
        al = fuzz.partial_ratio_alignment(ss, ls, score_cutoff=PARTIAL_RATIO)
        if al is not None and al.score >= PARTIAL_RATIO:
            return ("fuzzy", al.score / 100, cov)
    return None


def _anchored_ratio(short: Sequence[str], long_: Sequence[str], fuzz) -> float | None:
    """The partial ratio of a long quotation inside a longer text, in time linear in their lengths: word
    4-grams sampled along ``short`` vote for where it starts in ``long_``; the best-voted window of the same
    length is compared whole (a full partial alignment of a thousand-word needle costs its length times the
    text's, cubic in effect on one-line pages where mis-paired marks make every quotation long)."""
    g = ANCHOR_GRAM
    if len(short) < g or len(long_) < g:
        return None
    votes: Counter[int] = Counter()
    for pos, offs in _anchor_hits(_anchors(tuple(short)), long_):
        for off in offs:
            votes[pos - off] += 1
    if not votes:
        return None
    best = 0.0
    for start, n in votes.most_common(VOTE_CANDIDATES):
        if n < 2:
            break
        lo = max(0, start)
        window = " ".join(long_[lo:lo + len(short)])
        r = fuzz.ratio(" ".join(short), window, score_cutoff=PARTIAL_RATIO)
        best = max(best, r)
    return best / 100 if best >= PARTIAL_RATIO else None


_Anchors = dict[str, list[tuple[int, tuple[str, ...], list[int]]]]


@lru_cache(maxsize=ANCHOR_CACHE)
def _anchors(short: tuple[str, ...]) -> _Anchors:
    """The word 4-grams sampled along a long quotation (at most about ``ANCHOR_SAMPLES``, evenly spaced), by
    their longest word (rarer than "the" or "of"): pivot word -> [(its place in the gram, the gram, the gram's
    offsets in the quotation)]. Made once per quotation: one long quotation meets dozens of others."""
    g = ANCHOR_GRAM
    step = max(1, (len(short) - g + 1) // ANCHOR_SAMPLES)
    wanted: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for off in range(0, len(short) - g + 1, step):
        wanted[short[off:off + g]].append(off)
    pivots: _Anchors = defaultdict(list)
    for gram, offs in wanted.items():
        pivot = max(gram, key=len)
        pivots[pivot].append((gram.index(pivot), gram, offs))
    return dict(pivots)


def _anchor_hits(pivots: _Anchors, long_: Sequence[str]) -> list[tuple[int, list[int]]]:
    """Where the anchors of :func:`_anchors` occur in ``long_``: (position, the gram's offsets in the
    quotation), in text order, as a scan building the 4-gram at every position would find them (that scan cost
    more than the rest of a comparison: a 4-gram and a lookup per word of a thousand-word text, for each pair).
    A gram is tested only where its pivot word stands, those places found by one pass in C over ``long_``; a
    position holds one 4-gram, so it matches at most one gram."""
    g = ANCHOR_GRAM
    last = len(long_) - g
    hits: list[tuple[int, list[int]]] = []
    for p in compress(range(len(long_)), map(pivots.__contains__, long_)):
        for k, gram, offs in pivots[long_[p]]:
            pos = p - k
            if 0 <= pos <= last and tuple(long_[pos:pos + g]) == gram:
                hits.append((pos, offs))
    hits.sort(key=itemgetter(0))
    return hits


# --- results ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SharedQuote:
    """The same quotation in two documents. ``quotes`` holds one id for an ``unmarked`` match (the other
    document has the words without marks, at ``spans[1]``), two otherwise. ``spans`` are the words in each
    document, ``docs`` their indices, ``coverage`` the share of the longer side that is matched."""

    quotes: tuple[str, ...]
    docs: tuple[int, int]
    spans: tuple[Span, Span]
    match: str
    score: float
    coverage: float
    speakers: tuple[str | None, str | None]
    attribution_conflict: bool

    def to_dict(self) -> dict[str, Any]:
        return {"quotes": list(self.quotes), "docs": list(self.docs), "spans": [s.to_dict() for s in self.spans],
                "match": self.match, "score": round(self.score, 3), "coverage": round(self.coverage, 3),
                "speakers": list(self.speakers), "attribution_conflict": self.attribution_conflict}


@dataclass(frozen=True)
class Repeat:
    """One quotation seen several times in one document (pull quotes, an author box): its quotations and
    every occurrence in text order (quotations' spans and plain-text spans), each with how it was found:
    ``quotation`` for the quotations themselves, a match kind (``unmarked``, ``fuzzy`` …) for the others."""

    doc: int
    quotes: tuple[str, ...]
    spans: tuple[Span, ...]
    matches: tuple[str, ...]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "quotes": list(self.quotes), "spans": [s.to_dict() for s in self.spans],
                "matches": list(self.matches), "score": round(self.score, 3)}


@dataclass(frozen=True)
class Source:
    """A speaker and how often each document quotes them (counting quotations they relay: a book quoting
    Trotsky counts for both); ``names`` are the forms seen ("Leon Trotsky", "Trotsky": one source by surname);
    ``matched`` lists those of their quotations that match a quotation elsewhere (empty: the documents quote
    the same person, but not the same words)."""

    speaker: str
    names: tuple[str, ...]
    counts: tuple[int, ...]
    quotes: tuple[str, ...]
    matched: tuple[str, ...]

    @property
    def documents(self) -> int:
        return sum(1 for c in self.counts if c)

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "names": list(self.names), "counts": list(self.counts),
                "documents": self.documents, "quotes": list(self.quotes), "matched": list(self.matched)}


@dataclass(frozen=True)
class QuoteComparison:
    """Everything ``compare quotes`` reports: quotations per document, shared ones, repeats and sources."""

    documents: tuple[dict[str, Any], ...]
    quotes: list[Quote]
    shared: list[SharedQuote]
    repeats: list[Repeat]
    sources: list[Source]

    def to_dict(self) -> dict[str, Any]:
        return {"documents": list(self.documents), "quotes": [q.to_dict() for q in self.quotes],
                "shared": [s.to_dict() for s in self.shared], "repeats": [r.to_dict() for r in self.repeats],
                "sources": [s.to_dict() for s in self.sources]}


# --- plain-text search (unmarked) -------------------------------------------------------------------------

class _DocIndex:
    """A document's words with offsets, and where each word occurs (common words left out)."""

    def __init__(self, text: str, quoted: Sequence[tuple[int, int]]):
        # compact: one string object per distinct word, offsets and postings in typed arrays (as Python lists of
        # ints and a string per token, two 10 MB documents held 540 MB of index)
        toks: list[str] = []
        seen: dict[str, str] = {}
        starts = offset_array(text)
        ends = offset_array(text)
        normal: dict[str, str] = {}             # a word as written -> its (shared) normal form
        add_tok, add_start, add_end = toks.append, starts.append, ends.append
        last_end = -1
        for m in _TOK.finditer(text):
            g = m.group()
            w = normal.get(g)
            if w is None:
                k = g.replace("’", "").replace("'", "").casefold()
                w = normal[g] = seen.setdefault(k, k)
            s, e = m.span()
            if last_end >= 0 and text[last_end] == "-" and w.islower() and toks[-1].isalpha() \
                    and _LINE_HYPHEN.fullmatch(text, last_end, s):
                w = toks[-1] + w               # hyphenated across a line break
                toks[-1] = seen.setdefault(w, w)
                ends[-1] = last_end = e
                continue
            add_tok(w)
            add_start(s)
            add_end(e)
            last_end = e
        self.text = text
        self.toks, self.starts, self.ends = toks, starts, ends
        # which tokens lie inside quotation marks (those are matched as quotations, not as plain text)
        inside = bytearray(len(toks))
        for s, e in quoted:
            i = bisect.bisect_left(starts, s)
            while i < len(toks) and starts[i] < e:
                inside[i] = 1
                i += 1
        self.inside = inside
        pos: dict[str, array] = {}
        get, code = pos.get, offset_array(text).typecode
        for i, w in enumerate(toks):
            p = get(w)
            if p is None:
                p = pos[w] = array(code)
            p.append(i)
        limit = min(MAX_POSTINGS, max(30, int(len(toks) * COMMON)))
        self.pos = {w: p for w, p in pos.items() if len(p) <= limit}
        self._arrays: dict[str, Any] = {}      # word -> its postings as a numpy array, made on first use

    def _top_diagonals(self, keys: Sequence[tuple[int, int, str]], after: int, need: int
                       ) -> list[tuple[int, int]] | None:
        """Where a run of words may stand in the text, by votes: each occurrence ``i`` (from token ``after`` on)
        of the word at position ``j`` of the run votes for the diagonal ``(i - j) >> 2``. The (votes, diagonal)
        pairs with at least ``need`` votes, most votes first (ties: the later diagonal first), at most
        :data:`VOTE_CANDIDATES`; None when nothing voted. Posting lists are ascending, so the occurrences before
        ``after`` are cut off by bisection; many votes are counted with numpy, a few in a Counter."""
        if sum(n for n, _, _ in keys) < NUMPY_VOTES:
            votes: Counter[int] = Counter()
            for _, j, w in keys:
                p = self.pos[w]
                k = bisect.bisect_left(p, after) if after else 0
                votes.update(map(rshift, map(sub, islice(p, k, None), repeat(j)), repeat(2)))
            if not votes:
                return None
            return sorted(((v, d) for d, v in votes.items() if v >= need), reverse=True)[:VOTE_CANDIDATES]
        import numpy as np

        parts = []
        for _, j, w in keys:
            arr = self._arrays.get(w)
            if arr is None:
                arr = self._arrays[w] = np.asarray(self.pos[w], dtype=np.int64)
            parts.append(arr[int(np.searchsorted(arr, after)):] - j if after else arr - j)
        diagonals = np.concatenate(parts) >> 2
        if not diagonals.size:
            return None
        uniq, counts = np.unique(diagonals, return_counts=True)
        keep = counts >= need
        uniq, counts = uniq[keep], counts[keep]
        order = np.lexsort((uniq, counts))[::-1][:VOTE_CANDIDATES]
        return list(zip(counts[order].tolist(), uniq[order].tolist()))

    def find(self, seg: Sequence[str], after: int = 0, exclude: Sequence[tuple[int, int]] = ()
             ) -> tuple[int, int, float] | None:
        """Best plain-text occurrence of the words ``seg`` from token ``after`` on: (first, last+1, score)."""
        fuzz = _fuzz()
        keys = sorted(((len(p), j, w) for j, w in enumerate(seg) if (p := self.pos.get(w))))[:RAREST]
        usable = len(keys)
        if usable < 2:
            return None
        need = max(2, usable // 2)
        cands = self._top_diagonals(keys, after, need)
        if cands is None:
            return None
        s = " ".join(seg)
        best = None
        for _, d in cands:
            lo = max(after, (d << 2) - 3)
            hi = min(len(self.toks), (d << 2) + len(seg) + 7)
            if hi <= lo:
                continue
            window = self.toks[lo:hi]
            if len(seg) > LONG_NEEDLE:
                # a long needle is compared whole with the words on its diagonal (a partial alignment would
                # cost its length squared), at each of the diagonal's 4 starting words
                score, t0 = max((fuzz.ratio(s, " ".join(self.toks[t:t + len(seg)]), score_cutoff=PARTIAL_RATIO), t)
                                for t in range(max(after, d << 2), max(after, d << 2) + 4))
                t1 = min(len(self.toks), t0 + len(seg))
                if score < PARTIAL_RATIO:
                    continue
            else:
                al = fuzz.partial_ratio_alignment(s, " ".join(window), score_cutoff=PARTIAL_RATIO)
                if al is None or al.score < PARTIAL_RATIO:
                    continue
                score = al.score
                # map the aligned characters back to tokens
                offs = list(accumulate((len(w) + 1 for w in window[:-1]), initial=0))
                t0 = lo + max(0, bisect.bisect_right(offs, al.dest_start) - 1)
                t1 = lo + max(1, bisect.bisect_left(offs, al.dest_end))
            if any(self.inside[t0:t1]):
                continue
            if any(t0 < e and s_ < t1 for s_, e in exclude):
                continue
            if best is None or score > best[2] * 100:
                best = (t0, t1, score / 100)
        return best

    def find_quote(self, q: _Q, exclude: Sequence[tuple[int, int]] = ()) -> tuple[int, int, float] | None:
        """A quotation's words as plain text: whole, or its ellipsis pieces in order and close together."""
        segs = [s for s in q.segments if len(s) >= 3] if len(q.segments) >= 2 else [q.tokens]
        if sum(len(s) for s in segs) < MIN_UNMARKED:
            return None
        start = end = None
        after, worst = 0, 1.0
        for seg in segs:
            r = self.find(seg, after, exclude)
            if r is None:
                return None
            if start is not None and r[0] - after > 3 * len(q.tokens) + 30:
                return None
            start = r[0] if start is None else start
            end, after, worst = r[1], r[1], min(worst, r[2])
        return (start, end, worst) if start is not None and end is not None else None


# --- the comparison -----------------------------------------------------------------------------------------

def _speaker_key(name: str) -> str:
    words = name.split()
    if words and all(w[:1].isupper() for w in words):
        return words[-1].casefold().rstrip("’'s")      # "Leon Trotsky" and "Trotsky" are one source
    return name.casefold()


def _doc_info(doc: Any, i: int) -> dict[str, Any]:
    if isinstance(doc, str):
        return {"index": i, "label": f"text{i + 1}", "path": None}
    return {"index": i, "label": getattr(doc, "label", f"text{i + 1}"), "path": getattr(doc, "path", None)}


def _quotes_of(doc: Any, i: int) -> list[Quote]:
    """The quotations of the *i*-th document, ids ``d{i}q{n}``: a Document's are those its analysis found
    (extracted once per document, whichever command asks first), renumbered for its place here."""
    if not isinstance(doc, Document):
        return find_quotes(doc, i)
    found = quotations(doc)
    if i == 0:
        return list(found)
    return [dataclasses.replace(q, id=f"d{i}{q.id[2:]}", doc=i,
                                parent=f"d{i}{q.parent[2:]}" if q.parent is not None else None) for q in found]


def compare_quotes(docs: Sequence[Any], progress: Any = None) -> QuoteComparison:
    """Find the quotations of every document and match them across documents and within each one.

    ``docs`` are Documents (or plain strings, for tests and benchmarks). ``progress``, if given, is called
    with a short message per stage.
    """
    texts = [d if isinstance(d, str) else d.text for d in docs]
    per_doc = [_quotes_of(d, i) for i, d in enumerate(docs)]
    quotes = [q for qs in per_doc for q in qs]
    if progress:
        progress(f"{len(quotes)} quotations found")
    # the same words quoted in several documents are prepared into one object: their pairs are then matched once
    # (below), and held once (on pages repeating their paragraphs, 40% of the pairs compared were repeats)
    interned: dict[_Q, _Q] = {}
    prepared = {q.id: interned.setdefault(p, p) for q in quotes if q.kind == "quotation"
                for p in (_prepare(q.text, q.segments),)}
    del interned
    by_id = {q.id: q for q in quotes}
    # identical quotations of one document are matched once: the first stands for the others, which become
    # exact repeats of it (1,000 copies a side would otherwise be a million pairs)
    same_doc: list[tuple[str, str | None, Span, str, float]] = []
    first_of: dict[tuple[int, tuple[tuple[str, ...], ...]], str] = {}
    copies: dict[str, list[str]] = defaultdict(list)
    for q in quotes:
        p = prepared.get(q.id)
        if p is None:
            continue
        rep = first_of.setdefault((q.doc, p.variants), q.id)
        if rep != q.id and by_id[rep].span.end <= q.span.start:
            copies[rep].append(q.id)
            same_doc.append((rep, q.id, q.span, "exact", 1.0))
    for dup in (d for ds in copies.values() for d in ds):
        del prepared[dup]

    # candidate pairs through an inverted index of words (rare words only)
    postings: dict[str, list[str]] = defaultdict(list)
    distinct: dict[str, int] = {}                # distinct words per quotation (counted once, not per pair)
    for qid, p in prepared.items():
        words_of = dict.fromkeys(p.tokens)      # in text order, not a set's: the pairs' order must not depend on
                                                # string hashes (PYTHONHASHSEED), nor the repeats it decides
        distinct[qid] = len(words_of)
        for w in words_of:
            postings[w].append(qid)
    limit = PAIR_WORD_LIMIT
    pair_hits: dict[tuple[str, str], int] = defaultdict(int)
    rare: dict[str, int] = defaultdict(int)      # distinct index words per quotation
    for w, ids in postings.items():
        if len(ids) > limit:
            continue
        for i in ids:
            rare[i] += 1
        if len(ids) < 2:
            continue
        for u in range(len(ids)):
            for v in range(u + 1, len(ids)):
                pair_hits[(ids[u], ids[v])] += 1
    # a quotation made only of common words ("I always think of him") is looked up by its rarest words
    for qid, p in prepared.items():
        if rare[qid] >= 3:
            continue
        words = sorted(dict.fromkeys(p.tokens), key=lambda w: len(postings[w]))   # ties: in text order
        for w in [w for w in words if len(postings[w]) > limit][:3 - rare[qid]]:
            rare[qid] += 1
            for other in postings[w][:FALLBACK_CANDIDATES]:
                if other != qid:
                    pair_hits[(qid, other) if qid < other else (other, qid)] += 1
    order = {q.id: n for n, q in enumerate(quotes)}
    candidates: list[tuple[str, str, int]] = []
    for (x, y), hits in pair_hits.items():
        if order[x] > order[y]:
            x, y = y, x
        # the shorter quotation must share at least half of its index words with the longer one
        need = max(min(2, distinct[x], distinct[y]), min(rare[x], rare[y]) // 2)
        if hits < need:
            continue
        qa, qb = by_id[x], by_id[y]
        if qa.doc == qb.doc and qa.span.start < qb.span.end and qb.span.start < qa.span.end:
            continue                                  # nested in one another
        candidates.append((x, y, hits))
    candidates = _best_candidates(candidates, prepared, by_id)

    shared: list[SharedQuote] = []
    marked_pairs: set[tuple[str, int]] = set()
    matched: dict[tuple[int, int], tuple[str, float, float] | None] = {}   # by prepared quotations (interned)
    for x, y, hits in candidates:
        qa, qb = by_id[x], by_id[y]
        pa, pb = prepared[x], prepared[y]
        key = (id(pa), id(pb))
        m = matched[key] if key in matched else matched.setdefault(key, match_texts(pa, pb))
        if m is None:
            continue
        if qa.doc == qb.doc:
            same_doc.append((x, y, qb.span, m[0], m[1]))
            continue
        marked_pairs.add((x, qb.doc))
        marked_pairs.add((y, qa.doc))
        conflict = bool(qa.speaker and qb.speaker and _speaker_key(qa.speaker) != _speaker_key(qb.speaker))
        shared.append(SharedQuote((x, y), (qa.doc, qb.doc), (qa.span, qb.span), m[0], m[1], m[2],
                                  (qa.speaker, qb.speaker), conflict))
    # a nested quotation matching inside quotations that already match says nothing new
    pairs = {frozenset(s.quotes) for s in shared}

    def lineage(qid: str) -> list[str]:
        out = [qid]
        while by_id[out[-1]].parent is not None and len(out) < 8:
            out.append(by_id[out[-1]].parent)  # type: ignore[arg-type]
        return out

    def implied(s: SharedQuote) -> bool:
        a, b = s.quotes
        return any(frozenset((x, y)) in pairs for x in lineage(a) for y in lineage(b) if (x, y) != (a, b))

    shared = [s for s in shared if not implied(s)]
    if progress:
        progress(f"{len(shared)} shared quotations between marked quotations")

    # unmarked: each quotation's words as plain text in every document (its own included: repeats)
    indexes = [_DocIndex(t, [(q.span.start, q.span.end) for q in qs if q.kind != "term"])
               for t, qs in zip(texts, per_doc)]
    newlines = [getattr(d, "_lines", None) or line_starts(t) for d, t in zip(docs, texts)]
    for q in quotes:
        p = prepared.get(q.id)
        if p is None or len(p.tokens) < MIN_UNMARKED:
            continue
        for j, ix in enumerate(indexes):
            if (q.id, j) in marked_pairs:
                continue
            if j == q.doc:
                found: list[tuple[int, int]] = []
                while len(found) < 20:
                    r = ix.find_quote(p, found)
                    if r is None:
                        break
                    found.append((r[0], r[1]))
                    span = make_span(texts[j], ix.starts[r[0]], ix.ends[r[1] - 1], newlines[j])
                    same_doc.append((q.id, None, span, "unmarked", r[2]))
                continue
            r = ix.find_quote(p)
            if r is not None:
                span = make_span(texts[j], ix.starts[r[0]], ix.ends[r[1] - 1], newlines[j])
                shared.append(SharedQuote((q.id,), (q.doc, j), (q.span, span), "unmarked", r[2],
                                          min(1.0, (r[1] - r[0]) / max(1, len(p.tokens))), (q.speaker, None),
                                          False))

    shared.sort(key=lambda s: (s.docs, s.spans[0].start, s.spans[1].start))
    repeats = _repeats(same_doc, by_id, order)
    sources = _sources(quotes, shared, len(docs), copies)
    return QuoteComparison(tuple(_doc_info(d, i) for i, d in enumerate(docs)), quotes, shared, repeats, sources)


def _best_candidates(candidates: list[tuple[str, str, int]], prepared: dict[str, _Q], by_id: dict[str, Quote]
                     ) -> list[tuple[str, str, int]]:
    """The candidate pairs (x, y, shared index words) worth comparing, in their given order: a quotation with
    more than :data:`MAX_CANDIDATES` ranks its own by shared words (then closeness in length, then words and
    place, which do not depend on the order of the documents) and keeps the best; a pair stays when either side
    keeps it. Every kept pair is among the best of one of its sides, so there are at most
    ``MAX_CANDIDATES`` per quotation."""
    per: dict[str, list[int]] = defaultdict(list)
    for k, (x, y, _) in enumerate(candidates):
        per[x].append(k)
        per[y].append(k)
    crowded = {q: ks for q, ks in per.items() if len(ks) > MAX_CANDIDATES}
    if not crowded:
        return candidates
    kept = bytearray(len(candidates))
    for q, ks in per.items():
        if q not in crowded:
            for k in ks:
                kept[k] = 1
            continue
        n = len(prepared[q].tokens)

        def rank(k: int, q: str = q, n: int = n) -> tuple[int, int, tuple[str, ...], int, int]:
            x, y, hits = candidates[k]
            o = y if x == q else x
            toks = prepared[o].tokens
            return (-hits, abs(len(toks) - n), toks, by_id[o].span.start, by_id[o].doc)

        for k in sorted(ks, key=rank)[:MAX_CANDIDATES]:
            kept[k] = 1
    return [c for c, keep in zip(candidates, kept) if keep]


def _repeats(same_doc, by_id: dict[str, Quote], order: dict[str, int]) -> list[Repeat]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b, *_ in same_doc:
        if b is not None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb, key=order.__getitem__)] = min(ra, rb, key=order.__getitem__)
    groups: dict[str, list] = defaultdict(list)
    for a, b, span, kind, score in same_doc:
        groups[find(a)].append((a, b, span, kind, score))
    out = []
    for root, items in groups.items():
        ids = sorted({root} | {x for a, b, *_ in items for x in (a, b) if x}, key=order.__getitem__)
        spans = [by_id[i].span for i in ids]
        kind_of: dict[str, str] = {}
        for a, b, _, k, _ in items:
            if b is not None:
                kind_of.setdefault(b, k)
        matches = ["quotation"] + [kind_of.get(i, "quotation") for i in ids[1:]]
        taken = sorted((s.start, s.end) for s in spans)
        starts = [t[0] for t in taken]
        max_end = list(accumulate((t[1] for t in taken), max))
        accepted_end = -1
        for span, kind in sorted(((sp, k) for _, b, sp, k, _ in items if b is None), key=lambda x: x[0].start):
            k = bisect.bisect_left(starts, span.end)     # quotations starting before this span ends ...
            if (k and max_end[k - 1] > span.start) or accepted_end > span.start:   # ... and overlapping it
                continue
            spans.append(span)
            matches.append(kind)
            accepted_end = span.end
        paired = sorted(zip(spans, matches), key=lambda x: x[0].start)
        spans, matches = [x[0] for x in paired], [x[1] for x in paired]
        out.append(Repeat(by_id[root].doc, tuple(ids), tuple(spans), tuple(matches),
                          min(x[4] for x in items)))
    out.sort(key=lambda r: (r.doc, r.spans[0].start))
    return out


def _sources(quotes: list[Quote], shared: list[SharedQuote], ndocs: int,
             copies: dict[str, list[str]]) -> list[Source]:
    matched = {x for s in shared for x in s.quotes}
    matched |= {c for x in list(matched) for c in copies.get(x, ())}
    groups: dict[str, list[tuple[Quote, str]]] = defaultdict(list)
    for q in quotes:
        if q.kind != "quotation":
            continue
        for name in (q.speaker, q.via):
            if name:
                groups[_speaker_key(name)].append((q, name))
    out = []
    for key, items in groups.items():
        counts = [0] * ndocs
        for q, _ in items:
            counts[q.doc] += 1
        names = tuple(dict.fromkeys(n for _, n in items))
        display = max(names, key=len)
        ids = tuple(dict.fromkeys(q.id for q, _ in items))
        out.append(Source(display, names, tuple(counts), ids, tuple(i for i in ids if i in matched)))
    out.sort(key=lambda s: (-s.documents, -sum(s.counts), s.speaker.casefold()))
    return out
