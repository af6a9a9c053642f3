"""Stage 1, load: bytes from a path or standard input, decoded to text, HTML turned into text.

Nothing here knows about sentences or comparison. The text returned is "the text as read": every offset the
tool reports later is an offset into it. Line ends (CRLF, CR) are kept as they are so that those offsets stay
true to the file; only a byte-order mark is dropped by decoding.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .limits import DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class Loaded:
    """A decoded document before normalisation."""

    text: str
    path: str | None  # None for text given directly; "-" for standard input
    sha256: str  # of the bytes as read
    encoding: str
    format: str  # "text" | "markdown" | "html"
    title: str | None = None  # from <title>/<h1> for HTML
    warnings: tuple[str, ...] = field(default_factory=tuple)


def load(source: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
         stdin: BinaryIO | None = None) -> Loaded:
    """Read and decode one document from a path, or from standard input when ``source`` is ``"-"``.

    Refuses, with an :class:`InputError` whose message says what to do, a missing file, a directory, an
    unreadable file, a file larger than ``max_bytes``, binary data (NUL bytes outside UTF-16), an undecodable
    file, and an empty or whitespace-only document. The file is only ever opened for reading.
    """
    name = str(source)
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read(max_bytes + 1)
        shown = "standard input"
        path: str = "-"
    else:
        p = Path(name)
        shown = name
        path = name
        if not p.exists():
            raise InputError(f"{name}: no such file; check the path (use - to read standard input)")
        if p.is_dir():
            raise InputError(f"{name}: is a directory; give a text, Markdown or HTML file")
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(_too_big(name, max_bytes))
            with p.open("rb") as fh:
                raw = fh.read(max_bytes + 1)
        except PermissionError:
            raise InputError(f"{name}: permission denied; make the file readable (chmod +r) or copy it") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory; give a text, Markdown or HTML file") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc}); check the file") from None
    if len(raw) > max_bytes:
        raise InputError(_too_big(shown, max_bytes))
    return decode(raw, path=path, shown=shown)


def _too_big(shown: str, max_bytes: int) -> str:
    return f"{shown}: larger than {max_bytes:,} bytes; split it, or raise the limit with --max-bytes"


def decode(raw: bytes, *, path: str | None = None, shown: str = "text") -> Loaded:
    """Decode bytes into a :class:`Loaded` document (see :func:`load` for what is refused)."""
    digest = hashlib.sha256(raw).hexdigest()
    warnings: list[str] = []
    text, encoding = _decode_text(raw, shown, warnings)
    if not text.strip():
        raise InputError(f"{shown}: empty document (nothing but white space); give a document with text")
    fmt = _sniff_format(path, text)
    title = None
    if fmt == "html":
        text, title = html_to_text(text)
        if not text.strip():
            raise InputError(f"{shown}: HTML page with no visible text; save the article's text instead")
    return Loaded(text=text, path=path, sha256=digest, encoding=encoding, format=fmt, title=title,
                  warnings=tuple(warnings))


# --- decoding -------------------------------------------------------------------------------------------

# UTF-16 without a byte-order mark: in the first SNIFF_BYTES, at least UTF16_NUL_SHARE of the bytes at one
# parity are NUL and at most UTF16_OTHER_NUL_SHARE at the other (Latin-script text: every other byte is 0).
SNIFF_BYTES = 4096
UTF16_NUL_SHARE = 0.4
UTF16_OTHER_NUL_SHARE = 0.05
# Western (cp1252 / Latin-1) reading: at most this share of the words that hold non-ASCII letters may hold a
# run of WESTERN_MAX_RUN or more of them (French "été" is one run of 1; cp1251 Russian read as cp1252 is
# nothing but such runs).
WESTERN_MAX_RUN = 3
WESTERN_RUN_SHARE = 0.1
# A UTF-8 multi-byte sequence is at most this long: a cut at the end leaves fewer bytes than that.
UTF8_MAX_SEQUENCE = 4


def _decode_text(raw: bytes, shown: str, warnings: list[str]) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[2:].decode(codec), "utf-16"
            except UnicodeDecodeError:
                raise InputError(f"{shown}: broken UTF-16 (odd byte count or bad surrogates); re-save it as UTF-8") from None
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if utf16 is not None:
            text, codec = utf16
            warnings.append(f"{shown}: UTF-16 ({'little' if codec.endswith('le') else 'big'}-endian) without a "
                            f"byte-order mark; read as {codec.upper()} (detected). Convert it to UTF-8 if the "
                            f"text looks wrong.")
            return text, codec
        raise InputError(f"{shown}: binary file (NUL bytes, and not UTF-16 text); convert it to text first "
                         f"(e.g. pdftotext, pandoc, or iconv -f UTF-32 -t UTF-8)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        error = exc
    cut = _cut_utf8_tail(raw, error)
    if cut is not None and not raw[:error.start].isascii():
        warnings.append(_cut_warning(shown, raw, error))
        return cut, "utf-8"
    western = _as_western(raw)
    if western is not None:
        text, codec = western
        warnings.append(f"{shown}: not UTF-8; read as {codec} (Western European, detected). "
                        f"Convert it to UTF-8 if the text looks wrong.")
        return text, codec
    if cut is not None:
        warnings.append(_cut_warning(shown, raw, error))
        return cut, "utf-8"
    from charset_normalizer import from_bytes  # lazy: only unusual encodings pay for it

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise InputError(f"{shown}: not UTF-8 and no known encoding fits; convert it, e.g. iconv -f LATIN1 -t UTF-8")
    text = str(best)
    warnings.append(f"{shown}: not UTF-8; read as {best.encoding} (detected). "
                    f"Convert it to UTF-8 if the text looks wrong.")
    return text, best.encoding


def _cut_utf8_tail(raw: bytes, error: UnicodeDecodeError) -> str | None:
    """The text, when the only fault in otherwise valid UTF-8 is a character cut at the very end (``head -c``):
    the broken tail becomes one U+FFFD. None when the fault is anywhere else."""
    tail = raw[error.start:]
    if not tail or len(tail) >= UTF8_MAX_SEQUENCE or error.reason != "unexpected end of data":
        return None
    return raw[:error.start].decode("utf-8") + "\ufffd"


def _cut_warning(shown: str, raw: bytes, error: UnicodeDecodeError) -> str:
    n = len(raw) - error.start
    return (f"{shown}: UTF-8 whose last character is cut off ({n} byte{'s' if n > 1 else ''} of an incomplete "
            f"character at byte {error.start:,}); read as UTF-8 with the broken tail replaced by U+FFFD. "
            f"Re-copy the file whole if text is missing.")


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """Text and codec if ``raw`` reads as UTF-16 without a byte-order mark (the NUL pattern of Latin-script
    text at one byte parity, and a clean decode with no NUL or control characters left)."""
    head = raw[:SNIFF_BYTES]
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return None
    share_even, share_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if share_odd >= UTF16_NUL_SHARE and share_even <= UTF16_OTHER_NUL_SHARE:
        codec = "utf-16-le"
    elif share_even >= UTF16_NUL_SHARE and share_odd <= UTF16_OTHER_NUL_SHARE:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = raw[:len(raw) - len(raw) % 2].decode(codec)
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return None
    return text, codec


# Non-letters a Western text has inside a word (between two letters): apostrophes, hyphens, middle dot.
_IN_WORD_MARKS = set("’'‘-‐‑·\u00ad")


def _as_western(raw: bytes) -> tuple[str, str] | None:
    """Decode as cp1252 (or Latin-1, when bytes cp1252 leaves undefined occur) when the result reads as
    Western European text: (text, codec), else None.

    General detectors often pick cp1250 or cp1251 for short Western texts, turning "é" into "й"; cp1252 is
    by far the most common legacy encoding of English and Western European text, so it is tried first. It is
    refused when non-ASCII letters come in runs, as whole words do in Cyrillic or Greek read as cp1252
    ("Ïðèâåò"), or when a symbol sits between two letters, as Central European letters read as cp1252 do
    ("Za¿ó³æ").
    """
    try:
        text, codec = raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, codec = raw.decode("latin-1"), "latin-1"
    words_with_high = long_runs = 0
    in_word = has_high = long_run = False
    run = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            if not in_word:
                in_word, has_high, long_run, run = True, False, False, 0
            if ord(ch) > 127:
                has_high = True
                run += 1
                if run >= WESTERN_MAX_RUN:
                    long_run = True
            else:
                run = 0
            continue
        if ord(ch) > 127 and ch not in _IN_WORD_MARKS and 0 < i < n - 1 and text[i - 1].isalpha() \
                and text[i + 1].isalpha():
            return None                      # a symbol inside a word: another code page's letter
        if in_word and ch not in _IN_WORD_MARKS:
            in_word = False
            words_with_high += has_high
            long_runs += long_run
    if in_word:
        words_with_high += has_high
        long_runs += long_run
    if words_with_high and long_runs > WESTERN_RUN_SHARE * words_with_high:
        return None
    return text, codec


# The first tag of an HTML page, after white space and comments (matched at one position, so linear).
_HTML_START = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)


def _looks_like_html(text: str) -> bool:
    """Does the text open (after white space and comments) with a doctype, ``<html>``, ``<head>`` or ``<body>``?

    A scan, not one regex: a pattern like ``(<!--.*?-->\\s*)*`` backtracks exponentially on a run of empty
    comments, and this runs on every document."""
    pos, n = 0, len(text)
    while True:
        while pos < n and text[pos].isspace():
            pos += 1
        if not text.startswith("<!--", pos):
            return _HTML_START.match(text, pos) is not None
        close = text.find("-->", pos + 4)
        if close < 0:
            return False
        pos = close + 3


def _sniff_format(path: str | None, text: str) -> str:
    suffix = Path(path).suffix.lower() if path and path != "-" else ""
    if suffix in {".html", ".htm", ".xhtml"}:
        return "html"
    if _looks_like_html(text[:SNIFF_BYTES]):
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    return "text"


# Elements whose content is never article text.
_DROP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
         "svg", "iframe", "select", "figure"}
# Elements that start a new paragraph.
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
          "blockquote", "pre", "table", "tr", "dl", "dt", "dd", "figcaption", "hr", "address"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param",
         "track"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0
        self.title: str | None = None
        self.h1: str | None = None
        self._in_title = False
        self._in_h1 = False
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skip:
                self.parts.append("\n")
            elif tag == "hr" and not self.skip:
                self.parts.append("\n\n")
            return
        if tag in _DROP or self.skip:
            self.skip += 1
            return
        if tag == "title":
            self._in_title = True
            self._buf = []
        if tag == "h1" and self.h1 is None:
            self._in_h1 = True
            self._buf = []
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip:
            self.skip -= 1
            return
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = " ".join("".join(self._buf).split()) or None
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self.h1 = " ".join("".join(self._buf).split()) or None
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self._in_title:
            self._buf.append(data)
            return  # the <title> is metadata, not article text
        if self._in_h1:
            self._buf.append(data)
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> tuple[str, str | None]:
    """Turn an HTML page into plain text with one blank line between paragraphs.

    Scripts, styles, navigation, headers, footers, asides and forms are dropped; entities are decoded; block
    elements become paragraphs and ``<br>`` a line break. Returns the text and the page title (``<h1>`` if
    present, else ``<title>``). Offsets reported for an HTML document refer to this text.
    """
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; this guards against pathological markup only
        pass
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n", parser.h1 or parser.title
