"""`compare inspect`: how the tool read a document (paragraphs, sentences, headings, boilerplate)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .document import Document


@dataclass(frozen=True)
class Inspection:
    """The reading of each document, for showing why an alignment looks the way it does."""

    documents: Sequence[Document]

    def to_dict(self) -> dict[str, Any]:
        return {
            "inspect": [
                {"doc": i, "label": d.label, "warnings": list(d.warnings),
                 "paragraphs": [p.to_dict() for p in d.paragraphs],
                 "sentences": [s.to_dict() for s in d.sentences]}
                for i, d in enumerate(self.documents)
            ]
        }


def inspect_documents(documents: Sequence[Document]) -> Inspection:
    """Wrap documents for display; the reading itself happened when they were built."""
    return Inspection(list(documents))
