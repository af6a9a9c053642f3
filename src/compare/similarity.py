"""The signals that say how close two passages are, each good at something different.

- ``lexical``: cosine of rarity-weighted content-word stems; robust to reordering and inflection.
- ``containment``: the share of the shorter passage's weighted stems found in the longer one; a terse
  sentence summarising a longer passage is fully "contained" although their cosine is modest.
- ``numbers``: agreement of normalised dates and figures ("23 February" = "February 23, 1917").
- ``verbatim``: near-verbatim similarity of the wording (rapidfuzz), high for reuse and quotation.
- ``semantic``: cosine of sentence embeddings from wordllama, whose weights ship inside its wheel; catches
  paraphrase with other words. Loaded lazily, once, offline; if it cannot load, callers fall back to lexical.

:func:`combine` turns the signals into one score in [0, 1] for a method (``lexical``, ``semantic``, ``hybrid``).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

METHODS = ("lexical", "semantic", "hybrid")

# Cosines of wordllama embeddings of unrelated English sentences sit around 0.2-0.35; rescaling from this
# floor makes the semantic signal comparable with the lexical ones (0 = unrelated, 1 = same meaning).
SEMANTIC_FLOOR = 0.35

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _load_model() -> tuple[Any, str | None]:
    try:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from pathlib import Path

        import wordllama
        from wordllama import WordLlama

        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        return model, None
    except Exception as exc:  # any failure (missing package, weights, incompatible numpy) means: no model
        return None, f"semantic model unavailable ({type(exc).__name__}: {exc}); fell back to lexical"


def load_model() -> tuple[Any, str | None]:
    """The embedding model (loaded once, offline) and ``None``, or ``None`` and a warning saying why not."""
    return _load_model()


def embed(texts: Sequence[str], batch_size: int = 512) -> Any:
    """Unit-length float32 embeddings (one row per text) from the bundled wordllama model.

    Raises RuntimeError if the model cannot load; :func:`load_model` tells beforehand.
    """
    import numpy as np

    model, warning = load_model()
    if model is None:
        raise RuntimeError(warning)
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    vecs = model.embed(list(texts), norm=True, batch_size=batch_size)
    vecs = np.asarray(vecs, dtype=np.float32)
    # empty or out-of-vocabulary texts give zero vectors; keep them zero (cosine 0) rather than NaN
    return np.nan_to_num(vecs)


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
    """Share of the smaller side's rarity weight whose terms also occur on the other side."""
    sa, sb = set(ta), set(tb)
    if not sa or not sb:
        return 0.0
    shared = sum(idf.get(t, 1.0) for t in sa & sb)
    return shared / min(sum(idf.get(t, 1.0) for t in sa), sum(idf.get(t, 1.0) for t in sb))


def numbers(na: Sequence[str], nb: Sequence[str]) -> float | None:
    """Agreement of normalised dates/figures: Jaccard of the two sets, or None when either side has none.

    A date matches a bare month of the same month ("February" vs "February 23") at half weight.
    """
    sa, sb = set(na), set(nb)
    if not sa or not sb:
        return None
    shared = len(sa & sb)
    months_a = {t[:11] for t in sa if t.startswith(("date:", "month:"))}
    months_b = {t[:11] for t in sb if t.startswith(("date:", "month:"))}
    ma = {("month:" + t[5:7]) if t.startswith("date:") else t for t in months_a}
    mb = {("month:" + t[5:7]) if t.startswith("date:") else t for t in months_b}
    partial = 0.5 * len((ma & mb)) if not (sa & sb & (months_a | months_b)) else 0.0
    return min(1.0, (shared + partial) / len(sa | sb))


def _plain(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def verbatim(a: str, b: str) -> float:
    """Near-verbatim similarity of the wording in [0, 1] (rapidfuzz ratio on lower-cased words)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(_plain(a), _plain(b)) / 100.0


def semantic_scaled(cosine: float) -> float:
    """An embedding cosine rescaled so that unrelated text is near 0 and the same meaning near 1."""
    return max(0.0, min(1.0, (cosine - SEMANTIC_FLOOR) / (1.0 - SEMANTIC_FLOOR)))


def combine(signals: Mapping[str, float | None], method: str) -> float:
    """One score in [0, 1] from the signals of a pair.

    lexical: the mean of cosine and containment of weighted stems; semantic: the rescaled embedding cosine;
    hybrid: the mean of both. Agreeing dates/figures add up to 0.1; near-verbatim wording (ratio ≥ 0.8)
    raises the score to at least that ratio, since reused wording is the strongest evidence there is.
    """
    lex = 0.5 * ((signals.get("lexical") or 0.0) + (signals.get("containment") or 0.0))
    sem = semantic_scaled(signals["semantic"]) if signals.get("semantic") is not None else None
    if method == "lexical" or sem is None:
        score = lex
    elif method == "semantic":
        score = sem
    else:
        score = 0.5 * (lex + sem)
    num = signals.get("numbers")
    if num is not None:
        score += 0.1 * num
    verb = signals.get("verbatim") or 0.0
    if verb >= 0.8:
        score = max(score, verb)
    return max(0.0, min(1.0, score))
