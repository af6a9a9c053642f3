"""Find the passages two documents both tell, however reworded or reordered, and say how close each is.

How (each step is linear or close to it in the number of sentences):

1. Every content sentence (web furniture left out) becomes a bag of terms: stems of its content words plus
   normalised dates and figures, weighted by rarity over both documents (:mod:`compare.terms`).
2. Candidate pairs come from indexes, never from scoring all pairs: an inverted index over each sentence's
   rarest terms, queried A→B and B→A, so a passage told early in A and late in B is found (nothing assumes
   the documents tell things in the same order). With a model (``semantic``/``hybrid``), the sentences the
   index left without a good partner also ask their nearest neighbours by sentence embedding.
3. Each candidate gets its signals (:mod:`compare.similarity`) and one combined score; with a model, words
   whose embeddings are close (women ~ female, army ~ soldiers) count as shared at their similarity.
4. Accounts tell events in runs of sentences, so a pair whose diagonal neighbours also match is more credible
   than a lone one: neighbours of good pairs become candidates, and each pair's *support* adds its
   neighbours' scores to its own. A lone pair must also share enough rare material (``EVIDENCE_WORDS``).
5. One sentence may tell what the other side spreads over two or three neighbouring sentences: such groups
   are candidates too. Pairs and groups are chosen greedily by support, each sentence used once; sentences
   sandwiched between two chosen pairs are paired with each other; groups grow by a neighbouring sentence
   when that does not lower their score.
6. Chosen groups that follow each other on both sides merge into passages (within a paragraph on each side,
   at most ``MAX_PASSAGE`` sentences a side), scored again as wholes and given a kind: ``verbatim``,
   ``paraphrase`` or ``related``.
7. Accounts that paraphrase, reorder and summarise each other loosely (the sentence alignment explains under a
   quarter of each) share topics more than sentences: paragraphs on the same topic are then linked many-to-many
   as ``related`` (the *topic tier*), each link tested against the statistics of the document pair itself
   (see ``RELATED_MIN``). Every pair is still a claim of correspondence, and the benchmarks count them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

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
CANDIDATES_PER_SENTENCE = 6
INDEX_TERMS = 8          # rarest terms of a sentence used to query the inverted index
INDEX_MAX_POSTINGS = 2000  # terms in more sentences than this are too common to propose candidates
SOFT_MIN = 0.5           # word-embedding similarity from which two different words count as near-synonyms
EVIDENCE_WORDS = 3.0     # a pair with no aligned neighbours must share this many typical words' weight
GROUP_FLOOR = 0.1        # least score of each sentence of a one-to-many candidate group
GAP_FLOOR = 0.05         # least score of a sentence group sandwiched between two aligned pairs
CONTEXT_WEIGHT = 0.3     # weight of the neighbouring pairs' scores in a pair's support
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
# Headings name a topic without telling it and take no topic link. The tier is used only when the sentence
# alignment explains less than TOPIC_GATE of each document's content: accounts that retell each other closely
# (translations: ~100 %; synoptic gospels: 43-72 % of the better-covered book) have their correspondences at
# sentence level, and a weaker topic link there is, on the benchmarks, almost always a false friend (topic links
# on Matthew-Mark were 14 % right); loose accounts like the two seeds (4-15 %) share mostly topics.
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
    support of neighbouring pairs in the same passage.
    """

    a: Span
    b: Span
    a_sentences: range
    b_sentences: range
    score: float
    kind: str
    signals: dict[str, float]
    shared: list[str]

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
        }


@dataclass(frozen=True)
class Alignment:
    """The pairs found between documents ``a`` and ``b``, best first, and how much of each they cover.

    ``coverage`` is the share of each document's content characters (sentences that are not web furniture)
    inside some pair. ``warnings`` says, for instance, that the semantic model could not load. ``thresholds``
    holds the calibrated ``related``/``paraphrase``/``verbatim`` thresholds and, when the topic tier was used,
    ``topic``: the least score of a topic link for this document pair.
    """

    a: Document
    b: Document
    pairs: list[Pair]
    coverage: tuple[float, float]
    method: str
    thresholds: dict[str, float]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.label,
            "b": self.b.label,
            "method": self.method,
            "thresholds": dict(self.thresholds),
            "coverage": {"a": round(self.coverage[0], 4), "b": round(self.coverage[1], 4)},
            "pairs": [p.to_dict() for p in self.pairs],
            "warnings": list(self.warnings),
        }


class _Side:
    """One document's content sentences with what the scorers need."""

    def __init__(self, doc: Document, keep_boilerplate: bool) -> None:
        self.doc = doc
        sents = doc.content_sentences(keep_boilerplate)
        self.tokens: list[list[T.Token]] = []
        self.sents: list[Sentence] = []
        self.terms: list[list[str]] = []
        self.numeric: list[list[str]] = []
        for s in sents:
            toks = T.tokenize(s.norm)
            nums = T.numeric_terms(toks)
            bag = [t.stem for t in toks if t.content] + nums
            if not bag:
                continue  # nothing to compare ("• 12", "Why?")
            self.sents.append(s)
            self.tokens.append(toks)
            self.numeric.append(nums)
            self.terms.append(bag)
        self.vecs: list[dict[str, float]] = []
        self.emb: Any = None
        self.plain = [sim.plain(s.norm) for s in self.sents]
        self.sets = [frozenset(bag) for bag in self.terms]
        self.wsum: list[float] = []

    def weigh(self, idf: dict[str, float]) -> None:
        """Rarity-weighted vectors and weight totals, once the rarity of every term is known."""
        self.vecs = [sim.weighted_vector(t, idf) for t in self.terms]
        self.wsum = [sum(idf[t] for t in st) for st in self.sets]

    def __len__(self) -> int:
        return len(self.sents)


def _top_k(scores: Any, k: int) -> Any:
    import numpy as np

    if scores.shape[-1] <= k:
        return np.arange(scores.shape[-1])
    return np.argpartition(-scores, k - 1)[:k]


def _lexical_candidates(qa: _Side, qb: _Side, idf: dict[str, float], k: int,
                        tick: Callable[[int], None] | None = None) -> set[tuple[int, int]]:
    """For each sentence of ``qa``, the ``k`` sentences of ``qb`` sharing most rare-term weight."""
    import numpy as np

    postings: dict[str, list[int]] = {}
    for j, bag in enumerate(qb.terms):
        for t in set(bag):
            postings.setdefault(t, []).append(j)
    arrays = {t: np.asarray(js, dtype=np.int64) for t, js in postings.items() if len(js) <= INDEX_MAX_POSTINGS}
    out: set[tuple[int, int]] = set()
    for i, vec in enumerate(qa.vecs):
        if tick is not None and i % 256 == 255:
            tick(256)
        query = sorted((t for t in vec if t in arrays), key=lambda t: -idf[t])[:INDEX_TERMS]
        if not query:
            continue
        js = np.concatenate([arrays[t] for t in query])
        ws = np.concatenate([np.full(len(arrays[t]), vec[t] * idf[t]) for t in query])
        uniq, inv = np.unique(js, return_inverse=True)
        acc = np.bincount(inv, weights=ws)
        for j in uniq[_top_k(acc, k)]:
            out.add((i, int(j)))
    return out


def _nearest(queries: Any, targets: Any, k: int, block: int = 1024) -> list[list[int]]:
    """For each query row, the ``k`` target rows of highest cosine (unit vectors), in blocks of queries."""
    import numpy as np

    out: list[list[int]] = []
    m = targets.shape[0]
    if not m:
        return [[] for _ in range(queries.shape[0])]
    kk = min(k, m)
    for lo in range(0, queries.shape[0], block):
        sims = queries[lo:lo + block] @ targets.T
        out.extend(np.argpartition(-sims, kk - 1, axis=1)[:, :kk].tolist())
    return out


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
        for lo in range(0, len(sa_stems), 2048):
            block = ea[lo:lo + 2048] @ eb.T
            rows, cols = np.nonzero(block >= SOFT_MIN)
            for r, c in zip(rows.tolist(), cols.tolist()):
                x, y, v = sa_stems[lo + r], sb_stems[c], float(block[r, c])
                if x == y:
                    continue
                self.soft_a.setdefault(x, {})[y] = v
                self.soft_b.setdefault(y, {})[x] = v

    def soft_extra(self, terms: frozenset[str] | set[str], other: frozenset[str] | set[str],
                   soft: dict[str, dict[str, float]]) -> float:
        """Weight of ``terms`` not in ``other`` but with a near-synonym there, counted at its similarity."""
        extra = 0.0
        for t in terms:
            near = soft.get(t)
            if near and t not in other:
                best = max((v for u, v in near.items() if u in other), default=0.0)
                extra += self.idf[t] * best
        return extra

    def signals(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> dict[str, float]:
        sa, sb = self.sa, self.sb
        if a_hi - a_lo == 1 and b_hi - b_lo == 1:
            ta, tb = sa.terms[a_lo], sb.terms[b_lo]
            va, vb = sa.vecs[a_lo], sb.vecs[b_lo]
            na, nb = sa.numeric[a_lo], sb.numeric[b_lo]
        else:
            ta = [t for i in range(a_lo, a_hi) for t in sa.terms[i]]
            tb = [t for j in range(b_lo, b_hi) for t in sb.terms[j]]
            va, vb = sim.weighted_vector(ta, self.idf), sim.weighted_vector(tb, self.idf)
            na = [t for i in range(a_lo, a_hi) for t in sa.numeric[i]]
            nb = [t for j in range(b_lo, b_hi) for t in sb.numeric[j]]
        set_a, set_b = set(ta), set(tb)
        wa = sum(self.idf.get(t, 1.0) for t in set_a)
        wb = sum(self.idf.get(t, 1.0) for t in set_b)
        sw = sum(self.idf.get(t, 1.0) for t in set_a & set_b)
        if wa <= wb:
            sw += self.soft_extra(set_a, set_b, self.soft_a)
        else:
            sw += self.soft_extra(set_b, set_a, self.soft_b)
        phantom = (wa + wb) / (len(set_a) + len(set_b)) if set_a and set_b else 1.0
        out: dict[str, float] = {
            "lexical": sim.lexical(va, vb),
            "containment": min(1.0, sw / (min(wa, wb) + phantom)) if set_a and set_b else 0.0,
            "evidence": min(1.0, sum(self.idf.get(t, 1.0) for t in set(ta) & set(tb)) / self.info_needed),
            "verbatim": sim.verbatim(" ".join(sa.plain[a_lo:a_hi]), " ".join(sb.plain[b_lo:b_hi]), plain=True),
        }
        num = sim.numbers(na, nb)
        if num is not None:
            out["numbers"] = num
        if sa.emb is not None and sb.emb is not None:
            ea = sa.emb[a_lo:a_hi].sum(axis=0)
            eb = sb.emb[b_lo:b_hi].sum(axis=0)
            denom = float((ea @ ea) ** 0.5 * (eb @ eb) ** 0.5)
            out["semantic"] = float(ea @ eb) / denom if denom else 0.0
        return out

    def score(self, i: int, j: int) -> float:
        s = self.cache.get((i, j))
        if s is None:
            self.score_many([(i, j)])
            s = self.cache[(i, j)]
        return s

    def score_many(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Score sentence pairs in bulk (the fast path of :meth:`signals` for one sentence a side)."""
        import numpy as np
        from rapidfuzz.fuzz import ratio

        pairs = [p for p in pairs if p not in self.cache]
        if not pairs:
            return
        sa, sb, idf, method = self.sa, self.sb, self.idf, self.method
        soft = bool(self.soft_a)
        if sa.emb is not None and sb.emb is not None:
            ia = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
            jb = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
            sem = np.einsum("ij,ij->i", sa.emb[ia], sb.emb[jb]).tolist()
        else:
            sem = None
        for k, (i, j) in enumerate(pairs):
            va, vb = sa.vecs[i], sb.vecs[j]
            if len(va) > len(vb):
                va, vb = vb, va
            lex = sum(w * vb[t] for t, w in va.items() if t in vb)
            shared = sa.sets[i] & sb.sets[j]
            sw = sw_exact = sum(idf[t] for t in shared)
            wa, wb = sa.wsum[i], sb.wsum[j]
            if soft and sw_exact:
                if wa <= wb:
                    sw += self.soft_extra(sa.sets[i], sb.sets[j], self.soft_a)
                else:
                    sw += self.soft_extra(sb.sets[j], sa.sets[i], self.soft_b)
            phantom = (wa + wb) / (len(sa.sets[i]) + len(sb.sets[j]))
            sig: dict[str, float] = {
                "lexical": min(1.0, lex),
                "containment": min(1.0, sw / (min(wa, wb) + phantom)),
                "verbatim": ratio(sa.plain[i], sb.plain[j]) / 100.0,
            }
            if sa.numeric[i] and sb.numeric[j]:
                num = sim.numbers(sa.numeric[i], sb.numeric[j])
                if num is not None:
                    sig["numbers"] = num
            if sem is not None:
                sig["semantic"] = sem[k]
            self.cache[(i, j)] = sim.combine(sig, method)
            self.evidence[(i, j)] = min(1.0, sw_exact / self.info_needed)


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
        if len(_EMBEDDINGS) >= 8:
            _EMBEDDINGS.pop(next(iter(_EMBEDDINGS)))
        _EMBEDDINGS[key] = sim.embed([s.norm for s in side.sents])
    return _EMBEDDINGS[key]


def align(a: Document, b: Document, *, method: str = "hybrid", min_score: float | None = None,
          keep_boilerplate: bool = False,
          progress: Callable[[int, int], None] | None = None) -> Alignment:
    """Align two documents: the passages both tell, best first, with scores, kinds and coverage.

    ``method`` is ``lexical`` (no model), ``semantic`` or ``hybrid`` (default). If the embedding model cannot
    load, ``semantic``/``hybrid`` fall back to ``lexical`` and say so in ``warnings``. ``min_score`` replaces
    the calibrated reporting threshold (and raises the paraphrase threshold if it is higher). Web furniture
    (author boxes, licence lines, share buttons) is left out unless ``keep_boilerplate``. ``progress`` is
    called with (done, total) as work advances.
    """
    if method not in sim.METHODS:
        raise ValueError(f"method must be one of {', '.join(sim.METHODS)}, not {method!r}")
    warnings: list[str] = []
    used_method = method
    if method != "lexical":
        model, warning = sim.load_model()
        if model is None:
            warnings.append(warning or "semantic model unavailable; fell back to lexical")
            used_method = "lexical"
    thresholds = dict(THRESHOLDS[used_method])
    if min_score is not None:
        thresholds["related"] = float(min_score)
        thresholds["paraphrase"] = max(thresholds["paraphrase"], float(min_score))
    t_rel = thresholds["related"]

    sa, sb = _Side(a, keep_boilerplate), _Side(b, keep_boilerplate)
    n, m = len(sa), len(sb)
    total = 2 * (n + m) + 2 * n + 1  # terms and embeddings, index queries, scoring, choosing, the end
    done = 0

    def tick(step: int) -> None:
        nonlocal done
        done = min(total, done + step)
        if progress is not None:
            progress(done, total)

    df, count = T.document_frequencies(sa.terms + sb.terms)
    idf = T.idf_weights(df, count)
    sa.weigh(idf)
    sb.weigh(idf)
    if used_method != "lexical" and n and m:
        sa.emb = _sentence_embeddings(sa, keep_boilerplate)
        sb.emb = _sentence_embeddings(sb, keep_boilerplate)
    tick(n + m)

    k = CANDIDATES_PER_SENTENCE
    cands = _lexical_candidates(sa, sb, idf, k, tick)
    cands |= {(i, j) for j, i in _lexical_candidates(sb, sa, idf, k, tick)}
    done = 2 * (n + m)
    tick(0)

    scorer = _Scorer(sa, sb, idf, used_method)
    if sa.emb is not None:
        scorer.find_near_synonyms()
    scorer.score_many(sorted(cands))
    if sa.emb is not None:
        # sentences the word index found no good partner for (paraphrase with other words) ask the
        # nearest neighbours by sentence embedding; only those, so the cost stays close to linear
        best_a = [0.0] * n
        best_b = [0.0] * m
        for (i, j), sc in scorer.cache.items():
            best_a[i] = max(best_a[i], sc)
            best_b[j] = max(best_b[j], sc)
        weak_a = [i for i in range(n) if best_a[i] < t_rel]
        weak_b = [j for j in range(m) if best_b[j] < t_rel]
        more: set[tuple[int, int]] = set()
        if weak_a:
            for i, js in zip(weak_a, _nearest(sa.emb[weak_a], sb.emb, k)):
                more.update((i, j) for j in js)
        if weak_b:
            for j, is_ in zip(weak_b, _nearest(sb.emb[weak_b], sa.emb, k)):
                more.update((i, j) for i in is_)
        scorer.score_many(sorted(more))
    # neighbours of good pairs become candidates too (twice, so a run of weak sentences inside a passage
    # can be reached from both ends)
    for _ in range(2):
        new = set()
        for (i, j), s in list(scorer.cache.items()):
            if s < t_rel:
                continue
            for di, dj in ((1, 1), (-1, -1), (0, 1), (0, -1), (1, 0), (-1, 0)):
                ii, jj = i + di, j + dj
                if 0 <= ii < n and 0 <= jj < m and (ii, jj) not in scorer.cache:
                    new.add((ii, jj))
        scorer.score_many(sorted(new))
    tick(n)

    cache = scorer.cache

    def near(i: int, j: int, steps: tuple[tuple[int, int], ...]) -> float:
        return max(cache.get((i + di, j + dj), 0.0) for di, dj in steps)

    evidence = scorer.evidence

    # 1. candidates: sentence pairs with their support; a lone pair (no good neighbouring pair) must share
    # enough rare material to be credible
    items: list[tuple[float, float, int, int, int, int]] = []
    for (i, j), s in cache.items():
        before = near(i, j, ((-1, -1), (-1, -2), (-2, -1)))
        after = near(i, j, ((1, 1), (1, 2), (2, 1)))
        sp = s + CONTEXT_WEIGHT * 0.5 * (before + after)
        if sp < t_rel:
            continue
        if before < t_rel and after < t_rel and evidence[(i, j)] < 1.0:
            continue
        items.append((sp, s, i, i + 1, j, j + 1))
    # ... and one sentence against two or three neighbouring sentences of the other side that each share
    # something with it (a terse account telling in one sentence what the other spreads over several)
    top_a: dict[int, list[tuple[float, int]]] = {}
    top_b: dict[int, list[tuple[float, int]]] = {}
    for (i, j), s in cache.items():
        if s >= GROUP_FLOOR:
            top_a.setdefault(i, []).append((s, j))
            top_b.setdefault(j, []).append((s, i))
    near_a = {i: {j for _, j in sorted(v, reverse=True)[:3]} for i, v in top_a.items()}
    near_b = {j: {i for _, i in sorted(v, reverse=True)[:3]} for j, v in top_b.items()}
    for (i, j), s in list(cache.items()):
        if s < GROUP_FLOOR:
            continue
        for lo, hi in ((j, j + 2), (j, j + 3)):
            if hi <= m and j in near_a[i] and all(cache.get((i, y), 0.0) >= GROUP_FLOOR for y in range(lo, hi)):
                sig = scorer.signals(i, i + 1, lo, hi)
                sc = sim.combine(sig, used_method)
                if sc >= t_rel and sig["evidence"] >= 1.0:
                    items.append((sc, sc, i, i + 1, lo, hi))
        for lo, hi in ((i, i + 2), (i, i + 3)):
            if hi <= n and i in near_b[j] and all(cache.get((x, j), 0.0) >= GROUP_FLOOR for x in range(lo, hi)):
                sig = scorer.signals(lo, hi, j, j + 1)
                sc = sim.combine(sig, used_method)
                if sc >= t_rel and sig["evidence"] >= 1.0:
                    items.append((sc, sc, lo, hi, j, j + 1))

    # best supported first, each sentence used once
    items.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    groups: list[list[float]] = []  # [a_lo, a_hi, b_lo, b_hi, support, score]
    for sp, s, a_lo, a_hi, b_lo, b_hi in items:
        if any(x in used_a for x in range(a_lo, a_hi)) or any(y in used_b for y in range(b_lo, b_hi)):
            continue
        used_a.update(range(a_lo, a_hi))
        used_b.update(range(b_lo, b_hi))
        groups.append([a_lo, a_hi, b_lo, b_hi, sp, s])

    # 2. sandwiched gaps: sentences left between two chosen pairs that follow each other on both sides
    # tell, in all likelihood, the same thing in other words; they are paired when they share anything
    chosen = sorted(groups)
    for g1, g2 in zip(chosen, chosen[1:]):
        ga, gb = int(g2[0] - g1[1]), int(g2[2] - g1[3])
        if 1 <= ga <= MAX_GROUP and 1 <= gb <= MAX_GROUP:
            a_lo, a_hi, b_lo, b_hi = int(g1[1]), int(g2[0]), int(g1[3]), int(g2[2])
            if any(x in used_a for x in range(a_lo, a_hi)) or any(y in used_b for y in range(b_lo, b_hi)):
                continue
            sc = sim.combine(scorer.signals(a_lo, a_hi, b_lo, b_hi), used_method)
            if sc >= GAP_FLOOR:
                used_a.update(range(a_lo, a_hi))
                used_b.update(range(b_lo, b_hi))
                groups.append([a_lo, a_hi, b_lo, b_hi, sc + CONTEXT_WEIGHT * 0.5 * (g1[5] + g2[5]), sc])

    # 3. a sentence may tell what the other side spreads over two or three neighbouring sentences: extend a
    # group by an unused neighbour when the extended group scores at least as well as the group alone
    def group_score(a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> float:
        return sim.combine(scorer.signals(a_lo, a_hi, b_lo, b_hi), used_method)

    for g in groups:
        while True:
            best = None
            a_lo, a_hi, b_lo, b_hi = int(g[0]), int(g[1]), int(g[2]), int(g[3])
            options = []
            if a_hi - a_lo < MAX_GROUP:
                if a_lo > 0 and a_lo - 1 not in used_a:
                    options.append((a_lo - 1, a_hi, b_lo, b_hi, ("a", a_lo - 1)))
                if a_hi < n and a_hi not in used_a:
                    options.append((a_lo, a_hi + 1, b_lo, b_hi, ("a", a_hi)))
            if b_hi - b_lo < MAX_GROUP:
                if b_lo > 0 and b_lo - 1 not in used_b:
                    options.append((a_lo, a_hi, b_lo - 1, b_hi, ("b", b_lo - 1)))
                if b_hi < m and b_hi not in used_b:
                    options.append((a_lo, a_hi, b_lo, b_hi + 1, ("b", b_hi)))
            for o in options:
                sc = group_score(*o[:4])
                if sc >= g[5] and (best is None or sc > best[0]):
                    best = (sc, o)
            if best is None:
                break
            sc, o = best
            (used_a if o[4][0] == "a" else used_b).add(o[4][1])
            g[0], g[1], g[2], g[3], g[5] = o[0], o[1], o[2], o[3], sc
            g[4] = max(g[4], sc)
    groups = [tuple(g) for g in sorted(groups)]  # type: ignore[misc]

    # a group with no chosen group right before or after it on both sides is a lone match
    ends = {(g[1], g[3]) for g in groups}
    starts = {(g[0], g[2]) for g in groups}
    lone = {g for g in groups if (g[0], g[2]) not in ends and (g[1], g[3]) not in starts}
    groups = [g for g in groups if g not in lone or scorer.signals(g[0], g[1], g[2], g[3])["evidence"] >= 1.0]

    # passages: groups that follow each other on both sides merge, within a paragraph on each side (the
    # author's own unit of passage) and up to MAX_PASSAGE sentences a side
    def para(side: _Side, i: int) -> int:
        return side.sents[i].paragraph

    passages: list[list[tuple]] = []
    for g in groups:
        if passages:
            last = passages[-1]
            a_lo, b_lo = last[0][0], min(x[2] for x in last)
            if (g[0] == last[-1][1] and g[2] == last[-1][3]
                    and g[1] - a_lo <= MAX_PASSAGE and g[3] - b_lo <= MAX_PASSAGE
                    and para(sa, g[0]) == para(sa, g[0] - 1) and para(sb, g[2]) == para(sb, g[2] - 1)):
                last.append(g)
                continue
        passages.append([g])
    tick(n)

    pairs: list[Pair] = []
    covered_a: set[int] = set()
    covered_b: set[int] = set()
    kept_ranges: list[tuple[int, int, int, int]] = []
    core_scores: list[float] = []
    for p in passages:
        a_lo, a_hi = p[0][0], p[-1][1]
        b_lo, b_hi = p[0][2], p[-1][3]
        signals = scorer.signals(a_lo, a_hi, b_lo, b_hi)
        whole = sim.combine(signals, used_method)
        weight = sum((g[1] - g[0]) + (g[3] - g[2]) for g in p)
        mean_support = sum(g[4] * ((g[1] - g[0]) + (g[3] - g[2])) for g in p) / weight
        score = min(1.0, max(whole, mean_support))
        if score < t_rel:
            continue  # e.g. a sandwiched gap alone in its paragraph, too weak to report by itself
        if signals.get("verbatim", 0.0) >= thresholds["verbatim"]:
            kind = "verbatim"
        elif score >= thresholds["paraphrase"]:
            kind = "paraphrase"
        else:
            kind = "related"
        a_first, a_last = sa.sents[a_lo], sa.sents[a_hi - 1]
        b_first, b_last = sb.sents[b_lo], sb.sents[b_hi - 1]
        covered_a.update(range(a_lo, a_hi))
        covered_b.update(range(b_lo, b_hi))
        kept_ranges.append((a_lo, a_hi, b_lo, b_hi))
        core_scores.append(score)
        pairs.append(Pair(
            a=a.span(a_first.start, a_last.end), b=b.span(b_first.start, b_last.end),
            a_sentences=range(a_first.index, a_last.index + 1), b_sentences=range(b_first.index, b_last.index + 1),
            score=score, kind=kind, signals=signals,
            shared=_shared_words(sa, a_lo, a_hi, sb, b_lo, b_hi)))

    def cover(side: _Side, idx: set[int]) -> float:
        content = a.content_sentences(keep_boilerplate) if side is sa else b.content_sentences(keep_boilerplate)
        total_chars = sum(s.end - s.start for s in content)
        got = sum(side.sents[i].end - side.sents[i].start for i in idx)
        return got / total_chars if total_chars else 0.0

    core_cover = (cover(sa, covered_a), cover(sb, covered_b))
    if core_scores and max(core_cover) < TOPIC_GATE:
        floor = max(RELATED_MIN, RELATED_RATIO * _median(core_scores))
        if min_score is not None:
            floor = max(floor, float(min_score))
        thresholds["topic"] = round(floor, 4)
        for (a_lo, a_hi, b_lo, b_hi), score, signals in _topic_links(
                sa, sb, scorer, used_method, [(g[0], g[1], g[2], g[3]) for g in kept_ranges], floor):
            a_first, a_last = sa.sents[a_lo], sa.sents[a_hi - 1]
            b_first, b_last = sb.sents[b_lo], sb.sents[b_hi - 1]
            covered_a.update(range(a_lo, a_hi))
            covered_b.update(range(b_lo, b_hi))
            pairs.append(Pair(
                a=a.span(a_first.start, a_last.end), b=b.span(b_first.start, b_last.end),
                a_sentences=range(a_first.index, a_last.index + 1),
                b_sentences=range(b_first.index, b_last.index + 1),
                score=score, kind="related", signals=signals,
                shared=_shared_words(sa, a_lo, a_hi, sb, b_lo, b_hi)))
    pairs.sort(key=lambda p: (-p.score, p.a.start, p.b.start))
    tick(total)

    return Alignment(a=a, b=b, pairs=pairs, coverage=(cover(sa, covered_a), cover(sb, covered_b)),
                     method=used_method, thresholds=thresholds, warnings=warnings)


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


def _topic_links(sa: _Side, sb: _Side, scorer: _Scorer, method: str,
                 core: list[tuple[int, int, int, int]], floor: float
                 ) -> list[tuple[tuple[int, int, int, int], float, dict[str, float]]]:
    """Paragraph pairs that treat the same topic, beyond the pairs the sentence alignment chose.

    Candidates are paragraph pairs holding a scored sentence candidate, plus each paragraph's nearest
    paragraphs by embedding. The tests are those of the comment above ``RELATED_MIN``; a link is dropped when a
    chosen pair already joins the two paragraphs, and trimmed to the sentences that share something with the
    other paragraph. Without a model (lexical), the cosine test uses rarity-weighted stems.
    """
    from collections import Counter

    ua, ub = _units(sa), _units(sb)
    if not ua or not ub:
        return []
    unit_a = [0] * len(sa)
    unit_b = [0] * len(sb)
    for x, (lo, hi) in enumerate(ua):
        for i in range(lo, hi):
            unit_a[i] = x
    for y, (lo, hi) in enumerate(ub):
        for j in range(lo, hi):
            unit_b[j] = y
    joined = {(unit_a[i], unit_b[j]) for a_lo, a_hi, b_lo, b_hi in core
              for i in range(a_lo, a_hi) for j in range(b_lo, b_hi)}
    cand = {(unit_a[i], unit_b[j]) for (i, j), s in scorer.cache.items() if s >= floor}
    nearest: set[tuple[int, int]] = set()
    if sa.emb is not None and sb.emb is not None:
        import numpy as np

        pa = np.stack([sa.emb[lo:hi].sum(axis=0) for lo, hi in ua]).astype(np.float64)
        pb = np.stack([sb.emb[lo:hi].sum(axis=0) for lo, hi in ub]).astype(np.float64)
        pa /= np.maximum(np.linalg.norm(pa, axis=1, keepdims=True), 1e-9)
        pb /= np.maximum(np.linalg.norm(pb, axis=1, keepdims=True), 1e-9)
        # mean and spread of the cosine over all len(ua) * len(ub) paragraph pairs, without forming them
        mean, spread = _cosine_moments(pa, pb)
        z_min = TOPIC_Z
        for x, ys in enumerate(_nearest(pa.astype(np.float32), pb.astype(np.float32), TOPIC_NEIGHBOURS)):
            nearest.update((x, y) for y in ys)
        for y, xs in enumerate(_nearest(pb.astype(np.float32), pa.astype(np.float32), TOPIC_NEIGHBOURS)):
            nearest.update((x, y) for x in xs)
        cand |= nearest

        def cosine(x: int, y: int) -> float:
            return (float(pa[x] @ pb[y]) - mean) / spread
    else:
        # without a model, the same test on the cosine of the paragraphs' rarity-weighted stems
        va = [sim.weighted_vector([t for i in range(lo, hi) for t in sa.terms[i]], scorer.idf) for lo, hi in ua]
        vb = [sim.weighted_vector([t for j in range(lo, hi) for t in sb.terms[j]], scorer.idf) for lo, hi in ub]
        mean, spread = _sparse_cosine_moments(va, vb)
        z_min = TOPIC_Z_STEMS

        def cosine(x: int, y: int) -> float:
            return (sim.lexical(va[x], vb[y]) - mean) / spread

    def prevalence(side: _Side) -> Counter[str]:
        return Counter(t for st in side.sets for t in st)

    ca, cb = prevalence(sa), prevalence(sb)
    background = {t for t in ca if t in cb and ca[t] >= BACKGROUND_SHARE * len(sa)
                  and cb[t] >= BACKGROUND_SHARE * len(sb)}
    need = TOPIC_EVIDENCE * scorer.info_needed / EVIDENCE_WORDS
    heading_a = [sa.doc.paragraphs[sa.sents[lo].paragraph].kind == "heading" for lo, _ in ua]
    heading_b = [sb.doc.paragraphs[sb.sents[lo].paragraph].kind == "heading" for lo, _ in ub]

    def specific(a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> float:
        shared = set().union(*sa.sets[a_lo:a_hi]) & set().union(*sb.sets[b_lo:b_hi])
        return sum(scorer.idf[t] for t in shared - background)

    scored: dict[tuple[int, int], tuple[float, dict[str, float]]] = {}
    for x, y in cand:
        if (x, y) in joined or heading_a[x] or heading_b[y]:
            continue
        (a_lo, a_hi), (b_lo, b_hi) = ua[x], ub[y]
        if cosine(x, y) < z_min:
            continue
        if specific(a_lo, a_hi, b_lo, b_hi) < need:
            continue
        sig = scorer.signals(a_lo, a_hi, b_lo, b_hi)
        sc = sim.combine(sig, method)
        if sc >= floor:
            scored[(x, y)] = (sc, sig)
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (x, y), (sc, _) in scored.items():
        best_a[x] = max(best_a.get(x, 0.0), sc)
        best_b[y] = max(best_b.get(y, 0.0), sc)
    # each paragraph keeps no more partners than TOPIC_SHARE times its share of the other document
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
    keep_a = TOPIC_SHARE * max(1.0, len(ub) / len(ua))
    keep_b = TOPIC_SHARE * max(1.0, len(ua) / len(ub))
    out = []
    for (x, y), (sc, sig) in sorted(scored.items()):
        if ((x, y) not in nearest and sc < RELATED_NEAR_BEST * best_a[x]
                and sc < RELATED_NEAR_BEST * best_b[y]):
            continue
        if rank_a[(x, y)] >= keep_a or rank_b[(x, y)] >= keep_b:
            continue
        (a_lo, a_hi), (b_lo, b_hi) = ua[x], ub[y]
        a_lo, a_hi, b_lo, b_hi = _trim(scorer, a_lo, a_hi, b_lo, b_hi, background)
        if (a_lo, a_hi, b_lo, b_hi) != (*ua[x], *ub[y]):
            sig = scorer.signals(a_lo, a_hi, b_lo, b_hi)
            sc = max(sc, sim.combine(sig, method))
        out.append(((a_lo, a_hi, b_lo, b_hi), sc, sig))
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
    mean = sum(w * sum_b.get(t, 0.0) for t, w in sum_a.items()) / count
    second = sum(w * gram_b.get(k, 0.0) for k, w in gram_a.items()) / count
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
