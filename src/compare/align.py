"""Find the passages two documents both tell, however reworded or reordered, and say how close each is.

How (each step is linear or close to it in the number of sentences):

1. Every content sentence (web furniture left out) becomes a bag of terms: stems of its content words plus
   normalised dates and figures (read from the analyse stage's words layer, :func:`compare.analysis.sentence_words`),
   weighted by rarity over both documents (:mod:`compare.terms`).
2. Candidate pairs come from indexes, never from scoring all pairs: an inverted index over each sentence's
   rarest terms, queried A→B and B→A, so a passage told early in A and late in B is found (nothing assumes
   the documents tell things in the same order). With a model (``semantic``/``hybrid``), the sentences the
   index left without a good partner also ask their nearest neighbours by sentence embedding.
3. Each candidate gets its signals (:mod:`compare.similarity`) and one combined score; with a model, words
   whose embeddings are close (women ~ female, army ~ soldiers) count as shared at their similarity.
4. Accounts tell events in runs of sentences, so a pair whose diagonal neighbours also match is more credible
   than a lone one: neighbours of good pairs become candidates, and each pair's (and group's) *support* adds its
   neighbours' scores to its own. A lone pair must also share enough rare material (``EVIDENCE_WORDS``).
5. One sentence may tell what the other side spreads over two or three neighbouring sentences: such groups
   are candidates too. Pairs and groups are chosen greedily by support, each sentence used once; sentences
   sandwiched between two chosen pairs are paired with each other; groups grow by a neighbouring sentence
   when that does not lower their score; in a retelling (see 7), between two kept groups that follow each other
   on both sides, the sentences left free are aligned one to one in order (``GAP_SPAN``).
6. Chosen groups that follow each other on both sides merge into passages (within a paragraph on each side,
   at most ``MAX_PASSAGE`` sentences a side), scored again as wholes and given a kind: ``verbatim``,
   ``paraphrase`` or ``related``.
7. Accounts that paraphrase, reorder and summarise each other loosely (the sentence alignment explains under a
   quarter of each) share topics more than sentences: paragraphs on the same topic are then linked many-to-many
   as ``related`` (the *topic tier*), each link tested against the statistics of the document pair itself
   (see ``RELATED_MIN``). Every pair is still a claim of correspondence, and the benchmarks count them all.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import analysis
from . import similarity as sim
from . import terms as T
from .document import Document, Sentence, Span

# Thresholds on the combined score, per method: a pair is reported from ``related`` up, and is called a
# paraphrase from ``paraphrase`` up; ``verbatim`` is decided by the near-verbatim signal of the wording.
# Calibrated on the development pairs of benchmarks/align_eval.py (Mark KJV–WEB, Matthew–Mark WEB) and
# checked on held-out books (Luke, John, Acts, Romans, Luke–Mark); see benchmarks/README.md.
THRESHOLDS: dict[str, dict[str, float]] = {
    "lexical": {"related": 0.30, "paraphrase": 0.45, "verbatim": 0.85},
    "semantic": {"related": 0.40, "paraphrase": 0.55, "verbatim": 0.85},
    "hybrid": {"related": 0.30, "paraphrase": 0.50, "verbatim": 0.85},
}
MAX_PASSAGE = 5          # sentences a side in one merged passage
MAX_GROUP = 3            # sentences a side that one sentence of the other side may summarise
# ... or more, while they are together shorter than LONG_GROUP_RATIO times that one sentence (in characters):
# one translation may run a list into one long sentence ("the son of Matthat, the son of Levi, ...", sixteen
# verses) that the other writes as a sentence a verse ("Which was [the son] of Matthat, ..."); wordier styles
# need up to twice the characters for the same words
LONG_GROUP_RATIO = 2.0
CANDIDATES_PER_SENTENCE = 6
INDEX_TERMS = 8          # rarest terms of a sentence used to query the inverted index
INDEX_MAX_POSTINGS = 2000  # terms in more sentences than this are too common to propose candidates
# A query stops taking terms (rarest first) once their postings add up to QUERY_POSTINGS: in repetitive text a
# sentence's rarer terms already rank its copies, and the postings of the commoner ones grow with the input, so
# without a budget the index queries cost the product of the two lengths (one line of prose, 10 MB a side: a mean
# of 1,673 postings a query against 590 at 3 MB). The whole New Testament (KJV-WEB: mean 864, p99 2,994) is
# almost never cut.
QUERY_POSTINGS = 3000
# Expansion scores the neighbours of a related pair only if it is among the EXPAND_PARTNERS best-scoring
# partners of its sentence on one side or the other: a sentence with many related partners (a formula repeated
# through a long text) would otherwise have all their neighbours scored, round after round (one line of prose:
# 0.8 s at 1 MB, 32 s at 10 MB). Translations and gospel parallels stay under it (a verse has a handful).
EXPAND_PARTNERS = 12
SOFT_MIN = 0.5           # word-embedding similarity from which two different words count as near-synonyms
EVIDENCE_WORDS = 3.0     # a pair with no aligned neighbours must share this many typical words' weight
# ... or RETELL_EVIDENCE_WORDS between accounts that retell each other (see RETELL_PAIRS): where most of what one
# tells the other tells too, a lone match sharing a little less rare material is still likelier a correspondence
# than a coincidence (the choice is made again with this bar once the regime is known).
RETELL_EVIDENCE_WORDS = 2.5
GROUP_FLOOR = 0.1        # least score of each sentence of a one-to-many candidate group
GAP_FLOOR = 0.05         # least score of a sentence group sandwiched between two aligned pairs
# Gap alignment, between accounts that retell each other (see RETELL_PAIRS; independent accounts tell things in
# their own order): between two kept groups that follow each other on both sides at most GAP_SPAN sentences
# apart on each, the free sentences are paired one to one in order, where a pair scores GAP_PAIR_MIN (the monotone
# alignment of greatest total score above it): a retelling tells what lies between two shared anchors in the same
# order, often in other words ("Release to us Barabbas!" / "the chief priests stirred up the multitude, that he
# should release Barabbas"), and such pairs have too little shared material to stand alone. Calibrated on
# Matthew-Mark (0.906 -> 0.905) and checked on the held-out gospel pairs (Luke-Mark 0.729 -> 0.743, Luke-Mark
# KJV-WEB 0.670 -> 0.687; translations unchanged).
GAP_SPAN = 10
GAP_PAIR_MIN = 0.25
CONTEXT_WEIGHT = 0.3     # weight of the neighbouring pairs' scores in a pair's support
# The neighbouring pairs that support a pair or a one-to-many group: the best-scoring pair reached from its first
# sentences by one of SUPPORT_STEPS (A, B) back, and the best reached from its last sentences by one forward: the
# next sentence on both sides, or one sentence skipped on one side. A pair one of FAR_STEPS away (one or two
# sentences skipped on both sides: each account tells something the other lacks between two things it shares)
# counts too where it scores ``paraphrase`` (weaker ones, in loosely related accounts like the seeds, chain
# unrelated sentences). Matthew-Mark 0.905 -> 0.909, Luke-Mark KJV-WEB 0.687 -> 0.687, Matthew-Luke 0.774 ->
# 0.777; with one-to-many groups supported like pairs, Mark KJV-WEB 0.988 -> 0.993, Luke 0.993 -> 0.994.
SUPPORT_STEPS = ((1, 1), (1, 2), (2, 1))
FAR_STEPS = ((2, 2), (3, 3))
EXPANSION_ROUNDS = 2     # times the neighbours of related pairs are scored (a weak run is reached from both ends)
EXPANSION_STEPS = ((1, 1), (-1, -1), (0, 1), (0, -1), (1, 0), (-1, 0))   # the neighbours of a pair, as (di, dj)
# A pair with no aligned diagonal neighbour may still sit among other chosen pairs: within NEIGHBOURHOOD
# sentences on both sides of one. Such a lone pair scoring ``paraphrase`` is taken even if it shares less than
# EVIDENCE_WORDS (a short saying told alike); between accounts that retell each other, a passage with no other
# within NEIGHBOURHOOD needs ISOLATED_MIN (calibrated on Matthew–Mark: 0.901 -> 0.905; held-out Luke–Mark
# 0.727 -> 0.735, Matthew–Luke 0.758 -> 0.773; translations unchanged).
NEIGHBOURHOOD = 10
ISOLATED_MIN = 0.6
GROUP_PARTNERS = 3       # a sentence's best-scoring partners among which a one-to-many group must start
# Work sizes (no effect on the result): progress ticks, rows of a block of embedding dot products, sentence
# pairs scored at once (their embedding rows are copied for the cosines), documents whose sentence embeddings are
# kept for the next pair.
TICK_EVERY = 256
QUERY_BLOCK = 512        # index queries answered at once (their postings gathered in one array)
NEAREST_BLOCK = 1024
# Nearest neighbours by embedding (sentences left without a partner, paragraphs of the topic tier) are searched
# exactly while queries x targets stays under NEAREST_EXACT_PAIRS (every benchmark, and the whole New Testament,
# is under it: results unchanged); beyond it, a search over all targets grows with the product of the two
# documents' lengths (10 MB a side on one line: 11 s of align's 165 s, 0.6 s at 3 MB, ~280 s at 50 MB), so the
# targets are grouped around sqrt(targets) centres (NEAREST_KMEANS_ROUNDS rounds of k-means from evenly spaced
# targets: deterministic) and each query compares only the targets of its NEAREST_PROBES closest centres.
# Approximate: a neighbour in another group can be missed.
NEAREST_EXACT_PAIRS = 50_000_000
NEAREST_PROBES = 16
NEAREST_KMEANS_ROUNDS = 2
SYNONYM_BLOCK = 2048
SCORE_BLOCK = 16384
# Sentence pairs scored at once from which a forked child scores half of them beside the parent (compare.parallel;
# same scores, in the same order). Below it a fork costs more than it saves. Scoring is about a third of align's
# time on big inputs (4 MB of prose a side: 10 of 30 s profiled).
PARALLEL_SCORE_MIN = 50_000
# Sentences (both sides together) from which the candidates' index queries of B run in a forked child beside A's
PARALLEL_QUERY_MIN = 20_000
EMBEDDINGS_KEPT = 8
# The topic tier: paragraphs (the author's unit) that treat the same topic, linked many-to-many as ``related``
# even when no sentence of one retells a sentence of the other (a leaflet's "without prior agreement from any
# party" and an article's paragraph on the party's role). A topic link must pass four tests, each relative to
# the document pair rather than to fixed scores, since two translations and two loosely paraphrasing accounts
# live in different regimes:
# - its combined score is at least RELATED_RATIO times the median score of the pairs the sentence alignment
#   chose (two translations share a lot, so only strong links qualify; loose paraphrase, weaker ones), and
#   never below RELATED_MIN;
# - it shares TOPIC_EVIDENCE typical words' weight of terms that are not background: what the two documents
#   are both about ("revolution", "Russian", "1917" in two accounts of 1917: a term in BACKGROUND_SHARE of the
#   sentences of each) says nothing about which parts correspond;
# - the cosine of the two paragraphs' embeddings stands TOPIC_Z standard deviations above the mean cosine of
#   all paragraph pairs of the two documents (computed exactly, in linear time, from second moments);
# - the partner is the nearest paragraph by embedding, or scores at least RELATED_NEAR_BEST of the best
#   combined score, for one of the two paragraphs; and each paragraph keeps no more partners (best first) than
#   TOPIC_SHARE times its share of the other document (1 for a paragraph of the longer document, the ratio of
#   paragraph counts for one of the shorter), so a paragraph of a leaflet may relate to several of an article.
# Headings name a topic without telling it and take no topic link. The tier is used only between independent
# accounts (see RETELL_PAIRS) that tell the same events (see SAME_EVENTS_MIN): accounts that retell each other
# closely (translations: ~100 %; synoptic gospels: 43-72 % of the better-covered book) have their
# correspondences at sentence level, and a weaker topic link there is, on the benchmarks, almost always a false
# friend; loose accounts like the two seeds (4-15 %) share mostly topics.
RELATED_MIN = 0.05
RELATED_RATIO = 0.25
RELATED_NEAR_BEST = 0.9
TOPIC_NEIGHBOURS = 1
BACKGROUND_SHARE = 0.05
TOPIC_EVIDENCE = 1.5
TOPIC_Z = 0.5
TOPIC_Z_STEMS = 1.5  # without a model: most paragraph pairs share no stem, so that cosine has a heavier tail
TOPIC_GATE = 0.25
TOPIC_SHARE = 1.5
TOPIC_MIN_SENTENCES = 2  # a topic link needs a paragraph of at least this many sentences on one side
# The regime: two documents *retell* each other (translations, synoptic gospels) when the one-to-one sentence
# alignment explains at least TOPIC_GATE of each and holds at least RETELL_PAIRS passages; their
# correspondences are then at sentence level and nothing else is added (on the benchmarks, topic links between
# gospels were 14 % right). Otherwise they are independent accounts (news articles by different outlets, the
# two seeds: a few sentence pairs, a quarter or less of one document).
RETELL_PAIRS = 8
# Do two independent accounts tell the same events? Evidence from the whole documents (see _same_events):
# - the names of each document's opening (its first LEAD_SENTENCES sentences: headline and lead in news) that
#   the other document also uses, as a share of those names (0..1): two articles on one rehab check-in both
#   name Tara Reid and Promises; two on different check-ins name different people;
# - the names both documents use, each counted at the smaller of its two shares of the documents' name
#   mentions (0..1): salient shared participants, not a passing mention;
# - the best sentence-pair score (0..1): some sentence of one retells a sentence of the other;
# - PROTAGONIST_WEIGHT times the share of each document's PROTAGONISTS most mentioned names that the other uses;
# - YEAR_WEIGHT if the two mention a year in common, minus it if both mention years but none in common.
# Their sum reaches SAME_EVENTS_MIN for accounts of one event. Names are capitalised content words that do not
# open a sentence, weekdays and months left out. Calibrated on the ECB+ dev topics (benchmarks/align_eval.py
# --ecb): same-event article pairs sit at 1.3-3.2 (5th-95th percentile, median 2.3), two similar but different
# events at 0-2.0 (median 0.65), unrelated articles under 0.4; at 1.8, 80 % of same-event pairs and 10 % of
# similar-event pairs passed these five measures alone.
# Then what the two openings (their first OPENING_SENTENCES sentences) tell alike:
# - OPENING_OVERLAP_WEIGHT times the share of the smaller opening's content terms that the other opening uses;
# - OPENING_COSINE_WEIGHT times the embedding cosine of the two headlines-with-lead (first LEAD_SENTENCES);
# - OPENING_YEAR_WEIGHT if both openings date the event and share a year, minus it if they name only
#   different years (two product launches of one kind three years apart).
# On the ECB+ dev topics this moves the gate from 1.8 to 2.3 (with the protagonist test below, 85 % of
# same-event pairs pass and 9 % of similar-event pairs: one sect's two trials, one club's two injuries).
LEAD_SENTENCES = 2
TITLE_CASE_SHARE = 0.6   # a sentence with this share of capitalised words is a title-case headline
PROTAGONISTS = 2
PROTAGONIST_WEIGHT = 0.5
YEAR_WEIGHT = 0.2
OPENING_SENTENCES = 3
OPENING_OVERLAP_WEIGHT = 1.0
OPENING_COSINE_WEIGHT = 1.0
OPENING_YEAR_WEIGHT = 0.5
SAME_EVENTS_MIN = 2.3
# Whatever the evidence, two accounts whose openings each name their own protagonist tell different events (two
# players of one team placed on injured reserve, two of one club arrested): a person (see _people) named in a
# document's opening, mentioned there at least PROTAGONIST_MENTIONS times, and in the other document at most
# PROTAGONIST_ELSEWHERE times as often (a passing mention of the other case: "Thomas and Reggie Bush missing
# time"). On the ECB+ dev topics this parts 19 of the 88 similar-event pairs and 7 of the 347 same-event ones.
PROTAGONIST_MENTIONS = 3
PROTAGONIST_ELSEWHERE = 0.34
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec today yesterday "
    "tomorrow".split())
# Many-to-many event links, only between independent accounts of the same events: among the first EVENT_LEAD
# sentences of each (headline, lead and the body sentences that tell the event), two sentences that both name
# a shared name of the openings are linked when their score reaches EVENT_LINK_MIN or their sentence embeddings
# a cosine of EVENT_EMBED_MIN; anywhere in the documents, any further sentence pair scoring ``paraphrase`` is
# linked too, so one sentence may align with several of the other (a headline with the lead and the body
# sentence of the same event). Weaker pairs beyond the openings share mostly the subject's vocabulary
# ("revolution", "February"), not an event. The openings themselves (the first EVENT_OPENING sentences: headline
# and lead) are linked all to all. A sentence takes part only if it names one of the shared names of the
# openings (``events.shared``), written as a name, or a content word both openings use (the event's
# own words: "murder", "rehab", "Promises": the headline "Man held after sis and mum murdered" names no one).
EVENT_LEAD = 8
EVENT_OPENING = 3
# ... and a sentence takes at most EVENT_PARTNERS such paraphrase links beyond the openings: the best-scoring,
# the nearest to its own relative place in its document on ties, kept only where the pair is among the best of
# both its sentences. A sentence repeated through both texts would otherwise be linked to every copy of it on
# the other side (2,000 copies a side of one sentence, 70 KB: 39,900 links, 31 MB of JSON).
EVENT_PARTNERS = 4
EVENT_LINK_MIN = 0.05
EVENT_EMBED_MIN = 0.35
# Independent accounts that do not tell the same events (two rehab check-ins, two DUI arrests of one team's
# players, or unrelated articles) share wording that says little about correspondence: only passage pairs
# scoring DIFFERENT_EVENTS_MIN are kept, as ``related`` (never presented as one event), and none whose sentences
# name different participants (each names someone the other document never mentions, and they share no name;
# this test also keeps such sentence pairs out of the event links); ``events.conflicting`` lists the names of
# each opening that the other document lacks.
DIFFERENT_EVENTS_MIN = 0.4


@dataclass(frozen=True)
class Pair:
    """Two passages, one from each document, that tell the same thing.

    ``a_sentences``/``b_sentences`` are ranges of indices into ``Document.sentences``; ``signals`` holds the
    separate measurements behind ``score``, each in [0, 1]: ``lexical`` (cosine of rarity-weighted stems),
    ``containment`` (share of the smaller side's weighted stems found on the other, near-synonyms counted at
    their similarity), ``evidence`` (shared rare material relative to what a lone match needs), ``verbatim``
    (near-verbatim ratio of the wording), ``numbers`` (agreement of dates and figures; only when both sides
    mention some), ``semantic`` (embedding cosine; methods semantic/hybrid). ``shared`` lists the words
    (surface forms, A's then B's) whose stems both passages use, for highlighting. ``score`` also counts the
    support of neighbouring pairs in the same passage. ``link`` says how the pair was found: ``passage``
    (the one-to-one alignment of passages), ``event`` (a many-to-many link between two sentences that tell the
    accounts' shared event; a sentence may then have several partners) or ``topic`` (paragraphs on one topic).
    """

    a: Span
    b: Span
    a_sentences: range
    b_sentences: range
    score: float
    kind: str
    signals: dict[str, float]
    shared: list[str]
    link: str = "passage"

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "score": round(self.score, 4),
            "kind": self.kind,
            "signals": {k: round(v, 4) for k, v in self.signals.items()},
            "shared": list(self.shared),
            "a_sentences": [self.a_sentences.start, self.a_sentences.stop - 1],
            "b_sentences": [self.b_sentences.start, self.b_sentences.stop - 1],
            "link": self.link,
        }


@dataclass(frozen=True)
class Events:
    """Whether two accounts tell the same events, and the document-level evidence for it.

    ``evidence`` is the sum of the three measures of the comment above ``SAME_EVENTS_MIN``; ``same`` whether it
    reaches that. ``shared`` lists names of one document's opening that the other uses too; ``conflicting``
    names of each opening that the other document never mentions (A's, then B's): for two accounts of
    different events of one kind, the participants or places that differ. ``regime`` is ``retelling`` when
    the sentence alignment explains much of a document (translations, synoptic gospels: sentence level only),
    else ``independent`` (accounts written apart: event links and the topic tier where the events are the
    same).
    """

    same: bool
    evidence: float
    shared: list[str]
    conflicting: tuple[list[str], list[str]]
    regime: str

    def to_dict(self) -> dict[str, Any]:
        return {"same": self.same, "evidence": round(self.evidence, 4), "regime": self.regime,
                "shared": list(self.shared), "conflicting": {"a": list(self.conflicting[0]),
                                                             "b": list(self.conflicting[1])}}


@dataclass(frozen=True)
class Alignment:
    """The pairs found between documents ``a`` and ``b``, best first, and how much of each they cover.

    ``coverage`` is the share of each document's content characters (sentences that are not web furniture)
    inside some pair. ``warnings`` says, for instance, that the semantic model could not load. ``thresholds``
    holds the calibrated ``related``/``paraphrase``/``verbatim`` thresholds and, when the topic tier was used,
    ``topic``: the least score of a topic link for this document pair. ``events`` says whether the two tell the
    same events (:class:`Events`).
    """

    a: Document
    b: Document
    pairs: list[Pair]
    coverage: tuple[float, float]
    method: str
    thresholds: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    events: Events | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.label,
            "b": self.b.label,
            "method": self.method,
            "thresholds": dict(self.thresholds),
            "coverage": {"a": round(self.coverage[0], 4), "b": round(self.coverage[1], 4)},
            "events": self.events.to_dict() if self.events is not None else None,
            "pairs": [p.to_dict() for p in self.pairs],
            "warnings": list(self.warnings),
        }


# What _Side takes of a sentence, by normalised text: its tokens, numeric terms, terms (the bag), plain wording, term
# set (from the analyse stage's words layer), and the text its tokens' offsets point into
_Readings = dict[str, tuple[tuple[T.Token, ...], tuple[str, ...], tuple[str, ...], str, frozenset[str], str]]

# What the scorers read of a passage: its term set, rarity-weighted vector, weight total, numeric terms, plain wording
_Unit = tuple[frozenset[str] | set[str], dict[str, float], float, Sequence[str], str]


class _Side:
    """One document's content sentences with what the scorers need."""

    def __init__(self, doc: Document, keep_boilerplate: bool, read: _Readings | None = None) -> None:
        self.doc = doc
        sents = doc.content_sentences(keep_boilerplate)
        self.tokens: list[tuple[T.Token, ...]] = []
        self.sents: list[Sentence] = []
        self.terms: list[tuple[str, ...]] = []
        self.numeric: list[tuple[str, ...]] = []
        self.plain: list[str] = []
        self.sets: list[frozenset[str]] = []
        # a sentence's wording class: sentences of one normalised text (repeated in the document) read alike, so
        # they share what is read of them, and a pair of classes is measured once (see _Scorer.score_many)
        self.cls: list[int] = []
        self.texts: list[str] = []               # the sentence text its tokens' offsets point into
        read = {} if read is None else read       # what is read of a sentence text (shared with the other side)
        classes: dict[str, int] = {}
        words = analysis.sentence_words(doc)      # the analyse stage's words layer
        for s in sents:
            got = read.get(s.norm)
            if got is None:
                w = words[s.index]
                got = read[s.norm] = (w.tokens(), w.numeric, w.terms, sim.plain(s.norm), frozenset(w.terms), s.text)
            toks, nums, bag, plain, terms, text = got
            if not bag:
                continue  # nothing to compare ("• 12", "Why?")
            self.sents.append(s)
            self.texts.append(text)
            self.cls.append(classes.setdefault(s.norm, len(classes)))
            self.tokens.append(toks)
            self.numeric.append(nums)
            self.terms.append(bag)
            self.plain.append(plain)
            self.sets.append(terms)
        self.classes = len(classes)              # distinct wording classes among the sentences kept
        self.vecs: list[dict[str, float]] = []
        self.emb: Any = None
        self.wsum: list[float] = []
        self.units: list[_Unit] = []
        self.memo: dict[str, Any] = {}           # whole-side readings made once (_names, _people, ...)

    def weigh(self, idf: dict[str, float]) -> None:
        """Rarity-weighted vectors and weight totals, once the rarity of every term is known (once per wording
        class: the sentences of one class share them)."""
        by_class: dict[int, tuple[dict[str, float], float]] = {}
        for c, bag, st in zip(self.cls, self.terms, self.sets):
            if c not in by_class:    # fsum: exact, so set order cannot matter
                by_class[c] = (sim.weighted_vector(bag, idf), math.fsum(idf[t] for t in st))
        self.vecs = [by_class[c][0] for c in self.cls]
        self.wsum = [by_class[c][1] for c in self.cls]
        self.units = list(zip(self.sets, self.vecs, self.wsum, self.numeric, self.plain))

    def __len__(self) -> int:
        return len(self.sents)


def _top_k(scores: Any, k: int) -> Any:
    import numpy as np

    if scores.shape[-1] <= k:
        return np.arange(scores.shape[-1])
    return np.argpartition(-scores, k - 1)[:k]


def _lexical_candidates(qa: _Side, qb: _Side, idf: dict[str, float], k: int,
                        tick: Callable[[int], None] | None = None) -> set[tuple[int, int]]:
    """For each sentence of ``qa``, the ``k`` sentences of ``qb`` sharing most rare-term weight; the queries are
    answered QUERY_BLOCK at a time (see :func:`_answer_queries`). The sentences of one wording class ask the same
    query, so it is asked once, by the first, and its answer given to all of them."""
    import numpy as np

    postings: dict[str, list[int]] = {}
    for j, bag in enumerate(qb.terms):
        for t in set(bag):
            postings.setdefault(t, []).append(j)
    arrays = {t: np.asarray(js, dtype=np.int64) for t, js in postings.items() if len(js) <= INDEX_MAX_POSTINGS}
    members: dict[int, list[int]] = {}
    for i, c in enumerate(qa.cls):
        members.setdefault(c, []).append(i)
    out: set[tuple[int, int]] = set()
    for lo in range(0, len(qa), QUERY_BLOCK):
        queries: list[tuple[int, list[str]]] = []
        for i in range(lo, min(lo + QUERY_BLOCK, len(qa))):
            if tick is not None and i % TICK_EVERY == TICK_EVERY - 1:
                tick(TICK_EVERY)
            if members[qa.cls[i]][0] != i:
                continue            # a repeat of an earlier sentence: answered with it
            vec = qa.vecs[i]
            query = _budgeted(sorted((t for t in vec if t in arrays), key=lambda t: (-idf[t], t))[:INDEX_TERMS],
                              arrays)
            if query:
                queries.append((i, query))
        if queries:
            for i, j in _answer_queries(queries, qa, arrays, idf, k, len(qb)):
                out.update([(x, j) for x in members[qa.cls[i]]])
    return out


def _answer_queries(queries: list[tuple[int, list[str]]], qa: _Side, arrays: dict[str, Any], idf: dict[str, float],
                    k: int, m: int) -> list[tuple[int, int]]:
    """For each query (sentence i of ``qa``, its index terms), the ``k`` sentences of the other side whose
    weights for those terms add up highest; the postings of all the queries are gathered and added up in one
    array (each sentence's weights in the order of its query, as one query at a time would add them), then each
    query takes its best (:func:`_top_k`)."""
    import numpy as np

    lists = [arrays[t] for _, query in queries for t in query]
    sizes = np.fromiter((a.size for a in lists), dtype=np.int64, count=len(lists))
    weights = np.fromiter((qa.vecs[i][t] * idf[t] for i, query in queries for t in query), dtype=np.float64,
                          count=len(lists))
    rows = np.repeat(np.arange(len(queries), dtype=np.int64),
                     np.fromiter((len(query) for _, query in queries), dtype=np.int64, count=len(queries)))
    uniq, inv = _unique_inverse(np.repeat(rows, sizes) * m + np.concatenate(lists))   # (query, sentence) keys
    acc = np.bincount(inv, weights=np.repeat(weights, sizes))
    js = uniq % m
    starts = np.searchsorted(uniq, np.arange(len(queries) + 1, dtype=np.int64) * m).tolist()
    out: list[tuple[int, int]] = []
    for (i, _), lo, hi in zip(queries, starts, starts[1:]):
        best = js[lo:hi] if hi - lo <= k else js[lo:hi][_top_k(acc[lo:hi], k)]
        out.extend(zip([i] * len(best), best.tolist()))
    return out


def _budgeted(terms: list[str], arrays: dict[str, Any]) -> list[str]:
    """The first of ``terms`` (rarest first) while their postings stay within QUERY_POSTINGS (at least one)."""
    total = 0
    for n, t in enumerate(terms):
        total += len(arrays[t])
        if total > QUERY_POSTINGS and n:
            return terms[:n]
    return terms


def _unique_inverse(js: Any) -> tuple[Any, Any]:
    """``numpy.unique(js, return_inverse=True)`` for a non-empty 1-D integer array, without its general
    machinery; a stable sort (timsort), quick on the runs of sorted postings that the index queries concatenate."""
    import numpy as np

    perm = js.argsort(kind="stable")
    aux = js[perm]
    mask = np.empty(aux.shape, dtype=bool)
    mask[0] = True
    np.not_equal(aux[1:], aux[:-1], out=mask[1:])
    inv = np.empty(aux.shape, dtype=np.intp)
    inv[perm] = np.cumsum(mask) - 1
    return aux[mask], inv


def _nearest(queries: Any, targets: Any, k: int, block: int = NEAREST_BLOCK) -> list[list[int]]:
    """For each query row, the ``k`` target rows of highest cosine (unit vectors), in blocks of queries."""
    import numpy as np

    out: list[list[int]] = []
    m = targets.shape[0]
    if not m:
        return [[] for _ in range(queries.shape[0])]
    kk = min(k, m)
    if queries.shape[0] * m > NEAREST_EXACT_PAIRS:
        return _nearest_by_groups(queries, targets, kk, block)
    for lo in range(0, queries.shape[0], block):
        sims = queries[lo:lo + block] @ targets.T
        out.extend(np.argpartition(-sims, kk - 1, axis=1)[:, :kk].tolist())
    return out


def _closest(rows: Any, centres: Any, block: int) -> Any:
    """For each row, the index of the centre of highest dot product (in blocks of rows)."""
    import numpy as np

    out = np.empty(rows.shape[0], dtype=np.int64)
    for lo in range(0, rows.shape[0], block):
        out[lo:lo + block] = (rows[lo:lo + block] @ centres.T).argmax(axis=1)
    return out


def _nearest_by_groups(queries: Any, targets: Any, k: int, block: int) -> list[list[int]]:
    """:func:`_nearest` for large searches, approximately (see ``NEAREST_EXACT_PAIRS``): the targets grouped
    around sqrt(targets) centres, each query compared with the targets of its NEAREST_PROBES closest centres."""
    import numpy as np

    m, n = targets.shape[0], queries.shape[0]
    c = max(1, int(m ** 0.5))
    centres = targets[np.linspace(0, m - 1, c).astype(np.int64)].astype(np.float32)
    for _ in range(NEAREST_KMEANS_ROUNDS):
        labels = _closest(targets, centres, block)
        order = np.argsort(labels, kind="stable")
        starts = np.searchsorted(labels[order], np.arange(c))
        sums = np.add.reduceat(targets[order].astype(np.float32), starts, axis=0)
        filled = np.bincount(labels, minlength=c) > 0     # reduceat gives an empty group its next group's row
        centres = np.where(filled[:, None], sums, centres)
        centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
    labels = _closest(targets, centres, block)
    members = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[members], np.arange(c + 1))
    p = min(NEAREST_PROBES, c)
    probes = np.empty((n, p), dtype=np.int64)
    for lo in range(0, n, block):
        sims = queries[lo:lo + block] @ centres.T
        probes[lo:lo + block] = np.argpartition(-sims, p - 1, axis=1)[:, :p] if p < c else np.arange(c)
    # (query, probe rank) pairs grouped by the centre they probe
    flat = probes.ravel()
    by_centre = np.argsort(flat, kind="stable")
    qbounds = np.searchsorted(flat[by_centre], np.arange(c + 1))
    best = np.full((n, p * k), -np.inf, dtype=np.float32)
    where = np.zeros((n, p * k), dtype=np.int64)
    for g in range(c):
        picks = by_centre[qbounds[g]:qbounds[g + 1]]
        mem = members[bounds[g]:bounds[g + 1]]
        if not picks.size or not mem.size:
            continue
        kk = min(k, mem.size)
        for lo in range(0, picks.size, block):
            part = picks[lo:lo + block]
            qs, ranks = part // p, part % p
            sims = queries[qs] @ targets[mem].T
            top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk] if kk < mem.size else np.tile(
                np.arange(mem.size), (qs.size, 1))
            cols = ranks[:, None] * k + np.arange(kk)[None, :]
            best[qs[:, None], cols] = np.take_along_axis(sims, top, axis=1)
            where[qs[:, None], cols] = mem[top]
    out: list[list[int]] = []
    chosen = np.argsort(-best, axis=1, kind="stable")[:, :k]
    for row, idx in enumerate(chosen):
        out.append([int(where[row, x]) for x in idx if best[row, x] > -np.inf])
    return out


class _Table:
    """The scored sentence pairs as arrays, in the order they were scored (``i``, ``j``, ``s``: sentence of A, of
    B, score), and the scores of any pairs looked up at once (:meth:`get`)."""

    PAD = max(max(d) for d in SUPPORT_STEPS + FAR_STEPS)   # the farthest a looked-up pair lies off a scored one

    def __init__(self, cache: dict[tuple[int, int], float], m: int) -> None:
        import numpy as np

        count = len(cache)
        self.i = np.fromiter((p[0] for p in cache), dtype=np.int64, count=count)
        self.j = np.fromiter((p[1] for p in cache), dtype=np.int64, count=count)
        self.s = np.fromiter(cache.values(), dtype=np.float64, count=count)
        self.width = m + 2 * self.PAD
        keys = self._keys(self.i, self.j)
        order = np.argsort(keys)
        self._sorted_keys, self._sorted_s = keys[order], self.s[order]

    def _keys(self, i: Any, j: Any) -> Any:
        return (i + self.PAD) * self.width + (j + self.PAD)

    def get(self, i: Any, j: Any) -> Any:
        """The scores of the pairs (i, j) (arrays, at most PAD off the sides), 0 for pairs not scored."""
        import numpy as np

        keys = self._keys(i, j)
        if not self._sorted_keys.size:
            return np.zeros(keys.shape, dtype=np.float64)
        pos = np.minimum(np.searchsorted(self._sorted_keys, keys), self._sorted_keys.size - 1)
        return np.where(self._sorted_keys[pos] == keys, self._sorted_s[pos], 0.0)


# A term set's terms that have near-synonyms (each with them and its rarity), and all their near-synonyms
_SoftTerms = tuple[list[tuple[str, dict[str, float], float]], frozenset[str]]


class _Scorer:
    """Signals and combined scores of sentence pairs and of passages, memoised per pair."""

    def __init__(self, sa: _Side, sb: _Side, idf: dict[str, float], method: str) -> None:
        self.sa, self.sb, self.idf, self.method = sa, sb, idf, method
        self.cache: dict[tuple[int, int], float] = {}
        self.evidence: dict[tuple[int, int], float] = {}
        # how much shared rare material makes a lone match credible: the weight of EVIDENCE_WORDS typical
        # content words of these two documents (occurrence-weighted mean rarity)
        occurrences = [idf[t] for bag in sa.terms + sb.terms for t in set(bag)]
        typical = sum(occurrences) / len(occurrences) if occurrences else 1.0
        self.info_needed = EVIDENCE_WORDS * typical
        # near-synonyms across the documents (stem -> {other stem: similarity}), from word embeddings
        self.soft_a: dict[str, dict[str, float]] = {}
        self.soft_b: dict[str, dict[str, float]] = {}
        self._soft_memo_a: dict[frozenset[str], _SoftTerms] = {}
        self._soft_memo_b: dict[frozenset[str], _SoftTerms] = {}
        from rapidfuzz.fuzz import ratio

        self._ratio: Callable[[str, str], float] = ratio
        self._table: _Table | None = None

    def table(self) -> _Table:
        """The pairs scored so far as a :class:`_Table` (remade when more have been scored)."""
        if self._table is None or self._table.s.size != len(self.cache):
            self._table = _Table(self.cache, len(self.sb))
        return self._table

    def find_near_synonyms(self) -> None:
        """Pair the content words of A with those of B whose word embeddings are close (women ~ female,
        protest ~ demonstrations, army ~ soldiers), so that paraphrase with other words still counts."""
        import numpy as np

        def vocab(side: _Side) -> dict[str, str]:
            out: dict[str, str] = {}
            for toks in side.tokens:
                for t in toks:
                    if t.content and t.stem not in out:
                        out[t.stem] = t.lower
            return out

        va, vb = vocab(self.sa), vocab(self.sb)
        sa_stems, sb_stems = list(va), list(vb)
        if not sa_stems or not sb_stems:
            return
        ea = sim.embed([va[t] for t in sa_stems])
        eb = sim.embed([vb[t] for t in sb_stems])
        for lo in range(0, len(sa_stems), SYNONYM_BLOCK):
            block = ea[lo:lo + SYNONYM_BLOCK] @ eb.T
            rows, cols = np.nonzero(block >= SOFT_MIN)
            for r, c in zip(rows.tolist(), cols.tolist()):
                x, y, v = sa_stems[lo + r], sb_stems[c], float(block[r, c])
                if x == y:
                    continue
                self.soft_a.setdefault(x, {})[y] = v
                self.soft_b.setdefault(y, {})[x] = v
        # each sentence's near-synonym entries, read now rather than at its first pair: then a child scoring
        # pairs beside this process (score_many) finds them made, as a second pass of one process would
        for sets, soft in ((self.sa.sets, self.soft_a), (self.sb.sets, self.soft_b)):
            for terms in dict.fromkeys(sets):
                self.soft_terms(terms, soft)

    def soft_terms(self, terms: frozenset[str] | set[str], soft: dict[str, dict[str, float]]) -> _SoftTerms:
        """The terms of ``terms`` that have near-synonyms, each with them and its rarity, and every near-synonym
        of any of them; memoised for a sentence's term set (a frozenset), which many pairs share."""
        memo = self._soft_memo_a if soft is self.soft_a else self._soft_memo_b
        if isinstance(terms, frozenset):
            got = memo.get(terms)
            if got is not None:
                return got
        idf = self.idf
        entries = [(t, near, idf[t]) for t in terms if (near := soft.get(t))]
        out = (entries, frozenset().union(*[near.keys() for _, near, _ in entries]))
        if isinstance(terms, frozenset):
            memo[terms] = out
        return out

    def soft_extra(self, terms: frozenset[str] | set[str], other: frozenset[str] | set[str],
                   soft: dict[str, dict[str, float]]) -> float:
        """Weight of ``terms`` not in ``other`` but with a near-synonym there, counted at its similarity."""
        entries, reach = self.soft_terms(terms, soft)
        if reach.isdisjoint(other):
            return 0.0
        parts = []
        for t, near, w in entries:
            if t not in other:
                common = near.keys() & other
                if common:
                    parts.append(w * max([near[u] for u in common]))
        return math.fsum(parts)            # exact: the set's order (the hash seed) cannot change the total

    def measure(self, a: _Unit, b: _Unit, semantic: float | None) -> dict[str, float]:
        """The signals of one pair of passages from what the scorers read of each (:data:`_Unit`: term set,
        rarity vector, weight total, numeric terms, plain wording) and their embedding cosine: the one
        implementation behind :meth:`signals` (any passages) and :meth:`score_many` (sentence pairs in bulk), so
        the two never disagree."""
        set_a, va, wa, na, plain_a = a
        set_b, vb, wb, nb, plain_b = b
        verbatim = self._ratio(plain_a, plain_b) / 100.0
        if not set_a or not set_b:
            return {"lexical": 0.0, "containment": 0.0, "evidence": 0.0, "verbatim": verbatim}
        if set_a.isdisjoint(set_b):  # half the pairs scored: the sums below over no shared term, as they give
            lex: float = 0
            sw = sw_exact = 0.0
        else:
            idf_get = self.idf.get
            if len(va) > len(vb):
                lex = sum([w * va[t] for t, w in vb.items() if t in va])
            else:
                lex = sum([w * vb[t] for t, w in va.items() if t in vb])
            sw = sw_exact = math.fsum([idf_get(t, 1.0) for t in set_a & set_b])
            if sw_exact and self.soft_a:  # near-synonyms count only beside a word shared as it is
                if wa <= wb:
                    sw += self.soft_extra(set_a, set_b, self.soft_a)
                else:
                    sw += self.soft_extra(set_b, set_a, self.soft_b)
        phantom = (wa + wb) / (len(set_a) + len(set_b))
        out: dict[str, float] = {
            "lexical": min(1.0, lex),
            "containment": min(1.0, sw / (min(wa, wb) + phantom)),
            "evidence": min(1.0, sw_exact / self.info_needed),
            "verbatim": verbatim,
        }
        if na and nb:
            num = sim.numbers(na, nb)
            if num is not None:
                out["numbers"] = num
        if semantic is not None:
            out["semantic"] = semantic
        return out

    def signals(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> dict[str, float]:
        """The signals of the passages ``a_lo:a_hi`` of A and ``b_lo:b_hi`` of B (see :meth:`measure`); those of
        one sentence pair are the bulk path's (:meth:`measure_sentences`), bit for bit."""
        if a_hi - a_lo == 1 and b_hi - b_lo == 1:
            return self.measure_sentences([(a_lo, b_lo)])[0]
        return self.passage_signals(a_lo, a_hi, b_lo, b_hi)

    def passage_signals(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> dict[str, float]:
        """:meth:`signals` of any passages, from their pooled terms and summed embeddings (for one sentence pair
        the same values as :meth:`measure_sentences` up to float rounding of the embedding cosine)."""
        sa, sb = self.sa, self.sb
        ta = [t for i in range(a_lo, a_hi) for t in sa.terms[i]]
        tb = [t for j in range(b_lo, b_hi) for t in sb.terms[j]]
        set_a, set_b = set(ta), set(tb)
        semantic = None
        if sa.emb is not None and sb.emb is not None:
            ea = sa.emb[a_lo:a_hi].sum(axis=0)
            eb = sb.emb[b_lo:b_hi].sum(axis=0)
            denom = float((ea @ ea) ** 0.5 * (eb @ eb) ** 0.5)
            semantic = float(ea @ eb) / denom if denom else 0.0
        idf = self.idf
        unit_a = (set_a, sim.weighted_vector(ta, idf), math.fsum(idf.get(t, 1.0) for t in set_a),
                  [t for i in range(a_lo, a_hi) for t in sa.numeric[i]], " ".join(sa.plain[a_lo:a_hi]))
        unit_b = (set_b, sim.weighted_vector(tb, idf), math.fsum(idf.get(t, 1.0) for t in set_b),
                  [t for j in range(b_lo, b_hi) for t in sb.numeric[j]], " ".join(sb.plain[b_lo:b_hi]))
        return self.measure(unit_a, unit_b, semantic)

    def measure_sentences(self, pairs: Sequence[tuple[int, int]]) -> list[dict[str, float]]:
        """The signals of sentence pairs (i of A, j of B), the embedding cosines computed in one batch."""
        sem = self._cosines(pairs)
        units_a, units_b, measure = self.sa.units, self.sb.units, self.measure
        if sem is None:
            return [measure(units_a[i], units_b[j], None) for i, j in pairs]
        return [measure(units_a[i], units_b[j], c) for (i, j), c in zip(pairs, sem)]

    def score(self, i: int, j: int) -> float:
        s = self.cache.get((i, j))
        if s is None:
            self.score_many([(i, j)])
            s = self.cache[(i, j)]
        return s

    def score_many(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Score sentence pairs in bulk: their combined scores and evidence, memoised (see :meth:`_scores`). Many
        pairs (PARALLEL_SCORE_MIN) are scored in two processes where the machine allows it (compare.parallel: a
        forked child scores the second half); the cache is filled in the pairs' order either way."""
        from .parallel import beside

        todo = [p for p in pairs if p not in self.cache]
        half = len(todo) // 2 if len(todo) >= PARALLEL_SCORE_MIN else 0
        with beside(lambda: self._scores(todo[half:]), wanted=half > 0) as later:
            first = self._scores(todo[:half])
            rest = later.result()
        cache, evidence = self.cache, self.evidence
        for scores, evid, part in ((first[0], first[1], todo[:half]), (rest[0], rest[1], todo[half:])):
            for p, sc, ev in zip(part, scores, evid):
                cache[p] = sc
                evidence[p] = ev

    def _scores(self, todo: Sequence[tuple[int, int]]) -> tuple[list[float], list[float]]:
        """The combined scores and evidence of sentence pairs, in blocks of SCORE_BLOCK pairs, so the embedding
        rows gathered for the cosines and the signals are never held for all at once.

        Two pairs of the same wording classes (sentences repeated word for word) have the same word signals: those
        are measured once and kept only until the last such pair of the call is scored; the embedding cosine
        (and the combined score with it) stays each pair's own. Without embeddings the combined score is the
        same too, and is kept instead. The scores are those of :meth:`measure_sentences`, bit for bit."""
        combine, method = sim.combine, self.method
        scores: list[float] = []
        evidence: list[float] = []

        def keep(signals: Sequence[dict[str, float]]) -> None:
            for sig in signals:
                scores.append(combine(sig, method))
                evidence.append(sig["evidence"])

        if self.sa.classes == len(self.sa) and self.sb.classes == len(self.sb):
            for lo in range(0, len(todo), SCORE_BLOCK):       # no sentence repeated: nothing to share
                keep(self.measure_sentences(todo[lo:lo + SCORE_BLOCK]))
            return scores, evidence
        ca, cb = self.sa.cls, self.sb.cls
        units_a, units_b, measure = self.sa.units, self.sb.units, self.measure
        left = Counter([(ca[i], cb[j]) for i, j in todo])
        if self.sa.emb is None or self.sb.emb is None:
            # no embedding cosine: the signals are all the score depends on, so a pair of classes is scored once
            # and its score and evidence are copied to the call's other pairs of those classes
            known: dict[tuple[int, int], tuple[float, float]] = {}
            for i, j in todo:
                key = (ca[i], cb[j])
                got = known.get(key)
                if got is None:
                    measured = measure(units_a[i], units_b[j], None)
                    got = (combine(measured, method), measured["evidence"])
                    if left[key] > 1:
                        known[key] = got
                elif left[key] == 1:
                    del known[key]
                left[key] -= 1
                scores.append(got[0])
                evidence.append(got[1])
            return scores, evidence
        shared: dict[tuple[int, int], dict[str, float]] = {}
        for lo in range(0, len(todo), SCORE_BLOCK):
            block = todo[lo:lo + SCORE_BLOCK]
            sem = self._cosines(block) or []          # (both sides have embeddings here)
            signals = []
            for n, (i, j) in enumerate(block):
                key = (ca[i], cb[j])
                sig = shared.get(key)
                if sig is None:
                    sig = measure(units_a[i], units_b[j], None)
                    if left[key] > 1:
                        shared[key] = sig
                elif left[key] == 1:
                    del shared[key]
                left[key] -= 1
                signals.append({**sig, "semantic": sem[n]})
            keep(signals)
        return scores, evidence

    def _cosines(self, pairs: Sequence[tuple[int, int]]) -> list[float] | None:
        """The sentence embedding cosines of sentence pairs, in one batch (None without a model)."""
        import numpy as np

        sa, sb = self.sa, self.sb
        if sa.emb is None or sb.emb is None or not pairs:
            return None
        ia = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
        jb = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
        out: list[float] = np.einsum("ij,ij->i", sa.emb[ia], sb.emb[jb]).astype(np.float64).tolist()
        return out


def _shared_words(sa: _Side, a_lo: int, a_hi: int, sb: _Side, b_lo: int, b_hi: int) -> list[str]:
    stems_a = {t.stem for i in range(a_lo, a_hi) for t in sa.tokens[i] if t.content}
    stems_b = {t.stem for j in range(b_lo, b_hi) for t in sb.tokens[j] if t.content}
    common = stems_a & stems_b
    seen: set[str] = set()
    out: list[str] = []
    for side, lo, hi in ((sa, a_lo, a_hi), (sb, b_lo, b_hi)):
        for i in range(lo, hi):
            for t in side.tokens[i]:
                if t.content and t.stem in common and t.text not in seen:
                    seen.add(t.text)
                    out.append(t.text)
    return out


_EMBEDDINGS: dict[tuple[str, int, bool], Any] = {}


def _sentence_embeddings(side: _Side, keep_boilerplate: bool) -> Any:
    """Embeddings of a document's compared sentences, kept for the next pair (``compare align A B C``)."""
    key = (side.doc.sha256, len(side.sents), keep_boilerplate)
    if key not in _EMBEDDINGS:
        if len(_EMBEDDINGS) >= EMBEDDINGS_KEPT:
            _EMBEDDINGS.pop(next(iter(_EMBEDDINGS)))
        # one row per wording class (a repeated sentence is embedded once), then one per sentence
        texts = list(dict.fromkeys(s.norm for s in side.sents))
        rows = sim.embed(texts)
        _EMBEDDINGS[key] = rows if len(texts) == len(side.sents) else rows[side.cls]
    return _EMBEDDINGS[key]


Range = tuple[int, int, int, int]  # (a_lo, a_hi, b_lo, b_hi): compared-sentence ranges of A and of B


@dataclass
class _Group:
    """Sentences ``a_lo:a_hi`` of A matched with ``b_lo:b_hi`` of B (indices of compared sentences): a sentence
    pair, or one sentence with two or three neighbours of the other side. ``score`` is the group's own combined
    score, ``support`` adds the neighbouring pairs' share (``CONTEXT_WEIGHT``)."""

    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    support: float
    score: float

    @property
    def ranges(self) -> Range:
        return self.a_lo, self.a_hi, self.b_lo, self.b_hi

    @property
    def size(self) -> int:
        return (self.a_hi - self.a_lo) + (self.b_hi - self.b_lo)

    def order(self) -> tuple[int, int, int, int, float, float]:
        return self.a_lo, self.a_hi, self.b_lo, self.b_hi, self.support, self.score


# A candidate pair or group and the evidence signal it shows where that decides (infinite where it does not)
_Candidate = tuple[_Group, float]


@dataclass
class _Passage:
    """Chosen groups that follow each other on both sides, within a paragraph on each side (see ``_merge``)."""

    groups: list[_Group]

    @property
    def ranges(self) -> Range:
        return self.groups[0].a_lo, self.groups[-1].a_hi, self.groups[0].b_lo, self.groups[-1].b_hi

    def mean_support(self) -> float:
        """The groups' support, each weighted by its number of sentences."""
        return sum(g.support * g.size for g in self.groups) / sum(g.size for g in self.groups)

    def admits(self, g: _Group, sa: _Side, sb: _Side) -> bool:
        """Whether ``g`` continues the passage: right after its last group on both sides, in the same paragraph
        on each side, and the passage still within MAX_PASSAGE sentences a side."""
        last = self.groups[-1]
        a_lo, b_lo = self.groups[0].a_lo, min(x.b_lo for x in self.groups)
        return (g.a_lo == last.a_hi and g.b_lo == last.b_hi
                and g.a_hi - a_lo <= MAX_PASSAGE and g.b_hi - b_lo <= MAX_PASSAGE
                and sa.sents[g.a_lo].paragraph == sa.sents[g.a_lo - 1].paragraph
                and sb.sents[g.b_lo].paragraph == sb.sents[g.b_lo - 1].paragraph)


@dataclass(frozen=True)
class _Found:
    """A pair to report, before it becomes a :class:`Pair` with spans."""

    ranges: Range
    score: float
    kind: str
    signals: dict[str, float]
    link: str


class _Used:
    """The sentences of each side already in a chosen group (each sentence in one ``passage`` group at most)."""

    def __init__(self) -> None:
        self.a: set[int] = set()
        self.b: set[int] = set()

    def free(self, r: Range) -> bool:
        return not any(x in self.a for x in range(r[0], r[1])) and not any(y in self.b for y in range(r[2], r[3]))

    def take(self, r: Range) -> None:
        self.a.update(range(r[0], r[1]))
        self.b.update(range(r[2], r[3]))


def align(a: Document, b: Document, *, method: str = "hybrid", min_score: float | None = None,
          keep_boilerplate: bool = False,
          progress: Callable[[int, int], None] | None = None) -> Alignment:
    """Align two documents: the passages both tell, best first, with scores, kinds and coverage.

    ``method`` is ``lexical`` (no model), ``semantic`` or ``hybrid`` (default). If the embedding model cannot
    load, ``semantic``/``hybrid`` fall back to ``lexical`` and say so in ``warnings``. ``min_score`` replaces
    the calibrated reporting threshold (and raises the paraphrase threshold if it is higher). Web furniture
    (author boxes, licence lines, share buttons) is left out unless ``keep_boilerplate``. ``progress`` is
    called with (done, total) as work advances.

    The steps (see the module docstring): candidates, expansion, support, one-to-many groups, choice, gap
    filling, growth, lone-pair pruning, merging into passages; then the regime and whether the two tell the same
    events, the event links and the topic tier where they do, and the pairs.
    """
    if method not in sim.METHODS:
        raise ValueError(f"method must be one of {', '.join(sim.METHODS)}, not {method!r}")
    used_method, warnings = _method_in_use(method)
    thresholds = _thresholds(used_method, min_score)
    t_rel = thresholds["related"]
    read: _Readings = {}                # sentence texts the two documents share are read once for both
    sa, sb = _Side(a, keep_boilerplate, read), _Side(b, keep_boilerplate, read)
    del read
    n, m = len(sa), len(sb)
    work = _Progress(2 * (n + m) + 2 * n + 1, progress)  # terms and embeddings, index queries, scoring, choosing
    scorer = _Scorer(sa, sb, _weigh(sa, sb, used_method, keep_boilerplate), used_method)
    work.tick(n + m)

    _candidates(scorer, t_rel, work.tick)
    work.reach(2 * (n + m))
    _expand(scorer, t_rel)
    work.tick(n)
    candidates = (_pair_candidates(scorer, t_rel, thresholds["paraphrase"]),
                  _group_candidates(scorer, t_rel, thresholds["paraphrase"]))
    groups = _select(candidates, scorer, thresholds, 1.0)
    work.tick(n)
    known: dict[Range, _Found | None] = {}
    core = _passage_pairs(_merge(groups, sa, sb), scorer, thresholds, known)

    regime = _regime(sa, sb, core, keep_boilerplate)
    if regime == "retelling":
        bar = RETELL_EVIDENCE_WORDS / EVIDENCE_WORDS
        groups = _select(candidates, scorer, thresholds, bar)
        groups = sorted(groups + _align_gaps(groups, _taken(groups), scorer), key=_Group.order)
        core = _passage_pairs(_merge(groups, sa, sb), scorer, thresholds, known)
    events, anchors = _same_events(sa, sb, scorer, regime)
    if regime == "retelling" or not core:
        found = _drop_isolated(core) if regime == "retelling" else core
    elif not events.same:
        found = _different_events(sa, sb, core)
    else:
        found = core + _events(scorer, anchors, core, thresholds, min_score)
        found += _topic_tier(scorer, found, core, thresholds, min_score)
    pairs = sorted((_pair(a, b, sa, sb, f) for f in found), key=lambda p: (-p.score, p.a.start, p.b.start))
    work.reach(work.total)
    return Alignment(a=a, b=b, pairs=pairs, coverage=_coverage(sa, sb, found, keep_boilerplate), method=used_method,
                     thresholds=thresholds, warnings=warnings, events=events)


class _Progress:
    """The work done out of ``total``, reported to the caller's ``progress`` as it advances."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def tick(self, step: int) -> None:
        self.reach(self.done + step)

    def reach(self, done: int) -> None:
        self.done = min(self.total, done)
        if self.progress is not None:
            self.progress(self.done, self.total)


def _method_in_use(method: str) -> tuple[str, list[str]]:
    """The method that will run and the warnings: ``semantic``/``hybrid`` fall back to ``lexical`` when the
    embedding model cannot load."""
    if method != "lexical":
        model, warning = sim.load_model()
        if model is None:
            return "lexical", [warning or "semantic model unavailable; fell back to lexical"]
    return method, []


def _thresholds(method: str, min_score: float | None) -> dict[str, float]:
    """The calibrated thresholds of ``method``; ``min_score`` replaces ``related`` (and raises ``paraphrase``
    if it is higher)."""
    thresholds = dict(THRESHOLDS[method])
    if min_score is not None:
        thresholds["related"] = float(min_score)
        thresholds["paraphrase"] = max(thresholds["paraphrase"], float(min_score))
    return thresholds


def _weigh(sa: _Side, sb: _Side, method: str, keep_boilerplate: bool) -> dict[str, float]:
    """Terms: the rarity of every term over both sides, each side's rarity-weighted vectors and, with a model,
    its sentence embeddings; returns the rarity weights."""
    df, count = T.document_frequencies(sa.terms + sb.terms)
    idf = T.idf_weights(df, count)
    sa.weigh(idf)
    sb.weigh(idf)
    if method != "lexical" and len(sa) and len(sb):
        sa.emb = _sentence_embeddings(sa, keep_boilerplate)
        sb.emb = _sentence_embeddings(sb, keep_boilerplate)
    return idf


def _cover(side: _Side, ranges: Sequence[tuple[int, int]], keep_boilerplate: bool) -> float:
    """The share of the side's content characters inside the given ranges of its compared sentences."""
    total_chars = sum(s.end - s.start for s in side.doc.content_sentences(keep_boilerplate))
    idx = {i for lo, hi in ranges for i in range(lo, hi)}
    got = sum(side.sents[i].end - side.sents[i].start for i in idx)
    return got / total_chars if total_chars else 0.0


def _coverage(sa: _Side, sb: _Side, found: Sequence[_Found], keep_boilerplate: bool) -> tuple[float, float]:
    """Coverage: the share of each document's content characters inside some found pair."""
    return (_cover(sa, [f.ranges[:2] for f in found], keep_boilerplate),
            _cover(sb, [f.ranges[2:] for f in found], keep_boilerplate))


def _regime(sa: _Side, sb: _Side, core: Sequence[_Found], keep_boilerplate: bool) -> str:
    """The regime: accounts that retell each other closely (``retelling``: the passages cover TOPIC_GATE of
    each and number RETELL_PAIRS) keep their sentence-level alignment only; accounts written apart
    (``independent``) get event links and the topic tier when they tell the same events, and keep only their
    closer passages (as ``related``) when they do not."""
    covered = _coverage(sa, sb, core, keep_boilerplate)
    return "retelling" if min(covered) >= TOPIC_GATE and len(core) >= RETELL_PAIRS else "independent"


def _drop_isolated(core: list[_Found]) -> list[_Found]:
    """Between accounts that retell each other, a passage with no other passage within NEIGHBOURHOOD sentences
    on both sides is kept only if it scores ISOLATED_MIN: retold material comes in runs, and a weak pair far
    from every other is, on the gospel benchmarks, mostly shared wording ("the Son of Man", "the multitude")."""
    import bisect

    order = sorted((f.ranges[0], f.ranges[2], k) for k, f in enumerate(core))
    keys = [a for a, _, _ in order]
    out: list[_Found] = []
    for k, f in enumerate(core):
        a_lo, a_hi, b_lo, b_hi = f.ranges
        lo = bisect.bisect_left(keys, a_lo - NEIGHBOURHOOD)
        hi = bisect.bisect_right(keys, a_hi + NEIGHBOURHOOD)
        if f.score >= ISOLATED_MIN or any(kk != k and b_lo - NEIGHBOURHOOD <= b <= b_hi + NEIGHBOURHOOD
                                          for _, b, kk in order[lo:hi]):
            out.append(f)
    return out


def _different_events(sa: _Side, sb: _Side, core: Sequence[_Found]) -> list[_Found]:
    """Independent accounts of different events: only the passages scoring DIFFERENT_EVENTS_MIN, as ``related``,
    and none whose sentences name different participants."""
    conflict = _conflicts(sa, sb)
    return [_Found(f.ranges, f.score, "related", f.signals, "passage") for f in core
            if f.score >= DIFFERENT_EVENTS_MIN and not any(
                conflict(i, j) for i in range(f.ranges[0], f.ranges[1]) for j in range(f.ranges[2], f.ranges[3]))]


def _topic_tier(scorer: _Scorer, found: Sequence[_Found], core: Sequence[_Found], thresholds: dict[str, float],
                min_score: float | None) -> list[_Found]:
    """The topic tier (see ``RELATED_MIN``) beyond the pairs ``found``: its floor relative to the scores of the
    ``core`` passages, recorded in ``thresholds["topic"]``."""
    floor = max(RELATED_MIN, RELATED_RATIO * _median([f.score for f in core]))
    if min_score is not None:
        floor = max(floor, float(min_score))
    thresholds["topic"] = round(floor, 4)
    return _topic_links(scorer.sa, scorer.sb, scorer, scorer.method, [f.ranges for f in found], floor)


def _select(candidates: tuple[list[_Candidate], list[_Candidate]], scorer: _Scorer, thresholds: dict[str, float],
            evidence_bar: float) -> list[_Group]:
    """The sentence groups chosen from the candidate pairs and one-to-many groups (see :func:`_pair_candidates`,
    :func:`_group_candidates`; they do not change): choice, gap filling, growth, rescue of lone paraphrases,
    lone-pair pruning (in the order of :func:`_Group.order`); a pair with no aligned neighbour, and a one-to-many
    group, needs an ``evidence`` signal of ``evidence_bar`` (1: EVIDENCE_WORDS typical words' weight; see
    RETELL_EVIDENCE_WORDS)."""
    t_para = thresholds["paraphrase"]
    used = _Used()
    supported, lone = _split_lone(candidates[0], evidence_bar)
    many = [g for g, ev in candidates[1] if ev >= evidence_bar]
    groups = _choose(supported + many, used)
    groups += _fill_gaps(groups, used, scorer)
    _grow(groups, used, scorer)
    groups += _rescue(lone, groups, used, t_para)
    return _prune_lone(sorted(groups, key=_Group.order), scorer, t_para, evidence_bar)


def _candidates(scorer: _Scorer, t_rel: float, tick: Callable[[int], None]) -> None:
    """Candidates, scored: for each sentence of either side, the CANDIDATES_PER_SENTENCE sentences of the other
    sharing most rare-term weight (an inverted index, queried A→B and B→A); with a model, the sentences left
    without a partner scoring ``related`` also ask their nearest neighbours by sentence embedding (only those,
    so the cost stays close to linear)."""
    from .parallel import beside

    sa, sb, idf = scorer.sa, scorer.sb, scorer.idf
    k = CANDIDATES_PER_SENTENCE
    # the two directions are independent: B's queries run in a forked child beside A's on big inputs
    with beside(lambda: sorted(_lexical_candidates(sb, sa, idf, k)),
                wanted=len(sa) + len(sb) >= PARALLEL_QUERY_MIN) as b_to_a:
        cands = _lexical_candidates(sa, sb, idf, k, tick)
        cands |= {(i, j) for j, i in b_to_a.result()}
    tick(len(sb) - len(sb) % TICK_EVERY)
    if sa.emb is not None:
        scorer.find_near_synonyms()
    scorer.score_many(sorted(cands))
    if sa.emb is None or sb.emb is None:
        return
    best_a = [0.0] * len(sa)
    best_b = [0.0] * len(sb)
    for (i, j), sc in scorer.cache.items():
        best_a[i] = max(best_a[i], sc)
        best_b[j] = max(best_b[j], sc)
    weak_a = [i for i in range(len(sa)) if best_a[i] < t_rel]
    weak_b = [j for j in range(len(sb)) if best_b[j] < t_rel]
    more: set[tuple[int, int]] = set()
    if weak_a:
        for i, js in zip(weak_a, _nearest(sa.emb[weak_a], sb.emb, k)):
            more.update((i, j) for j in js)
    if weak_b:
        for j, is_ in zip(weak_b, _nearest(sb.emb[weak_b], sa.emb, k)):
            more.update((i, j) for i in is_)
    scorer.score_many(sorted(more))


def _expand(scorer: _Scorer, t_rel: float) -> None:
    """Expansion: the neighbours of every pair scoring ``related`` are scored too (EXPANSION_ROUNDS times, so
    that a run of weak sentences inside a passage is reached from both ends)."""
    import numpy as np

    n, m = len(scorer.sa), len(scorer.sb)
    steps = np.array(EXPANSION_STEPS, dtype=np.int64)
    expanded: set[tuple[int, int]] = set()     # sources of earlier rounds: their neighbours are all scored
    for _ in range(EXPANSION_ROUNDS):
        sources = [p for p in _expansion_sources(scorer.cache, t_rel) if p not in expanded]
        if not sources:
            return
        expanded.update(sources)
        at = np.array(sources, dtype=np.int64)
        ii = (at[:, :1] + steps[:, 0]).ravel()
        jj = (at[:, 1:] + steps[:, 1]).ravel()
        inside = (ii >= 0) & (ii < n) & (jj >= 0) & (jj < m)
        keys = np.unique(ii[inside] * m + jj[inside])          # sorted: the pairs in (i, j) order, once each
        scorer.score_many(list(zip((keys // m).tolist(), (keys % m).tolist())))   # score_many skips those scored


def _expansion_sources(cache: dict[tuple[int, int], float], t_rel: float) -> list[tuple[int, int]]:
    """The related pairs whose neighbours expansion scores: those among the EXPAND_PARTNERS best partners of
    their sentence of A or of B (the best first; ties by position), in the cache's order."""
    related = [p for p, s in cache.items() if s >= t_rel]
    rows = Counter(i for i, _ in related)
    cols = Counter(j for _, j in related)
    crowded = [p for p in related if rows[p[0]] > EXPAND_PARTNERS and cols[p[1]] > EXPAND_PARTNERS]
    if not crowded:
        return related
    best: set[tuple[int, int]] = set()
    for axis, counts in ((0, rows), (1, cols)):
        partners: dict[int, list[tuple[float, tuple[int, int]]]] = {}
        for p in related:
            if counts[p[axis]] > EXPAND_PARTNERS:
                partners.setdefault(p[axis], []).append((-cache[p], p))
        for v in partners.values():
            best.update(p for _, p in heapq.nsmallest(EXPAND_PARTNERS, v))
    dropped = {p for p in crowded if p not in best}
    return [p for p in related if p not in dropped]


def _supported_pairs(scorer: _Scorer, t_rel: float, t_para: float,
                     evidence_bar: float = 1.0) -> tuple[list[_Group], list[_Group]]:
    """Support: each scored sentence pair with its neighbours' share (``CONTEXT_WEIGHT``) added; a lone pair (no
    neighbouring pair scoring ``related``) must also share enough rare material (an ``evidence`` signal of
    ``evidence_bar``: see ``EVIDENCE_WORDS``) or it is only a candidate for rescue (the second list)."""
    return _split_lone(_pair_candidates(scorer, t_rel, t_para), evidence_bar)


def _split_lone(candidates: list[_Candidate], evidence_bar: float) -> tuple[list[_Group], list[_Group]]:
    """The candidate pairs that may be chosen (supported, or lone with an ``evidence`` signal of
    ``evidence_bar``) and the lone ones left for rescue (the candidates themselves: what is chosen or rescued
    is copied, since growth changes groups in place and the candidates are chosen from again)."""
    out: list[_Group] = []
    lone: list[_Group] = []
    for g, ev in candidates:
        (out if ev >= evidence_bar else lone).append(g)
    return out, lone


def _pair_candidates(scorer: _Scorer, t_rel: float, t_para: float) -> list[_Candidate]:
    """The scored sentence pairs whose support (see :func:`_supported_pairs`) reaches ``t_rel``, each with the
    evidence a lone pair shows (infinite for a pair with a neighbouring pair scoring ``related``)."""
    import numpy as np

    table = scorer.table()
    # scores are at most 1: the neighbours add at most CONTEXT_WEIGHT
    at = np.nonzero(table.s + CONTEXT_WEIGHT >= t_rel)[0]
    i, j, s = table.i[at], table.j[at], table.s[at]
    before, after = _contexts(table, i, i + 1, j, j + 1, t_para)
    sp = s + CONTEXT_WEIGHT * 0.5 * (before + after)
    keep = sp >= t_rel
    unsupported = keep & (before < t_rel) & (after < t_rel)
    evidence = scorer.evidence
    return [(_Group(x, x + 1, y, y + 1, sup, sc), evidence[(x, y)] if alone else math.inf)
            for x, y, sc, sup, alone in zip(i[keep].tolist(), j[keep].tolist(), s[keep].tolist(), sp[keep].tolist(),
                                            unsupported[keep].tolist())]


def _contexts(table: _Table, a_lo: Any, a_hi: Any, b_lo: Any, b_hi: Any, t_para: float) -> tuple[Any, Any]:
    """:func:`_context` for many ranges at once (arrays of their bounds), from the scores in ``table``."""
    import numpy as np

    i, j = a_hi - 1, b_hi - 1

    def best(steps: tuple[tuple[int, int], ...], sign: int, x: Any, y: Any) -> Any:
        return np.maximum.reduce([table.get(x + sign * di, y + sign * dj) for di, dj in steps])

    before, after = best(SUPPORT_STEPS, -1, a_lo, b_lo), best(SUPPORT_STEPS, 1, i, j)
    far_before, far_after = best(FAR_STEPS, -1, a_lo, b_lo), best(FAR_STEPS, 1, i, j)
    return (np.where(far_before >= t_para, np.maximum(before, far_before), before),
            np.where(far_after >= t_para, np.maximum(after, far_after), after))


def _context(get: Callable[[tuple[int, int], float], float], a_lo: int, a_hi: int, b_lo: int, b_hi: int,
             t_para: float) -> tuple[float, float]:
    """The support of sentences ``a_lo:a_hi`` against ``b_lo:b_hi`` (see ``SUPPORT_STEPS``): the best score of
    a pair a step before their first sentences, and of one a step after their last (``get`` reads the scores of
    the pairs scored so far, 0 for the others); a pair a FAR_STEPS step away counts where it scores ``t_para``."""
    i, j = a_hi - 1, b_hi - 1
    before = max([get((a_lo - di, b_lo - dj), 0.0) for di, dj in SUPPORT_STEPS])
    after = max([get((i + di, j + dj), 0.0) for di, dj in SUPPORT_STEPS])
    far_before = max([get((a_lo - di, b_lo - dj), 0.0) for di, dj in FAR_STEPS])
    far_after = max([get((i + di, j + dj), 0.0) for di, dj in FAR_STEPS])
    return (max(before, far_before) if far_before >= t_para else before,
            max(after, far_after) if far_after >= t_para else after)


def _near(groups: Sequence[_Group], window: int) -> Callable[[_Group], bool]:
    """A test of whether a group has another of ``groups`` within ``window`` sentences on both sides."""
    import bisect

    order = sorted((h.a_lo, h.b_lo, id(h)) for h in groups)
    keys = [a for a, _, _ in order]

    def near(g: _Group) -> bool:
        lo = bisect.bisect_left(keys, g.a_lo - window)
        hi = bisect.bisect_right(keys, g.a_lo + window)
        return any(abs(b - g.b_lo) <= window and k != id(g) for _, b, k in order[lo:hi])
    return near


def _rescue(lone: list[_Group], groups: list[_Group], used: _Used, t_para: float) -> list[_Group]:
    """Rescue: a lone sentence pair scoring ``paraphrase`` whose sentences are still free is taken when a chosen
    group lies within NEIGHBOURHOOD sentences of it on both sides (a short saying told alike inside a passage
    the other account tells in another order: "The angels ministered to him"), the best first."""
    near = _near(groups, NEIGHBOURHOOD)
    out: list[_Group] = []
    for g in sorted(lone, key=lambda g: (g.score, g.a_lo, g.b_lo), reverse=True):
        if g.score >= t_para and used.free(g.ranges) and near(g):
            used.take(g.ranges)
            out.append(_Group(*g.ranges, g.support, g.score))
    return out


def _one_to_many(scorer: _Scorer, t_rel: float, t_para: float, evidence_bar: float = 1.0) -> list[_Group]:
    """One-to-many groups: one sentence against two or three neighbouring sentences of the other side that each
    share something with it (a terse account telling in one sentence what the other spreads over several), with
    the support of the neighbouring pairs before and after them, as a pair has (a group weighed without it lost
    the choice to a pair of its sentences that had it: KJV's "Put up thy sword into the sheath: the cup which my
    Father hath given me, shall I not drink it?" against WEB's two sentences); each must share ``evidence_bar``
    of rare material (its ``evidence`` signal)."""
    return [g for g, ev in _group_candidates(scorer, t_rel, t_para) if ev >= evidence_bar]


def _group_candidates(scorer: _Scorer, t_rel: float, t_para: float) -> list[_Candidate]:
    """The one-to-many groups of :func:`_one_to_many` scoring ``t_rel``, each with its ``evidence`` signal."""
    import numpy as np

    cache = scorer.cache
    n, m = len(scorer.sa), len(scorer.sb)
    table = scorer.table()
    at = np.nonzero(table.s >= GROUP_FLOOR)[0]
    i_, j_, s_ = table.i[at], table.j[at], table.s[at]
    near_a = _ranks(i_, -s_, -j_) < GROUP_PARTNERS     # among the best partners of its sentence of A
    near_b = _ranks(j_, -s_, -i_) < GROUP_PARTNERS     # ... of B (the better score first, then the later)
    out: list[_Candidate] = []
    get = cache.get

    def add(r: Range) -> None:
        sig = scorer.signals(*r)
        sc = sim.combine(sig, scorer.method)
        if sc >= t_rel:
            before, after = _context(get, *r, t_para)
            out.append((_Group(*r, sc + CONTEXT_WEIGHT * 0.5 * (before + after), sc), sig["evidence"]))

    either = near_a | near_b
    for i, j, to_b, to_a in zip(i_[either].tolist(), j_[either].tolist(), near_a[either].tolist(),
                                near_b[either].tolist()):
        # the groups j:j+2, j:j+3, ... in order: each needs every pair of the previous one, so stop at a gap
        if to_b:
            for hi in range(j + 1, min(j + MAX_GROUP, m) + 1):
                if get((i, hi - 1), 0.0) < GROUP_FLOOR:
                    break
                if hi - j >= 2:
                    add((i, i + 1, j, hi))
        if to_a:
            for hi in range(i + 1, min(i + MAX_GROUP, n) + 1):
                if get((hi - 1, j), 0.0) < GROUP_FLOOR:
                    break
                if hi - i >= 2:
                    add((i, hi, j, j + 1))
    return out


def _ranks(group: Any, *keys: Any) -> Any:
    """Each element's rank within its group (0 for the first), ordered by ``keys`` (the first deciding)."""
    import numpy as np

    if not group.size:
        return group
    order = np.lexsort(tuple(reversed(keys)) + (group,))
    ranks = np.empty(group.size, dtype=np.int64)
    sorted_group = group[order]
    first = np.r_[True, sorted_group[1:] != sorted_group[:-1]]
    starts = np.maximum.accumulate(np.where(first, np.arange(group.size), 0))
    ranks[order] = np.arange(group.size) - starts
    return ranks


def _choose(items: list[_Group], used: _Used) -> list[_Group]:
    """Choice: the best supported first, each sentence used once (copies of the items chosen: growth changes
    them)."""
    chosen: list[_Group] = []
    for g in sorted(items, key=lambda g: (g.support, g.score, g.a_lo, g.a_hi, g.b_lo, g.b_hi), reverse=True):
        if used.free(g.ranges):
            used.take(g.ranges)
            chosen.append(_Group(*g.ranges, g.support, g.score))
    return chosen


def _fill_gaps(groups: list[_Group], used: _Used, scorer: _Scorer) -> list[_Group]:
    """Gap filling: sentences left between two chosen groups that follow each other on both sides tell, in all
    likelihood, the same thing in other words; they are paired when they score GAP_FLOOR."""
    out: list[_Group] = []
    chosen = sorted(groups, key=_Group.order)
    for g1, g2 in zip(chosen, chosen[1:]):
        ga, gb = g2.a_lo - g1.a_hi, g2.b_lo - g1.b_hi
        if 1 <= ga <= MAX_GROUP and 1 <= gb <= MAX_GROUP:
            r = (g1.a_hi, g2.a_lo, g1.b_hi, g2.b_lo)
            if not used.free(r):
                continue
            sc = sim.combine(scorer.signals(*r), scorer.method)
            if sc >= GAP_FLOOR:
                used.take(r)
                out.append(_Group(*r, sc + CONTEXT_WEIGHT * 0.5 * (g1.score + g2.score), sc))
    return out


def _taken(groups: Sequence[_Group]) -> _Used:
    """The sentences of each side in ``groups``."""
    used = _Used()
    for g in groups:
        used.take(g.ranges)
    return used


def _align_gaps(groups: list[_Group], used: _Used, scorer: _Scorer) -> list[_Group]:
    """Gap alignment: between two chosen groups that follow each other on both sides, at most GAP_SPAN
    sentences apart on each, the free sentences are aligned one to one in order (the monotone alignment of
    greatest total score over GAP_PAIR_MIN, found by dynamic programming over the gap's pairs): a retelling tells
    the events between two shared anchors in the same order, often in other words."""
    out: list[_Group] = []
    chosen = sorted(groups, key=_Group.order)
    for g1, g2 in zip(chosen, chosen[1:]):
        ga, gb = g2.a_lo - g1.a_hi, g2.b_lo - g1.b_hi
        if not (1 <= ga <= GAP_SPAN and 1 <= gb <= GAP_SPAN):
            continue
        rows = [i for i in range(g1.a_hi, g2.a_lo) if i not in used.a]
        cols = [j for j in range(g1.b_hi, g2.b_lo) if j not in used.b]
        if not rows or not cols:
            continue
        pairs = [(i, j) for i in rows for j in cols]
        scorer.score_many(pairs)
        gain = [[scorer.cache[(i, j)] - GAP_PAIR_MIN for j in cols] for i in rows]
        best = [[0.0] * (len(cols) + 1) for _ in range(len(rows) + 1)]
        for p in range(1, len(rows) + 1):
            for q in range(1, len(cols) + 1):
                w = gain[p - 1][q - 1]
                best[p][q] = max(best[p - 1][q], best[p][q - 1], best[p - 1][q - 1] + w if w >= 0 else -1.0)
        p, q = len(rows), len(cols)
        context = CONTEXT_WEIGHT * 0.5 * (g1.score + g2.score)
        while p and q:
            w = gain[p - 1][q - 1]
            if w >= 0 and best[p][q] == best[p - 1][q - 1] + w:
                i, j = rows[p - 1], cols[q - 1]
                sc = scorer.cache[(i, j)]
                used.take((i, i + 1, j, j + 1))
                out.append(_Group(i, i + 1, j, j + 1, sc + context, sc))
                p, q = p - 1, q - 1
            elif best[p][q] == best[p - 1][q]:
                p -= 1
            else:
                q -= 1
    return out


def _grow(groups: list[_Group], used: _Used, scorer: _Scorer) -> None:
    """Growth: a group takes unused neighbouring sentences while that does not lower its score, the best such
    extension first: one sentence at a time up to MAX_GROUP a side; for a run of sentences against one longer
    sentence of the other side, several at once up to LONG_GROUP_RATIO times that sentence's length (the score of
    a growing list may dip before it rises, so one step at a time would stop short); and a run of MAX_GROUP or
    more that is already the longer side, one more at a time while it is shorter than LONG_GROUP_RATIO times the
    sentence (a wordier account may need more than MAX_GROUP sentences for one sentence of the other: Mark
    14:35-36's four for Matthew 26:39's one)."""
    sa, sb = scorer.sa, scorer.sb
    for g in groups:
        while True:
            options = _growth_options(g, used, sa, sb)
            best: tuple[float, Range] | None = None
            for r in options:
                sc = sim.combine(scorer.signals(*r), scorer.method)
                if sc >= g.score and (best is None or sc > best[0]):
                    best = (sc, r)
            if best is None:
                break
            sc, r = best
            used.a.update(range(r[0], r[1]))
            used.b.update(range(r[2], r[3]))
            g.a_lo, g.a_hi, g.b_lo, g.b_hi = r
            g.score = sc
            g.support = max(g.support, sc)


def _growth_options(g: _Group, used: _Used, sa: _Side, sb: _Side) -> list[Range]:
    """The ranges ``g`` may grow to (see :func:`_grow`), in a fixed order."""
    def chars(side: _Side, lo: int, hi: int) -> int:
        return side.sents[hi - 1].end - side.sents[lo].start

    def runs(lo: int, hi: int, side: _Side, taken: set[int], limit: float, most: int) -> list[tuple[int, int]]:
        """Extensions of ``lo:hi`` by up to ``most`` sentences before or after it, all unused, while the run is
        shorter than ``limit`` characters."""
        out: list[tuple[int, int]] = []
        new_lo = lo
        while new_lo > 0 and new_lo - 1 not in taken and lo - new_lo < most and chars(side, new_lo, hi) < limit:
            new_lo -= 1
            out.append((new_lo, hi))
        new_hi = hi
        while (new_hi < len(side) and new_hi not in taken and new_hi - hi < most
               and chars(side, lo, new_hi) < limit):
            new_hi += 1
            out.append((lo, new_hi))
        return out

    options: dict[Range, None] = {}
    one = float("inf")
    for side, other, (lo, hi), (o_lo, o_hi), taken in ((sa, sb, (g.a_lo, g.a_hi), (g.b_lo, g.b_hi), used.a),
                                                      (sb, sa, (g.b_lo, g.b_hi), (g.a_lo, g.a_hi), used.b)):
        found = runs(lo, hi, side, taken, one, 1) if hi - lo < MAX_GROUP else []
        if o_hi - o_lo == 1:
            limit = LONG_GROUP_RATIO * chars(other, o_lo, o_hi)
            if chars(side, lo, hi) < chars(other, o_lo, o_hi):      # a list told in one long sentence
                found += runs(lo, hi, side, taken, limit, len(side))
            elif hi - lo >= MAX_GROUP:                               # a wordier telling: one more at a time
                found += runs(lo, hi, side, taken, limit, 1)
        for x_lo, x_hi in found:
            options[(x_lo, x_hi, g.b_lo, g.b_hi) if side is sa else (g.a_lo, g.a_hi, x_lo, x_hi)] = None
    return list(options)


def _prune_lone(groups: list[_Group], scorer: _Scorer, t_para: float, evidence_bar: float = 1.0) -> list[_Group]:
    """Lone-pair pruning: a group with no chosen group right before or after it on both sides must share enough
    rare material (its ``evidence`` signal reaches ``evidence_bar``), or score ``paraphrase`` with a chosen group
    within NEIGHBOURHOOD sentences on both sides."""
    ends = {(g.a_hi, g.b_hi) for g in groups}
    starts = {(g.a_lo, g.b_lo) for g in groups}
    near = _near(groups, NEIGHBOURHOOD)
    return [g for g in groups if (g.a_lo, g.b_lo) in ends or (g.a_hi, g.b_hi) in starts
            or scorer.signals(*g.ranges)["evidence"] >= evidence_bar or (g.score >= t_para and near(g))]


def _merge(groups: list[_Group], sa: _Side, sb: _Side) -> list[_Passage]:
    """Merging: groups that follow each other on both sides form one passage, within a paragraph on each side
    (the author's own unit of passage) and up to MAX_PASSAGE sentences a side."""
    passages: list[_Passage] = []
    for g in groups:
        if passages and passages[-1].admits(g, sa, sb):
            passages[-1].groups.append(g)
        else:
            passages.append(_Passage([g]))
    return passages


def _passage_pairs(passages: list[_Passage], scorer: _Scorer, thresholds: dict[str, float],
                   known: dict[Range, _Found | None] | None = None) -> list[_Found]:
    """Pairs: each passage scored again as a whole (at least the mean support of its groups) and given a kind;
    passages under the ``related`` threshold are dropped (e.g. a filled gap alone in its paragraph). ``known``
    memoises the outcome by the passage's ranges (a passage's groups are contiguous, so its ranges say which
    groups it holds)."""
    out: list[_Found] = []
    for p in passages:
        r = p.ranges
        if known is not None and r in known:
            found = known[r]
        else:
            signals = scorer.signals(*r)
            whole = sim.combine(signals, scorer.method)
            score = min(1.0, max(whole, p.mean_support()))
            found = _Found(r, score, _kind(signals, score, thresholds), signals, "passage") if (
                score >= thresholds["related"]) else None
            if known is not None:
                known[r] = found
        if found is not None:
            out.append(found)
    return out


def _events(scorer: _Scorer, anchors: set[str], core: list[_Found], thresholds: dict[str, float],
            min_score: float | None) -> list[_Found]:
    """Event links between independent accounts of the same events (see ``EVENT_LEAD``), without sentence
    pairs that name different participants (see ``DIFFERENT_EVENTS_MIN``) or score under ``min_score``."""
    sa, sb = scorer.sa, scorer.sb
    conflict = _conflicts(sa, sb)
    out: list[_Found] = []
    anywhere = max(thresholds["related"], thresholds["paraphrase"])
    for i, j in _event_links(sa, sb, scorer, anchors, anywhere, [f.ranges for f in core]):
        sc = scorer.cache[(i, j)]
        if conflict(i, j) or (min_score is not None and sc < min_score):
            continue
        sig = scorer.signals(i, i + 1, j, j + 1)
        out.append(_Found((i, i + 1, j, j + 1), sc, _kind(sig, sc, thresholds), sig, "event"))
    return out


def _kind(signals: dict[str, float], score: float, thresholds: dict[str, float]) -> str:
    """``verbatim`` by the wording, else ``paraphrase`` or ``related`` by the score."""
    if signals.get("verbatim", 0.0) >= thresholds["verbatim"]:
        return "verbatim"
    return "paraphrase" if score >= thresholds["paraphrase"] else "related"


def _pair(a: Document, b: Document, sa: _Side, sb: _Side, f: _Found) -> Pair:
    """The :class:`Pair` of a found correspondence, with spans and shared words."""
    a_lo, a_hi, b_lo, b_hi = f.ranges
    a_first, a_last = sa.sents[a_lo], sa.sents[a_hi - 1]
    b_first, b_last = sb.sents[b_lo], sb.sents[b_hi - 1]
    return Pair(a=a.span(a_first.start, a_last.end), b=b.span(b_first.start, b_last.end),
                a_sentences=range(a_first.index, a_last.index + 1), b_sentences=range(b_first.index, b_last.index + 1),
                score=f.score, kind=f.kind, signals=f.signals, shared=_shared_words(sa, a_lo, a_hi, sb, b_lo, b_hi),
                link=f.link)


def _memo(side: _Side, read: Callable[[_Side], Any]) -> Any:
    """``read(side)``, made once per side (the reading functions below are asked by several steps)."""
    got = side.memo.get(read.__name__)
    if got is None:
        got = side.memo[read.__name__] = read(side)
    return got


def _names(side: _Side) -> tuple[Counter[str], dict[str, str]]:
    """The side's names (capitalised content words that do not open a sentence, by stem, with their mention
    counts) and the surface form of each; sentences in title case or capitals are not read for names (made once
    per side: read only)."""
    got: tuple[Counter[str], dict[str, str]] = _memo(side, _read_names)
    return got


def _read_names(side: _Side) -> tuple[Counter[str], dict[str, str]]:
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for toks in side.tokens:
        words = [t for t in toks if t.text[:1].isalpha()]
        if len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= TITLE_CASE_SHARE * len(words):
            continue  # a headline in title case or capitals: its capitals say nothing about names
        for k, t in enumerate(toks):
            if k and t.content and t.text[:1].isupper() and t.lower not in CALENDAR_WORDS:
                counts[t.stem] += 1
                surface.setdefault(t.stem, t.text)
    return counts, surface


def _opening_names(side: _Side, names: Counter[str]) -> set[str]:
    """Stems of the names in the side's first LEAD_SENTENCES sentences (a name may open a sentence there)."""
    return {t.stem for toks in side.tokens[:LEAD_SENTENCES] for t in toks
            if t.content and t.stem in names and t.text[:1].isupper()}


def _sentence_names(side: _Side) -> list[set[str]]:
    """Stems of the names each sentence of the side mentions (made once per side: read only)."""
    got: list[set[str]] = _memo(side, _read_sentence_names)
    return got


def _read_sentence_names(side: _Side) -> list[set[str]]:
    names = _names(side)[0]
    return [{t.stem for k, t in enumerate(toks) if t.content and t.text[:1].isupper() and t.stem in names
             and (k or t.lower not in CALENDAR_WORDS)} for toks in side.tokens]


def _conflicts(sa: _Side, sb: _Side) -> Callable[[int, int], bool]:
    """A test of whether sentence i of A and sentence j of B name different participants: each names someone
    (or somewhere) the other document never mentions, and they share no name."""
    stems_a, stems_b = _content_stems(sa), _content_stems(sb)
    ya, yb = _sentence_names(sa), _sentence_names(sb)
    xa = [x - stems_b for x in ya]
    xb = [x - stems_a for x in yb]

    def conflict(i: int, j: int) -> bool:
        return bool(xa[i]) and bool(xb[j]) and not (ya[i] & yb[j])
    return conflict


def _content_stems(side: _Side) -> set[str]:
    """The stems of the side's content words (made once per side: read only)."""
    got: set[str] = _memo(side, _read_content_stems)
    return got


def _read_content_stems(side: _Side) -> set[str]:
    return {t.stem for toks in side.tokens for t in toks if t.content}


def _same_events(sa: _Side, sb: _Side, scorer: _Scorer, regime: str) -> tuple[Events, set[str]]:
    """Whether the two sides tell the same events (see ``SAME_EVENTS_MIN``), and the anchors of their shared
    event: the names of either opening that the other document uses."""
    na, surf_a = _names(sa)
    nb, surf_b = _names(sb)
    la, lb = _opening_names(sa, na), _opening_names(sb, nb)
    stems_a, stems_b = _content_stems(sa), _content_stems(sb)
    anchors = (la & stems_b) | (lb & stems_a)
    opening_cover = (len(la & stems_b) + len(lb & stems_a)) / max(1, len(la) + len(lb))
    total_a, total_b = max(1, sum(na.values())), max(1, sum(nb.values()))
    salient = math.fsum(min(na[t] / total_a, nb[t] / total_b) for t in set(na) & set(nb))
    best = max(scorer.cache.values(), default=0.0)
    top_a = [t for t, _ in na.most_common(PROTAGONISTS)]
    top_b = [t for t, _ in nb.most_common(PROTAGONISTS)]
    protagonists = (sum(t in stems_b for t in top_a) + sum(t in stems_a for t in top_b)) / max(1, len(top_a) + len(top_b))
    years_a = {t for nums in sa.numeric for t in nums if t.startswith("year:")}
    years_b = {t for nums in sb.numeric for t in nums if t.startswith("year:")}
    years = 0.0 if not years_a or not years_b else (1.0 if years_a & years_b else -1.0)
    evidence = opening_cover + salient + best + PROTAGONIST_WEIGHT * protagonists + YEAR_WEIGHT * years
    evidence += _opening_evidence(sa, sb)
    apart = _different_protagonists(sa, sb, na, nb)
    shared = sorted({surf_a.get(t) or surf_b[t] for t in anchors})
    conflicting = (sorted(surf_a[t] for t in la - stems_b), sorted(surf_b[t] for t in lb - stems_a))
    return Events(same=evidence >= SAME_EVENTS_MIN and not apart, evidence=evidence, shared=shared, conflicting=conflicting,
                  regime=regime), anchors


def _people(side: _Side) -> set[str]:
    """Stems of the names that look like people's: written at least once right after another capitalised word
    ("Reggie Bush", "Vincent Jackson") and at least once alone ("Bush said"), outside title-case headlines."""
    after: set[str] = set()
    alone: set[str] = set()
    for text, toks in zip(side.texts, side.tokens):
        words = [t for t in toks if t.text[:1].isalpha()]
        if len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= TITLE_CASE_SHARE * len(words):
            continue
        for k, t in enumerate(toks):
            if not (t.content and t.text[:1].isupper()):
                continue
            prev = toks[k - 1] if k else None
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            joined_prev = prev is not None and prev.text[:1].isupper() and text[prev.end:t.start].isspace()
            joined_next = nxt is not None and nxt.text[:1].isupper() and text[t.end:nxt.start].isspace()
            if joined_prev and not joined_next:
                after.add(t.stem)
            elif not joined_prev and not joined_next and k:
                alone.add(t.stem)
    return after & alone


def _different_protagonists(sa: _Side, sb: _Side, na: Counter[str], nb: Counter[str]) -> bool:
    """Whether each opening names its own protagonist (see ``PROTAGONIST_MENTIONS``)."""
    def own(side: _Side, mine: Counter[str], other: Counter[str]) -> set[str]:
        people = _people(side)
        opening = {t.stem for toks in side.tokens[:OPENING_SENTENCES] for t in toks if t.stem in people}
        return {t for t in opening if mine[t] >= PROTAGONIST_MENTIONS
                and other.get(t, 0) <= PROTAGONIST_ELSEWHERE * mine[t]}
    return bool(own(sa, na, nb)) and bool(own(sb, nb, na))


def _opening_evidence(sa: _Side, sb: _Side) -> float:
    """What the two openings tell alike (see ``OPENING_OVERLAP_WEIGHT``): shared terms, embedding cosine, years."""
    oa = set().union(*sa.sets[:OPENING_SENTENCES])
    ob = set().union(*sb.sets[:OPENING_SENTENCES])
    overlap = len(oa & ob) / max(1, min(len(oa), len(ob)))
    cosine = 0.0
    if sa.emb is not None and sb.emb is not None and len(sa) and len(sb):
        ea, eb = sa.emb[:LEAD_SENTENCES].sum(axis=0), sb.emb[:LEAD_SENTENCES].sum(axis=0)
        cosine = float(ea @ eb) / max(1e-9, float((ea @ ea) ** 0.5 * (eb @ eb) ** 0.5))
    years_a = {t for nums in sa.numeric[:OPENING_SENTENCES] for t in nums if t.startswith("year:")}
    years_b = {t for nums in sb.numeric[:OPENING_SENTENCES] for t in nums if t.startswith("year:")}
    years = 0.0 if not years_a or not years_b else (1.0 if years_a & years_b else -1.0)
    return OPENING_OVERLAP_WEIGHT * overlap + OPENING_COSINE_WEIGHT * cosine + OPENING_YEAR_WEIGHT * years


def _opening_words(sa: _Side, sb: _Side) -> frozenset[str]:
    """The content terms both openings (first LEAD_SENTENCES sentences: headline and lead) use."""
    return frozenset(set().union(*sa.sets[:LEAD_SENTENCES]) & set().union(*sb.sets[:LEAD_SENTENCES]))


def _event_links(sa: _Side, sb: _Side, scorer: _Scorer, anchors: set[str], anywhere: float,
                 chosen: Sequence[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """Sentence pairs of two accounts of the same events linked many-to-many (see ``EVENT_LEAD``), beyond
    the pairs already inside a chosen passage."""
    names_a, names_b = _sentence_names(sa), _sentence_names(sb)
    words = _opening_words(sa, sb)
    lead_a = [i for i in range(min(EVENT_LEAD, len(sa))) if names_a[i] & anchors or sa.sets[i] & words]
    lead_b = [j for j in range(min(EVENT_LEAD, len(sb))) if names_b[j] & anchors or sb.sets[j] & words]
    scorer.score_many([(i, j) for i in lead_a for j in lead_b])
    cache = scorer.cache

    def close(i: int, j: int) -> bool:
        if cache[(i, j)] >= EVENT_LINK_MIN:
            return True
        return sa.emb is not None and sb.emb is not None and float(sa.emb[i] @ sb.emb[j]) >= EVENT_EMBED_MIN

    links = {(i, j) for i in lead_a for j in lead_b if close(i, j)}
    # the openings (headline and lead) of two accounts of one event tell that event: linked all to all, each
    # sentence that names one of the shared names
    opening = [(i, j) for i in lead_a if i < EVENT_OPENING for j in lead_b if j < EVENT_OPENING]
    scorer.score_many(opening)
    links.update(opening)
    links.update(_best_partners([p for p, sc in cache.items() if sc >= anywhere], cache, len(sa), len(sb)))
    inside = {(i, j) for a_lo, a_hi, b_lo, b_hi in chosen for i in range(a_lo, a_hi) for j in range(b_lo, b_hi)}
    return sorted(links - inside)


def _best_partners(pairs: list[tuple[int, int]], cache: dict[tuple[int, int], float], n: int, m: int
                   ) -> list[tuple[int, int]]:
    """Those of ``pairs`` among the EVENT_PARTNERS best of their sentence of A and of their sentence of B: the
    higher score first, then the pair nearer the diagonal of relative places (then the earlier)."""
    def rank(p: tuple[int, int]) -> tuple[float, float, int, int]:
        return -cache[p], abs(p[0] / n - p[1] / m), p[0], p[1]

    best: list[set[tuple[int, int]]] = []
    for axis in (0, 1):
        partners: dict[int, list[tuple[int, int]]] = {}
        for p in pairs:
            partners.setdefault(p[axis], []).append(p)
        best.append({q for v in partners.values()
                     for q in (v if len(v) <= EVENT_PARTNERS else heapq.nsmallest(EVENT_PARTNERS, v, key=rank))})
    return [p for p in pairs if p in best[0] and p in best[1]]


def _median(xs: Sequence[float]) -> float:
    ys = sorted(xs)
    k = len(ys) // 2
    return ys[k] if len(ys) % 2 else 0.5 * (ys[k - 1] + ys[k])


def _units(side: _Side) -> list[tuple[int, int]]:
    """The side's paragraphs as ranges of its compared sentences, long ones cut into MAX_PASSAGE windows."""
    out: list[tuple[int, int]] = []
    lo = 0
    for i in range(1, len(side) + 1):
        if i == len(side) or side.sents[i].paragraph != side.sents[lo].paragraph or i - lo == MAX_PASSAGE:
            out.append((lo, i))
            lo = i
    return out


TopicScores = dict[tuple[int, int], tuple[float, dict[str, float]]]  # (paragraph x, y) -> (score, signals)


@dataclass
class _Closeness:
    """How close two paragraphs' topics are, relative to all paragraph pairs of the document pair: ``z(x, y)``
    in standard deviations above the mean cosine, ``z_min`` the least a topic link needs, ``nearest`` the pairs
    where one paragraph is the other's nearest by embedding (empty without a model)."""

    z: Callable[[int, int], float]
    z_min: float
    nearest: set[tuple[int, int]]


def _topic_links(sa: _Side, sb: _Side, scorer: _Scorer, method: str,
                 core: list[tuple[int, int, int, int]], floor: float) -> list[_Found]:
    """Paragraph pairs that treat the same topic, beyond the pairs the sentence alignment chose, as ``related``
    ``topic`` links.

    Candidates are paragraph pairs holding a scored sentence candidate, plus each paragraph's nearest
    paragraphs by embedding. The tests are those of the comment above ``RELATED_MIN``; a link is dropped when a
    chosen pair already joins the two paragraphs, and trimmed to the sentences that share something with the
    other paragraph. Without a model (lexical), the cosine test uses rarity-weighted stems.
    """
    ua, ub = _units(sa), _units(sb)
    if not ua or not ub:
        return []
    unit_a, unit_b = _unit_of(ua, len(sa)), _unit_of(ub, len(sb))
    joined = {(unit_a[i], unit_b[j]) for a_lo, a_hi, b_lo, b_hi in core
              for i in range(a_lo, a_hi) for j in range(b_lo, b_hi)}
    cand = {(unit_a[i], unit_b[j]) for (i, j), s in scorer.cache.items() if s >= floor}
    close = _topic_closeness(sa, sb, scorer, ua, ub)
    cand |= close.nearest
    background = _background(sa, sb)
    scored = _topic_scores(sa, sb, scorer, method, ua, ub, cand, joined, close, background, floor)
    out: list[_Found] = []
    for x, y in _topic_partners(scored, close.nearest, len(ua), len(ub)):
        sc, sig = scored[(x, y)]
        (a_lo, a_hi), (b_lo, b_hi) = ua[x], ub[y]
        a_lo, a_hi, b_lo, b_hi = _trim(scorer, a_lo, a_hi, b_lo, b_hi, background)
        if (a_lo, a_hi, b_lo, b_hi) != (*ua[x], *ub[y]):
            sig = scorer.signals(a_lo, a_hi, b_lo, b_hi)
            sc = max(sc, sim.combine(sig, method))
        out.append(_Found((a_lo, a_hi, b_lo, b_hi), sc, "related", sig, "topic"))
    return out


def _unit_of(units: Sequence[tuple[int, int]], count: int) -> list[int]:
    """For each of ``count`` compared sentences, the index of the unit (see :func:`_units`) holding it."""
    out = [0] * count
    for x, (lo, hi) in enumerate(units):
        for i in range(lo, hi):
            out[i] = x
    return out


def _topic_closeness(sa: _Side, sb: _Side, scorer: _Scorer, ua: Sequence[tuple[int, int]],
                     ub: Sequence[tuple[int, int]]) -> _Closeness:
    """The cosine test of the topic tier: paragraph embeddings (sums of their sentences'), or without a model
    the paragraphs' rarity-weighted stems (``TOPIC_Z_STEMS``); the moments over all paragraph pairs are exact."""
    if sa.emb is not None and sb.emb is not None:
        import numpy as np

        pa = np.stack([sa.emb[lo:hi].sum(axis=0) for lo, hi in ua]).astype(np.float64)
        pb = np.stack([sb.emb[lo:hi].sum(axis=0) for lo, hi in ub]).astype(np.float64)
        pa /= np.maximum(np.linalg.norm(pa, axis=1, keepdims=True), 1e-9)
        pb /= np.maximum(np.linalg.norm(pb, axis=1, keepdims=True), 1e-9)
        # mean and spread of the cosine over all len(ua) * len(ub) paragraph pairs, without forming them
        mean, spread = _cosine_moments(pa, pb)
        nearest: set[tuple[int, int]] = set()
        for x, ys in enumerate(_nearest(pa.astype(np.float32), pb.astype(np.float32), TOPIC_NEIGHBOURS)):
            nearest.update((x, y) for y in ys)
        for y, xs in enumerate(_nearest(pb.astype(np.float32), pa.astype(np.float32), TOPIC_NEIGHBOURS)):
            nearest.update((x, y) for x in xs)

        def embedded(x: int, y: int) -> float:
            return (float(pa[x] @ pb[y]) - mean) / spread
        return _Closeness(embedded, TOPIC_Z, nearest)
    va = [sim.weighted_vector([t for i in range(lo, hi) for t in sa.terms[i]], scorer.idf) for lo, hi in ua]
    vb = [sim.weighted_vector([t for j in range(lo, hi) for t in sb.terms[j]], scorer.idf) for lo, hi in ub]
    stem_mean, stem_spread = _sparse_cosine_moments(va, vb)

    def stems(x: int, y: int) -> float:
        return (sim.lexical(va[x], vb[y]) - stem_mean) / stem_spread
    return _Closeness(stems, TOPIC_Z_STEMS, set())


def _background(sa: _Side, sb: _Side) -> set[str]:
    """What the two documents are both about: terms in BACKGROUND_SHARE of the sentences of each."""
    ca = Counter(t for st in sa.sets for t in st)
    cb = Counter(t for st in sb.sets for t in st)
    return {t for t in ca if t in cb and ca[t] >= BACKGROUND_SHARE * len(sa) and cb[t] >= BACKGROUND_SHARE * len(sb)}


def _topic_scores(sa: _Side, sb: _Side, scorer: _Scorer, method: str, ua: Sequence[tuple[int, int]],
                  ub: Sequence[tuple[int, int]], cand: set[tuple[int, int]], joined: set[tuple[int, int]],
                  close: _Closeness, background: set[str], floor: float) -> TopicScores:
    """The candidate paragraph pairs not ``joined`` by a chosen pair that pass the topic tests (no heading, a paragraph of TOPIC_MIN_SENTENCES,
    close topics, TOPIC_EVIDENCE of specific shared terms, a score of ``floor``), with score and signals."""
    need = TOPIC_EVIDENCE * scorer.info_needed / EVIDENCE_WORDS
    heading_a = [sa.doc.paragraphs[sa.sents[lo].paragraph].kind == "heading" for lo, _ in ua]
    heading_b = [sb.doc.paragraphs[sb.sents[lo].paragraph].kind == "heading" for lo, _ in ub]

    def specific(a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> float:
        shared = set().union(*sa.sets[a_lo:a_hi]) & set().union(*sb.sets[b_lo:b_hi])
        return math.fsum(scorer.idf[t] for t in shared - background)

    scored: TopicScores = {}
    for x, y in cand:
        if (x, y) in joined or heading_a[x] or heading_b[y]:
            continue
        (a_lo, a_hi), (b_lo, b_hi) = ua[x], ub[y]
        if a_hi - a_lo < TOPIC_MIN_SENTENCES and b_hi - b_lo < TOPIC_MIN_SENTENCES:
            continue  # two lone sentences: a sentence link, which the sentence tests decide
        if close.z(x, y) < close.z_min:
            continue
        if specific(a_lo, a_hi, b_lo, b_hi) < need:
            continue
        sig = scorer.signals(a_lo, a_hi, b_lo, b_hi)
        sc = sim.combine(sig, method)
        if sc >= floor:
            scored[(x, y)] = (sc, sig)
    return scored


def _topic_partners(scored: TopicScores, nearest: set[tuple[int, int]], units_a: int,
                    units_b: int) -> list[tuple[int, int]]:
    """The scored paragraph pairs kept, in order: the partner is the nearest or scores RELATED_NEAR_BEST of the
    best for one of the two paragraphs, and each paragraph keeps no more partners (best first) than TOPIC_SHARE
    times its share of the other document."""
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (x, y), (sc, _) in scored.items():
        best_a[x] = max(best_a.get(x, 0.0), sc)
        best_b[y] = max(best_b.get(y, 0.0), sc)
    rank_a: dict[tuple[int, int], int] = {}
    rank_b: dict[tuple[int, int], int] = {}
    by_a: dict[int, list[tuple[float, int]]] = {}
    by_b: dict[int, list[tuple[float, int]]] = {}
    for (x, y), (sc, _) in scored.items():
        by_a.setdefault(x, []).append((sc, y))
        by_b.setdefault(y, []).append((sc, x))
    for x, lst in by_a.items():
        for r, (_, y) in enumerate(sorted(lst, reverse=True)):
            rank_a[(x, y)] = r
    for y, lst in by_b.items():
        for r, (_, x) in enumerate(sorted(lst, reverse=True)):
            rank_b[(x, y)] = r
    keep_a = TOPIC_SHARE * max(1.0, units_b / units_a)
    keep_b = TOPIC_SHARE * max(1.0, units_a / units_b)
    out: list[tuple[int, int]] = []
    for (x, y), (sc, _) in sorted(scored.items()):
        if ((x, y) not in nearest and sc < RELATED_NEAR_BEST * best_a[x]
                and sc < RELATED_NEAR_BEST * best_b[y]):
            continue
        if rank_a[(x, y)] >= keep_a or rank_b[(x, y)] >= keep_b:
            continue
        out.append((x, y))
    return out


def _cosine_moments(pa: Any, pb: Any) -> tuple[float, float]:
    """Mean and standard deviation of the dot products of every row of ``pa`` with every row of ``pb``,
    in O((rows) * dim^2) rather than O(rows_a * rows_b): the sum of squared dot products is the sum of the
    element-wise product of the two Gram matrices ``pa.T @ pa`` and ``pb.T @ pb``."""
    count = pa.shape[0] * pb.shape[0]
    mean = float(pa.sum(axis=0) @ pb.sum(axis=0)) / count
    second = float(((pa.T @ pa) * (pb.T @ pb)).sum()) / count
    return mean, max(second - mean * mean, 1e-12) ** 0.5


def _sparse_cosine_moments(va: Sequence[dict[str, float]], vb: Sequence[dict[str, float]]) -> tuple[float, float]:
    """:func:`_cosine_moments` for sparse unit vectors (dicts), over the terms both sides use."""
    common = set().union(*va) & set().union(*vb) if va and vb else set()
    count = len(va) * len(vb)
    if not count:
        return 0.0, 1.0
    sum_a: dict[str, float] = {}
    sum_b: dict[str, float] = {}
    gram_a: dict[tuple[str, str], float] = {}
    gram_b: dict[tuple[str, str], float] = {}
    for vecs, total, gram in ((va, sum_a, gram_a), (vb, sum_b, gram_b)):
        for v in vecs:
            items = [(t, w) for t, w in v.items() if t in common]
            for t, w in items:
                total[t] = total.get(t, 0.0) + w
                for u, w2 in items:
                    gram[(t, u)] = gram.get((t, u), 0.0) + w * w2
    mean = math.fsum(w * sum_b.get(t, 0.0) for t, w in sum_a.items()) / count
    second = math.fsum(w * gram_b.get(k, 0.0) for k, w in gram_a.items()) / count
    return mean, max(second - mean * mean, 1e-12) ** 0.5


def _trim(scorer: _Scorer, a_lo: int, a_hi: int, b_lo: int, b_hi: int,
          background: set[str]) -> tuple[int, int, int, int]:
    """Drop the first and last sentences of a paragraph pair that add nothing to the link: no sentence pair
    scoring GAP_FLOOR with the other paragraph, and no term other than background shared with it."""
    sa, sb = scorer.sa, scorer.sb
    scorer.score_many([(i, j) for i in range(a_lo, a_hi) for j in range(b_lo, b_hi)])
    cache = scorer.cache
    terms_a = set().union(*sa.sets[a_lo:a_hi]) - background
    terms_b = set().union(*sb.sets[b_lo:b_hi]) - background

    def keep_a(i: int) -> bool:
        return bool(sa.sets[i] & terms_b) or max(cache[(i, j)] for j in range(b_lo, b_hi)) >= GAP_FLOOR

    def keep_b(j: int) -> bool:
        return bool(sb.sets[j] & terms_a) or max(cache[(i, j)] for i in range(a_lo, a_hi)) >= GAP_FLOOR

    while a_hi - a_lo > 1 and not keep_a(a_lo):
        a_lo += 1
    while a_hi - a_lo > 1 and not keep_a(a_hi - 1):
        a_hi -= 1
    while b_hi - b_lo > 1 and not keep_b(b_lo):
        b_lo += 1
    while b_hi - b_lo > 1 and not keep_b(b_hi - 1):
        b_hi -= 1
    return a_lo, a_hi, b_lo, b_hi


def align_many(docs: Sequence[Document], **options: Any) -> list[Alignment]:
    """Align every pair of documents (A–B, A–C, B–C, ...) with the options of :func:`align`."""
    return [align(docs[x], docs[y], **options) for x in range(len(docs)) for y in range(x + 1, len(docs))]
