"""Do two passages tell the same event? The gate every agreement and elaboration has to pass.

A shared date or name is not a shared claim: "The Russian revolution began in February 1917" and "the October
Revolution was such a joyous cakewalk" share "1917" and "revolution" and say different things. Two passages
report the same event when they share at least EVENT_MIN_WORDS content words that are neither topic words of
the document pair (used by more than TOPIC_SHARE of the sentences of both accounts: "revolution" in two
accounts of a revolution) nor dates, figures or names, and one of them is a predicate (the main verb of a sentence
of one side, by :mod:`compare.analysis`) or the shared words weigh at least EVENT_MIN_WEIGHT in rarity.
Words are compared by lemma stem, so "struck"/"strike" and "workers"/"worker" match.

Pairs that fail the gate are ``related``: the report does not count or show them as agreements.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from .analysis import DocumentAnalysis, SentenceAnalysis, analyse
from .document import Document, Span
from .lexicon import MONTHS, WEEKDAYS, lemma_stem

__all__ = ["EventMatch", "same_event", "sentences_in"]

# --- tuned numbers ----------------------------------------------------------------------------------------
EVENT_MIN_WORDS = 2        # content words (not topic words, dates or names) both passages use, one of them the
                           # main verb of a sentence on each side or the thing a figure counts ...
EVENT_MANY_WORDS = 3       # ... or this many, whatever they are; or one, with the same day date on both sides
TOPIC_SHARE = 0.1          # a stem in more than this share of both accounts' sentences is a topic word
TOPIC_MIN_SENTENCES = 3    # ... and in at least this many sentences

_DATE_STEMS = frozenset(lemma_stem(w) for w in list(MONTHS) + list(WEEKDAYS))


@dataclass(frozen=True, slots=True)
class EventMatch:
    """Whether two passages tell the same event, and the shared words that show it (spans on each side)."""

    same: bool
    words: tuple[str, ...]           # the shared stems
    a: tuple[Span, ...]              # the first use of each on side a
    b: tuple[Span, ...]


_CACHE: dict[tuple[int, ...], tuple[Any, Any]] = {}   # (ids of the analyses) -> (the analyses, the value)


def _cached(key: tuple[DocumentAnalysis, ...], make: Any) -> Any:
    """make(*key), computed once per analysis (or pair of analyses): per-finding calls stay linear."""
    k = tuple(id(x) for x in key)
    hit = _CACHE.get(k)
    if hit is not None and all(a is b for a, b in zip(hit[0], key)):
        return hit[1]
    if len(_CACHE) > 16:
        _CACHE.clear()
    value = make(*key)
    _CACHE[k] = (key, value)
    return value


def _starts(an: DocumentAnalysis) -> list[int]:
    return [s.span.start for s in an.sentences]


def sentences_in(doc: Document, span: Span) -> list[SentenceAnalysis]:
    """The analysed sentences of doc that overlap span."""
    an = analyse(doc)
    starts = _cached((an,), _starts)
    i = max(0, bisect_right(starts, span.start) - 1)
    out = []
    while i < len(an.sentences) and an.sentences[i].span.start < span.end:
        if an.sentences[i].span.end > span.start:
            out.append(an.sentences[i])
        i += 1
    return out


def _topic_words(a: DocumentAnalysis, b: DocumentAnalysis) -> frozenset[str]:
    na, nb = max(1, len(a.sentences)), max(1, len(b.sentences))
    return frozenset(w for w, f in a.stem_df.items()
                     if f >= TOPIC_MIN_SENTENCES and f / na > TOPIC_SHARE and b.stem_df.get(w, 0) / nb > TOPIC_SHARE
                     and b.stem_df.get(w, 0) >= TOPIC_MIN_SENTENCES)


# what _words read of whole sentences, kept by the caller of same_event across its calls: id of the
# SentenceAnalysis -> its words (the analyses outlive the memo, so an id is not reused while it is kept)
WordsMemo = dict[int, dict[str, Span]]


def _words(sents: list[SentenceAnalysis], span: Span, memo: WordsMemo) -> dict[str, Span]:
    """Content stems of the passage (within span) that are not names, with the span of their first use (a
    sentence inside span read once for all the findings in *memo*'s keeping that hold it)."""
    out: dict[str, Span] = {}
    lo, hi = span.start, span.end
    for s in sents:
        if lo <= s.span.start and s.span.end <= hi:
            got = memo.get(id(s))
            if got is None:
                got = memo[id(s)] = _sentence_words(s, lo, hi)
        else:
            got = _sentence_words(s, lo, hi)
        for w, sp in got.items():
            out.setdefault(w, sp)
    return out


def _sentence_words(s: SentenceAnalysis, lo: int, hi: int) -> dict[str, Span]:
    out: dict[str, Span] = {}
    first = s.span.start
    # the packed tokens (word description, start) are read as they are: unpacking them into Token tuples
    # for every finding was most of the gate's time
    for (word, lower, _, content), start in zip(s.words, s.starts):
        end = start + len(word)
        if not content or start < lo or end > hi or word[:1].isupper() and start != first:
            continue
        out.setdefault(lemma_stem(lower), Span(start, end, 0, word))
    return out


def same_event(a_doc: Document, a_span: Span, b_doc: Document, b_span: Span,
               memo: WordsMemo | None = None) -> EventMatch:
    """Whether the passages a_span of a_doc and b_span of b_doc tell the same event (see the module docstring).
    A caller asking about many passages of the same documents passes one *memo* to all its calls."""
    an, bn = analyse(a_doc), analyse(b_doc)
    sa, sb = sentences_in(a_doc, a_span), sentences_in(b_doc, b_span)
    memo = {} if memo is None else memo
    wa, wb = _words(sa, a_span, memo), _words(sb, b_span, memo)
    topic = _cached((an, bn), _topic_words)
    shared = sorted(w for w in wa.keys() & wb.keys() if w not in topic and w not in _DATE_STEMS)
    pred_a = {s.event.predicate for s in sa if s.event.predicate}
    pred_b = {s.event.predicate for s in sb if s.event.predicate}
    days_a = {d.date for s in sa for d in s.dates if d.precision == "day" and a_span.start <= d.start < a_span.end}
    days_b = {d.date[-5:] for s in sb for d in s.dates if d.precision == "day" and b_span.start <= d.start < b_span.end}
    same_day = bool({d[-5:] for d in days_a} & days_b)
    counted = {n.head for s in sa + sb for n in s.numbers if n.head}
    same = (len(shared) >= EVENT_MIN_WORDS and bool((pred_a & pred_b | counted) & set(shared))
            or len(shared) >= EVENT_MANY_WORDS or len(shared) >= 1 and same_day)
    return EventMatch(same, tuple(shared), tuple(wa[w] for w in shared), tuple(wb[w] for w in shared))
