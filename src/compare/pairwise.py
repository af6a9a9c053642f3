"""Comparing more than two documents: every stage that compares two documents runs over each pair."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Callable, Sequence

from .document import Document


def document_pairs(docs: Sequence[Document]) -> list[tuple[int, int]]:
    """Index pairs (0, 1), (0, 2), … (1, 2), … in a stable order."""
    return list(combinations(range(len(docs)), 2))


@dataclass
class AlignmentSet:
    """The alignments of every pair of documents, as ``compare align`` reports them."""

    documents: Sequence[Document]
    alignments: list[Any]  # compare.align.Alignment, one per document pair
    doc_pairs: list[tuple[int, int]]
    top: int | None = None
    warnings: list[str] = field(default_factory=list)

    def shown_pairs(self, k: int) -> list[Any]:
        pairs = self.alignments[k].pairs
        return pairs[: self.top] if self.top else pairs

    def to_dict(self) -> dict[str, Any]:
        pairs: list[dict[str, Any]] = []
        coverage: list[dict[str, Any]] = []
        method = None
        thresholds: dict[str, float] = {}
        for k, (x, y) in enumerate(self.doc_pairs):
            al = self.alignments[k]
            method = al.method
            thresholds = dict(al.thresholds)
            coverage.append({"a_doc": x, "b_doc": y, "a": round(al.coverage[0], 4), "b": round(al.coverage[1], 4),
                             "pairs": len(al.pairs),
                             "events": al.events.to_dict() if getattr(al, "events", None) is not None else None})
            for p in self.shown_pairs(k):
                pairs.append({"a_doc": x, "b_doc": y, **p.to_dict()})
        return {"method": method, "thresholds": thresholds, "coverage": coverage, "pairs": pairs,
                "warnings": list(self.warnings)}


def align_documents(docs: Sequence[Document], *, method: str = "hybrid", min_score: float | None = None,
                    top: int | None = None, keep_boilerplate: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> AlignmentSet:
    """Align each pair of documents with :func:`compare.align.align`; ``top`` keeps the N best pairs of each."""
    from .align import align

    doc_pairs = document_pairs(docs)
    alignments = []
    warnings: list[str] = []
    for x, y in doc_pairs:
        al = align(docs[x], docs[y], method=method, min_score=min_score, keep_boilerplate=keep_boilerplate,
                   progress=progress)
        alignments.append(al)
        for w in al.warnings:
            if w not in warnings:
                warnings.append(w)
    return AlignmentSet(docs, alignments, doc_pairs, top, warnings)
