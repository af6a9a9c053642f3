"""Judge the sentences inside an aligned passage: which sentence of one side tells the same event as which of the
other (sentence sub-alignment by shared content words, dates and names), each such pair labelled by the
claim-level judge (compare.judge)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import AbstractSet, Any, Sequence

from .analysis import analyse, passage_claims
from .claims import STOP, Actor, Claims, same_actor, stem
from .dates import DateMention, find_document_dates
from .judge import Judgement, judge_claims

__all__ = ["SentenceJudgement", "judge_sentences"]

# --- tuned numbers ----------------------------------------------------------------------------------------
# texts whose stems are kept (no effect on results): every sentence of both accounts is read for the document
# frequencies, and the same sentences (and passages) are read again for each aligned pair holding them
SENTENCE_STEMS_CACHE_SIZE = 1 << 16


@dataclass(frozen=True, slots=True)
class SentenceJudgement:
    """One judged piece of an aligned pair: sentences of A against sentences of B (the whole passages when
    both are single sentences or no sentence pair shares content), and what links them."""

    a: Any                           # compare.document.Span
    b: Any
    a_sentences: range
    b_sentences: range
    judgement: Judgement
    basis: str                       # "passage" | "sentence" | "unlinked sentence"
    links: tuple[str, ...] = ()      # what the two sides share: "date 1917-02-23", "words: strike, textile"


_STOP_STEMS = frozenset(stem(w) for w in STOP) | frozenset("said say says saith answer answered".split())


_SENT_STEMS_CACHE: dict[tuple[int, str], dict[str, int]] = {}


@lru_cache(maxsize=SENTENCE_STEMS_CACHE_SIZE)
def _sentence_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"[A-Za-z\u00c0-\u024f]+", text)
                     if len(w) > 2 and w.lower() not in STOP) - _STOP_STEMS


def _document_frequency(doc: Any) -> dict[str, int]:
    """In how many sentences of doc each content stem occurs (cached per document)."""
    key = (id(doc), getattr(doc, "sha256", ""))
    df = _SENT_STEMS_CACHE.get(key)
    if df is None:
        df = {}
        for sent in doc.sentences:
            for st in _sentence_stems(sent.text):
                df[st] = df.get(st, 0) + 1
        if len(_SENT_STEMS_CACHE) > 16:
            _SENT_STEMS_CACHE.clear()
        _SENT_STEMS_CACHE[key] = df
    return df


_Content = tuple[AbstractSet[str], set[str], set[float], list[Actor]]   # stems, dates, numbers, actors


def _content(claims: Claims) -> _Content:
    stems = _sentence_stems(claims.text)
    dates = {f"{d.precision}:{d.date}" for d in claims.dates if d.precision in ("day", "month")}
    numbers = {n.value for n in claims.numbers if n.approx != "vague" and n.unit != "times"}
    actors = [a for a in claims.actors if a.confirmed and (a.proper or a.kind == "group")]
    return stems, dates, numbers, actors


def _link_strength(links: tuple[str, ...]) -> float:
    return sum(2.0 if lk.startswith(("date ", "number ")) else
               len(lk.split(": ", 1)[1].split(", ")) * (1.0 if lk.startswith("words") else 0.5) for lk in links)


def _links(x: _Content, y: _Content, common: set[str]) -> tuple[str, ...]:
    """What two sentences share that makes them worth judging against each other: a day date, a number above
    ten, or two distinctive content stems (a month or a small number, or an actor both name, counts as one of
    them). Stems in ``common`` (words most sentences of the two accounts use, "revolution" in two accounts of
    a revolution) do not count: one shared topic word is not a shared claim."""
    days = sorted(d.split(":", 1)[1] for d in x[1] & y[1] if d.startswith("day:"))
    months = sorted(d.split(":", 1)[1] for d in x[1] & y[1] if d.startswith("month:"))
    big = sorted(v for v in x[2] & y[2] if v > 10)
    small = sorted(v for v in x[2] & y[2] if v <= 10)
    words = sorted((x[0] & y[0]) - common)
    actors = sorted({" ".join(a.text.split()) for a in x[3] if any(same_actor(a, b) for b in y[3])})
    weak = len(months) + len(small) + (1 if actors else 0)
    if not (days or big or len(words) >= 2 or (words and weak) or weak >= 2):
        return ()
    out = [f"date {d}" for d in days + months] + [f"number {v:g}" for v in big + small]
    if words:
        out.append("words: " + ", ".join(words[:8]))
    if actors:
        out.append("actors: " + ", ".join(actors[:4]))
    return tuple(out)


_DATE_STEMS = frozenset(stem(w) for w in "january february march april may june july august september october "
                        "november december monday tuesday wednesday thursday friday saturday sunday day days "
                        "year years month months".split())


def _same_event(x: AbstractSet[str], y: AbstractSet[str], common: set[str]) -> bool:
    """Whether two passages share enough besides their dates to be dating the same event: at least 30 % of
    the smaller side's distinctive content stems (topic words in ``common`` and date words left out; all
    stems when that leaves a side none)."""
    x, y = x - _DATE_STEMS, y - _DATE_STEMS
    xd, yd = x - common, y - common
    if xd and yd:
        x, y = xd, yd
    if not x or not y:
        return True                   # nothing to tell them apart: leave the dates to decide
    return len(x & y) >= 0.3 * min(len(x), len(y))


def _carries_claims(claims: Claims) -> bool:
    return any(n.approx != "vague" for n in claims.numbers) or any(
        d.precision in ("day", "month") for d in claims.dates) or any(
        a.confirmed and (a.kind == "name" or a.proper) for a in claims.actors) or bool(claims.stances)


def judge_sentences(a_doc: Any, b_doc: Any, pair: Any, *, a_dates: Sequence[DateMention] | None = None,
                    b_dates: Sequence[DateMention] | None = None) -> list[SentenceJudgement]:
    """Judge an aligned pair (align.Pair) sentence by sentence, because claims live in sentences.

    When both sides are single sentences, the pair is judged whole. Otherwise each A sentence is judged against
    each B sentence that shares content with it (a date, a number, or two content stems; see _links), with
    the two whole passages as context, so that a detail given in another sentence of the other passage is not
    counted as an addition. A sentence that shares content with no sentence of the other side is judged against
    the whole other passage, and reported only if it adds details (an elaboration on its side), never as a
    divergence, since it shares nothing with what it would be compared to. If no sentence pair shares content,
    the passages are judged whole, as before. Two sides that share too little besides their dates to be dating
    the same event (_same_event) get no date conflict: their different days are details each gives.
    """
    if a_dates is None:
        a_dates = find_document_dates(a_doc)
    if b_dates is None:
        b_dates = find_document_dates(b_doc)
    ca_all = passage_claims(a_doc, pair.a_sentences)
    cb_all = passage_claims(b_doc, pair.b_sentences)
    # a stem used by more than one sentence in ten (and at least three) of both accounts is a topic word
    df_a, df_b = _document_frequency(a_doc), _document_frequency(b_doc)
    n_sent = len(a_doc.sentences) + len(b_doc.sentences)
    stems_a, stems_b = _sentence_stems(pair.a.text), _sentence_stems(pair.b.text)
    common = {w for w in stems_a | stems_b if df_a.get(w, 0) + df_b.get(w, 0) > max(3.0, 0.1 * n_sent)}
    whole = judge_claims(ca_all, cb_all, dates_comparable=_same_event(stems_a, stems_b, common))
    whole_item = [SentenceJudgement(pair.a, pair.b, pair.a_sentences, pair.b_sentences, whole, "passage")]
    if len(pair.a_sentences) <= 1 and len(pair.b_sentences) <= 1:
        return whole_item
    sa = [(i, a_doc.sentences[i]) for i in pair.a_sentences]
    sb = [(j, b_doc.sentences[j]) for j in pair.b_sentences]
    an_a, an_b = analyse(a_doc), analyse(b_doc)
    ca = {i: an_a.sentences[i].claims for i, _ in sa}
    cb = {j: an_b.sentences[j].claims for j, _ in sb}
    xa = {i: _content(c) for i, c in ca.items()}
    xb = {j: _content(c) for j, c in cb.items()}
    links = {(i, j): lk for i, _ in sa for j, _ in sb if (lk := _links(xa[i], xb[j], common))}
    # keep a link only if it is the strongest of its A sentence or of its B sentence: inside an aligned pair
    # the sentences mostly correspond one to one, and a weaker cross link pairs sentences that do not
    strength = {k: _link_strength(v) for k, v in links.items()}
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (i, j), v in strength.items():
        best_a[i] = max(best_a.get(i, 0.0), v)
        best_b[j] = max(best_b.get(j, 0.0), v)
    links = {(i, j): lk for (i, j), lk in links.items() if strength[(i, j)] >= min(best_a[i], best_b[j])}
    if not links:
        return whole_item
    out: list[SentenceJudgement] = []
    for (i, j), lk in sorted(links.items()):
        jd = judge_claims(ca[i], cb[j], a_context=ca_all, b_context=cb_all,
                          dates_comparable=_same_event(xa[i][0], xb[j][0], common))
        jd = Judgement(jd.label, jd.type, jd.score, jd.evidence, jd.reason,
                       jd.details | {"links": list(lk)})
        out.append(SentenceJudgement(a_doc.sentences[i].span, b_doc.sentences[j].span, range(i, i + 1),
                                     range(j, j + 1), jd, "sentence", lk))
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    for side, items, linked, claims in (("a", sa, linked_a, ca), ("b", sb, linked_b, cb)):
        for k, sent in items:
            if k in linked or sent.boilerplate or not _carries_claims(claims[k]):
                continue
            if side == "a":
                jd = judge_claims(claims[k], cb_all, a_context=ca_all, b_context=cb_all)
                spans = (sent.span, pair.b, range(k, k + 1), pair.b_sentences)
            else:
                jd = judge_claims(ca_all, claims[k], a_context=ca_all, b_context=cb_all)
                spans = (pair.a, sent.span, pair.a_sentences, range(k, k + 1))
            # it shares no claim with any sentence of the other side: what it adds is worth showing, but a
            # "conflict" with it would compare two different things
            if jd.label != "elaboration" or jd.details.get("side") != side:
                continue
            out.append(SentenceJudgement(*spans, jd, "unlinked sentence"))
    out.sort(key=lambda x: (x.a.start, x.b.start))
    return out
