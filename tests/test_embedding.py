"""The bundled embedding model: its files, its tokenizer against the ``tokenizers`` library, its cost."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from compare import embedding

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"

# wordllama 0.4.0's own files, unchanged (sha256 of each as its wheel ships it)
WORDLLAMA_0_4_0 = {
    "l2_supercat_256.safetensors": "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5",
    "l2_supercat_tokenizer_config.json": "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68",
}


def _files():
    return resources.files(embedding.MODEL_PACKAGE)


def _reference():
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(_files().joinpath(embedding.MODEL_TOKENIZER)))


def _ours() -> embedding.BpeTokenizer:
    model, warning = embedding.load_model()
    assert model is not None, warning
    return model.tokenizer


def _real_lines() -> list[str]:
    lines = []
    for seed in sorted((ROOT / "seeds").glob("*")):
        lines += seed.read_text(encoding="utf-8").splitlines()
    for sub in ("litbank-quotations", "ecbplus", "bible/web"):
        for f in sorted(p for p in (EVAL / sub).rglob("*") if p.suffix in (".txt", ".xml", ".tsv"))[:20]:
            lines += f.read_text(encoding="utf-8", errors="replace").splitlines()[:200]
    for row in (EVAL / "summedits" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:100]:
        lines += [v for v in json.loads(row).values() if isinstance(v, str)]
    return lines


def test_model_files_are_wordllamas_own_with_its_licence() -> None:
    for name, digest in WORDLLAMA_0_4_0.items():
        assert hashlib.sha256(_files().joinpath(name).read_bytes()).hexdigest() == digest
    assert "MIT License" in _files().joinpath("LICENSE").read_text(encoding="utf-8")


def test_tokens_are_those_of_the_tokenizers_library_on_real_text() -> None:
    ref, ours = _reference(), _ours()
    lines = _real_lines()
    assert len(lines) > 2000
    diff = [t for t in lines if ref.encode(t, add_special_tokens=False).ids != ours.encode(t)]
    assert diff == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ▁  <s></s><unk>\t\n\r\u00a0é日😀x-’'.,03")), max_size=40)
       | st.text(max_size=40))
def test_tokens_are_those_of_the_tokenizers_library_on_any_string(text: str) -> None:
    assert _ours().encode(text) == _reference().encode(text, add_special_tokens=False).ids


def test_an_embedding_is_the_normalised_mean_of_its_token_rows() -> None:
    model, _ = embedding.load_model()
    assert model is not None
    texts = ["The women textile workers of Petrograd went on strike.", "Jesus wept.", "naïve café résumé",
             "word " * 200, "x", ""]
    vecs = embedding.embed(texts)
    assert vecs.shape == (6, 256) and vecs.dtype == np.float32
    for text, vec in zip(texts[:-1], vecs[:-1]):
        rows = model.table[_reference().encode(text, add_special_tokens=False).ids]
        mean = rows.mean(axis=0)
        assert np.allclose(vec, mean / np.linalg.norm(mean), atol=1e-6)
    assert not vecs[-1].any()  # no token, zero row (cosine 0 with everything), never NaN


def test_the_model_needs_no_model_library() -> None:
    code = ("import sys; from compare import embedding; embedding.embed(['a test']); "
            "print(sorted(m for m in ('wordllama', 'tokenizers', 'pydantic', 'huggingface_hub', 'requests', 'torch')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_huge_word_costs_linear_time() -> None:
    tok = _ours()
    text = "".join(chr(ord("a") + (i * 7919) % 26) for i in range(300_000))  # one 300 KB "word", no spaces
    t0 = time.process_time()
    ids = tok.encode(text)
    assert time.process_time() - t0 < 20
    assert len(ids) > 300_000 // embedding.MAX_PIECE_CHARS


def test_vocabulary_has_no_mark_inside_a_token() -> None:
    # the premise of merging piece by piece: a word-boundary mark only ever starts a token (or fills it)
    vocab = json.loads(_files().joinpath(embedding.MODEL_TOKENIZER).read_text(encoding="utf-8"))["model"]["vocab"]
    assert not [t for t in vocab if "\u2581" in t[1:] and set(t) != {"\u2581"}]
