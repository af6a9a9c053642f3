"""Shared fixtures: the seed documents and the evaluation data beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.dates import DateMention, find_document_dates
from compare.document import Document, load_document, seed_documents

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_A = SEEDS / "000_ab4442d8237ac182.txt"
SEED_B = SEEDS / "002_652f8971bb0f7abe.txt"
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def seed_a() -> Document:
    return load_document(SEED_A)


@pytest.fixture(scope="session")
def seed_b() -> Document:
    return load_document(SEED_B)


@pytest.fixture(scope="session")
def seeds() -> tuple[list[Document], list[list[DateMention]]]:
    """The two seeds and each one's document-level dates, as the judging stages read them (test modules that
    need the seeds in another shape define their own ``seeds``)."""
    docs = seed_documents()
    return docs, [find_document_dates(d) for d in docs]


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip("../shared/eval is not beside the repository")
    return EVAL
