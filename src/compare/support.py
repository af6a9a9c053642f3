"""Check each sentence of one account against the sentences of the other that support it.

Two accounts of one event, or a document and its summary, rarely share sentences; what they share is claims.
For each sentence of the *checked* account (the shorter one) this module finds its *support*: the sentences of
the other account that share the most rare words with it (many-to-many; lexical retrieval weighted by rarity).
Then every slot of the sentence is checked against that support and against the whole other account:

- **number**: a figure the support does not give. Counting the same thing with another value ("two weeks"
  where the support says "three weeks") or a figure found nowhere in the other account is a divergence. A
  figure matches when it rounds to the other's value as written ("$3.1 billion" ~ "$3.08 billion"), with
  ``lexicon.APPROX_TOLERANCE`` for "about" ("about 100,000" vs "90,000" diverges).
- **entity**: a name (capitalised, not at a sentence start) that the other account never uses, where the
  support names someone or something else: an entity swap.
- **antonym**: a word the other account does not use whose antonym (``lexicon.ANTONYM_PAIRS``, or the same word
  with a negative prefix: "unhappy"/"happy") is in the support: "rose" where the support says "fell".
- **negation**: a negation on one side only, governing a word both sides use ("did not sign" / "signed").
- **insertion**: in a summary-like account, a clause mostly of words the other account never uses, slipped into
  a sentence whose other clauses it tells ("…Ozy Media, who was recently released on bail, has been arrested").
- **quotation**: in a summary-like account, a word of a short quoted term that the other account never says,
  where the sentence's other quoted words are the other's (a misquoted term: "“therapist”" for "masseuse").
- **unsupported**: when the checked account is summary-like (see :func:`summary_like`), a content word found
  nowhere in the other account and rare enough to carry a fact; otherwise such content is left to ``unique``.

Every finding quotes the deciding words of both sides as true spans (offsets into each document's text) and says
in one sentence why. Where the support is too weak to compare (no sentence shares enough rare words), nothing is
claimed.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Sequence

from .analysis import DocumentAnalysis, SentenceAnalysis, analyse
from .document import Document, Span
from .claims import _TITLES
from .lexicon import (ANTONYM_PAIRS, FUNCTION_WORDS, OPPOSITE_DIRECTIONS, ORDINAL_WORDS, STOPWORDS, NumberSpan,
                      Token, antonyms, incompatibles, lemma_stem, PERSON_NOUNS, REPORT_VERBS, ROLE_TITLES,
                      same_direction)

__all__ = ["SupportFinding", "check_support", "summary_like"]

# --- tuned numbers (each measured on SummEdits dev; see benchmarks/judge_eval.py) ---------------------------
SUPPORT_TOP = 3              # sentences of the other account kept as a sentence's support
SUPPORT_MIN_SHARE = 0.2      # ... each sharing at least this share of the sentence's rarity weight
SUMMARY_MAX_RATIO = 0.5      # the checked account is summary-like when at most half the other's length (Mark is 0.6 of Matthew)
SUMMARY_MIN_VOCABULARY = 0.8  # ... and at least this share of its content words occur in the other account,
SUMMARY_MAX_NEW_NAMES = 1    # ... and names at most this many people or things the other never names (an
                             # edited SummEdits summary: at most 1; the short ECB+ articles read as summaries: 2-5)
DATELINE_MAX_WORDS = 3       # a verbless line with a date and at most this many other content words is a dateline
ABSTRACT_MAX_SENTENCES = 2   # ... or it is an abstract of at most this many sentences (a dialogue's or a call's
ABSTRACT_MIN_SOURCE = 4      # summary retells it in other words) of an account of at least this many
ABSTRACT_MAX_RATIO = 0.7     # ... and at most this share of its length (an abstract of a short call)
ABSTRACT_MIN_VOCABULARY = 0.4  # ... taking at least this share of its content words from it (SummEdits dev abstracts
                             # of calls, emails and news: 0.5 at least; dialogue summaries, the freest retellings
                             # (0.27-0.31), are read by the transcript rule; one-sentence ECB+ news briefs beside a
                             # report on another event of the same kind: 0.31-0.33, or on the same event: 0.24)
TRANSCRIPT_MIN_TURNS = 4     # a transcript: at least this many sentences open with "Name:",
TRANSCRIPT_MIN_SHARE = 0.5   # ... and at least this share of its sentences
SPEAKER_MAX_WORDS = 3        # ... a speaker's name of at most this many words
TRANSCRIPT_MAX_SUMMARY_SENTENCES = 4  # prose of at most this many sentences about a transcript is its summary,
                             # whatever its length (a two-line chat's retelling is longer than the chat)
STEM_PREFIX = 5              # a stem of this length or more is found in a longer stem it starts
STRONG_SUPPORT = 0.6         # an independent account's conflict needs a support sentence sharing this much
NUMBER_SUPPORT = 0.5         # ... but a figure of a sentence the alignment left alone, this much (the figure's own
                             # tests, same counted thing, same context, close values, guard the rest)
SPELLING_MIN_RATIO = 0.6     # two names this close (normalised edit similarity) are one name spelt two ways
SPELLING_SHORT_CHARS = 4     # ... but a name of at most this many letters needs SPELLING_SHORT_MIN_RATIO: one
SPELLING_SHORT_MIN_RATIO = 0.8  # letter changed is another word ("Deal" / "Dear", "Mark" / "Mary"; "Jon" / "John" stay)
NAME_MIN_CHARS = 2           # a capitalised token shorter than this is not taken for a name
SCORES = {"substitution": 0.65, "number": 0.8, "entity": 0.7, "antonym": 0.7, "negation": 0.75, "quotation": 0.75,
          "insertion": 0.6, "unsupported": 0.55}
SUBSTITUTION_MAX_SIMILARITY = 0.1  # a swapped word this close to the original (embedding cosine) is a synonym
DENIAL_SCOPE = 4             # a summary's negation governs at most this many content words of its clause after it
DENIAL_WINDOW = 6            # ... and none of them has a negation this many tokens before it in that sentence
DENIAL_MIN_SHARED = 2        # ... of which a supporting sentence must tell at least this many, with no negation
NEGATION_WINDOW = 4          # a negation governs the first content word at most this many tokens after it
CONTEXT_SIDE = 2             # ... among the nearest this many content words or figures on each side
RIVAL_MAX_FACTOR = 1.5       # two accounts' counts of one quantity differ by less than this factor ("90,000" /
                             # "about 100,000"); farther apart they are mostly two quantities (605 yards / 41)
FIGURE_CONTEXT_SIDE = 3      # a figure's context: this many content words or figures on each side
RULES = ("number", "entity", "antonym", "negation", "quotation", "insertion")  # the checks run by default ("substitution", "unsupported": on request)
CONTEXT_WINDOW = 6           # an antonym must share a content word within this many tokens either side
CLAUSE_MIN_SHARED = 2        # ... or its clause this many content words with the opposite's clause
INSERTION_MIN_WORDS = 3      # a summary's clause of at least this many content words
INSERTION_MIN_NOVEL = 0.67   # ... this share of them never used by the source tells what the source does not,
INSERTION_MIN_TOLD = 2       # ... in a sentence with another clause of at least this many content words
INSERTION_TOLD_SHARE = 0.7   # ... this share of them the source's (the fact is slipped into a told sentence)
TREND_MIN_SHARED = 2         # a change a summary states, against the two figures a supporting sentence compares
                             # ("$94.8 million …, that compares to $106.6 million"): the sentences share this many
                             # content words before the comparison
QUOTED_TERM_WORDS = 4        # a summary's quoted terms ("“colour distribution technician”") are checked word by
                             # word; a longer quotation is a statement, retold as often as copied (ECB+: police
                             # "said the fire progressed rapidly", the other article "spread rapidly")
QUOTED_MIN_FOUND = 0.75      # a sentence's quoted words misquote the source when at least this share are its words
QUOTED_SPELLING_RATIO = 0.85  # a quoted word this close to a word of the support (normalised edit similarity) is
                             # the same word spelt another way ("color"/"colour" 0.91; "masseur"/"masseuse" 0.80)
QUOTED_LOOKBACK = 8          # quotations (sorted by start) that can cover a sentence: the last this many
                             # starting before its end (nested or overlapping quotations are rare)

# Clause negation as the negation rule reads it ("without" is left out: "standing without" is "outside").
NEGATION_CUES = frozenset("not never no nobody none nothing neither nor cannot".split())
EXCLUSION_CUES = frozenset("excluding except excepting".split())  # "excluding a share repurchase program":
                             # a summary's denial too, when the source never uses the word
_NEGATED_PRONOUNS = frozenset("man men one body thing".split())
_POSTPOSED_PRONOUNS = frozenset("ye you thou i me him her it them us we they he she".split())
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]–—]")
ANTONYM_STEMS = frozenset(lemma_stem(w) for pair in ANTONYM_PAIRS for w in pair)
_NEG_PREFIX = re.compile(r"^(?:un|in|im|il|ir|dis|non)(?=[a-z]{3,})")
_NOT_NAMES = FUNCTION_WORDS | STOPWORDS | frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday i mr mrs ms dr ok okay yes no hi hey "
    "am pm gmt utc est edt cst cdt pst pdt bst cet".split())   # times of day and their zones ("12:16 PM EST")


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words of one side that decide a finding: side ``a``/``b`` of the report pair, a true span."""

    side: str
    slot: str
    span: Span
    value: str | None = None


@dataclass(frozen=True, slots=True)
class SupportFinding:
    """A divergence found by checking a sentence of the checked account against its support."""

    kind: str                       # "number" | "entity" | "antonym" | "negation" | "insertion" | "quotation" | …
    score: float
    checked: Span                   # the sentence checked
    support: Span                   # the support sentence the evidence is in (or the best one)
    evidence: tuple[Evidence, ...]
    reason: str


# --- support retrieval -------------------------------------------------------------------------------------

def _idf(an: DocumentAnalysis) -> dict[str, float]:
    n = len(an.sentences)
    return {s: math.log((1 + n) / (1 + f)) + 1.0 for s, f in an.stem_df.items()}


def _support(sent: SentenceAnalysis, other: DocumentAnalysis, idf: dict[str, float],
             index: dict[str, list[int]], only: Any = None,
             stem_sets: Sequence[frozenset[str]] | None = None,
             min_share: float = SUPPORT_MIN_SHARE) -> list[tuple[float, SentenceAnalysis]]:
    """The sentences of *other* sharing the most rarity weight with *sent* (share of sent's weight), best first;
    ``only``: a set of sentence indices to choose from (the sentences the alignment pairs sent with).

    Only sentences that can reach SUPPORT_MIN_SHARE are scored: one sharing nothing but the lightest stems of
    *sent* (together under that share) cannot, so the long posting lists of common stems are never walked.
    ``stem_sets``: the stems of each sentence of *other* as a set (made here when not given)."""
    mine = set(sent.stems)
    total = sum(idf.get(s, 1.0) for s in mine) or 1.0
    if stem_sets is None:
        stem_sets = [frozenset(x.stems) for x in other.sentences]
    if only is not None:
        cands = only
    else:
        light, budget = 0.0, min_share * total * (1 - 1e-9)
        heavy: list[str] = []
        for s in sorted(mine, key=lambda s: idf.get(s, 1.0)):
            w = idf.get(s, 1.0)
            if not heavy and light + w < budget:
                light += w
            else:
                heavy.append(s)
        cands = {k for s in heavy for k in index.get(s, ())}
    weights = [(s, idf.get(s, 1.0)) for s in mine]      # every weight is at least 1: a sum of 0 shares nothing
    by_set: dict[frozenset[str], float] = {}            # copies of one sentence (one stem set) are scored once
    scores: dict[int, float] = {}
    for k in cands:
        have = stem_sets[k]
        acc = by_set.get(have)
        if acc is None:
            acc = 0.0
            for s, w in weights:
                if s in have:
                    acc += w
            by_set[have] = acc
        if acc:
            scores[k] = acc
    ranked = heapq.nlargest(SUPPORT_TOP, ((v / total, k) for k, v in scores.items()))
    return [(v, other.sentences[k]) for v, k in ranked if v >= SUPPORT_MIN_SHARE and v >= min_share]


def _stem_index(an: DocumentAnalysis) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for k, s in enumerate(an.sentences):
        for st in set(s.stems):
            index.setdefault(st, []).append(k)
    return index


def summary_like(checked: Document, other: Document, vocabulary: float, novel_names: int = 0) -> bool:
    """Whether *checked* reads as a summary of *other*: either it is at most SUMMARY_MAX_RATIO of its length (so
    a summary longer than half a short chat is read as an independent account) and takes at least
    SUMMARY_MIN_VOCABULARY of its content words from it (``vocabulary``, counted with repeats), or it is an
    abstract of at most ABSTRACT_MAX_SENTENCES sentences (and ABSTRACT_MAX_RATIO of the length) of an account of
    ABSTRACT_MIN_SOURCE sentences or more (the summary of a chat or a call retells it in other words: 0.29 of a
    SummEdits dialogue summary's words are the dialogue's), taking at least ABSTRACT_MIN_VOCABULARY of its
    content words from it (a news brief of one sentence beside a long report of the same event is an account of
    its own: its details are not unsupported). Measured on ECB+, reading short news articles as summaries of each other turned their own
    details into false divergences. A summary asserts nothing of its own, so a figure or a name it adds is
    unsupported; an independent account's additions are only unique (the seeds' leaflet takes 67 % of its words
    from the article; Mark is 0.6 of Matthew's length). A summary also takes its names from its source: one that
    brings more than SUMMARY_MAX_NEW_NAMES names of its own (``novel_names``) is an account in its own right."""
    ratio = len(checked.text) / max(1, len(other.text))
    if novel_names > SUMMARY_MAX_NEW_NAMES:
        return False
    if _retells_transcript(checked, other) and not is_transcript(checked):
        return True
    if ratio <= SUMMARY_MAX_RATIO and vocabulary >= SUMMARY_MIN_VOCABULARY:
        return True
    return (ratio <= ABSTRACT_MAX_RATIO and vocabulary >= ABSTRACT_MIN_VOCABULARY
            and _sentence_count(checked) <= ABSTRACT_MAX_SENTENCES and _sentence_count(other) >= ABSTRACT_MIN_SOURCE)


def _could_be_summary(checked: Document, other: Document) -> bool:
    """Whether :func:`summary_like` can hold by length alone (so that two accounts of like length, the usual
    case of big inputs, skip reading the other's names)."""
    if len(checked.text) <= max(SUMMARY_MAX_RATIO, ABSTRACT_MAX_RATIO) * len(other.text):
        return True
    return _retells_transcript(checked, other)


def _retells_transcript(checked: Document, other: Document) -> bool:
    """Whether *checked* is short enough (TRANSCRIPT_MAX_SUMMARY_SENTENCES) to retell *other*, a transcript."""
    return _sentence_count(checked) <= TRANSCRIPT_MAX_SUMMARY_SENTENCES and is_transcript(other)


def is_transcript(doc: Document) -> bool:
    """Whether a document is a transcript: at least TRANSCRIPT_MIN_TURNS sentences, and TRANSCRIPT_MIN_SHARE of
    them, open with a speaker's name and a colon ("Ann: Darling, buy some butter.", a chat, an interview, a
    call)."""
    sents = [s for s in analyse(doc).sentences if not s.boilerplate]
    turns = sum(1 for s in sents if _opens_with_speaker(s))
    return turns >= TRANSCRIPT_MIN_TURNS and turns >= TRANSCRIPT_MIN_SHARE * len(sents)


def _opens_with_speaker(sent: SentenceAnalysis) -> bool:
    """"Ann:", "Dr Smith:", "Q:": up to SPEAKER_MAX_WORDS capitalised words, then a colon, at the sentence start."""
    text, base = sent.span.text, sent.span.start
    if ":" not in text:                    # most sentences: no need to read the tokens
        return False
    toks = sent.tokens
    for k, t in enumerate(toks[:SPEAKER_MAX_WORDS]):
        if not t.text[:1].isupper():
            return False
        after = text[t.end - base:t.end - base + 1]
        if after == ":":
            return True
        if after not in (" ", "."):
            return False
    return False


def _sentence_count(doc: Document) -> int:
    return sum(1 for s in analyse(doc).sentences if not s.boilerplate)


# --- numbers -----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Figure:
    value: float
    lo: float
    hi: float
    head: str | None
    span: Span
    vague: bool = False


_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _is_clock(text: str, n: NumberSpan) -> bool:
    return any(m.start() <= n.start < m.end() for m in _CLOCK.finditer(text, max(0, n.start - 3), n.end + 3))


def _decimals(text: str) -> int:
    m = re.search(r"(?<![\d.])\d*\.(\d+)", text)       # ".38": two decimals too
    return len(m.group(1)) if m else 0


def _scale_of(n: NumberSpan) -> float:
    m = re.search(r"[\d.,]+", n.text)
    if not m:
        return 1.0
    try:
        base = float(m.group().replace(",", "").rstrip("."))
    except ValueError:
        return 1.0
    return n.value / base if base else 1.0


def _head_after(doc: Document, tokens: Sequence[Token], end: int) -> str | None:
    """The counted noun after a figure: the first content word within two tokens after it. An age ("14-year-old
    son", "the 16-year old began") counts the years of the person named after it: its head is ``age:`` and that
    noun (``age:`` alone when none follows), so two ages are one quantity only when they are of the same noun."""
    after = [t for t in tokens if t.start >= end][:4]
    if len(after) >= 2 and after[0].lower in _AGE_UNITS and after[1].lower == "old":
        noun = after[2] if len(after) > 2 and after[2].content and not after[2].lower[:1].isdigit() else None
        return "age:" + (lemma_stem(noun.lower) if noun is not None else "")
    for t in after[:3]:
        if t.lower in ("of", "per", "a", "an", "the"):
            continue
        if t.content and not t.lower[:1].isdigit():
            return lemma_stem(t.lower)
        break
    return None


def _figures(doc: Document, sent: SentenceAnalysis) -> list[_Figure]:
    """Figures of a sentence (digits, number words, ordinals), each with the range of values its writing
    allows: "3.1 billion" covers 3.05–3.15 billion, "about 100,000" 95,000–105,000, "more than 40%" 40% up."""
    from .lexicon import interval

    out: list[_Figure] = []
    text = sent.span.text
    base = sent.span.start
    days = [(d.start, d.end) for d in sent.dates if d.precision == "day"]
    for f in sent.figures:                 # read once by the analyse stage, offsets into doc.text
        n = NumberSpan(f.start - base, f.end - base, f.text, f.value, f.approx, f.unit, f.words)
        if _CLOCK.search(text, max(0, n.start - 3), n.end + 3) and _is_clock(text, n):
            continue                       # "5:46 PM", "1:35 p.m.": a time of day, not a quantity
        if any(a <= f.start < b for a, b in days):
            continue                       # "July 29, 2009": a day of a date (dates are compared as dates)
        if n.approx in ("about", "vague"):
            lo, hi = interval(n.value, n.approx)
        elif n.approx in ("at least", "at most"):       # "more than 40%" is still a figure of 40
            lo, hi = interval(n.value, "about")
        else:
            step = 0.5 * 10 ** -_decimals(n.text) * _scale_of(n)
            lo, hi = n.value - step, n.value + step
        out.append(_Figure(n.value, lo, hi, _head_after(doc, sent.tokens, f.end), doc.span(f.start, f.end),
                           n.approx == "vague"))
    toks = sent.tokens
    for k, t in enumerate(toks):
        v = ORDINAL_WORDS.get(t.lower)
        if v is not None:
            head = _head_after(doc, toks, t.end)
            if t.lower != "second" or head == _QUARTER:      # "second" is mostly time, unless "second quarter"
                out.append(_Figure(float(v), v - 0.5, v + 0.5, head, doc.span(t.start, t.end)))
        elif t.text in ("Q", "H") and k + 1 < len(toks) and toks[k + 1].start == t.end and \
                toks[k + 1].text in ("1", "2", "3", "4"):
            # "Q2", "H1": a quarter or half of the year, counted like "the second quarter"
            q = int(toks[k + 1].text)
            out.append(_Figure(float(q), q - 0.5, q + 0.5, _QUARTER if t.text == "Q" else lemma_stem("half"),
                               doc.span(t.start, toks[k + 1].end)))
    return out


def _figure_context(sent: SentenceAnalysis, f: _Figure) -> set[str]:
    """What a figure is told about: the content words around it (see _context), its own counted noun left out."""
    k = next((i for i, t in enumerate(sent.tokens) if t.start >= f.span.start), None)
    if k is None:
        return set()
    return _context(sent.tokens, k, FIGURE_CONTEXT_SIDE + 1) - {f.head} - {lemma_stem(t.lower) for t in sent.tokens
                                                   if f.span.start <= t.start < f.span.end}


def _year(f: _Figure) -> bool:
    """A bare four-digit figure that reads as a year (dates.py compares those as dates)."""
    return f.value.is_integer() and 1000 <= f.value <= 2100 and f.span.text.strip().isdigit()


_GENERIC_PERSON = lemma_stem("people")
_AGE_UNITS = frozenset("year years month months week weeks day days".split())
_QUARTER = lemma_stem("quarter")
_PERIODS = frozenset({_QUARTER, lemma_stem("half")})
_PERSON_HEADS = frozenset(lemma_stem(w) for w in PERSON_NOUNS)


def _same_head(x: str | None, y: str | None) -> bool:
    """Whether two figures count the same kind of thing: the same noun, or "people" and a noun for people."""
    if x is None or y is None:
        return False
    return x == y or {x, y} <= _PERSON_HEADS and _GENERIC_PERSON in (x, y)


def _same_value(x: _Figure, y: _Figure, strict: bool = True) -> bool:
    """Whether two figures can be one value: their ranges overlap. ``strict`` (a summary against its source,
    which must give the figure it took): ranges that only touch do not overlap ("2024" is not "2023", "2" not
    "three"), and a vague figure ("dozens") confirms only another vague one. Between independent accounts the
    ranges may touch (their "11-year-old" and "12-year-old" are mostly two things, judged elsewhere)."""
    if abs(x.value - y.value) <= 1e-9 * max(1.0, abs(x.value)):
        return True
    if not strict:
        return not (x.hi < y.lo or y.hi < x.lo)
    return x.vague == y.vague and x.lo < y.hi and y.lo < x.hi


class _FigureIndex:
    """The figures of the other account, indexed so that a figure's look-ups cost what they find, not the whole
    account (a document of numbers and dates would make them quadratic): by the start of their range (with the
    running maximum of the ends, so a scan stops where no earlier range can reach). It also
    keeps each sentence's figures (:meth:`of`), read once however often a sentence is another's support."""

    def __init__(self, figs: list[_Figure], doc: Document | None = None,
                 by_sentence: dict[int, list[_Figure]] | None = None) -> None:
        self._doc = doc
        self._of = by_sentence if by_sentence is not None else {}
        self._by_lo = sorted(figs, key=lambda g: g.lo)
        self._los = [g.lo for g in self._by_lo]
        self._reach: list[float] = []
        top = -math.inf
        for g in self._by_lo:
            top = max(top, g.hi)
            self._reach.append(top)

    @classmethod
    def of_sentences(cls, doc: Document, sents: Sequence[SentenceAnalysis]) -> "_FigureIndex":
        """The index of the figures of *sents*, sentences of *doc*."""
        by_sentence = {s.index: _figures(doc, s) for s in sents}
        return cls([g for s in sents for g in by_sentence[s.index]], doc, by_sentence)

    def of(self, sent: SentenceAnalysis) -> list[_Figure]:
        """The figures of one sentence of the indexed document (what _figures gives; any sentence of it)."""
        figs = self._of.get(sent.index)
        if figs is None:
            assert self._doc is not None, "an index made of bare figures knows no sentences"
            figs = self._of[sent.index] = _figures(self._doc, sent)
        return figs

    def overlapping(self, f: _Figure) -> Iterator[_Figure]:
        """Every figure whose range meets f's, touching included (a superset of what _same_value accepts)."""
        k = bisect.bisect_right(self._los, f.hi)
        for i in range(k - 1, -1, -1):
            if self._reach[i] < f.lo:
                break
            if self._by_lo[i].hi >= f.lo:
                yield self._by_lo[i]


# --- the checks --------------------------------------------------------------------------------------------

def _check_numbers(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis], other: Document,
                   other_figs: _FigureIndex, side: str, oside: str, summary: bool,
                   other_stems: Any) -> list[SupportFinding]:
    """A figure counting the same thing (the same noun after it) as a figure of the other account, with another
    value; in a summary-like account also a figure found nowhere in the other account, unless it is a detail the
    summary adds (:func:`_added_detail`; ``other_stems``: the stems the other account uses)."""
    out: list[SupportFinding] = []
    g: _Figure | None
    mine = _figures(doc, sent)
    for f in mine:
        # a summary's quarter of the year must be one the source names as a quarter ("Q1" is not the "$1.04"
        # of another sentence)
        period = summary and f.head in _PERIODS
        if any(_same_value(f, x, summary) and (not period or x.head == f.head) for x in other_figs.overlapping(f)):
            if not summary:
                continue                   # the figure is in the other account: what it counts there may differ
            same = [g for g in other_figs.overlapping(f) if _same_value(f, g)]
            if f.head is None or any(g.head == f.head or g.head is None for g in same):
                continue
            g = next((g for s in support for g in other_figs.of(s)
                      if _same_head(g.head, f.head) and not _same_value(f, g) and not _year(g)), None)
            if g is None:
                continue
            reason = (f"{_q(f.span)} counts {f.head!r} with another value than the other account's "
                      f"{_q(g.span)}")
        else:
            located = [(s, g) for s in support for g in other_figs.of(s)]
            sup_figs = [g for _, g in located]
            rival = [g for g in sup_figs if _same_head(g.head, f.head) and not _year(g)]
            if not summary:
                # an independent account: the same counted thing told about the same thing (a content word
                # shared near both figures), else it is a detail only this account gives (unique)
                ctx = _figure_context(sent, f)
                rival = [g for s, g in located if g in rival and _figure_context(s, g) & ctx
                         and max(f.value, g.value) <= RIVAL_MAX_FACTOR * min(f.value, g.value)
                         and not _enumerates(other_figs.of(s), g)]
                if not rival or _year(f) or _enumerates(mine, f):
                    continue
            if summary and not rival and _added_detail(f, sup_figs, other_stems):
                continue
            rival = rival or sup_figs
            g = rival[0] if rival else None
            if g is not None and _same_head(g.head, f.head):
                reason = (f"{_q(f.span)} counts the same thing as the supporting sentence's {_q(g.span)} "
                          f"({_fmt(f.value)} against {_fmt(g.value)}), and the other account never gives "
                          f"{_fmt(f.value)}")
            else:
                reason = f"{_q(f.span)} appears nowhere in the other account" + (
                    f"; its supporting sentence gives {_q(g.span)}" if g else "")
        ev = [Evidence(side, "number", f.span, _fmt(f.value))]
        anchor = g.span if g is not None else (support[0].span if support else None)
        if anchor is not None:
            ev.append(Evidence(oside, "number", anchor, _fmt(g.value) if g else None))
        out.append(SupportFinding("number", SCORES["number"], sent.span,
                                  support[0].span if support else _nowhere(other), tuple(ev), reason))
    return out


def _added_detail(f: _Figure, support_figs: list[_Figure], other_stems: Any) -> bool:
    """Whether a summary's figure found nowhere in the source, with no figure of the same counted thing beside
    it, tells a detail the summary adds rather than a changed figure: it counts something the source never
    mentions ("More than 50 firefighters" against an account without firefighters), or it is a year where the
    supporting sentences give none ("a court room shooting in 2005"). A changed figure keeps what it counts
    (SummEdits' edits: "17%" for "7%" of the same revenue); an added one is a new claim, which the checks of
    inserted and unsupported words weigh (ECB+: two short articles read as summaries of longer ones lost three
    false divergences; SummEdits dev unchanged)."""
    if f.head is not None and not f.head.startswith("age:") and f.head not in other_stems:
        return True
    return _year(f) and not any(_year(g) for g in support_figs)


def _enumerates(figs: list[_Figure], f: _Figure) -> bool:
    """Whether a sentence gives another value counting what f counts ("13-inch and 15-inch models", "aged 14
    and 16"): it lists several things of one kind, so none of them is the one count another account can
    contradict."""
    return any(g is not f and _same_head(g.head, f.head) and not _same_value(g, f, strict=False) for g in figs)


def _is_name(tokens: Sequence[Token], i: int, text: str, base: int) -> bool:
    t = tokens[i]
    if not t.text[:1].isupper() or len(t.text) < NAME_MIN_CHARS or t.lower in _NOT_NAMES:
        return False
    if t.lower.startswith(("i'", "i’")):
        return False                      # "I've", "I'm": the pronoun
    before = text[:t.start - base].rstrip()
    if not before or before[-1] in ".!?:;\"“(‘'" or before.endswith((". .", "—", "–")):
        return False                      # a sentence start: any word is capitalised there
    return True


def _name_head(tokens: Sequence[Token], i: int) -> Token | None:
    """The last word of the name token i begins or continues ("Barack" in "President Barack Obama" → "Obama"):
    the capitalised words after it joined by one space, not a demonym ("the Moscow Russian embassy" names
    Moscow, its head is not "Russian"). None when token i is itself the last."""
    k = i
    while k + 1 < len(tokens) and tokens[k + 1].start - tokens[k].end <= 1 and tokens[k + 1].text[:1].isupper() \
            and tokens[k + 1].lower not in _NOT_NAMES:
        k += 1
    head = tokens[k]
    if k == i or _DEMONYM.search(head.lower):
        return None
    return head


_DEMONYM = re.compile(r"(?:an|ese|ish|ic|i)$")


def _name_heads(an: DocumentAnalysis) -> dict[str, set[str]]:
    """The last words of the document's names of two or more words, each with the first words they follow
    ("Media" → {"ozy"} for "Ozy Media"): one pass over its tokens."""
    out: dict[str, set[str]] = {}
    for sent in an.sentences:
        toks = sent.tokens
        for i, t in enumerate(toks):
            if not t.text[:1].isupper() or t.lower in _NOT_NAMES or _continues_name(toks, i):
                continue
            head = _name_head(toks, i)
            if head is not None:
                out.setdefault(head.lower, set()).add(t.lower)
    return out


def _continues_name(toks: Sequence[Token], i: int) -> bool:
    """Whether token i follows a capitalised word of the same name (one space between)."""
    return i > 0 and toks[i].start - toks[i - 1].end <= 1 and toks[i - 1].text[:1].isupper() \
        and toks[i - 1].lower not in _NOT_NAMES


def _novel_names(sents: Sequence[SentenceAnalysis], other_words: set[str], other_stems: set[str],
                 heads: dict[str, set[str]] | None = None) -> set[str]:
    """The names of *sents* the other account never uses (nor the head of the fuller name they begin)."""
    out: set[str] = set()
    for sent in sents:
        toks = sent.tokens
        for i, t in enumerate(toks):
            if _is_name(toks, i, sent.span.text, sent.span.start) and not _known_name(toks, i, other_words,
                                                                                        other_stems, heads):
                out.add(t.lower)
    return out


def _known_name(toks: Sequence[Token], i: int, other_words: set[str], other_stems: set[str],
                heads: dict[str, set[str]] | None = None) -> bool:
    t = toks[i]
    if t.lower in other_words or lemma_stem(t.lower) in other_stems or t.lower in _TITLES:
        return True
    if t.lower in ROLE_TITLES and i + 1 < len(toks) and toks[i + 1].text[:1].isupper():
        return True                        # "General Manager A.J. Smith": the title of the name after it
    head = _name_head(toks, i)             # "Sharron Diane Crawford Smith" where the other says "Sharron Smith",
    if head is None or not (head.lower in other_words or lemma_stem(head.lower) in other_stems):  # "Obama"
        return False
    # the first word of a name is what tells it from others of its kind: "UFO Media" where the other account
    # names only "Ozy Media" is another company, not a fuller form of the same name
    rivals = (heads or {}).get(head.lower)
    return not (rivals and not _continues_name(toks, i) and t.lower not in rivals)


def _check_names(doc: Document, sent: SentenceAnalysis, support: list[tuple[float, SentenceAnalysis]],
                 other_words: set[str], other_stems: set[str], side: str, oside: str,
                 summary: bool, nowhere: Span, heads: dict[str, set[str]] | None = None) -> list[SupportFinding]:
    """A name the other account never uses. In a summary-like account that is a divergence; in an independent
    one only when the sentence is closely supported (STRONG_SUPPORT) by a sentence naming someone or
    something else in its place (an entity swap)."""
    out: list[SupportFinding] = []
    strong = [x for v, x in support[:1] if v >= STRONG_SUPPORT]
    sup = [x for _, x in support] if summary else strong
    toks = sent.tokens
    for i, t in enumerate(toks):
        if not _is_name(toks, i, sent.span.text, sent.span.start):
            continue
        if _known_name(toks, i, other_words, other_stems, heads):
            continue
        if any(_spelling_variant(t.text, u.text) for s in sup for u in s.tokens if u.text[:1].isupper()):
            continue                       # "Judæa"/"Judea", "Elias"/"Elijah": one name spelt two ways
        rival: Token | None = None
        mine_names = {x.lower for k, x in enumerate(toks) if _is_name(toks, k, sent.span.text, sent.span.start)}
        for s in sup:
            theirs = [u for j, u in enumerate(s.tokens) if _is_name(s.tokens, j, s.span.text, s.span.start)
                      and u.lower not in {x.lower for x in toks}]
            new = {x for x in mine_names if x not in {u.lower for u in s.tokens}}
            if theirs and (summary or len(theirs) == 1 and len(new) == 1):
                rival = theirs[0]          # an independent account: exactly one name for exactly one name
                break
        if rival is None and not summary:
            continue
        ev = [Evidence(side, "entity", doc.span(t.start, t.end))]
        if rival is not None:
            ev.append(Evidence(oside, "entity", Span(rival.start, rival.end, 0, rival.text)))
        out.append(SupportFinding("entity", SCORES["entity"], sent.span, support[0][1].span if support else nowhere,
                                  tuple(ev), f"the name {t.text!r} appears nowhere in the other account"
                                  + (f"; its supporting sentence names {rival.text!r}" if rival else "")))
    return out


def _fold(word: str) -> str:
    """Lower case, ligatures and diacritics folded ("Cæsar" → "caesar")."""
    import unicodedata

    w = word.lower().replace("æ", "ae").replace("œ", "oe")
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


def _spelling_variant(x: str, y: str) -> bool:
    """Two spellings of one name: equal once folded, or close by edit distance (SPELLING_MIN_RATIO)."""
    from rapidfuzz.fuzz import ratio

    fx, fy = _fold(x), _fold(y)
    least = SPELLING_SHORT_MIN_RATIO if min(len(fx), len(fy)) <= SPELLING_SHORT_CHARS else SPELLING_MIN_RATIO
    return fx == fy or ratio(fx, fy) >= 100 * least


def _check_antonyms(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis],
                    other_stems: set[str], side: str, oside: str) -> list[SupportFinding]:
    """A word whose opposite the support uses about the same thing (a content word or figure shared within
    CONTEXT_WINDOW tokens of both). A content word must be absent from the whole other account; a function
    word with an opposite ("up"/"down", "above"/"below") only from the support sentence."""
    out: list[SupportFinding] = []
    sup_stems: dict[str, list[tuple[Token, set[str]]]] = {}
    sup_clause: dict[int, set[str]] = {}
    rank: dict[int, int] = {}              # a support token's sentence: its rank in the support
    for r, s in enumerate(support):
        clauses = _clause_stems(s)
        for k, u in enumerate(s.tokens):
            st = lemma_stem(u.lower)
            if u.content or st in ANTONYM_STEMS:
                sup_stems.setdefault(st, []).append((u, _context(s.tokens, k)))
                sup_clause[u.start] = clauses[k]
                rank.setdefault(u.start, r)
    my_clauses = _clause_stems(sent)
    # a plural noun in -ings is its own word, not the verb it stems to ("earnings per share … and lost $3.1
    # billion" does not use both "earn" and "lose")
    own = {lemma_stem(u.lower) for u in sent.tokens if not u.lower.endswith("ings")}
    ings = {lemma_stem(u.lower) for u in sent.tokens if u.lower.endswith("ings")} - own
    for i, t in enumerate(sent.tokens):
        st = lemma_stem(t.lower)
        if not t.text[:1].isalpha() or not (t.content or st in ANTONYM_STEMS):
            continue
        mine = _context(sent.tokens, i)
        same = [v for k, vs in sup_stems.items() if k == st or k in same_direction(st) or len(st) >= STEM_PREFIX and (
            k.startswith(st) or st.startswith(k) and len(k) >= STEM_PREFIX) for v in vs]
        if any(ctx & mine for _, ctx in same) or t.content and st in other_stems and not any(
                a in sup_stems for a in antonyms(st)):
            continue                       # the support says the same word of the same thing
        if antonyms(st, directions=False) & own or antonyms(st) & (my_clauses[i] - ings):
            continue                       # "the first shall be last", "increasing its dividend … decreasing net
                                           # debt": both words on this side (two directions: in one clause)
        cands = sorted(a for a in antonyms(st) if a in sup_stems)
        if t.content and st not in other_stems:
            # another member of a closed class ("white" where the support says "blue"), one this side does not
            # also use ("yellow and white" / "yellow and blue": the shared "yellow" is no rival)
            cands += sorted(a for a in incompatibles(st) if a in sup_stems and a not in own)
        m = _NEG_PREFIX.match(t.lower)
        if not cands and m and t.content and lemma_stem(t.lower[m.end():]) in sup_stems:
            cands = [lemma_stem(t.lower[m.end():])]
        # the rival telling most of this word's context, in the best supporting sentence
        opp = [u for _, _, _, u in sorted((-len(ctx & mine), rank[u.start], u.start, u)
                                          for a in cands for u, ctx in sup_stems[a] if ctx & mine)]
        if not opp and t.content:
            # the same thing told in a longer clause ("a fourth quarter increase in vaccine sales" / "for the
            # fourth quarter, the sales figure for Spikevax … represented a 30% decrease"): the opposite's
            # clause shares CLAUSE_MIN_SHARED content words with this word's clause, and no clause of the
            # support that uses this word shares as many
            wide = my_clauses[i] - {st}
            best_same = max((len(sup_clause[u.start] & wide) for u, _ in same), default=0)
            opp = [u for a in cands for u, _ in sup_stems[a]
                   if len(sup_clause[u.start] & wide) >= max(CLAUSE_MIN_SHARED, best_same + 1)]
        own_neg = _negated_positions(sent)
        if i in own_neg or any(_negated_in(support, u) for u in opp):
            continue                       # "forbid them not" = "allow them": a negated opposite agrees
        if not opp:
            continue                       # no opposite, or one that speaks of something else
        u = opp[0]
        kind = "its opposite" if lemma_stem(u.lower) in antonyms(st) or m else "another of the same kind"
        out.append(SupportFinding("antonym", SCORES["antonym"], sent.span, support[0].span,
                                  (Evidence(side, "antonym", doc.span(t.start, t.end)),
                                   Evidence(oside, "antonym", Span(u.start, u.end, 0, u.text))),
                                  f"{t.text!r} where the supporting sentence says {u.text!r}, {kind}"))
    return out


_UPWARD = frozenset(lemma_stem(w) for ups, _ in OPPOSITE_DIRECTIONS for w in ups)
_DOWNWARD = frozenset(lemma_stem(w) for _, downs in OPPOSITE_DIRECTIONS for w in downs)
_COMPARISON_CUES = frozenset("compare compared compares comparing versus vs".split())


def _kind_of_figure(f: _Figure) -> str:
    """What a figure measures, as far as its writing says: money, a percentage or a plain count."""
    text = f.span.text
    return "money" if text[:1] in "$€£¥" else "percent" if "%" in text or "percent" in text.lower() else "count"


def _compared_figures(sent: SentenceAnalysis, figs: list[_Figure]) -> tuple[int, list[int]] | None:
    """Where a sentence compares a figure now with one before ("…was $94.8 million or $0.91 per diluted share,
    that compares to $106.6 million or $1.04 per diluted share in Q2 of last year"): the position of the cue
    ("compares", "compared", "versus") and the signs of current minus earlier for the figures of one kind paired
    in order on its two sides (the first money figure before with the first after, …). None when the sentence
    has no such cue, states a change in words itself, or its sides do not pair."""
    toks = sent.tokens
    cue = next((k for k, t in enumerate(toks) if t.lower in _COMPARISON_CUES), None)
    if cue is None or any(lemma_stem(t.lower) in _UPWARD | _DOWNWARD for t in toks):
        return None
    at = toks[cue].start
    signs: list[int] = []
    for kind in ("money", "percent", "count"):
        mine = [f for f in figs if _kind_of_figure(f) == kind and f.head not in _PERIODS and not _year(f)]
        before = [f for f in mine if f.span.end <= at]
        after = [f for f in mine if f.span.start > at]
        if not before and not after:
            continue
        if len(before) != len(after):
            return None
        signs += [(x.value > y.value) - (x.value < y.value) for x, y in zip(before, after)]
    return (cue, signs) if signs and 0 not in signs and len(set(signs)) == 1 else None


def _check_trend(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis], figs: _FigureIndex,
                 side: str, oside: str) -> list[SupportFinding]:
    """In a summary: a change in one direction ("had an increase in net income … compared to last year") where
    a supporting sentence gives the figures of the same thing compared, and they go the other way ("net income
    … was $94.8 million …, that compares to $106.6 million … in Q2 of last year"). The sentence must state one
    direction only, not negated, and share TREND_MIN_SHARED content words with the part of the supporting
    sentence before its comparison."""
    toks = sent.tokens
    negated = _negated_positions(sent)
    moves = [(k, t) for k, t in enumerate(toks) if t.text[:1].isalpha() and lemma_stem(t.lower) in _UPWARD | _DOWNWARD]
    if not moves or any(k in negated for k, _ in moves) or len({lemma_stem(t.lower) in _UPWARD
                                                                  for _, t in moves}) != 1:
        return []                          # no change stated, a negated one, or changes both ways
    word = moves[0][1]
    direction = 1 if lemma_stem(word.lower) in _UPWARD else -1
    mine = {lemma_stem(t.lower) for t in toks if t.content}
    for s in support:
        compared = _compared_figures(s, figs.of(s))
        if compared is None:
            continue
        cue, signs = compared
        told = {lemma_stem(t.lower) for t in s.tokens[:cue] if t.content}
        if len(told & mine) < TREND_MIN_SHARED or signs[0] == direction:
            continue
        ours = [f for f in figs.of(s) if f.span.end <= s.tokens[cue].start]
        theirs = [f for f in figs.of(s) if f.span.start > s.tokens[cue].start]
        now, before = ours[0], theirs[0]
        return [SupportFinding("antonym", SCORES["antonym"], sent.span, s.span,
                               (Evidence(side, "antonym", doc.span(word.start, word.end)),
                                Evidence(oside, "number", now.span, _fmt(now.value)),
                                Evidence(oside, "number", before.span, _fmt(before.value))),
                               f"{word.text!r}, but the figures the supporting sentence compares "
                               f"{'fall' if direction > 0 else 'rise'}: {now.span.text!r} against "
                               f"{before.span.text!r}")]
    return []


def _clauses(sent: SentenceAnalysis, openers: frozenset[str] = frozenset()) -> list[list[Token]]:
    """The sentence's tokens cut into clauses: at punctuation between two tokens (_CLAUSE_BREAK), and before a
    word of *openers* ("who", "which", "but" …)."""
    toks = sent.tokens
    text, base = sent.span.text, sent.span.start
    out: list[list[Token]] = [[]]
    for k, t in enumerate(toks):
        if k and (t.lower in openers or _CLAUSE_BREAK.search(text[toks[k - 1].end - base:t.start - base])):
            out.append([])
        out[-1].append(t)
    return out


def _clause_stems(sent: SentenceAnalysis) -> list[set[str]]:
    """For each token of the sentence, the content stems of its clause (see _clauses)."""
    out: list[set[str]] = []
    for clause in _clauses(sent):
        stems = {lemma_stem(t.lower) for t in clause if t.content}
        out.extend(stems for _ in clause)
    return out


def _negated_in(support: Sequence[SentenceAnalysis], u: Token) -> bool:
    for s in support:
        if u in s.tokens:
            return s.tokens.index(u) in _negated_positions(s)
    return False


def _context(tokens: Sequence[Token], i: int, side: int = 0) -> set[str]:
    """What token i speaks of: the CONTEXT_SIDE nearest content words or figures on each side of it, within
    CONTEXT_WINDOW tokens (so "reducing net debt" and "the increase in our dividend" share none)."""
    def near(seq: Sequence[Token]) -> list[str]:
        return [lemma_stem(u.lower) for u in seq if u.content or u.lower[:1].isdigit()][:side or CONTEXT_SIDE]
    left = near(list(reversed(tokens[max(0, i - CONTEXT_WINDOW):i])))
    right = near(tokens[i + 1:i + 1 + CONTEXT_WINDOW])
    return set(left) | set(right)


def _is_cue(toks: Sequence[Token], i: int) -> bool:
    """A clause negation: not, never, no, n't …, or "without" before a determiner ("without a shepherd"; not
    "standing without")."""
    t = toks[i]
    if t.lower == "without":
        return i + 1 < len(toks) and toks[i + 1].lower in ("a", "an", "any", "the", "their", "his", "her")
    return t.lower in NEGATION_CUES or t.lower.endswith("n't")


def _cues(sent: SentenceAnalysis) -> int:
    return sum(1 for i in range(len(sent.tokens)) if _is_cue(sent.tokens, i))


def _negated_positions(sent: SentenceAnalysis) -> set[int]:
    """Positions of the words a negation governs: the first content word after each cue (within
    NEGATION_WINDOW tokens and the same clause; "no man", "no one" skip their pronoun), the content word right
    before a cue when only pronouns stand between (the older order: "know ye not", "believed not"), or X in
    "X-free"."""
    toks = sent.tokens
    text, base = sent.span.text, sent.span.start

    def gap(x: Token, y: Token) -> bool:          # punctuation between two tokens ends the clause
        return bool(_CLAUSE_BREAK.search(text[x.end - base:y.start - base]))

    out: set[int] = set()
    for i, t in enumerate(toks):
        if _is_cue(toks, i):
            for k in range(i + 1, min(len(toks), i + 1 + NEGATION_WINDOW)):
                if gap(toks[k - 1], toks[k]):
                    break
                if toks[k].content and toks[k].lower not in _NEGATED_PRONOUNS:
                    out.add(k)
                    break
            k = i - 1
            while k >= 0 and toks[k].lower in _POSTPOSED_PRONOUNS and not gap(toks[k], toks[k + 1]):
                k -= 1
            after = toks[i + 1] if i + 1 < len(toks) else None
            ends = after is None or gap(t, after) or not after.content     # "believed not.", "know ye not what"
            if k >= 0 and toks[k].content and not gap(toks[k], toks[k + 1]) and t.lower == "not" and ends:
                out.add(k)
        elif i + 1 < len(toks) and toks[i + 1].lower == "free" and toks[i + 1].start == t.end + 1:
            out.add(i)
    return out


def _check_negation(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis], side: str,
                    oside: str) -> list[SupportFinding]:
    """A word negated on one side only, where both sides use it about the same thing (a shared content word or
    figure near it, see _context): "is not designed to save … water park" / "save on your water park's …".
    Every use of the word about that thing in the support must have the other polarity, and the sentence
    itself must use it one way only."""
    negated_at = _negated_positions(sent)
    mine: dict[str, tuple[bool, Token, set[str]]] = {}
    ambiguous: set[str] = set()
    for k, t in enumerate(sent.tokens):
        if not t.content:
            continue
        st, neg = lemma_stem(t.lower), k in negated_at
        if st in mine and mine[st][0] != neg:
            ambiguous.add(st)
        mine.setdefault(st, (neg, t, _context(sent.tokens, k)))
    uses: dict[str, list[tuple[bool, Token, SentenceAnalysis, bool]]] = {}
    n_mine = _cues(sent)
    if sent.span.text.rstrip(" \t\n\"'”’)").endswith("?"):
        return []                          # "Isn't it written …?" asserts what it asks
    for best in support:
        # a conflict needs a different number of negations on the two sides (else they govern other words) and
        # no rhetorical question; such sentences still count as saying the word the same way
        counts = _cues(best) != n_mine and not best.span.text.rstrip(" \t\n\"'”’)").endswith("?")
        their_neg = _negated_positions(best)
        for k, t in enumerate(best.tokens):
            st = lemma_stem(t.lower)
            if t.content and st in mine and st not in ambiguous and mine[st][2] & _context(best.tokens, k):
                uses.setdefault(st, []).append((k in their_neg, t, best, counts))
    for st, found in sorted(uses.items()):
        neg, w_mine, _ = mine[st]
        if any(n == neg for n, _, _, _ in found) or not any(c for _, _, _, c in found):
            continue                       # the support says it the same way somewhere, or cannot tell
        _, w_their, best, _ = next(x for x in found if x[3])
        cue_mine = _cue_before(sent, w_mine)
        cue_their = _cue_before(best, w_their)
        if neg:
            ev = (Evidence(side, "negation", doc.span(min(cue_mine.start, w_mine.start), w_mine.end)),
                  Evidence(oside, "negation", Span(w_their.start, w_their.end, 0, "")))
            reason = f"{cue_mine.text!r} negates {w_mine.text!r}, which the supporting sentence asserts"
        else:
            ev = (Evidence(side, "negation", doc.span(w_mine.start, w_mine.end)),
                  Evidence(oside, "negation", Span(min(cue_their.start, w_their.start), w_their.end, 0, "")))
            reason = f"{w_mine.text!r} is asserted here but negated by {cue_their.text!r} in the supporting sentence"
        return [SupportFinding("negation", SCORES["negation"], sent.span, best.span, ev, reason)]
    return []


def _check_denial(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis], other_stems: set[str],
                  side: str, oside: str, taken: set[int]) -> list[SupportFinding]:
    """In a summary: a negation whose clause the source tells without one. The words the cue governs (the
    content words of its clause after it, DENIAL_SCOPE at most) are found in a supporting sentence, at least
    DENIAL_MIN_SHARED of them, and no sentence of the support that tells them has a negation: "EcoGenius
    does not offer Smart Building Solutions" against "… with our innovative Smart Building Solutions"."""
    if sent.span.text.rstrip(" \t\n\"'”’)").endswith("?"):
        return []
    toks = sent.tokens
    text, base = sent.span.text, sent.span.start
    for i in range(len(toks)):
        excludes = toks[i].lower in EXCLUSION_CUES and lemma_stem(toks[i].lower) not in other_stems
        if not (_is_cue(toks, i) or excludes) or toks[i].start in taken:
            continue
        scope: list[Token] = []
        for k in range(i + 1, len(toks)):
            if _CLAUSE_BREAK.search(text[toks[k - 1].end - base:toks[k].start - base]) or len(scope) >= DENIAL_SCOPE:
                break
            if toks[k].content and lemma_stem(toks[k].lower) in other_stems:
                scope.append(toks[k])
        stems = {lemma_stem(t.lower) for t in scope}
        telling = [s for s in support if len(stems & set(s.stems)) >= min(DENIAL_MIN_SHARED, len(stems))]
        governed = {lemma_stem(scope[0].lower)} if scope else set()
        if len(stems) < DENIAL_MIN_SHARED or not telling or any(_negates_near(s, stems, governed) for s in telling):
            continue                       # the source negates them too ("life without parole", "Risk-Free" /
                                           # "no risk"), in any form
        best = max(telling, key=lambda s: len(stems & set(s.stems)))
        shared = [u for u in best.tokens if u.content and lemma_stem(u.lower) in stems]
        ev = (Evidence(side, "negation", doc.span(toks[i].start, scope[-1].end)),
              Evidence(oside, "negation", Span(shared[0].start, shared[-1].end, 0, "")))
        reason = (f"{toks[i].text!r} denies {' '.join(t.text for t in scope)!r}, which the supporting sentence "
                  f"tells without a negation")
        return [SupportFinding("negation", SCORES["negation"], sent.span, best.span, ev, reason)]
    return []


def _negates_near(sent: SentenceAnalysis, stems: set[str], governed: set[str]) -> bool:
    """Whether a negation (any form, "without" too) stands within DENIAL_WINDOW tokens before a word of
    *stems* in the sentence, or a word of *governed* (the one the checked negation governs) is X of "X-free":
    a negation elsewhere in the sentence ("… Trial that lets you try it at no cost") says nothing of them."""
    toks = sent.tokens
    for k, t in enumerate(toks):
        if lemma_stem(t.lower) not in stems:
            continue
        if any(u.lower in NEGATION_CUES or u.lower in EXCLUSION_CUES or u.lower == "without"
               or u.lower.endswith("n't")
               for u in toks[max(0, k - DENIAL_WINDOW):k]):
            return True
        if lemma_stem(t.lower) in governed and k + 1 < len(toks) and toks[k + 1].lower == "free" and \
                toks[k + 1].start == t.end + 1:
            return True                    # "Risk-Free Trial": without risk
    return False


def _cue_before(sent: SentenceAnalysis, w: Token) -> Token:
    """The negation cue that governs w (or w itself when it is "X-free")."""
    toks = sent.tokens
    k = toks.index(w)
    for u in list(reversed(toks[max(0, k - NEGATION_WINDOW):k])) + list(toks[k + 1:k + 1 + NEGATION_WINDOW]):
        if _is_cue(toks, toks.index(u)):
            return u
    return toks[k + 1] if k + 1 < len(toks) and toks[k + 1].lower == "free" else w


def _check_substitution(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis],
                        other_stems: set[str], side: str, oside: str, taken: set[int]) -> list[SupportFinding]:
    """A content word the other account never uses, standing where a supporting sentence has another word
    between the same neighbours ("to [hospitals] for just $480" / "to [clinics] for just $480"): the words
    around it are copied, the word itself was changed."""
    out: list[SupportFinding] = []
    toks = sent.tokens
    mine = {lemma_stem(t.lower) for t in toks}
    for i, t in enumerate(toks):
        if not t.content or t.start in taken or not t.text[:1].isalpha() or i == 0 or i + 1 >= len(toks):
            continue
        if lemma_stem(t.lower) in other_stems or toks[i + 1].content or _NOT_NOUN.search(t.lower):
            continue                       # only a noun heading its phrase: adjectives and verbs paraphrase
        left, right = toks[i - 1].lower, toks[i + 1].lower
        for s in support:
            st = s.tokens
            hit = next((u for k, u in enumerate(st[1:-1], 1) if st[k - 1].lower == left and st[k + 1].lower == right
                        and u.content and lemma_stem(u.lower) not in mine and u.lower[:1].isalpha()), None)
            if hit is None:
                continue
            sim = _word_similarity(t.lower, hit.lower)
            if sim is None or sim >= SUBSTITUTION_MAX_SIMILARITY:
                break                      # no model, or a near-synonym: a paraphrase, not a changed fact
            out.append(SupportFinding("substitution", SCORES["substitution"], sent.span, s.span,
                                      (Evidence(side, "substitution", doc.span(t.start, t.end)),
                                       Evidence(oside, "substitution", Span(hit.start, hit.end, 0, hit.text))),
                                      f"{t.text!r} stands where the supporting sentence has {hit.text!r}, "
                                      f"between the same words ({toks[i - 1].text!r} … {toks[i + 1].text!r}); "
                                      f"the other account never uses {t.text!r}"))
            break
    return out


_NOT_NOUN = re.compile(r"(?:ed|ing|ly|ful|ous|ive|able|ible)$")


@lru_cache(maxsize=4096)
def _word_similarity(x: str, y: str) -> float | None:
    """Cosine of the two words' embeddings (the bundled wordllama model), None without the model."""
    from .similarity import embed, load_model

    if load_model()[0] is None:
        return None
    v = embed([x, y])
    return float(v[0] @ v[1])


def _check_unsupported(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis],
                       other_stems: set[str], other_words: set[str], side: str, oside: str,
                       taken: set[int], nowhere: Span) -> list[SupportFinding]:
    out: list[SupportFinding] = []
    for t in sent.tokens:
        if not t.content or t.start in taken or not t.text[:1].isalpha():
            continue
        if lemma_stem(t.lower) in other_stems or t.lower in other_words:
            continue
        ev = [Evidence(side, "unsupported", doc.span(t.start, t.end))]
        if support:
            ev.append(Evidence(oside, "unsupported", support[0].span))
        out.append(SupportFinding("unsupported", SCORES["unsupported"], sent.span,
                                  support[0].span if support else nowhere, tuple(ev),
                                  f"{t.text!r} appears nowhere in the other account"))
    return out


_CLAUSE_OPENERS = frozenset("who which whose while whereas although though but because".split())


def _check_insertion(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis],
                     other_stems: set[str], other_words: set[str], side: str, oside: str, taken: set[int],
                     nowhere: Span) -> list[SupportFinding]:
    """In a summary: a clause (see _clauses, cut also before _CLAUSE_OPENERS) most of whose content words the
    source never uses (INSERTION_MIN_WORDS or more, INSERTION_MIN_NOVEL of them new), in a sentence with another
    clause the source tells (INSERTION_MIN_TOLD, INSERTION_TOLD_SHARE): a fact slipped into a told sentence,
    "…Ozy Media, who was recently released on bail, has been arrested"."""
    clauses = _clauses(sent, _CLAUSE_OPENERS)

    def known(t: Token) -> bool:
        return t.lower in other_words or lemma_stem(t.lower) in other_stems

    words = [[t for t in clause if t.content and t.text[:1].isalpha()] for clause in clauses]
    told = [len(c) >= INSERTION_MIN_TOLD and sum(map(known, c)) >= INSERTION_TOLD_SHARE * len(c) for c in words]
    out: list[SupportFinding] = []
    for k, (clause, content) in enumerate(zip(clauses, words)):
        novel = [t for t in content if not known(t)]
        if len(content) < INSERTION_MIN_WORDS or len(novel) < INSERTION_MIN_NOVEL * len(content):
            continue
        if not any(told[:k] + told[k + 1:]):
            continue                       # the sentence as a whole is the summary's own framing ("The speakers
                                           # are playing a game where…"), not a fact slipped into a told one
        if any(t.start in taken for t in clause):
            continue
        if any(t.lower in REPORT_VERBS for t in clause):
            continue                       # "officials announced Saturday": who told it, not what happened
        ev = [Evidence(side, "insertion", doc.span(clause[0].start, clause[-1].end))]
        if support:
            ev.append(Evidence(oside, "insertion", support[0].span))
        out.append(SupportFinding("insertion", SCORES["insertion"], sent.span, support[0].span if support else nowhere,
                                  tuple(ev), f"{len(novel)} of the {len(content)} content words of "
                                  f"{' '.join(t.text for t in clause)!r} appear nowhere in the other account"))
    return out


def _check_quotations(doc: Document, sent: SentenceAnalysis, support: list[SentenceAnalysis],
                      other_stems: set[str], other_words: set[str], side: str, oside: str, quoted: set[int],
                      nowhere: Span) -> list[SupportFinding]:
    """In a summary: a word it quotes (between quotation marks) that the source never says, in any form, where
    the sentence's other quoted words are the source's (at least QUOTED_MIN_FOUND of them): a summary may retell
    in its own words, but what it puts in quotation marks it claims was said ("they guess “shop assistant” and
    “therapist”" where the dialogue says "Shop assistant!" and "A masseuse!"). A quotation the source does not
    give at all (a statement the other article never reports) is what this account adds, not a misquotation."""
    from rapidfuzz.fuzz import ratio

    words = [t for t in sent.tokens if t.start in quoted and t.content and t.text[:1].isalpha()]
    novel = [t for t in words if t.lower not in other_words and lemma_stem(t.lower) not in other_stems]
    if not novel or len(words) - len(novel) < QUOTED_MIN_FOUND * len(words):
        return []                          # words the source does not quote at all: a statement of its own
    out: list[SupportFinding] = []
    for t in novel:
        if any(ratio(_fold(t.text), _fold(u.text)) >= 100 * QUOTED_SPELLING_RATIO for s in support for u in s.tokens):
            continue                       # "color" quoting "Colour": one word in two spellings
        ev = [Evidence(side, "quotation", doc.span(t.start, t.end))]
        if support:
            ev.append(Evidence(oside, "quotation", support[0].span))
        out.append(SupportFinding("quotation", SCORES["quotation"], sent.span, support[0].span if support else nowhere,
                                  tuple(ev), f"the account quotes {t.text!r}, a word the other account never says"))
    return out


def _with_prefixes(stems: Any) -> set[str]:
    """The stems of the other account and every prefix of them of at least STEM_PREFIX characters, so a word
    counts as used there when its stem starts one of them ("reduc" of "reducing" in "reduction"'s "reduct")."""
    out = set(stems)
    for st in stems:
        out.update(st[:k] for k in range(STEM_PREFIX, len(st)))
    return out


def _dateline(sent: SentenceAnalysis) -> bool:
    """A line that dates the text rather than telling anything: no verb found, a date, and at most
    DATELINE_MAX_WORDS content words outside it ("23 July 2013 Last updated at 13:42 GMT")."""
    if sent.event.predicate is not None or not sent.dates:
        return False
    outside = [t for t in sent.tokens if t.content and not any(d.start <= t.start < d.end for d in sent.dates)]
    return len(outside) <= DATELINE_MAX_WORDS


class _Quoted:
    """Where the checked account quotes someone: the words inside its quotations, asked for one sentence at a
    time (the quotations are found once per document, on first use, by the analyse stage)."""

    def __init__(self, an: DocumentAnalysis) -> None:
        self._an = an
        self._spans: list[tuple[int, int, int]] | None = None
        self._starts: list[int] = []

    def within(self, sent: SentenceAnalysis, max_words: int | None = None) -> set[int]:
        """The starts of the sentence's tokens that stand inside a quotation (of at most *max_words* words)."""
        if self._spans is None:
            self._spans = sorted((q.content.start, q.content.end, len(q.content.text.split()))
                                 for q in self._an.quotations)
            self._starts = [a for a, _, _ in self._spans]
        k = bisect.bisect_right(self._starts, sent.span.end)
        near = [(a, b) for a, b, n in self._spans[max(0, k - QUOTED_LOOKBACK):k]
                if b > sent.span.start and (max_words is None or n <= max_words)]
        return {st for st in sent.starts if any(a <= st < b for a, b in near)}


def _nowhere(other: Document) -> Span:
    """The other side's passage of a finding no sentence of the other account supports: an empty span at its
    start (the finding's reason says the words appear nowhere there), never a span of the checked account."""
    return other.span(0, 0)


def _q(span: Span) -> str:
    return repr(" ".join(span.text.split()))


def _fmt(v: float) -> str:
    return f"{int(v):,}" if v == int(v) else f"{v:g}"


# --- the entry point ---------------------------------------------------------------------------------------

def check_support(checked: Document, other: Document, *, checked_side: str = "b",
                  rules: Sequence[str] = RULES,
                  keep_boilerplate: bool = False, summary: bool | None = None,
                  aligned: Any = None) -> list[SupportFinding]:
    """Check every sentence of *checked* against its support in *other* (see the module docstring).

    ``checked_side`` is the side (``"a"``/``"b"``) *checked* has in the report pair; evidence from *other* gets
    the other side. ``aligned`` maps a sentence index of *checked* to the indices of the sentences of *other*
    the alignment pairs it with: for two independent accounts (not summary-like) a sentence is then checked
    only against those, and a sentence the alignment left unpaired is not checked (what it tells is unique). Evidence spans of the other side are re-anchored so their text is exactly the other
    document's text at their offsets.
    """
    side, oside = checked_side, "a" if checked_side == "b" else "b"
    an, on = analyse(checked), analyse(other)
    idf = _idf(on)
    index = _stem_index(on)
    other_stems = _with_prefixes(on.stem_df)
    other_words = {w[1] for s in on.sentences for w in s.words}
    heads: dict[str, set[str]] = {}       # the other's multi-word names, read only for a summary-like account
    other_figs = _FigureIndex.of_sentences(other, [s for s in on.sentences if keep_boilerplate or not s.boilerplate])
    sents = [s for s in an.sentences if keep_boilerplate or not s.boilerplate]
    quoted = _Quoted(an)
    if summary is None and _could_be_summary(checked, other):
        heads = _name_heads(on)
        words = [x for sent in sents for x in sent.stems]
        summary = summary_like(checked, other, sum(1 for x in words if x in other_stems) / max(1, len(words)),
                               novel_names=len(_novel_names(sents, other_words, other_stems, heads)))
    elif summary:
        heads = _name_heads(on)
    summary = bool(summary)
    distinct: dict[frozenset[str], frozenset[str]] = {}
    sets = [distinct.setdefault(frozenset(x.stems), frozenset(x.stems)) for x in on.sentences]  # copies: one set
    if summary or aligned is None:
        scored = [_support(s, on, idf, index, None, sets) for s in sents]
    else:                                  # aligned sentences against their counterparts, others only when close
        scored = [_support(s, on, idf, index, set(aligned[s.index]), sets) if aligned.get(s.index) else
                  [(v, x) for v, x in _support(s, on, idf, index, None, sets, NUMBER_SUPPORT) if v >= NUMBER_SUPPORT]
                  for s in sents]
    supports = [[x for _, x in sc] for sc in scored]
    out: list[SupportFinding] = []
    for sent, support, sc in zip(sents, supports, scored):
        if _dateline(sent):
            continue                       # "June 06, 2013", "Mar. 8 5:46 PM EST": when it was written, no claim
        found: list[SupportFinding] = []
        if "number" in rules:
            found += _check_numbers(checked, sent, support, other, other_figs, side, oside, summary, other_stems)
        if not summary and aligned is not None and not aligned.get(sent.index):
            sc = [(v, x) for v, x in sc if v >= STRONG_SUPPORT]      # other rules: only a close sentence
            support = [x for _, x in sc]
        if "entity" in rules and summary:  # independent accounts name different people all the time (ECB+: 97 false)
            found += _check_names(checked, sent, sc, other_words, other_stems, side, oside, summary,
                                  _nowhere(other), heads)
        close = support if summary else [x for v, x in sc[:1] if v >= STRONG_SUPPORT]
        # between two independent accounts, opposite words and negations are mostly the same claim said another
        # way (rhetorical questions, "everyone who left" / "no one who left": 10 of 11 false on Matthew–Mark,
        # 2 gained on SummEdits dev); the aligned-pair judge compares their predicates and stances instead
        if not summary:
            close = []
        if close and "antonym" in rules:
            found += _check_antonyms(checked, sent, close, other_stems, side, oside)
            if not any(f.kind == "antonym" for f in found):
                found += _check_trend(checked, sent, close, other_figs, side, oside)
        if close and "negation" in rules:
            found += _check_negation(checked, sent, close, side, oside)
            if summary and not any(f.kind == "negation" for f in found):
                taken = {e.span.start for f in found for e in f.evidence if e.side == side}
                # words the account quotes are the speaker's, not its own denial ("I will not bring dishonor…,"
                # Nichols told the court): the quotations check compares them
                found += _check_denial(checked, sent, close, other_stems, side, oside, taken | quoted.within(sent))
        if summary and "quotation" in rules:
            taken = {e.span.start for f in found for e in f.evidence if e.side == side}
            found += _check_quotations(checked, sent, support, other_stems, other_words, side, oside,
                                       quoted.within(sent, QUOTED_TERM_WORDS) - taken, _nowhere(other))
        if summary and "insertion" in rules:
            taken = {e.span.start for f in found for e in f.evidence if e.side == side}
            found += _check_insertion(checked, sent, support, other_stems, other_words, side, oside, taken,
                                      _nowhere(other))
        if close and "substitution" in rules:
            taken = {e.span.start for f in found for e in f.evidence if e.side == side}
            found += _check_substitution(checked, sent, close, other_stems, side, oside, taken)
        if summary and "unsupported" in rules:
            taken = {e.span.start for f in found for e in f.evidence if e.side == side}
            found += _check_unsupported(checked, sent, support, other_stems, other_words, side, oside, taken,
                                         _nowhere(other))
        out.extend(found)
    return [_anchor(f, other, oside) for f in out]


def _anchor(f: SupportFinding, other: Document, oside: str) -> SupportFinding:
    ev = tuple(Evidence(e.side, e.slot, other.span(e.span.start, e.span.end), e.value) if e.side == oside else e
               for e in f.evidence)
    return SupportFinding(f.kind, f.score, f.checked, f.support, ev, f.reason)


def finding_details(f: SupportFinding) -> dict[str, Any]:
    return {"rule": f.kind, "checked": f.checked.to_dict(), "support": f.support.to_dict()}
