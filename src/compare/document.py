"""The document model: the text as read, its paragraphs and sentences as spans, and the normalised text.

``load → normalise → segment`` meet here: :func:`load_document` reads a file, :func:`build_document` finds
paragraphs (undoing hard wrapping), normalises them with an offset map, splits sentences and marks web
furniture. Every :class:`Span` is a pair of offsets into :attr:`Document.text`, and ``doc.text[s.start:s.end]``
is always exactly ``s.text``.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load import DEFAULT_MAX_BYTES, Loaded, load
from .normalise import find_blocks, line_starts, normalise_span, offset_array
from .segment import boilerplate_flags, split_sentences


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original text: ``start``/``end`` are offsets into the text as read (end exclusive),
    ``line`` is the 1-based line of ``start``, ``text`` is exactly ``doc.text[start:end]``."""

    start: int
    end: int
    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "line": self.line, "text": self.text}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its span in the original, and ``norm``, the same words unwrapped onto one line."""

    index: int
    span: Span
    paragraph: int
    norm: str
    boilerplate: bool

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def text(self) -> str:
        return self.span.text

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "index": self.index, "paragraph": self.paragraph,
                "norm": self.norm, "boilerplate": self.boilerplate}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (after undoing hard wrapping); ``kind`` is ``"text"`` or ``"heading"``."""

    index: int
    span: Span
    norm: str
    kind: str
    boilerplate: bool
    sentences: range

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "index": self.index, "kind": self.kind, "boilerplate": self.boilerplate,
                "sentences": [self.sentences.start, self.sentences.stop]}


@dataclass(eq=False)
class Document:
    """A document as the tool read it. Build one with :func:`load_document` or :func:`build_document`."""

    label: str
    path: str | None
    text: str
    sha256: str
    encoding: str
    format: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    norm: str
    warnings: tuple[str, ...] = ()
    _norm_map: array = field(default_factory=lambda: array("q"), repr=False)
    _lines: array = field(default_factory=lambda: array("q"), repr=False)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset into :attr:`text`."""
        return bisect_right(self._lines, offset)

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of ``text[start:end]`` (offsets are clamped to the text)."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        return Span(start, end, self.line_of(start), self.text[start:end])

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        """Map a range of :attr:`norm` (end exclusive) to the range of :attr:`text` it came from."""
        if nend <= nstart or not self._norm_map:
            o = self._norm_map[min(nstart, len(self._norm_map) - 1)] if self._norm_map else 0
            return o, o
        nstart = max(0, min(nstart, len(self._norm_map) - 1))
        nend = max(nstart + 1, min(nend, len(self._norm_map)))
        return self._norm_map[nstart], self._norm_map[nend - 1] + 1

    def content_sentences(self, keep_boilerplate: bool = False) -> list[Sentence]:
        """The sentences to compare: all of them, or all but web furniture (the default)."""
        if keep_boilerplate:
            return list(self.sentences)
        return [s for s in self.sentences if not s.boilerplate]

    def to_dict(self) -> dict[str, Any]:
        """The entry for this document in every JSON output's ``"documents"`` list."""
        return {"label": self.label, "path": self.path, "sha256": self.sha256, "chars": len(self.text),
                "sentences": len(self.sentences), "paragraphs": len(self.paragraphs),
                "encoding": self.encoding, "format": self.format}


TITLE_MIN_CHARS, TITLE_MAX_CHARS = 3, 150     # a title line's length, white space around it left out
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 20


def _first_line(text: str) -> tuple[str, int] | None:
    """The first line of ``text`` and the offset after its line end (LF, CRLF or CR); None for one line."""
    ends = [i for i in (text.find("\n", 0, TITLE_MAX_CHARS * 4), text.find("\r", 0, TITLE_MAX_CHARS * 4))
            if i >= 0]
    if not ends:
        return None
    i = min(ends)
    return text[:i], i + (2 if text.startswith("\r\n", i) else 1)


def _title_from_text(text: str) -> str | None:
    """The first line, when it reads as a title: short, not ending a sentence, followed by a blank line.

    A scan of the first two lines (a regex with white space on both sides of a lazy group backtracked
    cubically on a first line of spaces)."""
    first = _first_line(text)
    if first is None:
        return None
    line, after = first
    second = _first_line(text[after:after + TITLE_MAX_CHARS * 4])
    if second is None or second[0].strip(" \t"):
        return None                                  # not followed by a blank line
    line = line.lstrip(" \t\ufeff").rstrip(" \t")
    if not TITLE_MIN_CHARS <= len(line) <= TITLE_MAX_CHARS:
        return None
    line = line.strip()
    words = line.split()
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS or line[-1] in ".,;:!?":
        return None
    return line.lstrip("# ").strip() or None


def build_document(text: str, label: str | None = None, path: str | None = None, *,
                   loaded: Loaded | None = None) -> Document:
    """Build a :class:`Document` from text already decoded (tests, benchmarks and :func:`load_document`).

    The label is ``label`` if given, else the title line when the first line reads as one, else the file
    stem, else ``"text"``.
    """
    blocks = find_blocks(text)
    norms: list[str] = []
    maps: list[array] = []
    for b in blocks:
        n, m = normalise_span(text, b.start, b.end)
        norms.append(n)
        maps.append(m)
    flags = boilerplate_flags(norms)
    lines = line_starts(text)

    def mk(start: int, end: int) -> Span:
        return Span(start, end, bisect_right(lines, start), text[start:end])

    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    repeated: dict[str, list[tuple[int, int]] | None] = {n: None for n, k in Counter(norms).items() if k > 1}
    norm_map = offset_array(text)
    norm_parts: list[str] = []
    for pi, (b, n, m) in enumerate(zip(blocks, norms, maps)):
        if pi:
            norm_parts.append("\n\n")
            last = norm_map[-1] if norm_map else 0
            norm_map.extend((last, last))
        norm_parts.append(n)
        norm_map.extend(m)
        first = len(sentences)
        if n in repeated:                   # a paragraph the document repeats is split once
            cuts = repeated[n]
            if cuts is None:
                cuts = repeated[n] = split_sentences(n)
        else:
            cuts = split_sentences(n)
        for s, e in cuts:
            sentences.append(Sentence(len(sentences), mk(m[s], m[e - 1] + 1), pi, n[s:e], flags[pi]))
        kind = "heading" if b.heading else "text"
        paragraphs.append(Paragraph(pi, mk(b.start, b.end), n, kind, flags[pi], range(first, len(sentences))))

    if label is None:
        label = (loaded.title if loaded and loaded.title else None) or _title_from_text(text)
        if label is None and path and path != "-":
            label = Path(path).stem
        if label is None:
            label = "stdin" if path == "-" else "text"
    digest = loaded.sha256 if loaded else hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(label=label, path=path, text=text, sha256=digest,
                    encoding=loaded.encoding if loaded else "utf-8",
                    format=loaded.format if loaded else "text",
                    paragraphs=paragraphs, sentences=sentences, norm="".join(norm_parts),
                    warnings=loaded.warnings if loaded else (), _norm_map=norm_map, _lines=lines)


def load_document(source: str | os.PathLike[str], label: str | None = None, *,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a document from a path (or ``"-"`` for standard input) and build its model.

    Raises :class:`compare.errors.InputError` with a one-line, actionable message for input that cannot be used.
    """
    loaded = load(source, max_bytes=max_bytes)
    return build_document(loaded.text, label, loaded.path, loaded=loaded)


def seed_paths() -> list[Path]:
    """Paths of the bundled seed documents (installed inside the package, or ``seeds/`` in a checkout)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "seeds", here.parents[1] / "seeds"):
        files = sorted(folder.glob("*.txt"))
        if files:
            return files
    return []


def seed_documents() -> list[Document]:
    """The two bundled seed documents, used by every command run without documents."""
    return [load_document(p) for p in seed_paths()]
