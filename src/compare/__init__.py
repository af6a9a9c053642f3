"""compare: find where accounts of the same events tell the same story, agree, diverge and quote alike.

The library is the product; the ``compare`` command is one user of it::

    from compare import load_document, align
    a, b = load_document("a.txt"), load_document("b.txt")
    for pair in align(a, b).pairs:
        print(pair.score, pair.kind, pair.a.text, "|", pair.b.text)

The public API is what this module defines and imports below (``__all__``). ``align`` and ``compare_quotes``
are small functions here that import their stage when first called, so that ``import compare`` (and so
``compare --help``) stays quick; ``compare.align`` is always the function, even after the module that
implements it (``sys.modules["compare.align"]``) has been imported.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any, Sequence

__version__ = "0.1.0"

from .document import Document, Paragraph, Sentence, Span, build_document, load_document, seed_documents
from .errors import InputError, OutputError
from .report import Report, build_report
from .summary import Summary, summarise

if TYPE_CHECKING:
    from .align import Alignment
    from .quote_match import QuoteComparison

__all__ = ["Document", "InputError", "OutputError", "Paragraph", "Report", "Sentence", "Span", "Summary",
           "__version__", "align", "build_document", "build_report", "compare_quotes", "load_document",
           "seed_documents", "summarise"]


def align(a: Document, b: Document, **options: Any) -> Alignment:
    """The passages where two documents tell the same part of the story, best first, with a score and a kind.

    Options (all keyword): ``method`` (``"hybrid"``, ``"lexical"``, ``"semantic"``), ``min_score``,
    ``keep_boilerplate``, ``progress``. See :func:`compare.align.align` (``sys.modules["compare.align"]``).
    """
    from .align import align as run

    return run(a, b, **options)


def compare_quotes(docs: Sequence[Document], progress: Any = None) -> QuoteComparison:
    """Every quotation of each document, who said it, and the quotations the documents share (exact, cut,
    elided, mistyped or unmarked), with repeats and shared sources. See :mod:`compare.quote_match`."""
    from .quote_match import compare_quotes as run

    return run(docs, progress)


class _Package(types.ModuleType):
    """The ``compare`` package: importing the submodule ``compare.align`` does not replace the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "align" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
