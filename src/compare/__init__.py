"""compare: find where accounts of the same events tell the same story, agree, diverge and quote alike.

The library is the product; the ``compare`` command is one user of it::

    from compare import load_document, align
    a, b = load_document("a.txt"), load_document("b.txt")
    for pair in align(a, b).pairs:
        print(pair.score, pair.kind, pair.a.text, "|", pair.b.text)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from .document import Document, Paragraph, Sentence, Span, build_document, load_document, seed_documents
from .errors import InputError

__all__ = ["Document", "Paragraph", "Sentence", "Span", "InputError", "build_document", "load_document",
           "seed_documents", "align", "compare_quotes", "build_report", "__version__"]


def __getattr__(name: str) -> Any:
    # The comparison stages import numpy and models; load them only when asked for.
    if name == "align":
        from .align import align
        return align
    if name == "compare_quotes":
        from .quotes import compare_quotes
        return compare_quotes
    if name == "build_report":
        from .report import build_report
        return build_report
    raise AttributeError(f"module 'compare' has no attribute {name!r}")
