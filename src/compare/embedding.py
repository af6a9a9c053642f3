"""Sentence embeddings from the bundled wordllama model, with no model library and nothing downloaded.

wordllama's ``l2_supercat`` model (256 dimensions, MIT licence, files in ``models/wordllama/`` exactly as its
0.4.0 wheel ships them) is a token-embedding table and a Llama-2 byte-fallback BPE tokenizer. Embedding a text
is: tokenize it, average its tokens' rows, normalise to unit length. This module does that with numpy and a small
BPE in Python, so ``compare`` needs neither ``wordllama`` nor ``tokenizers``, whose dependencies (pydantic,
huggingface-hub, requests, ...) were most of the install (43 packages). The token ids are those of the
``tokenizers`` library on the same file (a test checks it on real text and generated strings), so the
embeddings are the same to the bit.

The steps, as ``tokenizers`` runs them for this file:

1. split off the special tokens (``<unk>``, ``<s>``, ``</s>``), matched in the raw text;
2. normalise each other stretch: a ``▁`` before it, every space replaced by ``▁``;
3. cut it into pieces: a run of ``▁`` and the non-``▁`` characters after it. No token of the vocabulary holds
   a ``▁`` after another character, so no merge crosses a piece, and each piece is merged on its own (cached);
4. merge each piece by BPE: characters first (a character outside the vocabulary becomes its UTF-8 byte
   tokens ``<0xNN>``), then, repeatedly, the adjacent pair of lowest merge rank, leftmost first.
"""

from __future__ import annotations

import heapq
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_PACKAGE = "compare.models.wordllama"
MODEL_WEIGHTS = "l2_supercat_256.safetensors"
MODEL_TOKENIZER = "l2_supercat_tokenizer_config.json"
MODEL_TENSOR = "embedding.weight"
DIMENSIONS = 256

# Tuned for cost, not accuracy: pieces longer than this (a "word" of hundreds of letters: base64, a URL, hostile
# input) are merged in slices of this length, so that one huge piece cannot make a large merge problem or fill
# the cache; real words are far shorter, so their tokens are unchanged.
MAX_PIECE_CHARS = 200
# Distinct pieces whose token ids are remembered (a book has some tens of thousands of distinct words).
PIECE_CACHE_SIZE = 200_000
# Texts embedded per numpy batch (bounds the padded id matrix).
BATCH_SIZE = 64

_SPACE = "\u2581"  # the tokenizer's word-boundary mark
_PIECE = re.compile(f"{_SPACE}*[^{_SPACE}]+|{_SPACE}+")   # marks, then the characters up to the next mark
_SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "F64": "<f8"}


class BpeTokenizer:
    """The byte-fallback BPE of a ``tokenizers`` JSON file of the Llama-2 kind (see the module docstring)."""

    def __init__(self, config: dict[str, Any]) -> None:
        model = config["model"]
        self.vocab: dict[str, int] = model["vocab"]
        self.unk = self.vocab[model["unk_token"]]
        self.specials = sorted((t["content"] for t in config.get("added_tokens", []) if t.get("special")),
                               key=len, reverse=True)
        self.merges: dict[tuple[int, int], tuple[int, int]] = {}
        for rank, merge in enumerate(model["merges"]):
            left, right = merge.split(" ", 1) if isinstance(merge, str) else merge
            joined = self.vocab.get(left + right)
            if joined is not None and left in self.vocab and right in self.vocab:
                self.merges.setdefault((self.vocab[left], self.vocab[right]), (rank, joined))
        self._bytes = [self.vocab.get(f"<0x{b:02X}>", self.unk) for b in range(256)]
        self._piece = lru_cache(maxsize=PIECE_CACHE_SIZE)(self._merge_piece)

    def encode(self, text: str) -> list[int]:
        """The token ids of ``text`` (no special tokens added)."""
        ids: list[int] = []
        for stretch, special in self._split_specials(text):
            if special:
                ids.append(self.vocab[stretch])
            elif stretch:
                for piece in _pieces(_SPACE + stretch.replace(" ", _SPACE)):
                    ids.extend(self._piece(piece))
        return _fuse_unknown(ids, self.unk)

    def _split_specials(self, text: str) -> list[tuple[str, bool]]:
        """The text cut at each special token, leftmost and longest first."""
        if not any(s in text for s in self.specials):
            return [(text, False)]
        out: list[tuple[str, bool]] = []
        i = start = 0
        while i < len(text):
            hit = next((s for s in self.specials if text.startswith(s, i)), None) if text[i] == "<" else None
            if hit is None:
                i += 1
                continue
            out.append((text[start:i], False))
            out.append((hit, True))
            i = start = i + len(hit)
        out.append((text[start:], False))
        return out

    def _merge_piece(self, piece: str) -> tuple[int, ...]:
        """BPE over one piece: a heap of mergeable adjacent pairs by (rank, position); linear-logarithmic."""
        if len(piece) > MAX_PIECE_CHARS:
            return tuple(i for lo in range(0, len(piece), MAX_PIECE_CHARS)
                         for i in self._merge_piece(piece[lo:lo + MAX_PIECE_CHARS]))
        sym = self._symbols(piece)
        n = len(sym)
        nxt = list(range(1, n + 1))
        prv = list(range(-1, n - 1))
        heap: list[tuple[int, int, int, int]] = []

        def push(i: int) -> None:
            j = nxt[i]
            if j < n:
                m = self.merges.get((sym[i], sym[j]))
                if m is not None:
                    heapq.heappush(heap, (m[0], i, sym[i], sym[j]))

        for i in range(n - 1):
            push(i)
        while heap:
            _, i, left, right = heapq.heappop(heap)
            j = nxt[i]
            if sym[i] != left or j >= n or sym[j] != right:
                continue  # stale: one side was merged since
            sym[i] = self.merges[(left, right)][1]
            sym[j] = -1
            nxt[i] = nxt[j]
            if nxt[i] < n:
                prv[nxt[i]] = i
            if prv[i] >= 0:
                push(prv[i])
            push(i)
        return tuple(s for s in sym if s >= 0)

    def _symbols(self, piece: str) -> list[int]:
        out: list[int] = []
        for ch in piece:
            tid = self.vocab.get(ch)
            if tid is not None:
                out.append(tid)
            else:
                out.extend(self._bytes[b] for b in ch.encode("utf-8"))
        return out


def _pieces(normalised: str) -> list[str]:
    """A run of word-boundary marks and the other characters up to the next mark, left to right."""
    return _PIECE.findall(normalised)


def _fuse_unknown(ids: list[int], unk: int) -> list[int]:
    """Consecutive unknown tokens count as one (the tokenizer's ``fuse_unk``)."""
    if unk not in ids:
        return ids
    return [t for k, t in enumerate(ids) if not (t == unk and k and ids[k - 1] == unk)]


class Model:
    """The token-embedding table and its tokenizer: ``embed`` averages token rows and normalises."""

    def __init__(self, table: Any, tokenizer: BpeTokenizer) -> None:
        self.table = table
        self.tokenizer = tokenizer

    def embed(self, texts: list[str]) -> Any:
        """Unit-length float32 rows, one per text; a text with no token gives a zero row."""
        import numpy as np

        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for lo in range(0, len(texts), BATCH_SIZE):
            batch = [self.tokenizer.encode(t) for t in texts[lo:lo + BATCH_SIZE]]
            width = max((len(b) for b in batch), default=0)
            if not width:
                continue
            ids = np.zeros((len(batch), width), dtype=np.int32)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for r, b in enumerate(batch):
                ids[r, :len(b)] = b
                mask[r, :len(b)] = 1.0
            np.clip(ids, 0, self.table.shape[0] - 1, out=ids)
            pooled = (np.sum(self.table[ids] * mask[..., np.newaxis], axis=1, dtype=np.float32)
                      / np.maximum(mask.sum(axis=1, keepdims=True), 1.0).astype(np.float32))
            with np.errstate(invalid="ignore", divide="ignore"):
                pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            out[lo:lo + len(batch)] = np.nan_to_num(pooled)
        return out


def read_tensor(data: bytes, key: str) -> Any:
    """One tensor of a .safetensors file: an 8-byte little-endian header length, a JSON header giving each
    tensor's dtype, shape and byte range, then the raw little-endian data."""
    import numpy as np

    size = int.from_bytes(data[:8], "little")
    meta = json.loads(data[8:8 + size])[key]
    dtype = _SAFETENSORS_DTYPES.get(meta["dtype"])
    if dtype is None:
        raise ValueError(f"unsupported tensor dtype {meta['dtype']}")
    start, end = meta["data_offsets"]
    array = np.frombuffer(data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize,
                          offset=8 + size + start).reshape(meta["shape"])
    return np.ascontiguousarray(array.astype(np.float32))


@lru_cache(maxsize=1)
def _load() -> tuple[Model | None, str | None]:
    try:
        files = resources.files(MODEL_PACKAGE)
        table = read_tensor(files.joinpath(MODEL_WEIGHTS).read_bytes(), MODEL_TENSOR)
        tokenizer = BpeTokenizer(json.loads(files.joinpath(MODEL_TOKENIZER).read_text(encoding="utf-8")))
        return Model(table, tokenizer), None
    except Exception as exc:  # any failure (files missing from a broken install, old numpy) means: no model
        return None, f"semantic model unavailable ({type(exc).__name__}: {exc}); fell back to lexical"


def load_model() -> tuple[Model | None, str | None]:
    """The embedding model (loaded once, offline) and ``None``, or ``None`` and a warning saying why not."""
    return _load()


def embed(texts: list[str]) -> Any:
    """Unit-length float32 embeddings (one row per text); raises RuntimeError if the model cannot load."""
    import numpy as np

    model, warning = load_model()
    if model is None:
        raise RuntimeError(warning)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return model.embed(list(texts))
