"""The signals that say how close two passages are, each good at something different.

- ``lexical``: cosine of rarity-weighted content-word stems; robust to reordering and inflection.
- ``containment``: the share of the shorter passage's weighted stems found in the longer one; a terse
  sentence summarising a longer passage is fully "contained" although their cosine is modest.
- ``numbers``: agreement of normalised dates and figures ("23 February" = "February 23, 1917").
- ``verbatim``: near-verbatim similarity of the wording (rapidfuzz), high for reuse and quotation.
- ``semantic``: cosine of sentence embeddings from wordllama's l2_supercat model, whose weights ship inside its
  wheel; catches paraphrase with other words. Read lazily, once, offline, straight from the wheel's files (see
  ``MODEL_WEIGHTS``); if it cannot load, callers fall back to lexical.

:func:`combine` turns the signals into one score in [0, 1] for a method (``lexical``, ``semantic``, ``hybrid``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

METHODS = ("lexical", "semantic", "hybrid")

# Cosines of wordllama embeddings of unrelated English sentences sit around 0.2-0.35; rescaling from this
# floor makes the semantic signal comparable with the lexical ones (0 = unrelated, 1 = same meaning).
SEMANTIC_FLOOR = 0.35
# rapidfuzz ratios of unrelated English sentences sit around 0.3-0.45 (shared letters and short words)
VERBATIM_FLOOR = 0.4

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


# The wordllama model (l2_supercat, 256 dimensions) is a token-embedding table and a tokenizer, both shipped in
# the wordllama wheel; embedding a text is tokenizing it, averaging its tokens' rows and normalising. They are read
# here directly (the weights file parsed with numpy, the tokenizer with ``tokenizers``) rather than through
# ``import wordllama``, whose package import pulls in pydantic, requests and huggingface-hub (0.9 s of CPU at
# start-up, a third of a small ``compare align``); the embeddings are the same, to the bit.
MODEL_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
MODEL_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
MODEL_TENSOR = "embedding.weight"
_SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "BF16": None, "F64": "<f8"}


class _WordLlama:
    """wordllama's inference (tokenize, average-pool the token embeddings, normalise) over its bundled files."""

    def __init__(self, embedding: Any, tokenizer: Any) -> None:
        self.embedding = embedding
        self.tokenizer = tokenizer
        self.tokenizer.enable_padding()
        self.tokenizer.no_truncation()

    def embed(self, texts: list[str], norm: bool = True, batch_size: int = 64) -> Any:
        import numpy as np

        out = np.empty((len(texts), self.embedding.shape[1]), dtype=np.float32)
        for lo in range(0, len(texts), batch_size):
            enc = self.tokenizer.encode_batch(texts[lo:lo + batch_size], is_pretokenized=False,
                                              add_special_tokens=False)
            ids = np.array([e.ids for e in enc], dtype=np.int32)
            mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
            np.clip(ids, 0, self.embedding.shape[0] - 1, out=ids)
            pooled = (np.sum(self.embedding[ids] * mask[..., np.newaxis], axis=1, dtype=np.float32)
                      / np.maximum(mask.sum(axis=1, keepdims=True), 1.0).astype(np.float32))
            if norm:
                with np.errstate(invalid="ignore", divide="ignore"):
                    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            out[lo:lo + len(enc)] = pooled
        return out


def _read_tensor(path: Any, key: str) -> Any:
    """One tensor of a .safetensors file: an 8-byte little-endian header length, a JSON header giving each
    tensor's dtype, shape and byte range, then the raw little-endian data."""
    import json

    import numpy as np

    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        meta = header[key]
        dtype = _SAFETENSORS_DTYPES.get(meta["dtype"])
        if dtype is None:
            raise ValueError(f"unsupported tensor dtype {meta['dtype']}")
        start, end = meta["data_offsets"]
        f.seek(8 + size + start)
        data = np.frombuffer(f.read(end - start), dtype=dtype).reshape(meta["shape"])
    return np.ascontiguousarray(data.astype(np.float32))


@lru_cache(maxsize=1)
def _load_model() -> tuple[Any, str | None]:
    try:
        import importlib.util
        from pathlib import Path

        from tokenizers import Tokenizer

        # the installed wordllama package, located without importing it; nothing is downloaded
        spec = importlib.util.find_spec("wordllama")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("wordllama is not installed")
        root = Path(list(spec.submodule_search_locations)[0])
        embedding = _read_tensor(root.joinpath(*MODEL_WEIGHTS), MODEL_TENSOR)
        tokenizer = Tokenizer.from_file(str(root.joinpath(*MODEL_TOKENIZER)))
        return _WordLlama(embedding, tokenizer), None
    except Exception as exc:  # any failure (missing package, weights, incompatible numpy) means: no model
        return None, f"semantic model unavailable ({type(exc).__name__}: {exc}); fell back to lexical"


def load_model() -> tuple[Any, str | None]:
    """The embedding model (loaded once, offline) and ``None``, or ``None`` and a warning saying why not."""
    return _load_model()


def embed(texts: Sequence[str], batch_size: int = 64) -> Any:
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
    """Share of the smaller side's rarity weight whose terms also occur on the other side.

    One phantom unmatched term of average weight is added to the smaller side, so that a one-word sentence
    ("Seven.") is not "fully contained" in every sentence that uses its word.
    """
    sa, sb = set(ta), set(tb)
    if not sa or not sb:
        return 0.0
    wa = sum(idf.get(t, 1.0) for t in sa)
    wb = sum(idf.get(t, 1.0) for t in sb)
    shared = sum(idf.get(t, 1.0) for t in sa & sb)
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
