"""The signals that say how close two passages are, each good at something different.

- ``lexical``: cosine of rarity-weighted content-word stems; robust to reordering and inflection.
- ``containment``: the share of the shorter passage's weighted stems found in the longer one; a terse
  sentence summarising a longer passage is fully "contained" although their cosine is modest.
- ``numbers``: agreement of normalised dates and figures ("23 February" = "February 23, 1917").
- ``verbatim``: near-verbatim similarity of the wording (rapidfuzz), high for reuse and quotation.
- ``semantic``: cosine of sentence embeddings from wordllama's l2_supercat model, bundled with compare (see
  :mod:`compare.embedding`); catches paraphrase with other words. Loaded lazily, once, offline; if it cannot
  load, callers fall back to lexical.

:func:`combine` turns the signals into one score in [0, 1] for a method (``lexical``, ``semantic``, ``hybrid``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import embedding

METHODS = ("lexical", "semantic", "hybrid")

# Cosines of wordllama embeddings of unrelated English sentences sit around 0.2-0.35; rescaling from this
# floor makes the semantic signal comparable with the lexical ones (0 = unrelated, 1 = same meaning).
SEMANTIC_FLOOR = 0.35
# rapidfuzz ratios of unrelated English sentences sit around 0.3-0.45 (shared letters and short words)
VERBATIM_FLOOR = 0.4

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def load_model() -> tuple[Any, str | None]:
    """The bundled embedding model (see :mod:`compare.embedding`) and ``None``, or ``None`` and a warning."""
    return embedding.load_model()


def embed(texts: Sequence[str]) -> Any:
    """Unit-length float32 sentence embeddings, one row per text (:func:`compare.embedding.embed`)."""
    return embedding.embed(list(texts))



def weighted_vector(terms: Sequence[str], idf: Mapping[str, float]) -> dict[str, float]:
    """A unit-length sparse vector of the terms, each counted once (sublinear tf) and weighted by rarity."""
    vec = {t: idf.get(t, 1.0) for t in set(terms)}
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def lexical(va: Mapping[str, float], vb: Mapping[str, float]) -> float:
    """Cosine of two unit sparse vectors from :func:`weighted_vector`."""
    if len(va) > len(vb):
        va, vb = vb, va
    return min(1.0, sum(w * vb[t] for t, w in va.items() if t in vb))


def containment(ta: Sequence[str], tb: Sequence[str], idf: Mapping[str, float]) -> float:
    """Share of the smaller side's rarity weight whose terms also occur on the other side.

    One phantom unmatched term of average weight is added to the smaller side, so that a one-word sentence
    ("Seven.") is not "fully contained" in every sentence that uses its word.
    """
    sa, sb = set(ta), set(tb)
    if not sa or not sb:
        return 0.0
    wa = math.fsum(idf.get(t, 1.0) for t in sa)       # fsum: exact, so a set's order cannot matter
    wb = math.fsum(idf.get(t, 1.0) for t in sb)
    shared = math.fsum(idf.get(t, 1.0) for t in sa & sb)
    phantom = (wa + wb) / (len(sa) + len(sb))
    return shared / (min(wa, wb) + phantom)


def numbers(na: Sequence[str], nb: Sequence[str]) -> float | None:
    """Agreement of normalised dates and figures in [0, 1], or None when either side mentions none.

    The share of the side with fewer mentions that the other side also makes; a full date on one side
    ("February 23") agrees with the bare month on the other at half weight.
    """
    sa, sb = set(na), set(nb)
    if not sa or not sb:
        return None

    def month(t: str) -> str | None:
        return "month:" + t[5:7] if t.startswith("date:") else (t if t.startswith("month:") else None)

    months_b = {month(t) for t in sb} - {None}
    months_a = {month(t) for t in sa} - {None}
    small, months_other = (sa, months_b) if len(sa) <= len(sb) else (sb, months_a)
    other = sb if small is sa else sa
    got = sum(1.0 if t in other else 0.5 if month(t) in months_other else 0.0 for t in small)
    return got / len(small)


def plain(text: str) -> str:
    """Lower-cased words separated by single spaces: the form near-verbatim similarity compares."""
    return " ".join(_WORDS.findall(text.lower()))


def verbatim(a: str, b: str, *, plain: bool = False) -> float:
    """Near-verbatim similarity of the wording in [0, 1] (rapidfuzz ratio on lower-cased words);
    ``plain=True`` when both are already in the form :func:`plain` gives."""
    from rapidfuzz import fuzz

    if not plain:
        a, b = globals()["plain"](a), globals()["plain"](b)
    return fuzz.ratio(a, b) / 100.0


def semantic_scaled(cosine: float) -> float:
    """An embedding cosine rescaled so that unrelated text is near 0 and the same meaning near 1."""
    return max(0.0, min(1.0, (cosine - SEMANTIC_FLOOR) / (1.0 - SEMANTIC_FLOOR)))


def verbatim_scaled(ratio: float) -> float:
    """A near-verbatim ratio rescaled so that unrelated sentences (ratio about 0.4) are near 0."""
    return max(0.0, min(1.0, (ratio - VERBATIM_FLOOR) / (1.0 - VERBATIM_FLOOR)))


def combine(signals: Mapping[str, float | None], method: str) -> float:
    """One score in [0, 1] from the signals of a pair.

    The content estimate is, for ``lexical``, the mean of cosine and containment of weighted stems; for
    ``semantic``, the rescaled embedding cosine; for ``hybrid``, the mean of both. The wording estimate is the
    mean of the lexical estimate and the rescaled near-verbatim ratio (shared wording, also in short sentences
    whose few content words say little). The score is the better of the two; agreeing dates/figures add up to
    0.1, and near-verbatim wording (ratio ≥ 0.8) raises the score to at least that ratio.
    """
    lex = 0.5 * ((signals.get("lexical") or 0.0) + (signals.get("containment") or 0.0))
    raw = signals.get("semantic")
    sem = semantic_scaled(raw) if raw is not None else None
    if method == "lexical" or sem is None:
        content = lex
    elif method == "semantic":
        content = sem
    else:
        content = 0.5 * (lex + sem)
    verb = signals.get("verbatim") or 0.0
    wording = 0.5 * (lex + verbatim_scaled(verb)) if method != "semantic" else verbatim_scaled(verb) * 0.5
    score = max(content, wording)
    num = signals.get("numbers")
    if num is not None:
        score += 0.1 * num
    if verb >= 0.8:
        score = max(score, verb)
    return max(0.0, min(1.0, score))
