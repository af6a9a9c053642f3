"""compare: find where accounts of the same events tell the same story, agree, diverge and quote alike.

The library is the product; the ``compare`` command is one user of it::

    from compare import load_document, align
    a, b = load_document("a.txt"), load_document("b.txt")
    for pair in align(a, b).pairs:
        print(pair.score, pair.kind, pair.a.text, "|", pair.b.text)

The public API is what this module defines below (``__all__``): small functions that import their stage when
first called, so that ``import compare`` (and so ``compare --help``) stays quick. The classes they return live in
their stages' modules (``compare.document.Document``, ``compare.report.Report``, the alignment module's
``Alignment``). ``compare.align`` is always the function, even after the module that implements it
(``sys.modules["compare.align"]``) has been imported.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any, Sequence

__version__ = "0.1.0"

from .errors import InputError, OutputError
from .limits import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    import os

    from .align import Alignment
    from .document import Document
    from .quote_match import QuoteComparison
    from .report import Report
    from .summary import Summary

__all__ = ["InputError", "OutputError", "__version__", "align", "build_document", "build_report",
           "compare_quotes", "load_document", "seed_documents", "summarise"]


def load_document(source: str | os.PathLike[str], label: str | None = None, *,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a document from a path (or ``"-"`` for standard input) and build its model; raises
    :class:`InputError` with a one-line message for input that cannot be used. See
    :func:`compare.document.load_document`."""
    from .document import load_document as run

    return run(source, label, max_bytes=max_bytes)


def build_document(text: str, label: str | None = None, path: str | None = None) -> Document:
    """A document built from text already decoded. See :func:`compare.document.build_document`."""
    from .document import build_document as run

    return run(text, label, path)


def seed_documents() -> list[Document]:
    """The two bundled seed documents, used by every command run without documents."""
    from .document import seed_documents as run

    return run()


def build_report(docs: Sequence[Document], **options: Any) -> Report:
    """Every stage over the documents, assembled as a report. Options (all keyword): ``method``, ``min_score``,
    ``calendar``, ``keep_boilerplate``, ``sections``, ``progress``. See :func:`compare.report.build_report`."""
    from .report import build_report as run

    return run(docs, **options)


def summarise(report: dict[str, Any]) -> Summary:
    """The summary of a report given as its ``to_dict()`` (or the ``compare report --json`` object)."""
    from .summary import summarise as run

    return run(report)


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
